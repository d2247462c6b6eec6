import FluentKit
import SQLKit

/// Migration 020 (issue 13 item 10): indexes in the order lists' own order (newest first: `created_at`, `id`), so
/// that a list of the 100 newest orders reads 100 index entries instead of sorting every matching order
/// (docs/benchmarks.md): one per municipality for the authority's lists, and one per offer and per provider for the
/// provider's inbox — partial on sent orders, the only ones a provider sees.
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
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes { try await database.sql.raw("DROP INDEX \(ident: index.name)").run() }
    }
}
