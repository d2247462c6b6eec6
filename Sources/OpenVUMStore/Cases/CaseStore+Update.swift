import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    // MARK: Update

    /// Applies a JSON merge patch to the case document: refuses unknown and system fields, type errors,
    /// rule violations and a stale version; derives every system value; keeps functional-level versions;
    /// writes `audit` about the case.
    public static func update(
        id: UUID, expectedVersion: Int, patch: Any, principal: Principal, now: Date, terminology: any TerminologyLookup, audit: AuditEntry?,
        on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        let entered = try CasePatch.apply(patch, to: current.document)
        // IDs 68–76 come from orders (`applyOrder`), never from a change of the case.
        let typed = OrderRules.typedCaseItems(entered: entered, stored: current.document)
        if !typed.isEmpty { throw DomainError.validation(typed) }
        let saved = try await save(current, entered: entered, principal: principal, now: now, terminology: terminology, audit: audit, on: db)
        // A follow-up held now carries through to the orders (ends them, or asks the provider to change the support).
        guard try await OrderStore.carryFollowUps(old: current.document, new: saved, actor: principal, now: now, terminology: terminology, on: db) else {
            return saved
        }
        return try await find(id: id, principal: principal, on: db) ?? saved
    }

    /// `update` with the whole document as entered (the importer builds it typed): the same derivation,
    /// rules and history as a merge patch.
    public static func update(
        id: UUID, expectedVersion: Int, document: CaseDocument, principal: Principal, now: Date, terminology: any TerminologyLookup, audit: AuditEntry?,
        on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        return try await save(current, entered: document, principal: principal, now: now, terminology: terminology, audit: audit, on: db)
    }

    static func save(_ current: CaseRecord, entered patched: CaseDocument, principal: Principal, now: Date, terminology: any TerminologyLookup,
                     audit: AuditEntry?, on db: any Database) async throws -> CaseRecord {
        let settings = try await settings(municipalityID: current.municipalityID, on: db)
        var ctx = try await context(for: current, settings: settings, now: now, terminology: terminology, on: db)
        ctx.offers = try await OrganisationStore.offerRegister(unitIDs: Array(Set(patched.interventions.compactMap { $0.order?.providerUnitId })), on: db)
        let derived = CaseRules.derive(patched, old: current.document, context: ctx)
        // The stored document derived by today's rules: a value the rules now derive differently (a rule added
        // since it was saved) is not a change the user made, so phase gating compares against this.
        let errors = CaseRules.validate(derived, old: CaseRules.derive(current.document, old: current.document, context: ctx), context: ctx)
        if !errors.isEmpty { throw DomainError.validation(errors) }
        try await recordLevelVersions(old: current.document, new: derived, caseRecord: current, userID: principal.userID, now: now, on: db)
        try await recordFactVersions(old: current.document, new: derived, caseRecord: current, userID: principal.userID, now: now, on: db)
        return try await audited(
            save(current, document: derived, phase: current.phase, settings: settings, now: now, principal: principal, on: db), audit, on: db)
    }

    static func context(for c: CaseRecord, settings: CaseSettings, now: Date, terminology: any TerminologyLookup, on db: any Database) async throws -> CaseContext {
        let citizen = try await CitizenModel.find(c.citizenID, on: db)
        let birth = (try? CPRNumber(citizen?.cpr ?? ""))?.birthCalendarDate ?? c.openedOn
        var ctx = CaseContext(
            phase: c.phase, today: CalendarDate(now), openedOn: c.openedOn, citizenBirthDate: birth,
            inquiryCount: try await inquiryCount(caseID: c.id, on: db),
            caseCount: try await openCaseCount(caseworkerID: c.caseworkerID, on: db),
            settings: settings, terminology: terminology, closings: try await closings(caseID: c.id, on: db))
        ctx.useOfForceDates = try await OrderStore.useOfForceDates(caseID: c.id, on: db)
        return ctx
    }

    /// The days a case was closed on (it may have been reopened since), earliest first.
    static func closings(caseID: UUID, on db: any Database) async throws -> [CalendarDate] {
        try await db.sql.raw("""
            SELECT at, effective_on FROM case_transitions WHERE case_id = \(bind: caseID) AND to_phase = \(bind: CasePhase.closed.rawValue) ORDER BY seq
            """).all().map { r in
            try r.decode(column: "effective_on", as: String?.self).flatMap(CalendarDate.init) ?? CalendarDate(try r.decode(column: "at", as: Date.self))
        }
    }

    /// Writes the document and phase with the version check, and maintains the outstanding deadlines and the
    /// due-item history (`case_due_items`).
    static func save(_ current: CaseRecord, document: CaseDocument, phase: CasePhase, settings: CaseSettings, now: Date,
                     principal: Principal, closedOn: CalendarDate?? = nil, on db: any Database) async throws -> CaseRecord {
        let sql = db.sql
        let closings = try await closings(caseID: current.id, on: db)
        let deadlines = CaseDeadlines.compute(phase: phase, openedOn: current.openedOn, document: document, settings: settings, closings: closings)
        let closed: CalendarDate? = closedOn ?? current.closedOn
        let updated = try await sql.raw("""
            UPDATE cases SET document = \(bind: try encode(document)), phase = \(bind: phase.rawValue), closed_on = \(bind: closed?.description),
            next_deadline_on = \(bind: deadlines.first?.dueOn.description), next_deadline_kind = \(bind: deadlines.first?.kind.rawValue),
            paragraphs = \(bind: CaseRules.paragraphSummary(document)), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: current.id) AND version = \(bind: current.version) RETURNING id
            """).first()
        guard updated != nil else { throw DomainError.staleVersion }
        try await replaceDeadlines(caseID: current.id, municipalityID: current.municipalityID, unitID: current.responsibleUnitID,
                                   caseworkerID: current.caseworkerID, deadlines: deadlines, on: db)
        try await CaseProjection.rebuild(caseID: current.id, municipalityID: current.municipalityID, citizenID: current.citizenID, phase: phase,
                                         document: document, on: db)
        try await replaceDueItems(caseID: current.id, municipalityID: current.municipalityID,
                                  items: CaseDeadlines.history(openedOn: current.openedOn, document: document, settings: settings, closings: closings), on: db)
        try await CaseIndexStore.caseChanged(caseID: current.id, now: now, on: db)
        return try await find(id: current.id, principal: principal, on: db)!
    }

    static func recordLevelVersions(old: CaseDocument, new: CaseDocument, caseRecord c: CaseRecord, userID: UUID, now: Date, on db: any Database) async throws {
        let before = Dictionary((old.investigation.functionalLevels ?? []).map { ($0.subtheme, $0) }, uniquingKeysWith: { a, _ in a })
        let sql = db.sql
        for level in new.investigation.functionalLevels ?? [] where before[level.subtheme] != level {
            try await sql.insert(into: "functional_level_history")
                .columns("id", "case_id", "citizen_id", "subtheme", "level", "severity", "assessed_on", "recorded_at", "user_id")
                .values(SQLBind(UUID()), SQLBind(c.id), SQLBind(c.citizenID), SQLBind(level.subtheme), SQLBind(LevelColumn.value(level.level)), SQLBind(level.severity),
                        SQLBind((level.assessedOn ?? CalendarDate(now)).description), SQLBind(now), SQLBind(userID))
                .run()
        }
    }

    /// Rebuilds the case's due-item rows from the domain's history (figures.md T1.5, T1.10).
    static func replaceDueItems(caseID: UUID, municipalityID: UUID, items: [DueItem], on db: any Database) async throws {
        let sql = db.sql
        try await sql.delete(from: "case_due_items").where("case_id", .equal, caseID).run()
        guard !items.isEmpty else { return }
        var insert = sql.insert(into: "case_due_items").columns(dueItemColumns)
        for (i, item) in items.enumerated() { insert = insert.values(dueItemRow(item, seq: i + 1, caseID: caseID, municipalityID: municipalityID).map { SQLBind($0) }) }
        try await insert.run()
    }

    package static let dueItemColumns = ["id", "case_id", "municipality_id", "kind", "seq", "set_on", "due_on", "ending", "ended_on", "fulfilled_by"]

    package static func dueItemRow(_ item: DueItem, seq: Int, caseID: UUID, municipalityID: UUID) -> [any Encodable & Sendable] {
        [UUID(), caseID, municipalityID, item.kind.rawValue, seq, item.setOn.description, item.dueOn.description,
         item.ending?.rawValue, item.endedOn?.description, item.fulfilledBy]
    }

    /// Target groups (ID 60, with the primary one), support need (ID 59) and another acting or paying
    /// municipality (IDs 19–20, a handover) and the action plans (IDs 53–58, 61: a snapshot, figures.md T1.6) keep their
    /// history: each change is a dated version in `case_fact_history`.
    static func recordFactVersions(old: CaseDocument, new: CaseDocument, caseRecord c: CaseRecord, userID: UUID, now: Date, on db: any Database) async throws {
        var changes: [(CaseHistory.Fact, String?)] = []
        if old.assessment.targetGroups != new.assessment.targetGroups || old.assessment.primaryTargetGroup != new.assessment.primaryTargetGroup {
            let value = TargetGroupsVersion(codes: new.assessment.targetGroups ?? [], primary: new.assessment.primaryTargetGroup)
            changes.append((.targetGroups, String(decoding: try JSONEncoder().encode(value), as: UTF8.self)))
        }
        if old.assessment.currentSupportNeed != new.assessment.currentSupportNeed { changes.append((.supportNeed, new.assessment.currentSupportNeed)) }
        if old.opening.otherActingMunicipality != new.opening.otherActingMunicipality { changes.append((.actingMunicipality, new.opening.otherActingMunicipality)) }
        if old.opening.otherPayingMunicipality != new.opening.otherPayingMunicipality { changes.append((.payingMunicipality, new.opening.otherPayingMunicipality)) }
        let plan = FigureCase.ActionPlan(new.assessment)
        if FigureCase.ActionPlan(old.assessment) != plan { changes.append((.actionPlan, String(decoding: try JSONEncoder().encode(plan), as: UTF8.self))) }
        for (fact, value) in changes {
            try await db.sql.insert(into: "case_fact_history")
                .columns("id", "case_id", "citizen_id", "fact", "value", "valid_from", "recorded_at", "user_id")
                .values(SQLBind(UUID()), SQLBind(c.id), SQLBind(c.citizenID), SQLBind(fact.rawValue), SQLBind(value), SQLBind(CalendarDate(now).description),
                        SQLBind(now), SQLBind(userID))
                .run()
        }
    }

    static func replaceDeadlines(caseID: UUID, municipalityID: UUID, unitID: UUID, caseworkerID: UUID?, deadlines: [CaseDeadline], on db: any Database) async throws {
        let sql = db.sql
        try await sql.delete(from: "case_deadlines").where("case_id", .equal, caseID).run()
        guard !deadlines.isEmpty else { return }
        var insert = sql.insert(into: "case_deadlines").columns("id", "case_id", "municipality_id", "unit_id", "caseworker_id", "kind", "due_on", "label")
        for d in deadlines {
            insert = insert.values(SQLBind(UUID()), SQLBind(caseID), SQLBind(municipalityID), SQLBind(unitID), SQLBind(caseworkerID),
                                   SQLBind(d.kind.rawValue), SQLBind(d.dueOn.description), SQLBind(d.label))
        }
        try await insert.run()
    }
}
