import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Delivered support (issue 13 item 4): the provider reports each month of a started order — the hours delivered
/// each week against the allocation, and cancelled visits by whom (`HoursRules.report`); both sides read them.
enum DeliveredHoursAPI {
    /// `GET /api/v1/orders/{id}/hours`: the order's monthly reports.
    static func list(_ req: Request) async throws -> Response {
        try await OrdersAPI.listOf(req, "hours", { try await OrderStore.hours(orderIDs: [$0], on: $1) }, HoursReportDTO.init)
    }

    /// `PUT /api/v1/orders/{id}/hours/{month}` (month as YYYY-MM): the provider's report of that month, replacing an
    /// earlier one.
    static func put(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let raw = req.parameters.get("month") ?? ""
        guard raw.count == 7, let month = CalendarDate(raw + "-01") else {
            throw DomainError.validation([FieldError(field: "month", message: "Angiv måneden som ÅÅÅÅ-MM, fx 2026-03.")])
        }
        let body = try StrictJSON.decode(HoursRequest.self, from: req)
        var e = FieldErrorCollector()
        let weeks = (body.weeks ?? []).enumerated().compactMap { i, w -> WeekHours? in
            guard let d = w.week.flatMap(CalendarDate.init) else { e.add("weeks.\(i).week", "Angiv ugens mandag som ÅÅÅÅ-MM-DD."); return nil }
            guard let h = w.delivered else { e.add("weeks.\(i).delivered", "Angiv de leverede timer."); return nil }
            return WeekHours(week: d, delivered: h)
        }
        try e.throwIfAny()
        let saved = try await save(o, month: month, weeks: weeks, cancelledByCitizen: body.cancelledByCitizen ?? 0, cancelledByProvider: body.cancelledByProvider ?? 0,
                                   note: body.note, principal: p, on: req)
        return try APIResponse.json(HoursReportDTO(saved))
    }

    /// The report checked (`HoursRules.report`) and saved with its audit row. Only the provider's routes call it.
    static func save(_ o: Order, month: CalendarDate, weeks: [WeekHours], cancelledByCitizen: Int, cancelledByProvider: Int, note: String?,
                     principal p: Principal, on req: Request) async throws -> HoursReport {
        let now = req.openvum.now()
        let report = try HoursRules.report(order: o, month: month, weeks: weeks, cancelledByCitizen: cancelledByCitizen, cancelledByProvider: cancelledByProvider,
                                           note: note, today: CalendarDate(now))
        let audit = try req.auditEntry(action: "order.hours", objectType: "order", objectID: o.id.uuidString, criteria: "month=\(month.description.prefix(7))")
        try await req.writeTransaction { tx in
            try await OrderStore.saveHours(report, userID: p.userID, now: now, audit: audit, on: tx)
        }
        return report
    }
}

struct HoursRequest: StrictBody {
    struct Week: Codable, Sendable {
        var week: String?
        var delivered: Decimal?
    }
    var weeks: [Week]?
    var cancelledByCitizen: Int?
    var cancelledByProvider: Int?
    var note: String?
    static let fields: Set<String> = ["weeks", "cancelledByCitizen", "cancelledByProvider", "note"]
}

struct WeekHoursDTO: Encodable, Sendable {
    var week: String
    var delivered: Decimal
}

struct HoursReportDTO: Encodable, Sendable {
    var orderId: UUID
    var month: String
    @Nullable var allocatedPerWeek: Decimal?
    var weeks: [WeekHoursDTO]
    var delivered: Decimal
    @Nullable var deviation: Decimal?
    var cancelledByCitizen: Int
    var cancelledByProvider: Int
    @Nullable var note: String?
    var recordedOn: String
    init(_ r: HoursReport) {
        orderId = r.orderID
        month = String(r.month.description.prefix(7))
        allocatedPerWeek = r.allocatedPerWeek
        weeks = r.weeks.map { WeekHoursDTO(week: $0.week.description, delivered: $0.delivered) }
        delivered = r.delivered
        deviation = r.deviation
        cancelledByCitizen = r.cancelledByCitizen
        cancelledByProvider = r.cancelledByProvider
        note = r.note
        recordedOn = r.recordedOn.description
    }
}
