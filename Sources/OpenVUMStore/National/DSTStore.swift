import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// Danmarks Statistik's monthly extract (issue 16 item 5): made from the municipality's granted interventions
/// (`DSTExtract.records`) with its validation report (`DSTExtract.findings`), stored as a version of the month's
/// extract; approved, the version goes to the outbox (receiver `dst`) exactly as the municipality saw it.
public enum DSTStore {
    public enum State: String, Sendable, Codable {
        /// Made, waiting for the municipality's approval.
        case awaitingApproval
        /// Approved and written to the outbox.
        case approved
        /// A later version of the month was made before this one was approved.
        case superseded
    }

    /// A stored version of a month's extract.
    public struct Stored: Sendable, Equatable {
        public var id: UUID
        public var month: DSTExtract.Month
        public var version: Int
        public var state: State
        public var extract: DSTExtract.Extract
        public var findings: [DSTExtract.Finding]
        public var generatedAt: Date
        public var approvedAt: Date?
        public var outboxMessageID: UUID?
    }

    /// The latest version of each month, newest month first.
    public struct Summary: Sendable, Equatable {
        public var month: DSTExtract.Month
        public var version: Int
        public var state: State
        public var records: Int
        public var findings: Int
        public var generatedAt: Date
        public var approvedAt: Date?
    }

    // MARK: Making an extract

    /// What the extract needs of the municipality's granted interventions, and each intervention's case.
    public static func grants(municipalityID: UUID, on db: any Database) async throws -> (grants: [DSTExtract.Grant], cases: [UUID: UUID]) {
        let sql = db.sql
        let code = try await sql.raw("SELECT code FROM municipalities WHERE id = \(bind: municipalityID)").first()?.decode(column: "code", as: String.self) ?? ""
        let rows = try await sql.raw("""
            SELECT c.id, c.case_number, c.document, z.cpr FROM cases c JOIN citizens z ON z.id = c.citizen_id
            WHERE c.municipality_id = \(bind: municipalityID) ORDER BY c.case_number
            """).all()
        var documents: [(id: UUID, number: String, cpr: String, document: CaseDocument)] = []
        var providerUnits = Set<UUID>()
        for r in rows {
            let document = try JSONDecoder().decode(CaseDocument.self, from: Data(try r.decode(column: "document", as: String.self).utf8))
            guard document.interventions.contains(where: { $0.decision?.outcome == .granted }) else { continue }
            for i in document.interventions { if let u = i.order?.providerUnitId { providerUnits.insert(u) } }
            documents.append((try r.decode(column: "id", as: UUID.self), try r.decode(column: "case_number", as: String.self),
                              try r.decode(column: "cpr", as: String.self), document))
        }
        let names = try await OrganisationStore.unitNames(providerUnits, on: db)
        var grants: [DSTExtract.Grant] = []
        var cases: [UUID: UUID] = [:]
        for d in documents {
            for i in d.document.interventions where i.decision?.outcome == .granted {
                guard let id = i.id else { continue }
                cases[id] = d.id
                grants.append(DSTExtract.Grant(
                    caseID: d.id, caseNumber: d.number, cpr: d.cpr, intervention: i, targetGroups: d.document.assessment.targetGroups ?? [],
                    primaryTargetGroup: d.document.assessment.primaryTargetGroup, actingMunicipality: d.document.opening.otherActingMunicipality ?? code,
                    providerPNumber: i.order?.providerPNumber, providerName: i.order?.providerUnitId.flatMap { names[$0] }))
            }
        }
        return (grants, cases)
    }

