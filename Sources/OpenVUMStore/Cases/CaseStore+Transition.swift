import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    // MARK: Transitions

    /// Moves the case to another phase if the process allows it; stamps phase dates (IDs 25, 28, 62),
    /// keeps the transition and the national case state as history. Closing (from any phase) needs a coded
    /// reason, takes effect on `effectiveOn` (default today) and ends the ordered interventions and their orders on that day.
    public static func transition(
        id: UUID, expectedVersion: Int, to: CasePhase, reason: String?, closeReason: CloseReason? = nil, effectiveOn: CalendarDate? = nil,
        recommendationOn: CalendarDate? = nil, principal: Principal, now: Date, audit: AuditEntry?, on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        try CaseProcess.check(from: current.phase, to: to, facts: current.document.transitionFacts, reason: reason, closeReason: closeReason)
        if effectiveOn != nil && to != .closed {
            throw DomainError.validation([FieldError(field: "effectiveOn", message: "En dato angives kun, når sagen afsluttes.")])
        }
        let settings = try await settings(municipalityID: current.municipalityID, on: db)
        let today = CalendarDate(now)
        var doc = current.document
        var closingDay: CalendarDate?
        if to == .closed {
            let last = try await db.sql.raw("SELECT at, effective_on FROM case_transitions WHERE case_id = \(bind: id) ORDER BY seq DESC LIMIT 1").first()
            let lastOn = try last.map { r in try r.decode(column: "effective_on", as: String?.self).flatMap(CalendarDate.init) ?? CalendarDate(try r.decode(column: "at", as: Date.self)) }
            let day = try CaseProcess.closingDate(effectiveOn, today: today, openedOn: current.openedOn, lastTransitionOn: lastOn ?? current.openedOn)
            doc = CaseRules.endInterventionsOnClosing(doc, on: day)
            closingDay = day
            try await OrderStore.closeWithCase(caseID: id, municipalityID: current.municipalityID, on: day, now: now, on: db)
        }
        switch to {
        case .investigation where doc.investigation.startedOn == nil: doc.investigation.startedOn = today
        case .assessment where doc.assessment.startedOn == nil: doc.assessment.startedOn = today
        // ID 62: the recommendation is set in motion when the case goes to decision (an imported history gives
        // the recommendation's own date).
        case .decision: doc.assessment.recommendationStartedOn = min(recommendationOn ?? today, today)
        default: break
        }
        let closedOn: CalendarDate?? = to == .closed ? .some(closingDay) : (current.phase == .closed ? .some(nil) : nil)
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        try await recordTransition(caseID: id, from: current.phase, to: to, reason: trimmed?.isEmpty == false ? trimmed : nil,
                                   reasonCode: closeReason?.rawValue, effectiveOn: closingDay, userID: principal.userID, now: now, on: db)
        try await updateNationalState(caseID: id, phase: to, settings: settings, now: now, on: db)
        return try await audited(
            save(current, document: doc, phase: to, settings: settings, now: now, principal: principal, closedOn: closedOn, on: db), audit, on: db)
    }

    static func recordTransition(caseID: UUID, from: CasePhase?, to: CasePhase, reason: String?, reasonCode: String? = nil, effectiveOn: CalendarDate? = nil,
                                 userID: UUID?, now: Date, on db: any Database) async throws {
        let sql = db.sql
        let seq = try await sql.raw("SELECT COUNT(*) AS n FROM case_transitions WHERE case_id = \(bind: caseID)").first()!.decode(column: "n", as: Int.self) + 1
        try await sql.insert(into: "case_transitions")
            .columns("id", "case_id", "from_phase", "to_phase", "at", "at_us", "seq", "user_id", "reason", "reason_code", "effective_on")
            .values(SQLBind(UUID()), SQLBind(caseID), SQLBind(from?.rawValue), SQLBind(to.rawValue), SQLBind(now), SQLBind(micros(now)), SQLBind(seq), SQLBind(userID),
                    SQLBind(reason), SQLBind(reasonCode), SQLBind(effectiveOn?.description))
            .run()
    }

    static func updateNationalState(caseID: UUID, phase: CasePhase, settings: CaseSettings, now: Date, on db: any Database) async throws {
        let sql = db.sql
        let state = CaseProcess.nationalState(for: phase, closingEvent: settings.closingEvent)
        let current = try await sql.raw("SELECT id, state FROM case_national_states WHERE case_id = \(bind: caseID) AND valid_to IS NULL").first()
        if let current, try current.decode(column: "state", as: String.self) == state.rawValue { return }
        if let current {
            try await sql.update("case_national_states").set("valid_to", to: now).where("id", .equal, try current.decode(column: "id", as: UUID.self)).run()
        }
        let seq = try await sql.raw("SELECT COUNT(*) AS n FROM case_national_states WHERE case_id = \(bind: caseID)").first()!.decode(column: "n", as: Int.self) + 1
        try await sql.insert(into: "case_national_states").columns("id", "case_id", "state", "seq", "valid_from", "valid_to", "published_at")
            .values(SQLBind(UUID()), SQLBind(caseID), SQLBind(state.rawValue), SQLBind(seq), SQLBind(now), SQLBind(Optional<Date>.none), SQLBind(Optional<Date>.none))
            .run()
    }

    // MARK: KLE

    /// Sets or changes the case's KLE emne and handlingsfacet; every change is kept.
    public static func setKLE(
        id: UUID, expectedVersion: Int, emne: String?, facet: String?, principal: Principal, now: Date, terminology: TerminologySnapshot,
        audit: AuditEntry?, on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        let settings = try await settings(municipalityID: current.municipalityID, on: db)
        var e = FieldErrorCollector()
        if let emne {
            let concept = terminology.concept(.kle, emne)
            let allowed: Set<String> = settings.kleLevels == .multiple ? ["emne", "gruppe", "hovedgruppe"] : ["emne"]
            if concept == nil {
                e.add("emne", "Ukendt KLE-nummer: \(emne).")
            } else if !allowed.contains(concept?.level ?? "") {
                e.add("emne", "Kommunen klassificerer på emneniveau (NN.NN.NN); \(emne) er en \(concept?.level ?? "").")
            }
        }
        if let facet, !(facet.count == 3 && facet.first!.isUppercase && facet.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) {
            e.add("facet", "Handlingsfacetten skal have formen G01.")
        }
        if current.phase == .closed { e.add("emne", "Sagen er afsluttet. Genåbn sagen for at ændre den.") }
        try e.throwIfAny()
        let sql = db.sql
        let updated = try await sql.raw("""
            UPDATE cases SET kle_emne = \(bind: emne), kle_facet = \(bind: facet), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
            """).first()
        guard updated != nil else { throw DomainError.staleVersion }
        try await sql.insert(into: "case_kle_history").columns("id", "case_id", "emne", "facet", "valid_from", "user_id")
            .values(SQLBind(UUID()), SQLBind(id), SQLBind(emne), SQLBind(facet), SQLBind(now), SQLBind(principal.userID)).run()
        try await CaseIndexStore.caseChanged(caseID: id, now: now, on: db)
        guard let updated = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        return try await audited(updated, audit, on: db)
    }
}
