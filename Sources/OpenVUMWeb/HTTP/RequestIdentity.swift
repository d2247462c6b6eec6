import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The server's own id for every request (a UUID, in the `X-Request-Id` response header, every log line,
/// every problem and every audit row). A client's `X-Request-Id` is kept beside it only when short and plain
/// (`ClientRequestID`), as `client-request-id` in the log and `client_request_id` in the audit log.
/// First in the chain, future-based like the other always-on middlewares.
struct RequestIdentityMiddleware: Middleware {
    struct ServerIDKey: StorageKey { typealias Value = String }
    struct ClientIDKey: StorageKey { typealias Value = String }

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let id = UUID().uuidString.lowercased()
        req.storage[ServerIDKey.self] = id
        req.logger[metadataKey: "request-id"] = .string(id)
        if let client = ClientRequestID.bounded(req.headers.first(name: "X-Request-Id")) {
            req.storage[ClientIDKey.self] = client
            req.logger[metadataKey: "client-request-id"] = .string(client)
        }
        return next.respond(to: req)
    }
}

extension Request {
    /// The server's id of this request (never the client's header).
    var requestID: String { storage[RequestIdentityMiddleware.ServerIDKey.self] ?? id }
    /// The client's own request id, when it sent a short, plain one.
    var clientRequestID: String? { storage[RequestIdentityMiddleware.ClientIDKey.self] }
}
