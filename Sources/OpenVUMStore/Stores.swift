import Fluent
import Foundation
import OpenVUMDomain
import SQLKit

extension Database {
    /// The SQLKit view of a Fluent database. Both supported drivers (SQLite, PostgreSQL) are SQL databases.
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

/// A constraint failure (unique, foreign key) from either engine.
func isConstraintFailure(_ error: any Error) -> Bool {
    if let dbError = error as? any DatabaseError, dbError.isConstraintFailure { return true }
    return false
}

// MARK: - Users

public enum UserStore {
    public static func find(username: String, on db: any Database) async throws -> UserRecord? {
        try await UserModel.query(on: db).filter(\.$username == username).first().map(record)
    }

    public static func find(id: UUID, on db: any Database) async throws -> UserRecord? {
        try await UserModel.find(id, on: db).map(record)
    }

    /// The principal of an active user, with their unit memberships.
    /// The principal of an active user, read in one round trip (user and unit memberships).
    public static func principal(userID: UUID, on db: any Database) async throws -> Principal? {
        let rows = try await db.sql.raw("""
            SELECT \(principalColumns) FROM users u LEFT JOIN user_units uu ON uu.user_id = u.id WHERE u.id = \(bind: userID)
            """).all()
        return try principal(rows)
    }

    static let principalColumns: SQLQueryString = "u.id AS user_id, u.municipality_id, u.username, u.display_name, u.role, u.active, u.citizen_id, uu.unit_id"

    /// A principal from rows of `principalColumns` (one per unit membership); nil for no rows or an inactive user.
    static func principal(_ rows: [any SQLRow]) throws -> Principal? {
        guard let first = rows.first, try first.decode(column: "active", as: Bool.self),
              let role = Role(rawValue: try first.decode(column: "role", as: String.self)) else { return nil }
        return Principal(
            userID: try first.decode(column: "user_id", as: UUID.self), municipalityID: try first.decode(column: "municipality_id", as: UUID.self),
            username: try first.decode(column: "username", as: String.self), displayName: try first.decode(column: "display_name", as: String.self),
            role: role, unitIDs: Set(try rows.compactMap { try $0.decode(column: "unit_id", as: UUID?.self) }),
            citizenID: try first.decode(column: "citizen_id", as: UUID?.self))
    }

    public struct NewUser: Sendable {
        public var municipalityID: UUID
        public var username: String
        public var passwordHash: String
        public var displayName: String
        public var role: Role
        public var unitIDs: [UUID]
        public var citizenID: UUID?
        public var isDemo: Bool
        public init(municipalityID: UUID, username: String, passwordHash: String, displayName: String, role: Role, unitIDs: [UUID], citizenID: UUID? = nil, isDemo: Bool = false) {
            self.municipalityID = municipalityID
            self.username = username
            self.passwordHash = passwordHash
            self.displayName = displayName
            self.role = role
            self.unitIDs = unitIDs
            self.citizenID = citizenID
            self.isDemo = isDemo
        }
    }

    public static let duplicateUsername = DomainError(
        .conflict, code: "user.username.taken", title: "Brugernavnet er optaget",
        detail: "Der findes allerede en bruger med det brugernavn. Vælg et andet.",
        fieldErrors: [FieldError(field: "username", message: "Brugernavnet er allerede i brug.")])

    /// Creates a user with memberships. Units must belong to the user's municipality.
    /// Call inside a transaction: a failure leaves nothing behind.
    public static func create(_ new: NewUser, on db: any Database) async throws -> UserRecord {
        if try await UserModel.query(on: db).filter(\.$username == new.username).count() > 0 {
            throw duplicateUsername
        }
        let known = try await OrgUnitModel.query(on: db)
            .filter(\.$municipalityID == new.municipalityID)
            .filter(\.$id ~~ new.unitIDs).count()
        if known != Set(new.unitIDs).count {
            throw DomainError.validation([FieldError(field: "unitIds", message: "En eller flere enheder findes ikke i kommunen.")])
        }
        let user = UserModel()
        user.id = UUID()
        user.municipalityID = new.municipalityID
        user.username = new.username
        user.passwordHash = new.passwordHash
        user.displayName = new.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        user.role = new.role.rawValue
        user.isDemo = new.isDemo
        user.active = true
        user.citizenID = new.citizenID
        user.version = 1
        do {
            try await user.create(on: db)
        } catch where isConstraintFailure(error) {
            throw duplicateUsername
        }
        for unitID in Set(new.unitIDs) {
            try await UserUnitModel(userID: user.id!, unitID: unitID).create(on: db)
        }
        return record(user)
    }

