import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Audit log")
struct AuditTests {
    @Test("a read through the API and through the UI each leave an audit row", arguments: Engine.available)
    func readsAreAudited(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let citizen = DemoData.citizenIDs[1]
            let token = try await app.token("sagsbehandler")
            #expect(try await app.auditCount("citizen.read", citizen: citizen) == 0)
            let res = try await app.send(.GET, "/api/v1/citizens/\(citizen)", token: token)
            #expect(res.status == .ok)
            #expect(try await app.auditCount("citizen.read", citizen: citizen) == 1)

            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/borgere/\(citizen.uuidString.lowercased())")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Mortensen"))
            #expect(try await app.auditCount("citizen.read", citizen: citizen) == 2)

            let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(citizenID: citizen), after: nil, limit: 10, audit: nil, on: app.db)
            #expect(Set(rows.items.compactMap(\.channel)) == ["api", "web"])
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: app.db))
            #expect(rows.items.allSatisfy { $0.userID == user.id && $0.unitID == DemoData.teamHandicapID && $0.requestID != nil })
        }
    }

    @Test("a search is audited with its criteria, CPR masked; the CPR never reaches the URL", arguments: Engine.available)
    func searchesAreAudited(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let res = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr":"030290-1118"}"#)
            #expect(res.status == .ok)
            let items = try res.json()["items"] as! [[String: Any]]
            #expect(items.count == 1)
            let rows = try await AuditStore.list(municipalityID: DemoData.municipalityID, filter: .init(action: "citizen.search"), after: nil, limit: 10, audit: nil, on: app.db)
            #expect(rows.items.count == 1)
            #expect(rows.items[0].criteria == "cpr=030290-****")
            #expect(rows.items[0].citizenID == DemoData.citizenIDs[1])

            let web = try await WebSessionClient.login(app, "sagsbehandler")
            var w = web
            let page = try await w.get(app, "/borgere")
            let found = try await w.post(app, "/borgere/soeg", form: ["cpr": "0302901118"], csrfFrom: page)
            #expect(found.status == .ok)
            #expect(found.body.string.contains("Mortensen"))
            #expect(try await app.auditCount("citizen.search") == 2)
        }
    }

    @Test("a failed write leaves no audit row and no data", arguments: Engine.available)
    func failedWritesLeaveNothing(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let duplicate = try await app.send(.POST, "/api/v1/citizens", token: token, json: """
                {"cpr":"120578-1234","givenName":"Ny","familyName":"Person","responsibleUnitId":"\(DemoData.teamHandicapID)"}
                """)
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.problem().errors?.first?.field == "cpr")
            let invalid = try await app.send(.POST, "/api/v1/citizens", token: token, json: """
                {"cpr":"320178-1234","givenName":"","familyName":"Person","responsibleUnitId":"\(DemoData.teamHandicapID)"}
                """)
            #expect(invalid.status == .unprocessableEntity)
            #expect(Set(try invalid.problem().errors!.map(\.field)) == ["cpr", "givenName"])
            let otherTeam = try await app.send(.POST, "/api/v1/citizens", token: token, json: """
                {"cpr":"010203-4000","givenName":"Ny","familyName":"Person","responsibleUnitId":"\(DemoData.teamPsychiatryID)"}
                """)
            #expect(otherTeam.status == .unprocessableEntity)
            #expect(try await app.auditCount("citizen.create") == 0)
            #expect(try await CitizenModelCount.count(app) == DemoData.citizens.count)

            let ok = try await app.send(.POST, "/api/v1/citizens", token: token, json: """
                {"cpr":"010203-4000","givenName":"Ny","familyName":"Person","responsibleUnitId":"\(DemoData.teamHandicapID)"}
                """)
            #expect(ok.status == .created)
            #expect(ok.headers.first(name: .eTag) == "\"1\"")
            #expect(try ok.json()["birthDate"] as? String == "2003-02-01")
            #expect(try await app.auditCount("citizen.create") == 1)
        }
    }
}

