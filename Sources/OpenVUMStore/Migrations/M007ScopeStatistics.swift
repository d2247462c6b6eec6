import FluentKit
import SQLKit

/// Migration 007: tells PostgreSQL's planner how far the unit determines the municipality and the
/// caseworker the unit (extended statistics: functional dependencies and distinct counts). Without it the planner multiplies the selectivities of `municipality_id = …` and
/// `responsible_unit_id IN (…)` as if they were independent, estimates a unit's open cases at a twentieth
/// of their number, and at 1,000,000 cases chose to fetch and sort all 11,754 of a unit's open cases
/// (66 ms) instead of walking `cases_open_unit_idx` for the first 101 (docs/benchmarks.md). Extended
/// statistics are computed by ANALYZE and autovacuum. SQLite has no such statistics; nothing to do there.
struct M007ScopeStatistics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        guard sql.engine == .postgres else { return }
        try await sql.raw("CREATE STATISTICS cases_scope_statistics (dependencies, ndistinct) ON municipality_id, responsible_unit_id, caseworker_id FROM cases").run()
        try await sql.raw("ANALYZE cases").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        guard sql.engine == .postgres else { return }
        try await sql.raw("DROP STATISTICS cases_scope_statistics").run()
    }
}