    /// Makes a new version of the month's extract and its validation report, on the caller's transaction; an earlier
    /// version still waiting for approval is superseded. Refused for a month already approved, or one not yet over.
    public static func generate(municipalityID: UUID, month: DSTExtract.Month, userID: UUID?, now: Date, audit: AuditEntry?,
                                on db: any Database) async throws -> Stored {
        guard month < DSTExtract.Month(containing: CalendarDate(now)) else {
            throw DomainError(.conflict, code: "dst.month-not-over", title: "Måneden er ikke slut",
                              detail: "Udtrækket for \(month.danishName) kan dannes fra 1. \(month.next.danishName).")
        }
        let sql = db.sql
        let previous = try await sql.raw("""
            SELECT version, state FROM dst_extracts WHERE municipality_id = \(bind: municipalityID) AND month = \(bind: month.description)
            ORDER BY version DESC LIMIT 1
            """).first()
        if let previous, try previous.decode(column: "state", as: String.self) == State.approved.rawValue {
            throw DomainError(.conflict, code: "dst.approved", title: "Udtrækket er godkendt",
                              detail: "Udtrækket for \(month.danishName) er allerede godkendt og sendt; det dannes ikke igen.")
        }
        let version = (try previous?.decode(column: "version", as: Int.self) ?? 0) + 1
        let code = try await sql.raw("SELECT code FROM municipalities WHERE id = \(bind: municipalityID)").first()?.decode(column: "code", as: String.self) ?? ""
        let records = DSTExtract.records(try await grants(municipalityID: municipalityID, on: db).grants, month: month)
        let findings = DSTExtract.findings(records)
        let extract = DSTExtract.Extract(periode: month, kommune: code, dannet: now, ydelser: records)
        try await sql.raw("""
            UPDATE dst_extracts SET state = \(bind: State.superseded.rawValue)
            WHERE municipality_id = \(bind: municipalityID) AND month = \(bind: month.description) AND state = \(bind: State.awaitingApproval.rawValue)
            """).run()
        let id = UUID()
        try await sql.insert(into: "dst_extracts")
            .columns("id", "municipality_id", "month", "version", "state", "payload", "findings", "record_count", "finding_count", "generated_at", "generated_by")
            .values(SQLBind(id), SQLBind(municipalityID), SQLBind(month.description), SQLBind(version), SQLBind(State.awaitingApproval.rawValue),
                    SQLBind(try json(extract)), SQLBind(try json(findings)), SQLBind(records.count), SQLBind(findings.count), SQLBind(now), SQLBind(userID))
            .run()
        if let audit { try await AuditStore.record(audit, on: db) }
        return Stored(id: id, month: month, version: version, state: .awaitingApproval, extract: extract, findings: findings, generatedAt: now)
    }

    /// Approves a version waiting for approval, on the caller's transaction: the extract as made, stamped with the
    /// approval, goes to the outbox. Refused for a version that is not the month's latest or is already approved.
    public static func approve(municipalityID: UUID, month: DSTExtract.Month, version: Int, userID: UUID?, now: Date, audit: AuditEntry?,
                               on db: any Database) async throws -> Stored {
        guard var stored = try await latest(municipalityID: municipalityID, month: month, on: db) else { throw DomainError.notFound("Udtrækket") }
        guard stored.version == version, stored.state == .awaitingApproval else {
            throw DomainError(.conflict, code: "dst.not-awaiting-approval", title: "Udtrækket kan ikke godkendes",
                              detail: stored.state == .approved ? "Udtrækket for \(month.danishName) er allerede godkendt."
                                : "Der er dannet et nyere udtræk for \(month.danishName) (version \(stored.version)); læs det, før du godkender.")
        }
        stored.extract.godkendt = now
        let messageID = try await OutboxStore.enqueue(municipalityID: municipalityID, receiver: .statistics, objectKey: "dst:\(month)", kind: DSTExtract.kind,
                                                      payload: try json(stored.extract), now: now, on: db)
        try await db.sql.raw("""
            UPDATE dst_extracts SET state = \(bind: State.approved.rawValue), approved_at = \(bind: now), approved_by = \(bind: userID),
                   outbox_message_id = \(bind: messageID), payload = \(bind: try json(stored.extract))
            WHERE id = \(bind: stored.id)
            """).run()
        if let audit { try await AuditStore.record(audit, on: db) }
        stored.state = .approved
        stored.approvedAt = now
        stored.outboxMessageID = messageID
        return stored
    }

