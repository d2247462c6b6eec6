import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    /// What an order's shared parts are read from (issue 13 item 3): the case's document, its journal notes (latest
    /// versions) and its documents. Not scoped by the caller: only for an order the caller was already allowed to
    /// see (`OrderStore.find`), and only what `SharingRules.content` then lets through is shown.
    public struct SharedSource: Sendable {
        public var document: CaseDocument
        public var citizenID: UUID
        public var notes: [JournalNote]
        public var attachments: [CaseAttachment]
        public init(document: CaseDocument, citizenID: UUID, notes: [JournalNote], attachments: [CaseAttachment]) {
            self.document = document
            self.citizenID = citizenID
            self.notes = notes
            self.attachments = attachments
        }
        /// The notes' categories by note id (what `SharingRules` checks).
        public var noteCategories: [UUID: NoteCategory] { Dictionary(notes.map { ($0.chainID, $0.category) }, uniquingKeysWith: { a, _ in a }) }
    }

    public static func sharedSource(caseID: UUID, municipalityID: UUID, on db: any Database) async throws -> SharedSource {
        let c = try await orderCase(caseID: caseID, municipalityID: municipalityID, on: db)
        return SharedSource(document: c.document, citizenID: c.citizenID, notes: try await latestNotes(caseIDs: [caseID], limit: nil, on: db).map(\.note),
                            attachments: try await attachments(caseIDs: [caseID], on: db))
    }

    /// The case an order belongs to, unscoped: only for an order the caller was already allowed to see, and only for
    /// what the order itself carries (its goals, the planned follow-up), never shown as the case.
    public static func orderCase(caseID: UUID, municipalityID: UUID, on db: any Database) async throws -> CaseRecord {
        guard let c = try await db.sql.raw("SELECT \(columns) FROM cases c WHERE c.id = \(bind: caseID) AND c.municipality_id = \(bind: municipalityID)")
            .first().map(record) else { throw DomainError.notFound("Sagen") }
        return c
    }
}
