import FluentKit
import SQLKit

/// Migration 027 (issue 16 item 6): `citizen_goal_views`, the citizen's own view on a goal of their case — green,
/// yellow or red and a sentence — each one kept (the latest per goal is the current), for the caseworker and the
/// provider's next status report.
struct M027CitizenGoalViews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("citizen_goal_views")
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("citizen_id", .uuid, .required)
            .field("goal_id", .uuid, .required)
            .field("colour", .string, .required)
            .field("sentence", .string)
            .field("given_on", .string, .required)
            .field("given_at", .datetime, .required)
            .field("given_by", .uuid)
            .create()
        try await database.sql.create(index: "citizen_goal_views_case_idx").on("citizen_goal_views").column("case_id").column("goal_id").column("given_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("citizen_goal_views").delete()
    }
}
