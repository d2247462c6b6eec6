import Fluent
import FluentSQLiteDriver
import Foundation
import OpenVUMDomain
import OpenVUMStore
import SQLKit
import Vapor

extension Request {
    /// The authenticated principal; throws `unauthenticated` when there is none.
    func principal() throws -> Principal {
        guard let p = auth.get(Principal.self) else { throw DomainError.unauthenticated }
        return p
    }

    /// Writes the audit row declared by this route's policy, on `db` (the action's own transaction).
    func audit(
        on db: any Database, action: String? = nil, objectType: String? = nil, objectID: String? = nil, citizenID: UUID? = nil,
        criteria: String? = nil, principal override: Principal? = nil
    ) async throws {
        try await AuditStore.record(
            try auditEntry(action: action, objectType: objectType, objectID: objectID, citizenID: citizenID, criteria: criteria, principal: override), on: db)
    }

    /// The audit row declared by this route's policy, for a write (`audit(on:)`) or an `AuditedRead`: the route's
    /// own action, or `action` when the route declares it among its outcomes.
    func auditEntry(
        action: String? = nil, objectType: String? = nil, objectID: String? = nil, citizenID: UUID? = nil, criteria: String? = nil,
        principal override: Principal? = nil
    ) throws -> AuditEntry {
        guard case .actions(let declared)? = storage[DeclaredAuditKey.self], let first = declared.first else {
            throw Abort(.internalServerError, reason: "route \(url.path) writes audit rows but declares none")
        }
        if let action, !declared.contains(action) {
            throw Abort(.internalServerError, reason: "route \(url.path) records \(action) but declares only \(declared)")
        }
        let principal = override ?? auth.get(Principal.self)
        return AuditEntry(
            occurredAt: openvum.now(), municipalityID: principal?.municipalityID, userID: principal?.userID,
            unitID: principal?.primaryUnitID, action: action ?? first, objectType: objectType, objectID: objectID,
            citizenID: citizenID, criteria: criteria, requestID: requestID, clientRequestID: clientRequestID, channel: isAPI ? "api" : "web")
    }
}
