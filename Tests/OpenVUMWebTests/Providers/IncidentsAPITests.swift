import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Use of force and unintended incidents through the API: tasks for the caseworker, ID 82 derived")
struct IncidentsAPITests {
    @Test("a use of force reported after a follow-up turns its ID 82 to yes; an unintended incident; both tasks until seen; bad reports, the caseworker and another provider refused",
          arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let staff = try await app.token("udfoerer"), other = try await app.token("udfoerer-ekstern")
            var (c, orderID) = try await ProviderReportsAPITests.startedOrder(app, staff: staff)
            // A follow-up on 2 March, before anything is reported: ID 82 is "no".
            try await c.move("followUp")
            try await c.patch(["followUps": [["followUpType": "planned"]]])
            #expect(c.value("/followUps/0/useOfForce") as? String == "no")

            func post(_ json: String, token: String = staff) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "/api/v1/orders/\(orderID)/incidents", token: token, json: json)
            }
            var res = try await post(#"{"type":"useOfForce","occurredOn":"2026-03-01","force":{"kind":"other","startTime":"14:20","endTime":"14:05","situationBefore":"Uro","situationDuring":" ","present":"To medarbejdere"}}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\FieldError.field) == ["occurredOn", "force.endTime", "force.legalBasis", "force.situationDuring"])
            let good = #"{"type":"useOfForce","occurredOn":"2026-03-02","force":{"kind":"restraint","startTime":"14:05","endTime":"14:20","situationBefore":"Uro i fællesrummet","situationDuring":"Holdt i armene i fem minutter","present":"To medarbejdere","citizenAccount":"Jeg blev vred"}}"#
            #expect(try await post(good, token: c.token).status == .forbidden)
            #expect(try await post(good, token: other).status == .notFound)
            res = try await post(good)
            #expect(res.status == .created, "\(res.body.string)")
            let force = try res.json()
            #expect((force["force"] as? [String: Any])?["legalBasis"] as? String == "SEL § 126" && force["seenOn"] is NSNull)
            // The follow-up held on the day of the use of force now says "yes" (derived, in the same transaction).
            try await c.reload()
            #expect(c.value("/followUps/0/useOfForce") as? String == "yes")

            res = try await post(#"{"type":"unintended","occurredOn":"2026-03-02","unintended":{"kind":"fall","severity":6,"description":"Faldt i badet"}}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\FieldError.field) == ["unintended.severity"])
            res = try await post(#"{"type":"unintended","occurredOn":"2026-03-02","unintended":{"kind":"fall","severity":2,"description":"Faldt i badet","followUp":"Skridsikker måtte"}}"#)
            #expect(res.status == .created)

            // Two tasks for the caseworker; marked seen one by one, once.
            let caseworker = try await OrderStoreTests.principal(app, "sagsbehandler")
            var tasks = try await OrderStore.providerTasks(userID: caseworker.userID, municipalityID: DemoData.municipalityID, on: app.db)
            #expect(Set(tasks.map(\.label)) == ["Magtanvendelse: Fastholdelse", "Utilsigtet hændelse: Fald"])
            let forceID = try #require(force["id"] as? String)
            #expect(try await app.send(.POST, "/api/v1/orders/\(orderID)/incidents/\(forceID)/seen", token: staff).status == .forbidden)
            res = try await app.send(.POST, "/api/v1/orders/\(orderID)/incidents/\(forceID)/seen", token: c.token)
            #expect(res.status == .ok)
            #expect(try res.json()["seenOn"] as? String == "2026-03-02")
            #expect(try await app.send(.POST, "/api/v1/orders/\(orderID)/incidents/\(forceID)/seen", token: c.token).status == .conflict)
            tasks = try await OrderStore.providerTasks(userID: caseworker.userID, municipalityID: DemoData.municipalityID, on: app.db)
            #expect(tasks.map(\.label) == ["Utilsigtet hændelse: Fald"])
            let list = try await app.send(.GET, "/api/v1/orders/\(orderID)/incidents", token: staff).json()["items"] as? [[String: Any]]
            #expect(list?.count == 2)
            #expect(try await app.send(.GET, "/api/v1/orders/\(orderID)/incidents", token: other).status == .notFound)
            #expect(try await app.auditCount("order.incident.create") == 2)
        }
    }
}
