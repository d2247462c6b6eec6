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

extension SecurityTests {
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
            let row = try #require(try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "citizen.read"), after: nil, limit: 1, audit: nil, on: app.db).items.first)
            #expect(row.requestID == server)
            #expect(row.clientRequestID == "klient-42")
            let long = String(repeating: "x", count: 10_000)
            let res2 = try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: token, headers: ["X-Request-Id": long])
            #expect(res2.headers.first(name: "X-Request-Id")?.count == 36)
            let row2 = try #require(try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "citizen.read"), after: nil, limit: 1, audit: nil, on: app.db).items.first)
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
