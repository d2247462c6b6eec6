import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import SQLKit
import OpenVUMTestSupport
import Testing
import VaporTesting

/// Regression tests for the security review (issue 9): each finding has a test that failed before its fix.
@Suite("Security findings")
struct SecurityTests {
    // MARK: 1. Tokens

    @Test("no token secret is compiled in: two servers without OPENVUM_JWT_SECRET refuse each other's tokens, and the old built-in secret signs nothing")
    func noCompiledInSecret() async throws {
        try await withTestApp(.sqlite) { first in
            let token = try await first.token("sagsbehandler")
            #expect(try await first.send(.GET, "/api/v1/me", token: token).status == .ok)
            try await withTestApp(.sqlite) { second in
                let refused = try await second.send(.GET, "/api/v1/me", token: token)
                #expect(refused.status == .unauthorized)
            }
            // A token re-signed with the constant that used to be in the source, claiming administrator rights.
            let oldSecret = "openvum-development-secret-do-not-use-in-production"
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: oldSecret), digestAlgorithm: .sha256)
            let admin = try #require(try await UserStore.find(username: "admin", on: first.db))
            let forged = try await keys.sign(AccessToken(userID: admin.id, issuedAt: Date(), expiresAt: Date().addingTimeInterval(600)))
            let res = try await first.send(.GET, "/api/v1/users", token: forged)
            #expect(res.status == .unauthorized)
            #expect(try res.problem().code == "auth.token.invalid")
        }
    }

    @Test("development keeps one random secret beside the SQLite file, readable by its owner only")
    func developmentSecretFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("openvum-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("openvum.sqlite").path
        let first = try JWTSecret.file(besideDatabase: path)
        let second = try JWTSecret.file(besideDatabase: path)
        #expect(first == second, "a restart keeps the secret (and so the sessions)")
        #expect(first.count >= 60)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("jwt-secret").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("openvum-secret-\(UUID().uuidString)/x.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: other).deletingLastPathComponent().path) }
        #expect(try JWTSecret.file(besideDatabase: other) != first, "every installation makes its own")
        // Development on PostgreSQL and testing get a fresh random secret; production must set one.
        var config = try AppConfig.load(from: ["OPENVUM_ENV": "testing"])
        #expect(config.jwtSecret == nil)
        config.database = .postgres(url: "postgres://x@localhost/x", schema: nil)
        let logger = Logger(label: "test")
        #expect(try JWTSecret.resolve(config, logger: logger) != (try JWTSecret.resolve(config, logger: logger)))
    }

    @Test("a token signed with the server's own key is still refused when its user does not exist, it lives longer than the TTL, or names another issuer or audience",
          arguments: Engine.available)
    func tokenClaims(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            func sign(_ token: AccessToken) async throws -> String { try await app.jwt.keys.sign(token) }
            let now = Date()
            let good = try await sign(AccessToken(userID: user.id, issuedAt: now, expiresAt: now.addingTimeInterval(600)))
            #expect(try await app.send(.GET, "/api/v1/me", token: good).status == .ok)

            let ghost = try await sign(AccessToken(userID: UUID(), issuedAt: now, expiresAt: now.addingTimeInterval(600)))
            #expect(try await app.send(.GET, "/api/v1/me", token: ghost).status == .unauthorized)

            let yearLong = try await sign(AccessToken(userID: user.id, issuedAt: now, expiresAt: now.addingTimeInterval(365 * 86400)))
            #expect(try await app.send(.GET, "/api/v1/me", token: yearLong).status == .unauthorized)

            let future = try await sign(AccessToken(userID: user.id, issuedAt: now.addingTimeInterval(3600), expiresAt: now.addingTimeInterval(3900)))
            #expect(try await app.send(.GET, "/api/v1/me", token: future).status == .unauthorized)

            var issuer = AccessToken(userID: user.id, issuedAt: now, expiresAt: now.addingTimeInterval(600))
            issuer.iss = IssuerClaim(value: "someone-else")
            #expect(try await app.send(.GET, "/api/v1/me", token: try await sign(issuer)).status == .unauthorized)

            var audience = AccessToken(userID: user.id, issuedAt: now, expiresAt: now.addingTimeInterval(600))
            audience.aud = AudienceClaim(value: "another-api")
            #expect(try await app.send(.GET, "/api/v1/me", token: try await sign(audience)).status == .unauthorized)

            // The token says who, not what: the role comes from the database.
            let me = try await app.send(.GET, "/api/v1/me", token: good).json()
            #expect(me["role"] as? String == "caseworker")
        }
    }

    @Test("a deactivated user, a changed role and changed units take effect at once, for tokens and web sessions", arguments: Engine.available)
    func changesTakeEffectAtOnce(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let token = try await app.token("sagsbehandler")
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            // Warm the principal cache: the change must not wait for it to expire.
            #expect(try await app.send(.GET, "/api/v1/cases", token: token).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: token).status == .ok)

            func patch(_ json: String, version: Int) async throws -> TestingHTTPResponse {
                try await app.send(.PATCH, "/api/v1/users/\(user.id)", token: admin, headers: ["If-Match": "\"\(version)\""], json: json)
            }
            // Units: moved to the psychiatry team, the handicap team's citizen is out of reach at once.
            let moved = try await patch(#"{"unitIds":["\#(DemoData.teamPsychiatryID)"]}"#, version: user.version)
            #expect(moved.status == .ok, "\(moved.body.string)")
            #expect(try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: token).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[3])", token: token).status == .ok)
            // Role: no longer a caseworker, the case list is forbidden at once.
            let role = try await patch(#"{"role":"economyConsultant","unitIds":["\#(DemoData.administrationID)"]}"#, version: user.version + 1)
            #expect(role.status == .ok)
            #expect(try await app.send(.GET, "/api/v1/cases", token: token).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/me", token: token).json()["role"] as? String == "economyConsultant")
            // Deactivated: the token and the web session stop working at once.
            let off = try await patch(#"{"active":false}"#, version: user.version + 2)
            #expect(off.status == .ok)
            #expect(try off.json()["active"] as? Bool == false)
            let refused = try await app.send(.GET, "/api/v1/me", token: token)
            #expect(refused.status == .unauthorized)
            #expect(try refused.problem().code == "auth.token.invalid")
            #expect(try await web.get(app, "/start").status == .seeOther)
            #expect(try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"sagsbehandler","password":"demo"}"#).status == .unauthorized)
            // Every change is audited; a stale version changes nothing; an administrator cannot lock themselves out.
            #expect(try await app.auditCount("user.update") == 3)
            #expect(try await patch(#"{"active":true}"#, version: user.version).status == .preconditionFailed)
            let me = try #require(try await UserStore.find(username: "admin", on: app.db))
            let selfLock = try await app.send(.PATCH, "/api/v1/users/\(me.id)", token: admin, headers: ["If-Match": "\"\(me.version)\""], json: #"{"active":false}"#)
            #expect(selfLock.status == .unprocessableEntity)
        }
    }

    @Test("the administrator deactivates and reactivates an account on the users page; the user's session ends at once", arguments: Engine.available)
    func deactivateOnTheWeb(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let victim = try await WebSessionClient.login(app, "sagsbehandler")
            var admin = try await WebSessionClient.login(app, "admin")
            let page = try await admin.get(app, "/admin/brugere")
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            #expect(page.body.string.contains(#"action="/admin/brugere/\#(user.id.uuidString.lowercased())/aktiv""#))
            #expect(page.body.string.contains("(dig selv)"), "no button to deactivate one's own account")
            let off = try await admin.post(app, "/admin/brugere/\(user.id.uuidString.lowercased())/aktiv",
                                           form: ["active": "false", "version": String(user.version)], csrfFrom: page)
            #expect(off.status == .ok)
            #expect(off.body.string.contains("er deaktiveret og kan ikke længere logge ind"))
            #expect(off.body.string.contains("Genaktivér"))
            #expect(try await victim.get(app, "/start").status == .seeOther)
            // A stale page (the old version) changes nothing and says why.
            let stale = try await admin.post(app, "/admin/brugere/\(user.id.uuidString.lowercased())/aktiv",
                                             form: ["active": "true", "version": String(user.version)], csrfFrom: page)
            #expect(stale.status == .preconditionFailed)
            #expect(stale.body.string.contains("Nogen har gemt en nyere udgave"))
            let on = try await admin.post(app, "/admin/brugere/\(user.id.uuidString.lowercased())/aktiv",
                                          form: ["active": "true", "version": String(user.version + 1)], csrfFrom: page)
            #expect(on.status == .ok)
            #expect(on.body.string.contains("er aktiv igen"))
            _ = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await app.auditCount("user.update") == 2)
        }
    }

    // MARK: 3. Login

    @Test("failed logins are throttled per username with growing waits (429 and Retry-After), even for the right password; success resets",
          arguments: Engine.available)
    func loginThrottle(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let start = Date()
            app.openvum.now = { start }
            func attempt(_ password: String) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"teamleder","password":"\#(password)"}"#)
            }
            for _ in 1...5 { #expect(try await attempt("forkert").status == .unauthorized) }
            let blocked = try await attempt("demo")
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers.first(name: .retryAfter) == "1")
            #expect(try blocked.problem().code == "auth.throttled")
            #expect(try blocked.problem().detail.contains("Vent 1 sekund"))
            // A wrong password after the wait doubles it.
            app.openvum.now = { start.addingTimeInterval(2) }
            #expect(try await attempt("forkert").status == .unauthorized)
            #expect(try await attempt("demo").headers.first(name: .retryAfter) == "2")
            // The web form is throttled by the same counter, with a Danish page.
            let page = try await app.send(.GET, "/login")
            var client = WebSessionClient()
            client.absorb(page)
            let web = try await client.post(app, "/login", form: ["username": "teamleder", "password": "demo"], csrfFrom: page)
            #expect(web.status == .tooManyRequests)
            #expect(web.headers.first(name: .retryAfter) == "2")
            #expect(web.body.string.contains("For mange mislykkede login-forsøg") || web.body.string.contains("mislykkede login-forsøg"))
            // Other users are not affected; after the wait the right password works and resets the counter.
            #expect(try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"sagsbehandler","password":"demo"}"#).status == .ok)
            app.openvum.now = { start.addingTimeInterval(10) }
            #expect(try await attempt("demo").status == .ok)
            #expect(try await attempt("forkert").status == .unauthorized)
            #expect(try await attempt("demo").status == .ok)
            // Every refused password is audited, with the user when the name is known; throttled attempts cost no bcrypt and no row.
            #expect(try await app.auditCount("auth.login.failed") == 7)
            let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "auth.login.failed"), after: nil, limit: 10, on: app.db)
            let teamleder = try #require(try await UserStore.find(username: "teamleder", on: app.db))
            #expect(rows.items.allSatisfy { $0.userID == teamleder.id && $0.criteria?.hasPrefix("username=teamleder") == true })
            #expect(try await app.auditCount("auth.token") == 3)
        }
    }

    @Test("failed logins are throttled per client address across usernames")
    func addressThrottle() async throws {
        try await withTestApp(.sqlite) { app in
            app.openvum.loginGuard = LoginGuard(perUser: 100, perAddress: 3)
            // A frozen clock: under load a request may take longer than the first wait (1 s).
            let now = Date()
            app.openvum.now = { now }
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            var statuses: [HTTPStatus] = []
            for name in ["a1", "a2", "a3", "sagsbehandler"] {
                try await live.test(.POST, "/api/v1/auth/token", headers: ["Content-Type": "application/json"],
                                    body: ByteBuffer(string: #"{"username":"\#(name)","password":"forkert"}"#)) { res in
                    statuses.append(res.status)
                }
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
        }
    }

    @Test("an unknown username costs as much time as a known one with a wrong password (within 20 % on a quiet machine)")
    func decoyTiming() async throws {
        try await withTestApp(.sqlite) { app in
            // A realistic cost, so that bcrypt dominates; the decoy is made at start with the configured cost.
            let cost = 10
            let hash = try Bcrypt.hash("demo", cost: cost)
            try await app.sql.raw("UPDATE users SET password_hash = \(bind: hash) WHERE username = 'sagsbehandler'").run()
            app.openvum.config.bcryptCost = cost
            app.openvum.passwordDecoy = try Bcrypt.hash(Secrets.random(), cost: cost)
            let req = Request(application: app, on: app.eventLoopGroup.next())
            func time(_ username: String) async throws -> Double {
                let started = ContinuousClock.now
                let (_, principal) = try await Passwords.verify(username: username, password: "forkert", on: req)
                #expect(principal == nil)
                let d = ContinuousClock.now - started
                return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            // Pairs measured back to back (in alternating order), compared pair by pair: other tests load the machine
            // meanwhile, and two neighbouring measurements see the same load. The median ratio must be within 20 %.
            var ratios: [Double] = [], known: [Double] = [], unknown: [Double] = []
            for i in 0..<15 {
                let k1: Double, u1: Double
                if i % 2 == 0 {
                    k1 = try await time("sagsbehandler")
                    u1 = try await time("findes.ikke")
                } else {
                    u1 = try await time("findes.ikke")
                    k1 = try await time("sagsbehandler")
                }
                ratios.append(u1 / k1)
                known.append(k1)
                unknown.append(u1)
            }
            let r = ratios.sorted()[ratios.count / 2]
            let k = known.sorted()[known.count / 2], u = unknown.sorted()[unknown.count / 2]
            // Within 20 % when the machine is quiet (scripts/test runs this test again on its own with
            // OPENVUM_STRICT_TIMING=1); within a factor of 2 amid the parallel suite, which still catches a decoy of
            // another cost (each step of bcrypt's cost doubles its time: the old decoy was 64 times faster).
            let bound = ProcessInfo.processInfo.environment["OPENVUM_STRICT_TIMING"] == "1" ? 0.2 : 0.5
            #expect(abs(1 - r) / max(1, r) < bound, "median unknown/known ratio \(r); medians known \(k) s, unknown \(u) s")
            #expect(min(k, u) > 0.02, "bcrypt at cost 10 takes tens of milliseconds; measured \(k), \(u)")
        }
    }

    @Test("token issuance, web login and logout are audited", arguments: Engine.available)
    func authAudit(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            _ = try await app.token("sagsbehandler")
            #expect(try await app.auditCount("auth.token") == 1)
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await app.auditCount("auth.login") == 1)
            let start = try await web.get(app, "/start")
            #expect(try await web.post(app, "/logout", form: [:], csrfFrom: start).status == .seeOther)
            #expect(try await app.auditCount("auth.logout") == 1)
        }
    }

    // MARK: 4. Scope

    @Test("one scope rule for the API and the web: a team sees its own cases and their citizens; nobody else does", arguments: Engine.available)
    func oneScopeRule(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            // The team leader (both teams) opens a case in the handicap team for a citizen of the psychiatry team.
            let leader = try await app.token("teamleder")
            let jonas = DemoData.citizenIDs[3]
            let created = try await app.send(.POST, "/api/v1/cases", token: leader, json: """
                {"citizenId":"\(jonas)","origin":"inquiry","responsibleUnitId":"\(DemoData.teamHandicapID)"}
                """)
            #expect(created.status == .created, "\(created.body.string)")
            let caseID = try #require(try created.json()["id"] as? String)

            // A caseworker of the handicap team: the case, and so its citizen, through the API and the web alike.
            let cw = try await app.token("sagsbehandler")
            #expect(try await app.send(.GET, "/api/v1/cases/\(caseID)", token: cw).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/citizens/\(jonas)", token: cw).status == .ok)
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await web.get(app, "/sager/\(caseID)").status == .ok)
            #expect(try await web.get(app, "/borgere/\(jonas)").status == .ok)
            // A caseworker of the psychiatry team: the citizen (theirs), not the other team's case — the same in both.
            let admin = try await app.token("admin")
            let psych = try await app.send(.POST, "/api/v1/users", token: admin, json: """
                {"username":"psyk","password":"en lang nok adgangskode","displayName":"Pia Psyk","role":"caseworker","unitIds":["\(DemoData.teamPsychiatryID)"]}
                """)
            #expect(psych.status == .created)
            let p = try await app.token("psyk", password: "en lang nok adgangskode")
            #expect(try await app.send(.GET, "/api/v1/citizens/\(jonas)", token: p).status == .ok)
            let apiCase = try await app.send(.GET, "/api/v1/cases/\(caseID)", token: p)
            let missing = try await app.send(.GET, "/api/v1/cases/\(UUID())", token: p)
            #expect(apiCase.status == .notFound)
            #expect(try apiCase.problem().detail == (try missing.problem().detail))
            let pweb = try await WebSessionClient.login(app, "psyk", password: "en lang nok adgangskode")
            #expect(try await pweb.get(app, "/sager/\(caseID)").status == .notFound)
            #expect(try await pweb.get(app, "/borgere/\(jonas)").status == .ok)
            let cases = try await app.send(.GET, "/api/v1/cases?citizenId=\(jonas)", token: p).json()["items"] as? [Any]
            #expect(cases?.isEmpty == true)
            // The handicap caseworker's citizen list includes the citizen too (one rule for lists as for reads).
            let list = try await app.send(.GET, "/api/v1/citizens?limit=100", token: cw).json()["items"] as? [[String: Any]] ?? []
            #expect(list.contains { $0["id"] as? String == jonas.uuidString })
        }
    }

    @Test("registering a CPR number known elsewhere answers like a new registration and is audited; a known one is a conflict, audited too",
          arguments: Engine.available)
    func citizenRegistrationRevealsNothing(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let cw = try await app.token("sagsbehandler")
            // Jonas Jensen (1709884343) is registered by the psychiatry team, which the caseworker cannot see.
            #expect(try await app.send(.POST, "/api/v1/citizens/search", token: cw, json: #"{"cpr":"1709884343"}"#).json()["items"] as? [Any] != nil)
            let search = try await app.send(.POST, "/api/v1/citizens/search", token: cw, json: #"{"cpr":"1709884343"}"#).json()["items"] as? [Any]
            #expect(search?.isEmpty == true)
            func register(_ cpr: String) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "/api/v1/citizens", token: cw, json: """
                    {"cpr":"\(cpr)","givenName":"Jonas","familyName":"Jensen","responsibleUnitId":"\(DemoData.teamHandicapID)"}
                    """)
            }
            let known = try await register("1709884343")
            let new = try await register("0101904444")
            #expect(known.status == .created)
            #expect(new.status == .created)
            #expect(known.headers.first(name: .location) != nil && new.headers.first(name: .location) != nil)
            #expect(Set(try known.json().keys) == Set(try new.json().keys))
            #expect(try known.json()["id"] as? String == DemoData.citizenIDs[3].uuidString, "the existing registration, not a duplicate")
            // Now the team may work with the citizen (a search shows what the registration showed).
            let after = try await app.send(.POST, "/api/v1/citizens/search", token: cw, json: #"{"cpr":"1709884343"}"#).json()["items"] as? [Any]
            #expect(after?.count == 1)
            // A CPR number the caller can see already is a conflict, as a search would show.
            let again = try await register("0101904444")
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "citizen.cpr.exists")
            let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, after: nil, limit: 50, on: app.db).items
            let creates = rows.filter { $0.action == "citizen.create" }
            #expect(creates.count == 2)
            #expect(creates.contains { $0.criteria?.contains("existing-registration") == true && $0.criteria?.contains("170988-****") == true })
            let refused = rows.filter { $0.action == "citizen.create.refused" }
            #expect(refused.count == 1)
            #expect(refused.first?.criteria?.contains("reason=citizen.cpr.exists") == true)
            #expect(!rows.contains { ($0.criteria ?? "").contains("1709884343") || ($0.criteria ?? "").contains("0101904444") })
        }
    }

    // MARK: 5. Low

    @Test("after login only a known local page is followed: no //host, /\\host, control characters or unknown paths")
    func openRedirect() async throws {
        try await withTestApp(.sqlite) { app in
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            let principal = try #require(try await UserStore.principal(userID: user.id, on: app.db))
            let first = try await CaseStore.list(principal: principal, filter: .init(), after: nil, limit: 1, on: app.db).items.first
            let caseID = try #require(first).id
            let cases: [(String, String)] = [
                ("/sager", "/sager"),
                ("/sager/\(caseID.uuidString.lowercased())", "/sager/\(caseID.uuidString.lowercased())"),
                ("//evil.example", "/start"),
                ("/\\evil.example", "/start"),
                ("/%5Cevil.example", "/start"),
                ("/sager%0d%0aSet-Cookie:x=y", "/start"),
                ("/sager\r\nLocation: //evil", "/start"),
                ("https://evil.example/", "/start"),
                ("/api/v1/me", "/start"),
                ("/findes-ikke", "/start"),
                ("/login", "/start"),
                ("/sager/../admin", "/start"),
            ]
            for (next, expected) in cases {
                let page = try await app.send(.GET, "/login")
                var client = WebSessionClient()
                client.absorb(page)
                var components = URLComponents()
                components.path = "/login"
                components.queryItems = [URLQueryItem(name: "next", value: next)]
                let res = try await client.post(app, components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? ""),
                                                form: ["username": "sagsbehandler", "password": "demo"], csrfFrom: page)
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == expected, "next=\(next.debugDescription)")
            }
        }
    }

    @Test("the login form's CSRF cookie is accepted only on the login form")
    func loginCSRFCookieOnlyOnLogin() async throws {
        try await withTestApp(.sqlite) { app in
            var admin = try await WebSessionClient.login(app, "admin")
            // The attacker's token: a login page's double-submit value, planted as the cookie and sent as the field.
            let login = try await app.send(.GET, "/login")
            let planted = try #require(csrfToken(in: login.body.string))
            admin.cookies[CSRF.loginCookie] = HTTPCookies.Value(string: planted)
            let form = ["username": "plantet", "displayName": "P", "password": "en lang nok adgangskode", "role": "administrator", "_csrf": planted]
            let res = try await app.send(.POST, "/admin/brugere", form: form, cookies: admin.cookies)
            #expect(res.status == .forbidden)
            #expect(try await UserStore.find(username: "plantet", on: app.db) == nil)
            let logout = try await app.send(.POST, "/logout", form: ["_csrf": planted], cookies: admin.cookies)
            #expect(logout.status == .forbidden)
        }
    }

    @Test("the server makes its own request id; a client's X-Request-Id is kept apart, bounded")
    func requestIDs() async throws {
        try await withTestApp(.sqlite) { app in
            let token = try await app.token("sagsbehandler")
            let res = try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: token, headers: ["X-Request-Id": "klient-42"])
            let server = try #require(res.headers.first(name: "X-Request-Id"))
            #expect(server != "klient-42")
            #expect(UUID(uuidString: server) != nil)
            let row = try #require(try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "citizen.read"), after: nil, limit: 1, on: app.db).items.first)
            #expect(row.requestID == server)
            #expect(row.clientRequestID == "klient-42")
            let long = String(repeating: "x", count: 10_000)
            let res2 = try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: token, headers: ["X-Request-Id": long])
            #expect(res2.headers.first(name: "X-Request-Id")?.count == 36)
            let row2 = try #require(try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "citizen.read"), after: nil, limit: 1, on: app.db).items.first)
            #expect(row2.clientRequestID == nil)
            #expect(row2.requestID == res2.headers.first(name: "X-Request-Id"))
            let problem = try await app.send(.GET, "/api/v1/cases/\(UUID())", token: token, headers: ["X-Request-Id": "<script>"])
            let problemID = try #require(problem.headers.first(name: "X-Request-Id"))
            #expect(problem.body.string.contains(problemID))
            #expect(!problem.body.string.contains("<script>"))
        }
    }

    @Test("security headers: HSTS (configurable), CSP with base-uri 'none' and no scripts, Permissions-Policy; the session cookie ends with the browser")
    func headers() async throws {
        try await withTestApp(.sqlite) { app in
            let page = try await app.send(.GET, "/login")
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("base-uri 'none'"))
            #expect(csp.contains("script-src 'none'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(page.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true)
            app.openvum.config.hstsSeconds = 0
            #expect(try await app.send(.GET, "/login").headers.first(name: "Strict-Transport-Security") == nil)

            let token = try #require(csrfToken(in: page.body.string))
            var jar = HTTPCookies()
            for (n, v) in page.headers.setCookie?.all ?? [:] { jar[n] = HTTPCookies.Value(string: v.string) }
            let login = try await app.send(.POST, "/login", form: ["username": "sagsbehandler", "password": "demo", "_csrf": token], cookies: jar)
            let raw = try #require(login.headers[.setCookie].first { $0.hasPrefix("openvum_session=") })
            #expect(!raw.lowercased().contains("max-age") && !raw.lowercased().contains("expires"), "\(raw)")
        }
    }

    @Test("sessions that can no longer be used are removed when someone logs in")
    func expiredSessionsArePurged() async throws {
        try await withTestApp(.sqlite) { app in
            _ = try await WebSessionClient.login(app, "sagsbehandler")
            _ = try await WebSessionClient.login(app, "teamleder")
            func sessions() async throws -> Int { try await app.sql.raw("SELECT COUNT(*) AS n FROM web_sessions").first()!.decode(column: "n", as: Int.self) }
            #expect(try await sessions() == 2)
            let later = Date().addingTimeInterval(13 * 3600)
            app.openvum.now = { later }
            _ = try await WebSessionClient.login(app, "admin")
            #expect(try await sessions() == 1)
        }
    }

    @Test("the audit log refuses DELETE (and UPDATE) except through the purge", arguments: Engine.available)
    func auditLogAppendOnly(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            _ = try await app.token("sagsbehandler")
            let before = try await AuditStore.count(on: app.db)
            #expect(before > 0)
            await #expect(throws: (any Error).self) { try await app.sql.raw("DELETE FROM audit_log").run() }
            await #expect(throws: (any Error).self) { try await app.sql.raw("UPDATE audit_log SET action = 'x'").run() }
            if engine == .postgres {
                await #expect(throws: (any Error).self) { try await app.sql.raw("TRUNCATE audit_log").run() }
            }
            #expect(try await AuditStore.count(on: app.db) == before)
            // The purge deletes what is older than the cutoff, and nothing else.
            #expect(try await AuditStore.purge(before: Date().addingTimeInterval(-86400), on: app.db) == 0)
            #expect(try await AuditStore.purge(before: Date().addingTimeInterval(60), on: app.db) == before)
            #expect(try await AuditStore.count(on: app.db) == 0)
            // And the gate is shut again afterwards.
            _ = try await app.token("sagsbehandler")
            await #expect(throws: (any Error).self) { try await app.sql.raw("DELETE FROM audit_log").run() }
        }
    }
}
