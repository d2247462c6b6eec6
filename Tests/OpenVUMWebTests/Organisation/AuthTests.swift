import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Authentication")
struct AuthTests {
    @Test("API token: valid login, wrong password, missing, malformed and expired tokens", arguments: Engine.available)
    func apiTokens(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let me = try await app.send(.GET, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.json()["role"] as? String == "caseworker")
            #expect(try me.json()["username"] as? String == "sagsbehandler")

            let wrong = try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"sagsbehandler","password":"forkert"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.problem().detail == "Forkert brugernavn eller adgangskode.")
            let unknown = try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"findesikke","password":"demo"}"#)
            #expect(unknown.status == .unauthorized)

            let missing = try await app.send(.GET, "/api/v1/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer") == true)
            #expect(try missing.problem().title == "Log ind først")

            let malformed = try await app.send(.GET, "/api/v1/me", token: "abc.def.ghi")
            #expect(malformed.status == .unauthorized)
            #expect(try malformed.problem().code == "auth.token.invalid")
            let notBearer = try await app.send(.GET, "/api/v1/me", headers: ["Authorization": "Basic Zm9vOmJhcg=="])
            #expect(notBearer.status == .unauthorized)

            // A token issued two hours ago has expired.
            let real = app.openvum.now
            app.openvum.now = { real().addingTimeInterval(-7200) }
            let old = try await app.token("sagsbehandler")
            app.openvum.now = real
            let expired = try await app.send(.GET, "/api/v1/me", token: old)
            #expect(expired.status == .unauthorized)
            #expect(try expired.problem().code == "auth.token.invalid")

            // A token signed with another key is refused.
            let forged = token.split(separator: ".").prefix(2).joined(separator: ".") + ".c2lnbmF0dXJl"
            #expect(try await app.send(.GET, "/api/v1/me", token: forged).status == .unauthorized)
        }
    }

    @Test("web login: secure session cookie, rotation at login, logout ends the session", arguments: Engine.available)
    func webLogin(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var first = try await WebSessionClient.login(app, "sagsbehandler")
            let start = try await first.get(app, "/start")
            #expect(start.status == .ok)
            #expect(start.body.string.contains("Sanne Sagsbehandler"))
            #expect(start.body.string.contains(#"<html lang="da">"#))

            // The cookie's attributes.
            let page = try await app.send(.GET, "/login")
            let token = try #require(csrfToken(in: page.body.string))
            var jar = HTTPCookies()
            for (n, v) in page.headers.setCookie?.all ?? [:] { jar[n] = HTTPCookies.Value(string: v.string) }
            let login = try await app.send(.POST, "/login", form: ["username": "sagsbehandler", "password": "demo", "_csrf": token], cookies: jar)
            let raw = login.headers[.setCookie].first { $0.hasPrefix("openvum_session=") } ?? ""
            #expect(raw.contains("Secure"))
            #expect(raw.contains("HttpOnly"))
            #expect(raw.contains("SameSite=Lax"))

            // Logging in again with the old cookie rotates: the old session stops working.
            let oldCookies = first.cookies
            let again = try await app.send(.GET, "/login", cookies: oldCookies)
            #expect(again.status == .seeOther) // already logged in
            var second = WebSessionClient()
            second.cookies = oldCookies
            let loginPage = try await app.send(.GET, "/login")
            second.absorb(loginPage)
            second.cookies[WebSession.cookieName] = oldCookies[WebSession.cookieName]
            let relogin = try await second.post(app, "/login", form: ["username": "sagsbehandler", "password": "demo"], csrfFrom: loginPage)
            #expect(relogin.status == .seeOther)
            #expect(second.cookies[WebSession.cookieName]?.string != oldCookies[WebSession.cookieName]?.string)
            #expect(try await app.send(.GET, "/start", cookies: oldCookies).status == .seeOther)
            #expect(try await second.get(app, "/start").status == .ok)

            // Logout ends the session on the server, not only in the browser.
            let startPage = try await second.get(app, "/start")
            let beforeLogout = second.cookies
            let out = try await second.post(app, "/logout", form: [:], csrfFrom: startPage)
            #expect(out.status == .seeOther)
            #expect(second.cookies[WebSession.cookieName] == nil)
            #expect(try await app.send(.GET, "/start", cookies: beforeLogout).status == .seeOther)
            _ = first
        }
    }

    @Test("a session expires after the idle time and after the absolute time", arguments: Engine.available)
    func sessionExpiry(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let client = try await WebSessionClient.login(app, "sagsbehandler")
            let real = app.openvum.now
            app.openvum.now = { real().addingTimeInterval(29 * 60) }
            #expect(try await client.get(app, "/start").status == .ok) // touches the session
            app.openvum.now = { real().addingTimeInterval(29 * 60 + 31 * 60) }
            let idle = try await client.get(app, "/start")
            #expect(idle.status == .seeOther)
            #expect(idle.headers.first(name: .location)?.contains("udloebet=1") == true)
            let login = try await app.send(.GET, idle.headers.first(name: .location)!)
            #expect(login.body.string.contains("Din session er udløbet"))

            let active = try await WebSessionClient.login(app, "sagsbehandler")
            var t: TimeInterval = 0
            while t < 12 * 3600 - 20 * 60 {
                t += 20 * 60
                let offset = t
                app.openvum.now = { real().addingTimeInterval(29 * 60 + 31 * 60 + offset) }
                _ = try await active.get(app, "/start")
            }
            #expect(try await active.get(app, "/start").status == .ok)
            app.openvum.now = { real().addingTimeInterval(29 * 60 + 31 * 60 + 12 * 3600 + 60) }
            #expect(try await active.get(app, "/start").status == .seeOther)
        }
    }

    @Test("every demo role logs in on the web and sees its own start page")
    func startPagePerRole() async throws {
        try await withTestApp(.sqlite) { app in
            for user in DemoData.users {
                let client = try await WebSessionClient.login(app, user.username)
                let start = try await client.get(app, "/start")
                #expect(start.status == .ok)
                #expect(start.body.string.contains("(\(user.role.danishName))"), "\(user.username)")
            }
        }
    }
}
