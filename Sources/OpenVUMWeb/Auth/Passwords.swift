import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Password login, shared by the web form and `POST /api/v1/auth/token`: throttled per username and client
/// address (`LoginGuard`), audited (`auth.login.failed` for every refused password), and costing the same
/// whether or not the username exists (an unknown username is verified against a decoy hash made at start
/// with the configured bcrypt cost).
enum Passwords {
    /// The user behind these credentials when the password is right and the account active; nil otherwise.
    /// One username lookup and one bcrypt verification either way.
    static func verify(username: String, password: String, on req: Request) async throws -> (user: UserRecord?, principal: Principal?) {
        let user = try await UserStore.find(username: username.lowercased(), on: req.db)
        // An account without a password (an imported caseworker, an OpenID-only user) is verified against the
        // decoy too, and refused: the same cost, never an error.
        let usable = user.map { $0.passwordHash.hasPrefix("$2") } ?? false
        let hash = usable ? user!.passwordHash : req.openvum.passwordDecoy
        let ok = try await req.application.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) } && usable
        guard ok, let user, user.active else { return (user, nil) }
        return (user, try await UserStore.principal(userID: user.id, on: req.db))
    }

    /// Logs in with a password: refuses when local passwords are switched off (403) or this username or
    /// address must wait (429 with `Retry-After`); audits a refused password; returns nil for wrong credentials.
    static func login(username: String, password: String, on req: Request) async throws -> Principal? {
        guard req.openvum.config.passwordLoginAllowed else { throw disabled }
        let guardrail = req.openvum.loginGuard
        let address = ClientAddress.of(req)
        if let wait = guardrail.retryAfter(username: username, address: address, now: req.openvum.now()) {
            req.logger.notice("login throttled", metadata: ["retry-after": "\(wait)"])
            throw LoginGuard.throttled(retryAfter: wait)
        }
        let (user, principal) = try await verify(username: username, password: password, on: req)
        guard let principal else {
            guardrail.recordFailure(username: username, address: address, now: req.openvum.now())
            let shown = String(username.prefix(64))
            var entry = try req.auditEntry(
                action: "auth.login.failed", objectType: "user", objectID: user?.id.uuidString,
                criteria: "username=\(shown)\(user == nil ? " (ukendt)" : "")\(address.map { " address=\($0)" } ?? "")")
            entry.municipalityID = user?.municipalityID
            entry.userID = user?.id
            let row = entry
            try await req.writeTransaction { tx in try await AuditStore.record(row, on: tx) }
            return nil
        }
        guardrail.recordSuccess(username: username)
        return principal
    }

    static let failed = DomainError(
        .unauthenticated, code: "auth.credentials", title: "Login mislykkedes",
        detail: "Forkert brugernavn eller adgangskode.")

    static let disabled = DomainError(
        .forbidden, code: "auth.password-disabled", title: "Login med adgangskode er slået fra",
        detail: "Log ind med MitID eller kommunens login i stedet.")
}
