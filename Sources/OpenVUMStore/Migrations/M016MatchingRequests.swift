import FluentKit
import SQLKit

/// Migration 016 (issue 13 item 2): matching requests. `matching_requests.body` is the whole request (JSON of
/// `MatchingRequest`); `matching_candidates` holds one row per offer asked, which is what a provider's scope and
/// inbox select by.
struct M016MatchingRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_requests")
            .id()
            .field("municipality_id", .uuid, .required, .references("municipalities", .id))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("intervention_id", .uuid, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("matching_candidates")
            .field("request_id", .uuid, .required, .references("matching_requests", .id))
            .field("offer_unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .field("provider_unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .field("answer", .string, .required)
            .compositeIdentifier(over: "request_id", "offer_unit_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "matching_requests_case_idx").on("matching_requests").column("case_id").column("created_at").run()
        try await sql.create(index: "matching_candidates_offer_idx").on("matching_candidates").column("offer_unit_id").column("answer").run()
        try await sql.create(index: "matching_candidates_provider_idx").on("matching_candidates").column("provider_unit_id").column("answer").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matching_candidates").delete()
        try await database.schema("matching_requests").delete()
    }
}
