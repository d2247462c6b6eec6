import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The provider's change requests and status reports on an order (issue 13 items 4–5). Every read takes orders the
/// caller already found in its scope (`OrderStore.find`, `list`); the caseworker's tasks select by the case holder.
extension OrderStore {
    /// Inserts a new change request, or saves an answered one, with `audit`.
    public static func saveChangeRequest(_ r: ChangeRequest, userID: UUID?, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        let body = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        let updated = try await db.sql.raw("""
            UPDATE order_change_requests SET open = \(bind: r.isOpen), body = \(bind: body), updated_at = \(bind: now) WHERE id = \(bind: r.id) RETURNING id
            """).first()
        if updated == nil {
            try await db.sql.insert(into: "order_change_requests").columns("id", "order_id", "open", "body", "requested_by", "created_at", "updated_at")
                .values(SQLBind(r.id), SQLBind(r.orderID), SQLBind(r.isOpen), SQLBind(body), SQLBind(userID), SQLBind(now), SQLBind(now)).run()
        }
        if let audit { try await AuditStore.record(audit.about(r.orderID, citizen: nil), on: db) }
    }

    /// The change requests of orders (already found in the caller's scope), by order, oldest first.
    public static func changeRequests(orderIDs: [UUID], on db: any Database) async throws -> [UUID: [ChangeRequest]] {
        try await bodies(ChangeRequest.self, "order_change_requests", orderIDs: orderIDs, orderBy: "created_at, id", orderID: \.orderID, on: db)
    }

    /// Saves the status report for a follow-up (replacing an earlier one for the same follow-up), with `audit`.
    public static func saveStatusReport(_ r: StatusReport, userID: UUID?, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        // One statement, so that two reports sent at once for the same follow-up cannot collide: the later one wins.
        try await db.sql.raw("""
            INSERT INTO order_status_reports (id, order_id, follow_up_date, body, reported_by, reported_at)
            VALUES (\(bind: r.id), \(bind: r.orderID), \(bind: r.followUpDate.description), \(bind: String(decoding: try JSONEncoder().encode(r), as: UTF8.self)),
                    \(bind: userID), \(bind: now))
            ON CONFLICT (order_id, follow_up_date) DO UPDATE SET id = excluded.id, body = excluded.body, reported_by = excluded.reported_by,
                reported_at = excluded.reported_at
            """).run()
        if let audit { try await AuditStore.record(audit.about(r.orderID, citizen: nil), on: db) }
    }

    /// The status reports of orders (already found in the caller's scope), by order, oldest follow-up first.
    public static func statusReports(orderIDs: [UUID], on db: any Database) async throws -> [UUID: [StatusReport]] {
        try await bodies(StatusReport.self, "order_status_reports", orderIDs: orderIDs, orderBy: "follow_up_date, reported_at", orderID: \.orderID, on: db)
    }

    /// Inserts a new incident report, or saves one marked seen, with `audit`.
    public static func saveIncident(_ i: Incident, userID: UUID?, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        let body = String(decoding: try JSONEncoder().encode(i), as: UTF8.self)
        let updated = try await db.sql.raw("""
            UPDATE order_incidents SET seen = \(bind: i.seenOn != nil), body = \(bind: body) WHERE id = \(bind: i.id) RETURNING id
            """).first()
        if updated == nil {
            try await db.sql.insert(into: "order_incidents").columns("id", "order_id", "type", "occurred_on", "seen", "body", "reported_by", "reported_at")
                .values(SQLBind(i.id), SQLBind(i.orderID), SQLBind(i.type.rawValue), SQLBind(i.occurredOn.description), SQLBind(i.seenOn != nil), SQLBind(body),
                        SQLBind(userID), SQLBind(now)).run()
        }
        if let audit { try await AuditStore.record(audit.about(i.orderID, citizen: nil), on: db) }
    }

    /// The incident reports of orders (already found in the caller's scope), by order, oldest first.
    public static func incidents(orderIDs: [UUID], on db: any Database) async throws -> [UUID: [Incident]] {
        try await bodies(Incident.self, "order_incidents", orderIDs: orderIDs, orderBy: "occurred_on, reported_at", orderID: \.orderID, on: db)
    }

    /// The days a use of force was reported on any order of a case (what ID 82 is derived from).
    static func useOfForceDates(caseID: UUID, on db: any Database) async throws -> [CalendarDate] {
        try await db.sql.raw("""
            SELECT i.occurred_on FROM order_incidents i JOIN orders o ON o.id = i.order_id
            WHERE o.case_id = \(bind: caseID) AND i.type = \(bind: IncidentType.useOfForce.rawValue) ORDER BY i.occurred_on
            """).all().compactMap { CalendarDate(try $0.decode(column: "occurred_on", as: String.self)) }
    }

    /// A task from a provider for the caseworker: an open change request or an incident not yet seen, on a case the
    /// user holds.
    public struct ProviderTask: Sendable, Equatable {
        public var caseID: UUID
        public var orderID: UUID
        public var citizenName: String
        public var label: String
        public var on: CalendarDate
    }

    /// The open change requests and the incidents not yet seen on the cases `userID` holds (not closed), oldest first.
    public static func providerTasks(userID: UUID, municipalityID: UUID, on db: any Database) async throws -> [ProviderTask] {
        func held(_ table: SQLQueryString, _ open: SQLQueryString) -> SQLQueryString {
            """
            SELECT r.body, o.case_id, ci.given_name, ci.family_name FROM \(table) r
            JOIN orders o ON o.id = r.order_id JOIN cases c ON c.id = o.case_id JOIN citizens ci ON ci.id = c.citizen_id
            WHERE \(open) AND o.municipality_id = \(bind: municipalityID) AND c.caseworker_id = \(bind: userID)
              AND c.phase <> \(bind: CasePhase.closed.rawValue) LIMIT 200
            """
        }
        func task(_ row: any SQLRow, orderID: UUID, label: String, on: CalendarDate) throws -> ProviderTask {
            ProviderTask(caseID: try row.decode(column: "case_id", as: UUID.self), orderID: orderID,
                         citizenName: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
                         label: label, on: on)
        }
        let changes = try await db.sql.raw(held("order_change_requests", "r.open = \(bind: true)")).all().compactMap { row -> ProviderTask? in
            let r = try decode(ChangeRequest.self, row)
            guard r.origin == .provider else { return nil }
            return try task(row, orderID: r.orderID, label: "Anmodning om ændring: \(r.kind.danishName.lowercased())", on: r.requestedOn)
        }
        let incidents = try await db.sql.raw(held("order_incidents", "r.seen = \(bind: false)")).all().map { row in
            let i = try decode(Incident.self, row)
            return try task(row, orderID: i.orderID, label: i.title, on: i.occurredOn)
        }
        return (changes + incidents).sorted { ($0.on, $0.label) < ($1.on, $1.label) }
    }

    /// The JSON bodies of `table`'s rows for orders already found in the caller's scope, by order, in `orderBy`'s order.
    static func bodies<T: Decodable>(_ type: T.Type, _ table: SQLQueryString, orderIDs: [UUID], orderBy: SQLQueryString, orderID: (T) -> UUID,
                                     on db: any Database) async throws -> [UUID: [T]] {
        guard !orderIDs.isEmpty else { return [:] }
        let all = try await db.sql.raw("SELECT body FROM \(table) WHERE order_id IN (\(binds: orderIDs)) ORDER BY \(orderBy)").all().map { try decode(T.self, $0) }
        return Dictionary(grouping: all, by: orderID)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ r: any SQLRow) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try r.decode(column: "body", as: String.self).utf8))
    }
}
