import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

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
        return try await withRepresentations(try principal(rows), on: db)
    }

    /// A citizen account's principal with the citizens it represents (issue 16 item 7): those a caseworker gave it and
    /// has not removed, while the case still records the guardianship or party representation the access rests on.
    /// One more query, for citizen accounts only.
    static func withRepresentations(_ principal: Principal?, on db: any Database) async throws -> Principal? {
        guard var p = principal, p.role == .citizen else { return principal }
        for r in try await db.sql.raw("""
            SELECT r.citizen_id, r.kind, c.document FROM citizen_representatives r JOIN cases c ON c.id = r.case_id
            WHERE r.user_id = \(bind: p.userID) AND r.municipality_id = \(bind: p.municipalityID) AND r.removed_at IS NULL
            """).all() {
            guard let kind = RepresentativeKind(rawValue: try r.decode(column: "kind", as: String.self)),
                  let doc = try? JSONDecoder().decode(CaseDocument.self, from: Data(try r.decode(column: "document", as: String.self).utf8)),
                  Representation.isRecorded(kind, in: doc.opening) else { continue }
            p.representedCitizenIDs.insert(try r.decode(column: "citizen_id", as: UUID.self))
        }
        return p
    }

    static let principalColumns: SQLQueryString = """
        u.id AS user_id, u.municipality_id, u.username, u.display_name, u.role, u.active, u.citizen_id, uu.unit_id,
        (SELECT ou.kind FROM org_units ou WHERE ou.id = uu.unit_id) AS unit_kind,
        (SELECT mu.name FROM municipalities mu WHERE mu.id = u.municipality_id) AS municipality_name,
        (SELECT ms.settings FROM municipality_settings ms WHERE ms.municipality_id = u.municipality_id) AS municipality_settings
        """

    /// A principal from rows of `principalColumns` (one per unit membership); nil for no rows or an inactive user.
    static func principal(_ rows: [any SQLRow]) throws -> Principal? {
        guard let first = rows.first, try first.decode(column: "active", as: Bool.self),
              let role = Role(rawValue: try first.decode(column: "role", as: String.self)) else { return nil }
        var p = Principal(
            userID: try first.decode(column: "user_id", as: UUID.self), municipalityID: try first.decode(column: "municipality_id", as: UUID.self),
            username: try first.decode(column: "username", as: String.self), displayName: try first.decode(column: "display_name", as: String.self),
            role: role, unitIDs: Set(try rows.compactMap { try $0.decode(column: "unit_id", as: UUID?.self) }),
            citizenID: try first.decode(column: "citizen_id", as: UUID?.self),
            municipalityName: try first.decode(column: "municipality_name", as: String?.self),
            authorityPhone: try first.decode(column: "municipality_settings", as: String?.self)
                .flatMap { try? JSONDecoder().decode(CaseSettings.self, from: Data($0.utf8)) }?.contact.phone)
        for r in rows {
            if let unit = try r.decode(column: "unit_id", as: UUID?.self), let kind = try r.decode(column: "unit_kind", as: String?.self).flatMap(UnitKind.init) {
                p.unitKinds[unit] = kind
            }
        }
        return p
    }

    public struct NewUser: Sendable {
        public var id: UUID
        public var municipalityID: UUID
        public var username: String
        public var passwordHash: String
        public var displayName: String
        public var role: Role
        public var unitIDs: [UUID]
        public var citizenID: UUID?
        public var isDemo: Bool
        public init(
            id: UUID = UUID(), municipalityID: UUID, username: String, passwordHash: String, displayName: String, role: Role, unitIDs: [UUID],
            citizenID: UUID? = nil, isDemo: Bool = false
        ) {
            self.id = id
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

    /// Creates a user with memberships and, when given, the action's audit row (naming `new.id`). Units must
    /// belong to the user's municipality. Call inside a transaction: a failure leaves nothing behind.
    public static func create(_ new: NewUser, audit: AuditEntry? = nil, on db: any Database) async throws -> UserRecord {
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
        user.id = new.id
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
        if let audit { try await AuditStore.record(audit, on: db) }
        return record(user)
    }

    public struct Changes: Sendable, Equatable {
        public var displayName: String?
        public var role: Role?
        public var unitIDs: [UUID]?
        public var active: Bool?
        /// The new phone number as written by `ContactRules.phone`; "" removes it; nil leaves it.
        public var phone: String?
        public init(displayName: String? = nil, role: Role? = nil, unitIDs: [UUID]? = nil, active: Bool? = nil, phone: String? = nil) {
            self.phone = phone
            self.displayName = displayName
            self.role = role
            self.unitIDs = unitIDs
            self.active = active
        }

        /// What changed, for the audit row (no personal data besides the role and unit ids).
        public var summary: String {
            [displayName.map { _ in "displayName" }, role.map { "role=\($0.rawValue)" },
             unitIDs.map { "units=\($0.map { $0.uuidString.lowercased() }.sorted().joined(separator: ","))" },
             active.map { "active=\($0)" }, phone.map { _ in "phone" }].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// Applies `changes` to a user of `municipalityID` if the stored version is `expectedVersion` (412 otherwise,
    /// 404 for a user of another municipality). Units must be the municipality's; a role that needs units keeps
    /// at least one. Returns the user and their units. Call inside a transaction.
    public static func update(
        id: UUID, municipalityID: UUID, expectedVersion: Int, changes: Changes, audit: AuditEntry?, on db: any Database
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
        let phone = changes.phone.map { $0.isEmpty ? nil : $0 } ?? current.phone
        guard let row = try await db.sql.raw("""
            UPDATE users SET display_name = \(bind: name), role = \(bind: role.rawValue), active = \(bind: active), phone = \(bind: phone), version = version + 1
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
        updated.phone = phone
        updated.version = try row.decode(column: "version", as: Int.self)
        if let audit { try await AuditStore.record(audit.about(id, citizen: nil), on: db) }
        return (updated, Array(Set(units)).sorted { $0.uuidString < $1.uuidString })
    }

    /// Users of a municipality, ordered by username.
    public static func list(municipalityID: UUID, on db: any Database) async throws -> [UserRecord] {
        try await UserModel.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$username).all().map(record)
    }

    /// Who may hold a case: the active caseworkers and team leaders of a municipality, once per team they
    /// belong to, ordered by team and name.
    public static func caseHolders(municipalityID: UUID, on db: any Database) async throws -> [CaseHolder] {
        try await db.sql.raw("""
            SELECT u.id, u.display_name, uu.unit_id FROM users u JOIN user_units uu ON uu.user_id = u.id
            WHERE u.municipality_id = \(bind: municipalityID) AND u.active = \(bind: true)
              AND u.role IN (\(bind: Role.caseworker.rawValue), \(bind: Role.teamLeader.rawValue))
            ORDER BY uu.unit_id, u.display_name, u.id
            """).all().map { r in
            CaseHolder(userID: try r.decode(column: "id", as: UUID.self), displayName: try r.decode(column: "display_name", as: String.self),
                       unitID: try r.decode(column: "unit_id", as: UUID.self))
        }
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
            citizenID: m.citizenID, version: m.version, phone: m.phone)
    }
}
