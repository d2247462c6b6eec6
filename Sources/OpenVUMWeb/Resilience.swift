import Fluent
import Foundation
import NIOCore
import OpenVUMDomain
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

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let first = req.url.path.split(separator: "/").first.map(String.init) ?? ""
        if !Self.withoutDatabase.contains(first), req.openvum.databaseHealth.isDown {
            return req.eventLoop.makeFailedFuture(DomainError.databaseUnavailable)
        }
        let promise = req.eventLoop.makePromise(of: Response.self)
        let timer = req.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
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
/// (`DatabaseFailure`) marks it down; from then on requests are refused at once (fail fast) while a probe asks
/// the database every quarter of a second; its first answer marks it up again, so service returns by itself
/// within a fraction of a second of the database's.
final class DatabaseHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var down = false
    private var probing = false

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
                try? await Task.sleep(for: .milliseconds(250))
                if await Self.ping(app.db, timeout: .seconds(1)) {
                    lock.withLock { down = false; probing = false }
                    app.logger.notice("database reachable again")
                    return
                }
            }
        }
    }

    /// One `SELECT 1` within `timeout`.
    static func ping(_ db: any Database, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await (db as! any SQLDatabase).raw("SELECT 1 AS ok").first()) != nil }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
