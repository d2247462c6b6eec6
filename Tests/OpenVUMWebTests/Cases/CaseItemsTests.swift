import Foundation
import OpenVUMDomain
import OpenVUMSeeding
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// A client that edits what it read: it may send the case back as it came (system fields included, unchanged),
/// and it may change one goal, intervention or follow-up by its id without resending the list.
@Suite("Case items and read-back edits")
struct CaseItemsTests {
    @Test("the case sent back as read is accepted; a changed system field is refused by name", arguments: Engine.available)
    func sendBackAsRead(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = try await Self.caseInAssessment(app)
            let read = c.body
            let version = c.etag
            try await c.patch(read)
            #expect(c.etag != version)
            #expect(JSONPointer.same(c.value("/interventions"), read["interventions"]))
            #expect(JSONPointer.same(c.value("/assessment"), read["assessment"]))

            var changed = c.body
            var interventions = try #require(changed["interventions"] as? [[String: Any]])
            interventions[0]["basePrice"] = 1
            changed["interventions"] = interventions
            changed["phase"] = "closed"
            let res = try await app.send(.PATCH, "/api/v1/cases/\(c.id)", token: c.token, headers: ["If-Match": c.etag], json: CaseClient.json(changed))
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field).sorted() == ["/phase"])
            changed["phase"] = c.body["phase"]
            let auto = try await app.send(.PATCH, "/api/v1/cases/\(c.id)", token: c.token, headers: ["If-Match": c.etag], json: CaseClient.json(changed))
            #expect(auto.status == .unprocessableEntity)
            #expect(try auto.problem().errors?.map(\.field) == ["/interventions/0/basePrice"])
        }
    }

    @Test("one intervention, goal or follow-up changed by its id; the rest of the case untouched", arguments: Engine.available)
    func itemByID(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = try await Self.caseInAssessment(app)
            let first = try #require(c.value("/interventions/0") as? [String: Any])
            let secondID = try #require(c.value("/interventions/1/id") as? String)
            let goalID = try #require(c.value("/goals/0/id") as? String)
            let path = "/api/v1/cases/\(c.id)/interventions/\(secondID.lowercased())"

            // Read one item: every field of the schema, empty ones as null.
            let goal = try await app.send(.GET, "/api/v1/cases/\(c.id)/goals/\(goalID)", token: c.token)
            #expect(goal.status == .ok)
            #expect(goal.headers.first(name: .eTag) == c.etag)
            let goalBody = try goal.json()
            #expect(goalBody["text"] as? String == "Kan selv handle ind")
            #expect(Set(goalBody.keys) == ["id", "text", "goalType", "primaryTheme", "expectedLevel", "followUpDate", "recommendedOn"])

            // Change one: 2 hours a month for 12 months at 500 kr. is 12,000 kr.
            let res = try await app.send(.PATCH, path, token: c.token, headers: ["If-Match": c.etag], json: #"{"unitsPerPeriod": 2}"#)
            #expect(res.status == .ok, "\(res.body.string)")
            let item = try res.json()
            #expect(item["unitsPerPeriod"] as? Double == 2)
            #expect(item["expectedPrice"] as? Int == 2 * 12 * 50000)
            #expect(item["id"] as? String == secondID)
            #expect(item["decision"] is NSNull)
            let etag = try #require(res.headers.first(name: .eTag))
            #expect(etag != c.etag)
            try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(JSONPointer.same(c.value("/interventions/0"), first))
            #expect(c.value("/assessment/expectedTotalPrice") as? Int == 39 * 45000 + 2 * 12 * 50000)

            // The same version again is stale; an unknown item is missing; an id cannot change; a system field cannot be set.
            let stale = try await app.send(.PATCH, path, token: c.token, headers: ["If-Match": "\"1\""], json: #"{"unitsPerPeriod": 3}"#)
            #expect(stale.status == .preconditionFailed)
            let missing = try await app.send(.PATCH, "/api/v1/cases/\(c.id)/interventions/\(UUID().uuidString)", token: c.token, headers: ["If-Match": c.etag], json: "{}")
            #expect(missing.status == .notFound)
            #expect(try missing.problem().detail.hasPrefix("Indsatsen findes ikke"))
            let newID = try await app.send(.PATCH, path, token: c.token, headers: ["If-Match": c.etag], json: CaseClient.json(["id": UUID().uuidString]))
            #expect(newID.status == .unprocessableEntity)
            let system = try await app.send(.PATCH, path, token: c.token, headers: ["If-Match": c.etag], json: #"{"expectedPrice": 1}"#)
            #expect(system.status == .unprocessableEntity)
            #expect(try system.problem().errors?.map(\.field) == ["/interventions/1/expectedPrice"])

            // In the decision phase one decision is recorded on one intervention, by id.
            try await c.move("decision")
            let decided = try await app.send(.PATCH, path, token: c.token, headers: ["If-Match": c.etag],
                                             json: #"{"decision": {"outcome": "refused", "reason": "Behovet dækkes af bostøtten."}}"#)
            #expect(decided.status == .ok, "\(decided.body.string)")
            #expect(JSONPointer.resolve("/decision/outcome", in: try decided.json()) as? String == "refused")
            try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(c.value("/decision/refusedInterventions") as? [String] == [secondID])
        }
    }

    /// A case in Sagsvurdering with one goal and two priced interventions (as in the case walk).
    static func caseInAssessment(_ app: Application) async throws -> CaseClient {
        var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
        app.openvum.now = { frozenNow }
        let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
        try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "paragraphsAppliedFor": ["SEL § 85"]])
        try await c.move("investigation")
        try await c.move("assessment")
        try await c.patch([
            "goals": [["text": "Kan selv handle ind", "goalType": codes.first(FFBValueSet.changeValues),
                       "primaryTheme": codes.first(FFBValueSet.activityAndParticipation, 0), "expectedLevel": 1.5, "followUpDate": "2026-06-01"]],
            "interventions": [
                ["services": [["code": codes.first(FFBValueSet.interventions), "paragraph": "SEL § 85"]],
                 "expectedStartDate": "2026-04-01", "expectedEndDate": "2026-06-30", "noEndDate": false,
                 "unit": "hour", "unitsPerPeriod": 3, "frequency": "perWeek", "periodRepetitions": 13, "unitPrice": 45000],
                ["services": [["code": codes.first(FFBValueSet.interventions, 1)]], "unit": "hour", "unitsPerPeriod": 1,
                 "frequency": "perMonth", "periodRepetitions": 12, "unitPrice": 50000, "noEndDate": true],
            ],
        ])
        return c
    }
}
