import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// Guardians and party representatives given the citizen's own view (issue 16 item 7): the caseworker gives a citizen
/// account access for the citizen of a case that records the guardianship or party representation (IDs 7–12), and
/// removes it. Read and written in the caseworker's scope of the case.
public enum RepresentativeStore {
    public struct Representative: Sendable, Equatable {
        public var id: UUID
        public var caseID: UUID
        public var userID: UUID
        public var username: String
        public var displayName: String
        public var kind: RepresentativeKind
        public var grantedAt: Date
        /// Whether the case still records what the access rests on (else the account sees nothing of the citizen).
        public var recorded: Bool
    }

    /// The active representatives of a case in the principal's scope, the read audited with `audit`; nil when the case
    /// is not in the scope (not found).
    public static func list(caseID: UUID, principal p: Principal, audit: AuditEntry?, on db: any Database) async throws -> [Representative]? {
        guard let c = try await CaseStore.find(id: caseID, principal: p, on: db) else { return nil }
        if var audit {
            audit.objectID = caseID.uuidString
            audit.citizenID = c.citizenID
            try await AuditStore.record(audit.adding(criteria: "representatives"), on: db)
        }
        return try await active(caseID: caseID, opening: c.document.opening, on: db)
    }

    /// The active representatives of a case already read in the caller's scope (`opening`: its opening data).
    public static func active(caseID: UUID, opening: OpeningData, on db: any Database) async throws -> [Representative] {
        try await db.sql.raw("""
            SELECT r.id, r.user_id, r.kind, r.granted_at, u.username, u.display_name FROM citizen_representatives r JOIN users u ON u.id = r.user_id
            WHERE r.case_id = \(bind: caseID) AND r.removed_at IS NULL ORDER BY r.granted_at, r.id
            """).all().compactMap { r in
            guard let kind = RepresentativeKind(rawValue: try r.decode(column: "kind", as: String.self)) else { return nil }
            return Representative(id: try r.decode(column: "id", as: UUID.self), caseID: caseID, userID: try r.decode(column: "user_id", as: UUID.self),
                                  username: try r.decode(column: "username", as: String.self), displayName: try r.decode(column: "display_name", as: String.self),
                                  kind: kind, grantedAt: try r.decode(column: "granted_at", as: Date.self),
                                  recorded: Representation.isRecorded(kind, in: opening))
        }
    }

