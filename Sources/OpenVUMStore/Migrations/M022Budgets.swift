import FluentKit
import SQLKit

/// Migration 022 (issue 14 item 3): `budgets`, the budget per account, year and unit — the original budget and the
/// corrected one. `unit_key` is the authority team's id, or `all` for the whole municipality, so that one line per
/// account, year and unit is unique on both engines (a null would not be).
struct M022Budgets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("budgets")
            .id()
            .field("municipality_id", .uuid, .required, .references("municipalities", .id))
            .field("year", .int, .required)
            .field("account", .string, .required)
            .field("unit_id", .uuid, .references(OrgUnitModel.schema, .id))
            .field("unit_key", .string, .required)
            .field("original_ore", .int64, .required)
            .field("corrected_ore", .int64)
            .field("version", .int, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id", "year", "account", "unit_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("budgets").delete()
    }
}
