import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// Orders in the database (`orders`, issue 13 item 2). Who sees an order: the authority's users whose scope holds
/// its case; a provider's users when the order is to one of their offers (or their provider), once it has been
/// sent, while it binds and for `graceDays` after it stopped. Everything else is answered as missing.
public enum OrderStore {
    /// Inserts a new (draft) order with `audit`.
    public static func create(_ o: Order, municipalityID: UUID, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        try await db.sql.insert(into: "orders")
            .columns("id", "municipality_id", "case_id", "intervention_id", "offer_unit_id", "provider_unit_id", "state", "ordered_on", "closed_on",
                     "body", "version", "created_at", "updated_at")
            .values(SQLBind(o.id), SQLBind(municipalityID), SQLBind(o.caseID), SQLBind(o.interventionID), SQLBind(o.offerID), SQLBind(o.providerID),
                    SQLBind(o.state.rawValue), SQLBind(o.orderedOn?.description), SQLBind(closedOn(o, today: CalendarDate(now))?.description),
                    SQLBind(try encode(o)), SQLBind(o.version), SQLBind(now), SQLBind(now))
            .run()
        if let audit { try await AuditStore.record(audit.about(o.id, citizen: nil), on: db) }
    }

    /// Saves a changed order when nobody saved it since `expectedVersion` (412 otherwise), with `audit`; returns it
    /// with its new version.
    public static func save(_ o: Order, expectedVersion: Int, municipalityID: UUID, now: Date, audit: AuditEntry?, on db: any Database) async throws -> Order {
        var saved = o
        saved.version = expectedVersion + 1
        guard try await db.sql.raw("""
            UPDATE orders SET state = \(bind: o.state.rawValue), ordered_on = \(bind: o.orderedOn?.description),
                closed_on = \(bind: closedOn(o, today: CalendarDate(now))?.description), body = \(bind: try encode(saved)),
                version = \(bind: saved.version), updated_at = \(bind: now)
            WHERE id = \(bind: o.id) AND municipality_id = \(bind: municipalityID) AND version = \(bind: expectedVersion) RETURNING id
            """).first() != nil else { throw DomainError.staleVersion }
        if let audit { try await AuditStore.record(audit.about(o.id, citizen: nil), on: db) }
        return saved
    }

    /// Closes the orders of a case closed on `day` (`OrderRules.closedWithCase`): withdrawn or ended, so that the
    /// provider's inbox and grace period follow the case.
    static func closeWithCase(caseID: UUID, municipalityID: UUID, on day: CalendarDate, now: Date, on db: any Database) async throws {
        let orders = try await db.sql.raw("SELECT o.body FROM orders o WHERE o.case_id = \(bind: caseID) AND o.municipality_id = \(bind: municipalityID)")
            .all().map(order)
        for o in orders {
            if let closed = OrderRules.closedWithCase(o, on: day) {
                _ = try await save(closed, expectedVersion: o.version, municipalityID: municipalityID, now: now, audit: nil, on: db)
            }
        }
    }

    /// The day an order stopped binding the provider (what the grace period counts from): the end date of an
    /// ended order, today for a rejected or withdrawn one; nil while it binds.
    static func closedOn(_ o: Order, today: CalendarDate) -> CalendarDate? {
        switch o.state {
        case .ended: o.end?.endedOn ?? today
        case .rejected, .withdrawn: today
        case .draft, .sent, .accepted, .started: nil
        }
    }

    static func encode(_ o: Order) throws -> String { String(decoding: try JSONEncoder().encode(o), as: UTF8.self) }

    /// Which orders `p` may see, over `orders` as `o`; nil: none.
    static func scope(_ p: Principal, graceDays: Int, today: CalendarDate) -> SQLQueryString? {
        if p.role.isProvider {
            guard let sent = providerSent(p, graceDays: graceDays, today: today) else { return nil }
            let units = Array(p.unitIDs)
            return "(o.offer_unit_id IN (\(binds: units)) OR o.provider_unit_id IN (\(binds: units))) AND \(sent)"
        }
        // An order lies in its case's municipality (made there, and a case never changes municipality): the whole
        // municipality's scope needs no look at the cases, which also keeps the planner from guessing how many
        // of the municipality's orders have a case of the municipality (all of them).
        if case .municipality = p.scope { return "o.municipality_id = \(bind: p.municipalityID)" }
        guard let cases = CaseStore.scopeCondition(p, alias: "c") else { return nil }
        return "o.municipality_id = \(bind: p.municipalityID) AND EXISTS (SELECT 1 FROM cases c WHERE c.id = o.case_id AND \(cases))"
    }

    /// A provider user's scope but for the unit: orders of their municipality that were sent and bind, or stopped
    /// within the grace period; nil when the user has no unit.
    static func providerSent(_ p: Principal, graceDays: Int, today: CalendarDate) -> SQLQueryString? {
        guard p.role.isProvider, !p.unitIDs.isEmpty else { return nil }
        return """
            o.municipality_id = \(bind: p.municipalityID) AND o.ordered_on IS NOT NULL
            AND (o.closed_on IS NULL OR o.closed_on >= \(bind: today.adding(days: -graceDays).description))
            """
    }

    /// The order if `p` may see it; nil when missing or out of sight (both answered 404).
    public static func find(id: UUID, principal p: Principal, graceDays: Int, today: CalendarDate, on db: any Database) async throws -> Order? {
        guard let scope = scope(p, graceDays: graceDays, today: today) else { return nil }
        return try await db.sql.raw("SELECT o.body FROM orders o WHERE o.id = \(bind: id) AND \(scope)").first().map(order)
    }

