import Crypto
import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// A document attached to a case, as listed (without its content).
public struct CaseAttachment: Sendable, Equatable, Encodable {
    public var id: UUID
    public var caseID: UUID
    public var title: String
    public var kind: DocumentKind
    public var documentDate: CalendarDate
    public var fileName: String
    public var format: DocumentFormat
    public var size: Int
    public var sha256: String
    public var uploadedBy: UUID?
    public var uploadedByName: String?
    public var uploadedAt: Date
    enum CodingKeys: String, CodingKey {
        case id, caseID = "caseId", title, kind, documentDate, fileName, format, mediaType, size, sha256, uploadedBy, uploadedByName, uploadedAt
    }
    init(id: UUID, caseID: UUID, title: String, kind: DocumentKind, documentDate: CalendarDate, fileName: String, format: DocumentFormat, size: Int,
         sha256: String, uploadedBy: UUID?, uploadedByName: String?, uploadedAt: Date) {
        (self.id, self.caseID, self.title, self.kind, self.documentDate, self.fileName, self.format, self.size, self.sha256) =
            (id, caseID, title, kind, documentDate, fileName, format, size, sha256)
        (self.uploadedBy, self.uploadedByName, self.uploadedAt) = (uploadedBy, uploadedByName, uploadedAt)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(caseID, forKey: .caseID)
        try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind)
        try c.encode(documentDate, forKey: .documentDate)
        try c.encode(fileName, forKey: .fileName)
        try c.encode(format, forKey: .format)
        try c.encode(format.mediaType, forKey: .mediaType)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(uploadedBy, forKey: .uploadedBy)
        try c.encode(uploadedByName, forKey: .uploadedByName)
        try c.encode(uploadedAt, forKey: .uploadedAt)
    }
}

/// Where documents' content is kept: in the database (the default), or as files in a directory
/// (`OPENVUM_DOCUMENT_DIR`), one per document, named by its id. Either way the SHA-256 is in the database and
/// is checked on every read.
public enum AttachmentStorage: Sendable, Equatable {
    case database
    case directory(String)

    func path(of id: UUID, in dir: String) -> URL {
        let name = id.uuidString.lowercased()
        return URL(fileURLWithPath: dir).appendingPathComponent(String(name.prefix(2))).appendingPathComponent(name)
    }
}

/// A document's stored content is missing or altered (its SHA-256 differs): never served.
public struct AttachmentContentDamaged: Error, CustomStringConvertible, Sendable {
    public var id: UUID
    public var description: String { "the stored content of document \(id.uuidString.lowercased()) is missing or does not match its SHA-256" }
}

extension CaseStore {
    // MARK: Documents

    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    /// Attaches a validated document to a case in scope (also a closed one), writing `audit` about the case. With
    /// directory storage the file is written first (atomically) and removed again if the row cannot be written.
    public static func attach(
        caseID: UUID, upload: DocumentUpload, bytes: [UInt8], storage: AttachmentStorage, principal: Principal, now: Date, audit: AuditEntry?,
        on db: any Database
    ) async throws -> CaseAttachment {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        let id = UUID()
        let digest = sha256Hex(bytes)
        var file: URL?
        var content: [UInt8]? = bytes
        if case .directory(let dir) = storage {
            let url = storage.path(of: id, in: dir)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
            file = url
            content = nil
        }
        do {
            try await db.sql.insert(into: "case_attachments")
                .columns("id", "case_id", "citizen_id", "municipality_id", "title", "kind", "document_date", "file_name", "format", "size", "sha256",
                         "stored_in", "content", "uploaded_by", "uploaded_at")
                .values(SQLBind(id), SQLBind(c.id), SQLBind(c.citizenID), SQLBind(c.municipalityID), SQLBind(upload.title), SQLBind(upload.kind.rawValue),
                        SQLBind(upload.documentDate.description), SQLBind(upload.fileName), SQLBind(upload.format.rawValue), SQLBind(Int64(upload.size)),
                        SQLBind(digest), SQLBind(file == nil ? "database" : "directory"), SQLBind(content.map { Data($0) }), SQLBind(principal.userID),
                        SQLBind(now))
                .run()
            _ = try await audited(c, audit?.adding(criteria: "document=\(id.uuidString.lowercased())"), on: db)
        } catch {
            if let file { try? FileManager.default.removeItem(at: file) }
            throw error
        }
        return try await attachment(db.sql.raw("""
            SELECT \(attachmentColumns) FROM case_attachments a LEFT JOIN users u ON u.id = a.uploaded_by WHERE a.id = \(bind: id)
            """).first()!)
    }

