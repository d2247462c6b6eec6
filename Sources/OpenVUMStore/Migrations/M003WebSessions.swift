import FluentKit
import SQLKit

struct M003WebSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WebSessionModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "web_sessions_user_idx").on(WebSessionModel.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WebSessionModel.schema).delete()
    }
}
