import FluentKit
import SQLKit

struct M001Organisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MunicipalityModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema(OrgUnitModel.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("ownership", .string)
            .field("parent_id", .uuid, .references(OrgUnitModel.schema, .id))
            .create()
        try await database.schema(UserModel.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("is_demo", .bool, .required)
            .field("active", .bool, .required)
            .field("citizen_id", .uuid)
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "username")
            .create()
        try await database.schema(UserUnitModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(OrgUnitModel.schema, .id))
            .unique(on: "user_id", "unit_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "org_units_municipality_idx").on(OrgUnitModel.schema).column("municipality_id").run()
        try await sql.create(index: "user_units_unit_idx").on(UserUnitModel.schema).column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserUnitModel.schema).delete()
        try await database.schema(UserModel.schema).delete()
        try await database.schema(OrgUnitModel.schema).delete()
        try await database.schema(MunicipalityModel.schema).delete()
    }
}
