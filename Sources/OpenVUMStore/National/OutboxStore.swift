import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The outbox to the national receivers (issue 16 item 1): messages written on the transaction of the change that
/// causes them, chosen by `Outbox.due`, claimed with a lease while an attempt is under way, and marked by the
/// worker with the policy's verdict. The receivers' settings per municipality live here too.
public enum OutboxStore {
    /// A message as the worker sends it.
    public struct Message: Sendable, Equatable {
        public var id: UUID
        public var seq: Int
        public var municipalityID: UUID
        public var receiver: String
        public var objectKey: String
        public var kind: String
        public var payload: String
        public var attempts: Int
    }

    /// A message as the administrator sees it (no payload: it may hold a CPR number).
    public struct Listed: Sendable, Equatable, Codable {
        public var id: UUID
        public var receiver: String
        public var objectKey: String
        public var kind: String
        public var state: Outbox.State
        public var attempts: Int
        public var createdAt: Date
        public var lastAttemptAt: Date?
        public var deliveredAt: Date?
        public var notBefore: Date?
        public var lastAnswer: String?

        public init(id: UUID, receiver: String, objectKey: String, kind: String, state: Outbox.State, attempts: Int, createdAt: Date, lastAttemptAt: Date?,
                    deliveredAt: Date?, notBefore: Date?, lastAnswer: String?) {
            self.id = id
            self.receiver = receiver
            self.objectKey = objectKey
            self.kind = kind
            self.state = state
            self.attempts = attempts
            self.createdAt = createdAt
            self.lastAttemptAt = lastAttemptAt
            self.deliveredAt = deliveredAt
            self.notBefore = notBefore
            self.lastAnswer = lastAnswer
        }
    }

    /// The outbox in figures: messages waiting, delivered and dead-lettered, and the age of the oldest waiting.
    public struct Counts: Sendable, Equatable, Codable {
        public var queued: Int
        public var delivered: Int
        public var deadLettered: Int
        public var oldestQueuedAt: Date?
        public init(queued: Int = 0, delivered: Int = 0, deadLettered: Int = 0, oldestQueuedAt: Date? = nil) {
            self.queued = queued
            self.delivered = delivered
            self.deadLettered = deadLettered
            self.oldestQueuedAt = oldestQueuedAt
        }
    }

    // MARK: Writing

    /// Writes one message. Call on the transaction of the change that causes it; returns its id (the idempotency key).
    @discardableResult
    public static func enqueue(municipalityID: UUID, receiver: NationalReceiver, objectKey: String, kind: String, payload: String, now: Date,
                               on db: any Database) async throws -> UUID {
        let id = UUID()
        try await db.sql.insert(into: "outbox_messages")
            .columns("id", "municipality_id", "receiver", "object_key", "kind", "payload", "state", "attempts", "created_at")
            .values(SQLBind(id), SQLBind(municipalityID), SQLBind(receiver.rawValue), SQLBind(objectKey), SQLBind(kind), SQLBind(payload),
                    SQLBind(Outbox.State.queued.rawValue), SQLBind(0), SQLBind(now))
            .run()
        return id
    }

    // MARK: The worker

