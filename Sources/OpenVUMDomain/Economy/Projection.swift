import Foundation

/// A calendar month, `YYYY-MM` (figures.md G10): the period a payment's service month and a projected amount
/// belong to.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        guard let (y, m, _) = CalendarDate.digitFields(text, count: 2) else { return nil }
        self.init(year: y, month: m)
    }

    /// The month `date` lies in.
    public init(_ date: CalendarDate) {
        year = date.year
        month = date.month
    }

    public var firstDay: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
    public var lastDay: CalendarDate { CalendarDate(year: year, month: month, day: days)! }
    /// The number of days in the month (29 in February of a leap year).
    public var days: Int { CalendarDate.daysInMonth(year: year, month: month) }

    public func adding(months n: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + n
        return YearMonth(unchecked: index / 12, index % 12 + 1)
    }

    /// The months from `first` to `last`, both included; empty when `last` is earlier.
    public static func through(_ first: YearMonth, _ last: YearMonth) -> [YearMonth] {
        guard first <= last else { return [] }
        return (0...((last.year - first.year) * 12 + last.month - first.month)).map { first.adding(months: $0) }
    }

    private init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }

    public var description: String { "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let value = YearMonth(try c.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "Måneden skal have formen ÅÅÅÅ-MM.")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// E4: the status of a recommended intervention on the reference date.
public enum GrantStatus: String, Sendable, CaseIterable, Codable {
    case granted, refused, pending, lapsed
}

/// E6: which price a projected amount is computed from — the best one known.
public enum ProjectionBasis: String, Sendable, CaseIterable, Codable {
    case actual, contract, expected
}

/// A price over a period of `repetitions` × `frequency` from `start` (E1, E2): the recommendation's expected price
/// (ID 51 over IDs 39–41, 46, 47) or the order's contract price (over the contract's dates).
public struct PricedPeriod: Sendable, Equatable {
    public var start: CalendarDate
    /// Nil: no end date (priced for its first year, E1).
    public var end: CalendarDate?
    public var frequency: ServiceFrequency
    public var repetitions: Int
    /// Øre for the whole span.
    public var price: Int

    public init(start: CalendarDate, end: CalendarDate?, frequency: ServiceFrequency, repetitions: Int, price: Int) {
        self.start = start
        self.end = end
        self.frequency = frequency
        self.repetitions = repetitions
        self.price = price
    }

    /// E2: the days the price is spread over; nil for a one-off service (no daily rate).
    public var span: Int? { PriceRules.span(from: start, frequency: frequency, repetitions: repetitions) }
}

/// What E4–E6 read of one recommended intervention, as it stands on the reference date R (events after R already
/// left out, G1).
public struct GrantFacts: Sendable, Equatable {
    public var interventionID: UUID
    /// The decision's outcome; nil while undecided.
    public var outcome: DecisionOutcome?
    /// Whether the case is closed on R (G2).
    public var caseClosed: Bool
    /// Whether the intervention has ended (`intervention_ended`, ID 77 on R or before).
    public var ended: Bool
    /// The recommendation: expected start (39), end (40, nil with no end date), frequency, repetitions and
    /// expected price (51); nil when it is not priced.
    public var expected: PricedPeriod?
    /// The order's contract (the latest order of the grant); nil when not ordered.
    public var contract: PricedPeriod?
    /// The actual start of delivery (ID 75).
    public var deliveryStart: CalendarDate?
    /// Payments summed per service month (E3).
    public var payments: [YearMonth: Int]

    public init(interventionID: UUID, outcome: DecisionOutcome?, caseClosed: Bool = false, ended: Bool = false, expected: PricedPeriod?,
                contract: PricedPeriod? = nil, deliveryStart: CalendarDate? = nil, payments: [YearMonth: Int] = [:]) {
        self.interventionID = interventionID
        self.outcome = outcome
        self.caseClosed = caseClosed
        self.ended = ended
        self.expected = expected
        self.contract = contract
        self.deliveryStart = deliveryStart
        self.payments = payments
    }
}

/// E5: the days a grant runs, [start, end], both included; no end: it never ends.
public struct GrantWindow: Sendable, Equatable {
    public var start: CalendarDate
    public var end: CalendarDate?

    public init(start: CalendarDate, end: CalendarDate?) {
        self.start = start
        self.end = end
    }

    /// G4: the days of `m` inside the window.
    public func overlap(_ m: YearMonth) -> Int {
        let from = Swift.max(start, m.firstDay)
        let to = end.map { Swift.min($0, m.lastDay) } ?? m.lastDay
        return from <= to ? from.days(until: to) + 1 : 0
    }

    /// Whether every day of `m` lies in the window (E6.1's full month).
    public func covers(_ m: YearMonth) -> Bool { overlap(m) == m.days }
}

/// One grant projected over some months (T2.4's `by_grant`): the basis it was priced on and the months that have
/// an amount.
public struct GrantProjection: Sendable, Equatable {
    public var interventionID: UUID
    public var basis: ProjectionBasis
    public var noEndDate: Bool
    public var amounts: [YearMonth: Int]
}

/// T2.4's `by_month`: a month's total, split by end date and by basis.
public struct ProjectionMonthTotal: Sendable, Equatable {
    public var total = 0
    public var withEndDate = 0
    public var withoutEndDate = 0
    public var basisActual = 0
    public var basisContract = 0
    public var basisExpected = 0

    public init() {}

    mutating func add(_ amount: Int, basis: ProjectionBasis, noEndDate: Bool) {
        total += amount
        if noEndDate { withoutEndDate += amount } else { withEndDate += amount }
        switch basis {
        case .actual: basisActual += amount
        case .contract: basisContract += amount
        case .expected: basisExpected += amount
        }
    }
}

/// The status, window and projection of grants: figures.md E4–E6 and T2.4, one rule each.
public enum ProjectionRules {
    /// E4.
    public static func status(_ g: GrantFacts) -> GrantStatus {
        switch g.outcome {
        case .granted: .granted
        case .refused: .refused
        case nil: g.caseClosed ? .lapsed : .pending
        }
    }

    /// E5: live on R — granted, not ended, its case not closed.
    public static func isLive(_ g: GrantFacts) -> Bool { status(g) == .granted && !g.ended && !g.caseClosed }

    /// E5: the window [S, E]. S: the delivery start, else the contract's start, else the expected start. E: the
    /// contract's end if ordered, else the expected end; none means the window never ends. Nil when no start is known.
    public static func window(_ g: GrantFacts) -> GrantWindow? {
        guard let start = g.deliveryStart ?? g.contract?.start ?? g.expected?.start else { return nil }
        return GrantWindow(start: start, end: g.contract != nil ? g.contract?.end : g.expected?.end)
    }

    /// E6: the basis of a grant's projection — actual when it has a payment for a full month of its window, contract
    /// when ordered, else expected — and the rate it projects with (an amount over a number of days); nil when the
    /// basis has no daily rate (a one-off service, or nothing priced).
    public static func rate(_ g: GrantFacts, window w: GrantWindow) -> (basis: ProjectionBasis, amount: Int, days: Int)? {
        if let full = g.payments.keys.filter({ w.covers($0) }).max() {
            return (.actual, g.payments[full] ?? 0, full.days)
        }
        if let c = g.contract { return c.span.map { (.contract, c.price, $0) } }
        if let e = g.expected { return e.span.map { (.expected, e.price, $0) } }
        return nil
    }

    /// E6 for month `m`: G5-round(amount × overlap(m, window) / days); nil outside the window.
    static func amount(rate: (amount: Int, days: Int), window w: GrantWindow, month m: YearMonth) -> Int? {
        let overlap = w.overlap(m)
        guard overlap > 0, rate.days > 0 else { return nil }
        return roundHalfUp(rate.amount * overlap, dividedBy: rate.days)
    }

    /// G5 on a fraction of whole øre: the nearest øre, halves up (towards +∞, whatever the sign), exactly.
    public static func roundHalfUp(_ numerator: Int, dividedBy denominator: Int) -> Int {
        precondition(denominator > 0)
        let twice = 2 * numerator + denominator, d = 2 * denominator
        return twice >= 0 ? twice / d : -((-twice + d - 1) / d)
    }

    /// T2.4: the projection months for reference date R — after R's month up to December of the following year.
    public static func projectionMonths(referenceDate r: CalendarDate) -> [YearMonth] {
        YearMonth.through(YearMonth(r).adding(months: 1), YearMonth(year: r.year + 1, month: 12)!)
    }

    /// T2.4 `by_grant`: a live grant projected over `months` (E6); nil when it is not live, has no rate, or its
    /// window ended before the first month.
    public static func project(_ g: GrantFacts, over months: [YearMonth]) -> GrantProjection? {
        guard isLive(g), let w = window(g) else { return nil }
        return projection(g, window: w, over: months)
    }

    /// T2.4 `pending_recommendations`: a pending intervention projected by its expected price (E6.3) over
    /// [expected start, expected end], as a what-if never counted in the totals; nil when it is not pending.
    public static func projectPending(_ g: GrantFacts, over months: [YearMonth]) -> GrantProjection? {
        guard status(g) == .pending, let e = g.expected else { return nil }
        var expectedOnly = g
        expectedOnly.contract = nil
        expectedOnly.payments = [:]
        return projection(expectedOnly, window: GrantWindow(start: e.start, end: e.end), over: months)
    }

    private static func projection(_ g: GrantFacts, window w: GrantWindow, over months: [YearMonth]) -> GrantProjection? {
        if let first = months.first, let end = w.end, end < first.firstDay { return nil }
        guard let rate = rate(g, window: w) else { return nil }
        var amounts: [YearMonth: Int] = [:]
        for m in months {
            if let a = amount(rate: (rate.amount, rate.days), window: w, month: m) { amounts[m] = a }
        }
        return GrantProjection(interventionID: g.interventionID, basis: rate.basis, noEndDate: w.end == nil, amounts: amounts)
    }

    /// The scenario "what if this grant ends at its next follow-up" (issue 14 item 4): the grant projected over `months`
    /// as E6 does, but with its window ending on `day` when that is earlier.
    public static func project(_ g: GrantFacts, over months: [YearMonth], endingBy day: CalendarDate) -> GrantProjection? {
        guard isLive(g), let w = window(g) else { return nil }
        let end = w.end.map { Swift.min($0, day) } ?? day
        guard end >= w.start else { return GrantProjection(interventionID: g.interventionID, basis: rate(g, window: w)?.basis ?? .expected, noEndDate: false, amounts: [:]) }
        // The rate stays the grant's own (its full months, its contract's span); only the days change.
        guard let r = rate(g, window: w) else { return nil }
        var amounts: [YearMonth: Int] = [:]
        let cut = GrantWindow(start: w.start, end: end)
        for m in months { if let a = amount(rate: (r.amount, r.days), window: cut, month: m) { amounts[m] = a } }
        return GrantProjection(interventionID: g.interventionID, basis: r.basis, noEndDate: false, amounts: amounts)
    }

    /// The budget's projection (issue 14 item 3): a live grant's E6 amounts from R's own month through `last`, less the
    /// months a payment already covers — so that spend to date plus this is the expected outturn, with the current
    /// month counted once (T2.4 itself starts after R's month).
    public static func unpaid(_ g: GrantFacts, referenceDate r: CalendarDate, through last: YearMonth) -> GrantProjection? {
        guard var p = project(g, over: YearMonth.through(YearMonth(r), last)) else { return nil }
        p.amounts = p.amounts.filter { g.payments[$0.key] == nil }
        return p
    }

    /// T2.4 `by_month`: the sum of the projections per month, every month of `months` listed (zeros included).
    public static func byMonth(_ projections: [GrantProjection], months: [YearMonth]) -> [YearMonth: ProjectionMonthTotal] {
        var totals = Dictionary(uniqueKeysWithValues: months.map { ($0, ProjectionMonthTotal()) })
        for p in projections {
            for (m, a) in p.amounts where totals[m] != nil { totals[m]?.add(a, basis: p.basis, noEndDate: p.noEndDate) }
        }
        return totals
    }
}