    public struct Changes: Sendable, Equatable {
        public var displayName: String?
        public var role: Role?
        public var unitIDs: [UUID]?
        public var active: Bool?
        public init(displayName: String? = nil, role: Role? = nil, unitIDs: [UUID]? = nil, active: Bool? = nil) {
            self.displayName = displayName
            self.role = role
            self.unitIDs = unitIDs
            self.active = active
        }

        /// What changed, for the audit row (no personal data besides the role and unit ids).
        public var summary: String {
            [displayName.map { _ in "displayName" }, role.map { "role=\($0.rawValue)" },
             unitIDs.map { "units=\($0.map { $0.uuidString.lowercased() }.sorted().joined(separator: ","))" },
             active.map { "active=\($0)" }].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// Applies `changes` to a user of `municipalityID` if the stored version is `expectedVersion` (412 otherwise,
    /// 404 for a user of another municipality). Units must be the municipality's; a role that needs units keeps
    /// at least one. Returns the user and their units. Call inside a transaction.
    public static func update(
        id: UUID, municipalityID: UUID, expectedVersion: Int, changes: Changes, on db: any Database
    ) async throws -> (user: UserRecord, unitIDs: [UUID]) {
        guard let current = try await find(id: id, on: db), current.municipalityID == municipalityID else { throw DomainError.notFound("Brugeren") }
        let role = changes.role ?? current.role
        var units = changes.unitIDs ?? []
        if changes.unitIDs == nil { units = try await unitIDs(userID: id, on: db) }
        if let wanted = changes.unitIDs {
            let known = try await OrgUnitModel.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$id ~~ wanted).count()
            if known != Set(wanted).count {
                throw DomainError.validation([FieldError(field: "unitIds", message: "En eller flere enheder findes ikke i kommunen.")])
            }
        }
        if (role == .caseworker || role == .teamLeader || role.isProvider) && units.isEmpty {
            throw DomainError.validation([FieldError(field: "unitIds", message: "Rollen \(role.danishName.lowercased()) skal tilknyttes mindst én enhed.")])
        }
        let name = changes.displayName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? current.displayName
        let active = changes.active ?? current.active
        guard let row = try await db.sql.raw("""
            UPDATE users SET display_name = \(bind: name), role = \(bind: role.rawValue), active = \(bind: active), version = version + 1
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING version
            """).first() else { throw DomainError.staleVersion }
        if let wanted = changes.unitIDs {
            try await db.sql.raw("DELETE FROM user_units WHERE user_id = \(bind: id)").run()
            for unit in Set(wanted) { try await UserUnitModel(userID: id, unitID: unit).create(on: db) }
        }
        var updated = current
        updated.displayName = name
        updated.role = role
        updated.active = active
        updated.version = try row.decode(column: "version", as: Int.self)
        return (updated, Array(Set(units)).sorted { $0.uuidString < $1.uuidString })
    }

    /// Users of a municipality, ordered by username.
    public static func list(municipalityID: UUID, on db: any Database) async throws -> [UserRecord] {
        try await UserModel.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$username).all().map(record)
    }

    public static func unitIDs(userID: UUID, on db: any Database) async throws -> [UUID] {
        try await UserUnitModel.query(on: db).filter(\.$userID == userID).all().map(\.unitID)
    }

