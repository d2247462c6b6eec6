import Foundation

/// A figure's value as figures.md writes it: JSON numbers, strings, objects keyed by ids, codes or periods. Money is
/// integer øre (`int`); means, percentages and shares are `decimal`, already rounded by G6.
public indirect enum FigureValue: Sendable, Equatable, Encodable {
    case int(Int)
    case decimal(Decimal)
    case string(String)
    case bool(Bool)
    case null
    case array([FigureValue])
    case object([String: FigureValue])

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let n): try c.encode(n)
        case .decimal(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public static func optional(_ n: Int?) -> FigureValue { n.map(FigureValue.int) ?? .null }
    public static func optional(_ s: String?) -> FigureValue { s.map(FigureValue.string) ?? .null }
    public static func optional(_ d: Decimal?) -> FigureValue { d.map(FigureValue.decimal) ?? .null }

    /// An object of integers keyed by `key`.
    public static func amounts<K>(_ values: [K: Int], key: (K) -> String) -> FigureValue {
        .object(Dictionary(values.map { (key($0.key), FigureValue.int($0.value)) }) { a, _ in a })
    }

    /// The value at `path` of an object (for tests and pages): `value["a", "b"]`.
    public subscript(_ path: String...) -> FigureValue? {
        var v: FigureValue? = self
        for key in path {
            guard case .object(let o)? = v else { return nil }
            v = o[key]
        }
        return v
    }

    public var array: [FigureValue]? { if case .array(let a) = self { a } else { nil } }

    /// Every key and string value in the figure, nested ones too: where ids and codes are named.
    public var names: Set<String> {
        var out = Set<String>()
        func walk(_ v: FigureValue) {
            switch v {
            case .string(let s): out.insert(s)
            case .array(let a): a.forEach(walk)
            case .object(let o):
                for (k, x) in o {
                    out.insert(k)
                    walk(x)
                }
            default: break
            }
        }
        walk(self)
        return out
    }
}

/// G6: means, medians and percentages to 2 decimals, shares to 4, halves away from zero — computed exactly from
/// integers.
public enum FigureRounding {
    /// 100 × numerator / denominator to 2 decimals; nil with no denominator.
    public static func percent(_ numerator: Int, of denominator: Int) -> Decimal? {
        guard denominator != 0 else { return nil }
        return Decimal(halfAwayFromZero(numerator * 10_000, denominator)) / 100
    }

    /// numerator / denominator to 4 decimals; nil with no denominator.
    public static func share(_ numerator: Int, of denominator: Int) -> Decimal? {
        guard denominator != 0 else { return nil }
        return Decimal(halfAwayFromZero(numerator * 10_000, denominator)) / 10_000
    }

    /// The integer nearest n / d, halves away from zero.
    public static func halfAwayFromZero(_ n: Int, _ d: Int) -> Int {
        let negative = (n < 0) != (d < 0)
        let (a, b) = (abs(n), abs(d))
        let q = (2 * a + b) / (2 * b)
        return negative ? -q : q
    }
}

/// G10: the periods of a figure set — every month from the data window's first month to R's month, the quarters and
/// years they make (the current quarter holds only the months up to R's), and T2.4's projection months.
public struct FigurePeriods: Sendable, Equatable, Encodable {
    public var months: [YearMonth]
    public var quarters: [String]
    public var years: [String]
    public var projectionMonths: [YearMonth]

    public init(first: YearMonth, referenceDate r: CalendarDate) {
        months = YearMonth.through(Swift.min(first, YearMonth(r)), YearMonth(r))
        var quarters: [String] = [], years: [String] = []
        for m in months {
            if quarters.last != Self.quarter(m) { quarters.append(Self.quarter(m)) }
            if years.last != Self.year(m) { years.append(Self.year(m)) }
        }
        self.quarters = quarters
        self.years = years
        projectionMonths = ProjectionRules.projectionMonths(referenceDate: r)
    }

    public static func quarter(_ m: YearMonth) -> String { "\(CalendarDate.pad(m.year, 4))-Q\((m.month - 1) / 3 + 1)" }
    public static func year(_ m: YearMonth) -> String { CalendarDate.pad(m.year, 4) }

    /// A figure "by period" (G10): `{"month": {…}, "quarter": {…}, "year": {…}}`, every period listed, each the sum
    /// of its months' values (`zero` where none).
    public func byPeriod<V>(_ perMonth: [YearMonth: V], zero: V, add: (V, V) -> V, value: (V) -> FigureValue) -> FigureValue {
        var q: [String: V] = [:], y: [String: V] = [:]
        for m in months {
            let v = perMonth[m] ?? zero
            q[Self.quarter(m)] = add(q[Self.quarter(m)] ?? zero, v)
            y[Self.year(m)] = add(y[Self.year(m)] ?? zero, v)
        }
        return .object([
            "month": .object(Dictionary(uniqueKeysWithValues: months.map { ($0.description, value(perMonth[$0] ?? zero)) })),
            "quarter": .object(Dictionary(uniqueKeysWithValues: quarters.map { ($0, value(q[$0] ?? zero)) })),
            "year": .object(Dictionary(uniqueKeysWithValues: years.map { ($0, value(y[$0] ?? zero)) })),
        ])
    }
}

/// The whole set of figures at a reference date, in figures.md's JSON shape. `importedKeys` maps every OpenVUM id
/// the figures name (as key or value) that came from an imported case history to the key it had there.
public struct FigureSet: Sendable, Encodable {
    public var referenceDate: CalendarDate
    public var periods: FigurePeriods
    public var labels: [String: String]
    public var figureIds: [String]
    public var figures: [String: FigureValue]
    public var importedKeys: [String: String]

    public init(referenceDate: CalendarDate, periods: FigurePeriods, labels: [String: String] = [:], figures: [String: FigureValue], importedKeys: [String: String]) {
        self.referenceDate = referenceDate
        self.periods = periods
        self.labels = labels
        self.figureIds = figures.keys.sorted()
        self.figures = figures
        self.importedKeys = importedKeys
    }
}

/// `ids=t2.*,t1.open_cases.at_ref`: which figures a request asks for — exact ids, or a prefix ending in `*`.
public enum FigureSelection {
    /// The ids of `known` that `text` asks for (all of them when nil or empty), or the patterns that match none.
    public static func select(_ text: String?, from known: [String]) throws(DomainError) -> [String] {
        let patterns = (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !patterns.isEmpty else { return known }
        var chosen = Set<String>(), unknown: [String] = []
        for p in patterns {
            let matches = p.hasSuffix("*") ? known.filter { $0.hasPrefix(String(p.dropLast())) } : known.filter { $0 == p }
            if matches.isEmpty { unknown.append(p) }
            chosen.formUnion(matches)
        }
        guard unknown.isEmpty else {
            throw DomainError.validation([FieldError(field: "ids", message: "Ukendt nøgletal: \(unknown.joined(separator: ", ")). Kendte: \(known.joined(separator: ", ")).")])
        }
        return known.filter(chosen.contains)
    }
}
