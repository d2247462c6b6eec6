import FluentKit
import SQLKit

/// Migration 024 (issue 16 item 1): the outbox to the national receivers.
/// - `outbox_messages`: one row per message, written in the same transaction as the change that causes it. `seq` is
///   the order written (an identity), `id` the idempotency key sent with every attempt; the worker's state, attempts,
///   the next attempt's time, a lease while an attempt is under way, and the receiver's last answer.
/// - `national_receivers`: each municipality's settings per receiver (transport, endpoint, the name of the
///   environment variable with the credentials — never the credentials), and how far the first load of the existing
///   cases has come since the receiver was switched on (`backfill_after`: the last case id done, "" before the first;
///   null when done).
/// - `national_index_objects`: the index's stable UUID of each object (a case, or a citizen under one long citizen
///   case) and the payload last written, so that a change the index does not see writes no message.
/// - `received_messages`: what the local receiver (tests and the demo) got, once per idempotency key, with the
///   message's place in the outbox's order.
struct M024NationalOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages")
            .field("seq", .int64, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("receiver", .string, .required)
            .field("object_key", .string, .required)
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("not_before", .datetime)
            .field("lease_until", .datetime)
            .field("created_at", .datetime, .required)
            .field("last_attempt_at", .datetime)
            .field("delivered_at", .datetime)
            .field("last_answer", .string)
            .unique(on: "id")
            .create()
        let sql = database.sql
        try await sql.create(index: "outbox_messages_state_idx").on("outbox_messages").column("state").column("receiver").column("object_key").column("seq").run()
        try await sql.create(index: "outbox_messages_municipality_idx").on("outbox_messages").column("municipality_id").column("state").column("seq").run()

        try await database.schema("national_receivers")
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("receiver", .string, .required)
            .field("transport", .string, .required)
            .field("endpoint", .string)
            .field("credential_env", .string)
            .field("enabled", .bool, .required)
            .field("backfill_after", .string)
            .field("backfill_done_at", .datetime)
            .field("version", .int, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id", "receiver")
            .create()

        try await database.schema("national_index_objects")
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("receiver", .string, .required)
            .field("object_key", .string, .required)
            .field("index_uuid", .uuid, .required)
            .field("last_payload", .string, .required)
            .field("first_written_at", .datetime, .required)
            .unique(on: "municipality_id", "receiver", "object_key")
            .create()

        try await database.schema("received_messages")
            .field("idempotency_key", .uuid, .identifier(auto: false))
            .field("municipality_id", .uuid, .required)
            .field("receiver", .string, .required)
            .field("object_key", .string, .required)
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("seq", .int64, .required)
            .field("received_at", .datetime, .required)
            .field("deliveries", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["received_messages", "national_index_objects", "national_receivers", "outbox_messages"] {
            try await database.schema(table).delete()
        }
    }
}
