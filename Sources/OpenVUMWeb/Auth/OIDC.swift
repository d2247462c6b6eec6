import Crypto
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The relying party of OpenID Connect login: the issuer's metadata and signing keys (fetched on first use,
/// the keys again when a token names an unknown key), the code exchange and the ID token's checks.
final class OIDCClient: @unchecked Sendable {
    struct Metadata: Codable, Sendable {
        var issuer: String
        var authorization_endpoint: String
        var token_endpoint: String
        var jwks_uri: String
    }

    struct TokenResponse: Decodable {
        var id_token: String
    }

    /// The standard claims every ID token must carry; the mapped claims are read from the verified payload.
    struct IDToken: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var sub: SubjectClaim
        var nonce: String?
        func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
    }

    struct Failure: Error, Equatable {
        /// A code shown to the user as a Danish message (`OIDCController.message(for:)`) and written to the log.
        var code: String
    }

    let settings: OIDCSettings
    private let lock = NSLock()
    private var metadata: Metadata?
    private var keys: JWTKeyCollection?

    init(settings: OIDCSettings) { self.settings = settings }

    func currentMetadata(_ client: any Client) async throws -> Metadata {
        if let m = lock.withLock({ metadata }) { return m }
        let response = try await client.get(URI(string: settings.issuer + "/.well-known/openid-configuration"))
        guard response.status == .ok, let m = try? response.content.decode(Metadata.self) else { throw Failure(code: "idp-unavailable") }
        guard m.issuer.trimmingSuffix("/") == settings.issuer else { throw Failure(code: "idp-issuer") }
        lock.withLock { metadata = m }
        return m
    }

    func signingKeys(_ client: any Client, refresh: Bool) async throws -> JWTKeyCollection {
        if !refresh, let k = lock.withLock({ keys }) { return k }
        let m = try await currentMetadata(client)
        let response = try await client.get(URI(string: m.jwks_uri))
        guard response.status == .ok, let body = response.body.map({ String(buffer: $0) }) else { throw Failure(code: "idp-unavailable") }
        let collection = JWTKeyCollection()
        do { try await collection.add(jwksJSON: body) } catch { throw Failure(code: "idp-keys") }
        lock.withLock { keys = collection }
        return collection
    }

    /// The authorization request for a login: where to send the browser.
    func authorizationURL(_ client: any Client, state: String, nonce: String, challenge: String) async throws -> String {
        let m = try await currentMetadata(client)
        var c = URLComponents(string: m.authorization_endpoint)
        let existing = c?.queryItems ?? []
        c?.queryItems = existing + [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: settings.clientID),
            URLQueryItem(name: "redirect_uri", value: settings.redirectURL),
            URLQueryItem(name: "scope", value: settings.scopes),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: challenge),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        // The plus sign means a space in query strings; encode it so that a scope list survives.
        guard let url = c?.url?.absoluteString.replacingOccurrences(of: "+", with: "%2B") else { throw Failure(code: "idp-unavailable") }
        return url
    }

    /// Exchanges the code (with the PKCE verifier and the client secret) and returns the verified ID token's
    /// claims: signature by the issuer's key, issuer, audience, expiry, issue time and nonce are checked here.
    func claims(_ client: any Client, code: String, verifier: String, nonce: String, now: Date) async throws -> [String: Any] {
        let m = try await currentMetadata(client)
        let response = try await client.post(URI(string: m.token_endpoint)) { req in
            req.headers.basicAuthorization = BasicAuthorization(username: settings.clientID, password: settings.clientSecret)
            try req.content.encode([
                "grant_type": "authorization_code", "code": code, "redirect_uri": settings.redirectURL,
                "code_verifier": verifier, "client_id": settings.clientID,
            ], as: .urlEncodedForm)
        }
        guard response.status == .ok, let tokens = try? response.content.decode(TokenResponse.self) else { throw Failure(code: "code-refused") }
        let verified: IDToken
        do {
            verified = try await signingKeys(client, refresh: false).verify(tokens.id_token, as: IDToken.self)
        } catch {
            // A rotated key: fetch the issuer's keys once more.
            do { verified = try await signingKeys(client, refresh: true).verify(tokens.id_token, as: IDToken.self) } catch {
                throw Failure(code: "token-invalid")
            }
        }
        guard verified.iss.value.trimmingSuffix("/") == settings.issuer, verified.aud.value.contains(settings.clientID),
              let got = verified.nonce, Secrets.equal(got, nonce),
              verified.iat.value.timeIntervalSince(now) < AccessTokenRules.leeway else { throw Failure(code: "token-invalid") }
        let parts = tokens.id_token.split(separator: ".")
        guard parts.count == 3, let payload = Data(base64URL: String(parts[1])),
              let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else { throw Failure(code: "token-invalid") }
        return object
    }
}

/// The login state between the redirect to the identity provider and its return: state, nonce and PKCE
/// verifier, and where to go afterwards. Kept in a short-lived cookie, signed with the server's key.
struct OIDCLoginState: JWTPayload {
    static let cookieName = "openvum_oidc"
    var state: String
    var nonce: String
    var verifier: String
    var next: String?
    var exp: ExpirationClaim
    func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
}