    /// One page of a municipality's users ordered by username, after `afterUsername` (keyset), with each
    /// user's units sorted: two queries, whatever the page size. Fetches `limit + 1` users so that the
    /// caller can tell whether another page follows.
    public static func page(
        municipalityID: UUID, afterUsername: String?, limit: Int, on db: any Database
    ) async throws -> [(user: UserRecord, unitIDs: [UUID])] {
        var query = UserModel.query(on: db).filter(\.$municipalityID == municipalityID)
        if let afterUsername { query = query.filter(\.$username > afterUsername) }
        let users = try await query.sort(\.$username).limit(limit + 1).all().map(record)
        guard !users.isEmpty else { return [] }
        let links = try await UserUnitModel.query(on: db).filter(\.$userID ~~ users.map(\.id)).all()
        let units = Dictionary(grouping: links, by: \.userID).mapValues { $0.map(\.unitID).sorted { $0.uuidString < $1.uuidString } }
        return users.map { ($0, units[$0.id] ?? []) }
    }

    /// Whether any demo account exists (production refuses to start then).
    public static func demoUsersExist(on db: any Database) async throws -> Bool {
        try await UserModel.query(on: db).filter(\.$isDemo == true).count() > 0
    }

    static func record(_ m: UserModel) -> UserRecord {
        UserRecord(
            id: m.id!, municipalityID: m.municipalityID, username: m.username, passwordHash: m.passwordHash,
            displayName: m.displayName, role: Role(rawValue: m.role) ?? .citizen, isDemo: m.isDemo, active: m.active,
            citizenID: m.citizenID, version: m.version)
    }
}

// MARK: - Organisation

public enum OrganisationStore {
    public static func units(municipalityID: UUID, on db: any Database) async throws -> [UnitRecord] {
        try await db.sql.raw("""
            SELECT id, municipality_id, kind, name, ownership, parent_id FROM org_units WHERE municipality_id = \(bind: municipalityID) ORDER BY name
            """).all().map { r in
            UnitRecord(
                id: try r.decode(column: "id", as: UUID.self), municipalityID: try r.decode(column: "municipality_id", as: UUID.self),
                kind: UnitKind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .administration, name: try r.decode(column: "name", as: String.self),
                ownership: try r.decode(column: "ownership", as: String?.self).flatMap(ProviderOwnership.init(rawValue:)),
                parentID: try r.decode(column: "parent_id", as: UUID?.self))
        }
    }

    public static func unit(id: UUID, on db: any Database) async throws -> UnitRecord? {
        try await OrgUnitModel.find(id, on: db).map(record)
    }

    public static func municipalityName(id: UUID, on db: any Database) async throws -> String? {
        try await MunicipalityModel.find(id, on: db)?.name
    }

    public static func municipalityCount(on db: any Database) async throws -> Int {
        try await MunicipalityModel.query(on: db).count()
    }

    static func record(_ m: OrgUnitModel) -> UnitRecord {
        UnitRecord(
            id: m.id!, municipalityID: m.municipalityID, kind: UnitKind(rawValue: m.kind) ?? .administration, name: m.name,
            ownership: m.ownership.flatMap(ProviderOwnership.init(rawValue:)), parentID: m.parentID)
    }
}

// MARK: - Citizens

public enum CitizenStore {
    /// The sort key of the citizen list, used as the keyset cursor.
    struct ListKey: Codable {
        var f: String
        var g: String
        var i: UUID
    }

    /// SQL condition restricting `citizens` rows (as `alias`) to what `principal` may see; nil when nothing is
    /// visible. The one rule of `AccessScope` for unit-scoped users: a citizen is visible when one of the user's
    /// teams is responsible for the citizen, for one of the citizen's cases, or has registered the citizen
    /// (`citizen_team_access`). The API and the web pages use this same condition.
    static func scopeCondition(_ principal: Principal, alias: String = "citizens") -> SQLQueryString? {
        switch principal.scope {
        case .municipality:
            return "\(ident: alias).municipality_id = \(bind: principal.municipalityID)"
        case .units(let ids):
            let units: SQLQueryString = "\(binds: ids.sorted { $0.uuidString < $1.uuidString })"
            return """
                \(ident: alias).municipality_id = \(bind: principal.municipalityID) AND (\(ident: alias).responsible_unit_id IN (\(units))
                OR EXISTS (SELECT 1 FROM cases sc WHERE sc.citizen_id = \(ident: alias).id AND sc.responsible_unit_id IN (\(units)))
                OR EXISTS (SELECT 1 FROM citizen_team_access ta WHERE ta.citizen_id = \(ident: alias).id AND ta.unit_id IN (\(units))))
                """
        case .citizen(let id):
            return "\(ident: alias).municipality_id = \(bind: principal.municipalityID) AND \(ident: alias).id = \(bind: id)"
        case .nothing:
            return nil
        }
    }

