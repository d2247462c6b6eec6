import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The FFB reports (issue 16 item 4). While a municipality's FFB reporting is switched on, every change of a case marks
/// its citizen as changed that day (`ffb_changes`, on the change's own transaction). From the next day the worker
/// turns each day's marks into reports, oldest day first: one `KLReportingFFBDeliveryReport` Bundle per citizen
/// (`FFBReport.bundle`), checked against the profile (`FFBValidation`). A valid Bundle goes to the outbox, in order
/// per citizen; one that breaks a rule is written as a dead letter with the rules it broke, and is never sent.
public enum FFBReportStore {
    /// The citizen object's key in the outbox: the reports of one citizen are delivered in order.
    public static func objectKey(citizenID: UUID) -> String { "ffb:\(citizenID.uuidString.lowercased())" }

    /// The citizen of an FFB object key (a report, or an invalid report: `ffb:<citizen>:ugyldig:<day>`).
    public static func citizen(objectKey: String) -> UUID? {
        guard objectKey.hasPrefix("ffb:") else { return nil }
        return UUID(uuidString: String(objectKey.dropFirst(4).prefix(36)))
    }

    /// The case numbers of each citizen's cases in the municipality.
    public static func caseNumbers(citizenIDs: [UUID], municipalityID: UUID, on db: any Database) async throws -> [UUID: [String]] {
        guard !citizenIDs.isEmpty else { return [:] }
        var out: [UUID: [String]] = [:]
        for r in try await db.sql.raw("""
            SELECT citizen_id, case_number FROM cases WHERE municipality_id = \(bind: municipalityID) AND citizen_id IN (\(binds: citizenIDs))
            ORDER BY case_number
            """).all() {
            out[try r.decode(column: "citizen_id", as: UUID.self), default: []].append(try r.decode(column: "case_number", as: String.self))
        }
        return out
    }

