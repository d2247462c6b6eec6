import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// How a payment came into OpenVUM.
public enum PaymentSource: String, Sendable, Codable, CaseIterable {
    /// A payment file from the finance system.
    case file
    /// Entered by hand.
    case manual
    /// A `payment` event of an imported case history.
    case history
}

/// A payment as stored: the finance system's facts, the order it pays and that order's case and intervention.
public struct StoredPayment: Sendable, Equatable {
    public var id: UUID
    public var payment: Payment
    public var orderID: UUID
    public var caseID: UUID
    public var interventionID: UUID
    public var source: PaymentSource
    public var version: Int

    public init(id: UUID, payment: Payment, orderID: UUID, caseID: UUID, interventionID: UUID, source: PaymentSource, version: Int) {
        self.id = id
        self.payment = payment
        self.orderID = orderID
        self.caseID = caseID
        self.interventionID = interventionID
        self.source = source
        self.version = version
    }
}

/// The order a payment line names, as found in the municipality.
public struct PaidOrder: Sendable, Equatable {
    public var orderID: UUID
    public var caseID: UUID
    public var interventionID: UUID

    public init(orderID: UUID, caseID: UUID, interventionID: UUID) {
        self.orderID = orderID
        self.caseID = caseID
        self.interventionID = interventionID
    }
}

/// What importing a payment file would do (and does, unless it has errors): the new payments with their orders,
/// the lines already imported exactly so, and the lines refused.
public struct PaymentImportPlan: Sendable {
    public var new: [(line: PaymentFileLine, order: PaidOrder)]
    public var unchanged: [PaymentFileLine]
    public var errors: [PaymentFileError]
}

/// Payments in the database (`payments`, M021; issue 14 item 2). The same voucher is the same payment: importing
/// a file twice changes nothing, and a voucher already imported with other values is refused (corrected by hand).
public enum PaymentStore {
    /// How many lines one statement reads or writes.
    static let batch = 500

