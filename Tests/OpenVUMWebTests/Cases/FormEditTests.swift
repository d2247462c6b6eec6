import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Phase forms: goals, interventions and follow-ups corrected and removed in place")
struct FormEditTests {
    @Test("a goal and an intervention are corrected (same id, one item) and removed; a refused correction keeps what was typed; a decided intervention stays",
          arguments: Engine.available)
    func editAndRemove(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.move("investigation")
            try await c.move("assessment")
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let path = "/sager/\(c.id)/sagsvurdering"
            var page = try await web.get(app, path)
            #expect(!page.body.string.contains("(ID "))
            func post(_ form: [String: String], _ status: HTTPResponseStatus = .seeOther, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let version = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).headers.first(name: .eTag)!.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                var f = form
                f["version"] = version
                page = try await web.post(app, path, form: f, csrfFrom: page)
                #expect(page.status == status, "\(page.body.string.prefix(2000))", sourceLocation: sourceLocation)
                if page.status == .seeOther { page = try await web.get(app, path) }
            }
            func doc() async throws -> [String: Any] { try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).json() }

            // An empty goal is refused, with every error in one round (a value that cannot be read and the case
            // rules' own); nothing is saved and the list shows no unsaved row.
            try await post(["section": "goal", "goal.expectedLevel": "abc"], .unprocessableEntity)
            #expect(page.body.string.contains("Skriv et tal, fx 2,5.") && page.body.string.contains("Målet er tomt."))
            #expect(page.body.string.contains(#"value="abc""#) && page.body.string.contains("Ingen mål endnu."))
            #expect((try await doc()["goals"] as? [Any])?.isEmpty == true)
            try await post(["section": "goal", "goal.text": "Kan selv handle ind", "goal.expectedLevel": "2"])
            try await post(["section": "goal", "goal.text": "Kommer ud at gå", "goal.expectedLevel": "3"])
            var goals = try await doc()["goals"] as! [[String: Any]]
            let first = try #require(goals[0]["id"] as? String).lowercased(), second = try #require(goals[1]["id"] as? String).lowercased()
            // "Ret": the form filled in with the goal, and its id.
            page = try await web.get(app, path + "?ret=\(first)")
            #expect(page.body.string.contains("Ret målet") && page.body.string.contains(#"value="Kan selv handle ind""#)
                    && page.body.string.contains(#"name="goal.id" value="\#(first)""#))
            try await post(["section": "goal", "goal.id": first, "goal.text": "Kan selv handle ind i Netto", "goal.expectedLevel": "2,5"])
            goals = try await doc()["goals"] as! [[String: Any]]
            #expect(goals.count == 2 && (goals[0]["id"] as? String)?.lowercased() == first)
            #expect(goals[0]["text"] as? String == "Kan selv handle ind i Netto" && goals[0]["expectedLevel"] as? Double == 2.5)
            // A refused correction: shown again as the correction, with what was typed; nothing saved.
            try await post(["section": "goal", "goal.id": first, "goal.text": "Ny tekst", "goal.expectedLevel": "9"], .unprocessableEntity)
            #expect(page.body.string.contains("Ret målet") && page.body.string.contains(#"value="Ny tekst""#) && page.body.string.contains("mellem 0 og 4"))
            // The error summary's link lands on the field (the form names it by item, not by list position).
            #expect(page.body.string.contains(##"href="#goal-expectedLevel""##) && page.body.string.contains(#"id="goal-expectedLevel""#))
            #expect(((try await doc()["goals"] as! [[String: Any]])[0]["text"] as? String) == "Kan selv handle ind i Netto")
            // "Fjern".
            try await post(["remove.kind": "goal", "remove.id": second])
            goals = try await doc()["goals"] as! [[String: Any]]
            #expect(goals.count == 1 && (goals[0]["id"] as? String)?.lowercased() == first)

            // An intervention with two services (paragraphs chosen from the one list), corrected in place.
            let service0 = codes.first(FFBValueSet.interventions), service1 = codes.first(FFBValueSet.interventions, 1)
            try await post(["section": "intervention", "x.service.0": service0, "x.serviceParagraph.0": "SEL § 85", "x.service.1": service1,
                            "x.offer": codes.first(FFBValueSet.services), "x.offerParagraph": "SEL § 85", "x.unit": "hour", "x.unitsPerPeriod": "3",
                            "x.frequency": "perWeek", "x.periodRepetitions": "13", "x.expectedStartDate": "2030-04-01", "x.unitPrice": "450"])
            var xs = try await doc()["interventions"] as! [[String: Any]]
            let x = try #require(xs.first)
            let xid = try #require(x["id"] as? String).lowercased()
            #expect((x["services"] as? [[String: Any]])?.map { $0["code"] as? String } == [service0, service1])
            #expect((x["services"] as? [[String: Any]])?.first?["paragraph"] as? String == "SEL § 85")
            #expect(x["expectedEndDate"] as? String == "2030-06-30" && x["basePrice"] as? Int == 17_550_00)
            page = try await web.get(app, path + "?ret=\(xid)")
            #expect(page.body.string.contains("Ret indsatsen") && page.body.string.contains(#"name="x.id" value="\#(xid)""#))
            try await post(["section": "intervention", "x.id": xid, "x.service.0": service0, "x.serviceParagraph.0": "SEL § 85", "x.service.1": service1,
                            "x.unit": "hour", "x.unitsPerPeriod": "3", "x.frequency": "perWeek", "x.periodRepetitions": "13",
                            "x.expectedStartDate": "2030-04-01", "x.unitPrice": "500"])
            xs = try await doc()["interventions"] as! [[String: Any]]
            #expect(xs.count == 1 && (xs[0]["id"] as? String)?.lowercased() == xid && xs[0]["unitPrice"] as? Int == 50_000)
            #expect(xs[0]["offers"] == nil || xs[0]["offers"] is NSNull)
            #expect(xs[0]["basePrice"] as? Int == 19_500_00)

            // Decided, it cannot be removed (API and web alike); the case is unchanged.
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            try await c.move("decision")
            try await c.patch(["interventions": [["id": xid, "decision": ["outcome": "granted", "paragraph": "SEL § 85"]]].map { item in
                var merged = xs[0]
                for (k, v) in item { merged[k] = v }
                return merged.filter { !["basePrice", "expectedPrice", "scope", "recommendedOn"].contains($0.key) }
            }])
            let refused = try await c.patchResponse(["interventions": []])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.problem().errors?.first { $0.field == "/interventions" }?.message.hasSuffix("er afgjort og kan ikke fjernes. Afslut den i stedet.") == true)
            page = try await web.get(app, path)
            try await post(["remove.kind": "intervention", "remove.id": xid], .unprocessableEntity)
            #expect((try await doc()["interventions"] as! [[String: Any]]).count == 1)
        }
    }

    @Test("ID 38: alternatives typed with their prices are compared with the expected price; a price that cannot be read is refused in Danish and nothing is saved",
          arguments: Engine.available)
    func alternatives(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.move("investigation")
            try await c.move("assessment")
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let path = "/sager/\(c.id)/sagsvurdering"
            var page = try await web.get(app, path)
            func post(_ form: [String: String]) async throws -> HTTPResponseStatus {
                let version = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).headers.first(name: .eTag)!.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                page = try await web.post(app, path, form: form.merging(["version": version]) { a, _ in a }, csrfFrom: page)
                let status = page.status
                if status == .seeOther { page = try await web.get(app, path) }
                return status
            }
            // 3 hours a week for 13 weeks at 450 kr.: 17.550 kr. expected.
            let x: [String: String] = ["section": "intervention", "x.service.0": codes.first(FFBValueSet.interventions), "x.serviceParagraph.0": "SEL § 85",
                                       "x.unit": "hour", "x.unitsPerPeriod": "3", "x.frequency": "perWeek", "x.periodRepetitions": "13",
                                       "x.expectedStartDate": "2030-04-01", "x.unitPrice": "450"]
            var status = try await post(x.merging(["x.alternative.0.description": "Botilbud efter § 108", "x.alternative.0.price": "mange"]) { a, _ in a })
            #expect(status == .unprocessableEntity && page.body.string.contains("Skriv prisen i kroner, fx 450.000,00."))
            #expect((try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).json()["interventions"] as? [Any])?.isEmpty == true)
            status = try await post(x.merging(["x.alternative.0.description": "Botilbud efter § 108", "x.alternative.0.price": "25.000,00",
                                               "x.alternative.1.description": "Hjemmehjælp efter § 83", "x.alternative.1.price": "12.550"]) { a, _ in a })
            #expect(status == .seeOther)
            let saved = try #require((try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token).json()["interventions"] as? [[String: Any]])?.first)
            let alternatives = try #require(saved["alternatives"] as? [[String: Any]])
            #expect(alternatives.map { $0["expectedPrice"] as? Int } == [2_500_000, 1_255_000] && saved["expectedPrice"] as? Int == 1_755_000)
            // Side by side: 25.000 − 17.550 = 7.450 kr. more; 17.550 − 12.550 = 5.000 kr. less.
            let html = page.body.string
            #expect(html.contains("Alternative indsatser og deres pris") && html.contains("7.450,00 kr. mere") && html.contains("5.000,00 kr. mindre"))
            // A price without a description is refused by the case rules at its row.
            status = try await post(["section": "intervention", "x.id": (saved["id"] as? String ?? "").lowercased(), "x.service.0": codes.first(FFBValueSet.interventions),
                                     "x.unit": "hour", "x.unitsPerPeriod": "3", "x.frequency": "perWeek", "x.periodRepetitions": "13",
                                     "x.expectedStartDate": "2030-04-01", "x.unitPrice": "450", "x.alternative.0.price": "1.000"])
            #expect(status == .unprocessableEntity && page.body.string.contains("Beskriv den alternative indsats med højst 300 tegn"))
        }
    }

    @Test("a klar sag's service and offer (IDs 5-6) are filled into the first intervention")
    func clearCasePrefill() async throws {
        try await withTestApp(.sqlite) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            let service = codes.first(FFBValueSet.interventions, 2), offer = codes.first(FFBValueSet.services, 1)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.patch(["opening": ["clearCase": true, "clearCaseServiceType": service, "clearCaseOfferType": offer]])
            try await c.move("assessment")
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let html = try await web.get(app, "/sager/\(c.id)/sagsvurdering").body.string
            #expect(html.contains("Klar sag: ydelse og tilbud fra sagsåbningen er sat ind."))
            func selected(_ id: String) -> String? {
                guard let start = html.range(of: #"<select id="\#(id)""#), let end = html[start.upperBound...].range(of: "</select>") else { return nil }
                let select = html[start.upperBound..<end.lowerBound]
                guard let opt = select.range(of: #"selected="selected">"#) else { return nil }
                let before = select[..<opt.lowerBound]
                guard let value = before.range(of: #"value=""#, options: .backwards) else { return nil }
                return String(before[value.upperBound...].prefix { $0 != "\"" })
            }
            #expect(selected("x-service-0") == service && selected("x-offer") == offer)
        }
    }

    @Test("the visitation committee's meeting and a complaint with Ankestyrelsen's outcome are recorded from the web pages; bad dates are refused on their field",
          arguments: Engine.available)
    func committeeAndComplaint(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.move("investigation")
            try await c.move("assessment")
            // 10 hours a week is over the default threshold of 8: the recommendation goes to the committee.
            try await c.patch(["interventions": [["services": [["code": codes.first(FFBValueSet.interventions), "paragraph": "SEL § 85"]], "unit": "hour",
                                                  "unitsPerPeriod": 10, "frequency": "perWeek", "periodRepetitions": 4, "expectedStartDate": "2030-01-07",
                                                  "unitPrice": 45000]]])
            #expect(c.value("/assessment/visitationCommittee") as? Bool == true)
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            var page = try await web.get(app, "/sager/\(c.id)/sagsvurdering")
            #expect(page.body.string.contains("Indstillingen skal forelægges visitationsudvalget"))
            page = try await web.post(app, "/sager/\(c.id)/sagsvurdering", form: ["version": "\(c.etag.filter(\.isNumber))", "section": "committee",
                                                                                  "committee.meetingOn": "2026-12-01"], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Vælg udvalgets afgørelse."))
            page = try await web.post(app, "/sager/\(c.id)/sagsvurdering", form: ["version": "\(c.etag.filter(\.isNumber))", "section": "committee",
                                                                                  "committee.meetingOn": CalendarDate(Date()).description, "committee.outcome": "approved",
                                                                                  "committee.note": "Godkendt som indstillet."], csrfFrom: page)
            #expect(page.status == .seeOther)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect((c.value("/assessment/committeeReviews") as? [[String: Any]])?.first?["outcome"] as? String == "approved")

            try await c.move("decision")
            var xs = try #require(c.value("/interventions") as? [[String: Any]])
            xs[0]["decision"] = ["outcome": "refused", "refusalReason": "notInTargetGroup"]
            try await c.patch(["interventions": xs.map { $0.filter { !["basePrice", "expectedPrice", "scope", "recommendedOn"].contains($0.key) } }])
            let xid = try #require(xs[0]["id"] as? String).lowercased()
            try await c.move("closed", closeReason: "refused")
            // A complaint on the closed case: registered, then brought up to date; out-of-order dates are refused.
            page = try await web.get(app, "/sager/\(c.id)")
            #expect(page.body.string.contains("Registrér en klage"))
            func post(_ form: [String: String]) async throws -> TestingHTTPResponse {
                _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
                var f = form
                f["version"] = String(c.etag.filter(\.isNumber))
                page = try await web.post(app, "/sager/\(c.id)/klager", form: f, csrfFrom: page)
                return page
            }
            let today = CalendarDate(Date())
            #expect(try await post(["complaint.receivedOn": today.description, "complaint.interventionId": xid, "complaint.note": "Borgeren klager."]).status == .seeOther)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            let complaint = try #require((c.value("/complaints") as? [[String: Any]])?.first)
            let cid = try #require(complaint["id"] as? String).lowercased()
            page = try await web.get(app, "/sager/\(c.id)?klage=\(cid)")
            #expect(page.body.string.contains("Opdatér klagen") && page.body.string.contains("Borgeren klager."))
            let refused = try await post(["complaint.id": cid, "complaint.receivedOn": today.description, "complaint.interventionId": xid,
                                          "complaint.reconsideredOn": today.adding(days: -1).description, "complaint.note": "Borgeren klager."])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(#"id="complaint-reconsideredOn-fejl""#) && refused.body.string.contains("før den er modtaget"))
            #expect(try await post(["complaint.id": cid, "complaint.receivedOn": today.description, "complaint.interventionId": xid,
                                    "complaint.reconsideredOn": today.description, "complaint.decisionKept": "true",
                                    "complaint.sentToAppealsBoardOn": today.description, "complaint.outcome": "upheld", "complaint.outcomeOn": today.description,
                                    "complaint.note": "Borgeren klager."]).status == .seeOther)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            let saved = try #require((c.value("/complaints") as? [[String: Any]]))
            #expect(saved.count == 1 && saved[0]["outcome"] as? String == "upheld" && saved[0]["decisionKept"] as? Bool == true)
            #expect(try await web.get(app, "/sager/\(c.id)").body.string.contains("Ankestyrelsen: stadfæstet"))
        }
    }

    @Test("Gem og gå videre: the form is saved and the case moves on in one step; a refused move keeps the save and says why", arguments: Engine.available)
    func saveAndGoOn(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            var page = try await web.get(app, "/sager/\(c.id)/sagsaabning")
            #expect(page.body.string.contains("Gem og gå videre til sagsoplysning"))
            page = try await web.post(app, "/sager/\(c.id)/sagsaabning", form: ["version": "1", "opening.citizenAgrees": "yes", "opening.origin": "inquiry",
                                                                              "next": "investigation"], csrfFrom: page)
            #expect(page.status == .seeOther && page.headers.first(name: .location)?.hasSuffix("/sagsoplysning?gemt=1") == true)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(c.value("/phase") as? String == "investigation" && c.value("/opening/citizenAgrees") as? String == "yes")
            #expect(try await app.auditCount("case.transition") == 1)
            try await c.move("assessment")
            // To decision without a recommended intervention: saved, not moved, and told why.
            page = try await web.get(app, "/sager/\(c.id)/sagsvurdering")
            page = try await web.post(app, "/sager/\(c.id)/sagsvurdering", form: ["version": String(c.etag.filter(\.isNumber)), "section": "assessment",
                                                                               "assessment.civilSocietyInterventions": "Besøgsven", "next": "decision"], csrfFrom: page)
            #expect(page.status == .ok && page.body.string.contains("Gemt. Sagen er ikke gået videre til afgørelse."))
            #expect(page.body.string.contains(#"id="next-fejl""#))
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(c.value("/phase") as? String == "assessment" && (c.value("/assessment/civilSocietyInterventions") as? [String]) == ["Besøgsven"])
        }
    }

    @Test("the decision letter is offered once there is a decision, dated in words, names the caseworker and the paragraph once")
    func letter() async throws {
        try await withTestApp(.sqlite) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let first = try await web.get(app, "/sager/\(c.id)").body.string
            #expect(first.contains("Afgørelsesbrev") == false)
            // Before any decision the letter is not written: a clear answer instead of an empty letter.
            let early = try await web.get(app, "/sager/\(c.id)/afgoerelsesbrev")
            #expect(early.status == .conflict && early.body.string.contains("Der er endnu ingen afgørelse"))
            // The case header: the citizen (born 3 February 1990), the caseworker, and the next deadline in words.
            let today = CalendarDate(Date())
            let age = AgeGroup.age(birthDate: CalendarDate(year: 1990, month: 2, day: 3)!, on: today)
            #expect(first.contains("030290-") && first.contains("(\(age) år)") && first.contains("Sanne Sagsbehandler"))
            #expect(first.contains("\(today.adding(days: 14).danish) – om 14 dage"))
            #expect(first.contains(#"href="/sager/\#(c.id.lowercased())/sagsaabning">Næste handling: sagsåbning"#))
            try await c.move("investigation")
            try await c.move("assessment")
            try await c.patch(["interventions": [["services": [["code": codes.first(FFBValueSet.interventions), "paragraph": "SEL § 85"]], "unit": "hour",
                                                  "unitsPerPeriod": 3, "frequency": "perWeek", "periodRepetitions": 4, "expectedStartDate": "2030-01-07",
                                                  "unitPrice": 45000]]])
            try await c.move("decision")
            // The decision form comes filled in "bevilget som indstillet", the recommended scope and price beside it.
            var web2 = web
            let form = try await web2.get(app, "/sager/\(c.id)/afgoerelse").body.string
            #expect(form.contains(#"<option value="granted" selected="selected">"#) && form.contains(#"value="3""#))
            #expect(form.contains("Indstillet: 3 timer pr. uge, forventet pris 5.400,00 kr."))
            // Refused instead: the filled-in scope does not go with a refusal; the reason does.
            let refused = try await web2.post(app, "/sager/\(c.id)/afgoerelse", form: [
                "version": String(c.etag.filter(\.isNumber)), "interventions.0.decision.outcome": "refused", "interventions.0.decision.grantedUnitsPerPeriod": "3",
                "interventions.0.decision.paragraph": "SEL § 85", "interventions.0.decision.refusalReason": "notInTargetGroup"], csrfFrom: try await web2.get(app, "/sager/\(c.id)/afgoerelse"))
            #expect(refused.status == .seeOther)
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(c.value("/interventions/0/decision/outcome") as? String == "refused" && c.value("/interventions/0/decision/grantedUnitsPerPeriod") == nil)
            #expect(c.value("/interventions/0/decision/refusalReason") as? String == "notInTargetGroup")
            var xs = try #require(c.value("/interventions") as? [[String: Any]])
            xs[0]["decision"] = ["outcome": "granted", "paragraph": "SEL § 85", "followUpDate": "2030-03-01"]
            try await c.patch(["interventions": xs.map { $0.filter { !["basePrice", "expectedPrice", "scope", "recommendedOn"].contains($0.key) } }])
            #expect(try await web.get(app, "/sager/\(c.id)").body.string.contains("Afgørelsesbrev"))
            let letter = try await web.get(app, "/sager/\(c.id)/afgoerelsesbrev").body.string
            #expect(letter.contains("<dt>Dato</dt><dd>\(today.danishWritten)</dd>") && letter.contains("<dt>Sagsbehandler</dt><dd>Sanne Sagsbehandler</dd>"))
            #expect(letter.contains("efter SEL § 85.") && !letter.contains("(SEL § 85) efter"))
            // The case number, the caseworker's direct line and the authority's address, phone and e-mail (the demo's
            // settings), and where and how to complain.
            let number = try #require(c.value("/caseNumber") as? String)
            #expect(letter.contains("<dt>Sagsnummer</dt><dd>\(number)</dd>") && letter.contains("<dt>Direkte telefon</dt><dd>70 10 20 41</dd>"))
            #expect(letter.contains("<p>Rådhustorvet 1</p><p>9999 Demoby</p><p>Telefon 70 10 20 30</p>"))
            #expect(letter.contains("Klagen sendes til Demokommune, Social og Handicap, Rådhustorvet 1, 9999 Demoby, eller med Digital Post eller e-mail til socialoghandicap@demokommune.dk. Skriv sagsnummeret \(number) i klagen."))
            #expect(letter.contains("kontakte din sagsbehandler, Sanne Sagsbehandler, på telefon 70 10 20 41."))
            #expect(letter.contains("Hent brevet som PDF"))
            // The same letter as a PDF, named by the case number.
            let pdf = try await web.get(app, "/sager/\(c.id)/afgoerelsesbrev.pdf")
            #expect(pdf.status == .ok && pdf.headers.contentType?.description == "application/pdf")
            #expect(pdf.headers.first(name: .contentDisposition) == "attachment; filename=\"afgoerelse-\(number).pdf\"")
            let bytes = [UInt8](pdf.body.readableBytesView)
            #expect(String(decoding: bytes.prefix(8), as: UTF8.self) == "%PDF-1.4")
            #expect(String(decoding: bytes, as: UTF8.self).contains("(Sagsnummer: \(number)) Tj"))
            // An administrator reads the case: no forms that only caseworkers may send.
            let admin = try await WebSessionClient.login(app, "admin").get(app, "/sager/\(c.id)").body.string
            #expect(admin.contains("Næste frist") && !admin.contains("/fase\"") && !admin.contains("Gem KLE") && !admin.contains("Skriv notat"))
        }
    }
}
