import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension WebController {
    static func auditLog(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let after = req.query[String.self, at: "efter"]
        let audit = try req.auditEntry(objectType: "audit-log")
        let (page, users) = try await req.readTransaction { tx in
            let page = try await AuditStore.list(municipalityID: p.municipalityID, after: after, limit: 100, audit: audit, on: tx)
            let users = try await UserStore.list(municipalityID: p.municipalityID, on: tx)
            return (page, Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.username) }))
        }
        return req.render(Pages.auditLog(.init(page: page, users: users), req.pageContext))
    }
}
