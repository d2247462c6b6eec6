import FluentKit
import SQLKit

/// Migration 009 (issue 11, the case made right):
/// - `case_due_items`: every dated obligation of a case — the local phase deadlines (figures.md T1.5) and the
///   follow-up due dates (T1.10) — with how and when it ended (fulfilled, superseded, closed), rebuilt in the
///   same transaction as the case document, so deadline compliance can be reported afterwards;
/// - `case_assignments`: every holder of a case (responsible caseworker and team) with the date they took it
///   and why (WF-29);
/// - `case_transitions.reason_code` and `effective_on`: a closing's coded reason and date;
/// - `case_inquiries.origin`: each inquiry's origin (ID 2), for inquiries by origin (figures.md T1.1);
/// - `case_fact_history`: dated versions of the case's target groups (ID 60) and support need (ID 59), so
///   that e.g. citizens leaving a target group can be counted;
/// - municipality codes in their one format, three digits ("0999" becomes "999");
/// - `case_interventions`, `case_goals`, `case_follow_ups`: the document's lists as rows (`CaseProjection`),
///   rebuilt in the same transaction as the document;
/// - `case_notes`: journal notes; a correction is a new row (version) of the same note (`chain_id`);
/// - `import_keys`: the keys objects had in an imported case history (case, intervention, goal, event …),
///   so that a second import of the same file changes nothing and a later one adds only what is new.
struct M009CaseFoundation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("case_due_items")
            .id()
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("municipality_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("seq", .int, .required)
            .field("set_on", .string, .required)
            .field("due_on", .string, .required)
            .field("ending", .string)
            .field("ended_on", .string)
            .field("fulfilled_by", .uuid)
            .create()
        try await sql.create(index: "case_due_items_case_idx").on("case_due_items").column("case_id").column("kind").column("seq").run()
        try await sql.create(index: "case_due_items_due_idx").on("case_due_items").column("municipality_id").column("kind").column("due_on").run()

        try await database.schema("case_assignments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("seq", .int, .required)
            .field("unit_id", .uuid, .required)
            .field("caseworker_id", .uuid)
            .field("valid_from", .string, .required)
            .field("reason", .string)
            .field("assigned_by", .uuid)
            .field("assigned_at", .datetime, .required)
            .create()
        try await sql.create(index: "case_assignments_case_idx").on("case_assignments").column("case_id").column("seq").run()

        try await database.schema("case_fact_history")
            .id()
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("citizen_id", .uuid, .required)
            .field("fact", .string, .required)
            .field("value", .string)
            .field("valid_from", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("user_id", .uuid)
            .create()
        try await sql.create(index: "case_fact_history_case_idx").on("case_fact_history").column("case_id").column("fact").column("valid_from").run()
        try await database.schema("case_interventions")
            .field("id", .uuid, .identifier(auto: false))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("municipality_id", .uuid, .required)
            .field("citizen_id", .uuid, .required)
            .field("seq", .int, .required)
            .field("recommended_on", .string)
            .field("status", .string, .required)
            .field("decided_on", .string)
            .field("granted_units_hundredths", .int)
            .field("paragraph", .string)
            .field("refusal_reason", .string)
            .field("follow_up_on", .string)
            .field("ordered_on", .string)
            .field("offer_unit_id", .uuid)
            .field("delivery_start_on", .string)
            .field("ended_on", .string)
            .field("end_reason", .string)
            .field("expected_start_on", .string)
            .field("expected_end_on", .string)
            .field("no_end_date", .bool, .required)
            .field("unit", .string)
            .field("units_hundredths", .int)
            .field("frequency", .string)
            .field("repetitions", .int)
            .field("unit_price", .int64)
            .field("base_price", .int64)
            .field("expected_price", .int64)
            .field("account_number", .string)
            .field("service_code", .string)
            .create()
        try await sql.create(index: "case_interventions_case_idx").on("case_interventions").column("case_id").column("seq").run()
        try await sql.create(index: "case_interventions_status_idx").on("case_interventions").column("municipality_id").column("status").column("decided_on").run()
        try await database.schema("case_goals")
            .field("id", .uuid, .identifier(auto: false))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("municipality_id", .uuid, .required)
            .field("seq", .int, .required)
            .field("goal_type", .string)
            .field("primary_theme", .string)
            .field("expected_level_hundredths", .int)
            .field("follow_up_on", .string)
            .field("last_decision", .string)
            .field("last_achieved_hundredths", .int)
            .field("last_decided_on", .string)
            .create()
        try await sql.create(index: "case_goals_case_idx").on("case_goals").column("case_id").column("seq").run()
        try await database.schema("case_follow_ups")
            .field("id", .uuid, .identifier(auto: false))
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("municipality_id", .uuid, .required)
            .field("seq", .int, .required)
            .field("held_on", .string)
            .field("status_on", .string)
            .field("follow_up_type", .string)
            .field("next_on", .string)
            .field("timely", .bool)
            .field("personal_supervision", .string)
            .field("wellbeing", .string)
            .field("use_of_force", .string)
            .field("support_need_before", .string)
            .field("support_need_after", .string)
            .field("outcome", .string)
            .create()
        try await sql.create(index: "case_follow_ups_case_idx").on("case_follow_ups").column("case_id").column("seq").run()
        try await sql.create(index: "case_follow_ups_held_idx").on("case_follow_ups").column("municipality_id").column("held_on").run()
        try await database.schema("case_notes")
            .id()
            .field("chain_id", .uuid, .required)
            .field("version", .int, .required)
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("citizen_id", .uuid, .required)
            .field("municipality_id", .uuid, .required)
            .field("category", .string, .required)
            .field("text", .string, .required)
            .field("author_id", .uuid)
            .field("written_at", .datetime, .required)
            .unique(on: "chain_id", "version")
            .create()
        try await sql.create(index: "case_notes_case_idx").on("case_notes").column("case_id").column("written_at").run()
        try await database.schema("import_keys")
            .id()
            .field("municipality_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("internal_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "municipality_id", "kind", "key")
            .create()
        try await sql.raw("UPDATE municipalities SET code = substr(code, 2) WHERE length(code) = 4 AND substr(code, 1, 1) = '0'").run()
        try await sql.raw("ALTER TABLE case_inquiries ADD COLUMN origin TEXT").run()
        try await sql.raw("ALTER TABLE case_transitions ADD COLUMN reason_code TEXT").run()
        try await sql.raw("ALTER TABLE case_transitions ADD COLUMN effective_on TEXT").run()
        // Every existing case starts its holder history with its current holder, from its opening.
        try await sql.raw("""
            INSERT INTO case_assignments (id, case_id, seq, unit_id, caseworker_id, valid_from, reason, assigned_by, assigned_at)
            SELECT id, id, 1, responsible_unit_id, caseworker_id, opened_on, NULL, NULL, created_at FROM cases
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("import_keys").delete()
        try await database.schema("case_notes").delete()
        for table in ["case_follow_ups", "case_goals", "case_interventions"] { try await database.schema(table).delete() }
        try await database.schema("case_fact_history").delete()
        try await database.schema("case_assignments").delete()
        try await database.schema("case_due_items").delete()
        // The columns stay: SQLite before 3.35 cannot drop them, and they hold case history.
    }
}
