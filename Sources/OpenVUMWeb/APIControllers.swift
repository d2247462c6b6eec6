import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

// MARK: - DTOs (the API's shapes; the OpenAPI document in Resources/openapi.json describes the same)

struct TokenRequest: StrictBody {
    var username: String
    var password: String
    static let fields: Set<String> = ["username", "password"]
}

struct TokenResponse: Encodable {
    var token: String
    var tokenType = "Bearer"
    var expiresAt: Date
}

struct MeDTO: Encodable {
    var id: UUID
    var username: String
    var displayName: String
    var role: Role
    var municipalityId: UUID
    var unitIds: [UUID]
    var citizenId: UUID?

    init(_ p: Principal) {
        id = p.userID
        username = p.username
        displayName = p.displayName
        role = p.role
        municipalityId = p.municipalityID
        unitIds = p.unitIDs.sorted { $0.uuidString < $1.uuidString }
        citizenId = p.citizenID
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(username, forKey: .username)
        try c.encode(displayName, forKey: .displayName)
        try c.encode(role, forKey: .role)
        try c.encode(municipalityId, forKey: .municipalityId)
        try c.encode(unitIds, forKey: .unitIds)
        try c.encode(citizenId, forKey: .citizenId)
    }

    enum CodingKeys: String, CodingKey { case id, username, displayName, role, municipalityId, unitIds, citizenId }
}

struct CitizenDTO: Encodable, Sendable {
    var id: UUID
    var cpr: String
    var givenName: String
    var familyName: String
    var birthDate: String
    var responsibleUnitId: UUID
    var createdAt: Date?
    var updatedAt: Date?
    var version: Int

    init(_ c: CitizenRecord) {
        id = c.id
        cpr = (try? CPRNumber(c.cpr).formatted) ?? c.cpr
        givenName = c.givenName
        familyName = c.familyName
        let b = (try? CPRNumber(c.cpr))?.birthDate
        birthDate = b.map { String(format: "%04d-%02d-%02d", $0.year ?? 0, $0.month ?? 0, $0.day ?? 0) } ?? ""
        responsibleUnitId = c.responsibleUnitID
        createdAt = c.createdAt
        updatedAt = c.updatedAt
        version = c.version
    }
}

struct CitizenCreateRequest: StrictBody {
    var cpr: String?
    var givenName: String?
    var familyName: String?
    var responsibleUnitId: UUID?
    static let fields: Set<String> = ["cpr", "givenName", "familyName", "responsibleUnitId"]
}

struct CitizenPatchRequest: StrictBody {
    var givenName: String?
    var familyName: String?
    var responsibleUnitId: UUID?
    static let fields: Set<String> = ["givenName", "familyName", "responsibleUnitId"]
}

struct CitizenSearchRequest: StrictBody {
    var cpr: String?
    static let fields: Set<String> = ["cpr"]
}

struct UnitDTO: Encodable, Sendable {
    var id: UUID
    var kind: UnitKind
    var name: String
    var ownership: ProviderOwnership?
    var parentId: UUID?
    init(_ u: UnitRecord) {
        id = u.id
        kind = u.kind
        name = u.name
        ownership = u.ownership
        parentId = u.parentID
    }
}

struct UserDTO: Encodable, Sendable {
    var id: UUID
    var username: String
    var displayName: String
    var role: Role
    var unitIds: [UUID]
    var active: Bool
    var isDemo: Bool
    var version: Int

    init(_ u: UserRecord, unitIDs: [UUID]) {
        id = u.id
        username = u.username
        displayName = u.displayName
        role = u.role
        unitIds = unitIDs.sorted { $0.uuidString < $1.uuidString }
        active = u.active
        isDemo = u.isDemo
        version = u.version
    }
}

struct UserPatchRequest: StrictBody {
    var displayName: String?
    var role: String?
    var unitIds: [UUID]?
    var active: Bool?
    static let fields: Set<String> = ["displayName", "role", "unitIds", "active"]
}

struct UserCreateRequest: StrictBody {
    var username: String?
    var password: String?
    var displayName: String?
    var role: String?
    var unitIds: [UUID]?
    static let fields: Set<String> = ["username", "password", "displayName", "role", "unitIds"]
}

struct AuditEntryDTO: Encodable, Sendable {
    var id: UUID
    var occurredAt: Date
    var userId: UUID?
    var unitId: UUID?
    var action: String
    var objectType: String?
    var objectId: String?
    var citizenId: UUID?
    var criteria: String?
    var requestId: String?
    var channel: String?
    init(_ e: AuditEntry) {
        id = e.id
        occurredAt = e.occurredAt
        userId = e.userID
        unitId = e.unitID
        action = e.action
        objectType = e.objectType
        objectId = e.objectID
        citizenId = e.citizenID
        criteria = e.criteria
        requestId = e.requestID
        channel = e.channel
    }
}

// MARK: - Controllers

