import Crypto
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// A small OpenID Connect issuer for the tests, on a real loopback port (OpenVUM fetches its metadata and
/// keys and exchanges codes over HTTP, as with NemLog-in or the municipality's IdP). Its authorize endpoint
/// logs in whoever the test says, at the assurance level the test says, and keeps the PKCE challenge.
final class TestIssuer: @unchecked Sendable {
    struct Login { var username: String; var loa: String?; var audience: String? }
    struct Pending { var challenge: String; var nonce: String; var login: Login; var redirect: String }

    let app: Application
    let key = ES256PrivateKey()
    let keys = JWTKeyCollection()
    private let lock = NSLock()
    private var pending: [String: Pending] = [:]
    private var next = Login(username: "sagsbehandler", loa: AssuranceLevel.uriPrefix + "Substantial", audience: nil)
    var url = ""
    static let clientID = "openvum-test", clientSecret = "issuer-secret-for-tests"

    init() async throws {
        app = try await Application.make(.testing)
        await keys.add(ecdsa: key, kid: "k1")
        let issuer = self
        app.get(".well-known", "openid-configuration") { _ in
            ["issuer": issuer.url, "authorization_endpoint": issuer.url + "/authorize", "token_endpoint": issuer.url + "/token",
             "jwks_uri": issuer.url + "/jwks"]
        }
        app.get("jwks") { _ in
            let (x, y) = issuer.key.publicKey.parameters!
            let jwks = #"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","alg":"ES256","use":"sig","x":"\#(x)","y":"\#(y)"}]}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: jwks))
        }
        app.get("authorize") { req -> Response in
            let q = req.query
            guard (try? q.get(String.self, at: "client_id")) == Self.clientID, (try? q.get(String.self, at: "response_type")) == "code",
                  (try? q.get(String.self, at: "code_challenge_method")) == "S256",
                  let challenge = try? q.get(String.self, at: "code_challenge"), let state = try? q.get(String.self, at: "state"),
                  let nonce = try? q.get(String.self, at: "nonce"), let redirect = try? q.get(String.self, at: "redirect_uri") else {
                throw Abort(.badRequest)
            }
            let code = UUID().uuidString
            issuer.lock.withLock { issuer.pending[code] = Pending(challenge: challenge, nonce: nonce, login: issuer.next, redirect: redirect) }
            return req.redirect(to: "\(redirect)?code=\(code)&state=\(state)")
        }
        app.post("token") { req -> Response in
            struct Form: Content { var grant_type: String; var code: String; var redirect_uri: String; var code_verifier: String }
            let form = try req.content.decode(Form.self)
            guard req.headers.basicAuthorization?.username == Self.clientID, req.headers.basicAuthorization?.password == Self.clientSecret,
                  form.grant_type == "authorization_code",
                  let p = issuer.lock.withLock({ issuer.pending.removeValue(forKey: form.code) }), p.redirect == form.redirect_uri,
                  Data(SHA256.hash(data: Data(form.code_verifier.utf8))).base64URLEncodedString() == p.challenge else {
                return Response(status: .badRequest, body: .init(string: #"{"error":"invalid_grant"}"#))
            }
            struct Claims: JWTPayload {
                var iss: IssuerClaim; var aud: AudienceClaim; var sub: SubjectClaim; var exp: ExpirationClaim; var iat: IssuedAtClaim
                var nonce: String; var preferred_username: String; var loa: String?
                func verify(using algorithm: some JWTAlgorithm) throws {}
            }
            let now = Date()
            let idToken = try await issuer.keys.sign(Claims(
                iss: IssuerClaim(value: issuer.url), aud: AudienceClaim(value: p.login.audience ?? Self.clientID), sub: SubjectClaim(value: UUID().uuidString),
                exp: ExpirationClaim(value: now.addingTimeInterval(300)), iat: IssuedAtClaim(value: now), nonce: p.nonce,
                preferred_username: p.login.username, loa: p.login.loa), kid: "k1")
            let body = #"{"access_token":"x","token_type":"Bearer","expires_in":300,"id_token":"\#(idToken)"}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        url = "http://127.0.0.1:\(app.http.server.shared.localAddress!.port!)"
    }

    func willLogIn(_ username: String, loa: AssuranceLevel?, audience: String? = nil) {
        lock.withLock { next = Login(username: username, loa: loa.map { AssuranceLevel.uriPrefix + $0.name }, audience: audience) }
    }

    func shutdown() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    /// The settings OpenVUM is configured with for this issuer.
    var settings: OIDCSettings {
        var problems: [String] = []
        let env = ["OPENVUM_OIDC_ISSUER": url, "OPENVUM_OIDC_CLIENT_ID": Self.clientID, "OPENVUM_OIDC_CLIENT_SECRET": Self.clientSecret,
                   "OPENVUM_OIDC_REDIRECT_URL": "http://openvum.test/login/oidc/callback"]
        let s = OIDCSettings.load({ env[$0] }, problems: &problems)!
        #expect(problems.isEmpty)
        return s
    }
}

@Suite("National login (OpenID Connect)")
struct OIDCTests {
    /// Runs the browser's part of a login: OpenVUM's redirect, the issuer's, OpenVUM's callback. Returns the
    /// callback's response and the cookies the browser would hold.
    static func login(_ app: Application, _ issuer: TestIssuer, next: String? = nil, tamperState: Bool = false) async throws -> (TestingHTTPResponse, WebSessionClient) {
        var browser = WebSessionClient()
        let start = try await app.send(.GET, "/login/oidc" + (next.map { "?next=\($0)" } ?? ""))
        #expect(start.status == .seeOther)
        browser.absorb(start)
        let location = try #require(start.headers.first(name: .location))
        #expect(location.hasPrefix(issuer.url + "/authorize?"))
        let query = try #require(URLComponents(string: location)?.queryItems)
        #expect(query.first { $0.name == "code_challenge_method" }?.value == "S256")
        #expect(query.first { $0.name == "scope" }?.value == "openid profile")
        var back = ""
        try await issuer.app.testing().test(.GET, String(location.dropFirst(issuer.url.count))) { res in
            #expect(res.status == .seeOther)
            back = res.headers.first(name: .location) ?? ""
        }
        #expect(back.hasPrefix("http://openvum.test/login/oidc/callback?code="))
        var path = String(back.dropFirst("http://openvum.test".count))
        if tamperState { path = path.replacingOccurrences(of: "state=", with: "state=x") }
        let callback = try await app.send(.GET, path, cookies: browser.cookies)
        browser.absorb(callback)
        return (callback, browser)
    }

    @Test("staff log in with MitID Erhverv at NSIS Substantial; Low is refused; citizens too; password login can be switched off",
          arguments: Engine.available)
    func oidcLogin(engine: Engine) async throws {
        let issuer = try await TestIssuer()
        do {
            try await withTestApp(engine) { app in
                app.openvum.config.oidc = issuer.settings
                app.openvum.oidc = OIDCClient(settings: issuer.settings)
                let page = try await app.send(.GET, "/login")
                #expect(page.body.string.contains("Log ind med MitID"))
                #expect(page.body.string.contains(#"href="/login/oidc""#))

                // A caseworker at NSIS Substantial: logged in, sent on to the page asked for, audited.
                let (ok, browser) = try await Self.login(app, issuer, next: "/sager")
                #expect(ok.status == .seeOther)
                #expect(ok.headers.first(name: .location) == "/sager")
                let start = try await browser.get(app, "/start")
                #expect(start.status == .ok)
                #expect(start.body.string.contains("Sanne Sagsbehandler"))
                let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "auth.login"), after: nil, limit: 5, audit: nil, on: app.db).items
                #expect(rows.first?.criteria == "method=oidc loa=Substantial")

                // NSIS Low is not enough for staff; no level at all neither.
                for loa in [AssuranceLevel.low, nil] {
                    issuer.willLogIn("teamleder", loa: loa)
                    let (low, lowBrowser) = try await Self.login(app, issuer)
                    #expect(low.headers.first(name: .location) == "/login?fejl=oidc-assurance")
                    #expect(try await lowBrowser.get(app, "/start").status == .seeOther)
                }
                let refusal = try await app.send(.GET, "/login?fejl=oidc-assurance")
                #expect(refusal.body.string.contains("NSIS Betydelig"))
                #expect(try await app.auditCount("auth.login.failed") == 2)

                // High is more than enough; a citizen logs in with MitID too.
                issuer.willLogIn("borger", loa: .high)
                let (citizen, citizenBrowser) = try await Self.login(app, issuer)
                #expect(citizen.headers.first(name: .location) == "/start")
                #expect(try await citizenBrowser.get(app, "/start").body.string.contains("Birthe Borger"))

                // Someone the IdP knows but OpenVUM does not; a token for another client; a forged state.
                issuer.willLogIn("ukendt.person", loa: .substantial)
                #expect(try await Self.login(app, issuer).0.headers.first(name: .location) == "/login?fejl=oidc-unknown-user")
                issuer.willLogIn("sagsbehandler", loa: .substantial, audience: "another-client")
                #expect(try await Self.login(app, issuer).0.headers.first(name: .location) == "/login?fejl=oidc-token-invalid")
                issuer.willLogIn("sagsbehandler", loa: .substantial)
                #expect(try await Self.login(app, issuer, tamperState: true).0.headers.first(name: .location) == "/login?fejl=oidc-state")
                // A callback without the login's cookie (another browser) is refused.
                let stray = try await app.send(.GET, "/login/oidc/callback?code=x&state=y")
                #expect(stray.headers.first(name: .location) == "/login?fejl=oidc-state")

                // Production without explicit permission: no password form, and password logins are refused.
                app.openvum.config.passwordLoginAllowed = false
                let only = try await app.send(.GET, "/login")
                #expect(only.body.string.contains("Log ind med MitID"))
                #expect(!only.body.string.contains(#"id="password""#))
                let api = try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"sagsbehandler","password":"demo"}"#)
                #expect(api.status == .forbidden)
                #expect(try api.problem().code == "auth.password-disabled")
                var form = WebSessionClient()
                form.absorb(only)
                let web = try await form.post(app, "/login", form: ["username": "sagsbehandler", "password": "demo"], csrfFrom: page)
                #expect(web.status == .forbidden)
                // …while OIDC still works.
                #expect(try await Self.login(app, issuer).0.headers.first(name: .location) == "/start")
            }
        } catch {
            try await issuer.shutdown()
            throw error
        }
        try await issuer.shutdown()
    }
}
