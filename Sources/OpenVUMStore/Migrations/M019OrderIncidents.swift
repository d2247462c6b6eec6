import FluentKit
import SQLKit

/// Migration 019 (issue 13 item 6): `order_incidents`, the provider's reports of use of force and unintended
/// incidents on an order (`body`, JSON of `Incident`). `type` and `occurred_on` let the case derive ID 82; `seen`
/// is what the caseworker's task list selects by.
struct M019OrderIncidents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("order_incidents")
            .id()
            .field("order_id", .uuid, .required, .references("orders", .id))
            .field("type", .string, .required)
            .field("occurred_on", .string, .required)
            .field("seen", .bool, .required)
            .field("body", .string, .required)
            .field("reported_by", .uuid)
            .field("reported_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "order_incidents_order_idx").on("order_incidents").column("order_id").column("occurred_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("order_incidents").delete()
    }
}
