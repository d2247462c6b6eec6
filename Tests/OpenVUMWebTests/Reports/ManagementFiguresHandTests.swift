import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// Six citizens written out by hand, imported, and every figure of themes 1 and 3 and meta checked against values
/// worked out by hand below (the arithmetic in the comments), including figures.md's edges: a case closed on R, the
/// supervision window's two ends, a target group changing before a use of force, triggered follow-ups that fulfil
/// nothing, a superseded due date, a due date on R.
@Suite("Management figures of a hand-written history")
struct ManagementFiguresHandTests {
    static let r = CalendarDate(year: 2026, month: 10, day: 31)!
    // FFB codes (CodeSystem 20240530).
    static let s1 = "bd67597b-e80f-427f-8cf9-79d01eff91fc", s2 = "2ba29098-a527-43d5-b858-4c5353669f42"        // subthemes
    static let udvikle = "10752a63-00b4-4958-b7f4-9f3a18f74266", fastholde = "d41c8072-52f8-42b5-9375-ddbea454d27f"  // goal types
    static let tg1 = "122f3f8e-84a0-476f-b9c5-0e40b1dcf113", tg2 = "16075f99-3694-4878-a48d-b2f4b515cb76"        // target groups
    static let keep = "1e971d84-10a4-4ef8-a8b3-0daa4c7d088a"                                                      // status: continue
    static let intet = "ae9f388a-91c3-46cf-af55-f81952f2977c", lav = "dd628e73-d6c9-4837-a2b8-aa62d73bd6ae"      // støttebehov
    static let moderat = "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76", hoejt = "b99a0790-4d70-4152-b149-3fe58b745583"
    static let ikkeVurderet = "2254dac8-8aa3-4334-8502-9720194f49ad"
    /// Each offer: provider, FFB tilbud, FFB ydelse, legal basis, account, P-number, EAN, provider account.
    static let offers: [String: (provider: String, tilbud: String, service: String, basis: String, account: String, p: String, ean: String, providerAccount: String)] = [
        "P1-BOST": ("P1", "070016aa-e164-4813-aca5-b75acab89d63", "be5d5058-ef06-42a9-b894-51e44513e717", "Serviceloven § 85", "5.38.38", "1000000007", "5798000000018", "1234-5.38.38"),
        "P1-AKT": ("P1", "9401777d-bdc5-4f52-9804-63c8cae9a792", "2c1944be-fe87-4c42-b08e-9cc075c9ef18", "Serviceloven § 104", "5.38.59", "1000000056", "5798000000087", "1234-5.38.59"),
        "P2-MIDL": ("P2", "a7cbf55b-6906-4b2a-872e-c48b4d728837", "5af56051-8413-4115-aaa2-83a0767e1137", "Serviceloven § 107", "5.38.52", "1000000007", "5798000000018", "1234-5.38.52"),
        "P3-BOST": ("P3", "25de7444-3919-4dab-b844-8cec6c15f30e", "299af83f-586c-4c17-8af6-c8c47a847d6d", "Serviceloven § 85", "5.38.38", "1000000014", "5798000000025", "1234-5.38.38"),
    ]

