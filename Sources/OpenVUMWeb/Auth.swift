import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The claims of an API access token: a short-lived HS256 JWT that says who the caller is (`sub`) and for
/// whom it was issued (`iss`, `aud`). What the caller may do is not in the token: the principal (role, units,
/// active or not) is read from the database (`PrincipalCache`), so a deactivated account, a changed role or
/// changed units take effect at once on this server and within `OPENVUM_AUTH_CACHE_SECONDS` on others.
struct AccessToken: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var iss: IssuerClaim
    var aud: AudienceClaim

    init(userID: UUID, issuedAt: Date, expiresAt: Date) {
        sub = SubjectClaim(value: userID.uuidString.lowercased())
        exp = ExpirationClaim(value: expiresAt)
        iat = IssuedAtClaim(value: issuedAt)
        iss = IssuerClaim(value: AccessTokenRules.issuer)
        aud = AudienceClaim(value: AccessTokenRules.audience)
    }

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}

/// Authenticates `/api/v1` requests from `Authorization: Bearer <token>`. A present but malformed, forged,
/// expired, over-long-lived or foreign token, or one whose user no longer exists or is inactive, is refused
/// (401), never ignored.
struct BearerAuthMiddleware: AsyncMiddleware {
    static let invalid = DomainError(
        .unauthenticated, code: "auth.token.invalid", title: "Ugyldigt adgangstoken",
        detail: "Adgangstokenet er ugyldigt eller udløbet. Hent et nyt med POST /api/v1/auth/token.")

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.headers.first(name: .authorization) != nil {
            guard let bearer = req.headers.bearerAuthorization else {
                throw DomainError(.unauthenticated, code: "auth.header.invalid", title: "Ugyldig Authorization-header",
                                  detail: "Brug formen: Authorization: Bearer <token>.")
            }
            let token = try await req.jwt.verify(bearer.token, as: AccessToken.self)
            // Tokens live in real time (their expiry is checked against the system clock, like the signature's
            // library does), whatever clock the case rules run on.
            let now = Date()
            if let problem = AccessTokenRules.problem(
                issuer: token.iss.value, audiences: token.aud.value, issuedAt: token.iat.value, expiresAt: token.exp.value,
                now: now, lifetime: req.openvum.config.tokenLifetime) {
                req.logger.info("token refused", metadata: ["reason": .string(problem)])
                throw Self.invalid
            }
            guard let userID = UUID(uuidString: token.sub.value) else { throw Self.invalid }
            let db = req.db
            guard let principal = try await req.openvum.principals.principal(userID: userID, now: now, load: {
                try await UserStore.principal(userID: userID, on: db)
            }) else { throw Self.invalid }
            req.auth.login(principal)
        }
        return try await next.respond(to: req)
    }
}

/// Random, URL-safe secrets and their hashes.
enum Secrets {
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

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

/// CSRF protection for web forms. Logged-in forms carry the session's token (synchronizer token);
/// the login form, which has no session yet, uses a double-submit cookie.
enum CSRF {
    static let fieldName = "_csrf"
    static let loginCookie = "openvum_login_csrf"

    static let invalid = DomainError(
        .forbidden, code: "csrf.invalid", title: "Formularen kunne ikke godkendes",
        detail: "Formularen er udløbet eller mangler sit sikkerhedsfelt. Gå tilbage, genindlæs siden og prøv igen.")

    /// The token to put in a form rendered for this request.
    static func token(for req: Request) -> String {
        if let session = req.storage[WebSession.CurrentKey.self] { return session.csrfToken }
        if let existing = req.storage[LoginTokenKey.self] { return existing }
        let existing = req.cookies[loginCookie]?.string ?? ""
        let token = existing.isEmpty ? Secrets.random() : existing
        req.storage[LoginTokenKey.self] = token
        return token
    }

    /// Sets the double-submit cookie when the page rendered a login token.
    static func attachLoginCookie(_ req: Request, to response: Response) {
        if let token = req.storage[LoginTokenKey.self] {
            response.cookies[loginCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.openvum.config.cookieSecure, isHTTPOnly: true, sameSite: .strict)
        }
    }

    struct LoginTokenKey: StorageKey {
        typealias Value = String
    }

    struct FormToken: Decodable {
        var _csrf: String?
    }

    /// Accepts the session's token; on the login form (`loginForm`), also the double-submit token (the login
    /// form may be posted by a browser that still carries an older session: logging in then replaces it).
    /// The login cookie is never accepted on any other form.
    static func verify(_ req: Request, loginForm: Bool) throws {
        let sent = (try? req.content.decode(FormToken.self))?._csrf ?? ""
        let candidates = [req.storage[WebSession.CurrentKey.self]?.csrfToken, loginForm ? req.cookies[loginCookie]?.string : nil]
            .compactMap { $0 }.filter { !$0.isEmpty }
        guard !sent.isEmpty, candidates.contains(where: { Secrets.equal(sent, $0) }) else { throw invalid }
    }
}

/// Password login, shared by the web form and `POST /api/v1/auth/token`: throttled per username and client
/// address (`LoginGuard`), audited (`auth.login.failed` for every refused password), and costing the same
/// whether or not the username exists (an unknown username is verified against a decoy hash made at start
/// with the configured bcrypt cost).
enum Passwords {
    static func hash(_ password: String, on req: Request) async throws -> String {
        let cost = req.openvum.config.bcryptCost
        return try await req.application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// The user behind these credentials when the password is right and the account active; nil otherwise.
    /// One username lookup and one bcrypt verification either way.
    static func verify(username: String, password: String, on req: Request) async throws -> (user: UserRecord?, principal: Principal?) {
        let user = try await UserStore.find(username: username.lowercased(), on: req.db)
        let hash = user?.passwordHash ?? req.openvum.passwordDecoy
        let ok = try await req.application.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
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
