import FluentKit
import SQLKit

struct M004AuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema)
            .id()
            .field("occurred_at", .datetime, .required)
            // Microseconds since 1970 as an integer: the exact, engine-independent keyset for paging.
            .field("occurred_us", .int64, .required)
            .field("municipality_id", .uuid)
            .field("user_id", .uuid)
            .field("unit_id", .uuid)
            .field("action", .string, .required)
            .field("object_type", .string)
            .field("object_id", .string)
            .field("citizen_id", .uuid)
            .field("criteria", .string)
            .field("request_id", .string)
            .field("channel", .string)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_log_list_idx").on(AuditEntryModel.schema).column("municipality_id").column("occurred_us").column("id").run()
        try await sql.create(index: "audit_log_time_idx").on(AuditEntryModel.schema).column("occurred_at").run()
        try await sql.create(index: "audit_log_citizen_idx").on(AuditEntryModel.schema).column("citizen_id").column("occurred_at").run()
        // Append-only: rows are never updated. Deleting is allowed only for the retention purge.
        switch sql.engine {
        case .postgres:
            try await sql.raw("""
                CREATE FUNCTION audit_log_no_update() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update()").run()
        case .sqlite:
            try await sql.raw("""
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema(AuditEntryModel.schema).delete()
        if sql.engine == .postgres {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_no_update()").run()
        }
    }
}
