import FluentKit
import SQLKit

/// Migration 010 (issue 11, journal and documents; the provider register's payment details):
/// `org_units.p_number`, `ean`, `account_number` (IDs 69–71 of an offer); `case_attachments`, the documents attached to a case
/// (lægeerklæringer, statusrapporter, afgørelser …) with title, kind, date, the format told from the content,
/// size and SHA-256. The content is kept in `content` when documents are stored in the database (the default),
/// or in a file named by the document's id under the configured directory (`stored_in = 'directory'`).
struct M010CaseAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_attachments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", .id))
            .field("citizen_id", .uuid, .required)
            .field("municipality_id", .uuid, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("document_date", .string, .required)
            .field("file_name", .string, .required)
            .field("format", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("stored_in", .string, .required)
            .field("content", .data)
            .field("uploaded_by", .uuid)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "case_attachments_case_idx").on("case_attachments").column("case_id").column("document_date").run()
        try await database.sql.create(index: "case_attachments_citizen_idx").on("case_attachments").column("citizen_id").run()
        // The provider register's payment details of an offer (IDs 69–71), which an order takes over.
        for column in ["p_number", "ean", "account_number"] {
            try await database.sql.raw("ALTER TABLE org_units ADD COLUMN \(unsafeRaw: column) TEXT").run()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["p_number", "ean", "account_number"] {
            try await database.sql.raw("ALTER TABLE org_units DROP COLUMN \(unsafeRaw: column)").run()
        }
        try await database.schema("case_attachments").delete()
    }
}