    /// The messages that may be tried at `now`, of receivers that are switched on, as `Outbox.due` needs them: only the
    /// earliest message not delivered of each receiver and object (so a dead letter holds back the object's later
    /// ones), only when queued, its time has come and no other attempt holds it — at most `limit`, in the order
    /// written. A receiver down for days leaves its backlog in the table, not in each pass.
    public static func pending(now: Date, limit: Int = 1_000, on db: any Database) async throws -> [Outbox.Pending] {
        try await db.sql.raw("""
            SELECT m.id, m.seq, m.receiver, m.municipality_id, m.object_key, m.state, m.not_before
            FROM outbox_messages m
            JOIN national_receivers r ON r.municipality_id = m.municipality_id AND r.receiver = m.receiver AND r.enabled = \(bind: true)
            WHERE m.state = \(bind: Outbox.State.queued.rawValue)
              AND (m.not_before IS NULL OR m.not_before <= \(bind: now)) AND (m.lease_until IS NULL OR m.lease_until <= \(bind: now))
              AND m.seq = (SELECT MIN(x.seq) FROM outbox_messages x
                           WHERE x.state <> \(bind: Outbox.State.delivered.rawValue) AND x.receiver = m.receiver AND x.object_key = m.object_key
                             AND x.municipality_id = m.municipality_id)
            ORDER BY m.seq LIMIT \(literal: limit)
            """).all().map { r in
            Outbox.Pending(
                id: try r.decode(column: "id", as: UUID.self),
                // Receivers are per municipality: the same object key of two municipalities is two objects.
                receiver: try r.decode(column: "municipality_id", as: UUID.self).uuidString + "/" + (try r.decode(column: "receiver", as: String.self)),
                objectKey: try r.decode(column: "object_key", as: String.self), sequence: try r.decode(column: "seq", as: Int.self),
                state: Outbox.State(rawValue: try r.decode(column: "state", as: String.self)) ?? .queued,
                notBefore: try r.decode(column: "not_before", as: Date?.self))
        }
    }

    /// Claims a queued message for one attempt: counts the attempt and holds it under a lease until `leaseUntil`, so
    /// that no other worker tries it meanwhile. A worker that stops mid-attempt leaves the lease to run out; the
    /// message is then tried again with the same idempotency key. Nil when another worker has it or it is no longer queued.
    public static func claim(id: UUID, now: Date, leaseUntil: Date, on db: any Database) async throws -> Message? {
        guard let r = try await db.sql.raw("""
            UPDATE outbox_messages SET attempts = attempts + 1, lease_until = \(bind: leaseUntil), last_attempt_at = \(bind: now)
            WHERE id = \(bind: id) AND state = \(bind: Outbox.State.queued.rawValue) AND (lease_until IS NULL OR lease_until <= \(bind: now))
            RETURNING id, seq, municipality_id, receiver, object_key, kind, payload, attempts
            """).first() else { return nil }
        return Message(
            id: try r.decode(column: "id", as: UUID.self), seq: try r.decode(column: "seq", as: Int.self),
            municipalityID: try r.decode(column: "municipality_id", as: UUID.self), receiver: try r.decode(column: "receiver", as: String.self),
            objectKey: try r.decode(column: "object_key", as: String.self), kind: try r.decode(column: "kind", as: String.self),
            payload: try r.decode(column: "payload", as: String.self), attempts: try r.decode(column: "attempts", as: Int.self))
    }

    /// Records the verdict on an attempt and releases the lease.
    public static func record(id: UUID, verdict: Outbox.Verdict, answer: String, now: Date, on db: any Database) async throws {
        let sql = db.sql
        switch verdict {
        case .delivered:
            try await sql.raw("""
                UPDATE outbox_messages SET state = \(bind: Outbox.State.delivered.rawValue), delivered_at = \(bind: now), lease_until = NULL,
                       not_before = NULL, last_answer = \(bind: Outbox.excerpt(answer)) WHERE id = \(bind: id)
                """).run()
        case .retry(let at):
            try await sql.raw("""
                UPDATE outbox_messages SET not_before = \(bind: at), lease_until = NULL, last_answer = \(bind: Outbox.excerpt(answer)) WHERE id = \(bind: id)
                """).run()
        case .deadLetter(let reason):
            try await sql.raw("""
                UPDATE outbox_messages SET state = \(bind: Outbox.State.deadLettered.rawValue), lease_until = NULL, not_before = NULL,
                       last_answer = \(bind: reason) WHERE id = \(bind: id)
                """).run()
        }
    }

    // MARK: The administrator

