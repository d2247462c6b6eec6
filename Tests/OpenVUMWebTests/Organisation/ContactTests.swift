import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("How citizens reach the authority: the municipality's contact and a caseworker's direct line")
struct ContactTests {
    @Test("the settings hold the address, phone and e-mail, written the one way; a bad value is refused at its field and nothing is saved",
          arguments: Engine.available)
    func municipalityContact(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let read = try await app.send(.GET, "/api/v1/settings", token: admin)
            let etag = try #require(read.headers.first(name: .eTag))
            let refused = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag],
                                             json: #"{"contact":{"address":"Torvet 1\n7100 Vejle","phone":"123","email":"ikke en adresse"}}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.problem().errors?.map(\.field) == ["contact.phone", "contact.email"])
            #expect(try await app.send(.GET, "/api/v1/settings", token: admin).headers.first(name: .eTag) == etag)
            let saved = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag],
                                           json: #"{"contact":{"address":"Torvet 1\n7100 Vejle","phone":"+45 7681-5000","email":"social@vejle.dk"}}"#)
            #expect(saved.status == .ok)
            let contact = try #require((try saved.json())["contact"] as? [String: Any])
            #expect(contact["phone"] as? String == "76 81 50 00" && contact["address"] as? String == "Torvet 1\n7100 Vejle")
            #expect(try await CaseStore.settings(municipalityID: DemoData.municipalityID, on: app.db).contact.email == "social@vejle.dk")
            // Staff read the settings; only administrators change them.
            let worker = try await app.token("sagsbehandler")
            #expect(try await app.send(.PATCH, "/api/v1/settings", token: worker, headers: ["If-Match": etag], json: #"{"contact":{}}"#).status == .forbidden)
        }
    }

    @Test("a user's phone number is written the one way, refused when it is none, and removed with an empty string", arguments: Engine.available)
    func userPhone(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let user = try #require(try await UserStore.find(username: "teamleder", on: app.db))
            func patch(_ json: String, _ version: Int) async throws -> TestingHTTPResponse {
                try await app.send(.PATCH, "/api/v1/users/\(user.id)", token: admin, headers: ["If-Match": "\"\(version)\""], json: json)
            }
            let bad = try await patch(#"{"phone":"12 34"}"#, user.version)
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.problem().errors?.first?.field == "phone")
            let ok = try await patch(#"{"phone":"0045 70102099"}"#, user.version)
            #expect(ok.status == .ok)
            #expect(try ok.json()["phone"] as? String == "70 10 20 99")
            #expect(try await UserStore.find(id: user.id, on: app.db)?.phone == "70 10 20 99")
            let cleared = try await patch(#"{"phone":""}"#, user.version + 1)
            #expect(cleared.status == .ok)
            #expect(try cleared.json()["phone"] is NSNull)
            #expect(try await UserStore.find(id: user.id, on: app.db)?.phone == nil)
        }
    }
}
