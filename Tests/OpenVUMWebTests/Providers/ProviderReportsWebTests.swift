import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("The provider's status report and change request in the inbox; the caseworker reads and answers on Levering")
struct ProviderReportsWebTests {
    @Test("the status report is asked for before the follow-up, refused with what was typed, then sent and read on Levering; a change request with hours and a week plan is answered on the case",
          arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var worker = try await WebSessionClient.login(app, "sagsbehandler")
            var provider = try await WebSessionClient.login(app, "udfoerer")
            let staff = try await app.token("udfoerer")
            let (c, orderID) = try await ProviderReportsAPITests.startedOrder(app, staff: staff)
            let goalID = try #require(c.value("/goals/0/id") as? String)
            let inboxPath = "/bestillinger/\(orderID)", order = try #require(UUID(uuidString: orderID))
            #expect(try await app.send(.PUT, "/api/v1/orders/\(orderID)/hours/2026-03", token: staff, json: #"{"weeks":[{"week":"2026-03-02","delivered":4}]}"#).status == .ok)

            // 2 March: the report for the 1 July follow-up is asked for from 17 June; the form is there, pre-filled with nothing yet.
            var page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Statusrapport til opfølgningen 01-07-2026 ønskes fra 17-06-2026."))
            #expect(page.body.string.contains("Kan selv handle ind") && page.body.string.contains(#"name="status.0.level""#))
            // 20 June: it is due; a level above 4 and no next step are refused, what was typed kept.
            app.openvum.now = { ProviderReportsAPITests.day("2026-06-20") }
            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("mangler"))
            var form = ["status.count": "1", "status.0.goalId": goalID, "status.0.level": "5", "status.0.citizenView": "partly",
                        "status.0.citizenText": #""><b>x</b> går bedre"#, "status.0.helpGiven": "Indkøb hver torsdag", "status.0.nextStep": ""]
            var res = try await provider.post(app, inboxPath + "/statusrapport", form: form, csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Niveauet skal være fra 0 til 4") && res.body.string.contains("Angiv det foreslåede næste skridt"))
            #expect(res.body.string.contains("Indkøb hver torsdag") && !res.body.string.contains("<b>x</b>"))
            form["status.0.level"] = "2,5"
            form["status.0.nextStep"] = "continue"
            res = try await provider.post(app, inboxPath + "/statusrapport", form: form, csrfFrom: page)
            #expect(res.status == .seeOther)
            let reports = try await OrderStore.statusReports(orderIDs: [order], on: app.db).values.first ?? []
            #expect(reports.count == 1 && reports.first?.goals.first?.level == Decimal(string: "2.5") && reports.first?.reportedOn == CalendarDate("2026-06-20"))
            // The next visit shows it pre-filled from the report just sent.
            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("modtaget 20-06-2026") && page.body.string.contains(#"value="2,5""#))

            // The caseworker reads it on Levering, goal by goal, as text.
            page = try await worker.get(app, "/sager/\(c.id.lowercased())/levering")
            #expect(page.body.string.contains("Statusrapport 20-06-2026 til opfølgningen 01-07-2026") && page.body.string.contains("Delvist tilfreds"))
            #expect(!page.body.string.contains("<b>x</b>") && page.body.string.contains("&lt;b&gt;x&lt;/b&gt; går bedre"))

            // A change request: more support without hours is refused (the typed reason kept); with March's hours and a week plan it is sent.
            page = try await provider.get(app, inboxPath)
            var change = ["change.kind": "more", "change.reason": "Flere aftaler hos lægen", "change.plan.monday.hours": "2", "change.plan.monday.activity": "Lægebesøg"]
            res = try await provider.post(app, inboxPath + "/aendring", form: change, csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Angiv de timer pr. uge") && res.body.string.contains("Flere aftaler hos lægen"))
            change["change.proposedPerWeek"] = "5"
            change["change.evidence"] = "2026-03"
            res = try await provider.post(app, inboxPath + "/aendring", form: change, csrfFrom: page)
            #expect(res.status == .seeOther)
            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Afventer myndighedens svar") && !page.body.string.contains("Send anmodningen"))

            // A task on the caseworker's start page, leading to Levering.
            page = try await worker.get(app, "/sager")
            #expect(page.body.string.contains("Opgaver fra udførere") && page.body.string.contains("Anmodning om ændring: mere støtte"))
            // On the case: the request with its evidence; a refusal without a reason is refused; then answered.
            page = try await worker.get(app, "/sager/\(c.id.lowercased())/levering")
            #expect(page.body.string.contains("Anmodninger om ændring af støtten") && page.body.string.contains("Lægebesøg") && page.body.string.contains("5 (tildelt: 3)"))
            let changeID = try #require(try await OrderStore.changeRequests(orderIDs: [order], on: app.db).values.first?.first?.id)
            let n = "change-\(changeID.uuidString.prefix(8).lowercased())"
            let answerPath = "/sager/\(c.id.lowercased())/bestillinger/\(orderID)/aendringer/\(changeID.uuidString.lowercased())"
            res = try await worker.post(app, answerPath, form: ["\(n).answer": "refused", "\(n).text": ""], csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Skriv hvorfor anmodningen afvises"))
            res = try await worker.post(app, answerPath, form: ["\(n).answer": "atFollowUp", "\(n).text": "Vi tager det op 1. juli."], csrfFrom: page)
            #expect(res.status == .seeOther)
            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Tages op ved opfølgningen") && page.body.string.contains("Vi tager det op 1. juli.") && page.body.string.contains("Send anmodningen"))
            #expect(!(try await worker.get(app, "/sager")).body.string.contains("Opgaver fra udførere"))
        }
    }

    @Test("a use of force in the inbox: refused with what was typed, then reported; a task on the start page and on Levering until marked seen",
          arguments: Engine.available)
    func incident(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var worker = try await WebSessionClient.login(app, "sagsbehandler")
            var provider = try await WebSessionClient.login(app, "udfoerer")
            let staff = try await app.token("udfoerer")
            let (c, orderID) = try await ProviderReportsAPITests.startedOrder(app, staff: staff)
            let inboxPath = "/bestillinger/\(orderID)"
            var page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Indberet magtanvendelse") && page.body.string.contains("Ingen indberetninger på bestillingen."))
            var form = ["type": "useOfForce", "force.occurredOn": "2026-03-02", "force.kind": "restraint", "force.startTime": "14:05", "force.endTime": "14:20",
                        "force.situationBefore": #""><b>x</b> uro"#, "force.situationDuring": "", "force.present": "To medarbejdere"]
            var res = try await provider.post(app, inboxPath + "/haendelser", form: form, csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Beskriv situationen under magtanvendelsen"))
            #expect(res.body.string.contains("&quot;&gt;&lt;b&gt;x&lt;/b&gt; uro") && !res.body.string.contains("<b>x</b>") && res.body.string.contains(#"<details class="form-panel" open="open">"#))
            form["force.situationDuring"] = "Holdt i armene"
            res = try await provider.post(app, inboxPath + "/haendelser", form: form, csrfFrom: page)
            #expect(res.status == .seeOther)
            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Magtanvendelse: Fastholdelse, 02-03-2026") && page.body.string.contains("SEL § 126"))

            page = try await worker.get(app, "/sager")
            #expect(page.body.string.contains("Magtanvendelse: Fastholdelse – "))
            page = try await worker.get(app, "/sager/\(c.id.lowercased())/levering")
            #expect(page.body.string.contains("Markér som set") && page.body.string.contains("Holdt i armene"))
            let order = try #require(UUID(uuidString: orderID))
            let incidentID = try #require(try await OrderStore.incidents(orderIDs: [order], on: app.db).values.first?.first?.id)
            res = try await worker.post(app, "/sager/\(c.id.lowercased())/bestillinger/\(orderID)/haendelser/\(incidentID.uuidString.lowercased())", form: [:], csrfFrom: page)
            #expect(res.status == .seeOther)
            page = try await worker.get(app, "/sager/\(c.id.lowercased())/levering")
            #expect(!page.body.string.contains("Markér som set") && page.body.string.contains("Set af myndigheden"))
            #expect(!(try await worker.get(app, "/sager")).body.string.contains("Magtanvendelse: Fastholdelse – "))
        }
    }
}