    /// Puts a dead-lettered message of the municipality back in the queue, to be tried at once from its first
    /// attempt. Throws not found for a message the municipality does not have, and a conflict for one that is not
    /// dead-lettered (waiting or delivered: nothing to send again).
    public static func resend(id: UUID, municipalityID: UUID, audit: AuditEntry?, on db: any Database) async throws {
        let row = try await db.sql.raw("""
            UPDATE outbox_messages SET state = \(bind: Outbox.State.queued.rawValue), attempts = 0, not_before = NULL, lease_until = NULL
            WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID) AND state = \(bind: Outbox.State.deadLettered.rawValue)
              AND kind <> \(bind: FFBReport.invalidKind) RETURNING id
            """).first()
        guard row != nil else {
            let exists = try await db.sql.raw("SELECT kind FROM outbox_messages WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)").first()
            guard let exists else { throw DomainError.notFound("Beskeden") }
            if try exists.decode(column: "kind", as: String.self) == FFBReport.invalidKind {
                throw DomainError(.conflict, code: "outbox.invalid-report", title: "Rapporten er ugyldig og sendes aldrig",
                                  detail: "Ret borgerens data efter reglen i afvisningen; så kommer borgeren med i næste dags FFB-rapport.")
            }
            throw DomainError(.conflict, code: "outbox.not-dead-lettered", title: "Beskeden er ikke afvist",
                              detail: "Kun en afvist besked kan sendes igen; denne venter allerede i køen eller er leveret.")
        }
        if let audit { try await AuditStore.record(audit, on: db) }
    }

    /// The municipality's messages in `state`, newest first.
    public static func list(municipalityID: UUID, state: Outbox.State, limit: Int, on db: any Database) async throws -> [Listed] {
        try await db.sql.raw("""
            SELECT id, receiver, object_key, kind, state, attempts, created_at, last_attempt_at, delivered_at, not_before, last_answer
            FROM outbox_messages WHERE municipality_id = \(bind: municipalityID) AND state = \(bind: state.rawValue)
            ORDER BY seq DESC LIMIT \(literal: limit)
            """).all().map { r in
            Listed(id: try r.decode(column: "id", as: UUID.self), receiver: try r.decode(column: "receiver", as: String.self),
                   objectKey: try r.decode(column: "object_key", as: String.self), kind: try r.decode(column: "kind", as: String.self),
                   state: Outbox.State(rawValue: try r.decode(column: "state", as: String.self)) ?? .queued,
                   attempts: try r.decode(column: "attempts", as: Int.self), createdAt: try r.decode(column: "created_at", as: Date.self),
                   lastAttemptAt: try r.decode(column: "last_attempt_at", as: Date?.self), deliveredAt: try r.decode(column: "delivered_at", as: Date?.self),
                   notBefore: try r.decode(column: "not_before", as: Date?.self), lastAnswer: try r.decode(column: "last_answer", as: String?.self))
        }
    }

    /// The outbox in figures: one municipality's, or (nil) all of them for the metrics.
    public static func counts(municipalityID: UUID?, on db: any Database) async throws -> Counts {
        let scope: SQLQueryString = municipalityID.map { "WHERE municipality_id = \(bind: $0)" } ?? ""
        var counts = Counts()
        for r in try await db.sql.raw("SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox_messages \(scope) GROUP BY state").all() {
            let n = try r.decode(column: "n", as: Int.self)
            switch Outbox.State(rawValue: try r.decode(column: "state", as: String.self)) {
            case .queued:
                counts.queued = n
                counts.oldestQueuedAt = try r.decode(column: "oldest", as: Date?.self)
            case .delivered: counts.delivered = n
            case .deadLettered: counts.deadLettered = n
            case nil: break
            }
        }
        return counts
    }

    // MARK: Receivers

    /// A receiver as set up, and whether its first load of the existing cases is under way.
    public struct Configured: Sendable, Equatable {
        public var settings: ReceiverSettings
        public var loading: Bool
    }

