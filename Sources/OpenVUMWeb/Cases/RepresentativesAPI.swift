import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Guardians and party representatives given the citizen's own view (issue 16 item 7), in the API: listed, given and
/// removed on a case by its caseworkers. The same store calls and rules as the case's opening page.
enum RepresentativesAPI {
    /// `GET /api/v1/cases/{caseID}/representatives`.
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let audit = try req.auditEntry(objectType: "case")
        let items = try await req.writeTransaction { tx in
            try await RepresentativeStore.list(caseID: id, principal: p, audit: audit, on: tx)
        }
        guard let items else { throw DomainError.notFound("Sagen") }
        return try APIResponse.json(RepresentativeList(items: items.map(RepresentativeDTO.init)))
    }

    /// `POST /api/v1/cases/{caseID}/representatives` with `{"username": "...", "kind": "guardian"|"partyRepresentative"}`.
    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(RepresentativeRequest.self, from: req)
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let given = try await req.writeTransaction { tx in
            try await RepresentativeStore.grant(caseID: id, username: body.username, displayName: body.displayName, kind: body.kind, principal: p, now: now, audit: audit, on: tx)
        }
        guard let given else { throw DomainError.notFound("Sagen") }
        return try APIResponse.json(RepresentativeDTO(given), status: .created)
    }

    /// `DELETE /api/v1/cases/{caseID}/representatives/{representativeID}`: removed at once; the remaining ones.
    static func remove(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let representative = try req.uuidParameter("representativeID", what: "Adgangen")
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let items = try await req.writeTransaction { tx in
            guard try await RepresentativeStore.remove(caseID: id, id: representative, principal: p, now: now, audit: audit, on: tx) else {
                throw DomainError.notFound("Adgangen")
            }
            return try await RepresentativeStore.list(caseID: id, principal: p, audit: nil, on: tx) ?? []
        }
        return try APIResponse.json(RepresentativeList(items: items.map(RepresentativeDTO.init)))
    }
}

struct RepresentativeRequest: StrictBody {
    var username: String?
    var displayName: String?
    var kind: String?
    static let fields: Set<String> = ["username", "displayName", "kind"]
}

struct RepresentativeDTO: Encodable, Sendable {
    var id: UUID
    var caseId: UUID
    var userId: UUID
    var username: String
    var displayName: String
    var kind: RepresentativeKind
    var grantedAt: Date
    var recorded: Bool

    init(_ r: RepresentativeStore.Representative) {
        id = r.id
        caseId = r.caseID
        userId = r.userID
        username = r.username
        displayName = r.displayName
        kind = r.kind
        grantedAt = r.grantedAt
        recorded = r.recorded
    }
}

struct RepresentativeList: Encodable, Sendable { var items: [RepresentativeDTO] }
