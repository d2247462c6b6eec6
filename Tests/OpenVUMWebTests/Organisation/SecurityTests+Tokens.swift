import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
import OpenVUMTestSupport
@testable import OpenVUMWeb
import SQLKit
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
}