    /// The months of the last year whose extract is due (over, and the receiver switched on) and not yet made: the worker
    /// makes them, so that the municipality finds each waiting for approval before the 14th.
    public static func dueMonths(today: CalendarDate, on db: any Database) async throws -> [(municipalityID: UUID, month: DSTExtract.Month)] {
        let month = DSTExtract.Month(containing: today).previous
        return try await db.sql.raw("""
            SELECT r.municipality_id FROM national_receivers r
            WHERE r.receiver = \(bind: NationalReceiver.statistics.rawValue) AND r.enabled = \(bind: true)
              AND NOT EXISTS (SELECT 1 FROM dst_extracts d WHERE d.municipality_id = r.municipality_id AND d.month = \(bind: month.description))
            """).all().map { (try $0.decode(column: "municipality_id", as: UUID.self), month) }
    }

    // MARK: Reading

    /// The month's latest version.
    public static func latest(municipalityID: UUID, month: DSTExtract.Month, on db: any Database) async throws -> Stored? {
        guard let r = try await db.sql.raw("""
            SELECT id, version, state, payload, findings, generated_at, approved_at, outbox_message_id FROM dst_extracts
            WHERE municipality_id = \(bind: municipalityID) AND month = \(bind: month.description) ORDER BY version DESC LIMIT 1
            """).first() else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return Stored(
            id: try r.decode(column: "id", as: UUID.self), month: month, version: try r.decode(column: "version", as: Int.self),
            state: State(rawValue: try r.decode(column: "state", as: String.self)) ?? .superseded,
            extract: try decoder.decode(DSTExtract.Extract.self, from: Data(try r.decode(column: "payload", as: String.self).utf8)),
            findings: try decoder.decode([DSTExtract.Finding].self, from: Data(try r.decode(column: "findings", as: String.self).utf8)),
            generatedAt: try r.decode(column: "generated_at", as: Date.self), approvedAt: try r.decode(column: "approved_at", as: Date?.self),
            outboxMessageID: try r.decode(column: "outbox_message_id", as: UUID?.self))
    }

    /// The latest version of each month made, newest month first.
    public static func summaries(municipalityID: UUID, on db: any Database) async throws -> [Summary] {
        let rows = try await db.sql.raw("""
            SELECT month, version, state, record_count, finding_count, generated_at, approved_at FROM dst_extracts
            WHERE municipality_id = \(bind: municipalityID) ORDER BY month DESC, version DESC
            """).all()
        var seen = Set<String>()
        var out: [Summary] = []
        for r in rows {
            let text = try r.decode(column: "month", as: String.self)
            guard seen.insert(text).inserted, let month = DSTExtract.Month(text) else { continue }
            out.append(Summary(month: month, version: try r.decode(column: "version", as: Int.self),
                               state: State(rawValue: try r.decode(column: "state", as: String.self)) ?? .superseded,
                               records: try r.decode(column: "record_count", as: Int.self), findings: try r.decode(column: "finding_count", as: Int.self),
                               generatedAt: try r.decode(column: "generated_at", as: Date.self), approvedAt: try r.decode(column: "approved_at", as: Date?.self)))
        }
        return out
    }

    /// The ids of the municipality's cases with these numbers (the validation report names cases by number).
    public static func caseIDs(numbers: [String], municipalityID: UUID, on db: any Database) async throws -> [String: UUID] {
        guard !numbers.isEmpty else { return [:] }
        var ids: [String: UUID] = [:]
        for r in try await db.sql.raw("""
            SELECT id, case_number FROM cases WHERE municipality_id = \(bind: municipalityID) AND case_number IN (\(binds: numbers))
            """).all() {
            ids[try r.decode(column: "case_number", as: String.self)] = try r.decode(column: "id", as: UUID.self)
        }
        return ids
    }

    static func json<T: Encodable>(_ value: T) throws -> String { try CaseIndex.json(value) }
}
