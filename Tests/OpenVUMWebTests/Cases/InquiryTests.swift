import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Inquiries (ID 21) and the caseload at opening (ID 22)")
struct InquiryTests {
    @Test("an inquiry before any case is taken over by the case; one on a case counts at once and changes its version; ID 22 stays as at opening",
          arguments: Engine.available)
    func inquiriesAndCounts(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            app.openvum.now = { frozenNow }
            let citizen = DemoData.citizenIDs[5]
            // A henvendelse about a citizen without a case, received yesterday.
            let early = try await app.send(.POST, "/api/v1/citizens/\(citizen.uuidString)/inquiries", token: token,
                                           json: #"{"inquirer":"relative","receivedOn":"2026-03-01"}"#)
            #expect(early.status == .created)
            #expect(try early.json()["caseId"] is NSNull)
            let future = try await app.send(.POST, "/api/v1/citizens/\(citizen.uuidString)/inquiries", token: token, json: #"{"receivedOn":"2026-03-03"}"#)
            #expect(future.status == .unprocessableEntity)
            #expect(try future.problem().errors?.map(\FieldError.field) == ["receivedOn"])

            // The case opened today takes it over: two inquiries (ID 21).
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": citizen.uuidString, "origin": "inquiry", "inquirer": "citizen"])
            #expect(c.value("/opening/inquiryCount") as? Int == 2)
            let caseload = try #require(c.value("/opening/caseCount") as? Int)
            let version = c.etag
            // A further inquiry on the case: counted in the same write, with a new version.
            try c.accept(try await app.send(.POST, "/api/v1/cases/\(c.id)/inquiries", token: token, json: #"{"inquirer":"hospital"}"#), .created)
            #expect(c.value("/opening/inquiryCount") as? Int == 3)
            #expect(c.etag != version)

            // ID 22 is the caseworker's open cases when this one was opened: another case later does not change it.
            var other = CaseClient(app: app, token: token)
            try await other.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            #expect(other.value("/opening/caseCount") as? Int == caseload + 1)
            try await c.patch(["opening": ["citizenAgrees": "yes"]])
            #expect(c.value("/opening/caseCount") as? Int == caseload)

            // A closed case takes no inquiries.
            try await c.move("closed", closeReason: "withdrawn")
            let closed = try await app.send(.POST, "/api/v1/cases/\(c.id)/inquiries", token: token, json: #"{"inquirer":"hospital"}"#)
            #expect(closed.status == .unprocessableEntity)
            #expect(try await app.auditCount("inquiry.create") == 1)
        }
    }

    @Test("target groups (ID 60) and support need (ID 59) keep dated versions; paragraphs and municipality codes are stored coded",
          arguments: Engine.available)
    func versionedFacts(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            app.openvum.now = { frozenNow }
            let codes = Codes(t: try await app.openvum.terminology.current(on: app.db))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "paragraphsAppliedFor": ["Serviceloven § 85"]])
            #expect(c.value("/opening/paragraphsAppliedFor/0") as? String == "SEL § 85")
            try await c.patch(["opening": ["otherPayingMunicipality": "0751"]])
            #expect(c.value("/opening/otherPayingMunicipality") as? String == "751")
            let unknown = try await c.patchResponse(["opening": ["paragraphsAppliedFor": ["SEL § 9999"]]])
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.problem().errors?.map(\FieldError.field) == ["/opening/paragraphsAppliedFor/0"])
            try await c.move("investigation")
            try await c.move("assessment")
            let (a, b) = (codes.first(FFBValueSet.targetGroups), codes.first(FFBValueSet.targetGroups, 1))
            try await c.patch(["assessment": ["targetGroups": [a, b], "primaryTargetGroup": a, "currentSupportNeed": codes.first(FFBValueSet.needs)]])
            app.openvum.now = { frozenNow.addingTimeInterval(86_400) }
            try await c.patch(["assessment": ["targetGroups": [b], "primaryTargetGroup": b]])
            let history = try await app.send(.GET, "/api/v1/cases/\(c.id)/history", token: c.token).json()
            let groups = try #require(history["targetGroups"] as? [[String: Any]])
            #expect(groups.map { $0["codes"] as? [String] } == [[a, b], [b]])
            #expect(groups.map { $0["primary"] as? String } == [a, b])
            #expect(groups.map { $0["validFrom"] as? String } == ["2026-03-02", "2026-03-03"])
            let needs = try #require(history["supportNeeds"] as? [[String: Any]])
            #expect(needs.map { $0["code"] as? String } == [codes.first(FFBValueSet.needs)])
        }
    }
}
