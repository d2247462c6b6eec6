import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// Issue 13's "no double entry": recommendation → decision → order → acceptance → start → hours → status report →
/// follow-up. Every value carried from an earlier step comes pre-filled and is never asked for again; the case's IDs
/// 68–76 equal the order's values; the follow-up's decision to end the intervention ends the order.
@Suite("No double entry from the recommendation to the follow-up")
struct NoDoubleEntryTests {
    @Test("the follow-up opens with the provider's report, hours and use of force; ending the intervention there ends the order", arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var worker = try await WebSessionClient.login(app, "sagsbehandler")
            let staff = try await app.token("udfoerer")
            let t = try await app.openvum.terminology.current(on: app.db)
            let codes = Codes(t: t)
            var (c, interventionID) = try await OrderStoreTests.grantedCase(app, codes)
            try await c.orderAndStart(providerToken: staff, start: "2026-03-02")
            let orderID = try await ProviderReportsAPITests.orderID(app, c)
            let goalID = try #require(c.value("/goals/0/id") as? String)
            let order = try await app.send(.GET, "/api/v1/orders/\(orderID)", token: c.token).json()

            // The case's IDs 68–76 are the order's, never typed on the case.
            #expect(c.value("/interventions/0/order/orderedOn") as? String == order["orderedOn"] as? String)
            #expect(c.value("/interventions/0/order/providerPNumber") as? String == order["pNumber"] as? String && order["pNumber"] is String)
            #expect(c.value("/interventions/0/order/providerEAN") as? String == order["ean"] as? String)
            #expect(c.value("/interventions/0/order/providerAccount") as? String == order["account"] as? String)
            #expect(c.value("/interventions/0/delivery/startDate") as? String == order["startDate"] as? String)
            #expect(c.value("/interventions/0/delivery/documentedOn") as? String == order["startDocumentedOn"] as? String)
            // The order's goals and scope came from the assessment and the decision.
            #expect((order["goalIds"] as? [String])?.map { $0.lowercased() } == [goalID.lowercased()])
            #expect((order["contract"] as? [String: Any])?["unitsPerPeriod"] as? Int == 3 && order["paragraph"] as? String == "SEL § 85")

            // The provider: a week of hours, a status report, a use of force.
            #expect(try await app.send(.PUT, "/api/v1/orders/\(orderID)/hours/2026-03", token: staff, json: #"{"weeks":[{"week":"2026-03-02","delivered":2.5}],"cancelledByCitizen":1}"#).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/orders/\(orderID)/status-reports", token: staff,
                                       json: #"{"goals":[{"goalId":"\#(goalID)","level":1.25,"citizenView":"satisfied","helpGiven":"Indkøb hver uge","nextStep":"end"}]}"#).status == .created)
            #expect(try await app.send(.POST, "/api/v1/orders/\(orderID)/incidents", token: staff,
                                       json: #"{"type":"useOfForce","occurredOn":"2026-03-02","force":{"kind":"personalAlarm","startTime":"08:00","endTime":"08:30","situationBefore":"a","situationDuring":"b","present":"c"}}"#).status == .created)

            // The follow-up page opens with it: status date, level and suggested decision pre-filled, hours and use of force shown.
            try await c.move("followUp")
            var page = try await worker.get(app, "/sager/\(c.id.lowercased())/opfoelgning")
            let html = page.body.string
            #expect(html.contains("Fra udføreren siden start"))
            #expect(html.contains(#"value="2026-03-02""#))
            #expect(html.contains("niveau 1,25, borgerens vurdering tilfreds, foreslået afslut (statusrapport 02-03-2026). Givet hjælp: Indkøb hver uge"))
            // By hand: 2.5 hours delivered in the week of 2 March against 3 allocated; one visit cancelled by the citizen.
            #expect(html.contains("Leverede timer: 2,5 af 3 tildelte i 1 uger (aflyst af borgeren 1, af udføreren 0)."))
            #expect(html.contains("Magtanvendelse siden start: 1.") && html.contains("02-03-2026: Personlig alarm- eller pejlesystem"))
            #expect(html.contains(#"value="1,25""#))
            // The goal's expected level is not set, so "end" suggests "reached".
            #expect(html.contains(#"<option value="achieved" selected"#))

            // The caseworker decides: the intervention ends at the follow-up. Only the decisions are typed.
            let end = try #require(t.valueSet(FFBValueSet.followUp).first { $0.display.lowercased().contains("afslutning") && !$0.display.lowercased().contains("visiter") }?.code)
            let form = ["version": c.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")), "f.followUpType": "planned", "f.status.\(interventionID.uuidString)": end, "f.outcome": "interventionChanged",
                        "f.goal.\(goalID.uppercased())": "achieved", "f.level.\(goalID.uppercased())": "1,25", "f.statusDate": "2026-03-02"]
            let res = try await worker.post(app, "/sager/\(c.id.lowercased())/opfoelgning", form: form, csrfFrom: page)
            #expect(res.status == .seeOther, "\(res.body.string.prefix(3000))")
            try await c.reload()
            #expect(c.value("/followUps/0/statusDate") as? String == "2026-03-02" && c.value("/followUps/0/useOfForce") as? String == "yes")
            #expect(c.value("/followUps/0/goalDecisions/0/achievedLevel") as? Double == 1.25)
            // The order ended that day at the follow-up, and the case reads the end from it.
            let ended = try await app.send(.GET, "/api/v1/orders/\(orderID)", token: c.token).json()
            #expect(ended["state"] as? String == "ended" && ended["endReason"] as? String == "endedAtFollowUp" && ended["endedOn"] as? String == "2026-03-02")
            #expect(c.value("/interventions/0/end/reason") as? String == "endedAtFollowUp" && c.value("/interventions/0/end/endedOn") as? String == "2026-03-02")
            page = try await worker.get(app, "/sager/\(c.id.lowercased())/levering")
            #expect(page.body.string.contains("Afsluttet ved opfølgning"))
        }
    }

    @Test("a follow-up that changes a continuing intervention asks the provider, who answers in the inbox; the caseworker cannot answer it",
          arguments: Engine.available)
    func changeAtFollowUp(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var provider = try await WebSessionClient.login(app, "udfoerer")
            let staff = try await app.token("udfoerer")
            let t = try await app.openvum.terminology.current(on: app.db)
            var (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            try await c.orderAndStart(providerToken: staff, start: "2026-03-02")
            let orderID = try await ProviderReportsAPITests.orderID(app, c)
            let keep = try #require(t.valueSet(FFBValueSet.followUp).first { $0.display.lowercased().contains("fortsættelse") }?.code)
            try await c.move("followUp")
            try await c.patch(["followUps": [["followUpType": "planned", "outcome": "interventionChanged", "note": "Flere timer om morgenen.",
                                              "interventionStatuses": [["interventionId": interventionID.uuidString, "status": keep]]]]])
            let changes = try #require(try await app.send(.GET, "/api/v1/orders/\(orderID)/change-requests", token: staff).json()["items"] as? [[String: Any]])
            #expect(changes.count == 1 && changes.first?["origin"] as? String == "authority" && changes.first?["open"] as? Bool == true)
            #expect(changes.first?["reason"] as? String == "Indsatsen er ændret ved opfølgningen 02-03-2026. Flere timer om morgenen.")
            let changeID = try #require(changes.first?["id"] as? String)
            // The order still binds; the caseworker cannot answer the authority's own request.
            let order = try await app.send(.GET, "/api/v1/orders/\(orderID)", token: c.token).json()
            #expect(order["state"] as? String == "started")
            #expect(try await app.send(.POST, "/api/v1/orders/\(orderID)/change-requests/\(changeID)/answer", token: c.token, json: #"{"answer":"granted"}"#).status == .forbidden)
            // The provider answers in the inbox: "cannot" needs a reason; then can.
            let page = try await provider.get(app, "/bestillinger/\(orderID)")
            #expect(page.body.string.contains("Afventer udførerens svar") && page.body.string.contains("Kan levere ændringen"))
            let n = "answer-\(changeID.prefix(8).lowercased())"
            var res = try await provider.post(app, "/bestillinger/\(orderID)/aendring", form: ["changeId": changeID, "\(n).answer": "refused", "\(n).text": ""], csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Skriv hvorfor anmodningen afvises"))
            res = try await provider.post(app, "/bestillinger/\(orderID)/aendring", form: ["changeId": changeID, "\(n).answer": "granted", "\(n).text": ""], csrfFrom: page)
            #expect(res.status == .seeOther)
            let answered = try await app.send(.GET, "/api/v1/orders/\(orderID)/change-requests", token: c.token).json()["items"] as? [[String: Any]]
            #expect(answered?.first?["answer"] as? String == "granted" && answered?.first?["open"] as? Bool == false)
        }
    }
}
