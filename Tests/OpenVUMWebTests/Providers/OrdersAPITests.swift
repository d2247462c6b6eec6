import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Orders through the API: the caseworker orders, the provider accepts and starts, the case reads 68–76 from the order")
struct OrdersAPITests {
    @Test("create from a granted intervention, send, accept, start, end; the wrong side, a stale version and another provider are refused",
          arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let staff = try await app.token("udfoerer"), other = try await app.token("udfoerer-ekstern")
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            let worker = c.token, offer = DemoData.internalHousingSupportID.uuidString
            // A refused or unknown intervention: nothing is ordered.
            var res = try await app.send(.POST, "/api/v1/orders", token: worker, json: #"{"caseId":"\#(c.id)","interventionId":"\#(UUID())","offerId":"\#(offer)"}"#)
            #expect(res.status == .notFound)
            res = try await app.send(.POST, "/api/v1/orders", token: worker,
                                     json: #"{"caseId":"\#(c.id)","interventionId":"\#(interventionID)","offerId":"\#(offer)","unitPrice":47500,"coPayment":0,"coordinationNeeded":true}"#)
            #expect(res.status == .created)
            var body = try res.json()
            let id = try #require(body["id"] as? String)
            let contract = try #require(body["contract"] as? [String: Any])
            // By hand: 3 hours × 13 weeks × 475 kr. (negotiated) = 18,525 kr.
            #expect(contract["price"] as? Int == 1_852_500)
            #expect(contract["startDate"] as? String == "2026-04-01" && contract["endDate"] as? String == "2026-06-30")
            #expect(body["paragraph"] as? String == "SEL § 85" && body["state"] as? String == "draft")
            // A second order of the same intervention while this one is open is a conflict.
            res = try await app.send(.POST, "/api/v1/orders", token: worker, json: #"{"caseId":"\#(c.id)","interventionId":"\#(interventionID)","offerId":"\#(offer)"}"#)
            #expect(res.status == .conflict)
            // A draft is not the provider's to see.
            #expect(try await app.send(.GET, "/api/v1/orders/\(id)", token: staff).status == .notFound)

            func step(_ token: String, _ json: String, version: Int) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "/api/v1/orders/\(id)/transitions", token: token, headers: ["If-Match": "\"\(version)\""], json: json)
            }
            #expect(try await step(staff, #"{"action":"send"}"#, version: 1).status == .notFound)
            res = try await step(worker, #"{"action":"send"}"#, version: 1)
            #expect(res.status == .ok)
            body = try res.json()
            #expect(body["orderedOn"] as? String == "2026-03-02" && body["ean"] as? String == "5798000001015")
            var read = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: worker).json()
            #expect(JSONPointer.resolve("/phase", in: read) as? String == "order")
            #expect(JSONPointer.resolve("/interventions/0/order/orderedOn", in: read) as? String == "2026-03-02")
            #expect(JSONPointer.resolve("/interventions/0/order/coordinationNeeded", in: read) as? Bool == true)

            // The provider: another provider sees nothing; the authority cannot accept for the provider; a stale version is refused.
            #expect(try await app.send(.GET, "/api/v1/orders/\(id)", token: other).status == .notFound)
            #expect((try await app.send(.GET, "/api/v1/orders", token: other).json()["items"] as? [Any])?.isEmpty == true)
            #expect(try await step(worker, #"{"action":"accept"}"#, version: 2).status == .forbidden)
            #expect(try await step(staff, #"{"action":"accept"}"#, version: 1).status == .preconditionFailed)
            #expect(try await step(staff, #"{"action":"accept"}"#, version: 2).status == .ok)
            // The list shows each order exactly as its read does, and a change at once (the list keeps each order's
            // rendering by its stored text, so a changed order is rendered anew).
            func listedAsRead(_ token: String, state: String) async throws {
                let list = try await app.send(.GET, "/api/v1/orders", token: token).json()
                let items = try #require(list["items"] as? [[String: Any]])
                let item = try #require(items.first { ($0["id"] as? String)?.lowercased() == id.lowercased() })
                let read = try await app.send(.GET, "/api/v1/orders/\(id)", token: token).json()
                #expect(NSDictionary(dictionary: item) == NSDictionary(dictionary: read))
                #expect(item["state"] as? String == state)
                #expect(list.keys.sorted() == ["items", "nextCursor"] && list["nextCursor"] is NSNull)
            }
            try await listedAsRead(staff, state: "accepted")
            try await listedAsRead(worker, state: "accepted")
            res = try await step(staff, #"{"action":"start","startDate":"2026-03-01"}"#, version: 3)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["startDate"])
            res = try await step(staff, #"{"action":"start","startDate":"2026-03-02"}"#, version: 3)
            #expect(res.status == .ok)
            try await listedAsRead(staff, state: "started")
            try await listedAsRead(worker, state: "started")
            read = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: worker).json()
            #expect(JSONPointer.resolve("/phase", in: read) as? String == "delivery")
            #expect(JSONPointer.resolve("/interventions/0/delivery/startDate", in: read) as? String == "2026-03-02")
            #expect(JSONPointer.resolve("/interventions/0/delivery/documentedOn", in: read) as? String == "2026-03-02")
            // Withdrawing a started order is not a step the state allows.
            #expect(try await step(worker, #"{"action":"withdraw"}"#, version: 4).status == .conflict)
            res = try await step(worker, #"{"action":"end","endedOn":"2026-03-02","endReason":"endedAtFollowUp"}"#, version: 4)
            #expect(res.status == .ok, "\(res.body.string)")
            read = try await app.send(.GET, "/api/v1/cases/\(c.id)", token: worker).json()
            #expect(JSONPointer.resolve("/interventions/0/end/reason", in: read) as? String == "endedAtFollowUp")
            let listed = try await app.send(.GET, "/api/v1/orders?caseId=\(c.id)&state=ended", token: worker).json()["items"] as? [[String: Any]]
            #expect(listed?.map { ($0["id"] as? String)?.lowercased() } == [id.lowercased()])
            // Send, accept, start and end; refused steps change nothing and write no row.
            #expect(try await app.auditCount("order.transition") == 4)
            #expect(try await app.auditCount("order.create") == 1)
        }
    }

    @Test("a draft is changed by merge patch: the end date gives the repetitions, null means no end date; every unreadable field at once, nothing saved; a stale version, the provider and a sent order are refused",
          arguments: Engine.available)
    func patchDraft(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let staff = try await app.token("udfoerer")
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            let worker = c.token, offer = DemoData.internalHousingSupportID.uuidString
            let created = try await app.send(.POST, "/api/v1/orders", token: worker, json: #"{"caseId":"\#(c.id)","interventionId":"\#(interventionID)","offerId":"\#(offer)"}"#)
            let id = try #require(try created.json()["id"] as? String)
            func patch(_ json: String, version: Int, token: String? = nil) async throws -> TestingHTTPResponse {
                try await app.send(.PATCH, "/api/v1/orders/\(id)", token: token ?? worker, headers: ["If-Match": "\"\(version)\""], json: json)
            }
            // 1 April to 26 May is 56 days: 8 weeks.
            var res = try await patch(#"{"endDate":"2026-05-26","unitPrice":47500,"coordinationNeeded":true}"#, version: 1)
            #expect(res.status == .ok, "\(res.body.string)")
            var contract = try #require(try res.json()["contract"] as? [String: Any])
            // By hand: 3 hours × 8 weeks × 475 kr. = 11,400 kr.
            #expect(contract["repetitions"] as? Int == 8 && contract["price"] as? Int == 1_140_000)
            #expect(res.headers.first(name: .eTag) == "\"2\"")
            // No end date: priced for 52 weeks. By hand: 3 × 52 × 475 kr. = 74,100 kr.
            res = try await patch(#"{"endDate":null}"#, version: 2)
            contract = try #require(try res.json()["contract"] as? [String: Any])
            #expect(contract["endDate"] is NSNull && contract["repetitions"] as? Int == 52 && contract["price"] as? Int == 7_410_000)
            // Unreadable fields, all told; nothing saved.
            res = try await patch(#"{"startDate":"1. april","unitPrice":"475","coordinationNeeded":1,"colour":"blue"}"#, version: 3)
            #expect(res.status == .unprocessableEntity)
            #expect(Set(try res.problem().errors?.map(\FieldError.field) ?? []) == ["startDate", "unitPrice", "coordinationNeeded", "colour"])
            #expect(try await app.send(.GET, "/api/v1/orders/\(id)", token: worker).headers.first(name: .eTag) == "\"3\"")
            // A stale version; a provider user (not their route); a sent order.
            #expect(try await patch(#"{"unitPrice":1}"#, version: 2).status == .preconditionFailed)
            #expect(try await patch(#"{"unitPrice":1}"#, version: 3, token: staff).status == .forbidden)
            res = try await app.send(.POST, "/api/v1/orders/\(id)/transitions", token: worker, headers: ["If-Match": "\"3\""], json: #"{"action":"send"}"#)
            #expect(res.status == .ok)
            #expect(try await patch(#"{"unitPrice":1}"#, version: 4).status == .conflict)
        }
    }

    @Test("the provider reports a month's delivered hours week by week; negative hours, a future month, the caseworker and another provider are refused; both sides read it",
          arguments: Engine.available)
    func hours(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let staff = try await app.token("udfoerer"), other = try await app.token("udfoerer-ekstern")
            let t = try await app.openvum.terminology.current(on: app.db)
            var (c, _) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            try await c.orderAndStart(providerToken: staff, start: "2026-03-02")
            let id = try #require(try await app.send(.GET, "/api/v1/orders?caseId=\(c.id)", token: c.token).json()["items"] as? [[String: Any]]).first?["id"] as? String
            let orderID = try #require(id)
            func put(_ month: String, _ json: String, token: String) async throws -> TestingHTTPResponse {
                try await app.send(.PUT, "/api/v1/orders/\(orderID)/hours/\(month)", token: token, json: json)
            }
            var res = try await put("2026-03", #"{"weeks":[{"week":"2026-03-02","delivered":-2}],"cancelledByCitizen":1}"#, token: staff)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\FieldError.field) == ["weeks.0.delivered"])
            #expect(try await put("2026-04", #"{"weeks":[{"week":"2026-04-06","delivered":2}]}"#, token: staff).status == .unprocessableEntity)
            #expect(try await put("2026-3", #"{"weeks":[]}"#, token: staff).status == .unprocessableEntity)
            #expect(try await put("2026-03", #"{"weeks":[{"week":"2026-03-02","delivered":2}]}"#, token: other).status == .notFound)
            #expect(try await put("2026-03", #"{"weeks":[{"week":"2026-03-02","delivered":2}]}"#, token: c.token).status == .forbidden)
            res = try await put("2026-03", #"{"weeks":[{"week":"2026-03-02","delivered":2.5}],"cancelledByCitizen":1,"note":"Aflyst torsdag."}"#, token: staff)
            #expect(res.status == .ok, "\(res.body.string)")
            // By hand: 3 hours allocated a week, 2.5 delivered: half an hour short.
            let body = try res.json()
            #expect(body["allocatedPerWeek"] as? Int == 3 && body["delivered"] as? Double == 2.5 && body["deviation"] as? Double == -0.5)
            // A later report of the month replaces it; the caseworker reads one month.
            _ = try await put("2026-03", #"{"weeks":[{"week":"2026-03-02","delivered":3}]}"#, token: staff)
            let list = try await app.send(.GET, "/api/v1/orders/\(orderID)/hours", token: c.token).json()["items"] as? [[String: Any]]
            #expect(list?.count == 1 && list?.first?["delivered"] as? Int == 3 && list?.first?["cancelledByCitizen"] as? Int == 0)
            #expect(try await app.auditCount("order.hours") == 2)
        }
    }
}
