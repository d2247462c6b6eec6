import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// The citizen's own page (issue 16 item 6) on both engines: the `borger` account sees their own case with a plain
/// status, their documents sent to them (and not the internal ones), and who looked — the caseworker's unit and
/// purpose, never the caseworker's name, and never the citizen's own visits; nothing of other citizens.
@Suite("Citizen's own page: own cases, documents sent to them, who looked")
struct CitizenPortalWebTests {
    @Test("the borger's page: their case and status, a decision they can open but not the medical statement, the caseworker's lookups by unit and purpose without the name, their own visits not listed, no other citizen's case",
          arguments: Engine.available)
    func ownPage(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            // The demo's case of the borger (opened for DemoData.citizenIDs[0]); another citizen's for contrast.
            let own = try #require(try await app.sql.raw("SELECT id, case_number FROM cases WHERE citizen_id = \(bind: DemoData.citizenIDs[0])").first())
            let caseID = try own.decode(column: "id", as: UUID.self), number = try own.decode(column: "case_number", as: String.self)
            let other = try #require(try await app.sql.raw("SELECT case_number FROM cases WHERE citizen_id <> \(bind: DemoData.citizenIDs[0])").first())
                .decode(column: "case_number", as: String.self)

            // The caseworker reads the case and attaches a decision and a medical statement.
            #expect(try await app.send(.GET, "/api/v1/cases/\(caseID.uuidString)", token: token).status == .ok)
            let base = "/api/v1/cases/\(caseID.uuidString)/documents"
            let decision = try await app.send(.POST, base, token: token, multipart: DocumentTests.upload("decision", title: "Afgørelse om bostøtte", date: "2026-11-20"))
            let medical = try await app.send(.POST, base, token: token, multipart: DocumentTests.upload("medicalStatement", title: "Lægeerklæring", date: "2026-11-01"))
            try #require(decision.status == .created && medical.status == .created)
            let decisionID = try #require(try decision.json()["id"] as? String).lowercased()
            let medicalID = try #require(try medical.json()["id"] as? String).lowercased()

            let web = try await WebSessionClient.login(app, "borger")
            _ = try await web.get(app, "/start")
            let page = try await web.get(app, "/start")
            let html = page.body.string
            #expect(page.status == .ok)
            #expect(html.contains("Mine sager") && html.contains(number) && html.contains("Vi har modtaget din henvendelse"))
            #expect(!html.contains(other))
            #expect(html.contains("Afgørelse om bostøtte") && !html.contains("Lægeerklæring"))
            // Who looked: the caseworker's unit and the purpose, never the caseworker's name; the borger's own visits not at all.
            let unit = try #require(try await app.sql.raw("""
                SELECT u.name FROM audit_log a JOIN org_units u ON u.id = a.unit_id WHERE a.citizen_id = \(bind: DemoData.citizenIDs[0]) AND a.action = 'case.read'
                """).first()).decode(column: "name", as: String.self)
            #expect(html.contains("Hvem har set mine oplysninger") && html.contains(unit) && html.contains("Behandling af din sag"))
            #expect(!html.contains("Sanne Sagsbehandler") && !html.contains("Opslag i dine personoplysninger"))
            let own_visits = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE citizen_id = \(bind: DemoData.citizenIDs[0]) AND action = 'citizen.read'")
                .first()!.decode(column: "n", as: Int.self)
            #expect(own_visits >= 2)

            // The decision opens; the medical statement is as if it did not exist; another citizen's case is not theirs.
            #expect(try await web.get(app, "/sager/\(caseID.uuidString.lowercased())/dokumenter/\(decisionID)").status == .ok)
            let hidden = try await web.get(app, "/sager/\(caseID.uuidString.lowercased())/dokumenter/\(medicalID)")
            let missing = try await web.get(app, "/sager/\(caseID.uuidString.lowercased())/dokumenter/\(UUID().uuidString.lowercased())")
            #expect(hidden.status == .notFound && missing.status == .notFound)
            let cw = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await cw.get(app, "/sager/\(caseID.uuidString.lowercased())/dokumenter/\(medicalID)").status == .ok)
        }
    }

    @Test("the borger's view on a goal: refused without a colour (Danish, at the goal, nothing saved); saved with colour and sentence, shown on her page and on the caseworker's case page; a case not hers answers as missing",
          arguments: Engine.available)
    func goalView(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let own = try #require(try await app.sql.raw("SELECT id, document FROM cases WHERE citizen_id = \(bind: DemoData.citizenIDs[0])").first())
            let caseID = try own.decode(column: "id", as: UUID.self)
            // A goal on her case, as the assessment would have written it.
            var document = try JSONDecoder().decode(CaseDocument.self, from: Data(try own.decode(column: "document", as: String.self).utf8))
            var goal = Goal()
            goal.id = UUID()
            goal.text = "Handle ind selv en gang om ugen"
            document.goals = [goal]
            try await app.sql.raw("UPDATE cases SET document = \(bind: String(decoding: try JSONEncoder().encode(document), as: UTF8.self)) WHERE id = \(bind: caseID)").run()
            let goalID = try #require(goal.id).uuidString.lowercased()
            let path = "/mine-sager/\(caseID.uuidString.lowercased())/maal/\(goalID)"
            func count() async throws -> Int { try await app.sql.raw("SELECT COUNT(*) AS n FROM citizen_goal_views").first()!.decode(column: "n", as: Int.self) }

            var web = try await WebSessionClient.login(app, "borger")
            var page = try await web.get(app, "/start")
            #expect(page.body.string.contains("Mine mål") && page.body.string.contains("Handle ind selv en gang om ugen"))
            page = try await web.post(app, path, form: ["sentence": "Det går lidt bedre"], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Vælg grøn, gul eller rød.") && page.body.string.contains("Det går lidt bedre"))
            #expect(try await count() == 0)
            page = try await web.post(app, path, form: ["colour": "yellow", "sentence": "Det går lidt bedre <b>nu</b>"], csrfFrom: page)
            #expect(page.status == .seeOther || page.status == .ok)
            #expect(try await count() == 1)
            let mine = try await web.get(app, "/start").body.string
            #expect(mine.contains("Gul – det går lidt") && mine.contains("Det går lidt bedre &lt;b&gt;nu&lt;/b&gt;"))

            // The caseworker sees it on the case.
            let cw = try await WebSessionClient.login(app, "sagsbehandler")
            let casePage = try await cw.get(app, "/sager/\(caseID.uuidString.lowercased())").body.string
            #expect(casePage.contains("Borgerens eget syn på målene") && casePage.contains("Gul – det går lidt"))

            // Another citizen's case, or a goal not on her case: as if missing; nothing saved.
            let other = try #require(try await app.sql.raw("SELECT id FROM cases WHERE citizen_id <> \(bind: DemoData.citizenIDs[0])").first()).decode(column: "id", as: UUID.self)
            page = try await web.get(app, "/start")
            let foreign = try await web.post(app, "/mine-sager/\(other.uuidString.lowercased())/maal/\(goalID)", form: ["colour": "red"], csrfFrom: page)
            let missing = try await web.post(app, "/mine-sager/\(caseID.uuidString.lowercased())/maal/\(UUID().uuidString.lowercased())", form: ["colour": "red"], csrfFrom: page)
            #expect(foreign.status == .notFound && missing.status == .notFound)
            #expect(try await count() == 1)
        }
    }
}