/// `POST /api/v1/auth/token` and `GET /api/v1/me`.
enum AuthAPI {
    static func token(_ req: Request) async throws -> Response {
        let body = try StrictJSON.decode(TokenRequest.self, from: req)
        guard let principal = try await Passwords.login(username: body.username, password: body.password, on: req) else {
            throw Passwords.failed
        }
        let now = req.openvum.now()
        let expires = now.addingTimeInterval(req.openvum.config.tokenLifetime)
        let token = try await req.jwt.sign(AccessToken(userID: principal.userID, issuedAt: now, expiresAt: expires))
        try await req.writeTransaction { tx in
            try await req.audit(on: tx, objectType: "user", objectID: principal.userID.uuidString, criteria: "expires=\(Int(expires.timeIntervalSince1970))", principal: principal)
        }
        return try APIResponse.json(TokenResponse(token: token, expiresAt: expires))
    }

    static func me(_ req: Request) async throws -> Response {
        try APIResponse.json(MeDTO(try req.principal()))
    }
}

/// Citizens: list, search by CPR (in the body), read, create, update. Every read and search is audited.
enum CitizensAPI {
    static func list(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let q = try ListQuery.from(req)
        let page = try await req.readTransaction { tx in
            let page = try await CitizenStore.list(principal: principal, after: q.after, limit: q.limit, on: tx)
            try await req.audit(on: tx, objectType: "citizen-list", criteria: "limit=\(q.limit)\(q.after == nil ? "" : " after=cursor")")
            return page
        }
        return try APIResponse.json(ListResponse(items: page.items.map(CitizenDTO.init), nextCursor: page.nextCursor))
    }

    static func search(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let body = try StrictJSON.decode(CitizenSearchRequest.self, from: req)
        guard let raw = body.cpr else { throw DomainError.validation([FieldError(field: "cpr", message: "CPR-nummer skal udfyldes.")]) }
        let cpr = try CitizenRules.parseCPR(raw)
        let found = try await CitizenStore.search(
            cpr: cpr, principal: principal, audit: try req.auditEntry(objectType: "citizen", criteria: "cpr=\(cpr.masked)"), on: req.readDB)
        return try APIResponse.json(ListResponse(items: found.map(CitizenDTO.init), nextCursor: nil))
    }

    static func read(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        let citizen = try await req.readTransaction { tx in
            guard let c = try await CitizenStore.find(id: id, principal: principal, on: tx) else { throw DomainError.notFound("Borgeren") }
            try await req.audit(on: tx, objectType: "citizen", objectID: c.id.uuidString, citizenID: c.id)
            return c
        }
        return try APIResponse.json(CitizenDTO(citizen), version: citizen.version)
    }

    static func create(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let body = try StrictJSON.decode(CitizenCreateRequest.self, from: req)
        var errors = FieldErrorCollector()
        var cpr: CPRNumber?
        if let raw = body.cpr {
            do { cpr = try CPRNumber(raw) } catch { errors.add("cpr", CPRNumber.message(for: error)) }
        } else { errors.add("cpr", "CPR-nummer skal udfyldes.") }
        if let p = CitizenRules.nameProblem(body.givenName ?? "", field: "givenName") { errors.add("givenName", p) }
        if let p = CitizenRules.nameProblem(body.familyName ?? "", field: "familyName") { errors.add("familyName", p) }
        if body.responsibleUnitId == nil { errors.add("responsibleUnitId", "Ansvarligt team skal udfyldes.") }
        try errors.throwIfAny()
        let new = CitizenStore.NewCitizen(cpr: cpr!, givenName: body.givenName!, familyName: body.familyName!, responsibleUnitID: body.responsibleUnitId!)
        let criteria = "cpr=\(new.cpr.masked) unit=\(new.responsibleUnitID.uuidString.lowercased())"
        let created: CitizenRecord
        do {
            created = try await req.writeTransaction { tx in
                let (c, registration) = try await CitizenStore.create(new, principal: principal, now: req.openvum.now(), on: tx)
                try await req.audit(on: tx, objectType: "citizen", objectID: c.id.uuidString, citizenID: c.id,
                                    criteria: criteria + (registration == .joinedExisting ? " existing-registration" : ""))
                return c
            }
        } catch let error as DomainError where error.kind == .conflict || error.kind == .validation {
            // The attempt is audited even when refused (a refused registration says the CPR number was asked about).
            try await req.writeTransaction { tx in
                try await req.audit(on: tx, action: "citizen.create.refused", objectType: "citizen", criteria: "\(criteria) reason=\(error.code)")
            }
            throw error
        }
        let response = try APIResponse.json(CitizenDTO(created), status: .created, version: created.version)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/citizens/\(created.id.uuidString.lowercased())")
        return response
    }

