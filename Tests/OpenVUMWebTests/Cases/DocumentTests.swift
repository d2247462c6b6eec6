import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

@Suite("Documents on a case, journal corrections in the UI, handover to another municipality")
struct DocumentTests {
    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)
    /// The first bytes of a Word document: a ZIP whose entries name `[Content_Types].xml` and `word/document.xml`.
    static let docx: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("[Content_Types].xml<Types/>".utf8)
        + [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("word/document.xml<w:document/>".utf8)

    static func upload(_ kind: String?, title: String? = nil, date: String? = nil, name: String = "erklaering.pdf", type: String = "application/pdf",
                       bytes: [UInt8]? = pdf) -> Multipart {
        var fields: [(String, String)] = []
        if let kind { fields.append(("kind", kind)) }
        if let title { fields.append(("title", title)) }
        if let date { fields.append(("documentDate", date)) }
        return Multipart(fields, file: bytes.map { (field: "file", name: name, type: type, bytes: $0) })
    }

    static func count(_ app: Application) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM case_attachments").first()!.decode(column: "n", as: Int.self)
    }

    @Test("a document is attached with title, kind and date, its format told from its content; refused uploads save nothing; every read is audited",
          arguments: Engine.available)
    func documents(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let base = "/api/v1/cases/\(c.id)/documents"

            let created = try await app.send(.POST, base, token: token,
                                             multipart: Self.upload("medicalStatement", title: "Lægeerklæring <b>x</b>", date: "2025-11-20"))
            #expect(created.status == .created, "\(created.body.string)")
            let doc = try created.json()
            let docID = try #require(doc["id"] as? String).lowercased()
            #expect(doc["title"] as? String == "Lægeerklæring <b>x</b>" && doc["kind"] as? String == "medicalStatement")
            #expect(doc["documentDate"] as? String == "2025-11-20" && doc["format"] as? String == "pdf" && doc["mediaType"] as? String == "application/pdf")
            #expect(doc["size"] as? Int == Self.pdf.count && (doc["sha256"] as? String)?.count == 64 && doc["uploadedByName"] as? String == "Sanne Sagsbehandler")
            // A Word file declared as a PDF is a Word file; no title: the file's name; no date: today.
            let word = try await app.send(.POST, base, token: token,
                                          multipart: Self.upload("statusReport", name: "Status fra botilbud.pdf", type: "application/pdf", bytes: Self.docx))
            #expect(word.status == .created, "\(word.body.string)")
            let w = try word.json()
            #expect(w["format"] as? String == "docx" && w["title"] as? String == "Status fra botilbud" && w["fileName"] as? String == "Status fra botilbud.pdf.docx",
                    "\(w)")
            #expect(w["documentDate"] as? String == CalendarDate(Date()).description)

            // Refused, each naming its field, and nothing saved.
            func refused(_ m: Multipart, _ field: String, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let res = try await app.send(.POST, base, token: token, multipart: m)
                #expect(res.status == .unprocessableEntity, sourceLocation: sourceLocation)
                let errors = try res.problem().errors ?? []
                #expect(errors.map(\.field).contains(field), "\(errors)", sourceLocation: sourceLocation)
                if let message { #expect(errors.first { $0.field == field }?.message == message, sourceLocation: sourceLocation) }
            }
            try await refused(Self.upload("other", name: "x.pdf", bytes: Array("<html><script>alert(1)</script></html>".utf8)), "file")
            try await refused(Self.upload("other", bytes: nil), "file", "Vælg en fil.")
            try await refused(Self.upload(nil), "kind")
            try await refused(Self.upload("other", date: "2999-01-01"), "documentDate", "Dokumentets dato 01-01-2999 ligger efter i dag.")
            try await refused(Self.upload("other", date: "20-11-2025"), "documentDate", "Skriv dokumentets dato som DD-MM-ÅÅÅÅ.")
            app.openvum.config.documentMaxBytes = 2048
            try await refused(Self.upload("other", bytes: Self.pdf + [UInt8](repeating: 0x20, count: 3000)), "file", "Filen fylder 3 kB; den må højst fylde 2 kB.")
            app.openvum.config.documentMaxBytes = DocumentRules.defaultMaxBytes
            let json = try await app.send(.POST, base, token: token, json: #"{"kind":"other"}"#)
            #expect(json.status == .badRequest)
            #expect(try json.problem().code == "body.media-type")
            #expect(try await Self.count(app) == 2)
            #expect(try await app.auditCount("case.document.create") == 2)

            // Listed newest document date first (today's Word file, then the 2025 statement); the list read is audited.
            let list = try await app.send(.GET, base, token: token).json()["items"] as! [[String: Any]]
            #expect(list.map { $0["format"] as? String } == ["docx", "pdf"])
            #expect(try await app.auditCount("case.documents.read") == 1)
            // The content as a download, exactly the bytes sent; the read is audited with the document.
            let content = try await app.send(.GET, "\(base)/\(docID)/content", token: token)
            #expect(content.status == .ok && Array(content.body.readableBytesView) == Self.pdf)
            #expect(content.headers.contentType?.description.hasPrefix("application/pdf") == true)
            #expect(content.headers.first(name: .contentDisposition) == "attachment; filename=\"erklaering.pdf\"; filename*=UTF-8''erklaering.pdf")
            #expect(content.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await app.auditCount("case.document.read") == 1)
            let criteria = try await app.sql.raw("SELECT criteria FROM audit_log WHERE action = 'case.document.read'").first()!.decode(column: "criteria", as: String?.self)
            #expect(criteria?.contains("document=\(docID)") == true)
            // Nobody outside the case's readers; a document of another case is "not found".
            #expect(try await app.send(.GET, "\(base)/\(docID)/content", token: try await app.token("udfoerer")).status == .forbidden)
            #expect(try await app.send(.GET, "\(base)/\(UUID().uuidString)/content", token: token).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/cases/\(UUID().uuidString)/documents/\(docID)/content", token: token).status == .notFound)

            // The web UI: listed (escaped) on the case page, attached through the form, downloaded, on the citizen page.
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/sager/\(c.id)")
            let html = page.body.string
            #expect(html.contains("Lægeerklæring &lt;b&gt;x&lt;/b&gt;") && html.contains("20-11-2025") && html.contains(#"enctype="multipart/form-data""#))
            let noFile = try await web.post(app, "/sager/\(c.id)/dokumenter", multipart: Self.upload("minutes", title: "Referat", bytes: nil), csrfFrom: page)
            #expect(noFile.status == .unprocessableEntity && noFile.body.string.contains("Vælg en fil.") && noFile.body.string.contains(#"value="Referat""#))
            let saved = try await web.post(app, "/sager/\(c.id)/dokumenter", multipart: Self.upload("minutes", title: "Referat", name: "referat.pdf"),
                                           csrfFrom: noFile)
            #expect(saved.status == .seeOther)
            #expect(try await Self.count(app) == 3)
            #expect(try await web.get(app, "/sager/\(c.id)/dokumenter/\(docID)").status == .ok)
            let citizenPage = try await web.get(app, "/borgere/\(DemoData.citizenIDs[1].uuidString.lowercased())").body.string
            #expect(citizenPage.contains("Referat") && citizenPage.contains("Status fra botilbud") && citizenPage.contains("/dokumenter/\(docID)"))
        }
    }

    @Test("documents kept in a directory: written there, not in the database, and content altered afterwards is never served")
    func directoryStorage() async throws {
        try await withTestApp(.sqlite) { app in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("openvum-docs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            app.openvum.config.documentStorage = .directory(dir.path)
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let res = try await app.send(.POST, "/api/v1/cases/\(c.id)/documents", token: token, multipart: Self.upload("consent"))
            #expect(res.status == .created)
            let id = try #require(try res.json()["id"] as? String).lowercased()
            let file = dir.appendingPathComponent(String(id.prefix(2))).appendingPathComponent(id)
            #expect(FileManager.default.contents(atPath: file.path).map(Array.init) == Self.pdf)
            let row = try #require(try await app.sql.raw("SELECT stored_in, content FROM case_attachments").first())
            #expect(try row.decode(column: "stored_in", as: String.self) == "directory" && row.decode(column: "content", as: Data?.self) == nil)
            #expect(try await app.send(.GET, "/api/v1/cases/\(c.id)/documents/\(id)/content", token: token).status == .ok)
            try Data("%PDF-1.4 altered".utf8).write(to: file)
            let altered = try await app.send(.GET, "/api/v1/cases/\(c.id)/documents/\(id)/content", token: token)
            #expect(altered.status == .internalServerError && !altered.body.string.contains("altered"))
            #expect(try await app.auditCount("case.document.read") == 1)
        }
    }

    @Test("a note is corrected from the case page: a new version; an empty correction is refused and the note stays", arguments: Engine.available)
    func noteCorrection(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let note = try await app.send(.POST, "/api/v1/cases/\(c.id)/notes", token: token, json: #"{"category":"meeting","text":"Møde den 3. marts."}"#).json()
            let noteID = try #require(note["noteId"] as? String).lowercased()
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/sager/\(c.id)")
            #expect(page.body.string.contains("Ret notatet") && page.body.string.contains(#"name="correction-\#(noteID)""#))
            let empty = try await web.post(app, "/sager/\(c.id)/notater/\(noteID)", form: ["correction-\(noteID)": " "], csrfFrom: page)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Skriv notatet.") && empty.body.string.contains("<details open"))
            let same = try await web.post(app, "/sager/\(c.id)/notater/\(noteID)", form: ["correction-\(noteID)": "Møde den 3. marts."], csrfFrom: empty)
            #expect(same.status == .unprocessableEntity && same.body.string.contains("Rettelsen er magen til notatet."))
            let ok = try await web.post(app, "/sager/\(c.id)/notater/\(noteID)", form: ["correction-\(noteID)": "Møde den 4. marts."], csrfFrom: same)
            #expect(ok.status == .seeOther)
            let versions = try await app.send(.GET, "/api/v1/cases/\(c.id)/notes/\(noteID)/versions", token: token).json()["items"] as! [[String: Any]]
            #expect(versions.map { $0["text"] as? String } == ["Møde den 3. marts.", "Møde den 4. marts."])
            #expect(versions.map { $0["category"] as? String } == ["meeting", "meeting"])
            // One write with the note; the two refused forms are audited as reads of the case shown again (no note named).
            let rows = try await app.sql.raw("SELECT criteria FROM audit_log WHERE action = 'case.note.correct'").all()
                .map { try $0.decode(column: "criteria", as: String?.self) ?? "" }
            #expect(rows.filter { $0.contains("note=\(noteID)") }.count == 1 && rows.count == 3)
        }
    }

    @Test("a handover to another acting or paying municipality is a dated version in the case's history; the case and its history stay",
          arguments: Engine.available)
    func handover(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try await c.patch(["opening": ["otherActingMunicipality": "0751"]])
            try await c.patch(["opening": ["otherPayingMunicipality": "751", "citizenAgrees": "yes"]])
            try await c.patch(["opening": ["citizenAgrees": "no"]])
            try await c.patch(["opening": ["otherActingMunicipality": NSNull()]])
            let history = try await app.send(.GET, "/api/v1/cases/\(c.id)/history", token: token).json()
            let versions = history["municipalities"] as! [[String: Any]]
            let today = CalendarDate(Date()).description
            #expect(versions.map { $0["role"] as? String } == ["acting", "paying", "acting"])
            #expect(versions.map { $0["code"] as? String } == ["751", "751", nil])
            #expect(versions.allSatisfy { $0["validFrom"] as? String == today })
            #expect((history["transitions"] as! [Any]).count == 1)
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/sager/\(c.id)").body.string
            #expect(page.contains("Anden handlekommune: kommunekode 751") && page.contains("Anden betalingskommune: kommunekode 751")
                    && page.contains("Kommunen er igen selv handlekommune"))
            // The history says who did what.
            #expect(page.contains("Sagsåbning – Sanne Sagsbehandler"))
        }
    }
}
