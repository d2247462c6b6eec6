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
            let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "auth.login.failed"), after: nil, limit: 10, audit: nil, on: app.db)
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
}
