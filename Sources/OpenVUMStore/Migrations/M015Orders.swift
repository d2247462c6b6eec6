import FluentKit
import SQLKit

/// Migration 015 (issue 13 item 2): `orders`, the order as its own resource. The whole order is `body` (JSON of
/// `Order`); the columns beside it are what lists, scopes and the provider's grace period select by:
/// the case, the offer and its provider, the state, the order date and the day it stopped binding (`closed_on`).
struct M015Orders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("orders")
            .id()
            .field("municipality_id", .uuid, .required, .references("municipalities", .id))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("intervention_id", .uuid, .required)
            .field("offer_unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .field("provider_unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .field("state", .string, .required)
            .field("ordered_on", .string)
            .field("closed_on", .string)
            .field("body", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "orders_case_idx").on("orders").column("case_id").column("created_at").run()
        try await sql.create(index: "orders_offer_idx").on("orders").column("offer_unit_id").column("state").column("ordered_on").run()
        try await sql.create(index: "orders_provider_idx").on("orders").column("provider_unit_id").column("state").column("ordered_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("orders").delete()
    }
}
