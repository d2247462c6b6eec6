import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Assignment and handover (WF-29)")
struct AssignmentTests {
    static let day0 = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00Z")!

    @Test("a team leader's case starts unassigned; allocation, handover to another team and every holder kept; reminders follow the holder",
          arguments: Engine.available)
    func assignAndHandOver(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let lead = try await app.token("teamleder")
            let worker = try await app.token("sagsbehandler")
            app.openvum.now = { Self.day0 }
            var c = CaseClient(app: app, token: lead)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "responsibleUnitId": DemoData.teamHandicapID.uuidString])
            #expect(c.value("/caseworkerId") == nil)
            let caseID = try #require(UUID(uuidString: c.id))
            let sanne = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            let torben = try #require(try await UserStore.find(username: "teamleder", on: app.db))

            func assign(_ body: String) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "/api/v1/cases/\(c.id)/assignment", token: lead, headers: ["If-Match": c.etag], json: body)
            }
            // Bad input: a caseworker outside the team (Sanne is in Handicap only). Nothing is saved.
            let outside = try await assign(#"{"unitId":"\#(DemoData.teamPsychiatryID.uuidString)","caseworkerId":"\#(sanne.id.uuidString)","reason":"redistribution"}"#)
            #expect(outside.status == .unprocessableEntity)
            #expect(try outside.problem().errors?.first?.message == "Sagsbehandleren er ikke sagsbehandler i teamet.")
            let unchanged = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: lead)
            #expect(unchanged.headers.first(name: .eTag) == c.etag)
            // A caseworker may not allocate.
            #expect(try await app.send(.POST, "/api/v1/cases/\(c.id)/assignment", token: worker, headers: ["If-Match": c.etag],
                                       json: #"{"caseworkerId":"\#(sanne.id.uuidString)","reason":"redistribution"}"#).status == .forbidden)

            // Allocated to Sanne (a first allocation needs no reason); she gets the reminders of its deadlines.
            try c.accept(try await assign(#"{"caseworkerId":"\#(sanne.id.uuidString)"}"#))
            #expect((c.value("/caseworkerId") as? String).flatMap(UUID.init(uuidString:)) == sanne.id)
            _ = try await ReminderStore.generate(today: CalendarDate(Self.day0), now: Self.day0, on: app.db)
            let later = CalendarDate(Self.day0).adding(days: 1)
            #expect(try await ReminderStore.open(userID: sanne.id, today: later, on: app.db).contains { $0.caseID == caseID })

            // Sanne falls ill: Torben takes it over in the psychiatry team. A handover needs its reason; her reminders go with the case.
            app.openvum.now = { Self.day0.addingTimeInterval(86_400) }
            let noReason = try await assign(#"{"unitId":"\#(DemoData.teamPsychiatryID.uuidString)","caseworkerId":"\#(torben.id.uuidString)"}"#)
            #expect(noReason.status == .unprocessableEntity)
            #expect(try noReason.problem().errors?.map(\FieldError.field) == ["reason"])
            try c.accept(try await assign(#"{"unitId":"\#(DemoData.teamPsychiatryID.uuidString)","caseworkerId":"\#(torben.id.uuidString)","reason":"illness"}"#))
            #expect((c.value("/responsibleUnitId") as? String).flatMap(UUID.init(uuidString:)) == DemoData.teamPsychiatryID)
            #expect(try await ReminderStore.open(userID: sanne.id, today: later, on: app.db).contains { $0.caseID == caseID } == false)
            #expect(try await ReminderStore.open(userID: torben.id, today: later, on: app.db).contains { $0.caseID == caseID })
            // Sanne (Handicap team only) no longer sees the case: it answers as if it did not exist.
            #expect(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: worker).status == .notFound)

            let history = try await app.send(.GET, "/api/v1/cases/\(c.id)/history", token: lead)
            let holders = try #require(try history.json()["assignments"] as? [[String: Any]])
            #expect(holders.map { ($0["caseworkerId"] as? String).flatMap(UUID.init(uuidString:)) } == [nil, sanne.id, torben.id])
            #expect(holders.map { $0["reason"] as? String } == [nil, nil, "illness"])
            #expect(holders.map { $0["validFrom"] as? String } == ["2026-03-02", "2026-03-02", "2026-03-03"])
            #expect(try await app.auditCount("case.assign") == 2)
        }
    }

    @Test("the team leader allocates from the case page; a refused choice keeps what was chosen", arguments: [Engine.sqlite])
    func webAllocation(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("teamleder"))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "responsibleUnitId": DemoData.teamHandicapID.uuidString])
            var web = try await WebSessionClient.login(app, "teamleder")
            // The team leader's worklist lists it among the cases to allocate, linked to the allocation form.
            let link = "/sager/\(c.id.lowercased())#fordel"
            #expect(try await web.get(app, "/sager").body.string.contains(link))
            let page = try await web.get(app, "/sager/\(c.id)")
            #expect(page.body.string.contains("Ikke fordelt"))
            #expect(page.body.string.contains("Fordel sagen"))
            let sanne = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            let holder = "\(DemoData.teamHandicapID.uuidString.lowercased()):\(sanne.id.uuidString.lowercased())"
            // Allocating the unassigned case: choose the caseworker, submit (no reason needed).
            let done = try await web.post(app, "/sager/\(c.id)/fordeling", form: ["version": "1", "holder": holder], csrfFrom: page)
            #expect(done.status == .seeOther)
            let after = try await web.get(app, "/sager/\(c.id)")
            #expect(after.body.string.contains("Sanne Sagsbehandler"))
            // Handing it over needs a reason: refused without one, keeping the choice.
            let back = "\(DemoData.teamHandicapID.uuidString.lowercased()):"
            let refused = try await web.post(app, "/sager/\(c.id)/fordeling", form: ["version": "2", "holder": back], csrfFrom: after)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Vælg årsagen til fordelingen"))
            #expect(refused.body.string.contains("value=\"\(back)\" selected"))
            #expect(try await web.get(app, "/sager").body.string.contains(link) == false)
            // A caseworker sees no allocation form.
            let sanneWeb = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await sanneWeb.get(app, "/sager/\(c.id)").body.string.contains("Fordel sagen") == false)
        }
    }

    @Test("the team leader's caseload counts lead to the cases they count: one caseworker's open or overdue cases, or the unassigned", arguments: [Engine.sqlite])
    func countsAreLinks(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let sanne = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            let own = try await app.sql.raw("SELECT c.id, ci.family_name FROM cases c JOIN citizens ci ON ci.id = c.citizen_id WHERE c.caseworker_id = \(bind: sanne.id) AND c.phase <> 'closed' ORDER BY c.id").all()
                .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "family_name", as: String.self)) }
            #expect(own.count >= 2)
            // One of Sanne's cases is overdue.
            try await app.sql.raw("UPDATE cases SET next_deadline_on = '2020-01-01' WHERE id = \(bind: own[0].0)").run()
            try await app.sql.raw("UPDATE cases SET next_deadline_on = '2999-01-01' WHERE id = \(bind: own[1].0)").run()
            let web = try await WebSessionClient.login(app, "teamleder")
            let overdueLink = "/sager?sagsbehandler=\(sanne.id.uuidString.lowercased())&amp;overskredne=1#udvalgte"
            #expect(try await web.get(app, "/sager").body.string.contains(overdueLink))
            let list = try await web.get(app, "/sager?sagsbehandler=\(sanne.id.uuidString.lowercased())&overskredne=1").body.string
            let start = try #require(list.range(of: "Overskredne sager: Sanne Sagsbehandler"))
            let section = try #require(list[start.upperBound...].components(separatedBy: "Vis hele arbejdslisten").first)
            #expect(section.contains(own[0].1) && !section.contains("/sager/\(own[1].0.uuidString.lowercased())"), "\(section)")
            // A caseworker gets no filtered list of someone else's cases.
            let caseworker = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await caseworker.get(app, "/sager?sagsbehandler=\(sanne.id.uuidString.lowercased())").body.string.contains("Overskredne sager:") == false)
        }
    }
}
