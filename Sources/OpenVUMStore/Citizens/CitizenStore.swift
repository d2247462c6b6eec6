import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

// MARK: - Citizens

public enum CitizenStore {
    /// The sort key of the citizen list, used as the keyset cursor.
    struct ListKey: Codable {
        var f: String
        var g: String
        var i: UUID
    }

    /// The access-scope condition over `citizens` (as `alias`); see `AccessScope.condition`.
    static func scopeCondition(_ principal: Principal, alias: String = "citizens") -> SQLQueryString? {
        AccessScope.condition(principal, over: .citizens(alias: alias))
    }

    static let columns: SQLQueryString = "id, municipality_id, cpr, given_name, family_name, responsible_unit_id, created_at, updated_at, version"

    /// A page of the citizens `principal` may see, ordered by family name, given name, id.
    /// With `audit`, the list's audit row is written on the caller's transaction after the read.
    public static func list(principal: Principal, after cursor: String?, limit: Int, audit: AuditEntry?, on db: any Database) async throws -> Page<CitizenRecord> {
        guard let scope = scopeCondition(principal) else {
            if let audit { try await AuditStore.record(audit, on: db) }
            return Page(items: [], nextCursor: nil)
        }
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
        if let audit { try await AuditStore.record(audit, on: db) }
        return Page(items: items, nextCursor: next)
    }

    /// The citizen with this id if `principal` may see it; nil if missing or out of scope (the caller answers 404 for both).
    public static func find(id: UUID, principal: Principal, on db: any Database) async throws -> CitizenRecord? {
        guard let scope = scopeCondition(principal) else { return nil }
        return try await db.sql.raw("SELECT \(columns) FROM citizens WHERE \(scope) AND id = \(bind: id)").first().map(record)
    }

    /// `find` that, when the citizen is found, writes `audit` about the citizen (a missing or out-of-scope
    /// citizen is answered 404 and nothing was disclosed, so nothing is recorded): one statement on PostgreSQL.
    public static func read(id: UUID, principal: Principal, audit: AuditEntry, on db: any Database) async throws -> CitizenRecord? {
        guard let scope = scopeCondition(principal) else { return nil }
        return try await AuditedRead.rows(
            "SELECT \(columns) FROM citizens WHERE \(scope) AND id = \(bind: id)",
            audit: audit, subject: .singleRow(idColumn: "id", citizenColumn: "id", onlyIfFound: true), on: db
        ).first.map(record)
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

    /// Citizens in scope whose name holds `name` (any case; on SQLite only ASCII letters fold), by name, at most `limit`.
    public static func search(name: String, principal: Principal, limit: Int = 50, audit: AuditEntry? = nil, on db: any Database) async throws -> [CitizenRecord] {
        guard let scope = scopeCondition(principal) else { return [] }
        let escaped = name.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%\(escaped)%"
        return try await AuditedRead.rows(
            """
            SELECT \(columns) FROM citizens WHERE \(scope)
              AND lower(given_name || ' ' || family_name) LIKE \(bind: pattern) ESCAPE '\\'
            ORDER BY family_name, given_name, id LIMIT \(literal: limit)
            """, outer: "SELECT * FROM r ORDER BY family_name, given_name, id", audit: audit, on: db
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
    public static func create(
        _ new: NewCitizen, principal: Principal, now: Date, audit: AuditEntry?, on db: any Database
    ) async throws -> (citizen: CitizenRecord, registration: Registration) {
        let (citizen, registration) = try await register(new, principal: principal, now: now, on: db)
        if let audit {
            let entry = audit.about(citizen.id, citizen: citizen.id)
            try await AuditStore.record(registration == .joinedExisting ? entry.adding(criteria: "existing-registration") : entry, on: db)
        }
        return (citizen, registration)
    }

    static func register(_ new: NewCitizen, principal: Principal, now: Date, on db: any Database) async throws -> (citizen: CitizenRecord, registration: Registration) {
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
    public static func update(
        id: UUID, expectedVersion: Int, changes: Changes, principal: Principal, now: Date, audit: AuditEntry?, on db: any Database
    ) async throws -> CitizenRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Borgeren") }
        if let unit = changes.responsibleUnitID { try await checkResponsibleUnit(unit, principal: principal, on: db) }
        let given = changes.givenName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? current.givenName
        let family = changes.familyName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? current.familyName
        let unit = changes.responsibleUnitID ?? current.responsibleUnitID
        let updated = try await db.sql.raw("""
            UPDATE citizens SET given_name = \(bind: given), family_name = \(bind: family), responsible_unit_id = \(bind: unit),
            version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING \(columns)
            """).first(decoding: CitizenRecord.self, keyDecodingStrategy: .useDefaultKeys)
        guard let updated else { throw DomainError.staleVersion }
        if let audit { try await AuditStore.record(audit.about(updated.id, citizen: updated.id), on: db) }
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

extension CitizenStore {
    /// A citizen with a known id, without the checks of `create` (demo data and imports).
    package static func insert(
        id: UUID, municipalityID: UUID, cpr: String, givenName: String, familyName: String, responsibleUnitID: UUID, on db: any Database
    ) async throws {
        let m = CitizenModel()
        m.id = id
        m.municipalityID = municipalityID
        m.cpr = cpr
        m.givenName = givenName
        m.familyName = familyName
        m.responsibleUnitID = responsibleUnitID
        m.version = 1
        try await m.create(on: db)
    }
}
