import Fluent
import Foundation
import OpenVUMDomain
import SQLKit

/// A case as stored: the columns lists filter on, and the document.
public struct CaseRecord: Sendable, Equatable {
    public var id: UUID
    public var municipalityID: UUID
    public var citizenID: UUID
    public var responsibleUnitID: UUID
    public var caseworkerID: UUID?
    public var phase: CasePhase
    public var openedOn: CalendarDate
    public var closedOn: CalendarDate?
    public var nextDeadlineOn: CalendarDate?
    public var nextDeadlineKind: String?
    public var kleEmne: String?
    public var kleFacet: String?
    public var document: CaseDocument
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, municipalityID: UUID, citizenID: UUID, responsibleUnitID: UUID, caseworkerID: UUID?, phase: CasePhase,
                openedOn: CalendarDate, closedOn: CalendarDate?, nextDeadlineOn: CalendarDate?, nextDeadlineKind: String?,
                kleEmne: String?, kleFacet: String?, document: CaseDocument, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.municipalityID = municipalityID
        self.citizenID = citizenID
        self.responsibleUnitID = responsibleUnitID
        self.caseworkerID = caseworkerID
        self.phase = phase
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.nextDeadlineOn = nextDeadlineOn
        self.nextDeadlineKind = nextDeadlineKind
        self.kleEmne = kleEmne
        self.kleFacet = kleFacet
        self.document = document
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One row of a case list or worklist (no document: lists stay cheap).
public struct CaseSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var citizenID: UUID
    public var citizenName: String
    public var responsibleUnitID: UUID
    public var caseworkerID: UUID?
    public var phase: CasePhase
    public var openedOn: String
    public var nextDeadlineOn: String?
    public var nextDeadlineKind: String?
    public var version: Int
}

public struct CaseHistory: Sendable {
    public struct Transition: Sendable, Codable, Equatable {
        public var from: CasePhase?
        public var to: CasePhase
        public var at: Date
        public var userID: UUID?
        public var reason: String?
        enum CodingKeys: String, CodingKey { case from, to, at, userID = "userId", reason }
    }
    public struct NationalState: Sendable, Codable, Equatable {
        public var state: NationalCaseState
        public var validFrom: Date
        public var validTo: Date?
    }
    public struct KLEChange: Sendable, Codable, Equatable {
        public var emne: String?
        public var facet: String?
        public var validFrom: Date
        public var userID: UUID?
        enum CodingKeys: String, CodingKey { case emne, facet, validFrom, userID = "userId" }
    }
    public struct LevelVersion: Sendable, Codable, Equatable {
        public var subtheme: String
        public var level: Double
        public var severity: String?
        public var assessedOn: String
        public var recordedAt: Date
    }
    public var transitions: [Transition]
    public var nationalStates: [NationalState]
    public var kle: [KLEChange]
    public var functionalLevels: [LevelVersion]
}

/// Caseload and overdue deadlines per caseworker (ID 22), for team leaders.
public struct CaseloadRow: Sendable, Equatable, Codable {
    public var caseworkerID: UUID?
    public var caseworkerName: String?
    public var openCases: Int
    public var overdueCases: Int
}

public enum CaseStore {
    // MARK: Settings

    public static func settings(municipalityID: UUID, on db: any Database) async throws -> CaseSettings {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.select().column("settings").from("municipality_settings")
            .where("municipality_id", .equal, municipalityID).first() else { return CaseSettings() }
        let text = try row.decode(column: "settings", as: String.self)
        return (try? JSONDecoder().decode(CaseSettings.self, from: Data(text.utf8))) ?? CaseSettings()
    }

    /// The settings' version (0 while the municipality uses the defaults), for ETag/If-Match.
    public static func settingsVersion(municipalityID: UUID, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        return try await sql.select().column("version").from("municipality_settings").where("municipality_id", .equal, municipalityID)
            .first()?.decode(column: "version", as: Int.self) ?? 0
    }

    /// Saves the settings if the stored version is `expectedVersion` (nil: unconditionally); returns the new version.
    @discardableResult
    public static func saveSettings(_ settings: CaseSettings, municipalityID: UUID, expectedVersion: Int? = nil, on db: any Database) async throws -> Int {
        try settings.validate()
        let sql = db as! any SQLDatabase
        let text = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        let versionCheck: SQLQueryString = expectedVersion.map { " AND version = \(bind: $0)" } ?? ""
        if let row = try await sql.raw("UPDATE municipality_settings SET settings = \(bind: text), version = version + 1 WHERE municipality_id = \(bind: municipalityID)\(versionCheck) RETURNING version").first() {
            return try row.decode(column: "version", as: Int.self)
        }
        let exists = try await settingsVersion(municipalityID: municipalityID, on: db) > 0
        if exists || (expectedVersion ?? 0) != 0 { throw DomainError.staleVersion }
        try await sql.insert(into: "municipality_settings").columns("municipality_id", "settings", "version")
            .values(SQLBind(municipalityID), SQLBind(text), SQLBind(1)).run()
        return 1
    }

