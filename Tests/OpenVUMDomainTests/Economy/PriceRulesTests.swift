import Foundation
@testable import OpenVUMDomain
import Testing

/// figures.md E1, E2, G3, G5 — every expected value worked out by hand in the comment beside it.
@Suite("Price rules")
struct PriceRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    @Test("E1: scope, base price and expected price are one rule, exact and rounded once, halves up")
    func prices() {
        // 3 hours × 13 weeks at 450.00 kr: 39 hours, 17,550.00 kr.
        #expect(PriceRules.scope(unitsPerPeriod: 3, repetitions: 13) == 39)
        #expect(PriceRules.basePrice(unitsPerPeriod: 3, repetitions: 13, unitPrice: 45_000) == 1_755_000)
        // 10.25 hours × 3 at 0.99 kr (99 øre): 30.75 × 99 = 3,044.25 øre → 3,044.
        #expect(PriceRules.basePrice(unitsPerPeriod: 10.25, repetitions: 3, unitPrice: 99) == 3_044)
        // 0.5 × 1 × 1 øre = 0.5 øre: a half rounds up.
        #expect(PriceRules.basePrice(unitsPerPeriod: 0.5, repetitions: 1, unitPrice: 1) == 1)
        // 1.15 × 1 × 10 øre = 11.5 øre → 12 (in binary floating point 1.15 × 10 is 11.499999999999998 → 11).
        #expect(PriceRules.basePrice(unitsPerPeriod: 1.15, repetitions: 1, unitPrice: 10) == 12)
        // 0.35 × 3 × 5 øre = 5.25 øre → 5.
        #expect(PriceRules.basePrice(unitsPerPeriod: 0.35, repetitions: 3, unitPrice: 5) == 5)
        // G5 on its own: halves go up (towards +∞), also below zero; everything else to the nearest øre.
        #expect(PriceRules.roundHalfUp(Decimal(string: "2.5")!) == 3)
        #expect(PriceRules.roundHalfUp(Decimal(string: "2.49")!) == 2)
        #expect(PriceRules.roundHalfUp(Decimal(string: "-2.5")!) == -2)
        #expect(PriceRules.roundHalfUp(Decimal(string: "-2.6")!) == -3)
        #expect(PriceRules.roundHalfUp(Decimal(string: "-2.3")!) == -2)
        // Expected price is the base price plus supplements (a start-up tariff of 1,000.00 kr).
        #expect(PriceRules.expectedPrice(basePrice: 1_755_000) == 1_755_000)
        #expect(PriceRules.expectedPrice(basePrice: 1_755_000, supplements: [100_000]) == 1_855_000)
        #expect(PriceRules.expectedTotal([1_755_000, 600_000]) == 2_355_000)
    }

    @Test("E2: the span of per-day, per-week and per-month repetitions, months clamped (G3), and back")
    func span() {
        // 13 weeks from 1 April 2026: 91 days, so the expected end is 30 June.
        #expect(PriceRules.span(from: Self.day("2026-04-01"), frequency: .perWeek, repetitions: 13) == 91)
        #expect(PriceRules.expectedEnd(from: Self.day("2026-04-01"), frequency: .perWeek, repetitions: 13) == Self.day("2026-06-30"))
        // 10 days from 30 December: 30 Dec … 8 Jan.
        #expect(PriceRules.expectedEnd(from: Self.day("2026-12-30"), frequency: .perDay, repetitions: 10) == Self.day("2027-01-08"))
        // 1 month from 31 January 2026: to 28 February (clamped), exclusive: 28 days, ends 27 February.
        #expect(PriceRules.span(from: Self.day("2026-01-31"), frequency: .perMonth, repetitions: 1) == 28)
        #expect(PriceRules.expectedEnd(from: Self.day("2026-01-31"), frequency: .perMonth, repetitions: 1) == Self.day("2026-02-27"))
        // 12 months from 15 March 2026: to 15 March 2027, 365 days, ends 14 March 2027.
        #expect(PriceRules.span(from: Self.day("2026-03-15"), frequency: .perMonth, repetitions: 12) == 365)
        // 12 months from 1 March 2027 cross 29 February 2028: 366 days.
        #expect(PriceRules.span(from: Self.day("2027-03-01"), frequency: .perMonth, repetitions: 12) == 366)
        #expect(PriceRules.span(from: Self.day("2026-03-15"), frequency: .once, repetitions: 1) == nil)
        // Backwards: the repetitions that end exactly on the end date, or none.
        #expect(PriceRules.repetitions(from: Self.day("2026-04-01"), to: Self.day("2026-06-30"), frequency: .perWeek) == 13)
        #expect(PriceRules.repetitions(from: Self.day("2026-04-01"), to: Self.day("2026-06-29"), frequency: .perWeek) == nil)
        #expect(PriceRules.repetitions(from: Self.day("2026-03-15"), to: Self.day("2027-03-14"), frequency: .perMonth) == 12)
        #expect(PriceRules.repetitions(from: Self.day("2026-01-31"), to: Self.day("2026-02-27"), frequency: .perMonth) == 1)
        #expect(PriceRules.repetitions(from: Self.day("2026-01-31"), to: Self.day("2026-03-01"), frequency: .perMonth) == nil)
        // 1 March to 31 March is one month; two years from 1 March 2026 end on 28 February 2028.
        #expect(PriceRules.repetitions(from: Self.day("2026-03-01"), to: Self.day("2026-03-31"), frequency: .perMonth) == 1)
        #expect(PriceRules.repetitions(from: Self.day("2026-03-01"), to: Self.day("2028-02-29"), frequency: .perYear) == 2)
        #expect(PriceRules.repetitions(from: Self.day("2026-03-01"), to: Self.day("2028-02-28"), frequency: .perYear) == nil)
    }

    static func intervention(start: String, end: String?, reps: Int?, units: Double = 1.5, price: Int = 90_000) -> Intervention {
        var x = Intervention()
        x.services = [CodedService(code: FakeTerminology.housingSupport)]
        x.expectedStartDate = Self.day(start)
        x.expectedEndDate = end.map(Self.day)
        x.unit = .hour
        x.unitsPerPeriod = units
        x.frequency = .perWeek
        x.periodRepetitions = reps
        x.unitPrice = price
        return x
    }

    @Test("a case: base and expected price agree; end date and repetitions are derived from each other; a disagreeing pair is refused naming both")
    func onTheCase() {
        // One year of 1.5 hours a week at 900.00 kr: 52 × 1.5 × 900 = 70,200.00 kr, by ID 49 and by ID 51 alike.
        var doc = CaseDocument()
        doc.interventions = [Self.intervention(start: "2026-04-01", end: nil, reps: 52)]
        var derived = CaseRules.derive(doc, old: nil, context: context(.assessment))
        let x = derived.interventions[0]
        #expect(x.basePrice == 7_020_000 && x.expectedPrice == 7_020_000)
        #expect(x.scope?.units == 78)
        // 52 weeks from 1 April 2026 end on 30 March 2027 (364 days).
        #expect(x.expectedEndDate == Self.day("2027-03-30"))
        #expect(derived.assessment.expectedTotalPrice == 7_020_000)
        #expect(CaseRules.validate(derived, old: nil, context: context(.assessment)).isEmpty)

        // The end date alone gives the repetitions: 1 April to 30 June is 13 weeks.
        doc.interventions = [Self.intervention(start: "2026-04-01", end: "2026-06-30", reps: nil)]
        derived = CaseRules.derive(doc, old: nil, context: context(.assessment))
        #expect(derived.interventions[0].periodRepetitions == 13)
        #expect(derived.interventions[0].basePrice == 13 * 135_000)

        // A pair that disagrees is refused, with both values and what the repetitions give.
        doc.interventions = [Self.intervention(start: "2026-04-01", end: "2026-06-29", reps: 13)]
        derived = CaseRules.derive(doc, old: nil, context: context(.assessment))
        let errors = CaseRules.validate(derived, old: nil, context: context(.assessment))
        #expect(errors == [FieldError(field: "/interventions/0/expectedEndDate",
                                      message: "Forventet slutdato 29-06-2026 passer ikke med 13 gentagelser pr. uge fra 01-04-2026, som slutter 30-06-2026. Ret slutdatoen eller antallet af gentagelser.")])

        // Without an end date the repetitions cover the first year and the scope is annual.
        var open = Self.intervention(start: "2026-04-01", end: nil, reps: 52)
        open.noEndDate = true
        doc.interventions = [open]
        derived = CaseRules.derive(doc, old: nil, context: context(.assessment))
        #expect(derived.interventions[0].expectedEndDate == nil)
        #expect(derived.interventions[0].scope?.perYear == true && derived.interventions[0].expectedPrice == 7_020_000)
    }
}
