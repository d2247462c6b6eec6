import FluentKit
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The one way a user account is created: the API, the administrator's page and `openvum users create`
/// all call `create`. Checks every field (`AccountRules.validateNewAccount`), hashes the password off the
/// event loop, and stores the user with its audit row in one write transaction.
enum UserAdministration {
    static func create(
        username: String?, password: String?, displayName: String?, role: String?, unitIDs: [UUID], municipalityID: UUID,
        audit: @Sendable (UUID) -> AuditEntry, app: Application
    ) async throws -> UserRecord {
        let account = try AccountRules.validateNewAccount(
            username: username, password: password, displayName: displayName, role: role, unitCount: unitIDs.count)
        let cost = app.openvum.config.bcryptCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(account.password, cost: cost) }
        let new = UserStore.NewUser(
            municipalityID: municipalityID, username: account.username, passwordHash: hash, displayName: account.displayName,
            role: account.role, unitIDs: unitIDs)
        let entry = audit(new.id)
        return try await app.openvum.transactions.write(on: app.db) { tx in
            try await UserStore.create(new, audit: entry, on: tx)
        }
    }

    /// `create` for a request: audited as the route declares, in the administrator's municipality.
    static func create(
        username: String?, password: String?, displayName: String?, role: String?, unitIDs: [UUID], on req: Request
    ) async throws -> UserRecord {
        let principal = try req.principal()
        let template = try req.auditEntry(objectType: "user")
        return try await create(
            username: username, password: password, displayName: displayName, role: role, unitIDs: unitIDs,
            municipalityID: principal.municipalityID,
            audit: { id in
                var e = template
                e.objectID = id.uuidString
                e.criteria = "username=\(username ?? "") role=\(role ?? "")"
                return e
            }, app: req.application)
    }
}
