import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The Sags- og Dokumentindeks messages (issue 16 item 2), written on the transaction of the change: after a case is
/// created, moves phase, gets a KLE or a new responsible unit, or is imported, its index entry (`CaseIndex.entry`) is
/// built from what the case holds; when it differs from the entry last written (or there is none), a message goes to
/// the outbox — the first time an import with the whole history. Nothing is written while the municipality has no
/// Sags- og Dokumentindeks receiver switched on.
public enum CaseIndexStore {
    /// The cases changed while `deferring` runs, each with the time of its last change.
    final class Deferred: @unchecked Sendable {
        private let lock = NSLock()
        private var changed: [(UUID, Date)] = []
        func add(_ id: UUID, _ at: Date) {
            lock.withLock {
                if let i = changed.firstIndex(where: { $0.0 == id }) { changed[i].1 = at } else { changed.append((id, at)) }
            }
        }
        func drain() -> [(UUID, Date)] { lock.withLock { defer { changed = [] }; return changed } }
    }

    @TaskLocal static var deferred: Deferred?

    /// Runs `body` (a history import's replay of one citizen, on `db`) and writes each changed case's index message
    /// once at the end, on the same transaction: the first message of an imported case is the import with its whole
    /// history, not one message per replayed event.
    public static func deferring<T: Sendable>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        let collected = Deferred()
        let result = try await $deferred.withValue(collected) { try await body() }
        for (id, at) in collected.drain() { try await caseChanged(caseID: id, now: at, on: db) }
        return result
    }

    /// After a change of a case, on its transaction: the case's Sags- og Dokumentindeks message and its grants'
    /// Ydelsesindeks messages, each when the receiver is switched on and the entry changed; and, when FFB reporting is
    /// switched on, the mark that the citizen changed today (the next day's FFB report).
    public static func caseChanged(caseID: UUID, now: Date, on db: any Database) async throws {
        if let deferred {
            deferred.add(caseID, now)
            return
        }
        // One query on every case change: which of the municipality's indexes are switched on (usually none).
        let enabled = try await db.sql.raw("""
            SELECT r.receiver FROM cases c JOIN national_receivers r ON r.municipality_id = c.municipality_id AND r.enabled = \(bind: true)
            WHERE c.id = \(bind: caseID)
            """).all().compactMap { NationalReceiver(rawValue: try $0.decode(column: "receiver", as: String.self)) }
        if enabled.contains(.caseIndex) { try await publishCase(caseID: caseID, now: now, on: db) }
        if enabled.contains(.grantIndex) { try await GrantIndexStore.publishGrants(caseID: caseID, now: now, on: db) }
        if enabled.contains(.ffbReporting) { try await FFBReportStore.mark(caseID: caseID, now: now, on: db) }
    }

    static func publishCase(caseID: UUID, now: Date, on db: any Database) async throws {
        let sql = db.sql
        guard let row = try await sql.raw("SELECT municipality_id, citizen_id FROM cases WHERE id = \(bind: caseID)").first() else { return }
        let municipalityID = try row.decode(column: "municipality_id", as: UUID.self)
        let settings = try await CaseStore.settings(municipalityID: municipalityID, on: db)
        let caseIDs: [UUID]
        if settings.caseConcept == .longCitizenCase {
            let citizenID = try row.decode(column: "citizen_id", as: UUID.self)
            caseIDs = try await sql.raw("SELECT id FROM cases WHERE citizen_id = \(bind: citizenID) AND municipality_id = \(bind: municipalityID)")
                .all().map { try $0.decode(column: "id", as: UUID.self) }
        } else {
            caseIDs = [caseID]
        }
        var facts: [CaseIndex.CaseFacts] = []
        for id in caseIDs { if let f = try await Self.facts(caseID: id, on: db) { facts.append(f) } }
        guard let first = facts.first(where: { $0.caseID == caseID }) ?? facts.first else { return }
        let key = CaseIndex.objectKey(for: first, concept: settings.caseConcept)
        let known = try await IndexObjects.key(municipalityID: municipalityID, receiver: .caseIndex, objectKey: key, now: now, on: db)
        guard let entry = CaseIndex.entry(uuid: known.uuid, cases: facts, settings: settings) else { return }
        try await IndexObjects.publish(municipalityID: municipalityID, receiver: .caseIndex, objectKey: key, entry: try CaseIndex.json(entry), last: known.lastPayload,
                                       now: now, on: db) { first in
            (first ? CaseIndex.importKind : CaseIndex.correctionKind,
             try CaseIndex.json(CaseIndex.Message(livscykluskode: first ? "Importeret" : "Rettet", registreringstidspunkt: now, sag: entry)))
        }
    }

    /// The Sags- og Dokumentindeks key of a case's Sag (under one long citizen case, the citizen's), reserved the first
    /// time it is asked for: a grant relates to it before the case index has sent anything.
    static func sagKey(caseID: UUID, citizenID: UUID, municipalityID: UUID, settings: CaseSettings, now: Date, on db: any Database) async throws -> UUID {
        let key = CaseIndex.objectKey(caseID: caseID, citizenID: citizenID, concept: settings.caseConcept)
        return try await IndexObjects.key(municipalityID: municipalityID, receiver: .caseIndex, objectKey: key, now: now, on: db).uuid
    }

    /// What the index needs of one case.
    static func facts(caseID: UUID, on db: any Database) async throws -> CaseIndex.CaseFacts? {
        let sql = db.sql
        guard let r = try await sql.raw("""
            SELECT c.id, c.case_number, c.citizen_id, z.cpr, c.paragraphs, c.responsible_unit_id, u.name AS unit_name
            FROM cases c JOIN citizens z ON z.id = c.citizen_id JOIN org_units u ON u.id = c.responsible_unit_id
            WHERE c.id = \(bind: caseID)
            """).first() else { return nil }
        let kle = try await sql.raw("SELECT emne, facet, valid_from FROM case_kle_history WHERE case_id = \(bind: caseID) ORDER BY valid_from, id").all().map { k in
            CaseIndex.KLEPeriod(emne: try k.decode(column: "emne", as: String?.self), facet: try k.decode(column: "facet", as: String?.self),
                                from: try k.decode(column: "valid_from", as: Date.self))
        }
        let states = try await sql.raw("SELECT state, valid_from, valid_to FROM case_national_states WHERE case_id = \(bind: caseID) ORDER BY seq").all().map { s in
            CaseIndex.StatePeriod(state: NationalCaseState(rawValue: try s.decode(column: "state", as: String.self)) ?? .opstaaet,
                                  from: try s.decode(column: "valid_from", as: Date.self), to: try s.decode(column: "valid_to", as: Date?.self))
        }
        return CaseIndex.CaseFacts(
            caseID: caseID, caseNumber: try r.decode(column: "case_number", as: String.self), citizenID: try r.decode(column: "citizen_id", as: UUID.self),
            cpr: try r.decode(column: "cpr", as: String.self), paragraphs: try r.decode(column: "paragraphs", as: String?.self),
            responsibleUnitID: try r.decode(column: "responsible_unit_id", as: UUID.self), responsibleUnitName: try r.decode(column: "unit_name", as: String.self),
            kle: kle, states: states)
    }
}