    static let columns: SQLQueryString = "id, municipality_id, cpr, given_name, family_name, responsible_unit_id, created_at, updated_at, version"

    /// A page of the citizens `principal` may see, ordered by family name, given name, id.
    public static func list(principal: Principal, after cursor: String?, limit: Int, on db: any Database) async throws -> Page<CitizenRecord> {
        guard let scope = scopeCondition(principal) else { return Page(items: [], nextCursor: nil) }
        var condition: SQLQueryString = scope
        if let cursor {
            let key = try Cursor.decode(cursor, as: ListKey.self)
            condition = "\(scope) AND (family_name, given_name, id) > (\(bind: key.f), \(bind: key.g), \(bind: key.i))"
        }
        let rows = try await db.sql.raw("""
            SELECT \(columns) FROM citizens WHERE \(condition)
            ORDER BY family_name, given_name, id LIMIT \(literal: limit + 1)
            """).all(decoding: CitizenRecord.self, keyDecodingStrategy: .useDefaultKeys)
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { Cursor.encode(ListKey(f: $0.familyName, g: $0.givenName, i: $0.id)) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// The citizen with this id if `principal` may see it; nil if missing or out of scope (the caller answers 404 for both).
    public static func find(id: UUID, principal: Principal, on db: any Database) async throws -> CitizenRecord? {
        guard let scope = scopeCondition(principal) else { return nil }
        return try await db.sql.raw("SELECT \(columns) FROM citizens WHERE \(scope) AND id = \(bind: id)").first().map(record)
    }

    /// Citizens with this CPR number that `principal` may see, with the search's audit row (the citizen
    /// as the object when exactly one is found): one statement on PostgreSQL.
    public static func search(cpr: CPRNumber, principal: Principal, audit: AuditEntry? = nil, on db: any Database) async throws -> [CitizenRecord] {
        guard let scope = scopeCondition(principal) else { return [] }
        return try await AuditedRead.rows(
            "SELECT \(columns) FROM citizens WHERE \(scope) AND cpr = \(bind: cpr.digits)", outer: "SELECT * FROM r ORDER BY id",
            audit: audit, subject: .singleRow(idColumn: "id", citizenColumn: "id"), on: db
        ).map(record)
    }

    static func record(_ r: any SQLRow) throws -> CitizenRecord {
        CitizenRecord(
            id: try r.decode(column: "id", as: UUID.self), municipalityID: try r.decode(column: "municipality_id", as: UUID.self),
            cpr: try r.decode(column: "cpr", as: String.self), givenName: try r.decode(column: "given_name", as: String.self),
            familyName: try r.decode(column: "family_name", as: String.self), responsibleUnitID: try r.decode(column: "responsible_unit_id", as: UUID.self),
            createdAt: try r.decode(column: "created_at", as: Date.self), updatedAt: try r.decode(column: "updated_at", as: Date.self),
            version: try r.decode(column: "version", as: Int.self))
    }

    public struct NewCitizen: Sendable {
        public var cpr: CPRNumber
        public var givenName: String
        public var familyName: String
        public var responsibleUnitID: UUID
        public init(cpr: CPRNumber, givenName: String, familyName: String, responsibleUnitID: UUID) {
            self.cpr = cpr
            self.givenName = givenName
            self.familyName = familyName
            self.responsibleUnitID = responsibleUnitID
        }
    }

    public static let duplicateCPR = DomainError(
        .conflict, code: "citizen.cpr.exists", title: "Borgeren findes allerede",
        detail: "Du har allerede adgang til en borger med dette CPR-nummer. Find borgeren ved at søge på CPR-nummeret.",
        fieldErrors: [FieldError(field: "cpr", message: "CPR-nummeret er allerede registreret hos dig.")])

    /// Two registrations of one CPR number at the same moment: the later one is asked to try again (and then finds it).
    static let registrationRace = DomainError(
        .conflict, code: "citizen.create.retry", title: "Registreringen kunne ikke gennemføres",
        detail: "Borgeren blev registreret samtidig af en anden. Prøv igen.")

    /// What `create` did: registered a new citizen, or — when the CPR number is already registered in the
    /// municipality outside the principal's scope — gave the requested team access to that registration.
    public enum Registration: Sendable, Equatable {
        case created
        case joinedExisting
    }

    /// Registers a citizen in the principal's municipality. The responsible unit must be an authority team
    /// the principal may work for. A CPR number the principal can already see is a conflict (a search shows it
    /// too). A CPR number registered outside the principal's scope is answered as a new registration would be
    /// — so that registering reveals nothing a search would not — by giving the requested team access to the
    /// existing registration; the caller audits which of the two happened. Call inside a transaction.
    public static func create(_ new: NewCitizen, principal: Principal, now: Date, on db: any Database) async throws -> (citizen: CitizenRecord, registration: Registration) {
        try await checkResponsibleUnit(new.responsibleUnitID, principal: principal, on: db)
        // The registration with this CPR number, and whether the principal can see it, in one read.
        let visible: SQLQueryString = scopeCondition(principal).map { "CASE WHEN \($0) THEN 1 ELSE 0 END" } ?? "0"
        if let row = try await db.sql.raw("""
            SELECT \(columns), \(visible) AS visible FROM citizens
            WHERE municipality_id = \(bind: principal.municipalityID) AND cpr = \(bind: new.cpr.digits)
            """).first() {
            if try row.decode(column: "visible", as: Int.self) == 1 { throw duplicateCPR }
            let existing = try record(row)
            try await db.sql.raw("""
                INSERT INTO citizen_team_access (id, citizen_id, unit_id, granted_at, granted_by)
                VALUES (\(bind: UUID()), \(bind: existing.id), \(bind: new.responsibleUnitID), \(bind: now), \(bind: principal.userID))
                """).run()
            return (existing, .joinedExisting)
        }
        let model = CitizenModel()
        model.id = UUID()
        model.municipalityID = principal.municipalityID
        model.cpr = new.cpr.digits
        model.givenName = new.givenName.trimmingCharacters(in: .whitespacesAndNewlines)
        model.familyName = new.familyName.trimmingCharacters(in: .whitespacesAndNewlines)
        model.responsibleUnitID = new.responsibleUnitID
        model.version = 1
        do { try await model.create(on: db) } catch where isConstraintFailure(error) { throw registrationRace }
        return (record(model), .created)
    }

    public struct Changes: Sendable {
        public var givenName: String?
        public var familyName: String?
        public var responsibleUnitID: UUID?
        public init(givenName: String? = nil, familyName: String? = nil, responsibleUnitID: UUID? = nil) {
            self.givenName = givenName
            self.familyName = familyName
            self.responsibleUnitID = responsibleUnitID
        }
    }

    /// Applies `changes` if the stored version is `expectedVersion`; otherwise throws `staleVersion`.
    /// The version check and the write are one atomic UPDATE, so two concurrent writers never both win.
    public static func update(id: UUID, expectedVersion: Int, changes: Changes, principal: Principal, on db: any Database) async throws -> CitizenRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Borgeren") }
        if let unit = changes.responsibleUnitID { try await checkResponsibleUnit(unit, principal: principal, on: db) }
        let given = changes.givenName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? current.givenName
        let family = changes.familyName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? current.familyName
        let unit = changes.responsibleUnitID ?? current.responsibleUnitID
        let updated = try await db.sql.raw("""
            UPDATE citizens SET given_name = \(bind: given), family_name = \(bind: family), responsible_unit_id = \(bind: unit),
            version = version + 1, updated_at = \(bind: Date())
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING \(columns)
            """).first(decoding: CitizenRecord.self, keyDecodingStrategy: .useDefaultKeys)
        guard let updated else { throw DomainError.staleVersion }
        return updated
    }

    static func checkResponsibleUnit(_ unitID: UUID, principal: Principal, on db: any Database) async throws {
        let unit = try await OrgUnitModel.find(unitID, on: db)
        guard let unit, unit.municipalityID == principal.municipalityID, unit.kind == UnitKind.authorityTeam.rawValue else {
            throw DomainError.validation([FieldError(field: "responsibleUnitId", message: "Enheden findes ikke eller er ikke et myndighedsteam.")])
        }
        if case .units(let ids) = principal.scope, !ids.contains(unitID) {
            throw DomainError.validation([FieldError(field: "responsibleUnitId", message: "Du kan kun placere borgere i dine egne teams.")])
        }
    }

    static func record(_ m: CitizenModel) -> CitizenRecord {
        CitizenRecord(
            id: m.id!, municipalityID: m.municipalityID, cpr: m.cpr, givenName: m.givenName, familyName: m.familyName,
            responsibleUnitID: m.responsibleUnitID, createdAt: m.createdAt, updatedAt: m.updatedAt, version: m.version)
    }
}

// MARK: - Web sessions

public struct WebSessionRecord: Sendable, Equatable {
    public var idHash: String
    public var userID: UUID
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
}

public enum WebSessionStore {
    public static func create(idHash: String, userID: UUID, csrfToken: String, now: Date, on db: any Database) async throws {
        let m = WebSessionModel()
        m.id = idHash
        m.userID = userID
        m.csrfToken = csrfToken
        m.createdAt = now
        m.lastSeenAt = now
        try await m.create(on: db)
    }

