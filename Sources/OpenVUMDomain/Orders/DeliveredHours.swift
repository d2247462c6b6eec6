import Foundation

/// Delivered support (issue 13 item 4): per order and month the provider reports the hours delivered each week
/// against the hours allocated by the order, and the visits cancelled by the citizen and by the provider. The authority reads it on the
/// case and at the follow-up; nothing is typed twice.

/// One week's delivered hours; the week is named by its Monday.
public struct WeekHours: Codable, Sendable, Equatable {
    public var week: CalendarDate
    public var delivered: Decimal
    public init(week: CalendarDate, delivered: Decimal) {
        self.week = week
        self.delivered = delivered
    }
}

/// The provider's report of one month of an order.
public struct HoursReport: Codable, Sendable, Equatable {
    public var orderID: UUID
    /// The first day of the month reported.
    public var month: CalendarDate
    /// Hours per week the order allocates (nil: the order is not counted in hours).
    public var allocatedPerWeek: Decimal?
    public var weeks: [WeekHours]
    public var cancelledByCitizen: Int
    public var cancelledByProvider: Int
    public var note: String?
    /// The day it was recorded (stamped).
    public var recordedOn: CalendarDate
    public init(orderID: UUID, month: CalendarDate, allocatedPerWeek: Decimal?, weeks: [WeekHours], cancelledByCitizen: Int = 0, cancelledByProvider: Int = 0,
                note: String? = nil, recordedOn: CalendarDate) {
        self.orderID = orderID
        self.month = month
        self.allocatedPerWeek = allocatedPerWeek
        self.weeks = weeks
        self.cancelledByCitizen = cancelledByCitizen
        self.cancelledByProvider = cancelledByProvider
        self.note = note
        self.recordedOn = recordedOn
    }

    /// Delivered hours in the month's weeks, and their difference from the allocation (negative: fewer delivered).
    public var delivered: Decimal { weeks.reduce(0) { $0 + $1.delivered } }
    public var deviation: Decimal? { allocatedPerWeek.map { delivered - $0 * Decimal(weeks.count) } }
}

public enum HoursRules {
    /// Hours in a week: nobody delivers more.
    public static let hoursInWeek: Decimal = 168

    /// The hours per week an order allocates: hours per week as ordered, hours per day × 7; nil for another unit or
    /// period (a place in a residential offer is not counted in hours).
    public static func allocatedPerWeek(_ c: OrderContract) -> Decimal? {
        guard c.unit == .hour else { return nil }
        switch c.frequency {
        case .perWeek: return c.unitsPerPeriod
        case .perDay: return c.unitsPerPeriod * 7
        case .perMonth, .perYear, .once: return nil
        }
    }

    /// The Mondays of `month` up to `today`: the weeks a report of that month is made of.
    public static func weeks(of month: CalendarDate, until today: CalendarDate) -> [CalendarDate] {
        let first = CalendarDate(year: month.year, month: month.month, day: 1)!
        var d = first
        while !isMonday(d) { d = d.adding(days: 1) }
        var out: [CalendarDate] = []
        while d.month == first.month && d.year == first.year && d <= today {
            out.append(d)
            d = d.adding(days: 7)
        }
        return out
    }

    /// Whether a day is a Monday (1970-01-01 was a Thursday).
    public static func isMonday(_ d: CalendarDate) -> Bool {
        let n = d.days(until: CalendarDate(year: 1970, month: 1, day: 5)!)
        return n % 7 == 0
    }

    /// The provider's report of `month` for a started (or ended) order, as recorded on `today`: weeks that start in
    /// the month, each once, on a Monday, with 0–168 hours and at most two decimals; cancellations 0–100; not a
    /// month before the start or after this month. Every problem at its field, nothing saved.
    public static func report(order o: Order, month: CalendarDate, weeks: [WeekHours], cancelledByCitizen: Int, cancelledByProvider: Int, note: String?,
                              today: CalendarDate) throws(DomainError) -> HoursReport {
        guard [.started, .ended].contains(o.state), let start = o.startDate else {
            throw DomainError(.conflict, code: "order.state", title: "Bestillingen er ikke startet",
                              detail: "Timer registreres, når indsatsen er startet; bestillingen er \(o.state.danishName.lowercased()).")
        }
        var e = FieldErrorCollector()
        let first = CalendarDate(year: month.year, month: month.month, day: 1)!
        if first > CalendarDate(year: today.year, month: today.month, day: 1)! { e.add("month", "Måneden \(month.month)-\(month.year) er ikke begyndt endnu.") }
        if first < CalendarDate(year: start.year, month: start.month, day: 1)! {
            e.add("month", "Måneden ligger før indsatsens start \(start.danish).")
        }
        if weeks.isEmpty { e.add("weeks", "Angiv de leverede timer for mindst én uge.") }
        if Set(weeks.map(\.week)).count != weeks.count { e.add("weeks", "Hver uge angives én gang.") }
        for (i, w) in weeks.enumerated() {
            if !isMonday(w.week) { e.add("weeks.\(i).week", "En uge angives ved sin mandag; \(w.week.danish) er ikke en mandag.") }
            if w.week.year != first.year || w.week.month != first.month { e.add("weeks.\(i).week", "Ugen, der begynder \(w.week.danish), hører ikke til måneden.") }
            if w.delivered < 0 || w.delivered > hoursInWeek || !w.delivered.hasAtMost(places: 2) {
                e.add("weeks.\(i).delivered", "Leverede timer skal være fra 0 til 168 (timerne i en uge) med højst to decimaler.")
            }
        }
        for (field, n) in [("cancelledByCitizen", cancelledByCitizen), ("cancelledByProvider", cancelledByProvider)] where !(0...100).contains(n) {
            e.add(field, "Antal aflyste besøg skal være fra 0 til 100.")
        }
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let text, text.count > 2_000 { e.add("note", "Bemærkningen må højst være 2.000 tegn.") }
        try e.throwIfAny()
        return HoursReport(orderID: o.id, month: first, allocatedPerWeek: allocatedPerWeek(o.contract), weeks: weeks.sorted { $0.week < $1.week },
                           cancelledByCitizen: cancelledByCitizen, cancelledByProvider: cancelledByProvider, note: text, recordedOn: today)
    }
}
