import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// One holder of a case: the responsible team and caseworker from a day on, and why (WF-29).
public struct CaseAssignment: Sendable, Codable, Equatable {
    public var unitID: UUID
    public var caseworkerID: UUID?
    public var validFrom: CalendarDate
    public var reason: AssignmentReason?
    public var assignedBy: UUID?
    enum CodingKeys: String, CodingKey { case unitID = "unitId", caseworkerID = "caseworkerId", validFrom, reason, assignedBy }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(unitID, forKey: .unitID)
        try c.encode(caseworkerID, forKey: .caseworkerID)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(reason, forKey: .reason)
        try c.encode(assignedBy, forKey: .assignedBy)
    }
}

extension CaseStore {
    // MARK: Assignment and handover

    /// Assigns or reassigns the case's responsible team and caseworker (nil: unassigned, for the team to
    /// allocate) from today; a handover (the case has a caseworker) with a reason. The caseworker must be a caseworker or team leader of that team;
    /// the team an authority team of the municipality. Keeps every holder in `case_assignments`; the open
    /// deadlines and reminders follow the new holder. Writes `audit` about the case.
    public static func assign(
        id: UUID, expectedVersion: Int, unitID: UUID?, caseworkerID: UUID?, reason: AssignmentReason?, principal: Principal, now: Date,
        audit: AuditEntry?, on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        var e = FieldErrorCollector()
        let team = unitID ?? current.responsibleUnitID
        // Handing a case over needs a reason (redistribution, illness, resignation); allocating an unassigned one does not.
        if reason == nil && current.caseworkerID != nil {
            e.add("reason", "Vælg årsagen til fordelingen: \(AssignmentReason.allCases.map { $0.danishName.lowercased() }.joined(separator: ", ")).")
        }
        if current.phase == .closed { e.add("caseworkerId", "Sagen er afsluttet. Genåbn sagen for at fordele den.") }
        let units = try await OrganisationStore.units(municipalityID: principal.municipalityID, on: db)
        if !units.contains(where: { $0.id == team && $0.kind == .authorityTeam }) {
            e.add("unitId", "Teamet findes ikke som myndighedsteam i kommunen.")
        }
        if let cw = caseworkerID {
            let user = try await UserStore.find(id: cw, on: db)
            let memberOf = try await UserStore.unitIDs(userID: cw, on: db)
            if user == nil || user?.municipalityID != principal.municipalityID || !(user?.role == .caseworker || user?.role == .teamLeader)
                || user?.active == false || !memberOf.contains(team) {
                e.add("caseworkerId", "Sagsbehandleren er ikke sagsbehandler i teamet.")
            }
        }
        if team == current.responsibleUnitID && caseworkerID == current.caseworkerID {
            e.add("caseworkerId", "Sagen har allerede denne ansvarlige.")
        }
        try e.throwIfAny()

        let sql = db.sql
        let today = CalendarDate(now)
        let seq = try await sql.raw("SELECT COUNT(*) AS n FROM case_assignments WHERE case_id = \(bind: id)").first()!.decode(column: "n", as: Int.self) + 1
        try await sql.insert(into: "case_assignments")
            .columns("id", "case_id", "seq", "unit_id", "caseworker_id", "valid_from", "reason", "assigned_by", "assigned_at")
            .values(SQLBind(UUID()), SQLBind(id), SQLBind(seq), SQLBind(team), SQLBind(caseworkerID), SQLBind(today.description), SQLBind(reason?.rawValue),
                    SQLBind(principal.userID), SQLBind(now))
            .run()
        let updated = try await sql.raw("""
            UPDATE cases SET responsible_unit_id = \(bind: team), caseworker_id = \(bind: caseworkerID), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND version = \(bind: current.version) RETURNING id
            """).first()
        guard updated != nil else { throw DomainError.staleVersion }
        try await sql.raw("UPDATE case_deadlines SET unit_id = \(bind: team), caseworker_id = \(bind: caseworkerID) WHERE case_id = \(bind: id)").run()
        if let caseworkerID {
            // Open reminders go to the new holder (one per deadline: first drop what the new holder had on the case).
            try await sql.raw("DELETE FROM reminders WHERE case_id = \(bind: id) AND user_id = \(bind: caseworkerID)").run()
            try await sql.raw("UPDATE reminders SET user_id = \(bind: caseworkerID) WHERE case_id = \(bind: id) AND dismissed_at IS NULL").run()
        }
        try await CaseIndexStore.caseChanged(caseID: id, now: now, on: db)
        // A principal whose scope is the old team may no longer see the case: read it back by id in the
        // municipality (the write was in scope).
        let record = try await sql.raw("SELECT \(columns) FROM cases c WHERE c.id = \(bind: id)").first().map(self.record)!
        return try await audited(record, audit, on: db)
    }

    /// Every holder of a case, first to last.
    public static func assignments(caseID: UUID, on db: any Database) async throws -> [CaseAssignment] {
        try await db.sql.raw("""
            SELECT unit_id, caseworker_id, valid_from, reason, assigned_by FROM case_assignments WHERE case_id = \(bind: caseID) ORDER BY seq
            """).all().map { r in
            CaseAssignment(unitID: try r.decode(column: "unit_id", as: UUID.self), caseworkerID: try r.decode(column: "caseworker_id", as: UUID?.self),
                           validFrom: CalendarDate(try r.decode(column: "valid_from", as: String.self)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
                           reason: try r.decode(column: "reason", as: String?.self).flatMap(AssignmentReason.init(rawValue:)),
                           assignedBy: try r.decode(column: "assigned_by", as: UUID?.self))
        }
    }
}
