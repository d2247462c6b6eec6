import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Journal notes")
struct JournalTests {
    @Test("a note is written with author and time; a correction is a new version and the first stays; every read is audited; others see nothing",
          arguments: Engine.available)
    func notes(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let empty = try await app.send(.POST, "/api/v1/cases/\(c.id)/notes", token: token, json: #"{"category":"phoneCall","text":"  "}"#)
            #expect(empty.status == .unprocessableEntity)
            #expect(try empty.problem().errors?.map(\FieldError.field) == ["text"])
            let created = try await app.send(.POST, "/api/v1/cases/\(c.id)/notes", token: token, json: #"{"category":"phoneCall","text":"Borgeren ringede om møde."}"#)
            #expect(created.status == .created)
            let note = try created.json()
            let noteID = try #require(note["noteId"] as? String)
            #expect(note["version"] as? Int == 1 && note["authorName"] as? String == "Sanne Sagsbehandler")
            let corrected = try await app.send(.POST, "/api/v1/cases/\(c.id)/notes/\(noteID)/versions", token: token, json: #"{"text":"Borgeren ringede om mødet den 5. marts."}"#)
            #expect(corrected.status == .created)
            #expect(try corrected.json()["version"] as? Int == 2)
            let list = try await app.send(.GET, "/api/v1/cases/\(c.id)/notes", token: token).json()["items"] as! [[String: Any]]
            #expect(list.count == 1)
            #expect(list[0]["text"] as? String == "Borgeren ringede om mødet den 5. marts." && list[0]["category"] as? String == "phoneCall")
            let versions = try await app.send(.GET, "/api/v1/cases/\(c.id)/notes/\(noteID)/versions", token: token).json()["items"] as! [[String: Any]]
            #expect(versions.map { $0["text"] as? String } == ["Borgeren ringede om møde.", "Borgeren ringede om mødet den 5. marts."])
            #expect(try await app.auditCount("case.notes.read") == 2)
            #expect(try await app.auditCount("case.note.create") == 1)
            #expect(try await app.auditCount("case.note.correct") == 1)
            // A provider sees no case; a note of another case is "not found".
            #expect(try await app.send(.GET, "/api/v1/cases/\(c.id)/notes", token: try await app.token("udfoerer")).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/cases/\(c.id)/notes/\(UUID().uuidString)/versions", token: token).status == .notFound)
            // The case page shows the note and takes new ones.
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/sager/\(c.id)")
            #expect(page.body.string.contains("Borgeren ringede om mødet den 5. marts.") && page.body.string.contains("rettet (udgave 2)"))
            let refused = try await web.post(app, "/sager/\(c.id)/notater", form: ["noteCategory": "meeting", "noteText": ""], csrfFrom: page)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Skriv notatet."))
            let saved = try await web.post(app, "/sager/\(c.id)/notater", form: ["noteCategory": "meeting", "noteText": "Møde med <b>borgeren</b>"], csrfFrom: refused)
            #expect(saved.status == .seeOther)
            let after = try await web.get(app, "/sager/\(c.id)")
            #expect(after.body.string.contains("Møde med &lt;b&gt;borgeren&lt;/b&gt;"))
            // The citizen overview lists the citizen's cases, grants and latest notes.
            let citizenPage = try await web.get(app, "/borgere/\(DemoData.citizenIDs[1].uuidString.lowercased())")
            #expect(citizenPage.body.string.contains("Seneste journalnotater") && citizenPage.body.string.contains("Borgeren ringede om mødet den 5. marts."))
            #expect(citizenPage.body.string.contains("Ingen bevilgede indsatser."))
        }
    }
}
