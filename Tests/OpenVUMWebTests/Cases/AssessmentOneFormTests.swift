import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Sagsvurdering is one form: nothing typed in one part is lost when another part's button is pressed")
struct AssessmentOneFormTests {
    @Test("the assessment, a goal and an intervention are saved together; a refusal anywhere saves nothing and shows everything as typed; Fjern keeps what was typed",
          arguments: Engine.available)
    func oneForm(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.move("investigation")
            try await c.move("assessment")
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let path = "/sager/\(c.id)/sagsvurdering"
            var page = try await web.get(app, path)
            // One form: every field and button of the page posts to it.
            #expect(page.body.string.components(separatedBy: #"name="section" value="all""#).count == 2)
            #expect(!page.body.string.contains(#"name="section" value="goal""#) && !page.body.string.contains(#"name="section" value="intervention""#))
            func post(_ form: [String: String], _ status: HTTPResponseStatus = .seeOther, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let version = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).headers.first(name: .eTag)!.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                var f = form
                f["version"] = version
                f["section"] = "all"
                page = try await web.post(app, path, form: f, csrfFrom: page)
                #expect(page.status == status, "\(page.body.string.prefix(1500))", sourceLocation: sourceLocation)
                if page.status == .seeOther { page = try await web.get(app, path) }
            }
            func doc() async throws -> [String: Any] { try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).json() }
            let service = codes.first(FFBValueSet.interventions)

            // Text in the assessment and a goal typed, then "Tilføj indsats" with a price that cannot be read: refused,
            // and all three parts come back as typed; nothing is saved.
            let typed = ["assessment.civilSocietyInterventions": "Frivilligcenter", "goal.text": "Kan selv handle ind", "goal.expectedLevel": "2",
                         "x.service.0": service, "x.serviceParagraph.0": "SEL § 85", "x.unitPrice": "mange penge", "add": "intervention"]
            try await post(typed, .unprocessableEntity)
            let body = page.body.string
            #expect(body.contains("Frivilligcenter") && body.contains(#"value="Kan selv handle ind""#) && body.contains(#"value="mange penge""#))
            #expect(body.contains("Ingen mål endnu.") && body.contains("Ingen indsatser endnu."))
            var d = try await doc()
            #expect((d["goals"] as? [Any])?.isEmpty == true && (d["interventions"] as? [Any])?.isEmpty == true)
            #expect((d["assessment"] as? [String: Any])?["civilSocietyInterventions"] is NSNull)

            // Corrected: one press saves the assessment, the goal and the intervention together.
            var fixed = typed
            fixed["x.unitPrice"] = "450"
            try await post(fixed)
            d = try await doc()
            #expect((d["assessment"] as? [String: Any])?["civilSocietyInterventions"] as? [String] == ["Frivilligcenter"])
            #expect((d["goals"] as? [[String: Any]])?.map { $0["text"] as? String } == ["Kan selv handle ind"])
            #expect((d["interventions"] as? [[String: Any]])?.first?["unitPrice"] as? Int == 45000)

            // "Gem vurdering" with empty goal and intervention fields adds nothing; "Tilføj mål" with an empty goal is refused.
            try await post(["assessment.civilSocietyInterventions": "Frivilligcenter"])
            d = try await doc()
            #expect((d["goals"] as? [Any])?.count == 1 && (d["interventions"] as? [Any])?.count == 1)
            try await post(["assessment.civilSocietyInterventions": "Frivilligcenter", "add": "goal"], .unprocessableEntity)
            #expect(page.body.string.contains("Målet er tomt."))

            // "Fjern" on the goal while a new text is typed in the assessment: both are saved.
            d = try await doc()
            let goal = try #require((d["goals"] as? [[String: Any]])?.first?["id"] as? String).lowercased()
            try await post(["assessment.civilSocietyInterventions": "Frivilligcenter\nIdrætsforening", "remove": "goal:\(goal)"])
            d = try await doc()
            #expect((d["goals"] as? [Any])?.isEmpty == true)
            #expect((d["assessment"] as? [String: Any])?["civilSocietyInterventions"] as? [String] == ["Frivilligcenter", "Idrætsforening"])
        }
    }

    @Test("a klar sag's service and offer, filled into a new intervention, are not typed: saving the assessment adds no intervention", arguments: [Engine.sqlite])
    func clearCasePrefill(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            let service = codes.first(FFBValueSet.interventions), offer = codes.first(FFBValueSet.services)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.patch(["opening": ["clearCase": true, "clearCaseServiceType": service, "clearCaseOfferType": offer]])
            try await c.move("assessment")
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let path = "/sager/\(c.id)/sagsvurdering"
            var page = try await web.get(app, path)
            #expect(page.body.string.contains(#"name="x.prefill.service.0" value="\#(service)""#))
            let version = String(c.etag.filter(\.isNumber))
            // The browser sends the filled-in selects back as they are.
            page = try await web.post(app, path, form: ["version": version, "section": "all", "assessment.civilSocietyInterventions": "Frivilligcenter",
                                                        "x.service.0": service, "x.offer": offer, "x.prefill.service.0": service, "x.prefill.offer": offer],
                                      csrfFrom: page)
            #expect(page.status == .seeOther)
            let d = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).json()
            #expect((d["interventions"] as? [Any])?.isEmpty == true)
            #expect((d["assessment"] as? [String: Any])?["civilSocietyInterventions"] as? [String] == ["Frivilligcenter"])
        }
    }
}

