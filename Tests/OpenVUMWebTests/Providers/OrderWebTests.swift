import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Orders in the browser: the caseworker orders on Bestilling, the provider answers and starts in the inbox")
struct OrderWebTests {
    @Test("an order from choosing the offer to the provider's start: pre-filled, a refused price keeps what was typed, sent once, answered and started by the provider; another provider sees nothing",
          arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            // Sessions are checked against the real clock; the case rules run on the frozen one (2 March 2026).
            var worker = try await WebSessionClient.login(app, "sagsbehandler")
            var provider = try await WebSessionClient.login(app, "udfoerer")
            let other = try await WebSessionClient.login(app, "udfoerer-ekstern")
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            let caseID = try #require(UUID(uuidString: c.id))
            let offer = DemoData.internalHousingSupportID
            let path = "/sager/\(c.id.lowercased())/bestilling"

            // Choosing an offer: the register's offers, then a draft pre-filled from the decision and recommendation.
            var page = try await worker.get(app, path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Opret bestilling") && page.body.string.contains("Bostøtte Nord"))
            var res = try await worker.post(app, "/sager/\(c.id.lowercased())/bestillinger",
                                            form: ["interventionId": interventionID.uuidString, "index": "0", "o0.offerId": ""], csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Vælg tilbuddet"))
            res = try await worker.post(app, "/sager/\(c.id.lowercased())/bestillinger",
                                        form: ["interventionId": interventionID.uuidString, "index": "0", "o0.offerId": offer.uuidString], csrfFrom: page)
            #expect(res.status == .seeOther)
            let principal = try await OrderStoreTests.principal(app, "sagsbehandler")
            let today = CalendarDate(frozenNow)
            var orders = try await OrderStore.list(principal: principal, caseID: caseID, graceDays: 30, today: today, on: app.db)
            let draft = try #require(orders.first)
            #expect(orders.count == 1 && draft.state == .draft)
            page = try await worker.get(app, path)
            let html = page.body.string
            // Pre-filled: the recommendation's span and units, its unit price (the offer has no rate here), 3 × 13 × 450 kr.
            #expect(html.contains(#"value="2026-04-01""#) && html.contains(#"value="2026-06-30""#) && html.contains(#"value="13""#))
            #expect(html.contains(#"value="450,00""#) && html.contains("17.550,00 kr."))
            // Consent is given, but not to a provider: nothing of the case can be chosen to travel.
            #expect(html.contains("Kun bestillingen selv følger med.") && !html.contains("o0.sharedParts"))

            // A price that cannot be read and an end date that disagrees: both told, what was typed kept, nothing saved.
            let orderPath = "/sager/\(c.id.lowercased())/bestillinger/\(draft.id.uuidString.lowercased())"
            var form = ["version": "1", "index": "0", "handling": "send", "o0.startDate": "2026-04-01", "o0.endDate": "2026-06-29", "o0.unitsPerPeriod": "3",
                        "o0.repetitions": "13", "o0.unitPrice": "4,755", "o0.coPayment": "", "o0.coordinationNeeded": "true"]
            res = try await worker.post(app, orderPath, form: form, csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Skriv enhedsprisen i kroner"))
            #expect(res.body.string.contains(#"value="4,755""#))
            form["o0.unitPrice"] = "475"
            res = try await worker.post(app, orderPath, form: form, csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("29-06-2026 passer ikke med 13 gentagelser"))
            orders = try await OrderStore.list(principal: principal, caseID: caseID, graceDays: 30, today: today, on: app.db)
            #expect(orders.first == draft)
            // Corrected: saved and sent in one step. By hand: 39 hours × 475 kr. = 18,525 kr.
            form["o0.endDate"] = "2026-06-30"
            res = try await worker.post(app, orderPath, form: form, csrfFrom: page)
            #expect(res.status == .seeOther)
            let sent = try #require(try await OrderStore.find(id: draft.id, principal: principal, graceDays: 30, today: today, on: app.db))
            #expect(sent.state == .sent && sent.contract.price == 1_852_500 && sent.coordinationNeeded == true && sent.orderedOn == today)
            page = try await worker.get(app, path)
            #expect(page.body.string.contains("18.525,00 kr.") && page.body.string.contains("5798000001015"))
            // Sending again is not possible: the page offers only to withdraw.
            #expect(!page.body.string.contains("Send til udfører") && page.body.string.contains("Træk bestillingen tilbage"))
            let doc = try #require(try await CaseStore.find(id: caseID, principal: principal, on: app.db))
            #expect(doc.phase == .order && doc.document.interventions[0].order?.orderedOn == today)

            // The provider: the inbox lists it with the citizen; another provider sees neither the list entry nor the order.
            let inbox = try await provider.get(app, "/bestillinger")
            #expect(inbox.status == .ok && inbox.body.string.contains("1 bestilling venter på svar."))
            let citizen = try #require(try await CitizenStore.find(id: DemoData.citizenIDs[1], principal: principal, on: app.db))
            #expect(inbox.body.string.contains(citizen.familyName))
            let otherInbox = try await other.get(app, "/bestillinger")
            #expect(!otherInbox.body.string.contains(citizen.familyName) && otherInbox.body.string.contains("Der er ingen bestillinger at vise."))
            let inboxPath = "/bestillinger/\(draft.id.uuidString.lowercased())"
            #expect(try await other.get(app, inboxPath).status == .notFound)
            // The caseworker has no inbox; the provider no case.
            #expect(try await worker.get(app, "/bestillinger").status == .forbidden)
            #expect(try await provider.get(app, path).status != .ok)

            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Accepter bestillingen") && page.body.string.contains("18.525,00 kr."))
            #expect(page.body.string.contains("Fra sagen") && page.body.string.contains("Borgerens samtykke tillader ikke"))
            res = try await provider.post(app, inboxPath, form: ["version": "2", "handling": "afvis", "reason": " "], csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Skriv hvorfor bestillingen afvises"))
            res = try await provider.post(app, inboxPath, form: ["version": "2", "handling": "accepter"], csrfFrom: page)
            #expect(res.status == .seeOther)
            page = try await provider.get(app, inboxPath)
            // A start in the future is refused with the date kept; the real start is recorded and the case moves to delivery.
            res = try await provider.post(app, inboxPath, form: ["version": "3", "handling": "start", "startDate": "2026-03-03"], csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Starten kan ikke ligge efter i dag"))
            #expect(res.body.string.contains(#"value="2026-03-03""#))
            res = try await provider.post(app, inboxPath, form: ["version": "3", "handling": "start", "startDate": "2026-03-02", "serviceStartDate": ""], csrfFrom: page)
            #expect(res.status == .seeOther)
            let started = try #require(try await CaseStore.find(id: caseID, principal: principal, on: app.db))
            #expect(started.phase == .delivery)
            #expect(started.document.interventions[0].delivery?.startDate == today && started.document.interventions[0].delivery?.documentedOn == today)
            // Delivered hours for March (on 2 March: one week so far); a negative number is refused with what was typed.
            page = try await provider.get(app, inboxPath)
            #expect(page.body.string.contains("Uge fra mandag 02-03-2026: leverede timer"))
            res = try await provider.post(app, inboxPath + "/timer", form: ["maaned": "2026-03", "week.2026-03-02": "-1", "cancelledByCitizen": "1"], csrfFrom: page)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("fra 0 til 168") && res.body.string.contains(#"value="-1""#))
            res = try await provider.post(app, inboxPath + "/timer", form: ["maaned": "2026-03", "week.2026-03-02": "2,5", "cancelledByCitizen": "1",
                                                                             "hoursNote": #""><b>x</b>"#], csrfFrom: page)
            #expect(res.status == .seeOther)
            // The note is text on both sides, in the inbox's form (an element) and the case's table.
            page = try await provider.get(app, inboxPath + "?maaned=2026-03")
            #expect(!page.body.string.contains("<b>x</b>") && page.body.string.contains("&quot;&gt;&lt;b&gt;x&lt;/b&gt;"))
            // The delivery page shows the provider's dates and hours (2.5 of 3 allocated); there is nothing to type.
            page = try await worker.get(app, "/sager/\(c.id.lowercased())/levering")
            #expect(page.body.string.contains("Startdato for indsats (ID 75)") && !page.body.string.contains(#"name="interventions.0.delivery.startDate""#))
            #expect(page.body.string.contains("2,5 timer") && page.body.string.contains("-0,5 timer"))
            #expect(!page.body.string.contains("<b>x</b>") && page.body.string.contains("&lt;b&gt;x&lt;/b&gt;"))
        }
    }

    @Test("matching before ordering: the caseworker asks an offer on Bestilling (the citizen's name refused, the text kept), each provider answers in its inbox, the answers show on the case",
          arguments: Engine.available)
    func matching(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var worker = try await WebSessionClient.login(app, "sagsbehandler")
            var provider = try await WebSessionClient.login(app, "udfoerer")
            let other = try await WebSessionClient.login(app, "udfoerer-ekstern")
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            let principal = try await OrderStoreTests.principal(app, "sagsbehandler")
            let citizen = try #require(try await CitizenStore.find(id: DemoData.citizenIDs[1], principal: principal, on: app.db))
            let path = "/sager/\(c.id.lowercased())/bestilling", action = "/sager/\(c.id.lowercased())/forespoergsler"
            let own = DemoData.internalHousingSupportID.uuidString

            var page = try await worker.get(app, path)
            #expect(page.body.string.contains("Forespørg hos tilbud, før du bestiller"))
            var form = ["interventionId": interventionID.uuidString, "index": "0", "m0.description": "\(citizen.givenName) har brug for støtte til indkøb."]
            var res = try await worker.post(app, action, form: form, csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("må ikke nævne borgerens navn") && res.body.string.contains("Vælg fra 1 til 20 tilbud"))
            #expect(res.body.string.contains("\(citizen.givenName) har brug for støtte til indkøb."))
            form["m0.description"] = "Har brug for støtte til indkøb og struktur."
            form["m0.offerIds"] = own
            res = try await worker.post(app, action, form: form, csrfFrom: page)
            #expect(res.status == .seeOther)
            #expect(try await MatchingStore.list(principal: principal, caseID: UUID(uuidString: c.id)!, on: app.db).first?.candidates.count == 1)

            // The provider asked sees the need in words, not who; the other provider sees no request.
            let inbox = try await provider.get(app, "/bestillinger")
            #expect(inbox.body.string.contains("Har brug for støtte til indkøb og struktur.") && inbox.body.string.contains("3 timer pr. uge"))
            #expect(!inbox.body.string.contains(citizen.familyName))
            #expect(try await other.get(app, "/bestillinger").body.string.contains("Ingen forespørgsler."))
            let request = try #require(try await MatchingStore.list(principal: principal, caseID: UUID(uuidString: c.id)!, on: app.db).first)
            let field = "comment-\(request.id.uuidString.prefix(8))-\(own.prefix(8))".lowercased()
            res = try await provider.post(app, "/bestillinger/forespoergsler/\(request.id.uuidString.lowercased())",
                                          form: ["offerId": own, "requestId": request.id.uuidString, "commentField": field, field: String(repeating: "x", count: 1_001),
                                                 "available": "true"], csrfFrom: inbox)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("højst være 1.000 tegn"))
            res = try await provider.post(app, "/bestillinger/forespoergsler/\(request.id.uuidString.lowercased())",
                                          form: ["offerId": own, "requestId": request.id.uuidString, "commentField": field, field: "Plads fra 1. april", "available": "true"],
                                          csrfFrom: inbox)
            #expect(res.status == .seeOther)
            page = try await worker.get(app, path)
            #expect(page.body.string.contains("Kan tilbyde plads") && page.body.string.contains("Plads fra 1. april"))
        }
    }
}
