import Foundation
import OpenVUMDomain
import Testing

@Suite("Delivered hours: a month of a started order, week by week against the allocation")
struct HoursRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    static func started() throws -> Order {
        let today = day("2026-03-10")
        var o = try OrderRulesTests.draft()   // 10.25 hours a week
        o = try OrderRules.apply(.send(on: day("2026-02-25"), register: OfferRegisterEntry()), to: o, by: .authority, today: today)
        o = try OrderRules.apply(.accept, to: o, by: .provider, today: today)
        return try OrderRules.apply(.start(on: day("2026-03-02"), serviceStart: nil, documentedOn: today), to: o, by: .provider, today: today)
    }

    @Test("the allocation comes from the order; delivered and deviation are summed by hand")
    func report() throws {
        let r = try HoursRules.report(order: try Self.started(), month: Self.day("2026-03-15"),
                                      weeks: [WeekHours(week: Self.day("2026-03-09"), delivered: Decimal(string: "9.5")!),
                                              WeekHours(week: Self.day("2026-03-02"), delivered: 10)],
                                      cancelledByCitizen: 1, cancelledByProvider: 0, note: "  ", today: Self.day("2026-03-20"))
        #expect(r.month == Self.day("2026-03-01") && r.allocatedPerWeek == Decimal(string: "10.25"))
        #expect(r.weeks.map(\.week) == [Self.day("2026-03-02"), Self.day("2026-03-09")])
        // By hand: 10 + 9.5 = 19.5 delivered against 2 × 10.25 = 20.5: one hour short.
        #expect(r.delivered == Decimal(string: "19.5") && r.deviation == -1 && r.note == nil && r.recordedOn == Self.day("2026-03-20"))
        #expect(HoursRules.isMonday(Self.day("2026-03-02")) && !HoursRules.isMonday(Self.day("2026-03-03")) && HoursRules.isMonday(Self.day("1969-12-29")))
        // March 2026's Mondays up to the 20th: the 2nd, 9th and 16th (the 23rd and 30th come later).
        #expect(HoursRules.weeks(of: Self.day("2026-03-01"), until: Self.day("2026-03-20")) == ["2026-03-02", "2026-03-09", "2026-03-16"].map(Self.day))
    }

    @Test("negative hours, more than a week holds, a Tuesday, a week of another month, a future month, an order not started: each refused")
    func refusals() throws {
        let o = try Self.started()
        do {
            _ = try HoursRules.report(order: o, month: Self.day("2026-03-01"),
                                      weeks: [WeekHours(week: Self.day("2026-03-02"), delivered: -1), WeekHours(week: Self.day("2026-03-09"), delivered: 169),
                                              WeekHours(week: Self.day("2026-03-17"), delivered: 1), WeekHours(week: Self.day("2026-04-06"), delivered: 1)],
                                      cancelledByCitizen: 101, cancelledByProvider: 0, note: nil, today: Self.day("2026-03-20"))
            Issue.record("a bad report was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["weeks.0.delivered", "weeks.1.delivered", "weeks.2.week", "weeks.3.week", "cancelledByCitizen"])
        }
        #expect(throws: DomainError.self) {
            try HoursRules.report(order: o, month: Self.day("2026-04-01"), weeks: [WeekHours(week: Self.day("2026-04-06"), delivered: 1)],
                                  cancelledByCitizen: 0, cancelledByProvider: 0, note: nil, today: Self.day("2026-03-20"))
        }
        #expect(throws: DomainError.self) {
            try HoursRules.report(order: o, month: Self.day("2026-02-01"), weeks: [WeekHours(week: Self.day("2026-02-23"), delivered: 1)],
                                  cancelledByCitizen: 0, cancelledByProvider: 0, note: nil, today: Self.day("2026-03-20"))
        }
        let draft = try OrderRulesTests.draft()
        do {
            _ = try HoursRules.report(order: draft, month: Self.day("2026-03-01"), weeks: [], cancelledByCitizen: 0, cancelledByProvider: 0,
                                      note: nil, today: Self.day("2026-03-20"))
            Issue.record("hours of an order not started")
        } catch { #expect(error.kind == .conflict) }
    }
}
