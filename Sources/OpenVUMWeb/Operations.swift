import Fluent
import Foundation
import Metrics
import OpenVUMDomain
import OpenVUMStore
import Prometheus
import SQLKit
import Vapor

/// Health, metrics, the OpenAPI document and static files.
enum Operations {
    static func livez(_ req: Request) async throws -> Response {
        try APIResponse.json(["status": "ok"])
    }

    /// Ready when the database answers within a second (and is not known to be down): 200, else 503 with
    /// `Retry-After`, at once.
    static func readyz(_ req: Request) async throws -> Response {
        let health = req.openvum.databaseHealth
        if !health.isDown, await DatabaseHealth.ping(req.db, timeout: .seconds(1)) {
            return try APIResponse.json(["status": "ok", "database": "ok"])
        }
        if !health.isDown { health.markDown(req.application) }
        req.logger.error("readiness check failed: database unreachable")
        let response = try APIResponse.json(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
        response.headers.replaceOrAdd(name: .retryAfter, value: "5")
        return response
    }

    /// `/metrics` answers only a client at an address in `OPENVUM_METRICS_ALLOW` (by default this machine) or
    /// one that sends `Authorization: Bearer <OPENVUM_METRICS_TOKEN>`; anyone else gets 403.
    static func metrics(_ req: Request) async throws -> Response {
        let config = req.openvum.config
        let fromAllowedAddress = ClientAddress.of(req).map { config.metricsAllowedAddresses.contains($0) } ?? false
        let withToken = config.metricsToken.map { token in
            req.headers.bearerAuthorization.map { Secrets.equal($0.token, token) } ?? false
        } ?? false
        guard fromAllowedAddress || withToken else {
            throw DomainError(.forbidden, code: "metrics.forbidden", title: "Ingen adgang",
                              detail: "Metrikker kan kun hentes fra de adresser, der er sat i OPENVUM_METRICS_ALLOW, eller med OPENVUM_METRICS_TOKEN.")
        }
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.body = .init(string: MetricsRegistry.shared.emitToString())
        return response
    }

    /// A file shipped in the target's `Resources`; its absence is a packaging error, found at first use.
    static func resource(_ name: String, _ ext: String) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            fatalError("Resources/\(name).\(ext) is missing from the bundle")
        }
        return data
    }

    static let openAPIDocument = resource("openapi", "json")

    static func openAPI(_ req: Request) async throws -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = .json
        response.body = .init(data: openAPIDocument)
        return response
    }

    static let stylesheet = resource("openvum", "css")

    static func css(_ req: Request) async throws -> Response {
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        response.body = .init(data: stylesheet)
        return response
    }
}

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

/// Adds `X-Request-Id` (Vapor's request id, also in every log line and audit row) and security headers.
/// Future-based, like `ErrorMappingMiddleware`: an async middleware costs a task and two executor hops
/// per request (docs/benchmarks.md).
struct ResponseHeadersMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).map { response in Self.addHeaders(to: response, for: req) }
    }

    static func addHeaders(to response: Response, for req: Request) -> Response {
        response.headers.replaceOrAdd(name: "X-Request-Id", value: req.requestID)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        let hsts = req.openvum.config.hstsSeconds
        if hsts > 0 { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=\(hsts); includeSubDomains") }
        if !req.isAPI {
            response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
            response.headers.replaceOrAdd(name: "Permissions-Policy", value: permissionsPolicy)
        }
        return response
    }
}

extension ResponseHeadersMiddleware {
    /// No scripts at all (the UI has none); a `<base>` or `<meta http-equiv>` smuggled into a page cannot move
    /// the page's links (`base-uri 'none'`); forms post only to this site; no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    /// Browser features the UI never uses are switched off.
    static let permissionsPolicy =
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
}

/// Counts database pool state for `/metrics`.
enum DatabaseMetrics {
    static func record(config: AppConfig, eventLoops: Int) {
        let max = config.database.isSQLite ? eventLoops : config.databasePoolSize * eventLoops
        Gauge(label: "openvum_db_pool_max_connections", dimensions: [("engine", config.database.isSQLite ? "sqlite" : "postgresql")]).record(max)
    }
}
