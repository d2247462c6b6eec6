import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The client's IP address: the socket's peer, or — when the peer is a configured reverse proxy
/// (`OPENVUM_TRUSTED_PROXIES`) — the last address that proxy wrote into `X-Forwarded-For`.
enum ClientAddress {
    static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }

    /// One spelling per address (IPv6 in its canonical form, IPv4-mapped IPv6 as IPv4).
    static func normalized(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("::ffff:"), isIPAddress(String(t.dropFirst(7))), t.contains(".") { t.removeFirst(7) }
        return (try? SocketAddress(ipAddress: t, port: 0))?.ipAddress ?? t
    }

    static func of(_ req: Request) -> String? {
        guard let peer = req.remoteAddress?.ipAddress.map(normalized) else { return nil }
        let proxies = req.openvum.config.trustedProxies
        if proxies.contains(peer), let forwarded = req.headers.first(name: .xForwardedFor) {
            let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if isIPAddress(last) { return normalized(last) }
        }
        return peer
    }
}

/// The principals behind API tokens, read from the database and reused for `OPENVUM_AUTH_CACHE_SECONDS`.
/// A token proves who the caller is; what they may do (role, units, whether the account is active) is
/// always the stored one. A change made through this server drops the user's entry at once.
final class PrincipalCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [UUID: (principal: Principal?, fetchedAt: Date)] = [:]
    let ttl: TimeInterval

    init(ttl: TimeInterval) { self.ttl = ttl }

    func principal(userID: UUID, now: Date, load: @Sendable () async throws -> Principal?) async throws -> Principal? {
        if ttl > 0, let hit = lock.withLock({ entries[userID] }), now.timeIntervalSince(hit.fetchedAt) < ttl, now >= hit.fetchedAt {
            return hit.principal
        }
        let loaded = try await load()
        if ttl > 0 {
            lock.withLock {
                if entries.count > 100_000 { entries.removeAll(keepingCapacity: true) }
                entries[userID] = (loaded, now)
            }
        }
        return loaded
    }

    func invalidate(_ userID: UUID) {
        _ = lock.withLock { entries.removeValue(forKey: userID) }
    }
}

/// Failed-login throttling per username and per client address (`LoginThrottle`), shared by the web
/// login and `POST /api/v1/auth/token`.
final class LoginGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var users: LoginThrottle
    private var addresses: LoginThrottle

    init(perUser: Int, perAddress: Int) {
        users = LoginThrottle(threshold: perUser)
        addresses = LoginThrottle(threshold: perAddress)
    }

    static func userKey(_ username: String) -> String { username.trimmingCharacters(in: .whitespaces).lowercased() }

    /// Seconds to wait before this username or address may try again; nil when it may try now.
    func retryAfter(username: String, address: String?, now: Date) -> Int? {
        lock.withLock {
            let waits = [users.retryAfter(Self.userKey(username), now: now), address.flatMap { addresses.retryAfter($0, now: now) }]
            return waits.compactMap { $0 }.max()
        }
    }

    func recordFailure(username: String, address: String?, now: Date) {
        lock.withLock {
            users.recordFailure(Self.userKey(username), now: now)
            if let address { addresses.recordFailure(address, now: now) }
        }
    }

    func recordSuccess(username: String) {
        lock.withLock { users.recordSuccess(Self.userKey(username)) }
    }

    static func throttled(retryAfter seconds: Int) -> DomainError {
        DomainError(.tooManyRequests, code: "auth.throttled", title: "For mange forsøg",
                    detail: "Der har været for mange mislykkede login-forsøg. Vent \(seconds) sekund\(seconds == 1 ? "" : "er"), og prøv igen.",
                    retryAfter: seconds)
    }
}

/// The HMAC secret of API tokens. Never compiled in: `OPENVUM_JWT_SECRET` when set (production requires it);
/// otherwise, in development on the embedded SQLite file, a random secret generated once and kept beside the
/// file (`jwt-secret`, mode 0600) so that restarts keep tokens valid; otherwise a random secret per start.
enum JWTSecret {
    static let fileName = "jwt-secret"

    static func resolve(_ config: AppConfig, logger: Logger) throws -> String {
        if let configured = config.jwtSecret { return configured }
        if config.mode == .development, case .sqlite(let path) = config.database {
            return try file(besideDatabase: path)
        }
        if config.mode == .development {
            logger.warning("OPENVUM_JWT_SECRET is not set: API tokens are signed with a random secret and end when the server stops")
        }
        return Secrets.random(bytes: 48)
    }

    /// The secret kept beside an SQLite file, created (readable by its owner only) when missing.
    static func file(besideDatabase path: String) throws -> String {
        let url = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(fileName)
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            let existing = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if existing.count >= 32 { return existing }
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let secret = Secrets.random(bytes: 48)
        try? FileManager.default.removeItem(at: url)
        guard FileManager.default.createFile(atPath: url.path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AppConfig.Invalid(problems: ["cannot write the development token secret \(url.path); set OPENVUM_JWT_SECRET"])
        }
        return secret
    }
}

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

/// An asynchronous mutual exclusion, first come first served: at most one `run` body at a time. Used to
/// serialise write transactions on the embedded SQLite database (one writer at a time is SQLite's own
/// model; queuing in the application means a burst of writers waits instead of failing with "database is locked").
final class AsyncGate: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if busy { waiters.append(c); return false }
                busy = true
                return true
            }
            if now { c.resume() }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiters.isEmpty { busy = false; return nil }
            return waiters.removeFirst()
        }
        next?.resume()
    }
}
