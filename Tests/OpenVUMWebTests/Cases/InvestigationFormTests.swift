import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Sagsoplysning by the method's structure: themes as accordions, one row per subtheme, Åbn alle")
struct InvestigationFormTests {
    @Test("each subtheme is one row with its checkbox and (activity and participation) its level and severity word; Åbn alle opens every theme and saves nothing")
    func rows() async throws {
        try await withTestApp(.sqlite) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let t = try await app.openvum.terminology.current(on: app.db)
            let conditions = t.valueSet(FFBValueSet.conditions), levels = t.valueSet(FFBValueSet.activityAndParticipation)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.move("investigation")
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let path = "/sager/\(c.id)/sagsoplysning"
            var page = try await web.get(app, path)
            let rows = page.body.string.components(separatedBy: #"<div class="subtheme-row">"#).dropFirst()
            #expect(rows.count == conditions.count)
            #expect(rows.filter { $0.contains(#"name="level."#) }.count == levels.count)
            // The level's row is its subtheme's row.
            let subtheme = levels[0].code
            let row = try #require(rows.first { $0.contains(#"value="\#(subtheme)""#) && $0.contains(#"name="investigation.assessedSubthemes""#) })
            #expect(row.contains(#"name="level.\#(subtheme)""#))
            let themeCount = page.body.string.components(separatedBy: #"<details class="theme accordion details""#).count - 1
            #expect(themeCount > 3 && !page.body.string.contains(#"<details class="theme accordion details" open"#))

            // "Åbn alle": every theme open, the text typed kept, nothing saved.
            let version = String(c.etag.filter(\.isNumber))
            page = try await web.post(app, path, form: ["version": version, "vis": "alle", "investigation.overallFunctionalAssessment": "Har brug for struktur",
                                                        "level.\(subtheme)": "2,5"], csrfFrom: page)
            #expect(page.status == .ok)
            #expect(page.body.string.components(separatedBy: #"<details class="theme accordion details" open="open""#).count - 1 == themeCount)
            #expect(page.body.string.contains("Har brug for struktur") && page.body.string.contains(#"value="2,5""#))
            #expect(page.body.string.contains("Luk alle temaer"))
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(String(c.etag.filter(\.isNumber)) == version && c.value("/investigation/functionalLevels") == nil)

            // Saved: the severity word beside the number, and the theme counts the row.
            page = try await web.post(app, path, form: ["version": version, "investigation.assessedSubthemes": subtheme, "level.\(subtheme)": "2,5",
                                                        "investigation.overallFunctionalAssessment": "Har brug for struktur"], csrfFrom: page)
            #expect(page.status == .seeOther)
            page = try await web.get(app, path)
            #expect(page.body.string.contains(#"class="severity">2,5 – Svært nedsat funktionsevne</span>"#))
            #expect(page.body.string.contains("1 af "))
        }
    }
}
