import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

struct NoteRequest: StrictBody {
    var category: NoteCategory?
    var text: String?
    static let fields: Set<String> = ["category", "text"]
}

struct NoteList: Encodable, Sendable { var items: [JournalNote] }

/// Journal notes on a case: `GET|POST /api/v1/cases/{id}/notes`, `GET|POST /api/v1/cases/{id}/notes/{noteId}/versions`
/// (a correction is a new version). Every read is audited.
enum JournalAPI {
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let audit = try req.auditEntry(objectType: "case-notes")
        let notes = try await req.writeTransaction { tx in
            guard let n = try await CaseStore.journal(caseID: id, principal: p, audit: audit, on: tx) else { throw DomainError.notFound("Sagen") }
            return n
        }
        return try APIResponse.json(NoteList(items: notes))
    }

    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(NoteRequest.self, from: req)
        let audit = try req.auditEntry(objectType: "case")
        let note = try await req.writeTransaction { tx in
            try await CaseStore.addNote(caseID: id, category: body.category, text: body.text, principal: p, now: req.openvum.now(), audit: audit, on: tx)
        }
        return try APIResponse.json(note, status: .created)
    }

    static func versions(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let noteID = try req.uuidParameter("noteID", what: "Notatet")
        let audit = try req.auditEntry(objectType: "case-notes")
        let versions = try await req.writeTransaction { tx in
            guard let v = try await CaseStore.noteVersions(caseID: id, noteID: noteID, principal: p, audit: audit, on: tx) else { throw DomainError.notFound("Notatet") }
            return v
        }
        return try APIResponse.json(NoteList(items: versions))
    }

    static func correct(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let noteID = try req.uuidParameter("noteID", what: "Notatet")
        let body = try StrictJSON.decode(NoteRequest.self, from: req)
        let audit = try req.auditEntry(objectType: "case")
        let note = try await req.writeTransaction { tx in
            try await CaseStore.correctNote(caseID: id, noteID: noteID, category: body.category, text: body.text, principal: p, now: req.openvum.now(),
                                            audit: audit, on: tx)
        }
        return try APIResponse.json(note, status: .created)
    }
}
