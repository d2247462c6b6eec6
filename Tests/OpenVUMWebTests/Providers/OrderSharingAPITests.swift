import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

@Suite("What travels with an order: chosen within consent, read by the provider exactly, gone when consent goes")
struct OrderSharingAPITests {
    @Test("the caseworker chooses goals, levels, a document and a note (an internal note refused); the provider reads exactly that, not another document; nothing once consent is withdrawn",
          arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let staff = try await app.token("udfoerer"), other = try await app.token("udfoerer-ekstern")
            let t = try await app.openvum.terminology.current(on: app.db)
            var (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
            let caseID = try #require(UUID(uuidString: c.id))
            let offer = DemoData.internalHousingSupportID.uuidString
            // Two documents on the case, a conversation note and an internal one.
            func document(_ title: String) async throws -> UUID {
                let id = UUID(), pdf = Data("%PDF-1.4 \(title)".utf8)
                try await app.sql.raw("""
                    INSERT INTO case_attachments (id, case_id, citizen_id, municipality_id, title, kind, document_date, file_name, format, size, sha256,
                                                  stored_in, content, uploaded_by, uploaded_at)
                    VALUES (\(bind: id), \(bind: caseID), \(bind: DemoData.citizenIDs[1]), \(bind: DemoData.municipalityID), \(bind: title), 'other', '2026-03-01',
                            'd.pdf', 'pdf', \(bind: pdf.count), \(bind: CaseStore.sha256Hex(Array(pdf))), 'database', \(bind: pdf), NULL, \(bind: Date()))
                    """).run()
                return id
            }
            let shared = try await document("Handleplan"), kept = try await document("Lægeerklæring")
            func note(_ category: String, _ text: String) async throws -> String {
                let res = try await app.send(.POST, "/api/v1/cases/\(c.id)/notes", token: c.token, json: #"{"category":"\#(category)","text":"\#(text)"}"#)
                return try #require(try res.json()["noteId"] as? String)
            }
            let meeting = try await note("meeting", "Møde med borgeren om indkøb."), internalNote = try await note("internal", "Intern vurdering.")
            try await c.reload()
            let created = try await app.send(.POST, "/api/v1/orders", token: c.token, json: #"{"caseId":"\#(c.id)","interventionId":"\#(interventionID)","offerId":"\#(offer)"}"#)
            let id = try #require(try created.json()["id"] as? String)
            func patch(_ json: String, version: Int) async throws -> TestingHTTPResponse {
                try await app.send(.PATCH, "/api/v1/orders/\(id)", token: c.token, headers: ["If-Match": "\"\(version)\""], json: json)
            }
            let choice = #"{"shared":{"parts":["goals","functionalLevels"],"documentIds":["\#(shared)"],"noteIds":["\#(meeting)"]}}"#

            // Consent given, but not to a provider: refused, nothing saved.
            var res = try await patch(choice, version: 1)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\FieldError.field) == ["shared"])
            try await c.patch(["opening": ["consentDiscloseTo": ["provider"]]])
            // An internal note never travels; a document of no case neither.
            res = try await patch(#"{"shared":{"parts":["goals"],"documentIds":["\#(UUID())"],"noteIds":["\#(internalNote)"]}}"#, version: 1)
            #expect(try res.problem().errors?.map(\FieldError.field) == ["shared.documentIds.0", "shared.noteIds.0"])
            res = try await patch(choice, version: 1)
            #expect(res.status == .ok, "\(res.body.string)")
            #expect((try res.json()["shared"] as? [String: Any])?["parts"] as? [String] == ["goals", "functionalLevels"])
            res = try await app.send(.POST, "/api/v1/orders/\(id)/transitions", token: c.token, headers: ["If-Match": "\"2\""], json: #"{"action":"send"}"#)
            #expect(res.status == .ok, "\(res.body.string)")

            // The provider reads exactly the choice: the goal, no functional assessment, the one document and the one note.
            let read = try await app.send(.GET, "/api/v1/orders/\(id)/shared", token: staff)
            #expect(read.status == .ok)
            let body = try read.json()
            #expect(body["consentAllows"] as? Bool == true)
            #expect((body["goals"] as? [[String: Any]])?.map { $0["text"] as? String } == ["Kan selv handle ind"])
            #expect((body["documents"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Handleplan"])
            #expect((body["notes"] as? [[String: Any]])?.map { $0["text"] as? String } == ["Møde med borgeren om indkøb."])
            #expect(body["functionalAssessment"] is NSNull && !read.body.string.contains("Intern vurdering"))
            #expect(try await app.auditCount("order.shared.read") == 1)
            res = try await app.send(.GET, "/api/v1/orders/\(id)/documents/\(shared)", token: staff)
            #expect(res.status == .ok && res.body.string.contains("Handleplan"))
            #expect(try await app.send(.GET, "/api/v1/orders/\(id)/documents/\(kept)", token: staff).status == .notFound)
            // Another provider: as missing.
            #expect(try await app.send(.GET, "/api/v1/orders/\(id)/shared", token: other).status == .notFound)

            // Consent withdrawn (the case has moved on with the order: read it again first): nothing travels any more.
            try await c.reload()
            try await c.patch(["opening": ["consent": "refused", "consentForm": NSNull(), "consentCollectFrom": [String](), "consentDiscloseTo": [String]()]])
            let after = try await app.send(.GET, "/api/v1/orders/\(id)/shared", token: staff).json()
            #expect(after["consentAllows"] as? Bool == false && (after["goals"] as? [Any])?.isEmpty == true && (after["documents"] as? [Any])?.isEmpty == true)
            #expect(try await app.send(.GET, "/api/v1/orders/\(id)/documents/\(shared)", token: staff).status == .notFound)
        }
    }
}
