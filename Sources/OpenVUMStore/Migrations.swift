import Fluent
import SQLKit

/// Every migration, in order. Append-only: never edit or reorder a shipped migration; add a new one.
public enum OpenVUMMigrations {
    public static let all: [any Migration] = [
        // 001 - tenants, organisation units, users and their memberships
        M001Organisation(),
        // 002 - citizens, scoped by municipality and responsible unit
        M002Citizens(),
        // 003 - web sessions (hashed ids, CSRF token, idle/absolute expiry)
        M003WebSessions(),
        // 004 - the audit log, append-only by trigger on both engines
        M004AuditLog(),
        // 005 - VUM 2.0 cases: the case document, phase and national-state history, KLE history,
        //       inquiries, functional-level versions, deadlines and reminders, terminology, municipal settings
        M005Cases(),
        // 006 - partial indexes on open cases for the worklist, open-case lists and caseload
        M006AccessPathIndexes(),
        // 007 - PostgreSQL: statistics on how municipality, unit and caseworker depend on each other
        M007ScopeStatistics(),
        // 008 - security review: client request id apart from the server's, audit log refuses DELETE outside
        //       the purge, teams' access to citizens they registered
        M008SecurityHardening(),
    ]
}

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
        let sql = database as! any SQLDatabase
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
        let sql = database as! any SQLDatabase
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

struct M003WebSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WebSessionModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "web_sessions_user_idx").on(WebSessionModel.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WebSessionModel.schema).delete()
    }
}

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
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_log_list_idx").on(AuditEntryModel.schema).column("municipality_id").column("occurred_us").column("id").run()
        try await sql.create(index: "audit_log_time_idx").on(AuditEntryModel.schema).column("occurred_at").run()
        try await sql.create(index: "audit_log_citizen_idx").on(AuditEntryModel.schema).column("citizen_id").column("occurred_at").run()
        // Append-only: rows are never updated. Deleting is allowed only for the retention purge.
        switch sql.dialect.name {
        case "postgresql":
            try await sql.raw("""
                CREATE FUNCTION audit_log_no_update() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update()").run()
        default:
            try await sql.raw("""
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(AuditEntryModel.schema).delete()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_no_update()").run()
        }
    }
}
