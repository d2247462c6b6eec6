import FluentKit
import SQLKit

/// Migration 025 (issue 16 item 4): `ffb_changes`, the citizens whose data changed, per municipality and Danish
/// calendar day, while the municipality's FFB reporting is switched on. The day after, each becomes one FFB report
/// (a Bundle per citizen) in the outbox, and its row goes.
struct M025FFBChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ffb_changes")
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("citizen_id", .uuid, .required)
            .field("changed_on", .string, .required)
            .unique(on: "municipality_id", "changed_on", "citizen_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ffb_changes").delete()
    }
}
