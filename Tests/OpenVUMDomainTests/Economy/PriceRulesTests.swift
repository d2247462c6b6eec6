import Foundation
@testable import OpenVUMDomain
import Testing

/// figures.md E1, E2, G3, G5 — every expected value worked out by hand in the comment beside it.
@Suite("Price rules")
struct PriceRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    /// A decimal from its text (a float literal would pass through binary floating point first).
    static func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test("E1: scope, base price and expected price are one rule, exact and rounded once, halves up")
    func prices() {
        // 3 hours × 13 weeks at 450.00 kr: 39 hours, 17,550.00 kr.
        #expect(PriceRules.scope(unitsPerPeriod: 3, repetitions: 13) == 39)
        #expect(PriceRules.basePrice(unitsPerPeriod: 3, repetitions: 13, unitPrice: 45_000) == 1_755_000)
        // 10.25 hours × 3 at 0.99 kr (99 øre): 30.75 × 99 = 3,044.25 øre → 3,044.
        #expect(PriceRules.basePrice(unitsPerPeriod: Self.dec("10.25"), repetitions: 3, unitPrice: 99) == 3_044)
        // 0.5 × 1 × 1 øre = 0.5 øre: a half rounds up.
        #expect(PriceRules.basePrice(unitsPerPeriod: Self.dec("0.5"), repetitions: 1, unitPrice: 1) == 1)
        // 1.15 × 1 × 10 øre = 11.5 øre → 12 (in binary floating point 1.15 × 10 is 11.499999999999998 → 11).
        #expect(PriceRules.basePrice(unitsPerPeriod: Self.dec("1.15"), repetitions: 1, unitPrice: 10) == 12)
        // 0.35 × 3 × 5 øre = 5.25 øre → 5.
        #expect(PriceRules.basePrice(unitsPerPeriod: Self.dec("0.35"), repetitions: 3, unitPrice: 5) == 5)
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

    static func intervention(start: String, end: String?, reps: Int?, units: Decimal = 1.5, price: Int = 90_000) -> Intervention {
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

    @Test("ID 51 adds the supplements to the base price; ID 52 sums every recommended intervention, refused ones too")
    func supplementsAndTotal() {
        // 52 × 1.5 h × 900.00 kr = 70,200.00 kr; with a start-up tariff of 1,350.00 kr the expected price is 71,550.00 kr.
        var doc = CaseDocument()
        var first = Self.intervention(start: "2026-04-01", end: nil, reps: 52)
        first.supplements = [PriceSupplement(text: "Særtakst i opstartsperioden", amount: 135_000)]
        // 13 × 2 h × 450.00 kr = 11,700.00 kr, refused at the decision: still part of what was recommended.
        var second = Self.intervention(start: "2026-04-01", end: nil, reps: 13, units: 2, price: 45_000)
        second.decision = InterventionDecision()
        second.decision?.outcome = .refused
        doc.interventions = [first, second]
        let derived = CaseRules.derive(doc, old: nil, context: context(.assessment))
        #expect(derived.interventions[0].basePrice == 7_020_000)
        #expect(derived.interventions[0].expectedPrice == 7_155_000)
        #expect(derived.interventions[1].expectedPrice == 1_170_000)
        #expect(derived.assessment.expectedTotalPrice == 7_155_000 + 1_170_000)
    }

    @Test("ID 38: an alternative's price against the expected price; at most ten, each described, priced from 0 to 100 mio. kr.")
    func alternatives() {
        // 52 × 1.5 h × 900.00 kr = 70,200.00 kr expected; a residential alternative at 450,000.00 kr costs 379,800.00 kr more.
        #expect(AlternativeIntervention(description: "Botilbud efter § 108", expectedPrice: 45_000_000).difference(from: 7_020_000) == 37_980_000)
        #expect(AlternativeIntervention(description: "Hjemmehjælp", expectedPrice: 5_000_000).difference(from: 7_020_000) == -2_020_000)
        #expect(AlternativeIntervention(description: "Besøgsven", expectedPrice: nil).difference(from: 7_020_000) == nil)
        #expect(AlternativeIntervention(description: "Bostøtte", expectedPrice: 1).difference(from: nil) == nil)
        var doc = CaseDocument()
        var x = Self.intervention(start: "2026-04-01", end: nil, reps: 52)
        x.alternatives = [AlternativeIntervention(description: " ", expectedPrice: 1), AlternativeIntervention(description: "Botilbud", expectedPrice: -1),
                          AlternativeIntervention(description: "Bostøtte", expectedPrice: 100_000_000_00)]
        doc.interventions = [x]
        var errors = CaseRules.validate(CaseRules.derive(doc, old: nil, context: context(.assessment)), old: nil, context: context(.assessment))
        #expect(Set(errors.map(\.field).filter { $0.contains("alternatives") }) == ["/interventions/0/alternatives/0/description", "/interventions/0/alternatives/1/expectedPrice"])
        doc.interventions[0].alternatives = Array(repeating: AlternativeIntervention(description: "Bostøtte", expectedPrice: nil), count: 11)
        errors = CaseRules.validate(CaseRules.derive(doc, old: nil, context: context(.assessment)), old: nil, context: context(.assessment))
        #expect(errors.contains { $0.field == "/interventions/0/alternatives" && $0.message == "Angiv højst 10 alternative indsatser." })
    }

    @Test("units per period and levels have at most two decimals; a third is refused naming the field")
    func twoPlaces() {
        #expect(Self.dec("10.25").hasAtMost(places: 2))
        #expect(Self.dec("10").hasAtMost(places: 2))
        #expect(!Self.dec("10.255").hasAtMost(places: 2))
        var doc = CaseDocument()
        doc.interventions = [Self.intervention(start: "2026-04-01", end: nil, reps: 13, units: Self.dec("10.255"))]
        let derived = CaseRules.derive(doc, old: nil, context: context(.assessment))
        let errors = CaseRules.validate(derived, old: nil, context: context(.assessment))
        #expect(errors.map(\.field) == ["/interventions/0/unitsPerPeriod"])
        #expect(errors.first?.message.contains("højst to decimaler") == true)
        // A level of 2.125 is refused; 2.25 is allowed.
        var g = Goal()
        g.expectedLevel = Self.dec("2.125")
        doc = CaseDocument()
        doc.goals = [g]
        #expect(CaseRules.validate(doc, old: nil, context: context(.assessment)).map(\.field).contains("/goals/0/expectedLevel"))
        doc.goals[0].expectedLevel = Self.dec("2.25")
        #expect(!CaseRules.validate(doc, old: nil, context: context(.assessment)).map(\.field).contains("/goals/0/expectedLevel"))
    }

    @Test("amounts typed in Danish kroner become exact øre; øre print as Danish kroner")
    func kroner() {
        #expect(Kroner.øre(typed: "35.100,00") == 3_510_000)
        #expect(Kroner.øre(typed: "35100,5") == 3_510_050)
        #expect(Kroner.øre(typed: "450") == 45_000)
        #expect(Kroner.øre(typed: "450.50") == 45_050)
        #expect(Kroner.øre(typed: "35.100") == 3_510_000)
        #expect(Kroner.øre(typed: "1.234.567") == 123_456_700)
        #expect(Kroner.øre(typed: "1 234,56") == 123_456)
        // 0.29 kr is 29 øre exactly (in binary floating point 0.29 × 100 is 28.999999999999996).
        #expect(Kroner.øre(typed: "0,29") == 29)
        #expect(Kroner.øre(typed: "12,345") == nil)
        #expect(Kroner.øre(typed: "3.51.00,00") == nil)
        #expect(Kroner.øre(typed: "abc") == nil)
        #expect(Kroner.øre(typed: "1e5") == nil)
        #expect(Kroner.danish(3_510_000) == "35.100,00")
        #expect(Kroner.danish(7) == "0,07")
        #expect(Kroner.danish(123_456_789) == "1.234.567,89")
        #expect(Kroner.danish(-45_050) == "−450,50")
        #expect(Decimal(typed: "10,25") == Self.dec("10.25"))
        #expect(Decimal(typed: "2.5") == Self.dec("2.5"))
        #expect(Decimal(typed: "1,2,3") == nil)
        #expect(Decimal(typed: "NaN") == nil)
    }
}
