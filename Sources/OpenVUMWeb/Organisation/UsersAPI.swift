import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// User administration (administrators).
enum UsersAPI {
    static func list(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let q = try ListQuery.from(req)
        let after = try q.after.map { try Cursor.decode($0, as: String.self) }
        let rows = try await UserStore.page(municipalityID: principal.municipalityID, afterUsername: after, limit: q.limit, on: req.db)
        let dtos = rows.prefix(q.limit).map { u, units in UserDTO(u, unitIDs: units) }
        let next = rows.count > q.limit ? dtos.last.map { Cursor.encode($0.username) } : nil
        return try APIResponse.json(ListResponse(items: dtos, nextCursor: next))
    }

    static func create(_ req: Request) async throws -> Response {
        let body = try StrictJSON.decode(UserCreateRequest.self, from: req)
        let user = try await UserAdministration.create(
            username: body.username, password: body.password, displayName: body.displayName, role: body.role,
            unitIDs: body.unitIds ?? [], on: req)
        let units = try await UserStore.unitIDs(userID: user.id, on: req.db)
        return try APIResponse.json(UserDTO(user, unitIDs: units), status: .created, version: user.version)
    }

    static func read(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let id = try req.uuidParameter("userID", what: "Brugeren")
        guard let user = try await UserStore.find(id: id, on: req.db), user.municipalityID == principal.municipalityID else {
            throw DomainError.notFound("Brugeren")
        }
        let units = try await UserStore.unitIDs(userID: user.id, on: req.db)
        return try APIResponse.json(UserDTO(user, unitIDs: units), version: user.version)
    }

    /// Changes a user's name, role, units or whether the account is active. Takes effect at once for the
    /// user's web sessions and API tokens on this server (`PrincipalCache`), within `OPENVUM_AUTH_CACHE_SECONDS`
    /// on others. An administrator cannot deactivate their own account or give up their own role.
    static func update(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let id = try req.uuidParameter("userID", what: "Brugeren")
        let body = try StrictJSON.decode(UserPatchRequest.self, from: req)
        let expected = try ETag.expectedVersion(req)
        let (user, units) = try await change(
            id: id, displayName: body.displayName, role: body.role, unitIDs: body.unitIds, active: body.active, phone: body.phone,
            expectedVersion: expected, principal: principal, on: req)
        return try APIResponse.json(UserDTO(user, unitIDs: units), version: user.version)
    }

    /// Shared by the API and the administrator's page: validates, stores with its audit row, and drops the
    /// user's cached principal so that the change takes effect at once.
    static func change(
        id: UUID, displayName: String?, role rawRole: String?, unitIDs: [UUID]?, active: Bool?, phone: String? = nil, expectedVersion: Int,
        principal: Principal, on req: Request
    ) async throws -> (user: UserRecord, unitIDs: [UUID]) {
        let (role, writtenPhone) = try AccountRules.validateChanges(
            displayName: displayName, role: rawRole, active: active, phone: phone, changingOwnAccount: id == principal.userID, currentRole: principal.role)
        let changes = UserStore.Changes(displayName: displayName, role: role, unitIDs: unitIDs, active: active, phone: writtenPhone)
        let audit = try req.auditEntry(objectType: "user", criteria: changes.summary)
        let result = try await req.writeTransaction { tx in
            try await UserStore.update(id: id, municipalityID: principal.municipalityID, expectedVersion: expectedVersion, changes: changes, audit: audit, on: tx)
        }
        req.openvum.principals.invalidate(id)
        return result
    }
}
