import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("The case page is one form: what is typed in one part is never lost when another part is sent")
struct CaseOverviewFormTests {
    @Test("each part's button sends the whole form to its own address; a save with text typed elsewhere shows that text again, unsaved, and says so",
          arguments: Engine.available)
    func onePageForm(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let path = "/sager/\(c.id)"
            var page = try await web.get(app, path)
            let body = page.body.string
            // One form for the writing parts (plus the document upload's own form, which carries a file).
            #expect(body.components(separatedBy: "<form").count - 1 == 3) // log out, the page's form, the upload
            for part in ["notater", "fase", "kle"] { #expect(body.contains(#"formaction="/sager/\#(c.id.lowercased())/\#(part)""#)) }
            #expect(body.contains(#"<input id="title" name="title" type="text" class="form-input" form="dokumentformular""#))

            // A note saved while a reason for a phase change and a new KLE emne are typed: the note is saved; the rest
            // comes back as typed, with a notice; nothing else is saved.
            let version = String(c.etag.filter(\.isNumber))
            page = try await web.post(app, "\(path)/notater", form: ["version": version, "noteCategory": "conversation", "noteText": "Talt med borgeren",
                                                                     "to": "investigation", "reason": "Vi mangler en lægeerklæring", "emne": "27.24.16", "facet": ""],
                                      csrfFrom: page)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("er ikke gemt endnu"))
            #expect(page.body.string.contains("Vi mangler en lægeerklæring") && page.body.string.contains(#"value="27.24.16""#))
            #expect(page.body.string.contains("Talt med borgeren")) // listed as saved, and not left in the note field
            #expect(!page.body.string.contains(#"<textarea id="noteText" name="noteText" rows="4" class="form-input">Talt med borgeren"#))
            _ = try c.accept(try await app.send(.GET, "/api/v1/cases/\(c.id)", token: c.token))
            #expect(c.value("/phase") as? String == "opening" && c.value("/kle/emne") == nil)
            let notes = try await app.send(.GET, "/api/v1/cases/\(c.id)/notes", token: c.token).json()["items"] as? [[String: Any]]
            #expect(notes?.count == 1)

            // Nothing else typed (the KLE fields as stored, the phase select as it comes): back to the page.
            page = try await web.post(app, "\(path)/notater", form: ["version": String(c.etag.filter(\.isNumber)), "noteCategory": "conversation",
                                                                     "noteText": "Andet notat", "to": "investigation", "emne": "", "facet": ""],
                                      csrfFrom: page)
            #expect(page.status == .seeOther)
        }
    }
}
