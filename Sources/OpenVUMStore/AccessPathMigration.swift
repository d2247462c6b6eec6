import Fluent
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
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            try await sql.raw("CREATE INDEX \(ident: index.name) ON cases (\(unsafeRaw: index.columns)) WHERE phase <> 'closed'").run()
        }
        // Case documents (2–4 kB of JSON) are compressed when stored; lz4 does it several times faster
        // than PostgreSQL's default pglz, on every write and every read.
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE cases ALTER COLUMN document SET COMPRESSION lz4").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE cases ALTER COLUMN document SET COMPRESSION pglz").run()
        }
    }
}

/// Migration 007: tells PostgreSQL's planner how far the unit determines the municipality and the
/// caseworker the unit (extended statistics: functional dependencies and distinct counts). Without it the planner multiplies the selectivities of `municipality_id = …` and
/// `responsible_unit_id IN (…)` as if they were independent, estimates a unit's open cases at a twentieth
/// of their number, and at 1,000,000 cases chose to fetch and sort all 11,754 of a unit's open cases
/// (66 ms) instead of walking `cases_open_unit_idx` for the first 101 (docs/benchmarks.md). Extended
/// statistics are computed by ANALYZE and autovacuum. SQLite has no such statistics; nothing to do there.
struct M007ScopeStatistics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("CREATE STATISTICS cases_scope_statistics (dependencies, ndistinct) ON municipality_id, responsible_unit_id, caseworker_id FROM cases").run()
        try await sql.raw("ANALYZE cases").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP STATISTICS cases_scope_statistics").run()
    }
}
