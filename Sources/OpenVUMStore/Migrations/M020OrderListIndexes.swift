import FluentKit
import SQLKit

/// Migration 020 (issue 13 item 10): indexes in the order lists' own order (newest first: `created_at`, `id`), so
/// that a list of the 100 newest orders reads 100 index entries instead of sorting every matching order
/// (docs/benchmarks.md): one per municipality for the authority's lists, and one per offer and per provider for the
/// provider's inbox — partial on sent orders, the only ones a provider sees. On PostgreSQL, extended statistics
/// tell the planner that an offer or a provider lies in one municipality (as M007 does for cases): without them
/// it multiplies `provider_unit_id = …` by `municipality_id = …`, estimates a provider's orders at a twentieth of
/// their number at 1,000,000 cases, and fetches and sorts all of them instead of walking the index for 100.
struct M020OrderListIndexes: AsyncMigration {
    static let indexes: [(name: String, columns: String, condition: String?)] = [
        ("orders_municipality_list_idx", "municipality_id, created_at, id", nil),
        ("orders_offer_list_idx", "offer_unit_id, created_at, id", "ordered_on IS NOT NULL"),
        ("orders_provider_list_idx", "provider_unit_id, created_at, id", "ordered_on IS NOT NULL"),
    ]

    func prepare(on database: any Database) async throws {
        for index in Self.indexes {
            let partial = index.condition.map { " WHERE \($0)" } ?? ""
            try await database.sql.raw("CREATE INDEX \(ident: index.name) ON orders (\(unsafeRaw: index.columns))\(unsafeRaw: partial)").run()
        }
        if database.sql.engine == .postgres {
            try await database.sql.raw("CREATE STATISTICS orders_scope_statistics (dependencies, ndistinct) ON municipality_id, offer_unit_id, provider_unit_id FROM orders").run()
            try await database.sql.raw("ANALYZE orders").run()
        }
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes { try await database.sql.raw("DROP INDEX \(ident: index.name)").run() }
        if database.sql.engine == .postgres { try await database.sql.raw("DROP STATISTICS orders_scope_statistics").run() }
    }
}
