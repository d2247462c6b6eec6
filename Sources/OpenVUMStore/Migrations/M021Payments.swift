import FluentKit
import SQLKit

/// Migration 021 (issue 14 item 2): `payments`, the actual price — what the finance system paid for an order's
/// service month (figures.md E3). One row per voucher (`voucher_id`, unique in the municipality, so that reading
/// the same file twice changes nothing); the order's case and intervention beside it for the economy's sums;
/// `source` says how it came: a payment file, by hand, or a case-history import.
struct M021Payments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("payments")
            .id()
            .field("municipality_id", .uuid, .required, .references("municipalities", .id))
            .field("voucher_id", .string, .required)
            .field("order_id", .uuid, .required, .references("orders", .id))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("intervention_id", .uuid, .required)
            .field("service_month", .string, .required)
            .field("account", .string, .required)
            .field("amount_ore", .int64, .required)
            .field("booked_on", .string, .required)
            .field("source", .string, .required)
            .field("version", .int, .required)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime, .required)
            .unique(on: "municipality_id", "voucher_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "payments_order_idx").on("payments").column("order_id").column("service_month").run()
        try await sql.create(index: "payments_case_idx").on("payments").column("case_id").column("service_month").run()
        try await sql.create(index: "payments_month_idx").on("payments").column("municipality_id").column("service_month").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("payments").delete()
    }
}