    /// `items` in runs of at most `batch`, one statement each.
    static func batches<T>(_ items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: batch).map { items[$0..<min($0 + batch, items.count)] }
    }

    /// What importing `lines` into the municipality would do. Every line names an order of the municipality that
    /// has been sent; a voucher already stored must hold the same values.
    public static func plan(_ lines: [PaymentFileLine], municipalityID: UUID, on db: any Database) async throws -> PaymentImportPlan {
        var plan = PaymentImportPlan(new: [], unchanged: [], errors: [])
        let ids = Set(lines.compactMap { UUID(uuidString: $0.payment.orderReference) })
        let orders = try await paidOrders(Array(ids), municipalityID: municipalityID, on: db)
        let existing = try await byVoucher(lines.map(\.payment.voucherID), municipalityID: municipalityID, on: db)
        for line in lines {
            let p = line.payment
            guard let id = UUID(uuidString: p.orderReference), let order = orders[id] else {
                plan.errors.append(PaymentFileError(row: line.row, column: "orderReference",
                                                    message: "Bestillingen \(p.orderReference) findes ikke blandt kommunens sendte bestillinger."))
                continue
            }
            if let stored = existing[p.voucherID] {
                var same = p
                same.orderReference = stored.payment.orderReference
                if stored.payment == same && stored.orderID == order.orderID {
                    plan.unchanged.append(line)
                } else {
                    plan.errors.append(PaymentFileError(row: line.row, column: "voucherId",
                                                        message: "Bilag \(p.voucherID) er allerede indlæst med andre oplysninger. Ret betalingen i hånden."))
                }
                continue
            }
            plan.new.append((line, order))
        }
        return plan
    }

    /// Stores new payments (never one whose voucher exists: a unique constraint, answered as a conflict), with
    /// `audit` once for all of them.
    public static func insert(_ items: [(payment: Payment, order: PaidOrder)], source: PaymentSource, municipalityID: UUID, userID: UUID?, now: Date,
                              audit: AuditEntry?, on db: any Database) async throws -> [UUID] {
        var ids: [UUID] = []
        for chunk in batches(items) {
            var insert = db.sql.insert(into: "payments").columns("id", "municipality_id", "voucher_id", "order_id", "case_id", "intervention_id", "service_month",
                                                                 "account", "amount_ore", "booked_on", "source", "version", "recorded_by", "recorded_at")
            for (p, o) in chunk {
                let id = UUID()
                ids.append(id)
                insert = insert.values(SQLBind(id), SQLBind(municipalityID), SQLBind(p.voucherID), SQLBind(o.orderID), SQLBind(o.caseID), SQLBind(o.interventionID),
                                       SQLBind(p.serviceMonth.description), SQLBind(p.account), SQLBind(Int64(p.amount)), SQLBind(p.bookedOn.description),
                                       SQLBind(source.rawValue), SQLBind(1), SQLBind(userID), SQLBind(now))
            }
            do { try await insert.run() } catch where isConstraintFailure(error) {
                throw DomainError(.conflict, code: "payment.voucher.exists", title: "Bilaget findes allerede",
                                  detail: "Et af bilagene er indlæst i mellemtiden. Intet er gemt. Indlæs filen igen.")
            }
        }
        if let audit { try await AuditStore.record(audit, on: db) }
        return ids
    }

    /// Corrects a payment by hand when nobody changed it since `expectedVersion` (412 otherwise), with `audit`.
    public static func correct(id: UUID, municipalityID: UUID, expectedVersion: Int, to p: Payment, order: PaidOrder, userID: UUID?, now: Date,
                               audit: AuditEntry?, on db: any Database) async throws -> StoredPayment {
        guard try await db.sql.raw("""
            UPDATE payments SET order_id = \(bind: order.orderID), case_id = \(bind: order.caseID), intervention_id = \(bind: order.interventionID),
                service_month = \(bind: p.serviceMonth.description), account = \(bind: p.account), amount_ore = \(bind: Int64(p.amount)),
                booked_on = \(bind: p.bookedOn.description), version = version + 1, recorded_by = \(bind: userID), recorded_at = \(bind: now)
            WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID) AND version = \(bind: expectedVersion) RETURNING id
            """).first() != nil else {
            if try await find(id: id, municipalityID: municipalityID, on: db) == nil { throw DomainError.notFound("Betalingen") }
            throw DomainError.staleVersion
        }
        if let audit { try await AuditStore.record(audit, on: db) }
        guard let saved = try await find(id: id, municipalityID: municipalityID, on: db) else { throw DomainError.notFound("Betalingen") }
        return saved
    }

    /// The sent orders among `ids` in the municipality, by id.
    public static func paidOrders(_ ids: [UUID], municipalityID: UUID, on db: any Database) async throws -> [UUID: PaidOrder] {
        var found: [UUID: PaidOrder] = [:]
        for chunk in batches(ids) {
            for r in try await db.sql.raw("""
                SELECT id, case_id, intervention_id FROM orders
                WHERE municipality_id = \(bind: municipalityID) AND ordered_on IS NOT NULL AND id IN (\(binds: Array(chunk)))
                """).all() {
                let o = PaidOrder(orderID: try r.decode(column: "id", as: UUID.self), caseID: try r.decode(column: "case_id", as: UUID.self),
                                  interventionID: try r.decode(column: "intervention_id", as: UUID.self))
                found[o.orderID] = o
            }
        }
        return found
    }

    /// The stored payments of these vouchers in the municipality, by voucher.
    static func byVoucher(_ vouchers: [String], municipalityID: UUID, on db: any Database) async throws -> [String: StoredPayment] {
        var found: [String: StoredPayment] = [:]
        let unique = Array(Set(vouchers))
        for chunk in batches(unique) {
            for p in try await db.sql.raw("SELECT * FROM payments WHERE municipality_id = \(bind: municipalityID) AND voucher_id IN (\(binds: Array(chunk)))")
                .all().map(stored) {
                found[p.payment.voucherID] = p
            }
        }
        return found
    }

    /// One payment of the municipality.
    public static func find(id: UUID, municipalityID: UUID, on db: any Database) async throws -> StoredPayment? {
        try await db.sql.raw("SELECT * FROM payments WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)").first().map(stored)
    }

    /// The payment of a voucher in the municipality.
    public static func find(voucherID: String, municipalityID: UUID, on db: any Database) async throws -> StoredPayment? {
        try await byVoucher([voucherID], municipalityID: municipalityID, on: db)[voucherID]
    }

    /// The payments of the municipality for one order or one case, oldest service month first.
    public static func list(municipalityID: UUID, orderID: UUID? = nil, caseID: UUID? = nil, on db: any Database) async throws -> [StoredPayment] {
        var filter: SQLQueryString = "municipality_id = \(bind: municipalityID)"
        if let orderID { filter = "\(filter) AND order_id = \(bind: orderID)" }
        if let caseID { filter = "\(filter) AND case_id = \(bind: caseID)" }
        return try await db.sql.raw("SELECT * FROM payments WHERE \(filter) ORDER BY service_month, booked_on, voucher_id").all().map(stored)
    }

    static func stored(_ r: any SQLRow) throws -> StoredPayment {
        let month = try r.decode(column: "service_month", as: String.self), booked = try r.decode(column: "booked_on", as: String.self)
        guard let m = YearMonth(month), let b = CalendarDate(booked) else { throw DomainError.notFound("Betalingen") }
        let order = try r.decode(column: "order_id", as: UUID.self)
        return StoredPayment(
            id: try r.decode(column: "id", as: UUID.self),
            payment: Payment(voucherID: try r.decode(column: "voucher_id", as: String.self), orderReference: order.uuidString, serviceMonth: m,
                             account: try r.decode(column: "account", as: String.self), amount: Int(try r.decode(column: "amount_ore", as: Int64.self)),
                             bookedOn: b),
            orderID: order, caseID: try r.decode(column: "case_id", as: UUID.self), interventionID: try r.decode(column: "intervention_id", as: UUID.self),
            source: PaymentSource(rawValue: try r.decode(column: "source", as: String.self)) ?? .file,
            version: try r.decode(column: "version", as: Int.self))
    }
}
