import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// A read of citizen data together with its audit row, in as few round trips as the engine allows.
///
/// On PostgreSQL the read and the audit INSERT are one statement (a data-modifying CTE): one round
/// trip, one implicit transaction, so there is never a read without its audit row nor an audit row
/// for a read that failed. On SQLite (in-process, no round trips to save) the read runs first and the
/// audit row is written after it; the rows are returned only once the audit row is written, so nothing
/// is disclosed without one. (One SQLite transaction that reads and then writes cannot wait for another
/// writer: SQLite refuses the upgrade at once, "database is locked", so concurrent reads would fail.)
/// The read is named `r` inside the statement; `outer` selects from it.
public enum AuditedRead {
    /// What the audit row names as the object read.
    public enum Subject: Sendable {
        /// As given in the entry (known before the read: a list, say).
        case asGiven
        /// The row read, when the read found exactly one: its `id` and `citizen_id` columns (as named in `r`).
        /// A search is audited whatever it finds; a read of one object (`onlyIfFound`) only when it found it,
        /// since a missing or out-of-scope object is answered 404 and nothing was disclosed.
        case singleRow(idColumn: String, citizenColumn: String, onlyIfFound: Bool = false)
    }

    /// Runs `WITH r AS (<read>) <outer>` and appends `entry` (with the subject filled in); without an
    /// entry, only the read.
    public static func rows(
        _ read: SQLQueryString, outer: SQLQueryString = "SELECT * FROM r", audit entry: AuditEntry?,
        subject: Subject = .asGiven, on db: any Database
    ) async throws -> [any SQLRow] {
        let sql = db.sql
        let statement: SQLQueryString = "WITH r AS (\(read)) \(outer)"
        guard let entry else { return try await sql.raw(statement).all() }
        guard sql.engine == .postgres else {
            let rows = try await sql.raw(statement).all()
            var e = entry
            switch subject {
            case .asGiven:
                break
            case .singleRow(let idColumn, let citizenColumn, let onlyIfFound):
                if rows.count == 1 {
                    e.objectID = try rows[0].decode(column: idColumn, as: UUID.self).uuidString
                    e.citizenID = try rows[0].decode(column: citizenColumn, as: UUID?.self)
                } else if onlyIfFound {
                    return rows
                }
            }
            try await AuditStore.record(e, on: db)
            return rows
        }
        let insert: SQLQueryString
        switch subject {
        case .asGiven:
            insert = "INSERT INTO audit_log (\(unsafeRaw: AuditStore.columnList)) VALUES (\(binds: AuditStore.values(entry)))"
        case .singleRow(let idColumn, let citizenColumn, let onlyIfFound):
            // The object and citizen come from the read. The other values are typed explicitly: in
            // INSERT … SELECT a NULL parameter would otherwise be taken for text.
            insert = """
                INSERT INTO audit_log (\(unsafeRaw: AuditStore.columnList))
                SELECT \(bind: entry.id)::uuid, \(bind: entry.occurredAt)::timestamptz, \(bind: entry.occurredMicros)::bigint,
                       \(bind: entry.municipalityID)::uuid, \(bind: entry.userID)::uuid, \(bind: entry.unitID)::uuid, \(bind: entry.action)::text,
                       \(bind: entry.objectType)::text, CASE WHEN s.n = 1 THEN upper(s.oid::text) END, CASE WHEN s.n = 1 THEN s.cid END,
                       \(bind: entry.criteria)::text, \(bind: entry.requestID)::text, \(bind: entry.clientRequestID)::text, \(bind: entry.channel)::text
                FROM (SELECT count(*) AS n, (array_agg(r.\(ident: idColumn)))[1] AS oid, (array_agg(r.\(ident: citizenColumn)))[1] AS cid FROM r) s
                \(unsafeRaw: onlyIfFound ? "WHERE s.n = 1" : "")
                """
        }
        return try await sql.raw("WITH r AS (\(read)), audit_row AS (\(insert)) \(outer)").all()
    }
}
