import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The citizen's own view (issue 16 item 6): the citizen's cases, grants and documents, and who looked at their data —
/// read for the citizen's own account only (the principal's citizen), in one audited read.
public enum CitizenSelfStore {
    public struct Case: Sendable, Equatable {
        public var id: UUID
        public var caseNumber: String
        public var phase: CasePhase
        public var openedOn: CalendarDate
        public var document: CaseDocument
    }

    /// A granted intervention as the citizen reads it.
    public struct Grant: Sendable, Equatable {
        public var caseNumber: String
        /// The FFB services (KLInterventionsFFB) and service types (KLServiceCodesFFB) granted.
        public var services: [String]
        public var offers: [String]
        public var paragraph: String?
        public var from: CalendarDate?
        public var to: CalendarDate?
        public var ended: Bool
        public var provider: String?
        public var nextFollowUp: CalendarDate?
    }

    /// A lookup of the citizen's data: when, by which unit, why — never by whom.
    public struct Lookup: Sendable, Equatable {
        public var at: Date
        public var unit: String?
        public var purpose: String
    }

    public struct Overview: Sendable, Equatable {
        public var cases: [Case]
        public var grants: [Grant]
        public var documents: [CaseAttachment]
        public var lookups: [Lookup]
        /// The citizen's latest view on each goal of their cases.
        public var goalViews: [CitizenGoalView] = []
    }

    /// The documents a citizen is sent or gives: decisions, action plans, letters, consents, minutes of meetings.
    public static let citizenKinds: Set<DocumentKind> = [.decision, .actionPlan, .correspondence, .consent, .minutes, .application]

    /// The overview of the principal's own citizen (nil for a principal who is no citizen), audited as one read of the
    /// citizen. Lookups by the citizen's own account are not listed; the newest `lookupLimit` others are.
    public static func overview(principal p: Principal, today: CalendarDate, lookupLimit: Int = 200, audit: AuditEntry?,
                                on db: any Database) async throws -> Overview? {
        guard p.role == .citizen, let citizenID = p.citizenID else { return nil }
        let sql = db.sql
        var cases: [Case] = []
        for r in try await sql.raw("""
            SELECT id, case_number, phase, opened_on, document FROM cases
            WHERE citizen_id = \(bind: citizenID) AND municipality_id = \(bind: p.municipalityID) ORDER BY opened_on DESC, case_number DESC
            """).all() {
            guard let phase = CasePhase(rawValue: try r.decode(column: "phase", as: String.self)),
                  let opened = CalendarDate(try r.decode(column: "opened_on", as: String.self)) else { continue }
            cases.append(Case(id: try r.decode(column: "id", as: UUID.self), caseNumber: try r.decode(column: "case_number", as: String.self), phase: phase,
                              openedOn: opened,
                              document: try JSONDecoder().decode(CaseDocument.self, from: Data(try r.decode(column: "document", as: String.self).utf8))))
        }
        if var audit {
            audit.citizenID = citizenID
            audit.objectID = citizenID.uuidString
            try await AuditStore.record(audit, on: db)
        }
        let units = Set(cases.flatMap { $0.document.interventions.compactMap { $0.order?.providerUnitId } })
        var names: [UUID: String] = [:]
        if !units.isEmpty {
            for r in try await sql.raw("SELECT id, name FROM org_units WHERE id IN (\(binds: Array(units)))").all() {
                names[try r.decode(column: "id", as: UUID.self)] = try r.decode(column: "name", as: String.self)
            }
        }
        var grants: [Grant] = []
        for c in cases {
            for i in c.document.interventions where i.decision?.outcome == .granted {
                let period = GrantIndex.period(i)
                grants.append(Grant(caseNumber: c.caseNumber, services: (i.services ?? []).map(\.code), offers: (i.offers ?? []).map(\.code),
                                    paragraph: i.decision?.paragraph, from: period?.fra, to: period?.til,
                                    ended: i.end.map { $0.endedOn < today } ?? false, provider: i.order?.providerUnitId.flatMap { names[$0] },
                                    nextFollowUp: i.end == nil ? CitizenPortal.nextFollowUp(c.document, today: today) : nil))
            }
        }
        let documents = try await CaseStore.attachments(caseIDs: cases.map(\.id), on: db).filter { citizenKinds.contains($0.kind) }
        let lookups = try await sql.raw("""
            SELECT a.occurred_at, a.action, u.name AS unit_name FROM audit_log a LEFT JOIN org_units u ON u.id = a.unit_id
            WHERE a.citizen_id = \(bind: citizenID) AND (a.user_id IS NULL OR a.user_id <> \(bind: p.userID))
            ORDER BY a.occurred_at DESC, a.occurred_us DESC LIMIT \(literal: lookupLimit)
            """).all().map { r in
            Lookup(at: try r.decode(column: "occurred_at", as: Date.self), unit: try r.decode(column: "unit_name", as: String?.self),
                   purpose: CitizenPortal.purpose(ofAction: try r.decode(column: "action", as: String.self)))
        }
        return Overview(cases: cases, grants: grants, documents: documents, lookups: lookups,
                        goalViews: try await goalViews(caseIDs: cases.map(\.id), on: db))
    }

