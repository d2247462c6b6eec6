import FluentKit
import SQLKit

/// Migration 006: indexes that match the hot access paths (docs/benchmarks.md), and lz4 compression of
/// case documents on PostgreSQL. Partial on open cases,
/// which every worklist, open-case list and caseload asks for; the queries write the condition
/// `phase <> 'closed'` as a literal so that the planner can use them.
struct M006AccessPathIndexes: AsyncMigration {
    static let indexes: [(name: String, columns: String)] = [
        // Worklist: a caseworker's open cases, nearest deadline first (ORDER BY next_deadline_on NULLS LAST, id).
        ("cases_open_worklist_idx", "caseworker_id, next_deadline_on, id"),
        // Open-case lists, newest first, for unit-scoped users and for administrators.
        ("cases_open_unit_idx", "responsible_unit_id, opened_on, id"),
        ("cases_open_municipality_idx", "municipality_id, opened_on, id"),
        // Caseload per caseworker (team overview): answered from the index alone.
        ("cases_open_caseload_idx", "municipality_id, responsible_unit_id, caseworker_id, next_deadline_on"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.indexes {
            try await sql.raw("CREATE INDEX \(ident: index.name) ON cases (\(unsafeRaw: index.columns)) WHERE phase <> 'closed'").run()
        }
        // Case documents (2–4 kB of JSON) are compressed when stored; lz4 does it several times faster
        // than PostgreSQL's default pglz, on every write and every read.
        if sql.engine == .postgres {
            try await sql.raw("ALTER TABLE cases ALTER COLUMN document SET COMPRESSION lz4").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.indexes { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        if sql.engine == .postgres {
            try await sql.raw("ALTER TABLE cases ALTER COLUMN document SET COMPRESSION pglz").run()
        }
    }
}
