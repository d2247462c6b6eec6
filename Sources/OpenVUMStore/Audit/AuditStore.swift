import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

// MARK: - Audit log

public enum AuditStore {
    /// The columns of an audit row, in the order every INSERT names them.
    static let columns = ["id", "occurred_at", "occurred_us", "municipality_id", "user_id", "unit_id", "action", "object_type", "object_id",
                          "citizen_id", "criteria", "request_id", "client_request_id", "channel"]
    static let columnList = columns.joined(separator: ", ")

    /// Appends one row. Call on the same transaction as the action it records.
    public static func record(_ entry: AuditEntry, on db: any Database) async throws {
        try await db.sql.raw("INSERT INTO audit_log (\(unsafeRaw: columnList)) VALUES (\(binds: values(entry)))").run()
    }

    /// An audit row's values in `columns` order (every INSERT of an audit row binds these).
    static func values(_ e: AuditEntry) -> [any Encodable & Sendable] {
        [e.id, e.occurredAt, e.occurredMicros, e.municipalityID, e.userID, e.unitID, e.action, e.objectType, e.objectID, e.citizenID,
         e.criteria, e.requestID, e.clientRequestID, e.channel]
    }

    struct ListKey: Codable {
        var t: Int64
        var i: UUID
    }

    public struct Filter: Sendable {
        public var citizenID: UUID?
        public var action: String?
        public init(citizenID: UUID? = nil, action: String? = nil) {
            self.citizenID = citizenID
            self.action = action
        }
    }

    /// The newest rows first, keyset-paginated on (occurred_us, id).
    /// With `audit`, reading the log is itself recorded (on the caller's transaction, after the read).
    public static func list(
        municipalityID: UUID, filter: Filter = Filter(), after cursor: String?, limit: Int, audit: AuditEntry?, on db: any Database
    ) async throws -> Page<AuditEntry> {
        var condition: SQLQueryString = "municipality_id = \(bind: municipalityID)"
        if let c = filter.citizenID { condition = "\(condition) AND citizen_id = \(bind: c)" }
        if let a = filter.action { condition = "\(condition) AND action = \(bind: a)" }
        if let cursor {
            let key = try Cursor.decode(cursor, as: ListKey.self)
            condition = "\(condition) AND (occurred_us, id) < (\(bind: key.t), \(bind: key.i))"
        }
        let rows = try await db.sql.raw("""
            SELECT id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id,
                   client_request_id, channel
            FROM audit_log WHERE \(condition) ORDER BY occurred_us DESC, id DESC LIMIT \(literal: limit + 1)
            """).all()
        let decoded = try rows.map { row in
            (entry: try row.decode(model: AuditEntry.self, keyDecodingStrategy: .useDefaultKeys), micros: try row.decode(column: "occurred_us", as: Int64.self))
        }
        let items = Array(decoded.prefix(limit))
        let next = decoded.count > limit ? items.last.map { Cursor.encode(ListKey(t: $0.micros, i: $0.entry.id)) } : nil
        if let audit { try await AuditStore.record(audit, on: db) }
        return Page(items: items.map(\.entry), nextCursor: next)
    }

    /// All rows about one object or citizen, oldest first (tests and the citizen's own view).
    public static func count(action: String? = nil, citizenID: UUID? = nil, on db: any Database) async throws -> Int {
        var q = AuditEntryModel.query(on: db)
        if let action { q = q.filter(\.$action == action) }
        if let citizenID { q = q.filter(\.$citizenID == citizenID) }
        return try await q.count()
    }

    /// Deletes rows older than `cutoff`; returns how many were deleted. The only way rows leave the log: a
    /// trigger refuses every other DELETE (and TRUNCATE on PostgreSQL); the purge opens it for its own
    /// transaction only (`SET LOCAL openvum.audit_purge` on PostgreSQL, a row in `audit_purge_gate` on SQLite).
    public static func purge(before cutoff: Date, on db: any Database) async throws -> Int {
        try await db.transaction { tx in
            let sql = tx.sql
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE occurred_at < \(bind: cutoff)").first()?.decode(column: "n", as: Int.self) ?? 0
            switch sql.engine {
            case .postgres:
                try await sql.raw("SET LOCAL openvum.audit_purge = 'on'").run()
                try await sql.raw("DELETE FROM audit_log WHERE occurred_at < \(bind: cutoff)").run()
            case .sqlite:
                try await sql.raw("INSERT INTO audit_purge_gate (open) VALUES (1)").run()
                try await sql.raw("DELETE FROM audit_log WHERE occurred_at < \(bind: cutoff)").run()
                try await sql.raw("DELETE FROM audit_purge_gate").run()
            }
            return n
        }
    }
}
