import FluentKit
import Vapor
import Foundation
import OpenVUMDomain
import OpenVUMStore
import OpenVUMWeb
import SQLKit
import Testing
import VaporTesting

/// The configuration tests run with: testing mode, cheap bcrypt, secure cookies as in production.
package func testConfig(_ engine: Engine, schema: String) throws -> AppConfig {
    // Many test apps run at once on two cores: a connection or a statement may wait far longer than on a server under
    // its own load, so the tests allow 30 s where production's default is 5 s.
    var env = ["OPENVUM_ENV": "testing", "OPENVUM_BCRYPT_COST": "4", "OPENVUM_MAX_BODY_BYTES": "65536", "OPENVUM_DB_TIMEOUT_SECONDS": "30"]
    if engine == .postgres { env["DATABASE_URL"] = ProcessInfo.processInfo.environment["OPENVUM_TEST_POSTGRES_URL"]! }
    var config = try AppConfig.load(from: env)
    switch engine {
    case .sqlite:
        config.database = .sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("openvum-\(schema)/t.sqlite").path)
    case .postgres:
        config.database = .postgres(url: env["DATABASE_URL"]!, schema: schema)
    }
    return config
}

/// Boots the real `configure` on a fresh database (a temporary SQLite file or a new PostgreSQL schema),
/// migrates it, seeds the demo municipality, runs `body`, and removes the database again.
package func withTestApp(_ engine: Engine, seed: Bool = true, _ body: (Application) async throws -> Void) async throws {
    let schema = "t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased())"
    let config = try testConfig(engine, schema: schema)
    let app = try await Application.make(.testing)
    var dropSchema: (() async throws -> Void)?
    do {
        if engine == .postgres {
            // Create the schema through a connection without a search path.
            let bootstrap = try await Application.make(.testing)
            var plain = config
            plain.database = .postgres(url: ProcessInfo.processInfo.environment["OPENVUM_TEST_POSTGRES_URL"]!, schema: nil)
            try await configure(bootstrap, config: plain)
            try await bootstrap.db.sql.raw("CREATE SCHEMA \(ident: schema)").run()
            try await bootstrap.asyncShutdown()
            dropSchema = {
                let cleaner = try await Application.make(.testing)
                try await configure(cleaner, config: plain)
                try await cleaner.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
                try await cleaner.asyncShutdown()
            }
        }
        try await configure(app, config: config)
        try await app.autoMigrate()
        if seed { try await seedDemo(app) }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await dropSchema?()
        throw error
    }
    try await app.asyncShutdown()
    try await dropSchema?()
    if case .sqlite(let path) = config.database {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }
}

extension Application {
    /// A bearer token for a demo user.
    package func token(_ username: String, password: String = "demo") async throws -> String {
        var token = ""
        try await testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
            try req.content.encode(["username": username, "password": password])
        }, afterResponse: { res async throws in
            #expect(res.status == .ok, "login as \(username) failed: \(res.body.string)")
            token = try res.content.decode(TokenBody.self).token
        })
        return token
    }

    /// Sends a request and returns the response (status, headers, body).
    @discardableResult
    package func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, headers: HTTPHeaders = [:], json: String? = nil,
        form: [String: String]? = nil, cookies: HTTPCookies? = nil, text: String? = nil
    ) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await testing().test(method, path, headers: headers, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            if let json {
                req.headers.contentType = .json
                req.body = ByteBuffer(string: json)
            }
            // Any other body, of the Content-Type in `headers` (a CSV file).
            if let text { req.body = ByteBuffer(string: text) }
            if let form { try req.content.encode(form, as: .urlEncodedForm) }
            if let cookies { req.headers.cookie = cookies }
        }, afterResponse: { res async in
            result = res
        })
        return result!
    }

    /// Sends a `multipart/form-data` body (a document upload).
    @discardableResult
    package func send(_ method: HTTPMethod, _ path: String, token: String? = nil, multipart: Multipart, cookies: HTTPCookies? = nil) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await testing().test(method, path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            req.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(Multipart.boundary)")
            req.body = ByteBuffer(bytes: multipart.body)
            if let cookies { req.headers.cookie = cookies }
        }, afterResponse: { res async in
            result = res
        })
        return result!
    }

    package var sql: any SQLDatabase { db.sql }

    package func auditCount(_ action: String, citizen: UUID? = nil) async throws -> Int {
        try await AuditStore.count(action: action, citizenID: citizen, on: db)
    }
}

