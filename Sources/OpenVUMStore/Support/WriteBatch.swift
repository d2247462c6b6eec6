import FluentKit
import Foundation
import SQLKit

/// INSERTs that belong together (a new case with its inquiry, history, deadlines and audit row),
/// written atomically in as few round trips as the engine allows: on PostgreSQL one statement of
/// data-modifying CTEs (foreign keys are checked at the end of the statement, so a child may follow its
/// parent), on SQLite the INSERTs in one transaction.
struct WriteBatch {
    private var statements: [SQLQueryString] = []

    /// Adds rows to `table` (each row's values in `columns` order).
    mutating func insert(into table: String, columns: [String], rows: [[any Encodable & Sendable]]) {
        guard !rows.isEmpty else { return }
        var values: SQLQueryString = ""
        for (n, row) in rows.enumerated() {
            values = "\(values)\(unsafeRaw: n == 0 ? "" : ", ")(\(binds: row))"
        }
        statements.append("INSERT INTO \(ident: table) (\(unsafeRaw: columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES \(values)")
    }

    /// Adds an UPDATE or DELETE. On PostgreSQL it runs in the same statement as the INSERTs and sees the
    /// database as it was before the batch (not the rows the batch inserts).
    mutating func execute(_ statement: SQLQueryString) {
        statements.append(statement)
    }

    mutating func insert(into table: String, columns: [String], values: [any Encodable & Sendable]) {
        insert(into: table, columns: columns, rows: [values])
    }

    /// The audit row of the action, in the same statement as the action.
    mutating func audit(_ entry: AuditEntry) {
        insert(into: "audit_log", columns: AuditStore.columns, values: AuditStore.values(entry))
    }

    func run(on db: any Database) async throws {
        guard !statements.isEmpty else { return }
        let sql = db.sql
        switch sql.engine {
        case .postgres:
            var with: SQLQueryString = "WITH "
            for (n, statement) in statements.enumerated() {
                with = "\(with)\(unsafeRaw: n == 0 ? "" : ", ")w\(unsafeRaw: String(n)) AS (\(statement))"
            }
            try await sql.raw("\(with) SELECT 1 AS done").run()
        case .sqlite:
            try await db.transaction { tx in
                for statement in statements { try await tx.sql.raw(statement).run() }
            }
        }
    }
}
