import Foundation
import OpenVUMDomain
import OpenVUMSeeding
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// A part header name with a byte of 0x80 or more stops MultipartKit's parser, and the whole process with it; every
/// route refuses such a body first. (Found by schemathesis; this test would stop the test process without the guard.)
@Suite("Multipart bodies: a non-ASCII header name is refused, never parsed")
struct MultipartGuardTests {
    static let boundary = "950a98b594af856d7cf893640ced3606"

    @Test("header names are checked; a UTF-8 file name in a header value, and any bytes in a part's content, are fine")
    func names() {
        let b = Array(Self.boundary.utf8)
        let bad = Array("--\(Self.boundary)\r\n".utf8) + [0xC3, 0x96, 0x27, 0x1E] + Array("--\(Self.boundary)--\r\n".utf8)
        #expect(!MultipartGuard.headerNamesAreASCII(bad, boundary: b))
        let good = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Lægeerklæring.pdf\"\r\n\r\n".utf8)
            + [0xFF, 0xC3, 0x96, 0x0D, 0x0A, 0xC3] + Array("\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(MultipartGuard.headerNamesAreASCII(good, boundary: b))
        let secondPart = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--\(Self.boundary)\r\n".utf8) + [0xE6]
            + Array(": y\r\n\r\nz\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(!MultipartGuard.headerNamesAreASCII(secondPart, boundary: b))
    }

    @Test("the body schemathesis sent: 400, and the server answers on", arguments: Engine.available)
    func refused(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            var body = ByteBufferAllocator().buffer(capacity: 0)
            body.writeBytes(Array("--\(Self.boundary)\r\n".utf8) + [0xC3, 0x96, 0x27, 0x1E, 0x0F, 0xC3, 0xAA, 0x7D, 0x22, 0x27]
                            + Array("--\(Self.boundary)--\r\n".utf8))
            let res = try await app.testing().sendRequest(.POST, "/api/v1/cases/\(c.id)/documents", headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(Self.boundary)",
            ], body: body)
            #expect(res.status == .badRequest && res.body.string.contains("body.multipart"))
            #expect(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: token).status == .ok)
        }
    }
}
