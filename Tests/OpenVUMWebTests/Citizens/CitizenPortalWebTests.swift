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
}
