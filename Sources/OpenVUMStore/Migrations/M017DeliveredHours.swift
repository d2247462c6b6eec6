import FluentKit
import SQLKit

/// Migration 017 (issue 13 item 4): `delivered_hours`, the provider's report of one month of an order (the whole
/// report is `body`, JSON of `HoursReport`); a later report of the same month replaces it.
struct M017DeliveredHours: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("delivered_hours")
            .field("order_id", .uuid, .required, .references("orders", .id))
            .field("month", .string, .required)
            .field("body", .string, .required)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime, .required)
            .compositeIdentifier(over: "order_id", "month")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("delivered_hours").delete()
    }
}
