import Fluent
import Foundation
import Metrics
import OpenVUMDomain
import OpenVUMStore
import Prometheus
import SQLKit
import Vapor

/// The process-wide Prometheus registry behind swift-metrics. Vapor records `http_requests_total` and
/// `http_request_duration_seconds` per route *pattern* (never the concrete path), so no CPR or id
/// can become a label.
enum MetricsRegistry {
    static let shared = PrometheusCollectorRegistry()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var done = false

    static func bootstrapOnce() {
        lock.withLock {
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: shared)
            factory.defaultDurationHistogramBuckets = [
                .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
            ]
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }
}

/// Counts database pool state for `/metrics`.
enum DatabaseMetrics {
    static func record(config: AppConfig, eventLoops: Int) {
        let max = config.database.isSQLite ? eventLoops : config.databasePoolSize * eventLoops
        Gauge(label: "openvum_db_pool_max_connections", dimensions: [("engine", config.database.isSQLite ? "sqlite" : "postgresql")]).record(max)
    }
}
