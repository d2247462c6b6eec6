import Foundation
import NIOCore
import OpenVUMDomain
import Vapor

/// Every request is answered within a bound: when a handler has not answered after twice
/// `OPENVUM_DB_TIMEOUT_SECONDS` (a database call that hangs — its server was killed, say), the client gets
/// 503 with `Retry-After` and the handler's late result is dropped. Together with the connection pool's
/// request timeout and the connect timeout (both `OPENVUM_DB_TIMEOUT_SECONDS`) this is the deadline on every
/// database call; errors that mean "database unreachable" are 503 too (`DatabaseFailure`).
struct DatabaseDeadline: Middleware {
    struct Exceeded: Error {}

    let seconds: TimeInterval

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
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
