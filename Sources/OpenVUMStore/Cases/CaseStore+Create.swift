import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    // MARK: Create

    public struct NewCase: Sendable {
        public var citizenID: UUID
        public var origin: CaseOrigin?
        public var inquirer: Inquirer?
        public var responsibleUnitID: UUID?
        public var caseworkerID: UUID?
        public var paragraphsAppliedFor: [String]?
        public init(citizenID: UUID, origin: CaseOrigin? = nil, inquirer: Inquirer? = nil, responsibleUnitID: UUID? = nil,
                    caseworkerID: UUID? = nil, paragraphsAppliedFor: [String]? = nil) {
            self.citizenID = citizenID
            self.origin = origin
            self.inquirer = inquirer
            self.responsibleUnitID = responsibleUnitID
            self.caseworkerID = caseworkerID
            self.paragraphsAppliedFor = paragraphsAppliedFor
        }
    }

    /// Opens a case (sagsåbning): registers the inquiry, stamps the opening date (ID 1), computes
    /// IDs 21–23, records the first transition and the national state "Opstået", and writes `audit`
    /// (with the case as its object). Atomic on its own: one read of everything the rules need, then one
    /// write (a single statement on PostgreSQL, one transaction on SQLite).
    public static func create(
        _ new: NewCase, principal: Principal, now: Date, terminology: any TerminologyLookup, audit: AuditEntry? = nil, on db: any Database
    ) async throws -> CaseRecord {
        let sql = db.sql
        guard let scope = CitizenStore.scopeCondition(principal, alias: "ci") else { throw unknownCitizen }
        var caseworker = new.caseworkerID
        if caseworker == nil && principal.role == .caseworker { caseworker = principal.userID }
        // The citizen in scope, and the facts the rules need about it, in one round trip.
        guard let row = try await sql.raw("""
            SELECT ci.id, ci.cpr, ci.responsible_unit_id,
                   (SELECT s.settings FROM municipality_settings s WHERE s.municipality_id = ci.municipality_id) AS settings,
                   (SELECT o.id FROM cases o WHERE o.citizen_id = ci.id AND o.phase <> 'closed' LIMIT 1) AS open_case_id,
                   (SELECT COUNT(*) FROM case_inquiries q WHERE q.citizen_id = ci.id AND q.case_id IS NULL) AS unlinked_inquiries,
                   (SELECT COUNT(*) FROM cases w WHERE w.caseworker_id = \(bind: caseworker) AND w.phase <> 'closed') AS caseload
            FROM citizens ci WHERE \(scope) AND ci.id = \(bind: new.citizenID)
            """).first() else { throw unknownCitizen }
        let citizenID = try row.decode(column: "id", as: UUID.self)
        let settings = try (row.decode(column: "settings", as: String?.self)).flatMap { try? JSONDecoder().decode(CaseSettings.self, from: Data($0.utf8)) } ?? CaseSettings()
        let unitID = try new.responsibleUnitID ?? row.decode(column: "responsible_unit_id", as: UUID.self)
        if new.responsibleUnitID != nil { try await CitizenStore.checkResponsibleUnit(unitID, principal: principal, on: db) }
        if let cw = caseworker, cw != principal.userID {
            let units = try await UserStore.unitIDs(userID: cw, on: db)
            let user = try await UserStore.find(id: cw, on: db)
            guard let user, user.municipalityID == principal.municipalityID, user.role == .caseworker || user.role == .teamLeader, units.contains(unitID) else {
                throw DomainError.validation([FieldError(field: "caseworkerId", message: "Sagsbehandleren findes ikke i det ansvarlige team.")])
            }
        }
        if settings.caseConcept == .longCitizenCase, let open = try row.decode(column: "open_case_id", as: UUID?.self) {
            throw DomainError(.conflict, code: "case.citizen-case-exists", title: "Borgeren har allerede en åben sag",
                              detail: "Kommunen bruger én lang borgersag. Registrér henvendelsen på den åbne sag (\(open.uuidString.lowercased())).",
                              fieldErrors: [FieldError(field: "citizenId", message: "Borgeren har allerede en åben borgersag.")])
        }

        let today = CalendarDate(now)
        let id = UUID()
        var doc = CaseDocument()
        doc.opening.origin = new.origin
        doc.opening.inquirer = new.inquirer
        doc.opening.paragraphsAppliedFor = new.paragraphsAppliedFor
        let cpr = try CPRNumber(try row.decode(column: "cpr", as: String.self))
        let ctx = CaseContext(
            phase: .opening, today: today, openedOn: today, citizenBirthDate: cpr.birthCalendarDate,
            inquiryCount: try row.decode(column: "unlinked_inquiries", as: Int.self) + 1,
            caseCount: (caseworker == nil ? 0 : try row.decode(column: "caseload", as: Int.self)) + 1,
            settings: settings, terminology: terminology)
        doc = CaseRules.derive(doc, old: nil, context: ctx)
        let errors = CaseRules.validate(doc, old: nil, context: ctx)
        if !errors.isEmpty { throw DomainError.validation(errors) }

        let deadlines = CaseDeadlines.compute(phase: .opening, openedOn: today, document: doc, settings: settings)
        let number = try await nextCaseNumber(municipalityID: principal.municipalityID, year: today.year, on: db)
        let paragraphs = CaseRules.paragraphSummary(doc)
        let record = CaseRecord(
            id: id, municipalityID: principal.municipalityID, citizenID: citizenID, responsibleUnitID: unitID, caseworkerID: caseworker, phase: .opening,
            openedOn: today, closedOn: nil, nextDeadlineOn: deadlines.first?.dueOn, nextDeadlineKind: deadlines.first?.kind.rawValue,
            kleEmne: nil, kleFacet: nil, document: doc, version: 1, createdAt: now, updatedAt: now, caseNumber: number.description, paragraphs: paragraphs)
        var batch = WriteBatch()
        batch.insert(into: "cases", columns: ["id", "municipality_id", "citizen_id", "responsible_unit_id", "caseworker_id", "phase", "opened_on", "closed_on",
                                              "next_deadline_on", "next_deadline_kind", "kle_emne", "kle_facet", "document", "version", "created_at", "updated_at",
                                              "case_number", "paragraphs"],
                     values: [id, principal.municipalityID, citizenID, unitID, caseworker, CasePhase.opening.rawValue, today.description, Optional<String>.none,
                              deadlines.first?.dueOn.description, deadlines.first?.kind.rawValue, Optional<String>.none, Optional<String>.none,
                              try encode(doc), 1, now, now, number.description, paragraphs])
        batch.insert(into: "case_inquiries", columns: ["id", "municipality_id", "citizen_id", "case_id", "received_on", "inquirer", "origin", "created_at"],
                     values: [UUID(), principal.municipalityID, citizenID, id, today.description, new.inquirer?.rawValue, new.origin?.rawValue, now])
        batch.insert(into: "case_transitions", columns: ["id", "case_id", "from_phase", "to_phase", "at", "at_us", "seq", "user_id", "reason"],
                     values: [UUID(), id, Optional<String>.none, CasePhase.opening.rawValue, now, micros(now), 1, principal.userID, Optional<String>.none])
        batch.insert(into: "case_national_states", columns: ["id", "case_id", "state", "seq", "valid_from", "valid_to", "published_at"],
                     values: [UUID(), id, CaseProcess.nationalState(for: .opening, closingEvent: settings.closingEvent).rawValue, 1, now,
                              Optional<Date>.none, Optional<Date>.none])
        batch.insert(into: "case_deadlines", columns: ["id", "case_id", "municipality_id", "unit_id", "caseworker_id", "kind", "due_on", "label"],
                     rows: deadlines.map { [UUID(), id, principal.municipalityID, unitID, caseworker, $0.kind.rawValue, $0.dueOn.description, $0.label] })
        let dueItems = CaseDeadlines.history(openedOn: today, document: doc, settings: settings, closings: [])
        batch.insert(into: "case_due_items", columns: dueItemColumns,
                     rows: dueItems.enumerated().map { dueItemRow($1, seq: $0 + 1, caseID: id, municipalityID: principal.municipalityID) })
        batch.insert(into: "case_assignments", columns: ["id", "case_id", "seq", "unit_id", "caseworker_id", "valid_from", "reason", "assigned_by", "assigned_at"],
                     values: [UUID(), id, 1, unitID, caseworker, today.description, Optional<String>.none, principal.userID, now])
        if var entry = audit {
            entry.objectID = id.uuidString
            entry.citizenID = citizenID
            batch.audit(entry)
        }
        // Inquiries registered on the citizen before the case existed now belong to it.
        if try row.decode(column: "unlinked_inquiries", as: Int.self) > 0 {
            batch.execute("UPDATE case_inquiries SET case_id = \(bind: id) WHERE citizen_id = \(bind: citizenID) AND case_id IS NULL")
        }
        try await batch.run(on: db)
        try await CaseIndexStore.caseChanged(caseID: id, now: now, on: db)
        return record
    }

    /// The next case number of the municipality and year. The counter row is locked until the caller's
    /// transaction ends, so two cases never get the same number; a create that fails afterwards leaves a gap.
    static func nextCaseNumber(municipalityID: UUID, year: Int, on db: any Database) async throws -> CaseNumber {
        let row = try await db.sql.raw("""
            INSERT INTO case_number_counters (municipality_id, year, last_value) VALUES (\(bind: municipalityID), \(bind: year), 1)
            ON CONFLICT (municipality_id, year) DO UPDATE SET last_value = case_number_counters.last_value + 1
            RETURNING last_value
            """).first()
        return CaseNumber(year: year, sequence: try row!.decode(column: "last_value", as: Int.self))
    }

    static let unknownCitizen = DomainError.validation([FieldError(field: "citizenId", message: "Borgeren findes ikke, eller du har ikke adgang til borgeren.")])

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    static func encode(_ doc: CaseDocument) throws -> String {
        String(decoding: try CasePatch.encoder.encode(doc), as: UTF8.self)
    }

    /// ID 21: the inquiries on a case — the one that opened it, those registered on the citizen before it was
    /// opened (linked when it was), and those registered on it since.
    static func inquiryCount(caseID: UUID, on db: any Database) async throws -> Int {
        let sql = db.sql
        return try await sql.raw("SELECT COUNT(*) AS n FROM case_inquiries WHERE case_id = \(bind: caseID)").first()!.decode(column: "n", as: Int.self)
    }

    static func openCaseCount(caseworkerID: UUID?, on db: any Database) async throws -> Int {
        guard let caseworkerID else { return 0 }
        let sql = db.sql
        return try await sql.raw("SELECT COUNT(*) AS n FROM cases WHERE caseworker_id = \(bind: caseworkerID) AND phase <> \(bind: CasePhase.closed.rawValue)")
            .first()!.decode(column: "n", as: Int.self)
    }

    /// Registers another inquiry on an open case and updates ID 21 in the same write (the case's version
    /// changes with it), with `audit` about the case; returns the case.
    @discardableResult
    public static func addInquiry(
        caseID: UUID, inquirer: Inquirer?, origin: CaseOrigin? = .inquiry, receivedOn: CalendarDate? = nil, principal: Principal, now: Date,
        terminology: any TerminologyLookup, audit: AuditEntry?, on db: any Database
    ) async throws -> CaseRecord {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        if c.phase == .closed {
            throw DomainError.validation([FieldError(field: "inquirer", message: "Sagen er afsluttet. Registrér henvendelsen på borgeren, eller genåbn sagen.")])
        }
        let day = try InquiryRules.receivedOn(receivedOn, today: CalendarDate(now), notBefore: c.openedOn)
        try await insertInquiry(municipalityID: c.municipalityID, citizenID: c.citizenID, caseID: c.id, receivedOn: day, inquirer: inquirer, origin: origin, now: now, on: db)
        let settings = try await settings(municipalityID: c.municipalityID, on: db)
        let ctx = try await context(for: c, settings: settings, now: now, terminology: terminology, on: db)
        let derived = CaseRules.derive(c.document, old: c.document, context: ctx)
        return try await audited(save(c, document: derived, phase: c.phase, settings: settings, now: now, principal: principal, on: db), audit, on: db)
    }

    /// Registers an inquiry (henvendelse) on a citizen before any case exists; the case opened next takes it
    /// over. Writes `audit` about the citizen.
    public static func addCitizenInquiry(
        citizenID: UUID, inquirer: Inquirer?, origin: CaseOrigin?, receivedOn: CalendarDate?, principal: Principal, now: Date, audit: AuditEntry?,
        on db: any Database
    ) async throws -> InquiryRecord {
        guard let citizen = try await CitizenStore.find(id: citizenID, principal: principal, on: db) else { throw DomainError.notFound("Borgeren") }
        let day = try InquiryRules.receivedOn(receivedOn, today: CalendarDate(now), notBefore: nil)
        let id = try await insertInquiry(municipalityID: principal.municipalityID, citizenID: citizen.id, caseID: nil, receivedOn: day, inquirer: inquirer,
                                         origin: origin, now: now, on: db)
        if var entry = audit {
            entry.objectID = id.uuidString
            entry.citizenID = citizen.id
            try await AuditStore.record(entry, on: db)
        }
        return InquiryRecord(id: id, citizenID: citizen.id, caseID: nil, receivedOn: day, inquirer: inquirer, origin: origin)
    }

    @discardableResult
    static func insertInquiry(municipalityID: UUID, citizenID: UUID, caseID: UUID?, receivedOn: CalendarDate, inquirer: Inquirer?, origin: CaseOrigin?,
                              now: Date, on db: any Database) async throws -> UUID {
        let id = UUID()
        try await db.sql.insert(into: "case_inquiries")
            .columns("id", "municipality_id", "citizen_id", "case_id", "received_on", "inquirer", "origin", "created_at")
            .values(SQLBind(id), SQLBind(municipalityID), SQLBind(citizenID), SQLBind(caseID), SQLBind(receivedOn.description),
                    SQLBind(inquirer?.rawValue), SQLBind(origin?.rawValue), SQLBind(now))
            .run()
        return id
    }
}
