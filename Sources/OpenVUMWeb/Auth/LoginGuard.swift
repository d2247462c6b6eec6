import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

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
