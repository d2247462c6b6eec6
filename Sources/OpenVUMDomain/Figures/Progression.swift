import Foundation

/// The citizen's progression (seed 004, Figur 5.1; issue 15 item 4): the functional level on each *Aktivitet og
/// deltagelse* subtheme over time — the authority's assessments (ID 27) and levels at follow-up (ID 79), the provider's
/// levels in its status reports — against the expected level of the goals on that subtheme (ID 31). Lower is better:
/// 0 is no reduced function, 4 complete.
public struct Progression: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable, CaseIterable {
        /// The authority's assessment of function (sagsoplysning or later).
        case assessment
        /// The level the authority recorded for a goal at a follow-up.
        case followUp
        /// The provider's level in a status report.
        case provider

        public var danishName: String {
            switch self {
            case .assessment: "Myndighedens vurdering"
            case .followUp: "Opfølgning"
            case .provider: "Udførerens statusrapport"
            }
        }
    }

    public struct Point: Sendable, Equatable {
        public var on: CalendarDate
        public var level: Decimal
        public var source: Source
        public init(on: CalendarDate, level: Decimal, source: Source) {
            self.on = on
            self.level = level
            self.source = source
        }
    }

    /// One subtheme: its points in date order (the authority's before the provider's on the same day) and the
    /// expected levels of its goals.
    public struct Subtheme: Sendable, Equatable {
        public var code: String
        public var points: [Point]
        public var expected: [Decimal]
    }

    public var subthemes: [Subtheme]

    public var isEmpty: Bool { subthemes.isEmpty }

    /// Builds the progression of one case from what it holds: the levels assessed (with their day), the goals, the
    /// follow-ups' goal decisions and the providers' status reports. A subtheme is shown when it has a level or a goal.
    public static func of(levels: [(on: CalendarDate, subtheme: String, level: Decimal)], goals: [Goal], followUps: [FollowUp],
                          statusReports: [StatusReport]) -> Progression {
        var points: [String: [Point]] = [:]
        for l in levels { points[l.subtheme, default: []].append(Point(on: l.on, level: l.level, source: .assessment)) }
        let themeOf = Dictionary(goals.compactMap { g in g.id.flatMap { id in g.primaryTheme.map { (id, $0) } } }, uniquingKeysWith: { a, _ in a })
        for f in followUps {
            guard let on = f.followUpDate else { continue }
            for d in f.goalDecisions ?? [] {
                guard let level = d.achievedLevel, let theme = themeOf[d.goalId] else { continue }
                points[theme, default: []].append(Point(on: on, level: level, source: .followUp))
            }
        }
        for r in statusReports {
            for g in r.goals {
                guard let level = g.level, let theme = themeOf[g.goalID] else { continue }
                points[theme, default: []].append(Point(on: r.reportedOn, level: level, source: .provider))
            }
        }
        var expected: [String: [Decimal]] = [:]
        for g in goals { if let theme = g.primaryTheme, let e = g.expectedLevel { expected[theme, default: []].append(e) } }
        let codes = Set(points.keys).union(expected.keys).sorted()
        let order = Source.allCases
        return Progression(subthemes: codes.map { code in
            let sorted = (points[code] ?? []).enumerated().sorted {
                ($0.element.on, order.firstIndex(of: $0.element.source)!, $0.offset) < ($1.element.on, order.firstIndex(of: $1.element.source)!, $1.offset)
            }.map(\.element)
            return Subtheme(code: code, points: sorted, expected: expected[code] ?? [])
        })
    }
}

/// The same across a provider's citizens (issue 15 item 4), for the provider leader: per subtheme, the goals of the
/// provider's orders that it may see, the mean expected level, and the mean of the provider's first and latest levels.
public struct ProviderProgression: Sendable, Equatable {
    /// One goal of an order: its subtheme and expected level, and the provider's levels in date order.
    public struct Goal: Sendable, Equatable {
        public var subtheme: String
        public var expected: Decimal?
        public var levels: [Decimal]
        public init(subtheme: String, expected: Decimal?, levels: [Decimal]) {
            self.subtheme = subtheme
            self.expected = expected
            self.levels = levels
        }
    }

    public struct Row: Sendable, Equatable {
        public var subtheme: String
        public var goals: Int
        /// Goals with at least one level reported.
        public var reported: Int
        public var meanExpected: Decimal?
        public var meanFirst: Decimal?
        public var meanLatest: Decimal?
        /// Goals whose latest level is at or below (better than) the expected level.
        public var atOrBelowExpected: Int

        public init(subtheme: String, goals: Int, reported: Int, meanExpected: Decimal?, meanFirst: Decimal?, meanLatest: Decimal?, atOrBelowExpected: Int) {
            self.subtheme = subtheme
            self.goals = goals
            self.reported = reported
            self.meanExpected = meanExpected
            self.meanFirst = meanFirst
            self.meanLatest = meanLatest
            self.atOrBelowExpected = atOrBelowExpected
        }
    }

    public var rows: [Row]

    /// Means to 2 decimals, halves away from zero (figures.md G6).
    public static func summary(_ goals: [Goal]) -> ProviderProgression {
        func mean(_ ds: [Decimal]) -> Decimal? {
            guard !ds.isEmpty else { return nil }
            let hundredths = ds.map { NSDecimalNumber(decimal: $0 * 100).intValue }.reduce(0, +)
            return Decimal(FigureRounding.halfAwayFromZero(hundredths, ds.count)) / 100
        }
        let bySubtheme = Dictionary(grouping: goals, by: \.subtheme)
        return ProviderProgression(rows: bySubtheme.keys.sorted().map { s in
            let gs = bySubtheme[s]!
            let reported = gs.filter { !$0.levels.isEmpty }
            return Row(subtheme: s, goals: gs.count, reported: reported.count, meanExpected: mean(gs.compactMap(\.expected)),
                       meanFirst: mean(reported.map { $0.levels.first! }), meanLatest: mean(reported.map { $0.levels.last! }),
                       atOrBelowExpected: reported.filter { g in g.expected.map { g.levels.last! <= $0 } ?? false }.count)
        })
    }
}