enum CitizenModelCount {
    static func count(_ app: Application) async throws -> Int {
        let row = try await app.sql.raw("SELECT COUNT(*) AS n FROM citizens").first()
        return try row!.decode(column: "n", as: Int.self)
    }
}

@Suite("Bad input")
struct BadInputTests {
    @Test("unknown fields, wrong types, malformed JSON, oversized bodies and wrong media types", arguments: Engine.available)
    func badBodies(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let unknown = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr":"0302901118","foo":1}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.problem().errors?.map(\.field) == ["foo"])
            #expect(try unknown.problem().errors?.first?.message.hasPrefix("Ukendt felt") == true)

            let wrongType = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr":302901118}"#)
            #expect(wrongType.status == .unprocessableEntity)
            #expect(try wrongType.problem().errors?.first?.field == "cpr")
            #expect(try wrongType.problem().errors?.first?.message == "Forkert type: forventede tekst.")

            let malformed = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr": "#)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.problem().title == "Ugyldig JSON")

            let array = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: "[]")
            #expect(array.status == .badRequest)

            let big = String(repeating: "x", count: 70_000)
            let oversized = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr":"\#(big)"}"#)
            #expect(oversized.status == .payloadTooLarge)
            #expect(try oversized.problem().title == "For stor forespørgsel")

