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
            let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, after: nil, limit: 50, audit: nil, on: app.db).items
            let creates = rows.filter { $0.action == "citizen.create" }
            #expect(creates.count == 2)
            #expect(creates.contains { $0.criteria?.contains("existing-registration") == true && $0.criteria?.contains("170988-****") == true })
            let refused = rows.filter { $0.action == "citizen.create.refused" }
            #expect(refused.count == 1)
            #expect(refused.first?.criteria?.contains("reason=citizen.cpr.exists") == true)
            #expect(!rows.contains { ($0.criteria ?? "").contains("1709884343") || ($0.criteria ?? "").contains("0101904444") })
        }
    }
}