    static func update(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        let body = try StrictJSON.decode(CitizenPatchRequest.self, from: req)
        var errors = FieldErrorCollector()
        if let g = body.givenName, let p = CitizenRules.nameProblem(g, field: "givenName") { errors.add("givenName", p) }
        if let f = body.familyName, let p = CitizenRules.nameProblem(f, field: "familyName") { errors.add("familyName", p) }
        try errors.throwIfAny()
        let expected = try ETag.expectedVersion(req)
        let updated = try await req.writeTransaction { tx in
            let c = try await CitizenStore.update(
                id: id, expectedVersion: expected,
                changes: .init(givenName: body.givenName, familyName: body.familyName, responsibleUnitID: body.responsibleUnitId),
                principal: principal, on: tx)
            try await req.audit(on: tx, objectType: "citizen", objectID: c.id.uuidString, citizenID: c.id,
                                criteria: "fields=\([body.givenName == nil ? nil : "givenName", body.familyName == nil ? nil : "familyName", body.responsibleUnitId == nil ? nil : "responsibleUnitId"].compactMap { $0 }.joined(separator: ","))")
            return c
        }
        return try APIResponse.json(CitizenDTO(updated), version: updated.version)
    }
}

/// Organisation units of the caller's municipality.
enum UnitsAPI {
    static func list(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let units = try await OrganisationStore.units(municipalityID: principal.municipalityID, on: req.db)
        return try APIResponse.json(ListResponse(items: units.map(UnitDTO.init), nextCursor: nil))
    }
}

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
        let principal = try req.principal()
        let body = try StrictJSON.decode(UserCreateRequest.self, from: req)
        let user = try await UsersAPI.create(
            username: body.username, password: body.password, displayName: body.displayName, role: body.role,
            unitIDs: body.unitIds ?? [], principal: principal, on: req)
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
            id: id, displayName: body.displayName, role: body.role, unitIDs: body.unitIds, active: body.active,
            expectedVersion: expected, principal: principal, on: req)
        return try APIResponse.json(UserDTO(user, unitIDs: units), version: user.version)
    }

    /// Shared by the API and the web form: validates, hashes and stores, with its audit row, in one transaction.
    static func create(
        username: String?, password: String?, displayName: String?, role rawRole: String?, unitIDs: [UUID],
        principal: Principal, on req: Request
    ) async throws -> UserRecord {
        let role = rawRole.flatMap(Role.init(rawValue:))
        var errors = FieldErrorCollector()
        if rawRole == nil { errors.add("role", "Rolle skal udfyldes.") } else if role == nil {
            errors.add("role", "Ukendt rolle. Tilladte: \(Role.allCases.filter { $0 != .citizen }.map(\.rawValue).joined(separator: ", ")).")
        }
        do {
            try AccountRules.validateNewUser(
                username: username ?? "", password: password ?? "", displayName: displayName ?? "", role: role ?? .administrator,
                unitCount: unitIDs.count)
        } catch { for e in error.fieldErrors { errors.add(e.field, e.message) } }
        try errors.throwIfAny()
        let hash = try await Passwords.hash(password!, on: req)
        return try await req.writeTransaction { tx in
            let user = try await UserStore.create(
                .init(municipalityID: principal.municipalityID, username: username!, passwordHash: hash,
                      displayName: displayName!, role: role!, unitIDs: unitIDs),
                on: tx)
            try await req.audit(on: tx, objectType: "user", objectID: user.id.uuidString, criteria: "username=\(user.username) role=\(user.role.rawValue)")
            return user
        }
    }

    /// Shared by the API and the administrator's page: validates, stores with its audit row, and drops the
    /// user's cached principal so that the change takes effect at once.
    static func change(
        id: UUID, displayName: String?, role rawRole: String?, unitIDs: [UUID]?, active: Bool?, expectedVersion: Int,
        principal: Principal, on req: Request
    ) async throws -> (user: UserRecord, unitIDs: [UUID]) {
        var errors = FieldErrorCollector()
        var role: Role?
        if let raw = rawRole {
            role = Role(rawValue: raw)
            if role == nil || role == .citizen {
                errors.add("role", "Ukendt rolle. Tilladte: \(Role.allCases.filter { $0 != .citizen }.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let name = displayName, let p = AccountRules.displayNameProblem(name) { errors.add("displayName", p) }
        if id == principal.userID {
            if active == false { errors.add("active", "Du kan ikke deaktivere din egen konto.") }
            if let role, role != principal.role { errors.add("role", "Du kan ikke ændre din egen rolle.") }
        }
        try errors.throwIfAny()
        let changes = UserStore.Changes(displayName: displayName, role: role, unitIDs: unitIDs, active: active)
        let result = try await req.writeTransaction { tx in
            let result = try await UserStore.update(id: id, municipalityID: principal.municipalityID, expectedVersion: expectedVersion, changes: changes, on: tx)
            try await req.audit(on: tx, objectType: "user", objectID: id.uuidString, criteria: changes.summary)
            return result
        }
        req.openvum.principals.invalidate(id)
        return result
    }
}

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
        let page = try await req.readTransaction { tx in
            let page = try await AuditStore.list(municipalityID: principal.municipalityID, filter: .init(citizenID: citizenID), after: q.after, limit: q.limit, on: tx)
            try await req.audit(on: tx, objectType: "audit-log", citizenID: citizenID, criteria: citizenID.map { "citizenId=\($0.uuidString.lowercased())" })
            return page
        }
        return try APIResponse.json(ListResponse(items: page.items.map(AuditEntryDTO.init), nextCursor: page.nextCursor))
    }
}