    /// One citizen's events, numbered in order.
    struct Citizen {
        var id: String, cpr: String, events: [[String: Any]] = []
        mutating func add(_ type: String, _ date: String, _ fields: [String: Any] = [:]) {
            var e = fields
            e["type"] = type
            e["date"] = date
            e["eventId"] = "\(id)-E\(String(format: "%03d", events.count + 1))"
            events.append(e)
        }
        mutating func open(_ date: String, caseworker: String, origin: String = "henvendelse", inquirer: String?, clear: Bool = false, agrees: Bool = true,
                           guardian: String? = nil, represented: String? = nil, consent: Bool = false, holistic: Bool = false, other: String? = nil,
                           otherPaying: String? = nil) {
            add("case_opened", date, [
                "caseId": "SAG-\(id)", "caseworkerId": caseworker, "kle": ["number": "27.36.12"], "origin": origin, "inquirer": inquirer as Any? ?? NSNull(),
                "citizenAgrees": agrees, "clearCase": clear, "clearCaseServiceType": NSNull(), "clearCaseOfferType": NSNull(),
                "guardianship": ["hasGuardian": guardian != nil, "form": guardian as Any? ?? NSNull(), "needsFurtherInvestigation": false],
                "representation": ["informedOfRight": true, "represented": represented != nil, "form": represented as Any? ?? NSNull()],
                "informedOfElectronicRegistration": true,
                "consent": consent ? ["given": true, "form": "skriftligt", "collectFrom": ["egen_laege"], "discloseTo": ["leverandoer"]]
                    : ["given": false, "form": NSNull(), "collectFrom": [String](), "discloseTo": [String]()] as [String: Any],
                "holisticGuidance": holistic, "actingMunicipality": other ?? "999", "payingMunicipality": otherPaying ?? other ?? "999",
            ])
        }
        /// A recommendation of one intervention (and goals), priced `units` × `repetitions` × `price`.
        mutating func recommend(_ date: String, groups: [(String, Bool)], goals: [(id: String, type: String, subtheme: String, expected: Double)] = [],
                                intervention: String, offer: String, unit: String, frequency: String, units: Double, repetitions: Int, price: Int,
                                start: String, end: String?) {
            let o = ManagementFiguresHandTests.offers[offer]!
            add("recommendation", date, [
                "recommendationId": "\(id)-R1", "targetGroups": groups.map { ["code": $0.0, "primary": $0.1] }, "currentSupportNeed": ManagementFiguresHandTests.moderat,
                "goals": goals.map { ["goalId": $0.id, "goalType": $0.type, "primarySubtheme": $0.subtheme, "expectedLevel": $0.expected, "text": "Mål",
                                      "followUp": ["mode": "samme", "date": NSNull()]] as [String: Any] },
                "civilSocietyInterventions": [String](), "alternativeInterventions": [[String: Any]](),
                "interventions": [[
                    "interventionId": intervention, "providerId": o.provider, "offerId": offer, "offerType": ["code": o.tilbud], "legalBasis": o.basis,
                    "services": [["code": o.service, "legalBasis": o.basis]], "accountNumber": o.account, "expectedStart": start,
                    "expectedEnd": end as Any? ?? NSNull(), "noEndDate": end == nil,
                    "price": ["unit": unit, "unitsPerPeriod": units, "frequency": frequency, "repetitions": repetitions, "unitPriceOre": price],
                ] as [String: Any]],
            ])
        }
        mutating func decide(_ date: String, _ intervention: String, granted: Bool, units: Double? = nil, paragraph: String? = nil, followUp: String?) {
            add("decision", date, ["decisionId": "\(id)-D1", "followUpDate": followUp as Any? ?? NSNull(), "items": [[
                "interventionId": intervention, "outcome": granted ? "bevilget" : "afslaaet", "grantedUnitsPerPeriod": units as Any? ?? NSNull(),
                "grantParagraph": paragraph as Any? ?? NSNull(), "refusalReason": granted ? NSNull() : "ikke_i_personkredsen",
            ] as [String: Any]]])
        }
        mutating func order(_ date: String, _ intervention: String, offer: String, unit: String, frequency: String, units: Double, repetitions: Int, price: Int,
                            start: String, end: String?, coordination: Bool = false) {
            let o = ManagementFiguresHandTests.offers[offer]!
            add("order", date, [
                "orderId": "\(intervention)-O", "interventionId": intervention, "providerId": o.provider, "offerId": offer, "pNumber": o.p, "ean": o.ean,
                "providerAccount": o.providerAccount, "coPaymentOrePerMonth": 0, "coordinationNeeded": coordination,
                "contract": ["startDate": start, "endDate": end as Any? ?? NSNull(), "unit": unit, "unitsPerPeriod": units, "frequency": frequency,
                             "repetitions": repetitions, "unitPriceOre": price, "supplements": [[String: Any]](),
                             "contractPriceOre": Int((Decimal(units) * Decimal(repetitions) * Decimal(price) as NSDecimalNumber).intValue)],
            ])
        }
        mutating func followUp(_ date: String, _ key: String, planned: Bool, next: String?, statuses: [String] = [], goals: [(String, Double, String)] = [],
                               supervision: Bool, wellbeing: Bool, before: String, after: String, outcome: String = "uaendret") {
            add("follow_up", date, [
                "followUpId": key, "followUpType": planned ? "planlagt" : "markant_aendring", "statusDate": date,
                "interventionStatuses": statuses.map { ["interventionId": $0, "status": ManagementFiguresHandTests.keep] },
                "nextFollowUpDate": next as Any? ?? NSNull(),
                "goalDecisions": goals.map { ["goalId": $0.0, "achievedLevel": $0.1, "decision": $0.2] as [String: Any] },
                "personalSupervision": supervision, "wellbeingProblems": wellbeing, "useOfForceSinceLast": false,
                "supportNeedBefore": before, "supportNeedAfter": after, "outcome": outcome,
            ])
        }
    }