    /// The session and its user's principal in one round trip (every page view asks); the principal is
    /// nil when the user has been deactivated.
    public static func findWithPrincipal(idHash: String, on db: any Database) async throws -> (session: WebSessionRecord, principal: Principal?)? {
        let rows = try await db.sql.raw("""
            SELECT s.csrf_token, s.created_at, s.last_seen_at, \(UserStore.principalColumns)
            FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_units uu ON uu.user_id = u.id WHERE s.id = \(bind: idHash)
            """).all()
        guard let first = rows.first else { return nil }
        let session = WebSessionRecord(
            idHash: idHash, userID: try first.decode(column: "user_id", as: UUID.self), csrfToken: try first.decode(column: "csrf_token", as: String.self),
            createdAt: try first.decode(column: "created_at", as: Date.self), lastSeenAt: try first.decode(column: "last_seen_at", as: Date.self))
        return (session, try UserStore.principal(rows))
    }

    public static func touch(idHash: String, now: Date, on db: any Database) async throws {
        try await db.sql.update(WebSessionModel.schema).set("last_seen_at", to: now).where("id", .equal, idHash).run()
    }

    public static func delete(idHash: String, on db: any Database) async throws {
        try await db.sql.delete(from: WebSessionModel.schema).where("id", .equal, idHash).run()
    }