    // MARK: The citizen's view on their goals

    /// Records the citizen's view on a goal of one of their own cases, on the caller's transaction, with `audit` about
    /// the case; nil when the case is not theirs or has no such goal (answered as not found).
    public static func recordGoalView(_ v: CitizenGoalView, caseID: UUID, principal p: Principal, now: Date, audit: AuditEntry?,
                                      on db: any Database) async throws -> UUID? {
        guard p.role == .citizen, let citizenID = p.citizenID else { return nil }
        let sql = db.sql
        guard let row = try await sql.raw("""
            SELECT document FROM cases WHERE id = \(bind: caseID) AND citizen_id = \(bind: citizenID) AND municipality_id = \(bind: p.municipalityID)
            """).first() else { return nil }
        let document = try JSONDecoder().decode(CaseDocument.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
        guard document.goals.contains(where: { $0.id == v.goalID }) else { return nil }
        try await sql.insert(into: "citizen_goal_views")
            .columns("id", "municipality_id", "case_id", "citizen_id", "goal_id", "colour", "sentence", "given_on", "given_at", "given_by")
            .values(SQLBind(UUID()), SQLBind(p.municipalityID), SQLBind(caseID), SQLBind(citizenID), SQLBind(v.goalID), SQLBind(v.colour.rawValue),
                    SQLBind(v.sentence), SQLBind(v.givenOn.description), SQLBind(now), SQLBind(p.userID))
            .run()
        if var audit {
            audit.objectID = caseID.uuidString
            audit.citizenID = citizenID
            try await AuditStore.record(audit.adding(criteria: "goal=\(v.goalID.uuidString.lowercased())"), on: db)
        }
        return caseID
    }

    /// The latest view on each goal of the given cases (already read in the caller's scope).
    public static func goalViews(caseIDs: [UUID], on db: any Database) async throws -> [CitizenGoalView] {
        guard !caseIDs.isEmpty else { return [] }
        var latest: [UUID: CitizenGoalView] = [:]
        for r in try await db.sql.raw("""
            SELECT goal_id, colour, sentence, given_on FROM citizen_goal_views WHERE case_id IN (\(binds: caseIDs)) ORDER BY given_at, id
            """).all() {
            guard let colour = GoalColour(rawValue: try r.decode(column: "colour", as: String.self)),
                  let on = CalendarDate(try r.decode(column: "given_on", as: String.self)) else { continue }
            let goal = try r.decode(column: "goal_id", as: UUID.self)
            latest[goal] = CitizenGoalView(goalID: goal, colour: colour, sentence: try r.decode(column: "sentence", as: String?.self), givenOn: on)
        }
        return latest.values.sorted { $0.goalID.uuidString < $1.goalID.uuidString }
    }
}
