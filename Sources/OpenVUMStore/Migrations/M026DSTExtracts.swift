import FluentKit
import SQLKit

/// Migration 026 (issue 16 item 5): `dst_extracts`, Danmarks Statistik's monthly extracts ("Handicap og udsatte
/// voksne") per municipality and month, each made again as a new version until one is approved: the extract as it will
/// be sent (it holds CPR numbers), its validation report, who made and who approved it, and the outbox message that
/// carries it.
struct M026DSTExtracts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("dst_extracts")
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("month", .string, .required)
            .field("version", .int, .required)
            .field("state", .string, .required)
            .field("payload", .string, .required)
            .field("findings", .string, .required)
            .field("record_count", .int, .required)
            .field("finding_count", .int, .required)
            .field("generated_at", .datetime, .required)
            .field("generated_by", .uuid)
            .field("approved_at", .datetime)
            .field("approved_by", .uuid)
            .field("outbox_message_id", .uuid)
            .unique(on: "municipality_id", "month", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("dst_extracts").delete()
    }
}
