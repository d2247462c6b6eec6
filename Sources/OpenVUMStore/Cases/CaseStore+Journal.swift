import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// A journal note as stored: one version of it.
public struct JournalNote: Sendable, Equatable, Codable {
    public var id: UUID
    /// The note's first version; every correction keeps it.
    public var chainID: UUID
    public var version: Int
    public var category: NoteCategory
    public var text: String
    public var authorID: UUID?
    public var authorName: String?
    public var writtenAt: Date
    enum CodingKeys: String, CodingKey { case id, chainID = "noteId", version, category, text, authorID = "authorId", authorName, writtenAt }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(chainID, forKey: .chainID)
        try c.encode(version, forKey: .version)
        try c.encode(category, forKey: .category)
        try c.encode(text, forKey: .text)
        try c.encode(authorID, forKey: .authorID)
        try c.encode(authorName, forKey: .authorName)
        try c.encode(writtenAt, forKey: .writtenAt)
    }
}

extension CaseStore {
    // MARK: Journal

    /// Writes a new journal note on a case in scope (also a closed one), with `audit` about the case.
    public static func addNote(
        caseID: UUID, category: NoteCategory?, text: String?, principal: Principal, now: Date, audit: AuditEntry?, on db: any Database
    ) async throws -> JournalNote {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        let (cat, t) = try JournalRules.validate(category: category, text: text)
        let id = UUID()
        try await insertNote(id: id, chain: id, version: 1, c, cat, t, principal, now, on: db)
        _ = try await audited(c, audit?.adding(criteria: "note=\(id.uuidString.lowercased())"), on: db)
        return try await notes(caseID: caseID, chain: id, on: db).last!
    }

    /// Corrects a note: a new version with the corrected text; the earlier versions stay.
    public static func correctNote(
        caseID: UUID, noteID: UUID, category: NoteCategory?, text: String?, principal: Principal, now: Date, audit: AuditEntry?, on db: any Database
    ) async throws -> JournalNote {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard let latest = try await notes(caseID: caseID, chain: noteID, on: db).last else { throw DomainError.notFound("Notatet") }
        let (cat, t) = try JournalRules.validate(category: category ?? latest.category, text: text)
        if cat == latest.category && t == latest.text {
            throw DomainError.validation([FieldError(field: "text", message: "Rettelsen er magen til notatet.")])
        }
        try await insertNote(id: UUID(), chain: noteID, version: latest.version + 1, c, cat, t, principal, now, on: db)
        _ = try await audited(c, audit?.adding(criteria: "note=\(noteID.uuidString.lowercased())"), on: db)
        return try await notes(caseID: caseID, chain: noteID, on: db).last!
    }

    /// The case's notes, each in its latest version, most recently written first; audited as a read of the case.
    public static func journal(caseID: UUID, principal: Principal, audit: AuditEntry?, on db: any Database) async throws -> [JournalNote]? {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { return nil }
        _ = try await audited(c, audit, on: db)
        return try await latestNotes(caseIDs: [caseID], limit: nil, on: db).map(\.note)
    }

    /// Every version of one note, first to last; audited as a read of the case. Nil when the case is not in
    /// scope or has no such note.
    public static func noteVersions(caseID: UUID, noteID: UUID, principal: Principal, audit: AuditEntry?, on db: any Database) async throws -> [JournalNote]? {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { return nil }
        let versions = try await notes(caseID: caseID, chain: noteID, on: db)
        if versions.isEmpty { return nil }
        _ = try await audited(c, audit?.adding(criteria: "note=\(noteID.uuidString.lowercased())"), on: db)
        return versions
    }

    static func insertNote(id: UUID, chain: UUID, version: Int, _ c: CaseRecord, _ category: NoteCategory, _ text: String, _ p: Principal, _ now: Date,
                           on db: any Database) async throws {
        try await db.sql.insert(into: "case_notes")
            .columns("id", "chain_id", "version", "case_id", "citizen_id", "municipality_id", "category", "text", "author_id", "written_at")
            .values(SQLBind(id), SQLBind(chain), SQLBind(version), SQLBind(c.id), SQLBind(c.citizenID), SQLBind(c.municipalityID),
                    SQLBind(category.rawValue), SQLBind(text), SQLBind(p.userID), SQLBind(now))
            .run()
    }

    /// Every version of one note, first to last.
    static func notes(caseID: UUID, chain: UUID, on db: any Database) async throws -> [JournalNote] {
        try await db.sql.raw("""
            SELECT \(noteColumns) FROM case_notes n LEFT JOIN users u ON u.id = n.author_id
            WHERE n.case_id = \(bind: caseID) AND n.chain_id = \(bind: chain) ORDER BY n.version
            """).all().map(note)
    }

    static let noteColumns: SQLQueryString = "n.id, n.chain_id, n.version, n.category, n.text, n.author_id, n.written_at, n.case_id, u.display_name"

    static func note(_ r: any SQLRow) throws -> JournalNote {
        JournalNote(id: try r.decode(column: "id", as: UUID.self), chainID: try r.decode(column: "chain_id", as: UUID.self),
                    version: try r.decode(column: "version", as: Int.self),
                    category: NoteCategory(rawValue: try r.decode(column: "category", as: String.self)) ?? .other,
                    text: try r.decode(column: "text", as: String.self), authorID: try r.decode(column: "author_id", as: UUID?.self),
                    authorName: try r.decode(column: "display_name", as: String?.self), writtenAt: try r.decode(column: "written_at", as: Date.self))
    }
}
