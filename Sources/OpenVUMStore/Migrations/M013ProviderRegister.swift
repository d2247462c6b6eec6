import FluentKit
import SQLKit

/// Migration 013 (issue 13, the provider register): an offer's capacity and vacant places and its provider's kind
/// (`org_units.places`, `vacant_places`, `provider_kind`), and `offer_rates`, the offer's rates (takster) with their
/// validity periods, unit and frequency, money in øre.
struct M013ProviderRegister: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("ALTER TABLE org_units ADD COLUMN places INTEGER").run()
        try await sql.raw("ALTER TABLE org_units ADD COLUMN vacant_places INTEGER").run()
        try await sql.raw("ALTER TABLE org_units ADD COLUMN provider_kind TEXT").run()
        try await database.schema("offer_rates")
            .id()
            .field("offer_unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("unit", .string, .required)
            .field("frequency", .string, .required)
            .field("unit_price", .int64, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "offer_rates_offer_idx").on("offer_rates").column("offer_unit_id").column("valid_from").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("offer_rates").delete()
        for column in ["provider_kind", "vacant_places", "places"] {
            try await sql.raw("ALTER TABLE org_units DROP COLUMN \(unsafeRaw: column)").run()
        }
    }
}