    /// The municipality's settings of every receiver it has set up.
    public static func receivers(municipalityID: UUID, on db: any Database) async throws -> [Configured] {
        try await db.sql.raw("""
            SELECT receiver, transport, endpoint, credential_env, enabled, backfill_after FROM national_receivers WHERE municipality_id = \(bind: municipalityID)
            ORDER BY receiver
            """).all().compactMap { r in
            let loading = try r.decode(column: "backfill_after", as: String?.self) != nil
            return try settings(r).map { Configured(settings: $0, loading: $0.enabled && loading) }
        }
    }

    /// The receivers whose first load of the existing cases is under way: municipality, receiver, the last case done
    /// (nil before the first).
    public static func loadsUnderWay(on db: any Database) async throws -> [(municipalityID: UUID, receiver: NationalReceiver, after: UUID?)] {
        try await db.sql.raw("""
            SELECT municipality_id, receiver, backfill_after FROM national_receivers WHERE enabled = \(bind: true) AND backfill_after IS NOT NULL
            """).all().compactMap { r in
            guard let receiver = NationalReceiver(rawValue: try r.decode(column: "receiver", as: String.self)) else { return nil }
            return (try r.decode(column: "municipality_id", as: UUID.self), receiver, UUID(uuidString: try r.decode(column: "backfill_after", as: String.self)))
        }
    }