@Suite("Opfølgning is one form too")
struct FollowUpOneFormTests {
    @Test("Fjern on a recorded follow-up removes it; what was typed in the new follow-up is saved with it, nothing when nothing was typed")
    func removeInForm() async throws {
        try await withTestApp(.sqlite) { app in
            // Tokens and sessions are checked against the real clock; the case rules run on the frozen one.
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            app.openvum.now = { frozenNow }
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.move("investigation")
            try await c.move("assessment")
            try await c.patch(["interventions": [["services": [["code": codes.first(FFBValueSet.interventions), "paragraph": "SEL § 85"]], "unit": "hour",
                                                  "unitsPerPeriod": 3, "frequency": "perWeek", "periodRepetitions": 4, "expectedStartDate": "2026-03-02",
                                                  "unitPrice": 45000]]])
            try await c.move("decision")
            var xs = try #require(c.value("/interventions") as? [[String: Any]])
            xs[0]["decision"] = ["outcome": "granted", "paragraph": "SEL § 85", "followUpDate": "2026-07-01"]
            try await c.patch(["interventions": xs.map(CaseWalkTests.writable)])
            try await c.orderAndStart(start: "2026-03-02")
            try await c.move("followUp")
            try await c.patch(["followUps": [["followUpDate": "2026-03-02", "followUpType": "planned"], ["followUpDate": "2026-03-02", "followUpType": "significantChange"]]])
            let ids = try #require(c.value("/followUps") as? [[String: Any]]).compactMap { ($0["id"] as? String)?.lowercased() }
            #expect(ids.count == 2)

            let path = "/sager/\(c.id)/opfoelgning"
            var page = try await web.get(app, path)
            #expect(page.body.string.contains(#"name="remove" value="followUp:\#(ids[0])""#))
            func version() async throws -> String {
                try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).headers.first(name: .eTag)!.filter(\.isNumber)
            }
            // Nothing typed: only the removal.
            page = try await web.post(app, path, form: ["version": try await version(), "remove": "followUp:\(ids[0])"], csrfFrom: page)
            #expect(page.status == .seeOther)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect((c.value("/followUps") as? [[String: Any]])?.compactMap { ($0["id"] as? String)?.lowercased() } == [ids[1]])
            // Typed in the new follow-up, then Fjern: both happen.
            page = try await web.get(app, path)
            page = try await web.post(app, path, form: ["version": try await version(), "remove": "followUp:\(ids[1])", "f.followUpDate": "2026-03-02",
                                                        "f.followUpType": "planned", "f.note": "Godt forløb"], csrfFrom: page)
            #expect(page.status == .seeOther)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            let left = try #require(c.value("/followUps") as? [[String: Any]])
            #expect(left.count == 1 && left[0]["note"] as? String == "Godt forløb" && (left[0]["id"] as? String)?.lowercased() != ids[1])
        }
    }
}