    static func history() -> [Citizen] {
        // A — Anne's caseworker CW1 (team T1); born 1990-01-01 (7th digit 1 → 1900s), 36 on R; modulus 11 holds (sum 88).
        var a = Citizen(id: "HA", cpr: "0101901238")
        a.open("2026-01-05", caseworker: "CW1", inquirer: "borger", consent: true)
        a.add("investigation_started", "2026-01-12")
        a.add("functional_assessment", "2026-01-20", ["levels": [["subtheme": s1, "level": 2.0], ["subtheme": s2, "level": 3.0]]])
        a.add("assessment_started", "2026-02-02")
        a.recommend("2026-02-10", groups: [(tg1, true), (tg2, false)], goals: [("HA-G1", udvikle, s1, 1.0)], intervention: "HA-I1", offer: "P1-BOST",
                    unit: "time", frequency: "uge", units: 3, repetitions: 52, price: 58_500, start: "2026-03-01", end: "2027-02-27")
        a.add("action_plan", "2026-02-10", ["offered": true, "citizenWants": true, "status": "udarbejdet", "holisticOffered": false,
                                             "holisticCitizenWants": NSNull(), "holisticStatus": NSNull(), "validUntil": "2026-08-10"])
        a.decide("2026-02-20", "HA-I1", granted: true, units: 3, paragraph: "Serviceloven § 85", followUp: "2026-05-20")
        a.order("2026-02-25", "HA-I1", offer: "P1-BOST", unit: "time", frequency: "uge", units: 3, repetitions: 52, price: 58_500, start: "2026-03-01",
                end: "2027-02-27", coordination: true)
        a.add("delivery_started", "2026-03-02", ["interventionId": "HA-I1", "interventionStartDate": "2026-03-01", "serviceStartDates": [[String: Any]]()])
        // The same day: the use of force first, then the update that drops TG1 (the format's same-day order).
        a.add("use_of_force", "2026-04-10", ["orderId": "HA-I1-O", "interventionId": "HA-I1", "providerId": "P1", "kind": "fastholdelse"])
        a.add("target_groups_updated", "2026-04-10", ["targetGroups": [["code": tg2, "primary": true]]])
        a.add("functional_assessment", "2026-05-25", ["levels": [["subtheme": s1, "level": 1.0]]])
        a.followUp("2026-05-25", "HA-F1", planned: true, next: "2026-11-25", statuses: ["HA-I1"], goals: [("HA-G1", 1.0, "fortsaet")], supervision: true,
                   wellbeing: true, before: moderat, after: lav)
        a.followUp("2026-10-20", "HA-F2", planned: true, next: "2027-04-20", statuses: ["HA-I1"], goals: [("HA-G1", 0.8, "afslut_opnaaet")], supervision: false,
                   wellbeing: false, before: lav, after: lav)

        // B — a clear case refused and closed; born 1985-02-15; handed from CW2 to CW3; another paying municipality.
        var b = Citizen(id: "HB", cpr: "1502851238")
        b.open("2026-03-02", caseworker: "CW2", inquirer: "paaroerende", clear: true, otherPaying: "995")
        b.add("assessment_started", "2026-03-03")
        b.recommend("2026-03-04", groups: [(tg1, true)], intervention: "HB-I1", offer: "P2-MIDL", unit: "doegn", frequency: "doegn", units: 1, repetitions: 90,
                    price: 198_000, start: "2026-04-01", end: "2026-06-29")
        b.decide("2026-03-10", "HB-I1", granted: false, followUp: nil)
        b.add("caseworker_assigned", "2026-03-15", ["caseworkerId": "CW3", "reason": "omfordeling"])
        b.add("case_closed", "2026-03-20", ["reason": "afslag"])

        // C — opened on its own initiative 60 days before R, a further inquiry, no decision; born 2005-03-20 (7th digit
        // 4, YY 05 ≤ 36 → 2000s), 21 on R; does not agree.
        var c = Citizen(id: "HC", cpr: "2003054236")
        c.open("2026-09-01", caseworker: "CW1", origin: "egen_drift", inquirer: nil, agrees: false)
        c.add("inquiry_received", "2026-09-15", ["origin": "henvendelse", "inquirer": "egen_laege", "subject": "markant_aendring"])

        // D — CW4 (T2), another acting municipality and a guardian; triggered follow-ups; closed on R. Born 1960-07-01.
        var d = Citizen(id: "HD", cpr: "0107604237")
        d.open("2025-06-02", caseworker: "CW4", origin: "opfoelgning", inquirer: nil, guardian: "oekonomisk_5", other: "995")
        d.add("investigation_started", "2025-06-10")
        d.add("functional_assessment", "2025-06-20", ["levels": [["subtheme": s1, "level": 3.0]]])
        d.add("functional_assessment", "2025-06-25", ["levels": [["subtheme": s1, "level": 2.0]]])
        d.add("assessment_started", "2025-07-01")
        d.recommend("2025-07-05", groups: [(tg1, true)], goals: [("HD-G1", udvikle, s1, 2.0)], intervention: "HD-I1", offer: "P3-BOST", unit: "time",
                    frequency: "uge", units: 2, repetitions: 26, price: 61_000, start: "2025-08-01", end: "2026-01-29")
        d.decide("2025-07-20", "HD-I1", granted: true, units: 2, paragraph: "Serviceloven § 85", followUp: "2025-12-01")
        d.order("2025-07-25", "HD-I1", offer: "P3-BOST", unit: "time", frequency: "uge", units: 2, repetitions: 26, price: 61_000, start: "2025-08-01", end: "2026-01-29")
        d.add("delivery_started", "2025-08-01", ["interventionId": "HD-I1", "interventionStartDate": "2025-08-01", "serviceStartDates": [[String: Any]]()])
        d.followUp("2025-11-15", "HD-F1", planned: false, next: "2025-12-01", supervision: false, wellbeing: false, before: moderat, after: moderat)
        d.followUp("2025-11-28", "HD-F2", planned: true, next: "2026-06-01", statuses: ["HD-I1"], goals: [("HD-G1", 2.5, "fortsaet")], supervision: true,
                   wellbeing: false, before: moderat, after: hoejt)
        d.followUp("2026-03-01", "HD-F3", planned: false, next: "2026-04-01", supervision: false, wellbeing: true, before: ikkeVurderet, after: lav,
                   outcome: "aendret_maal")
        d.add("intervention_ended", "2026-10-31", ["interventionId": "HD-I1", "orderId": "HD-I1-O", "reason": "fraflytning"])
        d.add("case_closed", "2026-10-31", ["reason": "fraflyttet"])

        // E — CW3 (T2), a day offer without end date, represented; supervision on R − 364 = 2025-11-01 (inside). Born 1980-05-05.
        var e = Citizen(id: "HE", cpr: "0505804231")
        e.open("2025-03-03", caseworker: "CW3", inquirer: "hospital", represented: "bisidder")
        e.add("investigation_started", "2025-03-10")
        e.add("functional_assessment", "2025-03-20", ["levels": [["subtheme": s1, "level": 1.5]]])
        e.add("assessment_started", "2025-04-20")
        e.recommend("2025-05-01", groups: [(tg2, true)], goals: [("HE-G1", fastholde, s2, 2.0)], intervention: "HE-I1", offer: "P1-AKT", unit: "dag",
                    frequency: "uge", units: 3, repetitions: 52, price: 62_000, start: "2025-06-01", end: nil)
        e.decide("2025-05-20", "HE-I1", granted: true, units: 3, paragraph: "Serviceloven § 104", followUp: "2025-09-01")
        e.order("2025-06-20", "HE-I1", offer: "P1-AKT", unit: "dag", frequency: "uge", units: 3, repetitions: 52, price: 62_000, start: "2025-07-01", end: nil)
        e.add("delivery_started", "2025-07-10", ["interventionId": "HE-I1", "interventionStartDate": "2025-07-01", "serviceStartDates": [[String: Any]]()])
        e.followUp("2025-09-01", "HE-F1", planned: true, next: "2025-11-01", statuses: ["HE-I1"], supervision: false, wellbeing: false, before: lav, after: lav)
        e.followUp("2025-11-01", "HE-F2", planned: true, next: "2026-10-01", statuses: ["HE-I1"], supervision: true, wellbeing: true, before: lav, after: intet)

        // F — CW2 (T1), bostøtte without end date; a target-group change before a use of force; supervision on R − 365 =
        // 2025-10-31 (outside); next follow-up due on R. Holistic guidance. Born 1975-10-10.
        var f = Citizen(id: "HF", cpr: "1010752233")
        f.open("2025-02-03", caseworker: "CW2", inquirer: "borger", holistic: true)
        f.add("investigation_started", "2025-02-10")
        f.add("functional_assessment", "2025-02-15", ["levels": [["subtheme": s1, "level": 2.4]]])
        f.add("assessment_started", "2025-02-20")
        f.recommend("2025-03-01", groups: [(tg1, true)], intervention: "HF-I1", offer: "P1-BOST", unit: "time", frequency: "uge", units: 2, repetitions: 52,
                    price: 58_500, start: "2025-04-01", end: nil)
        f.decide("2025-03-15", "HF-I1", granted: true, units: 2, paragraph: "Serviceloven § 85", followUp: "2025-07-01")
        f.order("2025-03-20", "HF-I1", offer: "P1-BOST", unit: "time", frequency: "uge", units: 2, repetitions: 52, price: 58_500, start: "2025-04-01", end: nil)
        f.add("delivery_started", "2025-04-01", ["interventionId": "HF-I1", "interventionStartDate": "2025-04-01", "serviceStartDates": [[String: Any]]()])
        f.add("target_groups_updated", "2025-06-01", ["targetGroups": [["code": tg2, "primary": true]]])
        f.add("use_of_force", "2025-07-01", ["orderId": "HF-I1-O", "interventionId": "HF-I1", "providerId": "P1", "kind": "fastholdelse"])
        f.followUp("2025-10-31", "HF-F1", planned: true, next: "2026-10-31", statuses: ["HF-I1"], supervision: true, wellbeing: false, before: lav, after: intet)
        return [a, b, c, d, e, f]
    }