    // MARK: Scope

    static func scopeCondition(_ p: Principal, alias: String = "c") -> SQLQueryString? {
        switch p.scope {
        case .municipality:
            return "\(ident: alias).municipality_id = \(bind: p.municipalityID)"
        case .units(let ids):
            return "\(ident: alias).municipality_id = \(bind: p.municipalityID) AND \(ident: alias).responsible_unit_id IN (\(binds: ids.sorted { $0.uuidString < $1.uuidString }))"
        case .citizen(let id):
            return "\(ident: alias).municipality_id = \(bind: p.municipalityID) AND \(ident: alias).citizen_id = \(bind: id)"
        case .nothing:
            return nil
        }
    }

    static let columns: SQLQueryString = """
        c.id, c.municipality_id, c.citizen_id, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on, c.closed_on,
        c.next_deadline_on, c.next_deadline_kind, c.kle_emne, c.kle_facet, c.document, c.version, c.created_at, c.updated_at
        """

    static func record(_ row: any SQLRow) throws -> CaseRecord {
        let documentText = try row.decode(column: "document", as: String.self)
        return CaseRecord(
            id: try row.decode(column: "id", as: UUID.self),
            municipalityID: try row.decode(column: "municipality_id", as: UUID.self),
            citizenID: try row.decode(column: "citizen_id", as: UUID.self),
            responsibleUnitID: try row.decode(column: "responsible_unit_id", as: UUID.self),
            caseworkerID: try row.decode(column: "caseworker_id", as: UUID?.self),
            phase: CasePhase(rawValue: try row.decode(column: "phase", as: String.self)) ?? .opening,
            openedOn: CalendarDate(try row.decode(column: "opened_on", as: String.self))!,
            closedOn: try row.decode(column: "closed_on", as: String?.self).flatMap(CalendarDate.init),
            nextDeadlineOn: try row.decode(column: "next_deadline_on", as: String?.self).flatMap(CalendarDate.init),
            nextDeadlineKind: try row.decode(column: "next_deadline_kind", as: String?.self),
            kleEmne: try row.decode(column: "kle_emne", as: String?.self),
            kleFacet: try row.decode(column: "kle_facet", as: String?.self),
            document: try JSONDecoder().decode(CaseDocument.self, from: Data(documentText.utf8)),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    /// The case if `principal` may see it; nil when missing or out of scope (both answered 404).
    public static func find(id: UUID, principal: Principal, on db: any Database) async throws -> CaseRecord? {
        guard let scope = scopeCondition(principal) else { return nil }
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT \(columns) FROM cases c WHERE \(scope) AND c.id = \(bind: id)").first().map(record)
    }

    /// `find` with its audit row (the case and its citizen as the object), in one statement on PostgreSQL.
    public static func read(id: UUID, principal: Principal, audit: AuditEntry, on db: any Database) async throws -> CaseRecord? {
        guard let scope = scopeCondition(principal) else { return nil }
        return try await AuditedRead.rows(
            "SELECT \(columns) FROM cases c WHERE \(scope) AND c.id = \(bind: id)", audit: audit,
            subject: .singleRow(idColumn: "id", citizenColumn: "citizen_id", onlyIfFound: true), on: db
        ).first.map(record)
    }

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
        let sql = db as! any SQLDatabase
        guard let scope = CitizenStore.scopeCondition(principal, alias: "ci") else { throw unknownCitizen }
        var caseworker = new.caseworkerID
        if caseworker == nil && principal.role == .caseworker { caseworker = principal.userID }
        // The citizen in scope, and the facts the rules need about it, in one round trip.
        guard let row = try await sql.raw("""
            SELECT ci.id, ci.cpr, ci.responsible_unit_id,
                   (SELECT s.settings FROM municipality_settings s WHERE s.municipality_id = ci.municipality_id) AS settings,
                   (SELECT o.id FROM cases o WHERE o.citizen_id = ci.id AND o.phase <> 'closed' LIMIT 1) AS open_case_id,
                   (SELECT COUNT(*) FROM case_inquiries q WHERE q.citizen_id = ci.id) AS inquiries,
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
            inquiryCount: try row.decode(column: "inquiries", as: Int.self) + 1,
            caseCount: (caseworker == nil ? 0 : try row.decode(column: "caseload", as: Int.self)) + 1,
            settings: settings, terminology: terminology)
        doc = CaseRules.derive(doc, old: nil, context: ctx)
        let errors = CaseRules.validate(doc, old: nil, context: ctx)
        if !errors.isEmpty { throw DomainError.validation(errors) }

        let deadlines = CaseDeadlines.compute(phase: .opening, openedOn: today, document: doc, settings: settings)
        let record = CaseRecord(
            id: id, municipalityID: principal.municipalityID, citizenID: citizenID, responsibleUnitID: unitID, caseworkerID: caseworker, phase: .opening,
            openedOn: today, closedOn: nil, nextDeadlineOn: deadlines.first?.dueOn, nextDeadlineKind: deadlines.first?.kind.rawValue,
            kleEmne: nil, kleFacet: nil, document: doc, version: 1, createdAt: now, updatedAt: now)
        var batch = WriteBatch()
        batch.insert(into: "cases", columns: ["id", "municipality_id", "citizen_id", "responsible_unit_id", "caseworker_id", "phase", "opened_on", "closed_on",
                                              "next_deadline_on", "next_deadline_kind", "kle_emne", "kle_facet", "document", "version", "created_at", "updated_at"],
                     values: [id, principal.municipalityID, citizenID, unitID, caseworker, CasePhase.opening.rawValue, today.description, Optional<String>.none,
                              deadlines.first?.dueOn.description, deadlines.first?.kind.rawValue, Optional<String>.none, Optional<String>.none,
                              try encode(doc), 1, now, now])
        batch.insert(into: "case_inquiries", columns: ["id", "municipality_id", "citizen_id", "case_id", "received_on", "inquirer", "created_at"],
                     values: [UUID(), principal.municipalityID, citizenID, id, today.description, new.inquirer?.rawValue, now])
        batch.insert(into: "case_transitions", columns: ["id", "case_id", "from_phase", "to_phase", "at", "at_us", "seq", "user_id", "reason"],
                     values: [UUID(), id, Optional<String>.none, CasePhase.opening.rawValue, now, micros(now), 1, principal.userID, Optional<String>.none])
        batch.insert(into: "case_national_states", columns: ["id", "case_id", "state", "seq", "valid_from", "valid_to", "published_at"],
                     values: [UUID(), id, CaseProcess.nationalState(for: .opening, closingEvent: settings.closingEvent).rawValue, 1, now,
                              Optional<Date>.none, Optional<Date>.none])
        batch.insert(into: "case_deadlines", columns: ["id", "case_id", "municipality_id", "unit_id", "caseworker_id", "kind", "due_on", "label"],
                     rows: deadlines.map { [UUID(), id, principal.municipalityID, unitID, caseworker, $0.kind.rawValue, $0.dueOn.description, $0.label] })
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
        return record
    }

    static let unknownCitizen = DomainError.validation([FieldError(field: "citizenId", message: "Borgeren findes ikke, eller du har ikke adgang til borgeren.")])

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    static func encode(_ doc: CaseDocument) throws -> String {
        String(decoding: try CasePatch.encoder.encode(doc), as: UTF8.self)
    }

    static func inquiryCount(citizenID: UUID, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM case_inquiries WHERE citizen_id = \(bind: citizenID)").first()!.decode(column: "n", as: Int.self)
    }

    static func openCaseCount(caseworkerID: UUID?, on db: any Database) async throws -> Int {
        guard let caseworkerID else { return 0 }
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM cases WHERE caseworker_id = \(bind: caseworkerID) AND phase <> \(bind: CasePhase.closed.rawValue)")
            .first()!.decode(column: "n", as: Int.self)
    }

    /// Registers another inquiry on an existing case (ID 21 counts inquiries about the citizen).
    public static func addInquiry(caseID: UUID, inquirer: Inquirer?, principal: Principal, now: Date, on db: any Database) async throws {
        guard let c = try await find(id: caseID, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        let sql = db as! any SQLDatabase
        try await sql.insert(into: "case_inquiries")
            .columns("id", "municipality_id", "citizen_id", "case_id", "received_on", "inquirer", "created_at")
            .values(SQLBind(UUID()), SQLBind(c.municipalityID), SQLBind(c.citizenID), SQLBind(c.id), SQLBind(CalendarDate(now).description),
                    SQLBind(inquirer?.rawValue), SQLBind(now))
            .run()
    }

    // MARK: Update

    /// Applies a JSON merge patch to the case document: refuses unknown and system fields, type errors,
    /// rule violations and a stale version; derives every system value; keeps functional-level versions.
    public static func update(
        id: UUID, expectedVersion: Int, patch: Any, principal: Principal, now: Date, terminology: any TerminologyLookup, on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        let patched = try CasePatch.apply(patch, to: current.document)
        let settings = try await settings(municipalityID: current.municipalityID, on: db)
        let ctx = try await context(for: current, settings: settings, now: now, terminology: terminology, on: db)
        let derived = CaseRules.derive(patched, old: current.document, context: ctx)
        let errors = CaseRules.validate(derived, old: current.document, context: ctx)
        if !errors.isEmpty { throw DomainError.validation(errors) }
        try await recordLevelVersions(old: current.document, new: derived, caseRecord: current, userID: principal.userID, now: now, on: db)
        return try await save(current, document: derived, phase: current.phase, settings: settings, now: now, principal: principal, on: db)
    }

    static func context(for c: CaseRecord, settings: CaseSettings, now: Date, terminology: any TerminologyLookup, on db: any Database) async throws -> CaseContext {
        let citizen = try await CitizenModel.find(c.citizenID, on: db)
        let birth = (try? CPRNumber(citizen?.cpr ?? ""))?.birthCalendarDate ?? c.openedOn
        return CaseContext(
            phase: c.phase, today: CalendarDate(now), openedOn: c.openedOn, citizenBirthDate: birth,
            inquiryCount: try await inquiryCount(citizenID: c.citizenID, on: db),
            caseCount: try await openCaseCount(caseworkerID: c.caseworkerID, on: db),
            settings: settings, terminology: terminology)
    }

    /// Writes the document and phase with the version check, and maintains deadlines.
    static func save(_ current: CaseRecord, document: CaseDocument, phase: CasePhase, settings: CaseSettings, now: Date,
                     principal: Principal, closedOn: CalendarDate?? = nil, on db: any Database) async throws -> CaseRecord {
        let sql = db as! any SQLDatabase
        let deadlines = CaseDeadlines.compute(phase: phase, openedOn: current.openedOn, document: document, settings: settings)
        let closed: CalendarDate? = closedOn ?? current.closedOn
        let updated = try await sql.raw("""
            UPDATE cases SET document = \(bind: try encode(document)), phase = \(bind: phase.rawValue), closed_on = \(bind: closed?.description),
            next_deadline_on = \(bind: deadlines.first?.dueOn.description), next_deadline_kind = \(bind: deadlines.first?.kind.rawValue),
            version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: current.id) AND version = \(bind: current.version) RETURNING id
            """).first()
        guard updated != nil else { throw DomainError.staleVersion }
        try await replaceDeadlines(caseID: current.id, municipalityID: current.municipalityID, unitID: current.responsibleUnitID,
                                   caseworkerID: current.caseworkerID, deadlines: deadlines, on: db)
        return try await find(id: current.id, principal: principal, on: db)!
    }

    static func recordLevelVersions(old: CaseDocument, new: CaseDocument, caseRecord c: CaseRecord, userID: UUID, now: Date, on db: any Database) async throws {
        let before = Dictionary((old.investigation.functionalLevels ?? []).map { ($0.subtheme, $0) }, uniquingKeysWith: { a, _ in a })
        let sql = db as! any SQLDatabase
        for level in new.investigation.functionalLevels ?? [] where before[level.subtheme] != level {
            try await sql.insert(into: "functional_level_history")
                .columns("id", "case_id", "citizen_id", "subtheme", "level", "severity", "assessed_on", "recorded_at", "user_id")
                .values(SQLBind(UUID()), SQLBind(c.id), SQLBind(c.citizenID), SQLBind(level.subtheme), SQLBind(level.level), SQLBind(level.severity),
                        SQLBind((level.assessedOn ?? CalendarDate(now)).description), SQLBind(now), SQLBind(userID))
                .run()
        }
    }

    static func replaceDeadlines(caseID: UUID, municipalityID: UUID, unitID: UUID, caseworkerID: UUID?, deadlines: [CaseDeadline], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.delete(from: "case_deadlines").where("case_id", .equal, caseID).run()
        guard !deadlines.isEmpty else { return }
        var insert = sql.insert(into: "case_deadlines").columns("id", "case_id", "municipality_id", "unit_id", "caseworker_id", "kind", "due_on", "label")
        for d in deadlines {
            insert = insert.values(SQLBind(UUID()), SQLBind(caseID), SQLBind(municipalityID), SQLBind(unitID), SQLBind(caseworkerID),
                                   SQLBind(d.kind.rawValue), SQLBind(d.dueOn.description), SQLBind(d.label))
        }
        try await insert.run()
    }

    // MARK: Transitions

    /// Moves the case to another phase if the process allows it; stamps phase dates (IDs 25, 28, 62),
    /// keeps the transition and the national case state as history.
    public static func transition(
        id: UUID, expectedVersion: Int, to: CasePhase, reason: String?, principal: Principal, now: Date, on db: any Database
    ) async throws -> CaseRecord {
        guard let current = try await find(id: id, principal: principal, on: db) else { throw DomainError.notFound("Sagen") }
        guard current.version == expectedVersion else { throw DomainError.staleVersion }
        try CaseProcess.check(from: current.phase, to: to, facts: current.document.transitionFacts, reason: reason)
        let settings = try await settings(municipalityID: current.municipalityID, on: db)
        let today = CalendarDate(now)
        var doc = current.document
        switch to {
        case .investigation where doc.investigation.startedOn == nil: doc.investigation.startedOn = today
        case .assessment where doc.assessment.startedOn == nil: doc.assessment.startedOn = today
        case .decision: doc.assessment.recommendationStartedOn = today
        default: break
        }
        let closedOn: CalendarDate?? = to == .closed ? .some(today) : (current.phase == .closed ? .some(nil) : nil)
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        try await recordTransition(caseID: id, from: current.phase, to: to, reason: trimmed?.isEmpty == false ? trimmed : nil,
                                   userID: principal.userID, now: now, on: db)
        try await updateNationalState(caseID: id, phase: to, settings: settings, now: now, on: db)
        return try await save(current, document: doc, phase: to, settings: settings, now: now, principal: principal, closedOn: closedOn, on: db)
    }

    static func recordTransition(caseID: UUID, from: CasePhase?, to: CasePhase, reason: String?, userID: UUID?, now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let seq = try await sql.raw("SELECT COUNT(*) AS n FROM case_transitions WHERE case_id = \(bind: caseID)").first()!.decode(column: "n", as: Int.self) + 1
        try await sql.insert(into: "case_transitions").columns("id", "case_id", "from_phase", "to_phase", "at", "at_us", "seq", "user_id", "reason")
            .values(SQLBind(UUID()), SQLBind(caseID), SQLBind(from?.rawValue), SQLBind(to.rawValue), SQLBind(now), SQLBind(micros(now)), SQLBind(seq), SQLBind(userID), SQLBind(reason))
            .run()
    }

    static func updateNationalState(caseID: UUID, phase: CasePhase, settings: CaseSettings, now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
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
        id: UUID, expectedVersion: Int, emne: String?, facet: String?, principal: Principal, now: Date, terminology: TerminologySnapshot, on db: any Database
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
        let sql = db as! any SQLDatabase
        let updated = try await sql.raw("""
            UPDATE cases SET kle_emne = \(bind: emne), kle_facet = \(bind: facet), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
            """).first()
        guard updated != nil else { throw DomainError.staleVersion }
        try await sql.insert(into: "case_kle_history").columns("id", "case_id", "emne", "facet", "valid_from", "user_id")
            .values(SQLBind(UUID()), SQLBind(id), SQLBind(emne), SQLBind(facet), SQLBind(now), SQLBind(principal.userID)).run()
        return try await find(id: id, principal: principal, on: db)!
    }

    // MARK: History

    public static func history(caseID: UUID, on db: any Database) async throws -> CaseHistory {
        let sql = db as! any SQLDatabase
        let transitions = try await sql.raw("SELECT from_phase, to_phase, at, user_id, reason FROM case_transitions WHERE case_id = \(bind: caseID) ORDER BY seq").all().map { r in
            CaseHistory.Transition(
                from: try r.decode(column: "from_phase", as: String?.self).flatMap(CasePhase.init(rawValue:)),
                to: CasePhase(rawValue: try r.decode(column: "to_phase", as: String.self)) ?? .opening,
                at: try r.decode(column: "at", as: Date.self), userID: try r.decode(column: "user_id", as: UUID?.self),
                reason: try r.decode(column: "reason", as: String?.self))
        }
        let states = try await sql.raw("SELECT state, valid_from, valid_to FROM case_national_states WHERE case_id = \(bind: caseID) ORDER BY seq").all().map { r in
            CaseHistory.NationalState(
                state: NationalCaseState(rawValue: try r.decode(column: "state", as: String.self)) ?? .opstaaet,
                validFrom: try r.decode(column: "valid_from", as: Date.self), validTo: try r.decode(column: "valid_to", as: Date?.self))
        }
        let kle = try await sql.raw("SELECT emne, facet, valid_from, user_id FROM case_kle_history WHERE case_id = \(bind: caseID) ORDER BY valid_from, id").all().map { r in
            CaseHistory.KLEChange(emne: try r.decode(column: "emne", as: String?.self), facet: try r.decode(column: "facet", as: String?.self),
                                  validFrom: try r.decode(column: "valid_from", as: Date.self), userID: try r.decode(column: "user_id", as: UUID?.self))
        }
        let levels = try await sql.raw("SELECT subtheme, level, severity, assessed_on, recorded_at FROM functional_level_history WHERE case_id = \(bind: caseID) ORDER BY assessed_on, recorded_at, id").all().map { r in
            CaseHistory.LevelVersion(
                subtheme: try r.decode(column: "subtheme", as: String.self), level: try r.decode(column: "level", as: Double.self),
                severity: try r.decode(column: "severity", as: String?.self), assessedOn: try r.decode(column: "assessed_on", as: String.self),
                recordedAt: try r.decode(column: "recorded_at", as: Date.self))
        }
        return CaseHistory(transitions: transitions, nationalStates: states, kle: kle, functionalLevels: levels)
    }

    // MARK: Lists

    struct ListKey: Codable {
        var o: String
        var i: UUID
    }

    public struct ListFilter: Sendable {
        public var phase: CasePhase?
        public var caseworkerID: UUID?
        public var unitID: UUID?
        public var citizenID: UUID?
        public var openOnly: Bool
        public init(phase: CasePhase? = nil, caseworkerID: UUID? = nil, unitID: UUID? = nil, citizenID: UUID? = nil, openOnly: Bool = false) {
            self.phase = phase
            self.caseworkerID = caseworkerID
            self.unitID = unitID
            self.citizenID = citizenID
            self.openOnly = openOnly
        }
    }

    static let summaryColumns: SQLQueryString = """
        c.id, c.citizen_id, ci.given_name, ci.family_name, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on,
        c.next_deadline_on, c.next_deadline_kind, c.version
        """

    static func summary(_ r: any SQLRow) throws -> CaseSummary {
        CaseSummary(
            id: try r.decode(column: "id", as: UUID.self), citizenID: try r.decode(column: "citizen_id", as: UUID.self),
            citizenName: "\(try r.decode(column: "given_name", as: String.self)) \(try r.decode(column: "family_name", as: String.self))",
            responsibleUnitID: try r.decode(column: "responsible_unit_id", as: UUID.self),
            caseworkerID: try r.decode(column: "caseworker_id", as: UUID?.self),
            phase: CasePhase(rawValue: try r.decode(column: "phase", as: String.self)) ?? .opening,
            openedOn: try r.decode(column: "opened_on", as: String.self),
            nextDeadlineOn: try r.decode(column: "next_deadline_on", as: String?.self),
            nextDeadlineKind: try r.decode(column: "next_deadline_kind", as: String?.self),
            version: try r.decode(column: "version", as: Int.self))
    }

    /// The WHERE condition of a case list (scope, filters, keyset); nil when the principal sees nothing.
    static func listCondition(principal: Principal, filter: ListFilter, after cursor: String?) throws -> SQLQueryString? {
        guard var condition = scopeCondition(principal) else { return nil }
        if let p = filter.phase { condition = "\(condition) AND c.phase = \(bind: p.rawValue)" }
        if filter.openOnly { condition = "\(condition) AND \(openCase)" }
        if let cw = filter.caseworkerID { condition = "\(condition) AND c.caseworker_id = \(bind: cw)" }
        if let u = filter.unitID { condition = "\(condition) AND c.responsible_unit_id = \(bind: u)" }
        if let ci = filter.citizenID { condition = "\(condition) AND c.citizen_id = \(bind: ci)" }
        if let cursor {
            let key = try Cursor.decode(cursor, as: ListKey.self)
            condition = "\(condition) AND (c.opened_on, c.id) < (\(bind: key.o), \(bind: key.i))"
        }
        return condition
    }

    /// The rows of a list page plus one (to know whether there is a next page), newest opening first.
    static func listRead(_ condition: SQLQueryString, limit: Int) -> SQLQueryString {
        """
        SELECT \(summaryColumns) FROM cases c JOIN citizens ci ON ci.id = c.citizen_id
        WHERE \(condition) ORDER BY c.opened_on DESC, c.id DESC LIMIT \(literal: limit + 1)
        """
    }

    /// Cases the principal may see, newest opening first, keyset-paginated.
    public static func list(
        principal: Principal, filter: ListFilter, after cursor: String?, limit: Int, audit: AuditEntry? = nil, on db: any Database
    ) async throws -> Page<CaseSummary> {
        guard let condition = try listCondition(principal: principal, filter: filter, after: cursor) else { return Page(items: [], nextCursor: nil) }
        let rows = try await AuditedRead.rows(
            listRead(condition, limit: limit), outer: "SELECT * FROM r ORDER BY opened_on DESC, id DESC", audit: audit, on: db).map(summary)
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { Cursor.encode(ListKey(o: $0.openedOn, i: $0.id)) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// A list page as JSON built by the database (`{"items":[…],"nextCursor":…}`, the items as the API's
    /// case summaries), with its audit row: one statement on PostgreSQL, no per-row work in Swift.
    public static func listJSON(
        principal: Principal, filter: ListFilter, after cursor: String?, limit: Int, today: CalendarDate, audit: AuditEntry, on db: any Database
    ) async throws -> String {
        guard let condition = try listCondition(principal: principal, filter: filter, after: cursor) else {
            try await AuditStore.record(audit, on: db)
            return #"{"items":[],"nextCursor":null}"#
        }
        let j = SQLJSON(db as! any SQLDatabase)
        let order: SQLQueryString = "opened_on DESC, id DESC"
        let rows = try await AuditedRead.rows(listRead(condition, limit: limit), outer: """
            SELECT \(j.array(summaryJSON(j, today: today, alias: "p"), orderBy: order, filter: "rn <= \(literal: limit)")) AS items, COUNT(*) AS fetched,
                   MAX(CASE WHEN rn = \(literal: limit) THEN opened_on END) AS last_opened_on,
                   MAX(CASE WHEN rn = \(literal: limit) THEN \(j.uuidText("id")) END) AS last_id
            FROM (SELECT r.*, ROW_NUMBER() OVER (ORDER BY \(order)) AS rn FROM r) p
            """, audit: audit, on: db)
        guard let row = rows.first else { return #"{"items":[],"nextCursor":null}"# }
        var next = "null"
        if try row.decode(column: "fetched", as: Int.self) > limit,
           let opened = try row.decode(column: "last_opened_on", as: String?.self),
           let id = try row.decode(column: "last_id", as: String?.self).flatMap(UUID.init(uuidString:)) {
            next = "\"\(Cursor.encode(ListKey(o: opened, i: id)))\""
        }
        return #"{"items":"# + (try row.decode(column: "items", as: String.self)) + #","nextCursor":"# + next + "}"
    }

    /// The API's case summary as a JSON object over a row of `summaryColumns` (named as in `r`).
    static func summaryJSON(_ j: SQLJSON, today: CalendarDate, alias: String = "r") -> SQLQueryString {
        let a = alias
        return j.object([
            "id": j.uuid("\(ident: a).id"), "citizenId": j.uuid("\(ident: a).citizen_id"),
            "citizenName": "\(ident: a).given_name || ' ' || \(ident: a).family_name",
            "responsibleUnitId": j.uuid("\(ident: a).responsible_unit_id"), "caseworkerId": j.uuid("\(ident: a).caseworker_id"),
            "phase": "\(ident: a).phase", "openedOn": "\(ident: a).opened_on", "nextDeadlineOn": "\(ident: a).next_deadline_on",
            "nextDeadlineKind": "\(ident: a).next_deadline_kind",
            "overdue": j.bool("\(ident: a).next_deadline_on IS NOT NULL AND \(ident: a).next_deadline_on < \(bind: today.description)"),
            "version": "\(ident: a).version",
        ])
    }

    /// The condition of an open case, as a literal so that the partial indexes on open cases match.
    static let openCase: SQLQueryString = "c.phase <> 'closed'"

    /// One row of a worklist: the case and its open deadlines, earliest first.
    public struct WorklistEntry: Sendable, Equatable {
        public var summary: CaseSummary
        public var deadlines: [CaseDeadline]
    }

    /// A caseworker's own open cases in worklist order, served by the partial index `cases_open_worklist_idx`.
    static func worklistRead(caseworkerID: UUID, scope: SQLQueryString, limit: Int) -> SQLQueryString {
        """
        SELECT \(summaryColumns) FROM cases c JOIN citizens ci ON ci.id = c.citizen_id
        WHERE \(scope) AND c.caseworker_id = \(bind: caseworkerID) AND \(openCase)
        ORDER BY c.next_deadline_on NULLS LAST, c.id LIMIT \(literal: limit)
        """
    }

    /// A caseworker's own open cases, the nearest deadline first (overdue at the top, no deadline last),
    /// with their deadlines unless `withDeadlines` is false: one statement (with the audit row on PostgreSQL).
    public static func worklist(
        caseworkerID: UUID, principal: Principal, limit: Int, withDeadlines: Bool = true, audit: AuditEntry? = nil, on db: any Database
    ) async throws -> [WorklistEntry] {
        guard let scope = scopeCondition(principal) else { return [] }
        let outer: SQLQueryString = withDeadlines ? """
            SELECT r.*, d.kind AS deadline_kind, d.due_on AS deadline_due_on, d.label AS deadline_label
            FROM r LEFT JOIN case_deadlines d ON d.case_id = r.id ORDER BY r.next_deadline_on NULLS LAST, r.id, d.due_on, d.kind, d.label
            """ : """
            SELECT r.*, NULL AS deadline_kind, NULL AS deadline_due_on, NULL AS deadline_label FROM r ORDER BY r.next_deadline_on NULLS LAST, r.id
            """
        let rows = try await AuditedRead.rows(worklistRead(caseworkerID: caseworkerID, scope: scope, limit: limit), outer: outer, audit: audit, on: db)
        var entries: [WorklistEntry] = []
        for r in rows {
            let id = try r.decode(column: "id", as: UUID.self)
            if entries.last?.summary.id != id { entries.append(WorklistEntry(summary: try summary(r), deadlines: [])) }
            if let kind = try r.decode(column: "deadline_kind", as: String?.self).flatMap(CaseDeadline.Kind.init(rawValue:)),
               let due = try r.decode(column: "deadline_due_on", as: String?.self).flatMap(CalendarDate.init) {
                entries[entries.count - 1].deadlines.append(CaseDeadline(kind: kind, dueOn: due, label: try r.decode(column: "deadline_label", as: String.self)))
            }
        }
        return entries
    }

    /// The worklist as JSON built by the database (`{"items":[{"case":…,"deadlines":[…]}],"nextCursor":null}`),
    /// with its audit row: one statement on PostgreSQL.
    public static func worklistJSON(
        caseworkerID: UUID, principal: Principal, limit: Int, today: CalendarDate, audit: AuditEntry, on db: any Database
    ) async throws -> String {
        guard let scope = scopeCondition(principal) else {
            try await AuditStore.record(audit, on: db)
            return #"{"items":[],"nextCursor":null}"#
        }
        let j = SQLJSON(db as! any SQLDatabase)
        let deadline = j.object([
            "kind": "d.kind", "dueOn": "d.due_on", "label": "d.label", "overdue": j.bool("d.due_on < \(bind: today.description)"),
        ])
        let deadlines = j.embed("SELECT \(j.array(deadline, orderBy: "d.due_on, d.kind, d.label")) FROM case_deadlines d WHERE d.case_id = r.id")
        let rows = try await AuditedRead.rows(worklistRead(caseworkerID: caseworkerID, scope: scope, limit: limit), outer: """
            SELECT \(j.array(j.object(["case": summaryJSON(j, today: today), "deadlines": deadlines]), orderBy: "r.next_deadline_on NULLS LAST, r.id")) AS items FROM r
            """, audit: audit, on: db)
        let items = try rows.first?.decode(column: "items", as: String.self) ?? "[]"
        return #"{"items":"# + items + #","nextCursor":null}"#
    }

    /// The open deadlines of the given cases, earliest first.
    public static func deadlines(caseIDs: [UUID], on db: any Database) async throws -> [UUID: [CaseDeadline]] {
        guard !caseIDs.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("SELECT case_id, kind, due_on, label FROM case_deadlines WHERE case_id IN (\(binds: caseIDs)) ORDER BY due_on, kind, label").all()
        var out: [UUID: [CaseDeadline]] = [:]
        for r in rows {
            guard let kind = CaseDeadline.Kind(rawValue: try r.decode(column: "kind", as: String.self)),
                  let due = CalendarDate(try r.decode(column: "due_on", as: String.self)) else { continue }
            out[try r.decode(column: "case_id", as: UUID.self), default: []].append(
                CaseDeadline(kind: kind, dueOn: due, label: try r.decode(column: "label", as: String.self)))
        }
        return out
    }

    /// Caseload per caseworker of the units whose caseload `principal` oversees: open cases and cases with
    /// an overdue deadline (ID 22).
    public static func caseload(principal: Principal, today: CalendarDate, on db: any Database) async throws -> [CaseloadRow] {
        let unitIDs = try await caseloadUnits(principal, on: db)
        let municipalityID = principal.municipalityID
        guard !unitIDs.isEmpty else { return [] }
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT a.caseworker_id AS caseworker_id, u.display_name AS display_name, a.open_cases AS open_cases, a.overdue_cases AS overdue_cases
            FROM \(caseloadAggregate(unitIDs: unitIDs, municipalityID: municipalityID, today: today)) a
            LEFT JOIN users u ON u.id = a.caseworker_id ORDER BY \(caseloadOrder)
            """).all()
        return try rows.map { r in
            CaseloadRow(caseworkerID: try r.decode(column: "caseworker_id", as: UUID?.self), caseworkerName: try r.decode(column: "display_name", as: String?.self),
                        openCases: try r.decode(column: "open_cases", as: Int.self), overdueCases: try r.decode(column: "overdue_cases", as: Int?.self) ?? 0)
        }
    }