    /// Removes sessions that can no longer be used.
    public static func purgeExpired(lifetime: SessionLifetime, now: Date, on db: any Database) async throws {
        try await db.sql.delete(from: WebSessionModel.schema)
            .where("last_seen_at", .lessThan, now.addingTimeInterval(-lifetime.idle))
            .orWhere("created_at", .lessThan, now.addingTimeInterval(-lifetime.absolute))
            .run()
    }
}

// MARK: - Audit log

public enum AuditStore {
    /// The columns of an audit row, in the order every INSERT names them.
    static let columns = ["id", "occurred_at", "occurred_us", "municipality_id", "user_id", "unit_id", "action", "object_type", "object_id",
                          "citizen_id", "criteria", "request_id", "client_request_id", "channel"]
    static let columnList = columns.joined(separator: ", ")

    /// Appends one row. Call on the same transaction as the action it records.
    public static func record(_ entry: AuditEntry, on db: any Database) async throws {
        try await db.sql.raw("INSERT INTO audit_log (\(unsafeRaw: columnList)) VALUES (\(binds: values(entry)))").run()
    }

    /// An audit row's values in `columns` order (every INSERT of an audit row binds these).
    static func values(_ e: AuditEntry) -> [any Encodable & Sendable] {
        [e.id, e.occurredAt, e.occurredMicros, e.municipalityID, e.userID, e.unitID, e.action, e.objectType, e.objectID, e.citizenID,
         e.criteria, e.requestID, e.clientRequestID, e.channel]
    }

