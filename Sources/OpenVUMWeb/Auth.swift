import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The claims of an API access token: a short-lived HS256 JWT carrying the principal, so that
/// authenticating a request needs no database round trip.
struct AccessToken: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var mun: UUID
    var usr: String
    var name: String
    var role: Role
    var units: [UUID]
    var cit: UUID?

    init(principal p: Principal, issuedAt: Date, expiresAt: Date) {
        sub = SubjectClaim(value: p.userID.uuidString)
        exp = ExpirationClaim(value: expiresAt)
        iat = IssuedAtClaim(value: issuedAt)
        mun = p.municipalityID
        usr = p.username
        name = p.displayName
        role = p.role
        units = p.unitIDs.sorted { $0.uuidString < $1.uuidString }
        cit = p.citizenID
    }

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }

    var principal: Principal? {
        guard let id = UUID(uuidString: sub.value) else { return nil }
        return Principal(userID: id, municipalityID: mun, username: usr, displayName: name, role: role, unitIDs: Set(units), citizenID: cit)
    }
}

/// Authenticates `/api/v1` requests from `Authorization: Bearer <token>`. A present but malformed or
/// expired token is refused (401), never ignored.
struct BearerAuthMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.headers.first(name: .authorization) != nil {
            guard let bearer = req.headers.bearerAuthorization else {
                throw DomainError(.unauthenticated, code: "auth.header.invalid", title: "Ugyldig Authorization-header",
                                  detail: "Brug formen: Authorization: Bearer <token>.")
            }
            let token = try await req.jwt.verify(bearer.token, as: AccessToken.self)
            guard let principal = token.principal else { throw JWTError.claimVerificationFailure(failedClaim: token.sub, reason: "subject") }
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

    static func cookie(value: String, config: AppConfig, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: config.cookieSecure,
            isHTTPOnly: true, sameSite: .lax)
    }

    /// Starts a new session for `userID`, ending the session the request came with (rotation).
    static func start(userID: UUID, on req: Request, response: Response) async throws {
        if let old = req.cookies[cookieName]?.string {
            try await WebSessionStore.delete(idHash: Secrets.sha256Hex(old), on: req.db)
        }
        let value = Secrets.random()
        try await WebSessionStore.create(
            idHash: Secrets.sha256Hex(value), userID: userID, csrfToken: Secrets.random(), now: req.openvum.now(), on: req.db)
        response.cookies[cookieName] = cookie(value: value, config: req.openvum.config, maxAge: Int(req.openvum.config.sessionLifetime.absolute))
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

    /// Accepts the session's token, or the login form's double-submit token (the login form may be posted
    /// by a browser that still carries an older session: logging in then replaces that session).
    static func verify(_ req: Request) throws {
        let sent = (try? req.content.decode(FormToken.self))?._csrf ?? ""
        let candidates = [req.storage[WebSession.CurrentKey.self]?.csrfToken, req.cookies[loginCookie]?.string]
            .compactMap { $0 }.filter { !$0.isEmpty }
        guard !sent.isEmpty, candidates.contains(where: { Secrets.equal(sent, $0) }) else { throw invalid }
    }
}

/// Password checks that cost the same whether or not the user exists.
enum Passwords {
    /// A valid hash of a random password, verified against when the username is unknown.
    static let decoy = try! Bcrypt.hash(Secrets.random(), cost: 4)

    static func hash(_ password: String, on req: Request) async throws -> String {
        let cost = req.openvum.config.bcryptCost
        return try await req.application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// The principal for these credentials, or nil.
    static func authenticate(username: String, password: String, on req: Request) async throws -> Principal? {
        let user = try await UserStore.find(username: username.lowercased(), on: req.db)
        let hash = user?.passwordHash ?? decoy
        let ok = try await req.application.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
        guard ok, let user, user.active else { return nil }
        return try await UserStore.principal(userID: user.id, on: req.db)
    }

    static let failed = DomainError(
        .unauthenticated, code: "auth.credentials", title: "Login mislykkedes",
        detail: "Forkert brugernavn eller adgangskode.")
}
