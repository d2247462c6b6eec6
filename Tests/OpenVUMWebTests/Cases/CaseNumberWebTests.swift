import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Case numbers: given on opening, shown, searched and filtered by")
struct CaseNumberWebTests {
    static func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test("each case gets the next number of its municipality and opening year; the API shows it, finds a case by it and refuses to change it",
          arguments: Engine.available)
    func numbering(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            app.openvum.now = { Self.at("2031-03-02T10:00:00Z") }
            var a = CaseClient(app: app, token: token), b = CaseClient(app: app, token: token), c = CaseClient(app: app, token: token)
            try await a.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "paragraphsAppliedFor": ["SEL § 85"]])
            try await b.create(["citizenId": DemoData.citizenIDs[2].uuidString, "origin": "inquiry"])
            app.openvum.now = { Self.at("2032-01-02T08:00:00Z") }
            try await c.create(["citizenId": DemoData.citizenIDs[0].uuidString, "origin": "inquiry"])
            #expect(a.value("/caseNumber") as? String == "2031-00001")
            #expect(b.value("/caseNumber") as? String == "2031-00002")
            #expect(c.value("/caseNumber") as? String == "2032-00001")
            #expect(a.value("/paragraphs") as? String == "SEL § 85")
            #expect(b.value("/paragraphs") == nil)

            // Found by number, typed with or without the leading zeros; only that case.
            for typed in ["2031-00002", "2031-2"] {
                let list = try await app.send(.GET, "/api/v1/cases?caseNumber=\(typed)", token: token)
                let items = try #require((try list.json())["items"] as? [[String: Any]])
                #expect(items.map { $0["id"] as? String } == [b.id])
                #expect(items.first?["caseNumber"] as? String == "2031-00002")
                #expect(items.first?["caseworkerName"] as? String == "Sanne Sagsbehandler")
            }
            let bad = try await app.send(.GET, "/api/v1/cases?caseNumber=31-2", token: token)
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.problem().errors?.first?.field == "caseNumber")

            // The number is the case's for good: a patch that changes it is refused and changes nothing.
            let refused = try await a.patchResponse(["caseNumber": "2031-00009"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.problem().errors?.map(\.field) == ["/caseNumber"])
            let again = try await app.send(.GET, "/api/v1/cases/\(a.id)", token: token)
            #expect((try again.json())["caseNumber"] as? String == "2031-00001")

            // What the case is about follows the case: a recommended intervention replaces what was applied for.
            try await a.move("investigation")
            try await a.move("assessment")
            let t = try await app.openvum.terminology.current(on: app.db)
            let codes = Codes(t: t)
            try await a.patch(["interventions": [["services": [["code": codes.first(FFBValueSet.interventions), "paragraph": "SEL § 107"]]]]])
            #expect(a.value("/paragraphs") as? String == "SEL § 107")
        }
    }

    @Test("the search box finds a case by its number, and every result shows each citizen's cases with number, paragraph, phase and caseworker",
          arguments: Engine.available)
    func search(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            app.openvum.now = { Self.at("2031-03-02T10:00:00Z") }
            var a = CaseClient(app: app, token: token)
            try await a.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "paragraphsAppliedFor": ["SEL § 85"]])
            let citizen = DemoData.citizens[1]
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            var page = try await web.get(app, "/borgere")
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": " 2031-1 "], csrfFrom: page)
            #expect(page.status == .ok)
            let result = try #require(page.body.string.components(separatedBy: "Søgeresultat").last?.components(separatedBy: "Alle borgere").first)
            #expect(result.contains(citizen.family) && result.contains(">Sag 2031-00001</a>"))
            #expect(result.contains("SEL § 85 · Sagsåbning · Sanne Sagsbehandler"))
            #expect(result.contains(#"<li class="marked">"#))
            // The field shows the number as it is written.
            #expect(page.body.string.contains(#"value="2031-00001""#))
            // A name search shows the same citizen with the case.
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": citizen.given], csrfFrom: page)
            #expect(page.body.string.contains(">Sag 2031-00001</a>"))
            // A number that is no case in the reader's scope finds nothing, and says so.
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": "2031-00077"], csrfFrom: page)
            #expect(page.body.string.contains("Ingen borger eller sag, som du har adgang til, passer på søgningen."))
            #expect(try await app.auditCount("citizen.search") >= 3)
            // The case page's header names the number.
            let casePage = try await web.get(app, "/sager/\(a.id)")
            #expect(casePage.body.string.contains("<dt>Sagsnummer</dt><dd>2031-00001</dd>"))
        }
    }

    @Test("the worklist filters by phase and overdue deadlines and sorts by deadline, citizen, newest or case number", arguments: Engine.available)
    func worklistOptions(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            // Three own cases besides the demo's two: opened on different days, one moved on.
            app.openvum.now = { Self.at("2031-03-02T10:00:00Z") }
            var a = CaseClient(app: app, token: token), b = CaseClient(app: app, token: token), c = CaseClient(app: app, token: token)
            try await a.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            app.openvum.now = { Self.at("2031-03-05T10:00:00Z") }
            try await b.create(["citizenId": DemoData.citizenIDs[2].uuidString, "origin": "inquiry"])
            try await b.move("investigation")
            app.openvum.now = { Self.at("2031-03-09T10:00:00Z") }
            try await c.create(["citizenId": DemoData.citizenIDs[0].uuidString, "origin": "inquiry"])
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            func numbers(_ query: String) async throws -> [String] {
                let page = try await web.get(app, "/sager\(query)")
                #expect(page.status == .ok)
                let own = page.body.string.components(separatedBy: "Mine åbne sager").last ?? ""
                return own.matches(of: /data-title="Sag">(20\d\d-\d{5})</).map { String($0.output.1) }
            }
            let mine = ["2031-00001", "2031-00002", "2031-00003"]
            // Only the investigation phase.
            #expect(try await numbers("?fase=sagsoplysning").filter(mine.contains) == ["2031-00002"])
            // By case number and newest first (the demo's own cases are from today's year, before or after).
            #expect(try await numbers("?sortering=sagsnummer").filter(mine.contains) == mine)
            #expect(try await numbers("?sortering=nyeste").filter(mine.contains) == ["2031-00003", "2031-00002", "2031-00001"])
            // By citizen: the names in Danish order.
            let byName = try await numbers("?sortering=borger").filter(mine.contains)
            let names = [(DemoData.citizens[1], "2031-00001"), (DemoData.citizens[2], "2031-00002"), (DemoData.citizens[0], "2031-00003")]
                .sorted { "\($0.0.given) \($0.0.family)".compare("\($1.0.given) \($1.0.family)", locale: Locale(identifier: "da_DK")) == .orderedAscending }
            #expect(byName == names.map(\.1))
            // Overdue only: on 2031-03-09 nothing of these is overdue yet.
            #expect(try await numbers("?overskredne=1").filter(mine.contains).isEmpty)
            // An unknown value is ignored, not an error.
            #expect(try await numbers("?fase=x&sortering=y").filter(mine.contains).count == 3)
        }
    }
}
