import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The audit log (administrators).
enum AuditAPI {
    static func list(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let q = try ListQuery.from(req)
        var filterID: UUID?
        if let raw = req.query[String.self, at: "citizenId"] {
            guard let id = UUID(uuidString: raw) else { throw DomainError.validation([FieldError(field: "citizenId", message: "citizenId skal være et UUID.")]) }
            filterID = id
        }
        let citizenID = filterID
        let audit = try req.auditEntry(objectType: "audit-log", citizenID: citizenID, criteria: citizenID.map { "citizenId=\($0.uuidString.lowercased())" })
        let page = try await req.readTransaction { tx in
            try await AuditStore.list(
                municipalityID: principal.municipalityID, filter: .init(citizenID: citizenID), after: q.after, limit: q.limit, audit: audit, on: tx)
        }
        return try APIResponse.json(ListResponse(items: page.items.map(AuditEntryDTO.init), nextCursor: page.nextCursor))
    }
}
