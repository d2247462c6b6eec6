import Foundation
import OpenVUMDomain
import OpenVUMSeeding
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// The problem bodies (RFC 9457) a client meets, as the API sends them, under `Tests/__Snapshots__/problem-*.json`
/// (the request id masked, keys sorted, indented).
@Suite("Problem snapshots")
struct ProblemSnapshotTests {
    static func normalized(_ res: TestingHTTPResponse) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
        if object["requestId"] is String { object["requestId"] = "<request-id>" }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return "HTTP \(res.status.code) \(res.headers.contentType?.description ?? "-")\n" + String(decoding: data, as: UTF8.self) + "\n"
    }

    @Test("400, 401, 404, 409, 412, 422 and 428 as a client sees them")
    func problems() async throws {
        try await withTestApp(.sqlite) { app in
            let token = try await app.token("sagsbehandler")
            let admin = try await app.token("admin")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let cases: [(String, TestingHTTPResponse)] = [
                ("400-malformed-json", try await app.send(.POST, "/api/v1/citizens/search", token: token, json: "{not json")),
                ("401-no-token", try await app.send(.GET, "/api/v1/me")),
                ("404-case", try await app.send(.GET, "/api/v1/cases/\(UUID())", token: token)),
                ("409-username", try await app.send(.POST, "/api/v1/users", token: admin,
                                                    json: #"{"username":"sagsbehandler","password":"en lang nok adgangskode","displayName":"X","role":"administrator"}"#)),
                ("412-stale", try await app.send(.PATCH, "/api/v1/cases/\(c.id)", token: token, headers: ["If-Match": "\"99\""], json: "{}")),
                ("422-citizen", try await app.send(.POST, "/api/v1/citizens", token: token, json: #"{"cpr":"0101011234x","givenName":" "}"#)),
                ("422-case-field", try await app.send(.PATCH, "/api/v1/cases/\(c.id)", token: token, headers: ["If-Match": c.etag],
                                                      json: #"{"opening":{"origin":"somewhere","inquiryCount":7,"unknown":1}}"#)),
                ("428-no-if-match", try await app.send(.PATCH, "/api/v1/cases/\(c.id)", token: token, json: "{}")),
            ]
            for (name, res) in cases {
                #expect(res.headers.contentType?.subType == "problem+json", "\(name)")
                Snapshot.expect(try Self.normalized(res), named: "problem-\(name).json")
            }
        }
    }
}
