import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Deadlines, worklists, reminders and local rules")
struct DeadlineTests {
    static let day0 = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00Z")!
    static func plus(days: Int) -> Date { day0.addingTimeInterval(TimeInterval(days * 86_400)) }

    @Test("local phase deadlines drive the worklist; overdue first; team caseload counts them; reminders once", arguments: Engine.available)
    func worklist(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let lead = try await app.token("teamleder")
            // Demo cases exist already (opened today, real clock); ours are opened on the frozen day 0 and day 10.
            app.openvum.now = { Self.day0 }
            var early = CaseClient(app: app, token: token)
            try await early.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            #expect(early.value("/nextDeadlineOn") as? String == "2026-03-16") // investigation within 14 days of opening
            app.openvum.now = { Self.plus(days: 10) }
            var later = CaseClient(app: app, token: token)
            try await later.create(["citizenId": DemoData.citizenIDs[2].uuidString, "origin": "inquiry"])
            try await later.move("investigation") // next: assessment within 30 days of the investigation's start (12 March)
            #expect(later.value("/nextDeadlineOn") as? String == "2026-04-11")

            // Day 20: the first case's deadline has passed.
            app.openvum.now = { Self.plus(days: 20) }
            let res = try await app.send(.GET, "/api/v1/worklist", token: token)
            let items = try #require(try res.json()["items"] as? [[String: Any]])
            let ids = items.map { ($0["case"] as! [String: Any])["id"] as! String }
            #expect(ids.first == early.id, "the overdue case comes first")
            #expect(ids.firstIndex(of: early.id)! < ids.firstIndex(of: later.id)!)
            let first = items[0]["case"] as! [String: Any]
            #expect(first["overdue"] as? Bool == true)
            let deadlines = items[0]["deadlines"] as! [[String: Any]]
            // Investigation within 14 days of opening (2 March), decision within 60.
            #expect(deadlines.map { $0["dueOn"] as! String } == ["2026-03-16", "2026-05-01"])
            #expect(deadlines[0]["overdue"] as? Bool == true)

            let caseload = try await app.send(.GET, "/api/v1/caseload", token: lead)
            let rows = try #require(try caseload.json()["items"] as? [[String: Any]])
            let mine = try #require(rows.first { $0["caseworkerName"] as? String == "Sanne Sagsbehandler" })
            #expect(mine["openCases"] as? Int == 4) // 2 demo cases + 2 here
            #expect(mine["overdueCases"] as? Int == 1)
            // A caseworker does not see the team overview.
            #expect(try await app.send(.GET, "/api/v1/caseload", token: token).status == .forbidden)

            // Reminders: 14 days' lead time. On day 1 the first case's deadline (day 14) is within reach.
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            let created = try await ReminderStore.generate(today: CalendarDate(Self.plus(days: 1)), now: Self.plus(days: 1), on: app.db)
            #expect(created >= 1)
            #expect(try await ReminderStore.generate(today: CalendarDate(Self.plus(days: 1)), now: Self.plus(days: 1), on: app.db) == 0)
            let open = try await ReminderStore.open(userID: user.id, today: CalendarDate(Self.plus(days: 20)), on: app.db)
            let reminder = try #require(open.first { $0.caseID.uuidString == early.id })
            #expect(reminder.dueOn == "2026-03-16")
            #expect(reminder.overdue)
            #expect(try await ReminderStore.dismiss(id: reminder.id, userID: user.id, now: Date(), on: app.db))
            #expect(try await ReminderStore.open(userID: user.id, today: CalendarDate(Self.plus(days: 20)), on: app.db).contains { $0.id == reminder.id } == false)

            // The web worklist shows the overdue case first as well.
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/sager")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("16-03-2026 – overskredet med"))
        }
    }

    @Test("per municipality: one long citizen case, closing at the decision, KLE on several levels", arguments: Engine.available)
    func localRules(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let token = try await app.token("sagsbehandler")
            let current = try await app.send(.GET, "/api/v1/settings", token: admin)
            let etag = try #require(current.headers.first(name: .eTag))
            #expect(etag == "\"1\"") // the defaults, with the demo's contact
            let bad = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag], json: #"{"reminderLeadDays": 500, "nonsense": 1}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try await app.send(.PATCH, "/api/v1/settings", token: token, headers: ["If-Match": etag], json: #"{"closingEvent":"decision"}"#).status == .forbidden)
            #expect(try await app.send(.PATCH, "/api/v1/settings", token: admin, json: #"{"closingEvent":"decision"}"#).status == .preconditionRequired)
            let ok = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag], json: #"{"caseConcept":"longCitizenCase","closingEvent":"decision","kleLevels":"multiple"}"#)
            #expect(ok.status == .ok)
            #expect(ok.headers.first(name: .eTag) == "\"2\"")
            #expect(try ok.json()["caseConcept"] as? String == "longCitizenCase")
            let stale = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag], json: #"{"reminderLeadDays": 7}"#)
            #expect(stale.status == .preconditionFailed)
            let tooLong = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": "\"1\""], json: #"{"reminderLeadDays": 500}"#)
            #expect(tooLong.status == .unprocessableEntity)

            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let second = try await app.send(.POST, "/api/v1/cases", token: token, json: #"{"citizenId":"\#(DemoData.citizenIDs[1].uuidString)","origin":"inquiry"}"#)
            #expect(second.status == .conflict)
            #expect(try second.problem().title == "Borgeren har allerede en åben sag")
            // Another inquiry goes on the open case instead (ID 21 counts it at once).
            try c.accept(try await app.send(.POST, "/api/v1/cases/\(c.id)/inquiries", token: token, json: #"{"inquirer":"guardian"}"#), .created)
            #expect(c.value("/opening/inquiryCount") as? Int == 2)
            // KLE on group level is allowed now.
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.36"}"#))

            // The national state "Afsluttet" is set when the case leaves the decision phase.
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.move("investigation")
            try await c.move("assessment")
            try await c.patch(["interventions": [["services": [["code": codes.first(FFBValueSet.interventions)]]]]])
            try await c.move("decision")
            var xs = try #require(c.value("/interventions") as? [[String: Any]])
            xs[0]["decision"] = ["outcome": "granted", "paragraph": "SEL § 85"]
            try await c.patch(["interventions": xs.map(CaseWalkTests.writable)])
            try await c.move("order")
            let history = try await app.send(.GET, "/api/v1/cases/\(c.id)/history", token: token)
            let states = (try history.json()["nationalStates"] as! [[String: Any]]).map { $0["state"] as! String }
            #expect(states == ["Opstået", "Oplyst", "Afsluttet"])
        }
    }
}