extension CaseStore {
    /// The case numbers of cases of a municipality, by id (cases of other municipalities are left out).
    public static func caseNumbers(ids: [UUID], municipalityID: UUID, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: String] = [:]
        for r in try await db.sql.raw("""
            SELECT id, case_number FROM cases WHERE municipality_id = \(bind: municipalityID) AND id IN (\(binds: ids))
            """).all() {
            out[try r.decode(column: "id", as: UUID.self)] = try r.decode(column: "case_number", as: String.self)
        }
        return out
    }
}

/// The index keys of the objects sent to an index, and the entry last written for each (`national_index_objects`).
enum IndexObjects {
    /// The object's index key and the entry last written for it ("" when nothing is written yet), reserving a key the
    /// first time.
    static func key(municipalityID: UUID, receiver: NationalReceiver, objectKey: String, now: Date, on db: any Database) async throws
        -> (uuid: UUID, lastPayload: String) {
        let sql = db.sql
        if let row = try await sql.raw("""
            SELECT index_uuid, last_payload FROM national_index_objects
            WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: receiver.rawValue) AND object_key = \(bind: objectKey)
            """).first() {
            return (try row.decode(column: "index_uuid", as: UUID.self), try row.decode(column: "last_payload", as: String.self))
        }
        let uuid = UUID()
        try await sql.insert(into: "national_index_objects")
            .columns("id", "municipality_id", "receiver", "object_key", "index_uuid", "last_payload", "first_written_at")
            .values(SQLBind(UUID()), SQLBind(municipalityID), SQLBind(receiver.rawValue), SQLBind(objectKey), SQLBind(uuid), SQLBind(""), SQLBind(now))
            .run()
        return (uuid, "")
    }

    /// When `entry` differs from the one last written, keeps it and writes the message `message(first)` to the outbox
    /// (`first`: nothing was written for the object before).
    static func publish(municipalityID: UUID, receiver: NationalReceiver, objectKey: String, entry: String, last: String, now: Date, on db: any Database,
                        message: (Bool) throws -> (kind: String, payload: String)) async throws {
        guard entry != last else { return }
        try await db.sql.raw("""
            UPDATE national_index_objects SET last_payload = \(bind: entry)
            WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: receiver.rawValue) AND object_key = \(bind: objectKey)
            """).run()
        let (kind, payload) = try message(last.isEmpty)
        try await OutboxStore.enqueue(municipalityID: municipalityID, receiver: receiver, objectKey: objectKey, kind: kind, payload: payload, now: now, on: db)
    }
}
