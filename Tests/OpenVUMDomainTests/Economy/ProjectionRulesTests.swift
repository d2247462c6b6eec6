import Foundation
@testable import OpenVUMDomain
import Testing

/// figures.md G4, G5, E4–E6 and T2.4 — every expected value worked out by hand in the comment beside it.
@Suite("Projection rules: status, window and the projection of a grant by its best known price")
struct ProjectionRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static func month(_ s: String) -> YearMonth { YearMonth(s)! }
    static func months(_ first: String, _ last: String) -> [YearMonth] { YearMonth.through(month(first), month(last)) }

    @Test("months: parsed and written as YYYY-MM, days of February in leap years, counted across a year's end; bad text refused")
    func yearMonths() {
        #expect(Self.month("2028-02").days == 29 && Self.month("2027-02").days == 28 && Self.month("2100-02").days == 28)
        #expect(Self.month("2000-02").days == 29 && Self.month("2026-04").days == 30)
        #expect(Self.month("2026-11").adding(months: 2).description == "2027-01")
        #expect(Self.months("2026-11", "2027-02").map(\.description) == ["2026-11", "2026-12", "2027-01", "2027-02"])
        #expect(Self.months("2027-02", "2026-11").isEmpty)
        #expect(YearMonth("2026-13") == nil && YearMonth("2026-1") == nil && YearMonth("26-01") == nil)
        // T2.4: after R's month up to December of the following year.
        let m = ProjectionRules.projectionMonths(referenceDate: Self.day("2026-10-31"))
        #expect(m.first?.description == "2026-11" && m.last?.description == "2027-12" && m.count == 14)
        #expect(ProjectionRules.projectionMonths(referenceDate: Self.day("2026-12-01")).count == 12)
    }

    @Test("G4 overlap and G5 on fractions: the days of a month in a window; halves up, also below zero")
    func overlapAndRounding() {
        let w = GrantWindow(start: Self.day("2026-11-16"), end: Self.day("2026-12-13"))
        // 16–30 November: 15 days; 1–13 December: 13; none in October or January.
        #expect(w.overlap(Self.month("2026-11")) == 15 && w.overlap(Self.month("2026-12")) == 13)
        #expect(w.overlap(Self.month("2026-10")) == 0 && w.overlap(Self.month("2027-01")) == 0)
        // No end: to the end of every month.
        #expect(GrantWindow(start: Self.day("2026-11-16"), end: nil).overlap(Self.month("2030-02")) == 28)
        #expect(GrantWindow(start: Self.day("2026-11-01"), end: nil).covers(Self.month("2026-11")))
        #expect(!w.covers(Self.month("2026-11")))
        // 5/2 = 2.5 → 3; 7/3 = 2.33 → 2; 8/3 = 2.67 → 3; −5/2 = −2.5 → −2; −8/3 = −2.67 → −3; 6/3 = 2.
        #expect(ProjectionRules.roundHalfUp(5, dividedBy: 2) == 3)
        #expect(ProjectionRules.roundHalfUp(7, dividedBy: 3) == 2 && ProjectionRules.roundHalfUp(8, dividedBy: 3) == 3)
        #expect(ProjectionRules.roundHalfUp(-5, dividedBy: 2) == -2 && ProjectionRules.roundHalfUp(-8, dividedBy: 3) == -3)
        #expect(ProjectionRules.roundHalfUp(6, dividedBy: 3) == 2 && ProjectionRules.roundHalfUp(0, dividedBy: 7) == 0)
    }

    @Test("E4 status and E5 liveness: granted, refused, pending, lapsed; ended or closed grants are not live")
    func statusAndLive() {
        let e = PricedPeriod(start: Self.day("2027-01-01"), end: nil, frequency: .perMonth, repetitions: 12, price: 1_200_000)
        let g = GrantFacts(interventionID: UUID(), outcome: .granted, expected: e)
        #expect(ProjectionRules.status(g) == .granted && ProjectionRules.isLive(g))
        #expect(ProjectionRules.status(GrantFacts(interventionID: UUID(), outcome: .refused, expected: e)) == .refused)
        #expect(ProjectionRules.status(GrantFacts(interventionID: UUID(), outcome: nil, expected: e)) == .pending)
        #expect(ProjectionRules.status(GrantFacts(interventionID: UUID(), outcome: nil, caseClosed: true, expected: e)) == .lapsed)
        #expect(!ProjectionRules.isLive(GrantFacts(interventionID: UUID(), outcome: .granted, ended: true, expected: e)))
        #expect(!ProjectionRules.isLive(GrantFacts(interventionID: UUID(), outcome: .granted, caseClosed: true, expected: e)))
        #expect(!ProjectionRules.isLive(GrantFacts(interventionID: UUID(), outcome: .refused, expected: e)))
        // E5's window: delivery start before contract start before expected start; the contract's end once ordered.
        let c = PricedPeriod(start: Self.day("2027-01-15"), end: Self.day("2027-06-30"), frequency: .perMonth, repetitions: 6, price: 600_000)
        var ordered = g
        ordered.contract = c
        #expect(ProjectionRules.window(ordered) == GrantWindow(start: Self.day("2027-01-15"), end: Self.day("2027-06-30")))
        ordered.deliveryStart = Self.day("2027-01-20")
        #expect(ProjectionRules.window(ordered) == GrantWindow(start: Self.day("2027-01-20"), end: Self.day("2027-06-30")))
        #expect(ProjectionRules.window(g) == GrantWindow(start: Self.day("2027-01-01"), end: nil))
    }

    @Test("E6.2 contract: part months at both ends get their share of the span; nothing outside the window")
    func contractBasis() throws {
        // Contract from 16 November 2026, 4 weeks (span 28 days, end 13 December) at 2,800.00 kr.
        let c = PricedPeriod(start: Self.day("2026-11-16"), end: Self.day("2026-12-13"), frequency: .perWeek, repetitions: 4, price: 280_000)
        let e = PricedPeriod(start: Self.day("2026-11-01"), end: Self.day("2026-11-28"), frequency: .perWeek, repetitions: 4, price: 999_999)
        let g = GrantFacts(interventionID: UUID(), outcome: .granted, expected: e, contract: c)
        let p = try #require(ProjectionRules.project(g, over: ProjectionRules.projectionMonths(referenceDate: Self.day("2026-10-31"))))
        // November: 280,000 × 15 / 28 = 150,000; December: 280,000 × 13 / 28 = 130,000; the expected price is not used.
        #expect(p.basis == .contract && !p.noEndDate)
        #expect(p.amounts == [Self.month("2026-11"): 150_000, Self.month("2026-12"): 130_000])
    }

    @Test("E6.1 actual: the latest full month's payments per day of that month; a part month at the start does not count")
    func actualBasis() throws {
        // Delivery from 10 September 2026, no end. September is a part month (10–30); October is full: 31,000 + 1,000
        // = 32,000 øre over its 31 days.
        let c = PricedPeriod(start: Self.day("2026-09-01"), end: nil, frequency: .perMonth, repetitions: 12, price: 4_800_000)
        let g = GrantFacts(interventionID: UUID(), outcome: .granted, expected: nil, contract: c, deliveryStart: Self.day("2026-09-10"),
                           payments: [Self.month("2026-09"): 50_000, Self.month("2026-10"): 32_000])
        let p = try #require(ProjectionRules.project(g, over: ProjectionRules.projectionMonths(referenceDate: Self.day("2026-11-20"))))
        #expect(p.basis == .actual && p.noEndDate)
        // 2026-12 … 2027-12, all full. December: 32,000 × 31 / 31 = 32,000. February 2027: 32,000 × 28 / 31 =
        // 28,903.23 → 28,903. April: 32,000 × 30 / 31 = 30,967.74 → 30,968.
        #expect(p.amounts.count == 13)
        #expect(p.amounts[Self.month("2026-12")] == 32_000 && p.amounts[Self.month("2027-02")] == 28_903 && p.amounts[Self.month("2027-04")] == 30_968)
        // Only a part month paid (a grant started mid-month): contract, 4,800,000 over the span 1 September 2026 –
        // 1 September 2027 (365 days): December 4,800,000 × 31 / 365 = 407,671.23 → 407,671.
        var started = g
        started.payments = [Self.month("2026-09"): 50_000]
        let q = try #require(ProjectionRules.project(started, over: ProjectionRules.projectionMonths(referenceDate: Self.day("2026-11-20"))))
        #expect(q.basis == .contract && q.amounts[Self.month("2026-12")] == 407_671)
    }

    @Test("E6.3 expected: rounded once per month, halves up; a leap February gets its 29 days; a window ended before the first month is left out")
    func expectedBasis() throws {
        // 2 days from 31 January 2027 at 5 øre: January 5 × 1 / 2 = 2.5 → 3, February 2.5 → 3 (rounded per month, so 6).
        let tiny = GrantFacts(interventionID: UUID(), outcome: .granted,
                              expected: PricedPeriod(start: Self.day("2027-01-31"), end: Self.day("2027-02-01"), frequency: .perDay, repetitions: 2, price: 5))
        let t = try #require(ProjectionRules.project(tiny, over: Self.months("2027-01", "2027-03")))
        #expect(t.basis == .expected && t.amounts == [Self.month("2027-01"): 3, Self.month("2027-02"): 3])
        // No end date, priced for its first year: 12 months from 1 March 2027 (366 days, to 1 March 2028) at
        // 36,600.00 kr. January 2028: 3,660,000 × 31 / 366 = 310,000; February 2028 (leap): × 29 / 366 = 290,000.
        let open = GrantFacts(interventionID: UUID(), outcome: .granted,
                              expected: PricedPeriod(start: Self.day("2027-03-01"), end: nil, frequency: .perMonth, repetitions: 12, price: 3_660_000))
        let o = try #require(ProjectionRules.project(open, over: ProjectionRules.projectionMonths(referenceDate: Self.day("2027-12-15"))))
        #expect(o.noEndDate && o.amounts.count == 12)
        #expect(o.amounts[Self.month("2028-01")] == 310_000 && o.amounts[Self.month("2028-02")] == 290_000)
        // Ended 30 September 2026, projected from November: omitted.
        let over = GrantFacts(interventionID: UUID(), outcome: .granted,
                              expected: PricedPeriod(start: Self.day("2026-09-01"), end: Self.day("2026-09-30"), frequency: .perDay, repetitions: 30, price: 30_000))
        #expect(ProjectionRules.project(over, over: ProjectionRules.projectionMonths(referenceDate: Self.day("2026-10-31"))) == nil)
        // A one-off service has no daily rate: no projection.
        let once = GrantFacts(interventionID: UUID(), outcome: .granted,
                              expected: PricedPeriod(start: Self.day("2027-01-10"), end: nil, frequency: .once, repetitions: 1, price: 30_000))
        #expect(ProjectionRules.project(once, over: Self.months("2027-01", "2027-03")) == nil)
    }

    @Test("T2.4: pending recommendations are a what-if over their expected dates, never in the totals; refused and lapsed nowhere")
    func pending() throws {
        // Pending: 3 months from 1 January 2027 (span 90 days) at 9,000.01 kr. January 900,001 × 31 / 90 = 310,000.34
        // → 310,000; February × 28 / 90 = 280,000.31 → 280,000; March 310,000.
        let e = PricedPeriod(start: Self.day("2027-01-01"), end: Self.day("2027-03-31"), frequency: .perMonth, repetitions: 3, price: 900_001)
        let waiting = GrantFacts(interventionID: UUID(), outcome: nil, expected: e)
        let months = ProjectionRules.projectionMonths(referenceDate: Self.day("2026-10-31"))
        #expect(ProjectionRules.project(waiting, over: months) == nil)
        let p = try #require(ProjectionRules.projectPending(waiting, over: months))
        #expect(p.amounts == [Self.month("2027-01"): 310_000, Self.month("2027-02"): 280_000, Self.month("2027-03"): 310_000])
        #expect(ProjectionRules.projectPending(GrantFacts(interventionID: UUID(), outcome: .refused, expected: e), over: months) == nil)
        #expect(ProjectionRules.projectPending(GrantFacts(interventionID: UUID(), outcome: nil, caseClosed: true, expected: e), over: months) == nil)
    }

    @Test("T2.4 by_month: totals split by end date and basis; the projection of a set equals the sum of the projections of each grant",
          arguments: [1, 2, 3, 4, 5])
    func sumOfGrants(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let r = Self.day("2026-10-31")
        let months = ProjectionRules.projectionMonths(referenceDate: r)
        let grants = (0..<40).map { _ in Self.randomGrant(&rng) }
        let projections = grants.compactMap { ProjectionRules.project($0, over: months) }
        let all = ProjectionRules.byMonth(projections, months: months)
        #expect(all.count == months.count)
        for m in months {
            // Summed here by hand, grant by grant, from each grant's own projection.
            let each = grants.map { g in ProjectionRules.project(g, over: [m]).flatMap { $0.amounts[m] } ?? 0 }
            let month = try #require(all[m])
            #expect(month.total == each.reduce(0, +))
            #expect(month.withEndDate + month.withoutEndDate == month.total)
            #expect(month.basisActual + month.basisContract + month.basisExpected == month.total)
        }
    }

    static func randomGrant(_ rng: inout SplitMix) -> GrantFacts {
        let start = day("2026-06-01").adding(days: Int(rng.next() % 400))
        let frequency: ServiceFrequency = [.perDay, .perWeek, .perMonth][Int(rng.next() % 3)]
        let repetitions = 1 + Int(rng.next() % 30)
        let open = rng.next() % 4 == 0
        let priced = PricedPeriod(start: start, end: open ? nil : PriceRules.expectedEnd(from: start, frequency: frequency, repetitions: repetitions),
                                  frequency: frequency, repetitions: repetitions, price: Int(rng.next() % 5_000_000))
        var g = GrantFacts(interventionID: UUID(), outcome: [DecisionOutcome.granted, .granted, .granted, .refused, nil][Int(rng.next() % 5)],
                           ended: rng.next() % 10 == 0, expected: priced)
        if rng.next() % 2 == 0 { g.contract = priced }
        if rng.next() % 3 == 0 {
            g.deliveryStart = start
            g.payments = [YearMonth(start).adding(months: 1): Int(rng.next() % 100_000)]
        }
        return g
    }
}

/// SplitMix64: the test's own deterministic sequence.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