    /// Marks the case's citizen as changed on `now`'s day (Danish time). Call on the change's transaction, only while
    /// the municipality's FFB reporting is switched on.
    static func mark(caseID: UUID, now: Date, on db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO ffb_changes (municipality_id, citizen_id, changed_on)
            SELECT municipality_id, citizen_id, \(bind: CalendarDate(now).description) FROM cases WHERE id = \(bind: caseID)
            ON CONFLICT (municipality_id, changed_on, citizen_id) DO NOTHING
            """).run()
    }

    /// The result of one step of a day's reports.
    public struct Step: Sendable, Equatable {
        public var day: CalendarDate
        public var queued = 0
        public var invalid = 0
        public init(day: CalendarDate) { self.day = day }
    }

    /// The municipality and day of the oldest marks before `today` of municipalities whose FFB reporting is on.
    public static func dueDays(today: CalendarDate, on db: any Database) async throws -> [(municipalityID: UUID, day: CalendarDate)] {
        try await db.sql.raw("""
            SELECT DISTINCT f.municipality_id, f.changed_on FROM ffb_changes f
            JOIN national_receivers r ON r.municipality_id = f.municipality_id AND r.receiver = \(bind: NationalReceiver.ffbReporting.rawValue)
              AND r.enabled = \(bind: true)
            WHERE f.changed_on < \(bind: today.description) ORDER BY f.changed_on, f.municipality_id
            """).all().compactMap { r in
            guard let day = CalendarDate(try r.decode(column: "changed_on", as: String.self)) else { return nil }
            return (try r.decode(column: "municipality_id", as: UUID.self), day)
        }
    }

    /// One step of a day's reports, on the caller's transaction: up to `batch` citizens marked on `day` get their
    /// report, and their marks go. Run again until it reports fewer than `batch`.
    public static func reportStep(municipalityID: UUID, day: CalendarDate, batch: Int, now: Date, terminology: any TerminologyLookup,
                                  on db: any Database) async throws -> (step: Step, taken: Int) {
        let sql = db.sql
        let citizens = try await sql.raw("""
            SELECT citizen_id FROM ffb_changes WHERE municipality_id = \(bind: municipalityID) AND changed_on = \(bind: day.description)
            ORDER BY citizen_id LIMIT \(literal: batch)
            """).all().map { try $0.decode(column: "citizen_id", as: UUID.self) }
        var step = Step(day: day)
        let settings = try await CaseStore.settings(municipalityID: municipalityID, on: db)
        for citizenID in citizens {
            // The mark is taken first: a second worker on the same day waits for this transaction and then finds it gone,
            // so a citizen's report for a day is written once.
            guard try await sql.raw("""
                DELETE FROM ffb_changes WHERE municipality_id = \(bind: municipalityID) AND changed_on = \(bind: day.description) AND citizen_id = \(bind: citizenID)
                RETURNING citizen_id
                """).first() != nil else { continue }
            guard let facts = try await facts(citizenID: citizenID, municipalityID: municipalityID, settings: settings, on: db) else { continue }
            let bundle = FFBReport.bundle(facts, day: day, now: now, terminology: terminology)
            if try await enqueue(bundle, citizenID: citizenID, municipalityID: municipalityID, day: day, now: now, terminology: terminology, on: db) {
                step.queued += 1
            } else {
                step.invalid += 1
            }
        }
        return (step, citizens.count)
    }

    /// Writes a report to the outbox: queued when valid (true); otherwise dead-lettered at once with the rules it broke,
    /// under its own key so that it holds back none of the citizen's later reports (false).
    static func enqueue(_ bundle: FHIRValue, citizenID: UUID, municipalityID: UUID, day: CalendarDate, now: Date, terminology: any TerminologyLookup,
                        on db: any Database) async throws -> Bool {
        let violations = FFBValidation.violations(bundle, terminology: terminology)
        let key = objectKey(citizenID: citizenID)
        if violations.isEmpty {
            try await OutboxStore.enqueue(municipalityID: municipalityID, receiver: .ffbReporting, objectKey: key, kind: FFBReport.kind,
                                          payload: try bundle.json(), now: now, on: db)
            return true
        }
        let id = try await OutboxStore.enqueue(municipalityID: municipalityID, receiver: .ffbReporting, objectKey: "\(key):ugyldig:\(day)",
                                               kind: FFBReport.invalidKind, payload: try bundle.json(), now: now, on: db)
        let reason = "Ugyldig FFB-rapport for \(day.danish), sendes ikke: " + violations.prefix(5).map(\.description).joined(separator: " · ")
            + (violations.count > 5 ? " · og \(violations.count - 5) mere" : "")
        try await OutboxStore.record(id: id, verdict: .deadLetter(reason: reason), answer: reason, now: now, on: db)
        return false
    }

    /// The report of every citizen with a case (`day` nil) or of the citizens marked on `day`, with the rules each
    /// breaks — for `openvum ffb export`, which writes them to files. Nothing is changed.
    public static func reports(municipalityID: UUID, day: CalendarDate?, now: Date, terminology: any TerminologyLookup, on db: any Database) async throws
        -> [(citizenID: UUID, bundle: FHIRValue, violations: [FFBValidation.Violation])] {
        let sql = db.sql
        let ids: [UUID]
        if let day {
            ids = try await sql.raw("""
                SELECT citizen_id FROM ffb_changes WHERE municipality_id = \(bind: municipalityID) AND changed_on = \(bind: day.description) ORDER BY citizen_id
                """).all().map { try $0.decode(column: "citizen_id", as: UUID.self) }
        } else {
            ids = try await sql.raw("SELECT DISTINCT citizen_id FROM cases WHERE municipality_id = \(bind: municipalityID) ORDER BY citizen_id")
                .all().map { try $0.decode(column: "citizen_id", as: UUID.self) }
        }
        let settings = try await CaseStore.settings(municipalityID: municipalityID, on: db)
        let reportDay = day ?? CalendarDate(now)
        var out: [(UUID, FHIRValue, [FFBValidation.Violation])] = []
        for id in ids {
            guard let facts = try await facts(citizenID: id, municipalityID: municipalityID, settings: settings, on: db) else { continue }
            let bundle = FFBReport.bundle(facts, day: reportDay, now: now, terminology: terminology)
            out.append((id, bundle, FFBValidation.violations(bundle, terminology: terminology)))
        }
        return out
    }

    /// What the report needs of a citizen and the citizen's cases in the municipality; nil for a citizen with none.
    static func facts(citizenID: UUID, municipalityID: UUID, settings: CaseSettings, on db: any Database) async throws -> FFBReport.CitizenFacts? {
        let sql = db.sql
        guard let citizen = try await sql.raw("SELECT cpr FROM citizens WHERE id = \(bind: citizenID)").first() else { return nil }
        var cases: [FFBReport.CaseFacts] = []
        for r in try await sql.raw("""
            SELECT id, case_number, opened_on, phase, document FROM cases
            WHERE citizen_id = \(bind: citizenID) AND municipality_id = \(bind: municipalityID) ORDER BY opened_on, id
            """).all() {
            guard let opened = CalendarDate(try r.decode(column: "opened_on", as: String.self)) else { continue }
            let document = try JSONDecoder().decode(CaseDocument.self, from: Data(try r.decode(column: "document", as: String.self).utf8))
            cases.append(FFBReport.CaseFacts(caseID: try r.decode(column: "id", as: UUID.self), caseNumber: try r.decode(column: "case_number", as: String.self),
                                             openedOn: opened, closed: try r.decode(column: "phase", as: String.self) == CasePhase.closed.rawValue,
                                             document: document))
        }
        guard !cases.isEmpty else { return nil }
        return FFBReport.CitizenFacts(citizenID: citizenID, cpr: try citizen.decode(column: "cpr", as: String.self), organisation: settings.kombitOrganisationId,
                                      cases: cases)
    }
}