package struct TokenBody: Decodable {
    package var token: String
    package var expiresAt: Date
}

package struct ProblemBody: Decodable {
    package var type: String
    package var title: String
    package var status: Int
    package var detail: String
    package var code: String
    package var errors: [FieldError]?
}

extension TestingHTTPResponse {
    package func problem() throws -> ProblemBody {
        #expect(headers.contentType?.subType == "problem+json", "expected problem+json, got \(headers.contentType?.description ?? "none")")
        return try JSONDecoder().decode(ProblemBody.self, from: Data(body.readableBytesView))
    }

    package func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as! [String: Any]
    }
}

/// A `multipart/form-data` body, built by hand as a browser sends it: text fields and at most one file.
package struct Multipart: Sendable {
    package static let boundary = "----OpenVUMTestBoundary7MA4YWxkTrZu0gW"
    package var fields: [(String, String)]
    package var file: (field: String, name: String, type: String, bytes: [UInt8])?
    package init(_ fields: [(String, String)], file: (field: String, name: String, type: String, bytes: [UInt8])? = nil) {
        self.fields = fields
        self.file = file
    }
    package var body: [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let f = file {
            out += Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.name)\"\r\nContent-Type: \(f.type)\r\n\r\n".utf8)
            out += f.bytes + Array("\r\n".utf8)
        }
        return out + Array("--\(Self.boundary)--\r\n".utf8)
    }
}

/// A logged-in browser session for web tests: cookie jar plus the page's CSRF token.
package struct WebSessionClient {
    package var cookies = HTTPCookies()
    package init() {}

    /// Logs in through the login form, as a browser would.
    package static func login(_ app: Application, _ username: String, password: String = "demo") async throws -> WebSessionClient {
        var client = WebSessionClient()
        let page = try await app.send(.GET, "/login")
        #expect(page.status == .ok)
        client.absorb(page)
        let token = try #require(csrfToken(in: page.body.string))
        let res = try await app.send(.POST, "/login", form: ["username": username, "password": password, "_csrf": token], cookies: client.cookies)
        #expect(res.status == .seeOther, "login failed: \(res.status)")
        client.absorb(res)
        return client
    }

    package mutating func absorb(_ res: TestingHTTPResponse) {
        for (name, value) in res.headers.setCookie?.all ?? [:] {
            if value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = HTTPCookies.Value(string: value.string) }
        }
    }

    package func get(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        try await app.send(.GET, path, cookies: cookies)
    }

    /// Posts a form with the CSRF token found on `page`.
    package mutating func post(_ app: Application, _ path: String, form: [String: String], csrfFrom page: TestingHTTPResponse) async throws -> TestingHTTPResponse {
        var form = form
        form["_csrf"] = csrfToken(in: page.body.string)
        let res = try await app.send(.POST, path, form: form, cookies: cookies)
        absorb(res)
        return res
    }
}

extension WebSessionClient {
    /// Posts a form whose fields may repeat (a group of checkboxes), in order, with the CSRF token found on `page`.
    package mutating func post(_ app: Application, _ path: String, pairs: [(String, String)], csrfFrom page: TestingHTTPResponse) async throws -> TestingHTTPResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = (pairs + [("_csrf", csrfToken(in: page.body.string) ?? "")]).map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        let res = try await app.send(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], cookies: cookies, text: body)
        absorb(res)
        return res
    }

    /// Posts a `multipart/form-data` form (a document upload) with the CSRF token found on `page`.
    package mutating func post(_ app: Application, _ path: String, multipart: Multipart, csrfFrom page: TestingHTTPResponse) async throws -> TestingHTTPResponse {
        var m = multipart
        m.fields.append(("_csrf", csrfToken(in: page.body.string) ?? ""))
        let res = try await app.send(.POST, path, multipart: m, cookies: cookies)
        absorb(res)
        return res
    }
}

package func csrfToken(in html: String) -> String? {
    guard let r = html.range(of: #"name="_csrf" value=""#) else { return nil }
    let rest = html[r.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}
