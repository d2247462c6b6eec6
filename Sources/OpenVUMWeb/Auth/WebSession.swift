import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The web session: a random cookie value whose SHA-256 is the session row's id. Rotated at login,
/// ended at logout, after `OPENVUM_SESSION_IDLE_MINUTES` without activity and after
/// `OPENVUM_SESSION_ABSOLUTE_HOURS` from login.
enum WebSession {
    static let cookieName = "openvum_session"

    struct CurrentKey: StorageKey {
        typealias Value = WebSessionRecord
    }

    /// A browser-session cookie (no Expires/Max-Age: it ends when the browser closes); the server's idle and
    /// absolute expiry end it sooner. `maxAge: 0` deletes it.
    static func cookie(value: String, config: AppConfig, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: config.cookieSecure,
            isHTTPOnly: true, sameSite: .lax)
    }

    /// Starts a new session for `userID`, ending the session the request came with (rotation).
    static func start(userID: UUID, on req: Request, response: Response) async throws {
        if let old = req.cookies[cookieName]?.string {
            try await WebSessionStore.delete(idHash: Secrets.sha256Hex(old), on: req.db)
        }
        // Sessions that can no longer be used are removed as logins happen (they are refused anyway).
        try await WebSessionStore.purgeExpired(lifetime: req.openvum.config.sessionLifetime, now: req.openvum.now(), on: req.db)
        let value = Secrets.random()
        try await WebSessionStore.create(
            idHash: Secrets.sha256Hex(value), userID: userID, csrfToken: Secrets.random(), now: req.openvum.now(), on: req.db)
        response.cookies[cookieName] = cookie(value: value, config: req.openvum.config)
    }

    static func end(on req: Request, response: Response) async throws {
        if let value = req.cookies[cookieName]?.string {
            try await WebSessionStore.delete(idHash: Secrets.sha256Hex(value), on: req.db)
        }
        response.cookies[cookieName] = cookie(value: "", config: req.openvum.config, maxAge: 0)
    }
}

/// Authenticates web requests from the session cookie and keeps the session alive.
struct WebSessionMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let value = req.cookies[WebSession.cookieName]?.string, !value.isEmpty {
            let hash = Secrets.sha256Hex(value)
            let now = req.openvum.now()
            if let (session, principal) = try await WebSessionStore.findWithPrincipal(idHash: hash, on: req.db) {
                if req.openvum.config.sessionLifetime.isAlive(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now),
                   let principal {
                    req.auth.login(principal)
                    req.storage[WebSession.CurrentKey.self] = session
                    // Touch at most once a minute: the idle clock needs no finer grain.
                    if now.timeIntervalSince(session.lastSeenAt) > 60 {
                        try await WebSessionStore.touch(idHash: hash, now: now, on: req.db)
                    }
                } else {
                    try await WebSessionStore.delete(idHash: hash, on: req.db)
                    req.storage[SessionExpiredKey.self] = true
                }
            }
        }
        return try await next.respond(to: req)
    }
}