    /// The next step of a receiver's first load, on the caller's transaction: up to `batch` of the municipality's cases
    /// after `after` (in id order) go through `CaseIndexStore.caseChanged` — which writes a message only for an entry
    /// not yet written, so a load interrupted and taken up again sends nothing twice. Returns how many cases it took;
    /// fewer than `batch`: the load is done.
    public static func loadStep(municipalityID: UUID, receiver: NationalReceiver, after: UUID?, batch: Int, now: Date, on db: any Database) async throws -> Int {
        let sql = db.sql
        let from: SQLQueryString = after.map { " AND id > \(bind: $0)" } ?? ""
        let ids = try await sql.raw("""
            SELECT id FROM cases WHERE municipality_id = \(bind: municipalityID)\(from) ORDER BY id LIMIT \(literal: batch)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in ids { try await CaseIndexStore.caseChanged(caseID: id, now: now, on: db) }
        let done = ids.count < batch
        try await sql.raw("""
            UPDATE national_receivers SET backfill_after = \(bind: done ? nil : ids.last?.uuidString), backfill_done_at = \(bind: done ? now : nil)
            WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: receiver.rawValue)
            """).run()
        return ids.count
    }

    /// One municipality's settings of one receiver, when it is switched on.
    public static func enabled(_ receiver: NationalReceiver, municipalityID: UUID, on db: any Database) async throws -> ReceiverSettings? {
        try await db.sql.raw("""
            SELECT receiver, transport, endpoint, credential_env, enabled FROM national_receivers
            WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: receiver.rawValue) AND enabled = \(bind: true)
            """).first().flatMap(settings)
    }

    static func settings(_ r: any SQLRow) throws -> ReceiverSettings? {
        guard let receiver = NationalReceiver(rawValue: try r.decode(column: "receiver", as: String.self)),
              let transport = ReceiverTransport(rawValue: try r.decode(column: "transport", as: String.self)) else { return nil }
        return ReceiverSettings(receiver: receiver, transport: transport, endpoint: try r.decode(column: "endpoint", as: String?.self),
                                credentialVariable: try r.decode(column: "credential_env", as: String?.self), enabled: try r.decode(column: "enabled", as: Bool.self))
    }

    /// Sets up or changes a receiver (validated: `ReceiverSettings.validationErrors`).
    public static func save(_ s: ReceiverSettings, municipalityID: UUID, userID: UUID?, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        let errors = s.validationErrors()
        guard errors.isEmpty else { throw DomainError.validation(errors) }
        let endpoint = s.transport.needsEndpoint ? s.endpoint?.trimmingCharacters(in: .whitespaces) : nil
        let credential = s.credentialVariable.flatMap { $0.isEmpty ? nil : $0 }
        let sql = db.sql
        let was = try await sql.raw("""
            SELECT enabled FROM national_receivers WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: s.receiver.rawValue)
            """).first().map { try $0.decode(column: "enabled", as: Bool.self) }
        // Switched on (again): the indexes load the municipality's existing cases first (`backfill`).
        let startsLoad = s.enabled && was != true && s.receiver.loadsExistingCases
        if was != nil {
            try await sql.raw("""
                UPDATE national_receivers SET transport = \(bind: s.transport.rawValue), endpoint = \(bind: endpoint), credential_env = \(bind: credential),
                       enabled = \(bind: s.enabled), version = version + 1, updated_by = \(bind: userID), updated_at = \(bind: now)
                WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: s.receiver.rawValue)
                """).run()
        } else {
            try await sql.insert(into: "national_receivers")
                .columns("id", "municipality_id", "receiver", "transport", "endpoint", "credential_env", "enabled", "version", "updated_by", "updated_at")
                .values(SQLBind(UUID()), SQLBind(municipalityID), SQLBind(s.receiver.rawValue), SQLBind(s.transport.rawValue), SQLBind(endpoint),
                        SQLBind(credential), SQLBind(s.enabled), SQLBind(1), SQLBind(userID), SQLBind(now))
                .run()
        }
        if startsLoad {
            try await sql.raw("""
                UPDATE national_receivers SET backfill_after = '', backfill_done_at = NULL
                WHERE municipality_id = \(bind: municipalityID) AND receiver = \(bind: s.receiver.rawValue)
                """).run()
        }
        if let audit { try await AuditStore.record(audit, on: db) }
    }
}

/// The local receiver (tests and the demo): records each message once per idempotency key, and how many times it
/// was delivered — a message sent again after a worker stopped mid-delivery is the same message.
public enum LocalReceiverStore {
    public struct Received: Sendable, Equatable {
        public var idempotencyKey: UUID
        public var receiver: String
        public var objectKey: String
        public var kind: String
        public var payload: String
        public var deliveries: Int
    }

    /// Records a delivery; true when the key is new.
    @discardableResult
    public static func record(_ m: OutboxStore.Message, now: Date, on db: any Database) async throws -> Bool {
        let row = try await db.sql.raw("""
            INSERT INTO received_messages (idempotency_key, municipality_id, receiver, object_key, kind, payload, seq, received_at, deliveries)
            VALUES (\(bind: m.id), \(bind: m.municipalityID), \(bind: m.receiver), \(bind: m.objectKey), \(bind: m.kind), \(bind: m.payload), \(bind: m.seq),
                    \(bind: now), 1)
            ON CONFLICT (idempotency_key) DO UPDATE SET deliveries = received_messages.deliveries + 1
            RETURNING deliveries
            """).first()
        return try row?.decode(column: "deliveries", as: Int.self) == 1
    }

    /// What the local receiver got for a municipality, in the order received.
    public static func all(municipalityID: UUID, receiver: NationalReceiver? = nil, on db: any Database) async throws -> [Received] {
        let filter: SQLQueryString = receiver.map { " AND receiver = \(bind: $0.rawValue)" } ?? ""
        return try await db.sql.raw("""
            SELECT idempotency_key, receiver, object_key, kind, payload, deliveries FROM received_messages
            WHERE municipality_id = \(bind: municipalityID)\(filter) ORDER BY received_at, seq
            """).all().map { r in
            Received(idempotencyKey: try r.decode(column: "idempotency_key", as: UUID.self), receiver: try r.decode(column: "receiver", as: String.self),
                     objectKey: try r.decode(column: "object_key", as: String.self), kind: try r.decode(column: "kind", as: String.self),
                     payload: try r.decode(column: "payload", as: String.self), deliveries: try r.decode(column: "deliveries", as: Int.self))
        }
    }
}
