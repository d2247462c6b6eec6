import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// `openvum import history`: a generated history of a few hundred citizens replayed on both engines, every
/// derived value compared with one computed here from the file alone (not by the code under test).
@Suite("Import of a case history")
struct HistoryImportTests {
    static let reference = CalendarDate(year: 2026, month: 10, day: 31)!

    static func file(_ app: Application, citizens: Int, seed: UInt64) async throws -> (Data, [String: Any]) {
        let t = try await app.openvum.terminology.current(on: app.db)
        let json = HistoryGenerator.generate(citizens: citizens, seed: seed, referenceDate: reference, profile: HistoryGenerator.standard, terminology: t)
        return (try JSONSerialization.data(withJSONObject: json), json)
    }

    static func admin(_ app: Application) async throws -> Principal {
        try await HistoryImport.administrator(municipalityID: DemoData.municipalityID, username: "admin", on: app.db)
    }

    static func count(_ app: Application, _ table: String) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
    }

    // MARK: Independent computations from the file

    static func date(_ any: Any?) -> CalendarDate? { (any as? String).flatMap(CalendarDate.init) }

    /// Decimal from a JSON number, in hundredths (units and levels have at most two decimals).
    static func hundredths(_ any: Any?) -> Int {
        let n = any as! NSNumber
        return Int((Decimal(string: n.stringValue)! * 100).description)!
    }

    /// E1 in integer arithmetic: units (hundredths) × repetitions × unit price (øre), rounded half up.
    static func basePrice(_ price: [String: Any]) -> Int {
        let times100 = hundredths(price["unitsPerPeriod"]) * (price["repetitions"] as! Int) * (price["unitPriceOre"] as! Int)
        return (times100 + 50) / 100
    }

    /// T1.10 as the spec words it, for one case: (due, ending, ended on) of every follow-up due item.
    static func dueItems(_ events: [[String: Any]]) -> [String] {
        var items: [(due: String, ending: String?, on: String?)] = []
        var outstanding: Int?
        func set(_ due: String?, _ day: String) {
            if let i = outstanding, let due, items[i].due == due { return }
            if let i = outstanding, items[i].ending == nil { items[i].ending = "superseded"; items[i].on = day }
            outstanding = nil
            if let due { items.append((due, nil, nil)); outstanding = items.count - 1 }
        }
        for e in events {
            let day = e["date"] as! String
            switch e["type"] as! String {
            case "decision": set(e["followUpDate"] as? String, day)
            case "follow_up":
                if e["followUpType"] as? String == "planlagt", let i = outstanding, items[i].ending == nil { items[i].ending = "fulfilled"; items[i].on = day }
                set(e["nextFollowUpDate"] as? String, day)
            case "case_closed":
                if let i = outstanding, items[i].ending == nil { items[i].ending = "closed"; items[i].on = day }
                outstanding = nil
            default: break
            }
        }
        return items.map { "\($0.due) \($0.ending ?? "-") \($0.on ?? "-")" }
    }

    /// G9: the phase on R from the last phase event.
    static func phase(_ events: [[String: Any]]) -> CasePhase {
        let map: [String: CasePhase] = ["case_opened": .opening, "investigation_started": .investigation, "assessment_started": .assessment,
                                        "recommendation": .assessment, "decision": .decision, "order": .order, "delivery_started": .delivery,
                                        "follow_up": .followUp, "case_closed": .closed]
        return events.compactMap { map[$0["type"] as! String] }.last!
    }

    @Test("a generated history of 200 citizens replays through the rules; derived values equal those computed from the file; a second import changes nothing",
          arguments: Engine.available)
    func replay(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let (data, json) = try await Self.file(app, citizens: 200, seed: 11)
            let admin = try await Self.admin(app)
            let citizens = json["citizens"] as! [[String: Any]]
            let events = citizens.flatMap { ($0["case"] as! [String: Any])["events"] as! [[String: Any]] }
            let skippedTypes: Set<String> = []
            var expectedApplied: [String: Int] = [:], expectedSkipped: [String: Int] = [:]
            for e in events {
                let type = e["type"] as! String
                if skippedTypes.contains(type) { expectedSkipped[type, default: 0] += 1 } else { expectedApplied[type, default: 0] += 1 }
            }

            // A dry run (of a smaller file) reports what it would do and saves nothing.
            let casesBefore = try await Self.count(app, "cases")
            let (small, smallJSON) = try await Self.file(app, citizens: 20, seed: 12)
            let smallEvents = (smallJSON["citizens"] as! [[String: Any]]).flatMap { ($0["case"] as! [String: Any])["events"] as! [[String: Any]] }
            let dry = try await HistoryImport.run(small, municipalityID: DemoData.municipalityID, principal: admin, dryRun: true, app: app)
            #expect(dry.refused.isEmpty, "\(dry.refused.prefix(3))")
            #expect(dry.dryRun && dry.imported == 20)
            let dryApplied: Int = dry.applied.values.reduce(0, +)
            let drySkipped: Int = dry.skipped.values.reduce(0, +)
            #expect(dryApplied + drySkipped == smallEvents.count)
            #expect(try await Self.count(app, "cases") == casesBefore)
            #expect(try await Self.count(app, "import_keys") == 0)

            let report = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: admin, dryRun: false, app: app)
            #expect(report.refused.isEmpty, "\(report.refused.prefix(3))")
            #expect(report.imported == 200)
            #expect(report.applied == expectedApplied)
            #expect(report.skipped == expectedSkipped)
            #expect(try await Self.count(app, "cases") == casesBefore + 200)

            let users = Dictionary(uniqueKeysWithValues: try await UserStore.list(municipalityID: DemoData.municipalityID, on: app.db).map { ($0.id, $0.displayName) })
            let names = Dictionary(uniqueKeysWithValues: ((json["municipality"] as! [String: Any])["caseworkers"] as! [[String: Any]]).map { ($0["id"] as! String, $0["name"] as! String) })
            var dueFromFile: [String] = [], dueStored: [String] = []
            for citizen in citizens {
                let c = citizen["case"] as! [String: Any]
                let evs = c["events"] as! [[String: Any]]
                let key = c["caseId"] as! String
                let id = try #require(try await app.sql.raw("SELECT internal_id FROM import_keys WHERE kind = 'case' AND key = \(bind: key)").first()?.decode(column: "internal_id", as: UUID.self))
                let stored = try #require(try await CaseStore.find(id: id, principal: admin, on: app.db))
                let doc = stored.document
                #expect(stored.phase == Self.phase(evs), "\(key)")
                #expect(stored.openedOn == Self.date(evs[0]["date"]))
                #expect(stored.closedOn == evs.last { $0["type"] as? String == "case_closed" }.flatMap { Self.date($0["date"]) }, "\(key)")
                // ID 21: the opening and every further inquiry.
                #expect(doc.opening.inquiryCount == evs.filter { ["case_opened", "inquiry_received"].contains($0["type"] as! String) }.count, "\(key)")
                // The holder: the last opening or assignment.
                let holder = evs.last { ["case_opened", "caseworker_assigned"].contains($0["type"] as! String) }!["caseworkerId"] as! String
                #expect(stored.caseworkerID.flatMap { users[$0] } == names[holder], "\(key)")
                // IDs 49, 51, 52: every recommended intervention in order; 52 over the latest recommendation.
                let recommendations = evs.filter { $0["type"] as? String == "recommendation" }
                let xs = recommendations.flatMap { $0["interventions"] as! [[String: Any]] }
                #expect(doc.interventions.count == xs.count)
                for (x, fileX) in zip(doc.interventions, xs) {
                    let price = fileX["price"] as! [String: Any]
                    let base = Self.basePrice(price)
                    let supplements = (price["supplements"] as? [[String: Any]] ?? []).map { $0["amountOre"] as! Int }.reduce(0, +)
                    #expect(x.basePrice == base && x.expectedPrice == base + supplements, "\(key)")
                }
                let latest = (recommendations.last?["interventions"] as? [[String: Any]] ?? []).map { p -> Int in
                    let price = p["price"] as! [String: Any]
                    return Self.basePrice(price) + (price["supplements"] as? [[String: Any]] ?? []).map { $0["amountOre"] as! Int }.reduce(0, +)
                }
                #expect(doc.assessment.expectedTotalPrice == (latest.isEmpty ? nil : latest.reduce(0, +)), "\(key)")
                #expect(doc.followUps.count == evs.filter { $0["type"] as? String == "follow_up" }.count)
                // E3: every payment of the file, its id the voucher, with its service month and amount, on the case.
                let filePayments = evs.filter { $0["type"] as? String == "payment" }
                    .map { "\($0["paymentId"] as! String) \($0["month"] as! String) \($0["amountOre"] as! Int)" }.sorted()
                let storedPayments = try await PaymentStore.list(municipalityID: DemoData.municipalityID, caseID: id, on: app.db)
                    .map { "\($0.payment.voucherID) \($0.payment.serviceMonth) \($0.payment.amount)" }.sorted()
                #expect(storedPayments == filePayments, "\(key)")
                // ID 62: the recommendation's own date, stamped when the case went to decision; ID 61: the latest
                // action plan's validity as the file has it; ID 33: goals followed up "samme" follow the case's
                // follow-up date (the decision's, then each follow-up's next).
                var stamp: CalendarDate?, pending: CalendarDate?, shared: CalendarDate?, samme = false
                for e in evs {
                    switch e["type"] as? String {
                    case "recommendation":
                        pending = Self.date(e["date"])
                        if (e["goals"] as? [[String: Any]] ?? []).contains(where: { ($0["followUp"] as? [String: Any])?["mode"] as? String == "samme" }) { samme = true }
                    case "decision":
                        if let p = pending { stamp = p; pending = nil }
                        if samme, let next = Self.date(e["followUpDate"]) { shared = next }
                    case "follow_up":
                        if samme, let next = Self.date(e["nextFollowUpDate"]) { shared = next }
                    default: break
                    }
                }
                #expect(doc.assessment.recommendationStartedOn == stamp, "\(key)")
                let plan = evs.last { $0["type"] as? String == "action_plan" }
                #expect(doc.assessment.actionPlanValidUntil == plan.flatMap { $0["status"] as? String == "udarbejdet" ? Self.date($0["validUntil"]) : nil }, "\(key)")
                #expect(doc.assessment.sharedGoalFollowUpDate == shared, "\(key)")
                dueFromFile += Self.dueItems(evs).map { "\(key) \($0)" }
                for r in try await app.sql.raw("""
                    SELECT due_on, ending, ended_on FROM case_due_items WHERE case_id = \(bind: id) AND kind = 'follow_up' ORDER BY seq
                    """).all() {
                    dueStored.append("\(key) \(try r.decode(column: "due_on", as: String.self)) \(try r.decode(column: "ending", as: String?.self) ?? "-") \(try r.decode(column: "ended_on", as: String?.self) ?? "-")")
                }
            }
            #expect(dueStored == dueFromFile)
            // The relational rows (case_interventions, case_follow_ups) hold the same as the file: E4's status
            // per intervention (granted / refused / pending, or lapsed on a closed case) and every follow-up.
            var statuses: [String: Int] = [:]
            for citizen in citizens {
                let evs = (citizen["case"] as! [String: Any])["events"] as! [[String: Any]]
                let closed = evs.contains { $0["type"] as? String == "case_closed" }
                var outcome: [String: String] = [:]
                for e in evs where e["type"] as? String == "decision" {
                    for item in e["items"] as! [[String: Any]] { outcome[item["interventionId"] as! String] = item["outcome"] as? String }
                }
                for e in evs where e["type"] as? String == "recommendation" {
                    for x in e["interventions"] as! [[String: Any]] {
                        let key = x["interventionId"] as! String
                        let status = outcome[key] == "bevilget" ? "granted" : outcome[key] == "afslaaet" ? "refused" : closed ? "lapsed" : "pending"
                        statuses[status, default: 0] += 1
                    }
                }
            }
            var storedStatuses: [String: Int] = [:]
            for r in try await app.sql.raw("SELECT status, COUNT(*) AS n FROM case_interventions GROUP BY status").all() {
                storedStatuses[try r.decode(column: "status", as: String.self)] = try r.decode(column: "n", as: Int.self)
            }
            #expect(storedStatuses == statuses)
            #expect(try await Self.count(app, "case_follow_ups") == events.filter { $0["type"] as? String == "follow_up" }.count)
            // The provider's events are orders of their own: one per order event, in the state its later events give it
            // (started by delivery_started; ended — or withdrawn if it never started — by intervention_ended or the
            // case's closing); every month of hours; every use of force, from which each follow-up's ID 82 is derived
            // and equals the file's useOfForceSinceLast.
            var orderStates: [String: Int] = [:], forceFollowUps = 0
            for citizen in citizens {
                let evs = (citizen["case"] as! [String: Any])["events"] as! [[String: Any]]
                for (i, e) in evs.enumerated() where e["type"] as? String == "order" {
                    let x = e["interventionId"] as! String
                    let later = evs[(i + 1)...]
                    let started = later.contains { $0["type"] as? String == "delivery_started" && $0["interventionId"] as? String == x }
                    let ended = later.contains { ($0["type"] as? String == "intervention_ended" && $0["interventionId"] as? String == x) || $0["type"] as? String == "case_closed" }
                    orderStates[ended ? (started ? "ended" : "withdrawn") : (started ? "started" : "sent"), default: 0] += 1
                }
                forceFollowUps += evs.filter { $0["type"] as? String == "follow_up" && $0["useOfForceSinceLast"] as? Bool == true }.count
            }
            var storedOrderStates: [String: Int] = [:]
            for r in try await app.sql.raw("SELECT state, COUNT(*) AS n FROM orders GROUP BY state").all() {
                storedOrderStates[try r.decode(column: "state", as: String.self)] = try r.decode(column: "n", as: Int.self)
            }
            #expect(storedOrderStates == orderStates)
            #expect(try await Self.count(app, "delivered_hours") == events.filter { $0["type"] as? String == "hours_delivered" }.count)
            #expect(try await Self.count(app, "order_incidents") == events.filter { $0["type"] as? String == "use_of_force" }.count)
            #expect(forceFollowUps > 0, "the history has follow-ups with a use of force to compare")
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM case_follow_ups WHERE use_of_force = 'yes'").first()?.decode(column: "n", as: Int.self) == forceFollowUps)
            #expect(try await Self.count(app, "order_status_reports") > 0)
            // The citizen overview lists an imported citizen's grants.
            let granted = try #require(try await app.sql.raw("SELECT c.citizen_id FROM case_interventions i JOIN cases c ON c.id = i.case_id WHERE i.status = 'granted' LIMIT 1").first())
            let web = try await WebSessionClient.login(app, "admin")
            let page = try await web.get(app, "/borgere/\(try granted.decode(column: "citizen_id", as: UUID.self).uuidString.lowercased())")
            #expect(page.body.string.contains("Bevilgede indsatser på borgerens sager"))
            #expect(dueFromFile.count > 200, "the history has follow-up due items to compare")

            // A second import of the same file changes nothing.
            let tables = ["cases", "case_transitions", "case_due_items", "case_inquiries", "case_assignments", "audit_log", "import_keys", "citizens", "users", "org_units",
                          "orders", "delivered_hours", "order_status_reports", "order_incidents", "payments", "case_interventions"]
            var before: [Int] = []
            for t in tables { before.append(try await Self.count(app, t)) }
            let again = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: admin, dryRun: false, app: app)
            #expect(again.imported == 0 && again.unchanged == 200 && again.refused.isEmpty)
            var after: [Int] = []
            for t in tables { after.append(try await Self.count(app, t)) }
            #expect(after == before)
        }
    }

    @Test("an event out of order, one the rules refuse, or a contract price that is not its formula's stops that citizen with a Danish message naming the event; nothing of that citizen is saved",
          arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var (_, json) = try await Self.file(app, citizens: 6, seed: 5)
            var citizens = json["citizens"] as! [[String: Any]]
            // A later citizen: an order whose contract price is not its formula's.
            let priced = try #require(citizens.indices.dropFirst(2).first { i in
                ((citizens[i]["case"] as! [String: Any])["events"] as! [[String: Any]]).contains { $0["type"] as? String == "order" }
            })
            var c3 = citizens[priced]["case"] as! [String: Any]
            var e3 = c3["events"] as! [[String: Any]]
            let o = e3.firstIndex { $0["type"] as? String == "order" }!
            var contract = e3[o]["contract"] as! [String: Any]
            contract["contractPriceOre"] = (contract["contractPriceOre"] as! Int) + 1
            e3[o]["contract"] = contract
            c3["events"] = e3
            citizens[priced]["case"] = c3
            // Citizen 1: its second event dated before the first.
            var c1 = citizens[0]["case"] as! [String: Any]
            var e1 = c1["events"] as! [[String: Any]]
            e1[1]["date"] = "2020-01-01"
            c1["events"] = e1
            citizens[0]["case"] = c1
            // Citizen 2: a decision before anything was recommended.
            var c2 = citizens[1]["case"] as! [String: Any]
            c2["events"] = [(c2["events"] as! [[String: Any]])[0], ["eventId": "X-1", "type": "decision", "date": (c2["events"] as! [[String: Any]])[0]["date"]!,
                                                                      "items": [["interventionId": "nope", "outcome": "bevilget"]], "followUpDate": NSNull()]]
            citizens[1]["case"] = c2
            json["citizens"] = citizens
            let data = try JSONSerialization.data(withJSONObject: json)
            let report = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await Self.admin(app), dryRun: false, app: app)
            #expect(report.imported == 3)
            #expect(report.refused.map(\.citizenId) == ["C0001", "C0002", citizens[priced]["citizenId"] as! String])
            #expect(report.refused[2].eventId == e3[o]["eventId"] as? String)
            #expect(report.refused[2].message.contains("Kontraktprisen") && report.refused[2].message.contains("svarer ikke til omfang gange enhedspris plus tillæg"))
            #expect(report.refused[0].eventId == "C0001-E002")
            #expect(report.refused[0].message.contains("før den forrige hændelse"))
            #expect(report.refused[1].eventId == "X-1")
            #expect(report.refused[1].message.contains("Ukendt indsats nope"))
            for citizen in citizens.prefix(2) {
                let cpr = citizen["cpr"] as! String
                #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM citizens WHERE cpr = \(bind: cpr)").first()!.decode(column: "n", as: Int.self) == 0)
            }
            // A file that is not a case history is refused as a whole.
            await #expect(throws: DomainError.self) {
                _ = try await HistoryImport.run(Data(#"{"format":"x","formatVersion":1,"referenceDate":"2026-01-01","municipality":{"code":"999","name":"x","teams":[],"caseworkers":[]},"citizens":[]}"#.utf8),
                                                municipalityID: DemoData.municipalityID, principal: try await Self.admin(app), dryRun: false, app: app)
            }
        }
    }

    @Test("the administrator's API operation takes the same file; others are refused; a file that is not JSON is a Danish problem", arguments: [Engine.sqlite])
    func api(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let (data, _) = try await Self.file(app, citizens: 5, seed: 3)
            let body = String(decoding: data, as: UTF8.self)
            let admin = try await app.token("admin")
            let dry = try await app.send(.POST, "/api/v1/imports/history?dryRun=true", token: admin, json: body)
            #expect(dry.status == .ok)
            let report = try dry.json()
            #expect(report["dryRun"] as? Bool == true && report["imported"] as? Int == 5)
            #expect(try await Self.count(app, "import_keys") == 0)
            let done = try await app.send(.POST, "/api/v1/imports/history", token: admin, json: body)
            #expect(try done.json()["imported"] as? Int == 5)
            #expect(try await app.auditCount("import.run") == 2)
            #expect(try await app.auditCount("import.history") == 5)
            #expect(try await app.send(.POST, "/api/v1/imports/history", token: try await app.token("sagsbehandler"), json: body).status == .forbidden)
            // An imported caseworker has no password: logging in as one is refused like any wrong password.
            let imported = try await app.send(.POST, "/api/v1/auth/token", json: #"{"username":"import-999-cw1","password":"!imported"}"#)
            #expect(imported.status == .unauthorized)
            let broken = try await app.send(.POST, "/api/v1/imports/history", token: admin, json: #"{"format": 1}"#)
            #expect(broken.status == .unprocessableEntity)
            #expect(try broken.problem().errors?.first?.message.hasPrefix("Filen kan ikke læses som sagshistorik") == true)
        }
    }
}