    /// The documents on the given cases (already read in the caller's scope), newest document date first.
    public static func attachments(caseIDs: [UUID], on db: any Database) async throws -> [CaseAttachment] {
        guard !caseIDs.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT \(attachmentColumns) FROM case_attachments a LEFT JOIN users u ON u.id = a.uploaded_by
            WHERE a.case_id IN (\(binds: caseIDs)) ORDER BY a.document_date DESC, a.uploaded_at DESC, a.id
            """).all().map(attachment)
    }

    /// The case's documents, audited as a read of the case; nil when the case is not in scope.
    public static func attachments(caseID: UUID, principal: Principal, audit: AuditEntry?, on db: any Database) async throws -> [CaseAttachment]? {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { return nil }
        _ = try await audited(c, audit, on: db)
        return try await attachments(caseIDs: [caseID], on: db)
    }

    /// One document with its content, audited as a read of that document (the case and citizen as the object);
    /// nil when the case is not in scope or has no such document. Content whose SHA-256 no longer matches is
    /// refused (`AttachmentContentDamaged`).
    public static func attachmentContent(
        caseID: UUID, attachmentID: UUID, storage: AttachmentStorage, principal: Principal, kinds: Set<DocumentKind>? = nil, audit: AuditEntry?,
        on db: any Database
    ) async throws -> (CaseAttachment, Data)? {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { return nil }
        // `kinds`: only documents of these kinds exist for the caller (a citizen gets the ones sent to or given by them).
        let ofKind: SQLQueryString = kinds.map { " AND a.kind IN (\(binds: $0.map(\.rawValue).sorted()))" } ?? ""
        guard let row = try await db.sql.raw("""
            SELECT \(attachmentColumns), a.stored_in, a.content FROM case_attachments a LEFT JOIN users u ON u.id = a.uploaded_by
            WHERE a.case_id = \(bind: caseID) AND a.id = \(bind: attachmentID)\(ofKind)
            """).first() else { return nil }
        let meta = try attachment(row)
        let data: Data?
        switch try row.decode(column: "stored_in", as: String.self) {
        case "directory":
            guard case .directory(let dir) = storage else { throw AttachmentContentDamaged(id: attachmentID) }
            data = try? Data(contentsOf: storage.path(of: attachmentID, in: dir))
        default:
            data = try row.decode(column: "content", as: Data?.self)
        }
        guard let data, sha256Hex(Array(data)) == meta.sha256 else { throw AttachmentContentDamaged(id: attachmentID) }
        _ = try await audited(c, audit?.adding(criteria: "document=\(attachmentID.uuidString.lowercased())"), on: db)
        return (meta, data)
    }

    static let attachmentColumns: SQLQueryString = """
        a.id, a.case_id, a.title, a.kind, a.document_date, a.file_name, a.format, a.size, a.sha256, a.uploaded_by, a.uploaded_at, u.display_name
        """

    static func attachment(_ r: any SQLRow) throws -> CaseAttachment {
        CaseAttachment(
            id: try r.decode(column: "id", as: UUID.self), caseID: try r.decode(column: "case_id", as: UUID.self),
            title: try r.decode(column: "title", as: String.self),
            kind: DocumentKind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .other,
            documentDate: CalendarDate(try r.decode(column: "document_date", as: String.self)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            fileName: try r.decode(column: "file_name", as: String.self),
            format: DocumentFormat(rawValue: try r.decode(column: "format", as: String.self)) ?? .pdf,
            size: Int(try r.decode(column: "size", as: Int64.self)), sha256: try r.decode(column: "sha256", as: String.self),
            uploadedBy: try r.decode(column: "uploaded_by", as: UUID?.self), uploadedByName: try r.decode(column: "display_name", as: String?.self),
            uploadedAt: try r.decode(column: "uploaded_at", as: Date.self))
    }
}