    /// Gives the citizen account `username` the citizen's own view as `kind`, on the caller's transaction with `audit`
    /// about the case. The account is the one the representative logs in with (through the national login: the
    /// configured claim's value); when the municipality has none by that name yet, it is made here — a citizen account
    /// named `displayName`, without a password. Refused: a case outside the scope (nil, not found); a kind the case
    /// does not record, a username that is malformed or another kind of account's, no name for a new account, the
    /// citizen's own account (validation); the same account already given access on the case (conflict).
    public static func grant(caseID: UUID, username: String?, displayName: String?, kind: String?, principal p: Principal, now: Date, audit: AuditEntry?,
                             on db: any Database) async throws -> Representative? {
        guard let c = try await CaseStore.find(id: caseID, principal: p, on: db) else { return nil }
        var refused: [FieldError] = []
        var k: RepresentativeKind?
        do { k = try Representation.check(kind: kind, opening: c.document.opening) } catch { refused += error.fieldErrors }
        let name = (username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let shownName = (displayName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var account: (id: UUID, username: String, displayName: String)?
        if name.isEmpty {
            refused.append(FieldError(field: "username", message: "Skriv brugernavnet, værgen eller partsrepræsentanten logger ind med."))
        } else if let problem = AccountRules.usernameProblem(name) {
            refused.append(FieldError(field: "username", message: problem))
        } else if let row = try await db.sql.raw("""
            SELECT id, username, display_name, role, citizen_id, active, municipality_id FROM users WHERE username = \(bind: name)
            """).first() {
            if try row.decode(column: "role", as: String.self) != Role.citizen.rawValue
                || (try row.decode(column: "municipality_id", as: UUID.self)) != p.municipalityID || !(try row.decode(column: "active", as: Bool.self)) {
                refused.append(FieldError(field: "username", message: "Brugernavnet tilhører ikke en aktiv borgerkonto i kommunen. Vælg et andet."))
            } else if try row.decode(column: "citizen_id", as: UUID?.self) == c.citizenID {
                refused.append(FieldError(field: "username", message: "Det er borgerens egen konto; borgeren ser allerede sin side."))
            } else {
                account = (try row.decode(column: "id", as: UUID.self), name, try row.decode(column: "display_name", as: String.self))
            }
        } else if shownName.isEmpty {
            refused.append(FieldError(field: "displayName", message: "Der er ingen konto med det brugernavn endnu. Skriv værgens eller partsrepræsentantens navn, så oprettes den."))
        } else if let problem = AccountRules.displayNameProblem(shownName) {
            refused.append(FieldError(field: "displayName", message: problem))
        }
        guard refused.isEmpty, let k else { throw DomainError.validation(refused) }
        let user: (id: UUID, username: String, displayName: String)
        if let account {
            user = account
        } else {
            // A citizen account for the national login only: no password (`Passwords.verify` refuses it).
            let made = try await UserStore.create(.init(municipalityID: p.municipalityID, username: name, passwordHash: "", displayName: shownName,
                                                        role: .citizen, unitIDs: []), on: db)
            user = (made.id, made.username, made.displayName)
        }
        if try await db.sql.raw("""
            SELECT 1 AS x FROM citizen_representatives WHERE case_id = \(bind: caseID) AND user_id = \(bind: user.id) AND removed_at IS NULL
            """).first() != nil {
            throw DomainError(.conflict, code: "representative.exists", title: "Kontoen har allerede adgang",
                              detail: "Fjern den nuværende adgang først, hvis den skal gives som noget andet.")
        }
        let id = UUID()
        try await db.sql.insert(into: "citizen_representatives")
            .columns("id", "municipality_id", "case_id", "citizen_id", "user_id", "kind", "granted_at", "granted_by")
            .values(SQLBind(id), SQLBind(p.municipalityID), SQLBind(caseID), SQLBind(c.citizenID), SQLBind(user.id), SQLBind(k.rawValue), SQLBind(now), SQLBind(p.userID))
            .run()
        if var audit {
            audit.objectID = caseID.uuidString
            audit.citizenID = c.citizenID
            try await AuditStore.record(audit.adding(criteria: "representative=\(id.uuidString.lowercased()) kind=\(k.rawValue)"), on: db)
        }
        return Representative(id: id, caseID: caseID, userID: user.id, username: user.username, displayName: user.displayName, kind: k, grantedAt: now,
                              recorded: true)
    }

    /// Removes an access given on the case, with `audit`; one already removed stays removed (the same answer). False
    /// when the case is not in the principal's scope or has no such access (not found).
    public static func remove(caseID: UUID, id: UUID, principal p: Principal, now: Date, audit: AuditEntry?, on db: any Database) async throws -> Bool {
        guard let c = try await CaseStore.find(id: caseID, principal: p, on: db),
              try await db.sql.raw("SELECT 1 AS x FROM citizen_representatives WHERE id = \(bind: id) AND case_id = \(bind: caseID)").first() != nil else {
            return false
        }
        try await db.sql.raw("""
            UPDATE citizen_representatives SET removed_at = \(bind: now), removed_by = \(bind: p.userID)
            WHERE id = \(bind: id) AND case_id = \(bind: caseID) AND removed_at IS NULL
            """).run()
        if var audit {
            audit.objectID = caseID.uuidString
            audit.citizenID = c.citizenID
            try await AuditStore.record(audit.adding(criteria: "representative=\(id.uuidString.lowercased())"), on: db)
        }
        return true
    }
}
