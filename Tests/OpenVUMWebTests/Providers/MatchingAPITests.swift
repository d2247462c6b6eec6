import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Matching requests through the API: an anonymised need to candidate offers, each provider answering for its own")
struct MatchingAPITests {
    @Test("the caseworker asks two offers; each provider sees the need without the case or the other offer and answers for its own; a name in the description is refused",
          arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let staff = try await app.token("udfoerer"), other = try await app.token("udfoerer-ekstern")
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            let own = DemoData.internalHousingSupportID.uuidString, external = DemoData.externalResidentialID.uuidString
            let citizen = try #require(try await CitizenStore.find(id: DemoData.citizenIDs[1], principal: try await OrderStoreTests.principal(app, "sagsbehandler"),
                                                                  on: app.db))
            // The citizen's name and an unknown offer: both told, nothing sent.
            var res = try await app.send(.POST, "/api/v1/matching-requests", token: c.token, json: CaseClient.json([
                "caseId": c.id, "interventionId": interventionID.uuidString, "offerIds": [own, UUID().uuidString],
                "description": "\(citizen.givenName) har brug for støtte til indkøb."]))
            #expect(res.status == .unprocessableEntity)
            #expect(Set(try res.problem().errors?.map(\FieldError.field) ?? []) == ["description", "offerIds.1"])
            #expect((try await app.send(.GET, "/api/v1/matching-requests?caseId=\(c.id)", token: c.token).json()["items"] as? [Any])?.isEmpty == true)

            res = try await app.send(.POST, "/api/v1/matching-requests", token: c.token, json: CaseClient.json([
                "caseId": c.id, "interventionId": interventionID.uuidString, "offerIds": [own, external],
                "description": "Har brug for støtte til indkøb og struktur i hverdagen."]))
            #expect(res.status == .created, "\(res.body.string)")
            let body = try res.json()
            let id = try #require(body["id"] as? String)
            let need = try #require(body["need"] as? [String: Any])
            #expect(need["paragraph"] as? String == "SEL § 85" && need["unitsPerPeriod"] as? Int == 3 && need["expectedStartDate"] as? String == "2026-04-01")
            #expect((body["candidates"] as? [[String: Any]])?.map { $0["answer"] as? String } == ["pending", "pending"])

            // The provider: the need, its own candidate only, no case, no citizen.
            let seen = try await app.send(.GET, "/api/v1/matching-requests/\(id)", token: staff)
            #expect(seen.status == .ok)
            let seenBody = try seen.json()
            #expect(seenBody["caseId"] is NSNull && seenBody["interventionId"] is NSNull)
            #expect((seenBody["candidates"] as? [[String: Any]])?.map { $0["offerId"] as? String } == [own.uppercased()])
            #expect(!seen.body.string.contains(c.id.lowercased()) && !seen.body.string.uppercased().contains(c.id.uppercased()))
            #expect(!seen.body.string.contains(citizen.familyName) && !seen.body.string.contains(citizen.cpr))
            // Answering for another provider's offer is answered as missing; for its own, saved.
            res = try await app.send(.POST, "/api/v1/matching-requests/\(id)/answers", token: staff, json: #"{"offerId":"\#(external)","available":true}"#)
            #expect(res.status == .notFound)
            res = try await app.send(.POST, "/api/v1/matching-requests/\(id)/answers", token: staff, json: #"{"offerId":"\#(own)","available":false}"#)
            #expect(res.status == .ok)
            res = try await app.send(.POST, "/api/v1/matching-requests/\(id)/answers", token: other,
                                     json: #"{"offerId":"\#(external)","available":true,"comment":"Plads fra 1. april"}"#)
            #expect(res.status == .ok)
            // The other provider lists the request its own offer was asked in, and nothing more.
            #expect((try await app.send(.GET, "/api/v1/matching-requests", token: other).json()["items"] as? [[String: Any]])?.count == 1)

            // The caseworker sees both answers.
            let list = try await app.send(.GET, "/api/v1/matching-requests?caseId=\(c.id)", token: c.token).json()["items"] as? [[String: Any]]
            let answers = (list?.first?["candidates"] as? [[String: Any]])?.map { "\($0["answer"] as? String ?? "")|\($0["comment"] as? String ?? "-")" }
            #expect(answers == ["notAvailable|-", "available|Plads fra 1. april"])
            #expect(try await app.auditCount("matching.answer") == 2)
        }
    }
}
