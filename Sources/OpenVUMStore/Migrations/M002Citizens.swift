import FluentKit
import SQLKit

struct M002Citizens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CitizenModel.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("cpr", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("responsible_unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("version", .int, .required)
            // CPR is not the key, but one municipality registers a person once.
            .unique(on: "municipality_id", "cpr")
            .create()
        let sql = database.sql
        // The list order and keyset: (family_name, given_name, id) within a municipality, and per unit for scoped users.
        try await sql.create(index: "citizens_list_idx").on(CitizenModel.schema)
            .column("municipality_id").column("family_name").column("given_name").column("id").run()
        try await sql.create(index: "citizens_unit_list_idx").on(CitizenModel.schema)
            .column("responsible_unit_id").column("family_name").column("given_name").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CitizenModel.schema).delete()
    }
}
