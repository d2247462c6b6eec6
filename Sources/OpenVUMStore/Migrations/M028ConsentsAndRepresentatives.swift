import FluentKit
import SQLKit

/// Migration 028 (issue 16 items 6 and 7): `citizen_consents`, each electronic consent given or withdrawn on the
/// citizen's own page (who acted: the citizen or their representative; the parties), and `citizen_representatives`,
/// the guardians and party representatives a caseworker gave the citizen's own view, until removed.
struct M028ConsentsAndRepresentatives: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("citizen_consents")
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("citizen_id", .uuid, .required)
            .field("action", .string, .required)
            .field("collect_from", .string, .required)
            .field("disclose_to", .string, .required)
            .field("given_on", .string, .required)
            .field("given_at", .datetime, .required)
            .field("given_by", .uuid, .required)
            .field("representative", .string)
            .create()
        try await database.sql.create(index: "citizen_consents_case_idx").on("citizen_consents").column("case_id").column("given_at").run()
        try await database.schema("citizen_representatives")
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("citizen_id", .uuid, .required)
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id))
            .field("kind", .string, .required)
            .field("granted_at", .datetime, .required)
            .field("granted_by", .uuid, .required)
            .field("removed_at", .datetime)
            .field("removed_by", .uuid)
            .create()
        try await database.sql.create(index: "citizen_representatives_user_idx").on("citizen_representatives").column("user_id").run()
        try await database.sql.create(index: "citizen_representatives_case_idx").on("citizen_representatives").column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("citizen_representatives").delete()
        try await database.schema("citizen_consents").delete()
    }
}
