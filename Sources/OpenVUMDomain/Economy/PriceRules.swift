import Foundation

/// The prices of a recommended intervention, one rule each (figures.md E1 and E2, with G3 months and G5
/// money). Computed exactly in decimal and rounded once to whole øre, halves up; never through binary
/// floating point.
public enum PriceRules {
    /// Units per period (ID 45, 65) and functional levels (27, 31) are decimals with at most two places.
    public static let quantityPlaces = 2

    /// G5: an exact amount of øre rounded to whole øre, halves up.
    public static func roundHalfUp(_ amount: Decimal) -> Int {
        // floor(amount + ½): halves go up (towards +∞) whatever the sign.
        var value = amount + Decimal(sign: .plus, exponent: -1, significand: 5), rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .down)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// ID 50, scope: units per period × repetitions.
    public static func scope(unitsPerPeriod: Decimal, repetitions: Int) -> Decimal {
        unitsPerPeriod * Decimal(repetitions)
    }

    /// ID 49, base price: G5-round(units per period × repetitions × unit price), in øre.
    public static func basePrice(unitsPerPeriod: Decimal, repetitions: Int, unitPrice: Int) -> Int {
        roundHalfUp(scope(unitsPerPeriod: unitsPerPeriod, repetitions: repetitions) * Decimal(unitPrice))
    }

    /// ID 51, expected price: the base price plus the intervention's priced supplements, in øre.
    public static func expectedPrice(basePrice: Int, supplements: [Int] = []) -> Int {
        basePrice + supplements.reduce(0, +)
    }

    /// ID 52, expected total: the sum of the expected prices of one recommendation (refused interventions
    /// included: it is what was recommended).
    public static func expectedTotal(_ expectedPrices: [Int]) -> Int {
        expectedPrices.reduce(0, +)
    }

    /// E2: the days that `repetitions` periods of `frequency` cover from `start` (per day: the repetitions;
    /// per week: 7 × the repetitions; per month: from the start to the start plus that many months, G3,
    /// exclusive; per year: as twelve months each). Nil for a one-off service, which has no span.
    public static func span(from start: CalendarDate, frequency: ServiceFrequency, repetitions: Int) -> Int? {
        switch frequency {
        case .perDay: repetitions
        case .perWeek: 7 * repetitions
        case .perMonth: start.days(until: start.adding(months: repetitions))
        case .perYear: start.days(until: start.adding(months: 12 * repetitions))
        case .once: nil
        }
    }

    /// E2: the expected end date (ID 40) that `repetitions` periods from `start` give: start + span − 1.
    public static func expectedEnd(from start: CalendarDate, frequency: ServiceFrequency, repetitions: Int) -> CalendarDate? {
        span(from: start, frequency: frequency, repetitions: repetitions).map { start.adding(days: $0 - 1) }
    }

    /// E2 backwards: the repetitions (ID 47) whose span from `start` ends exactly on `end`; nil when no whole
    /// number of periods does.
    public static func repetitions(from start: CalendarDate, to end: CalendarDate, frequency: ServiceFrequency) -> Int? {
        guard end >= start else { return nil }
        let days = start.days(until: end) + 1
        switch frequency {
        case .perDay: return days
        case .perWeek: return days % 7 == 0 ? days / 7 : nil
        case .perMonth, .perYear:
            // n periods end the day before start + n months: n is the month difference, or one more.
            let step = frequency == .perYear ? 12 : 1
            let months = (end.year - start.year) * 12 + end.month - start.month
            return [months / step, months / step + 1].first { $0 >= 1 && expectedEnd(from: start, frequency: frequency, repetitions: $0) == end }
        case .once: return nil
        }
    }
}