/// `GET /login/oidc` and `GET /login/oidc/callback`: the authorization code flow with PKCE.
enum OIDCController {
    static func start(_ req: Request) async throws -> Response {
        guard let oidc = req.openvum.oidc else { throw DomainError.notFound("Siden") }
        let verifier = Secrets.random(bytes: 32)
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
        let state = OIDCLoginState(
            state: Secrets.random(), nonce: Secrets.random(), verifier: verifier, next: WebController.safeNext(req.query[String.self, at: "next"], on: req),
            exp: ExpirationClaim(value: req.openvum.now().addingTimeInterval(600)))
        let url: String
        do { url = try await oidc.authorizationURL(req.client, state: state.state, nonce: state.nonce, challenge: challenge) } catch {
            return failed(req, code: (error as? OIDCClient.Failure)?.code ?? "idp-unavailable")
        }
        let response = req.redirect(to: url, redirectType: .normal)
        response.cookies[OIDCLoginState.cookieName] = HTTPCookies.Value(
            string: try await req.jwt.sign(state), maxAge: 600, path: SiteURL.oidcLogin(next: nil).path, isSecure: req.openvum.config.cookieSecure,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func callback(_ req: Request) async throws -> Response {
        guard let oidc = req.openvum.oidc else { throw DomainError.notFound("Siden") }
        guard let cookie = req.cookies[OIDCLoginState.cookieName]?.string, !cookie.isEmpty,
              let saved = try? await req.jwt.verify(cookie, as: OIDCLoginState.self),
              let state = req.query[String.self, at: "state"], Secrets.equal(state, saved.state) else {
            return failed(req, code: "state")
        }
        if req.query[String.self, at: "error"] != nil { return failed(req, code: "idp-refused") }
        guard let code = req.query[String.self, at: "code"], !code.isEmpty else { return failed(req, code: "code-missing") }
        let claims: [String: Any]
        do {
            claims = try await oidc.claims(req.client, code: code, verifier: saved.verifier, nonce: saved.nonce, now: req.openvum.now())
        } catch let error as OIDCClient.Failure {
            return failed(req, code: error.code)
        } catch {
            return failed(req, code: "idp-unavailable")
        }
        let settings = oidc.settings
        guard let username = (claims[settings.usernameClaim] as? String)?.lowercased(), !username.isEmpty,
              let user = try await UserStore.find(username: username, on: req.db), user.active,
              let principal = try await UserStore.principal(userID: user.id, on: req.db) else {
            try await auditRefusal(req, claims: claims, settings: settings, reason: "unknown-user")
            return failed(req, code: "unknown-user")
        }
        let level = [claims[settings.assuranceClaim], claims["acr"], claims["loa"]]
            .compactMap { $0 as? String }.compactMap(AssuranceLevel.init(claim:)).first
        let required = principal.role == .citizen ? settings.citizenAssurance : settings.staffAssurance
        guard let level, level >= required else {
            try await auditRefusal(req, claims: claims, settings: settings, reason: "assurance \(level?.name ?? "none") < \(required.name)", user: user)
            return failed(req, code: "assurance")
        }
        let response = try await WebController.startSession(principal, next: saved.next, criteria: "method=oidc loa=\(level.name)", on: req)
        response.cookies[OIDCLoginState.cookieName] = HTTPCookies.Value(string: "", maxAge: 0, path: SiteURL.oidcLogin(next: nil).path, isSecure: req.openvum.config.cookieSecure, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func auditRefusal(_ req: Request, claims: [String: Any], settings: OIDCSettings, reason: String, user: UserRecord? = nil) async throws {
        let claimed = String(((claims[settings.usernameClaim] as? String) ?? "").prefix(64))
        var entry = try req.auditEntry(action: "auth.login.failed", objectType: "user", objectID: user?.id.uuidString,
                                       criteria: "method=oidc username=\(claimed) reason=\(reason)")
        entry.municipalityID = user?.municipalityID
        entry.userID = user?.id
        let row = entry
        try await req.writeTransaction { tx in try await AuditStore.record(row, on: tx) }
    }

    static func failed(_ req: Request, code: String) -> Response {
        req.logger.notice("OIDC login refused", metadata: ["reason": .string(code)])
        let response = req.redirect(to: SiteURL.login(next: nil, expired: false, error: "oidc-\(code)").path, redirectType: .normal)
        response.cookies[OIDCLoginState.cookieName] = HTTPCookies.Value(string: "", maxAge: 0, path: SiteURL.oidcLogin(next: nil).path, isSecure: req.openvum.config.cookieSecure, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The Danish message on the login page for a failed login's code (only known codes are shown).
    static func message(for code: String) -> String? {
        switch code {
        case "oidc-assurance":
            return "Dit login har ikke det sikringsniveau, OpenVUM kræver (NSIS Betydelig). Log ind med MitID eller MitID Erhverv."
        case "oidc-unknown-user":
            return "Du er logget ind hos identitetsudbyderen, men har ingen aktiv bruger i OpenVUM. Kontakt din administrator."
        case "oidc-state", "oidc-code-missing":
            return "Login blev afbrudt eller er udløbet. Prøv igen."
        case "oidc-idp-refused":
            return "Identitetsudbyderen afviste login. Prøv igen."
        case "oidc-idp-unavailable", "oidc-idp-issuer", "oidc-idp-keys", "oidc-code-refused", "oidc-token-invalid":
            return "Login via identitetsudbyderen kunne ikke gennemføres. Prøv igen om lidt, eller kontakt support."
        default:
            return nil
        }
    }
}

extension Data {
    init?(base64URL text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }

    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
