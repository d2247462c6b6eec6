import Fluent
import FluentPostgresDriver
import Foundation
import OpenVUMStore
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import OpenVUMDomain
import PostgresNIO
import SQLKit
import Vapor

/// Every request is answered within a bound: when a handler has not answered after twice
/// `OPENVUM_DB_TIMEOUT_SECONDS` (a database call that hangs — its server was killed, say), the client gets
/// 503 with `Retry-After` and the handler's late result is dropped. Together with the connection pool's
/// request timeout and the connect timeout (both `OPENVUM_DB_TIMEOUT_SECONDS`) this is the deadline on every
/// database call; errors that mean "database unreachable" are 503 too (`DatabaseFailure`).
///
/// While the database is known to be unreachable (`DatabaseHealth`), requests that need it are refused at
/// once with 503 instead of each waiting out the timeouts; operational routes (`/livez`, `/readyz`,
/// `/metrics`, the OpenAPI document, the stylesheet) are always answered.
struct DatabaseDeadline: Middleware {
    struct Exceeded: Error {}

    let seconds: TimeInterval

    static let withoutDatabase: Set<String> = ["livez", "readyz", "metrics", "openapi.json", "static"]

    /// Requests whose work is long by nature, each database call still bounded by the pool's timeout: an import
    /// replays a whole municipality's history (minutes, each citizen its own transaction) — up to half an hour; a
    /// finance system's payment file of 100,000 lines (API and page) — ten minutes; the economy's figures, computed
    /// from every case, order and payment of a large municipality when none are kept (about 8 s at 50,000 cases,
    /// `docs/benchmarks.md`) — two minutes, as the reports computed from every case; the BI dataset of every case —
    /// half an hour.
    static let longRunning: [(prefix: String, seconds: TimeInterval)] = [
        ("/api/v1/imports/", 1800), ("/api/v1/exports/bi", 1800),
        ("/api/v1/reports", 120), (SiteURL.reports.path, 120),
        ("/api/v1/payments/import", 600), (SiteURL.economyPayments.path, 600),
        ("/api/v1/economy/", 120), ("/api/v1/budgets", 120), ("/api/v1/figures", 120), (SiteURL.economy().path, 120),
    ]

    /// How long a request to `path` may take before it is answered with 503.
    func bound(for path: String) -> TimeInterval {
        Self.longRunning.first { path.hasPrefix($0.prefix) }.map { max($0.seconds, seconds) } ?? seconds
    }

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let first = req.url.path.split(separator: "/").first.map(String.init) ?? ""
        if !Self.withoutDatabase.contains(first), req.openvum.databaseHealth.isDown {
            return req.eventLoop.makeFailedFuture(DomainError.databaseUnavailable)
        }
        let promise = req.eventLoop.makePromise(of: Response.self)
        let bound = bound(for: req.url.path)
        let timer = req.eventLoop.scheduleTask(in: .milliseconds(Int64(bound * 1000))) {
            promise.fail(Exceeded())
        }
        next.respond(to: req).whenComplete { result in
            timer.cancel()
            switch result {
            case .success(let response): promise.succeed(response)
            case .failure(let error): promise.fail(error)
            }
        }
        return promise.futureResult
    }
}

/// Whether the database is reachable, as the last requests found it. The first error that means "unreachable"
/// (`DatabaseFailure`, a connection pool that timed out among them) marks it down; from then on requests are
/// refused at once (fail fast) while a probe asks the database every quarter of a second, on a connection of
/// its own. When the database answers, the probe asks through the connection pool too: if the pool still
/// cannot give a connection, it is rebuilt. (After PostgreSQL is killed, a query that was running may never
/// be answered by the driver; the pool's connection stays taken for ever, and after a few crashes the pool has
/// none left. The fault test `tests/faults/faults.py crash --kill postgres` found this.) Its first answer
/// through the pool marks the database up again, so service returns by itself within a second of the
/// database's return.
final class DatabaseHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var down = false
    private var probing = false
    /// PostgreSQL: how to open the probe's own connection (nil for SQLite, whose "pool" cannot be poisoned).
    let directConnection: PostgresConnection.Configuration?

    init(directConnection: PostgresConnection.Configuration? = nil) {
        self.directConnection = directConnection
    }

    var isDown: Bool { lock.withLock { down } }

    /// Marks the database down and starts the probe (once).
    func markDown(_ app: Application) {
        let start: Bool = lock.withLock {
            down = true
            if probing { return false }
            probing = true
            return true
        }
        guard start else { return }
        app.logger.error("database unreachable: refusing requests until it answers again")
        Task {
            while true {
                try? await Task.sleep(for: .milliseconds(200))
                guard await self.reachableDirectly(app) else { continue }
                if await self.everyPoolAnswers(app) {
                    lock.withLock { down = false; probing = false }
                    app.logger.notice("database reachable again")
                    return
                }
                // The database answers its own connection but not through a pool: that pool is stuck.
                await self.rebuildPools(app)
            }
        }
    }

    /// Whether every connection pool (one per event loop, for writes and for reads) gives a connection that
    /// answers within a second: requests use the pool of the event loop they arrive on.
    func everyPoolAnswers(_ app: Application) async -> Bool {
        let ids: [DatabaseID?] = directConnection == nil ? [nil] : [.psql, .psqlReads]
        for eventLoop in app.eventLoopGroup.makeIterator() {
            for id in ids {
                guard let db = app.databases.database(id, logger: app.logger, on: eventLoop) else { return false }
                if !(await Self.ping(db, timeout: .seconds(1))) { return false }
            }
        }
        return true
    }

    /// Whether the database answers `SELECT 1` on a new connection within a second (SQLite: always).
    func reachableDirectly(_ app: Application) async -> Bool {
        guard let configuration = directConnection else { return true }
        let logger = app.logger
        return await Self.within(.seconds(2)) {
            do {
                let connection = try await PostgresConnection.connect(
                    on: app.eventLoopGroup.any(), configuration: configuration, id: 0, logger: logger)
                let ok = (try? await connection.query("SELECT 1", logger: logger)) != nil
                try? await connection.close()
                return ok
            } catch {
                return false
            }
        }
    }

    /// Replaces the PostgreSQL connection pools with new ones; connections held by requests that will never be
    /// answered stay with the old pools, which close the rest.
    func rebuildPools(_ app: Application) async {
        app.logger.error("the database answers, but its connection pool has no free connection left: rebuilding the pools")
        Counter(label: "openvum_db_pool_rebuilds_total").increment()
        // A driver's shutdown may wait for its event loops: never on one of them (Swift concurrency runs there).
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                app.databases.reinitialize(.psql)
                app.databases.reinitialize(.psqlReads)
                done.resume()
            }
        }
    }

    /// One `SELECT 1` through the pool within `timeout`.
    static func ping(_ db: any Database, timeout: Duration) async -> Bool {
        await within(timeout) { await Connections.ping(db) }
    }

    /// `work`'s answer if it comes within `timeout`, else false — without waiting for `work` to finish (a call
    /// on a dead connection may never return; a task group would wait for it).
    static func within(_ timeout: Duration, _ work: @escaping @Sendable () async -> Bool) async -> Bool {
        let once = NIOLockedValueBox(false)
        return await withCheckedContinuation { (answer: CheckedContinuation<Bool, Never>) in
            @Sendable func finish(_ value: Bool) {
                let first = once.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { answer.resume(returning: value) }
            }
            Task { finish(await work()) }
            Task { try? await Task.sleep(for: timeout); finish(false) }
        }
    }
}