    struct ListKey: Codable {
        var t: Int64
        var i: UUID
    }

    public struct Filter: Sendable {
        public var citizenID: UUID?
        public var action: String?
        public init(citizenID: UUID? = nil, action: String? = nil) {
            self.citizenID = citizenID
            self.action = action
        }
    }

    /// The newest rows first, keyset-paginated on (occurred_us, id).
    public static func list(municipalityID: UUID, filter: Filter = Filter(), after cursor: String?, limit: Int, on db: any Database) async throws -> Page<AuditEntry> {
        var condition: SQLQueryString = "municipality_id = \(bind: municipalityID)"
        if let c = filter.citizenID { condition = "\(condition) AND citizen_id = \(bind: c)" }
        if let a = filter.action { condition = "\(condition) AND action = \(bind: a)" }
        if let cursor {
            let key = try Cursor.decode(cursor, as: ListKey.self)
            condition = "\(condition) AND (occurred_us, id) < (\(bind: key.t), \(bind: key.i))"
        }
        let rows = try await db.sql.raw("""
            SELECT id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id,
                   client_request_id, channel
            FROM audit_log WHERE \(condition) ORDER BY occurred_us DESC, id DESC LIMIT \(literal: limit + 1)
            """).all()
        let decoded = try rows.map { row in
            (entry: try row.decode(model: AuditEntry.self, keyDecodingStrategy: .useDefaultKeys), micros: try row.decode(column: "occurred_us", as: Int64.self))
        }
        let items = Array(decoded.prefix(limit))
        let next = decoded.count > limit ? items.last.map { Cursor.encode(ListKey(t: $0.micros, i: $0.entry.id)) } : nil
        return Page(items: items.map(\.entry), nextCursor: next)
    }

    /// All rows about one object or citizen, oldest first (tests and the citizen's own view).
    public static func count(action: String? = nil, citizenID: UUID? = nil, on db: any Database) async throws -> Int {
        var q = AuditEntryModel.query(on: db)
        if let action { q = q.filter(\.$action == action) }
        if let citizenID { q = q.filter(\.$citizenID == citizenID) }
        return try await q.count()
    }

    /// Deletes rows older than `cutoff`; returns how many were deleted. The only way rows leave the log: a
    /// trigger refuses every other DELETE (and TRUNCATE on PostgreSQL); the purge opens it for its own
    /// transaction only (`SET LOCAL openvum.audit_purge` on PostgreSQL, a row in `audit_purge_gate` on SQLite).
    public static func purge(before cutoff: Date, on db: any Database) async throws -> Int {
        try await db.transaction { tx in
            let sql = tx.sql
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE occurred_at < \(bind: cutoff)").first()?.decode(column: "n", as: Int.self) ?? 0
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SET LOCAL openvum.audit_purge = 'on'").run()
                try await sql.raw("DELETE FROM audit_log WHERE occurred_at < \(bind: cutoff)").run()
            } else {
                try await sql.raw("INSERT INTO audit_purge_gate (open) VALUES (1)").run()
                try await sql.raw("DELETE FROM audit_log WHERE occurred_at < \(bind: cutoff)").run()
                try await sql.raw("DELETE FROM audit_purge_gate").run()
            }
            return n
        }
    }
}

extension OrganisationStore {
    /// The municipality with `code`, created (with `name`) if missing; with no code, the only municipality.
    public static func municipality(code: String?, createWithName name: String?, on db: any Database) async throws -> UUID {
        if let code {
            if let m = try await MunicipalityModel.query(on: db).filter(\.$code == code).first() { return m.id! }
            guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.validation([FieldError(field: "municipality-name", message: "Kommune \(code) findes ikke; angiv --municipality-name for at oprette den.")])
            }
            let m = MunicipalityModel(id: UUID(), code: code, name: name)
            try await m.create(on: db)
            return m.id!
        }
        let all = try await MunicipalityModel.query(on: db).all()
        guard all.count == 1, let only = all.first else {
            throw DomainError.validation([FieldError(field: "municipality", message: "Angiv kommunen med --municipality KODE (der er \(all.count) kommuner).")])
        }
        return only.id!
    }
}