    static func file(_ app: Application) async throws -> Data {
        let t = try await app.openvum.terminology.current(on: app.db)
        var json = HistoryGenerator.generate(citizens: 1, seed: 1, referenceDate: r, profile: HistoryGenerator.standard, terminology: t)
        json["dataWindow"] = ["from": "2025-01-01", "to": r.description]
        json["citizens"] = history().map { c in
            ["citizenId": c.id, "cpr": c.cpr, "givenName": "Borger", "familyName": c.id, "case": ["caseId": "SAG-\(c.id)", "events": c.events]] as [String: Any]
        }
        return try JSONSerialization.data(withJSONObject: json)
    }

    @Test("every figure of themes 1 and 3 and meta equals the value worked out by hand", arguments: Engine.available)
    func figures(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let report = try await HistoryImport.run(try await Self.file(app), municipalityID: DemoData.municipalityID,
                                                     principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            #expect(report.refused.isEmpty, "\(report.refused)")
            let res = try await app.send(.GET, "/api/v1/figures?ids=t1.*,t3.*,meta.*&date=\(Self.r)", token: try await app.token("oekonomi"))
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            let body = try res.json()
            let keys = try #require(body["importedKeys"] as? [String: String])
            let ids = Dictionary(keys.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            let f = try #require(body["figures"] as? [String: Any])
            /// The value at a path; a path element of the file (CW1, T1, P1, HA-G1, HB …) is read as the id it got.
            func v(_ path: String...) -> Any? {
                var x: Any? = f
                for p in path { x = (x as? [String: Any])?[ids[p] ?? p] }
                return x
            }
            func n(_ path: String...) -> Int? { var x: Any? = f; for p in path { x = (x as? [String: Any])?[ids[p] ?? p] }; return x as? Int }
            func d(_ path: String...) -> Double? { var x: Any? = f; for p in path { x = (x as? [String: Any])?[ids[p] ?? p] }; return (x as? NSNumber)?.doubleValue }
            func isNull(_ path: String...) -> Bool { var x: Any? = f; for p in path { x = (x as? [String: Any])?[ids[p] ?? p] }; return x is NSNull }

            #expect(body["referenceDate"] as? String == "2026-10-31")
            // G10: F opened 2025-02-03 is the first month; R's quarter holds October only.
            let periods = try #require(body["periods"] as? [String: Any])
            #expect((periods["months"] as? [String])?.first == "2025-02" && (periods["months"] as? [String])?.last == "2026-10" && (periods["months"] as? [String])?.count == 21)
            #expect(periods["quarters"] as? [String] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
            #expect((body["labels"] as? [String: String])?[Self.tg1] != nil && (body["labels"] as? [String: String])?[Self.moderat] == "Moderat støttebehov")

            // T1.1: 2025 — E henvendelse/hospital, F henvendelse/borger, D opfoelgning/none; 2026 — A henvendelse/borger,
            // B henvendelse/paaroerende, C egen_drift/none and its further inquiry henvendelse/egen_laege (September).
            #expect(v("t1.inquiries.by_origin", "year", "2025") as? [String: Int] == ["henvendelse": 2, "opfoelgning": 1, "egen_drift": 0])
            #expect(v("t1.inquiries.by_origin", "year", "2026") as? [String: Int] == ["henvendelse": 3, "opfoelgning": 0, "egen_drift": 1])
            #expect(v("t1.inquiries.by_origin", "month", "2026-09") as? [String: Int] == ["henvendelse": 1, "opfoelgning": 0, "egen_drift": 1])
            let inquirers2026 = try #require(v("t1.inquiries.by_inquirer", "year", "2026") as? [String: Int])
            #expect(inquirers2026.filter { $0.value > 0 } == ["borger": 1, "paaroerende": 1, "egen_laege": 1, "none": 1])
            // T1.2: 2025 D, E, F; 2026 A, B (clear), C. 2026-Q1 holds A and B.
            #expect(v("t1.cases.opened", "year", "2025") as? [String: Int] == ["opened": 3, "clearCase": 0])
            #expect(v("t1.cases.opened", "year", "2026") as? [String: Int] == ["opened": 3, "clearCase": 1])
            #expect(v("t1.cases.opened", "quarter", "2026-Q1") as? [String: Int] == ["opened": 2, "clearCase": 1])

            // T1.3: open on R are A, C (CW1), F (CW2), E (CW3); B closed in March, D closed on R itself (G2).
            #expect(n("t1.open_cases.at_ref", "total") == 4)
            #expect(n("t1.open_cases.at_ref", "byCaseworker", "CW1") == 2 && n("t1.open_cases.at_ref", "byCaseworker", "CW2") == 1)
            #expect(n("t1.open_cases.at_ref", "byCaseworker", "CW3") == 1 && n("t1.open_cases.at_ref", "byCaseworker", "CW4") == 0)
            #expect(n("t1.open_cases.at_ref", "byTeam", "T1") == 3 && n("t1.open_cases.at_ref", "byTeam", "T2") == 1)
            #expect((v("t1.open_cases.at_ref", "byPhase") as? [String: Int])?.filter { $0.value > 0 } == ["follow_up": 3, "opening": 1])
            // Month ends: F; E, F; D from June; A from January 2026; B opened and closed within March; C from September;
            // on R (October) D is closed.
            #expect(n("t1.open_cases.month_end", "2025-02") == 1 && n("t1.open_cases.month_end", "2025-03") == 2)
            #expect(n("t1.open_cases.month_end", "2025-06") == 3 && n("t1.open_cases.month_end", "2026-01") == 4 && n("t1.open_cases.month_end", "2026-03") == 4)
            #expect(n("t1.open_cases.month_end", "2026-09") == 5 && n("t1.open_cases.month_end", "2026-10") == 4)

            // T1.4: A 01-05→02-20 = 46; B 03-02→03-10 = 8 (clear); D 2025-06-02→07-20 = 48; E 03-03→05-20 = 78;
            // F 02-03→03-15 = 40. All [8, 40, 46, 48, 78]: median 46, mean 220/5 = 44, within 60: 4 → 0.8.
            #expect(n("t1.opening_to_decision", "all", "count") == 5 && d("t1.opening_to_decision", "all", "median") == 46)
            #expect(d("t1.opening_to_decision", "all", "mean") == 44 && n("t1.opening_to_decision", "all", "withinDeadline") == 4)
            #expect(d("t1.opening_to_decision", "all", "shareWithinDeadline") == 0.8)
            // Not clear [40, 46, 48, 78]: median (46 + 48)/2 = 47, mean 212/4 = 53, within 3 → 0.75; clear [8].
            #expect(d("t1.opening_to_decision", "notClearCase", "median") == 47 && d("t1.opening_to_decision", "notClearCase", "mean") == 53)
            #expect(d("t1.opening_to_decision", "notClearCase", "shareWithinDeadline") == 0.75 && d("t1.opening_to_decision", "clearCase", "median") == 8)
            // By the decision's year: 2025 [40, 48, 78] mean 166/3 = 55.33, within 2/3 = 0.6667; 2026 [8, 46] median 27.
            #expect(d("t1.opening_to_decision", "byDecisionPeriod", "year", "2025", "mean") == 55.33)
            #expect(d("t1.opening_to_decision", "byDecisionPeriod", "year", "2025", "shareWithinDeadline") == 0.6667)
            #expect(d("t1.opening_to_decision", "byDecisionPeriod", "year", "2026", "median") == 27)
            // C is open without a decision, exactly 60 days old on R: pending, not over the deadline (> 60).
            #expect(n("t1.opening_to_decision", "pendingAtRef") == 1 && n("t1.opening_to_decision", "overDeadline") == 0)

            // T1.5. Opening → investigation: A 7, D 8, E 7, F 7 → mean 29/4 = 7.25. Investigation → assessment: A 21,
            // D 21, E 41, F 10 → median 21, mean 93/4 = 23.25, within 30: 3. Assessment → decision: A 18, B 7, D 19,
            // E 30, F 23 → median 19, mean 97/5 = 19.4, within 21: 3 → 0.6. Decision → order: A 5, D 5, E 31, F 5 →
            // mean 46/4 = 11.5, within 14: 3. Order → delivery start: A 4, D 7, E 11, F 12 → median 9, mean 8.5.
            #expect(n("t1.phase_durations", "opening_to_investigation", "count") == 4 && d("t1.phase_durations", "opening_to_investigation", "mean") == 7.25)
            #expect(d("t1.phase_durations", "investigation_to_assessment", "median") == 21 && d("t1.phase_durations", "investigation_to_assessment", "mean") == 23.25)
            #expect(n("t1.phase_durations", "investigation_to_assessment", "withinDeadline") == 3)
            #expect(n("t1.phase_durations", "assessment_to_decision", "count") == 5 && d("t1.phase_durations", "assessment_to_decision", "median") == 19)
            #expect(d("t1.phase_durations", "assessment_to_decision", "mean") == 19.4 && d("t1.phase_durations", "assessment_to_decision", "shareWithinDeadline") == 0.6)
            #expect(d("t1.phase_durations", "decision_to_order", "mean") == 11.5 && n("t1.phase_durations", "decision_to_order", "withinDeadline") == 3)
            #expect(d("t1.phase_durations", "order_to_delivery_start", "median") == 9 && d("t1.phase_durations", "order_to_delivery_start", "mean") == 8.5)
            #expect(n("t1.phase_durations", "opening_to_decision", "deadlineDays") == 60)

            // T1.6: only A has a plan — offered, wanted, prepared, valid until 2026-08-10 < R; five cases recommended.
            #expect(n("t1.action_plans", "casesWithRecord") == 1 && n("t1.action_plans", "prepared") == 1 && n("t1.action_plans", "validUntilPassed") == 1)
            #expect(n("t1.action_plans", "wanted") == 1 && n("t1.action_plans", "declined") == 0 && n("t1.action_plans", "casesWithRecommendation") == 5)
            #expect(v("t1.action_plans", "status") as? [String: Int] == ["udarbejdet": 1] && n("t1.action_plans", "holistic", "offered") == 0)

            // T1.7: six cases; C does not agree; D a guardian (oekonomisk_5); E a bisidder; A consent (written, from
            // egen_laege, to leverandoer); F holistic guidance; everyone informed.
            #expect(n("t1.consent_guardianship_representation", "all", "cases") == 6 && n("t1.consent_guardianship_representation", "all", "citizenAgrees") == 5)
            #expect(n("t1.consent_guardianship_representation", "all", "citizenDoesNotAgree") == 1 && n("t1.consent_guardianship_representation", "all", "guardianship") == 1)
            #expect(v("t1.consent_guardianship_representation", "all", "guardianshipForm") as? [String: Int] == ["oekonomisk_5": 1])
            #expect(v("t1.consent_guardianship_representation", "all", "representationForm") as? [String: Int] == ["bisidder": 1])
            #expect(n("t1.consent_guardianship_representation", "all", "informedOfRightToRepresentation") == 6)
            #expect(n("t1.consent_guardianship_representation", "all", "consentGiven") == 1 && n("t1.consent_guardianship_representation", "all", "holisticGuidance") == 1)
            #expect(v("t1.consent_guardianship_representation", "all", "consentCollectFrom") as? [String: Int] == ["egen_laege": 1])
            #expect(v("t1.consent_guardianship_representation", "all", "consentDiscloseTo") as? [String: Int] == ["leverandoer": 1])
            // Opened in 2025: D, E, F.
            #expect(n("t1.consent_guardianship_representation", "byYearOpened", "2025", "cases") == 3)
            #expect(n("t1.consent_guardianship_representation", "byYearOpened", "2025", "represented") == 1)

            // T1.8: D acting and paying 995, B paying 995; A's order needs coordination. Open on R: A, C, E, F.
            #expect(v("t1.other_municipality", "all") as? [String: Int] == ["cases": 6, "otherActing": 1, "otherPaying": 2, "otherActingOrPaying": 2,
                                                                          "otherActingAndPaying": 1, "coordinationNeeded": 1])
            #expect(v("t1.other_municipality", "openAtRef") as? [String: Int] == ["cases": 4, "otherActing": 0, "otherPaying": 0, "otherActingOrPaying": 0,
                                                                                "otherActingAndPaying": 0, "coordinationNeeded": 1])

            // T1.9: granted F (2025-03), E (05), D (07), A (2026-02); refused B (2026-03).
            #expect(v("t1.decisions", "byPeriod", "year", "2025") as? [String: Int] == ["granted": 3, "refused": 0])
            #expect(v("t1.decisions", "byPeriod", "year", "2026") as? [String: Int] == ["granted": 1, "refused": 1])
            #expect(v("t1.decisions", "grantedByParagraph") as? [String: Int] == ["SEL § 85": 3, "SEL § 104": 1])
            #expect(v("t1.decisions", "refusedByReason") as? [String: Int] == ["ikke_i_personkredsen": 1])

            // T1.10. A: 05-20 fulfilled 05-25 → late; 11-25 fulfilled 10-20 → done before its date after R; 2027-04-20
            // upcoming. D: 2025-12-01 kept by the triggered follow-up of 11-15, fulfilled 11-28 → on time; 2026-06-01
            // superseded 03-01 before its date → not counted; 2026-04-01 closed on R → missed. E: 09-01 and 11-01 on
            // time; 2026-10-01 outstanding → overdue. F: 2025-07-01 fulfilled 10-31 → late; 2026-10-31 = R → due today.
            // B's refusal set no date. Due = 3 + 2 + 1 + 1 + 1 = 8.
            #expect(v("t1.follow_ups.due", "total") as? [String: Int] == ["onTime": 3, "late": 2, "overdue": 1, "dueToday": 1, "missed": 1, "due": 8,
                                                                         "upcomingAfterRef": 1, "doneBeforeDueDateAfterRef": 1])
            #expect(n("t1.follow_ups.due", "byCaseworker", "CW1", "due") == 1 && n("t1.follow_ups.due", "byCaseworker", "CW1", "doneBeforeDueDateAfterRef") == 1)
            #expect(n("t1.follow_ups.due", "byCaseworker", "CW3", "due") == 3 && n("t1.follow_ups.due", "byCaseworker", "CW4", "missed") == 1)
            #expect(n("t1.follow_ups.due", "byCaseworker", "CW2", "dueToday") == 1 && n("t1.follow_ups.due", "byCaseworker", "CW2", "late") == 1)
            #expect(n("t1.follow_ups.due", "byDuePeriod", "month", "2025-12", "onTime") == 1)
            #expect(n("t1.follow_ups.due", "byDuePeriod", "month", "2026-10", "due") == 2 && n("t1.follow_ups.due", "byDuePeriod", "month", "2026-04", "missed") == 1)

            // T1.11: 2025 — E 09-01, E 11-01, F 10-31, D 11-28 planned, D 11-15 triggered; 2026 — A 05-25, A 10-20
            // planned, D 03-01 triggered. Supervision: D 11-28, E 11-01, F 10-31 (2025); A 05-25 (2026).
            #expect(v("t1.follow_ups.by_type", "year", "2025") as? [String: Int] == ["planlagt": 4, "markant_aendring": 1])
            #expect(v("t1.follow_ups.by_type", "year", "2026") as? [String: Int] == ["planlagt": 2, "markant_aendring": 1])
            #expect(v("t1.personal_supervision", "byPeriod", "year", "2025") as? [String: Int] == ["followUps": 5, "withPersonalSupervision": 3])
            #expect(v("t1.personal_supervision", "byPeriod", "year", "2026") as? [String: Int] == ["followUps": 3, "withPersonalSupervision": 1])
            // In delivery on R: A, E, F. Supervised in R − 364 … R: A (05-25), E (2025-11-01, the window's first day);
            // F's 2025-10-31 is one day before it. 2/3 = 0.6667.
            #expect(n("t1.personal_supervision", "atRef", "casesInDelivery") == 3 && n("t1.personal_supervision", "atRef", "withSupervisionInWindow") == 2)
            #expect(d("t1.personal_supervision", "atRef", "share") == 0.6667)

            // T3.1: open A (TG2 after its update), E (TG2), F (TG2 after its update), C none. Left: TG1 by A and F.
            #expect(n("t3.target_groups.at_ref", "notRecorded") == 1 && v("t3.target_groups.at_ref", "primary") as? [String: Int] == [Self.tg2: 3])
            #expect(v("t3.target_groups.at_ref", "any") as? [String: Int] == [Self.tg2: 3])
            #expect(v("t3.target_groups.left") as? [String: Int] == [Self.tg1: 2])
            // T3.2: C 21, A 36, E 46, F 51 on R.
            #expect(v("t3.age_groups.at_ref") as? [String: Int] == ["18-24": 1, "25-34": 0, "35-44": 1, "45-54": 2, "55-64": 0, "65+": 0])
            // T3.3, subtheme S1: 2025-Q1 E 1.5 and F 2.4 → (1.5 + 2.4)/2 = 1.95; 2025-Q2 D's latest of 3.0 (06-20) and
            // 2.0 (06-25) → 2.0, n 1; 2026-Q1 A 2.0; 2026-Q2 A 1.0; 2025-Q3 nobody. S2: 2026-Q1 A 3.0.
            #expect(n("t3.functional_level.by_subtheme_quarter", Self.s1, "2025-Q1", "n") == 2 && d("t3.functional_level.by_subtheme_quarter", Self.s1, "2025-Q1", "mean") == 1.95)
            #expect(n("t3.functional_level.by_subtheme_quarter", Self.s1, "2025-Q2", "n") == 1 && d("t3.functional_level.by_subtheme_quarter", Self.s1, "2025-Q2", "mean") == 2)
            #expect(d("t3.functional_level.by_subtheme_quarter", Self.s1, "2026-Q2", "mean") == 1 && isNull("t3.functional_level.by_subtheme_quarter", Self.s1, "2025-Q3", "mean"))
            #expect(d("t3.functional_level.by_subtheme_quarter", Self.s2, "2026-Q1", "mean") == 3)

            // T3.4: A's goal: baseline S1 2.0 (01-20, before 02-10), expected 1.0, latest 0.8 (10-20) → achieved.
            // D's goal: baseline 2.0 (06-25), expected 2.0, latest 2.5 (2025-11-28) → not achieved. E's goal: no S2
            // level, never followed up.
            #expect(d("t3.goals.expected_vs_latest", "HA-G1", "baselineLevel") == 2 && d("t3.goals.expected_vs_latest", "HA-G1", "latestLevel") == 0.8)
            #expect(v("t3.goals.expected_vs_latest", "HA-G1", "latestDate") as? String == "2026-10-20" && d("t3.goals.expected_vs_latest", "HA-G1", "achieved") == 1)
            #expect(d("t3.goals.expected_vs_latest", "HD-G1", "latestLevel") == 2.5 && d("t3.goals.expected_vs_latest", "HD-G1", "achieved") == 0)
            #expect(isNull("t3.goals.expected_vs_latest", "HE-G1", "baselineLevel") && isNull("t3.goals.expected_vs_latest", "HE-G1", "achieved"))
            // Udvikle: 2 goals, both followed up, 1 achieved; mean expected (1.0 + 2.0)/2 = 1.5, latest (0.8 + 2.5)/2 = 1.65.
            #expect(n("t3.goals.summary_by_type", Self.udvikle, "goals") == 2 && n("t3.goals.summary_by_type", Self.udvikle, "achieved") == 1)
            #expect(d("t3.goals.summary_by_type", Self.udvikle, "meanExpectedLevel") == 1.5 && d("t3.goals.summary_by_type", Self.udvikle, "meanLatestLevel") == 1.65)
            #expect(n("t3.goals.summary_by_type", Self.fastholde, "followedUp") == 0 && isNull("t3.goals.summary_by_type", Self.fastholde, "meanLatestLevel"))
            #expect(v("t3.goal_types", "byType") as? [String: Int] == [Self.udvikle: 2, Self.fastholde: 1])
            #expect(v("t3.goal_types", "bySubthemeAndType", Self.s2) as? [String: Int] == [Self.fastholde: 1])

            // T3.5: Moderat→Let (A), Let→Let (A), Moderat→Moderat (D), Moderat→Højt (D), Ikke vurderet→Let (D),
            // Let→Let (E), Let→Intet (E), Let→Intet (F).
            #expect(v("t3.support_need.transitions", "summary") as? [String: Int] == ["improved": 3, "unchanged": 3, "worsened": 1, "notAssessed": 1])
            #expect(v("t3.support_need.transitions", "matrix", Self.lav) as? [String: Int] == [Self.lav: 2, Self.intet: 2])
            #expect(v("t3.support_need.transitions", "matrix", Self.moderat) as? [String: Int] == [Self.lav: 1, Self.moderat: 1, Self.hoejt: 1])
            // T3.6: continue ×6 — A twice and F under P1-BOST's tilbud (P1), E twice under P1-AKT's (P1), D under P3-BOST's (P3).
            #expect(v("t3.follow_up_results", "byStatus") as? [String: Int] == [Self.keep: 6])
            #expect(v("t3.follow_up_results", "byOfferType", Self.offers["P1-BOST"]!.tilbud) as? [String: Int] == [Self.keep: 3])
            #expect(v("t3.follow_up_results", "byOfferType", Self.offers["P1-AKT"]!.tilbud) as? [String: Int] == [Self.keep: 2])
            #expect(v("t3.follow_up_results", "byProvider", "P1") as? [String: Int] == [Self.keep: 5] && v("t3.follow_up_results", "byProvider", "P3") as? [String: Int] == [Self.keep: 1])
            #expect(v("t3.follow_up_results", "followUpOutcome") as? [String: Int] == ["uaendret": 7, "aendret_maal": 1])
            #expect(v("t3.follow_up_results", "goalDecisions") as? [String: Int] == ["fortsaet": 2, "afslut_opnaaet": 1])
            // T3.7: A's force the day TG1 was dropped — still TG1 (the update came after it); F's after its change to TG2.
            #expect(n("t3.use_of_force", "total") == 2 && v("t3.use_of_force", "byPrimaryTargetGroup") as? [String: Int] == [Self.tg1: 1, Self.tg2: 1])
            #expect(v("t3.use_of_force", "byProviderAndTargetGroup", "P1") as? [String: Int] == [Self.tg1: 1, Self.tg2: 1])
            #expect(n("t3.use_of_force", "byPeriod", "year", "2025") == 1 && n("t3.use_of_force", "byPeriod", "month", "2026-04") == 1)
            // T3.8: latest — A no (10-20), D yes (03-01), E yes (2025-11-01), F no → 2/4 = 0.5. 2025: D, E, F followed
            // up, E with problems; 2026: A (05-25 yes) and D (yes).
            #expect(n("t3.wellbeing", "latest", "citizens") == 4 && n("t3.wellbeing", "latest", "withProblems") == 2 && d("t3.wellbeing", "latest", "share") == 0.5)
            #expect(v("t3.wellbeing", "byYear", "2025") as? [String: Int] == ["citizens": 3, "withProblems": 1])
            #expect(v("t3.wellbeing", "byYear", "2026") as? [String: Int] == ["citizens": 2, "withProblems": 2])

            // meta: six citizens and cases, five interventions, four orders; 57 events — 6 openings, 1 further inquiry,
            // 1 handover, 4 investigations, 6 assessments of function, 5 assessments, 5 recommendations, 1 plan,
            // 5 decisions, 4 orders, 4 starts, 2 uses of force, 8 follow-ups, 2 updates, 1 end, 2 closings.
            #expect(n("meta.counts", "citizens") == 6 && n("meta.counts", "interventions") == 5 && n("meta.counts", "orders") == 4)
            #expect(n("meta.counts", "events", "total") == 57 && n("meta.counts", "events", "byType", "functional_assessment") == 6)
            // CPR: A (sum 88) and C (sum 88) pass modulus 11; B, D, E, F do not. C is born in the 2000s.
            #expect(n("meta.cpr", "modulus11Failures", "count") == 4 && v("meta.cpr", "birthCenturies") as? [String: Int] == ["1800": 0, "1900": 5, "2000": 1])
            let failing = Set((v("meta.cpr", "modulus11Failures", "citizenIds") as? [String] ?? []).compactMap { keys[$0] })
            #expect(failing == ["HB", "HD", "HE", "HF"])
        }
    }
}
