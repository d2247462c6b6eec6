import FluentKit
import SQLKit

/// Migration 008 (security review, issue 9):
/// - `audit_log.client_request_id`: a client's own `X-Request-Id`, kept apart from the server's request id;
/// - `audit_log` refuses DELETE (and TRUNCATE on PostgreSQL) except inside `openvum audit purge`
///   (`AuditStore.purge`), as it already refused UPDATE;
/// - `citizen_team_access`: teams that registered a citizen already registered by another team (so that a
///   registration answers as a new one would, revealing nothing a search would not).
struct M008SecurityHardening: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("ALTER TABLE audit_log ADD COLUMN client_request_id TEXT").run()
        try await database.schema("citizen_team_access")
            .id()
            .field("citizen_id", .uuid, .required, .references("citizens", .id))
            .field("unit_id", .uuid, .required, .references("org_units", .id))
            .field("granted_at", .datetime, .required)
            .field("granted_by", .uuid)
            .unique(on: "citizen_id", "unit_id")
            .create()
        try await sql.create(index: "citizen_team_access_unit_idx").on("citizen_team_access").column("unit_id").column("citizen_id").run()
        switch sql.engine {
        case .postgres:
            try await sql.raw("""
                CREATE FUNCTION audit_log_no_delete() RETURNS trigger AS $$
                BEGIN
                  IF current_setting('openvum.audit_purge', true) = 'on' THEN RETURN OLD; END IF;
                  RAISE EXCEPTION 'audit_log is append-only: rows are deleted only by openvum audit purge';
                END; $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_delete()").run()
            try await sql.raw("""
                CREATE FUNCTION audit_log_no_truncate() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only: rows are deleted only by openvum audit purge'; END; $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate()").run()
        case .sqlite:
            try await sql.raw("CREATE TABLE audit_purge_gate (open INTEGER NOT NULL)").run()
            try await sql.raw("""
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN NOT EXISTS (SELECT 1 FROM audit_purge_gate)
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows are deleted only by openvum audit purge'); END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.engine == .postgres {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_no_delete()").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_no_truncate()").run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_delete").run()
            try await sql.raw("DROP TABLE IF EXISTS audit_purge_gate").run()
        }
        try await database.schema("citizen_team_access").delete()
        // The column stays: SQLite before 3.35 cannot drop it, and it holds audit data.
    }
}
