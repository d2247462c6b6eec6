import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// What travels with an order (issue 13 item 3): the caseworker's choice on the draft, checked against the recorded
/// consent; the provider reads exactly the chosen parts as they stand (`SharingRules.content`), and a chosen
/// document's content. Both sides read through here; the authority sees what the provider sees.
enum OrderSharingAPI {
    /// The case the order belongs to, read for the order (the caller may see the order; the case need not be theirs).
    static func source(_ o: Order, principal p: Principal, on db: any Database) async throws -> CaseStore.SharedSource {
        try await CaseStore.sharedSource(caseID: o.caseID, municipalityID: p.municipalityID, on: db)
    }

    /// The problems of a selection for the order's case (`SharingRules.validate`).
    static func problems(_ s: SharedSelection, for o: Order, principal p: Principal, on db: any Database) async throws -> [FieldError] {
        let src = try await source(o, principal: p, on: db)
        return SharingRules.validate(s, opening: src.document.opening, documentIDs: Set(src.attachments.map(\.id)), notes: src.noteCategories)
    }

    /// `GET /api/v1/orders/{id}/shared`: the chosen parts of the case as they are now.
    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let src = try await source(o, principal: p, on: req.db)
        let content = SharingRules.content(o.shared, order: o, document: src.document, notes: src.noteCategories)
        try await req.audit(on: req.db, objectType: "order", objectID: o.id.uuidString, citizenID: src.citizenID,
                            criteria: "shared parts=\(o.shared?.parts.map(\.rawValue).joined(separator: ",") ?? "-")")
        return try APIResponse.json(SharedContentDTO(content, source: src, parts: o.shared?.parts))
    }

    /// `GET /api/v1/orders/{id}/documents/{documentID}`: a document chosen to travel with the order.
    static func document(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let documentID = try req.uuidParameter("documentID", what: "Dokumentet")
        let src = try await source(o, principal: p, on: req.db)
        guard SharingRules.content(o.shared, order: o, document: src.document, notes: src.noteCategories).documentIDs.contains(documentID) else {
            throw DomainError.notFound("Dokumentet")
        }
        let system = p.actingAsSystem
        let audit = try req.auditEntry(objectType: "case-document", objectID: documentID.uuidString, citizenID: src.citizenID, criteria: "order=\(o.id)")
        let storage = req.openvum.config.documentStorage
        let found = try await req.writeTransaction { tx in
            try await CaseStore.attachmentContent(caseID: o.caseID, attachmentID: documentID, storage: storage, principal: system, audit: audit, on: tx)
        }
        guard let (meta, data) = found else { throw DomainError.notFound("Dokumentet") }
        return DocumentsAPI.download(meta, data)
    }
}

struct SharedGoalDTO: Encodable, Sendable {
    @Nullable var id: UUID?
    @Nullable var text: String?
    @Nullable var goalType: String?
    @Nullable var primaryTheme: String?
    @Nullable var expectedLevel: Decimal?
    @Nullable var followUpDate: String?
}

struct SharedLevelDTO: Encodable, Sendable {
    var subtheme: String
    var level: Decimal
    @Nullable var severity: String?
    @Nullable var assessedOn: String?
}

struct SharedDocumentDTO: Encodable, Sendable {
    var id: UUID
    var title: String
    var kind: DocumentKind
    var documentDate: String
    var fileName: String
}

struct SharedNoteDTO: Encodable, Sendable {
    var noteId: UUID
    var category: NoteCategory
    var text: String
    var writtenAt: Date
}

/// The parts of the case that travel with an order, as the provider reads them.
struct SharedContentDTO: Encodable, Sendable {
    var consentAllows: Bool
    var parts: [SharedPart]
    var goals: [SharedGoalDTO]
    var functionalLevels: [SharedLevelDTO]
    @Nullable var functionalAssessment: String?
    var conditions: [String]
    var documents: [SharedDocumentDTO]
    var notes: [SharedNoteDTO]
    init(_ c: SharedContent, source: CaseStore.SharedSource, parts chosen: [SharedPart]? = nil) {
        consentAllows = SharingRules.consentAllows(source.document.opening)
        parts = consentAllows ? (chosen ?? []) : []
        goals = c.goals.map { SharedGoalDTO(id: $0.id, text: $0.text, goalType: $0.goalType, primaryTheme: $0.primaryTheme, expectedLevel: $0.expectedLevel,
                                            followUpDate: $0.followUpDate?.description) }
        functionalLevels = c.functionalLevels.map { SharedLevelDTO(subtheme: $0.subtheme, level: $0.level, severity: $0.severity, assessedOn: $0.assessedOn?.description) }
        functionalAssessment = c.functionalAssessment
        conditions = c.conditions
        documents = source.attachments.filter { c.documentIDs.contains($0.id) }
            .map { SharedDocumentDTO(id: $0.id, title: $0.title, kind: $0.kind, documentDate: $0.documentDate.description, fileName: $0.fileName) }
        notes = source.notes.filter { c.noteIDs.contains($0.chainID) }.map { SharedNoteDTO(noteId: $0.chainID, category: $0.category, text: $0.text, writtenAt: $0.writtenAt) }
    }
}