    /// The orders `p` may see, newest first: of one case, in one state, at most `limit`. A provider's orders are
    /// read per unit and per column (the order's offer, the offer's provider), each branch the newest `limit` in
    /// its index's order (M020), and merged: one list over several units never sorts all of their orders.
    public static func list(principal p: Principal, caseID: UUID? = nil, state: OrderState? = nil, graceDays: Int, today: CalendarDate, limit: Int = 100,
                            on db: any Database) async throws -> [Order] {
        try await listBodies(principal: p, caseID: caseID, state: state, graceDays: graceDays, today: today, limit: limit, on: db).map(order(body:))
    }

    /// `list`'s orders as stored (`body`), for a caller that renders them without decoding each (the API's list).
    public static func listBodies(principal p: Principal, caseID: UUID? = nil, state: OrderState? = nil, graceDays: Int, today: CalendarDate,
                                  limit: Int = 100, on db: any Database) async throws -> [String] {
        var filter: SQLQueryString = "1 = 1"
        if let caseID { filter = "\(filter) AND o.case_id = \(bind: caseID)" }
        if let state { filter = "\(filter) AND o.state = \(bind: state.rawValue)" }
        let newest: SQLQueryString = "ORDER BY o.created_at DESC, o.id DESC LIMIT \(literal: limit)"
        if p.role.isProvider {
            guard let sent = providerSent(p, graceDays: graceDays, today: today) else { return [] }
            let units = p.unitIDs.sorted { $0.uuidString < $1.uuidString }
            // Disjoint branches, so that their union needs no duplicates removed: an order to one of the units'
            // offers in the offer's branch; one to their provider (the provider's other offers) in the provider's.
            // A unit known to be an offer is never an order's provider, and a provider never its offer: one branch.
            let conditions: [SQLQueryString] = units.filter { p.unitKinds[$0] != .provider }.map { "o.offer_unit_id = \(bind: $0)" }
                + units.filter { p.unitKinds[$0] != .offer }.map { "o.provider_unit_id = \(bind: $0) AND o.offer_unit_id NOT IN (\(binds: units))" }
            let branches: [SQLQueryString] = conditions.enumerated().map { i, unit in
                "SELECT * FROM (SELECT o.body, o.created_at, o.id FROM orders o WHERE \(unit) AND \(sent) AND \(filter) \(newest)) \(unsafeRaw: "b\(i)")"
            }
            return try await db.sql.raw("""
                SELECT body FROM (\(branches.joined(separator: " UNION ALL "))) o \(newest)
                """).all().map { try $0.decode(column: "body", as: String.self) }
        }
        guard let scope = scope(p, graceDays: graceDays, today: today) else { return [] }
        return try await db.sql.raw("SELECT o.body FROM orders o WHERE \(scope) AND \(filter) \(newest)").all()
            .map { try $0.decode(column: "body", as: String.self) }
    }

    /// Saves the provider's report of a month of an order (replacing an earlier one of the same month), with `audit`.
    public static func saveHours(_ r: HoursReport, userID: UUID?, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        let month = String(r.month.description.prefix(7))
        // One statement, so that two reports of the same month sent at once cannot collide: the later one wins.
        try await db.sql.raw("""
            INSERT INTO delivered_hours (order_id, month, body, recorded_by, recorded_at)
            VALUES (\(bind: r.orderID), \(bind: month), \(bind: String(decoding: try JSONEncoder().encode(r), as: UTF8.self)), \(bind: userID), \(bind: now))
            ON CONFLICT (order_id, month) DO UPDATE SET body = excluded.body, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
            """).run()
        if let audit { try await AuditStore.record(audit.about(r.orderID, citizen: nil), on: db) }
    }

    /// The reports of orders (already found in the caller's scope), by order, month by month.
    public static func hours(orderIDs: [UUID], on db: any Database) async throws -> [UUID: [HoursReport]] {
        try await bodies(HoursReport.self, "delivered_hours", orderIDs: orderIDs, orderBy: "month", orderID: \.orderID, on: db)
    }

    /// The citizen's name on each of `orders` (by order id): who the provider delivers to. Only for orders the
    /// caller already found in its scope (`find`, `list`).
    public static func citizenNames(_ orders: [Order], on db: any Database) async throws -> [UUID: String] {
        guard !orders.isEmpty else { return [:] }
        return Dictionary(try await db.sql.raw("""
            SELECT o.id, ci.given_name, ci.family_name FROM orders o JOIN cases c ON c.id = o.case_id JOIN citizens ci ON ci.id = c.citizen_id
            WHERE o.id IN (\(binds: orders.map(\.id)))
            """).all().map { r in
            (try r.decode(column: "id", as: UUID.self),
             "\(try r.decode(column: "given_name", as: String.self)) \(try r.decode(column: "family_name", as: String.self))")
        }, uniquingKeysWith: { a, _ in a })
    }

    static func order(_ r: any SQLRow) throws -> Order { try order(body: try r.decode(column: "body", as: String.self)) }

    /// An order from its stored text (`body`, as `listBodies` returns it).
    public static func order(body: String) throws -> Order { try JSONDecoder().decode(Order.self, from: Data(body.utf8)) }
}