            // Over a real socket, too: the server refuses the streamed body by its size.
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(string: #"{"username":"\#(big)","password":"x"}"#)
            }, afterResponse: { res async throws in
                #expect(res.status == .payloadTooLarge)
                #expect(res.headers.contentType?.subType == "problem+json")
            })

            let text = try await app.send(.POST, "/api/v1/auth/token", headers: ["Content-Type": "text/plain"])
            #expect(text.status == .badRequest)

            let notADate = try await app.send(.POST, "/api/v1/citizens/search", token: token, json: #"{"cpr":"310290-1118"}"#)
            #expect(notADate.status == .unprocessableEntity)
            #expect(try notADate.problem().errors?.first?.message == "CPR-nummeret indeholder ikke en gyldig fødselsdato.")
            #expect(try await app.auditCount("citizen.search") == 0)

            let badLimit = try await app.send(.GET, "/api/v1/citizens?limit=0", token: token)
            #expect(badLimit.status == .unprocessableEntity)
            let badCursor = try await app.send(.GET, "/api/v1/citizens?after=%%%", token: token)
            #expect(badCursor.status == .unprocessableEntity)
        }
    }

    @Test("optimistic concurrency: ETag, If-Match, 412 on a stale write, 428 without", arguments: Engine.available)
    func concurrency(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let id = DemoData.citizenIDs[2]
            let read = try await app.send(.GET, "/api/v1/citizens/\(id)", token: token)
            let etag = try #require(read.headers.first(name: .eTag))
            #expect(etag == "\"1\"")
            let noMatch = try await app.send(.PATCH, "/api/v1/citizens/\(id)", token: token, json: #"{"givenName":"Lise Marie"}"#)
            #expect(noMatch.status == .preconditionRequired)
            let first = try await app.send(.PATCH, "/api/v1/citizens/\(id)", token: token, headers: ["If-Match": etag], json: #"{"givenName":"Lise Marie"}"#)
            #expect(first.status == .ok)
            #expect(first.headers.first(name: .eTag) == "\"2\"")
            // A second caseworker with the old ETag does not overwrite silently.
            let stale = try await app.send(.PATCH, "/api/v1/citizens/\(id)", token: token, headers: ["If-Match": etag], json: #"{"givenName":"Anden"}"#)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().title == "Oplysningerne er ændret af en anden")
            let now = try await app.send(.GET, "/api/v1/citizens/\(id)", token: token)
            #expect(try now.json()["givenName"] as? String == "Lise Marie")
            #expect(try await app.auditCount("citizen.update") == 1)
        }
    }

    @Test("out of scope answers exactly like missing", arguments: Engine.available)
    func scopeIs404(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            let other = try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[3])", token: token)
            let missing = try await app.send(.GET, "/api/v1/citizens/\(UUID())", token: token)
            #expect(other.status == .notFound)
            #expect(missing.status == .notFound)
            #expect(try other.problem().detail == (try missing.problem().detail))
            #expect(try other.problem().title == (try missing.problem().title))
            #expect(try await app.send(.GET, "/api/v1/citizens/not-a-uuid", token: token).status == .notFound)
            // The citizen's own account sees only their own record.
            let borger = try await app.token("borger")
            #expect(try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[0])", token: borger).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/citizens/\(DemoData.citizenIDs[1])", token: borger).status == .notFound)
        }
    }

    @Test("CSRF: a form without or with a wrong token is refused and changes nothing", arguments: Engine.available)
    func csrf(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var admin = try await WebSessionClient.login(app, "admin")
            let page = try await admin.get(app, "/admin/brugere")
            #expect(page.status == .ok)
            let form = ["username": "nybruger", "displayName": "Ny Bruger", "password": "en lang nok adgangskode", "role": "administrator"]
            let missing = try await app.send(.POST, "/admin/brugere", form: form, cookies: admin.cookies)
            #expect(missing.status == .forbidden)
            #expect(missing.body.string.contains("Formularen kunne ikke godkendes"))
            var wrong = form
            wrong["_csrf"] = "forkert"
            #expect(try await app.send(.POST, "/admin/brugere", form: wrong, cookies: admin.cookies).status == .forbidden)
            #expect(try await UserStore.find(username: "nybruger", on: app.db) == nil)
            // Login without the double-submit cookie is refused too.
            let login = try await app.send(.POST, "/login", form: ["username": "admin", "password": "demo", "_csrf": "x"])
            #expect(login.status == .forbidden)

            let ok = try await admin.post(app, "/admin/brugere", form: form, csrfFrom: page)
            #expect(ok.status == .created)
            #expect(try await UserStore.find(username: "nybruger", on: app.db) != nil)
        }
    }

    @Test("a duplicate username is refused in the API and the UI, with a Danish message, and changes nothing", arguments: Engine.available)
    func duplicateUsername(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("admin")
            let before = try await UserStore.list(municipalityID: DemoData.municipalityID, on: app.db).count
            let res = try await app.send(.POST, "/api/v1/users", token: token, json: """
                {"username":"sagsbehandler","password":"en lang nok adgangskode","displayName":"Dublet","role":"caseworker","unitIds":["\(DemoData.teamHandicapID)"]}
                """)
            #expect(res.status == .conflict)
            #expect(try res.problem().title == "Brugernavnet er optaget")
            var web = try await WebSessionClient.login(app, "admin")
            let page = try await web.get(app, "/admin/brugere")
            let form = try await web.post(app, "/admin/brugere", form: ["username": "admin", "displayName": "X", "password": "en lang nok adgangskode", "role": "administrator"], csrfFrom: page)
            #expect(form.status == .conflict)
            #expect(form.body.string.contains("Brugernavnet er allerede i brug."))
            #expect(try await UserStore.list(municipalityID: DemoData.municipalityID, on: app.db).count == before)
            #expect(try await app.auditCount("user.create") == 0)

            let created = try await app.send(.POST, "/api/v1/users", token: token, json: """
                {"username":"ny.sagsbehandler","password":"en lang nok adgangskode","displayName":"Ny","role":"caseworker","unitIds":["\(DemoData.teamHandicapID)"]}
                """)
            #expect(created.status == .created)
            #expect(try await app.auditCount("user.create") == 1)
            #expect(try await app.token("ny.sagsbehandler", password: "en lang nok adgangskode").isEmpty == false)
        }
    }
}
