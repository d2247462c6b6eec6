import FluentKit
import SQLKit

/// Migration 018 (issue 13 items 4–5): what the provider reports on an order besides hours.
/// - `order_change_requests`: a request to change the support, with its evidence and the authority's answer
///   (`body`, JSON of `ChangeRequest`); `open` is what the caseworker's task list selects by.
/// - `order_status_reports`: the status report per goal before a planned follow-up (`body`, JSON of
///   `StatusReport`); one per order and follow-up date, a later one replacing it.
struct M018OrderReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("order_change_requests")
            .id()
            .field("order_id", .uuid, .required, .references("orders", .id))
            .field("open", .bool, .required)
            .field("body", .string, .required)
            .field("requested_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("order_status_reports")
            .id()
            .field("order_id", .uuid, .required, .references("orders", .id))
            .field("follow_up_date", .string, .required)
            .field("body", .string, .required)
            .field("reported_by", .uuid)
            .field("reported_at", .datetime, .required)
            .unique(on: "order_id", "follow_up_date")
            .create()
        let sql = database.sql
        try await sql.create(index: "order_change_requests_order_idx").on("order_change_requests").column("order_id").column("open").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("order_status_reports").delete()
        try await database.schema("order_change_requests").delete()
    }
}
