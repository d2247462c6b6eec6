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

    /// A decision letter the case generates (`/mine-sager/:caseID/afgoerelsesbrev.pdf`): one per case with a decision.
    public struct Letter: Sendable, Equatable {
        public var caseID: UUID
        public var caseNumber: String
        /// The latest decision's day.
        public var decidedOn: CalendarDate?
    }

    /// An electronic consent given or withdrawn on the citizen's page, and by whom: the citizen or a representative.
    public struct Consent: Sendable, Equatable {
        public var caseID: UUID
        public var action: ElectronicConsent.Action
        public var collectFrom: [InformationParty]
        public var discloseTo: [InformationParty]
        public var givenOn: CalendarDate
        public var givenAt: Date
        /// Nil when the citizen acted; else the representative's kind.
        public var representative: RepresentativeKind?
    }

    public struct Overview: Sendable, Equatable {
        /// The citizen the overview is of (the account's own, or one it represents).
        public var citizenID: UUID
        public var cases: [Case]
        public var grants: [Grant]
        public var documents: [CaseAttachment]
        public var lookups: [Lookup]
        /// The citizen's latest view on each goal of their cases.
        public var goalViews: [CitizenGoalView] = []
        public var letters: [Letter] = []
        /// The consent log of the citizen's cases, newest first.
        public var consents: [Consent] = []
    }

    /// The documents a citizen is sent or gives: decisions, action plans, letters, consents, minutes of meetings.
    public static let citizenKinds: Set<DocumentKind> = [.decision, .actionPlan, .correspondence, .consent, .minutes, .application]

    /// The overview of a citizen the principal acts for — their own or one they represent (nil otherwise: answered as
    /// not found) — audited as one read of the citizen. Lookups by the citizen's own account and by the reader are not
    /// listed; a representative's are, as such; the newest `lookupLimit` are.
    public static func overview(citizenID: UUID, principal p: Principal, today: CalendarDate, lookupLimit: Int = 200, audit: AuditEntry?,
                                on db: any Database) async throws -> Overview? {
        guard p.actsFor(citizenID) else { return nil }
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
        let names = try await OrganisationStore.unitNames(Set(cases.flatMap { $0.document.interventions.compactMap { $0.order?.providerUnitId } }), on: db)
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
            SELECT a.occurred_at, a.action, u.name AS unit_name, us.role AS user_role FROM audit_log a
            LEFT JOIN org_units u ON u.id = a.unit_id LEFT JOIN users us ON us.id = a.user_id
            WHERE a.citizen_id = \(bind: citizenID) AND (a.user_id IS NULL OR (a.user_id <> \(bind: p.userID)
              AND NOT EXISTS (SELECT 1 FROM users own WHERE own.id = a.user_id AND own.citizen_id = \(bind: citizenID))))
            ORDER BY a.occurred_at DESC, a.occurred_us DESC LIMIT \(literal: lookupLimit)
            """).all().map { r in
            let byRepresentative = try r.decode(column: "user_role", as: String?.self) == Role.citizen.rawValue
            return Lookup(at: try r.decode(column: "occurred_at", as: Date.self),
                          unit: byRepresentative ? CitizenPortal.representativeUnit : try r.decode(column: "unit_name", as: String?.self),
                          purpose: CitizenPortal.purpose(ofAction: try r.decode(column: "action", as: String.self)))
        }
        let letters = cases.compactMap { c -> Letter? in
            let decided = c.document.interventions.filter { $0.decision?.outcome != nil }
            guard !decided.isEmpty else { return nil }
            return Letter(caseID: c.id, caseNumber: c.caseNumber, decidedOn: decided.compactMap { $0.decision?.decidedOn }.max())
        }
        return Overview(citizenID: citizenID, cases: cases, grants: grants, documents: documents, lookups: lookups,
                        goalViews: try await goalViews(caseIDs: cases.map(\.id), on: db), letters: letters,
                        consents: try await consents(caseIDs: cases.map(\.id), on: db))
    }

    /// A citizen whose page a citizen account may see: its own record or one it represents.
    public struct Choice: Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var own: Bool
    }

    /// The citizens a citizen account may see pages of: its own record first, then those it represents by name.
    public static func citizens(principal p: Principal, on db: any Database) async throws -> [Choice] {
        let ids = Array(p.representedCitizenIDs.union(p.citizenID.map { [$0] } ?? []))
        guard p.role == .citizen, !ids.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT id, given_name, family_name FROM citizens WHERE id IN (\(binds: ids)) AND municipality_id = \(bind: p.municipalityID)
            ORDER BY family_name, given_name, id
            """).all().map { r in
            let id = try r.decode(column: "id", as: UUID.self)
            return Choice(id: id, name: "\(try r.decode(column: "given_name", as: String.self)) \(try r.decode(column: "family_name", as: String.self))",
                          own: id == p.citizenID)
        }.sorted { $0.own && !$1.own }
    }

    /// The case of `caseID` if it belongs to a citizen the principal acts for: the case store's own read, whose scope
    /// for a citizen account is exactly its own citizen and those it represents (`AccessScope.citizens`).
    static func actedForCase(_ caseID: UUID, principal p: Principal, on db: any Database) async throws -> CaseRecord? {
        guard p.role == .citizen else { return nil }
        return try await CaseStore.find(id: caseID, principal: p, on: db)
    }

    /// The representative kind of the principal for `citizenID` (nil when it is their own record).
    static func representativeKind(principal p: Principal, citizenID: UUID, on db: any Database) async throws -> RepresentativeKind? {
        guard p.citizenID != citizenID else { return nil }
        return try await db.sql.raw("""
            SELECT kind FROM citizen_representatives WHERE user_id = \(bind: p.userID) AND citizen_id = \(bind: citizenID) AND removed_at IS NULL
            ORDER BY granted_at LIMIT 1
            """).first().flatMap { RepresentativeKind(rawValue: try $0.decode(column: "kind", as: String.self)) }
    }

    // MARK: Electronic consent

    /// Records the citizen's (or their representative's) electronic consent decision on a case of a citizen the
    /// principal acts for: IDs 14–17 on the case through the case's own update (rules, history, index messages), and
    /// the decision in the consent log, with `audit` about the case. Nil when the case is not theirs (not found); a
    /// closed case, or withdrawing where no consent is given, is a conflict.
    public static func recordConsent(_ d: ElectronicConsent.Decision, caseID: UUID, principal p: Principal, now: Date, terminology: any TerminologyLookup,
                                     audit: AuditEntry?, on db: any Database) async throws -> UUID? {
        guard let current = try await actedForCase(caseID, principal: p, on: db) else { return nil }
        guard ElectronicConsent.isOpen(phase: current.phase) else {
            throw DomainError(.conflict, code: "consent.case-closed", title: "Sagen er afsluttet",
                              detail: "Der kan ikke gives eller trækkes samtykke på en afsluttet sag. Kontakt kommunen.")
        }
        if d.action == .withdraw && !ElectronicConsent.canWithdraw(current.document.opening) {
            throw DomainError(.conflict, code: "consent.none-given", title: "Der er ikke givet samtykke", detail: "Der er intet samtykke at trække tilbage.")
        }
        var document = current.document
        document.opening = ElectronicConsent.apply(d, to: document.opening)
        var caseAudit = audit
        caseAudit?.objectID = caseID.uuidString
        caseAudit?.citizenID = current.citizenID
        _ = try await CaseStore.update(id: caseID, expectedVersion: current.version, document: document, principal: p, now: now, terminology: terminology,
                                       audit: caseAudit.map { $0.adding(criteria: "consent=\(d.action.rawValue)") }, on: db)
        let representative = try await representativeKind(principal: p, citizenID: current.citizenID, on: db)
        try await db.sql.insert(into: "citizen_consents")
            .columns("id", "municipality_id", "case_id", "citizen_id", "action", "collect_from", "disclose_to", "given_on", "given_at", "given_by", "representative")
            .values(SQLBind(UUID()), SQLBind(p.municipalityID), SQLBind(caseID), SQLBind(current.citizenID), SQLBind(d.action.rawValue),
                    SQLBind(d.collectFrom.map(\.rawValue).joined(separator: ",")), SQLBind(d.discloseTo.map(\.rawValue).joined(separator: ",")),
                    SQLBind(CalendarDate(now).description), SQLBind(now), SQLBind(p.userID), SQLBind(representative?.rawValue))
            .run()
        return current.citizenID
    }

    /// The consent log of the given cases (already read in the caller's scope), newest first.
    public static func consents(caseIDs: [UUID], on db: any Database) async throws -> [Consent] {
        guard !caseIDs.isEmpty else { return [] }
        func parties(_ s: String) -> [InformationParty] { s.split(separator: ",").compactMap { InformationParty(rawValue: String($0)) } }
        return try await db.sql.raw("""
            SELECT case_id, action, collect_from, disclose_to, given_on, given_at, representative FROM citizen_consents
            WHERE case_id IN (\(binds: caseIDs)) ORDER BY given_at DESC, id
            """).all().compactMap { r in
            guard let action = ElectronicConsent.Action(rawValue: try r.decode(column: "action", as: String.self)),
                  let on = CalendarDate(try r.decode(column: "given_on", as: String.self)) else { return nil }
            return Consent(caseID: try r.decode(column: "case_id", as: UUID.self), action: action,
                           collectFrom: parties(try r.decode(column: "collect_from", as: String.self)),
                           discloseTo: parties(try r.decode(column: "disclose_to", as: String.self)), givenOn: on,
                           givenAt: try r.decode(column: "given_at", as: Date.self),
                           representative: try r.decode(column: "representative", as: String?.self).flatMap(RepresentativeKind.init(rawValue:)))
        }
    }

    // MARK: The citizen's view on their goals

    /// Records the citizen's (or their representative's) view on a goal of a case of a citizen the principal acts for,
    /// on the caller's transaction, with `audit` about the case; the citizen's id, or nil when the case is not theirs or
    /// has no such goal (answered as not found).
    public static func recordGoalView(_ v: CitizenGoalView, caseID: UUID, principal p: Principal, now: Date, audit: AuditEntry?,
                                      on db: any Database) async throws -> UUID? {
        guard let found = try await actedForCase(caseID, principal: p, on: db), found.document.goals.contains(where: { $0.id == v.goalID }) else { return nil }
        let citizenID = found.citizenID
        try await db.sql.insert(into: "citizen_goal_views")
            .columns("id", "municipality_id", "case_id", "citizen_id", "goal_id", "colour", "sentence", "given_on", "given_at", "given_by")
            .values(SQLBind(UUID()), SQLBind(p.municipalityID), SQLBind(caseID), SQLBind(citizenID), SQLBind(v.goalID), SQLBind(v.colour.rawValue),
                    SQLBind(v.sentence), SQLBind(v.givenOn.description), SQLBind(now), SQLBind(p.userID))
            .run()
        if var audit {
            audit.objectID = caseID.uuidString
            audit.citizenID = citizenID
            try await AuditStore.record(audit.adding(criteria: "goal=\(v.goalID.uuidString.lowercased())"), on: db)
        }
        return citizenID
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
