import Foundation
import Logging
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import SQLKit
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Operations")
struct OperationsTests {
    @Test("livez, readyz, metrics by route pattern, openapi.json", arguments: Engine.available)
    func endpoints(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            #expect(try await app.send(.GET, "/livez").status == .ok)
            let ready = try await app.send(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.json()["database"] as? String == "ok")
            #expect(ready.headers.first(name: "X-Request-Id")?.isEmpty == false)

            let token = try await app.token("sagsbehandler")
            _ = try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: token)
            _ = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr":"0302901118"}"#)
            // /metrics: only from OPENVUM_METRICS_ALLOW addresses (a test request has none) or with the token.
            #expect(try await app.send(.GET, "/metrics").status == .forbidden)
            #expect(try await app.send(.GET, "/metrics", token: token).status == .forbidden)
            app.openvum.config.metricsToken = String(repeating: "m", count: 40)
            #expect(try await app.send(.GET, "/metrics", headers: ["Authorization": "Bearer " + String(repeating: "x", count: 40)]).status == .forbidden)
            let metrics = try await app.send(.GET, "/metrics", headers: ["Authorization": "Bearer " + String(repeating: "m", count: 40)])
            #expect(metrics.status == .ok)
            let text = metrics.body.string
            #expect(text.contains("http_requests_total"))
            #expect(text.contains(#"path="/api/v1/citizens/:citizenID""#))
            #expect(text.contains("http_request_duration_seconds"))
            #expect(text.contains("openvum_db_pool_max_connections"))
            #expect(!text.contains(DemoData.citizenIDs[1].uuidString.lowercased()))
            #expect(!text.contains("0302901118") && !text.contains("030290-1118"))

