import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

public enum CaseStore {
    // MARK: Settings

    public static func settings(municipalityID: UUID, on db: any Database) async throws -> CaseSettings {
        let sql = db.sql
        guard let row = try await sql.select().column("settings").from("municipality_settings")
            .where("municipality_id", .equal, municipalityID).first() else { return CaseSettings() }
        let text = try row.decode(column: "settings", as: String.self)
        return (try? JSONDecoder().decode(CaseSettings.self, from: Data(text.utf8))) ?? CaseSettings()
    }

    /// The settings' version (0 while the municipality uses the defaults), for ETag/If-Match.
    public static func settingsVersion(municipalityID: UUID, on db: any Database) async throws -> Int {
        let sql = db.sql
        return try await sql.select().column("version").from("municipality_settings").where("municipality_id", .equal, municipalityID)
            .first()?.decode(column: "version", as: Int.self) ?? 0
    }

    /// Saves the settings if the stored version is `expectedVersion` (nil: unconditionally); returns the new version.
    @discardableResult
    public static func saveSettings(_ settings: CaseSettings, municipalityID: UUID, expectedVersion: Int? = nil, on db: any Database) async throws -> Int {
        try settings.validate()
        let sql = db.sql
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

    // MARK: Audit

    /// Writes the action's audit row about `c` on the caller's transaction (the write and its row commit
    /// together or not at all), and returns `c`. Every store function that writes a case ends here.
    static func audited(_ c: CaseRecord, _ audit: AuditEntry?, on db: any Database) async throws -> CaseRecord {
        if let audit { try await AuditStore.record(audit.about(c.id, citizen: c.citizenID), on: db) }
        return c
    }

    // MARK: Scope

    /// The access-scope condition over `cases` (as `alias`); see `AccessScope.condition`.
    static func scopeCondition(_ p: Principal, alias: String = "c") -> SQLQueryString? {
        AccessScope.condition(p, over: .cases(alias: alias))
    }

    static let columns: SQLQueryString = """
        c.id, c.municipality_id, c.citizen_id, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on, c.closed_on,
        c.next_deadline_on, c.next_deadline_kind, c.kle_emne, c.kle_facet, c.document, c.version, c.created_at, c.updated_at, c.case_number, c.paragraphs
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
            updatedAt: try row.decode(column: "updated_at", as: Date.self),
            caseNumber: try row.decode(column: "case_number", as: String.self),
            paragraphs: try row.decode(column: "paragraphs", as: String?.self))
    }

    /// The case if `principal` may see it; nil when missing or out of scope (both answered 404).
    public static func find(id: UUID, principal: Principal, on db: any Database) async throws -> CaseRecord? {
        guard let scope = scopeCondition(principal) else { return nil }
        let sql = db.sql
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
}