    /// The caseload as the API's JSON (`{"items":[…],"nextCursor":null}`), built by the database: a
    /// municipality has hundreds of caseworkers, and decoding and re-encoding their rows was half of the
    /// team overview's time in the server (docs/benchmarks.md). Same rows and order as `caseload`.
    public static func caseloadJSON(principal: Principal, today: CalendarDate, on db: any Database) async throws -> String {
        let unitIDs = try await caseloadUnits(principal, on: db)
        let municipalityID = principal.municipalityID
        guard !unitIDs.isEmpty else { return #"{"items":[],"nextCursor":null}"# }
        let sql = db as! any SQLDatabase
        let j = SQLJSON(sql)
        let row = j.object([
            "caseworkerId": j.uuid("a.caseworker_id"), "caseworkerName": "u.display_name",
            "openCases": "a.open_cases", "overdueCases": "COALESCE(a.overdue_cases, 0)",
        ])
        let items = try await sql.raw("""
            SELECT \(j.array(row, orderBy: caseloadOrder)) AS items
            FROM \(caseloadAggregate(unitIDs: unitIDs, municipalityID: municipalityID, today: today)) a
            LEFT JOIN users u ON u.id = a.caseworker_id
            """).first()?.decode(column: "items", as: String.self) ?? "[]"
        return #"{"items":"# + items + #","nextCursor":null}"#
    }

    /// The units whose caseload a principal oversees: an administrator every authority team of the
    /// municipality, anyone else their own units.
    static func caseloadUnits(_ principal: Principal, on db: any Database) async throws -> Set<UUID> {
        guard principal.role == .administrator else { return principal.unitIDs }
        return Set(try await OrganisationStore.units(municipalityID: principal.municipalityID, on: db).filter { $0.kind == .authorityTeam }.map(\.id))
    }

    /// Open and overdue cases per caseworker, aggregated from `cases_open_caseload_idx` alone.
    static func caseloadAggregate(unitIDs: Set<UUID>, municipalityID: UUID, today: CalendarDate) -> SQLQueryString {
        """
        (SELECT c.caseworker_id, COUNT(*) AS open_cases, SUM(CASE WHEN c.next_deadline_on < \(bind: today.description) THEN 1 ELSE 0 END) AS overdue_cases
         FROM cases c
         WHERE c.municipality_id = \(bind: municipalityID) AND c.responsible_unit_id IN (\(binds: unitIDs.sorted { $0.uuidString < $1.uuidString }))
           AND \(openCase)
         GROUP BY c.caseworker_id)
        """
    }

    /// By name, the cases without a caseworker last, and by id between namesakes (the same on both engines).
    static let caseloadOrder: SQLQueryString = "u.display_name IS NULL, u.display_name, a.caseworker_id"
}