            let doc = try await app.send(.GET, "/openapi.json")
            #expect(doc.status == .ok)
            #expect(try doc.json()["openapi"] as? String == "3.1.0")
        }
    }

    @Test("SQLite runs in WAL mode with synchronous=FULL on every connection")
    func sqlitePragmas() async throws {
        try await withTestApp(.sqlite, seed: false) { app in
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let db = app.databases.database(.sqlite, logger: app.logger, on: eventLoop) as! any SQLDatabase
                let mode = try await db.raw("PRAGMA journal_mode").first()!.decode(column: "journal_mode", as: String.self)
                let sync = try await db.raw("PRAGMA synchronous").first()!.decode(column: "synchronous", as: Int.self)
                #expect(mode == "wal")
                #expect(sync == 2)
            }
        }
    }

    @Test("error pages are Danish HTML on the web and problem+json in the API")
    func errorPages() async throws {
        try await withTestApp(.sqlite) { app in
            let web = try await app.send(.GET, "/findes-ikke")
            #expect(web.status == .notFound)
            #expect(web.headers.contentType == .html)
            #expect(web.body.string.contains("Siden findes ikke"))
            #expect(web.body.string.contains(#"lang="da""#))
            let api = try await app.send(.GET, "/api/v1/findes-ikke")
            #expect(api.status == .notFound)
            #expect(try api.problem().title == "Siden findes ikke")
            // A page that needs a login redirects there, keeping where the user was going.
            let redirect = try await app.send(.GET, "/borgere")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers.first(name: .location) == "/login?next=/borgere")
            // A role without access gets a Danish 403 page.
            let provider = try await WebSessionClient.login(app, "udfoerer")
            let forbidden = try await provider.get(app, "/borgere")
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.body.string.contains("Ingen adgang"))
        }
    }

    @Test("log lines are JSON with the request id, and CPR numbers are masked")
    func logLines() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 0), level: .info, label: "codes.vapor.request",
            message: "POST /api/v1/citizens/search cpr 1205781234", metadata: ["request-id": "abc", "body": "120578-1234"])
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
        #expect(object["request-id"] == "abc")
        #expect(object["level"] == "info")
        #expect(object["message"] == "POST /api/v1/citizens/search cpr 120578-****")
        #expect(object["body"] == "120578-****")
        #expect(!line.contains("\n"))
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaults() throws {
        let c = try AppConfig.load(from: [:])
        #expect(c.mode == .development)
        #expect(c.database == .sqlite(path: "./data/openvum.sqlite"))
        #expect(c.cookieSecure)
        #expect(c.auditRetentionMonths == 6)
        #expect(c.sessionLifetime == SessionLifetime(idle: 1800, absolute: 43200))
        #expect(c.demoPassword == "demo")
    }

    @Test func databaseURLs() throws {
        #expect(try AppConfig.load(from: ["DATABASE_URL": "sqlite:///var/lib/openvum/x.sqlite"]).database == .sqlite(path: "/var/lib/openvum/x.sqlite"))
        #expect(try AppConfig.load(from: ["DATABASE_URL": "postgres://u:p@localhost:5432/db"]).database == .postgres(url: "postgres://u:p@localhost:5432/db", schema: nil))
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(from: ["DATABASE_URL": "mysql://x"]) }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(from: ["DATABASE_URL": "sqlite://relative.sqlite"]) }
    }

    @Test("every problem is listed at once")
    func allProblems() {
        do {
            _ = try AppConfig.load(from: ["OPENVUM_ENV": "staging", "OPENVUM_DB_POOL_SIZE": "zero", "OPENVUM_COOKIE_SECURE": "maybe", "OPENVUM_LOG_LEVEL": "loud"])
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 4)
            #expect(error.description.contains("OPENVUM_ENV"))
            #expect(error.description.contains("OPENVUM_DB_POOL_SIZE"))
        }
    }

    @Test("production refuses default secrets, insecure cookies and demo passwords")
    func production() {
        do {
            _ = try AppConfig.load(from: ["OPENVUM_ENV": "production", "OPENVUM_COOKIE_SECURE": "false", "OPENVUM_DEMO_PASSWORD": "x", "OPENVUM_BCRYPT_COST": "4"])
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 5)
            #expect(error.description.contains("OPENVUM_JWT_SECRET must be set in production"))
            #expect(error.description.contains("nobody can log in"))
        }
        // Production needs its own secret and a way to log in: OpenID Connect, or passwords explicitly allowed.
        let secret = String(repeating: "s", count: 40)
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(from: ["OPENVUM_ENV": "production", "OPENVUM_JWT_SECRET": secret]) }
        let ok = try? AppConfig.load(from: ["OPENVUM_ENV": "production", "OPENVUM_JWT_SECRET": secret, "OPENVUM_PASSWORD_LOGIN": "true"])
        #expect(ok?.mode == .production)
        #expect(ok?.passwordLoginAllowed == true)
        let oidc = try? AppConfig.load(from: [
            "OPENVUM_ENV": "production", "OPENVUM_JWT_SECRET": secret, "OPENVUM_OIDC_ISSUER": "https://idp.example.dk/", "OPENVUM_OIDC_CLIENT_ID": "openvum",
            "OPENVUM_OIDC_CLIENT_SECRET": "hemmelig", "OPENVUM_OIDC_REDIRECT_URL": "https://openvum.example.dk/login/oidc/callback"])
        #expect(oidc?.passwordLoginAllowed == false, "production allows no password login unless told to")
        #expect(oidc?.oidc?.issuer == "https://idp.example.dk")
        #expect(oidc?.oidc?.staffAssurance == .substantial)
        // …over https only.
        do {
            _ = try AppConfig.load(from: [
                "OPENVUM_ENV": "production", "OPENVUM_JWT_SECRET": secret, "OPENVUM_OIDC_ISSUER": "http://idp.example.dk", "OPENVUM_OIDC_CLIENT_ID": "openvum",
                "OPENVUM_OIDC_CLIENT_SECRET": "hemmelig", "OPENVUM_OIDC_REDIRECT_URL": "http://openvum.example.dk/login/oidc/callback"])
            Issue.record("plain-HTTP OIDC addresses were accepted in production")
        } catch {
            #expect(error.description.contains("must be https:// URLs in production"))
        }
    }

    @Test("production refuses to serve a database with demo users")
    func productionRefusesDemoUsers() async throws {
        try await withTestApp(.sqlite) { app in
            app.openvum.config.mode = .production
            await #expect(throws: AppConfig.Invalid.self) { try await prepareForServe(app, databaseWasNew: false) }
        }
    }
}

@Suite("Unexpected errors")
struct InternalErrorTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "database exploded while reading 120578-1234" }
    }

    @Test("a 500 shows a Danish page or problem with the request id, never the internals")
    func internalErrors() async throws {
        try await withTestApp(.sqlite, seed: false) { app in
            let web = Request(application: app, method: .GET, url: "/borgere", on: app.eventLoopGroup.next())
            let page = ErrorMappingMiddleware.response(for: Boom(), on: web)
            #expect(page.status == .internalServerError)
            let html = page.body.string ?? ""
            #expect(html.contains("Der opstod en fejl"))
            #expect(html.contains("Fejl-id: \(web.id)"))
            #expect(!html.contains("exploded") && !html.contains("120578"))

            let api = Request(application: app, method: .GET, url: "/api/v1/me", on: app.eventLoopGroup.next())
            let problem = ErrorMappingMiddleware.response(for: Boom(), on: api)
            #expect(problem.status == .internalServerError)
            #expect(problem.headers.contentType?.subType == "problem+json")
            let body = problem.body.string ?? ""
            #expect(body.contains(api.id))
            #expect(!body.contains("exploded"))
        }
    }
}
