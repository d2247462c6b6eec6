import Foundation
import OpenVUMDomain
import Testing

@Suite("The citizen's progression")
struct ProgressionTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    @Test("levels per subtheme from assessments, follow-ups and status reports, in date order, against the goals' expected levels")
    func build() {
        let goal = UUID(), other = UUID(), order = UUID()
        var g = Goal()
        g.id = goal
        g.primaryTheme = "S1"
        g.expectedLevel = 1
        var h = Goal()
        h.id = other
        h.primaryTheme = "S3"
        h.expectedLevel = Decimal(string: "2.5")!
        var f = FollowUp()
        f.followUpDate = Self.day("2026-05-25")
        f.goalDecisions = [GoalDecision(goalId: goal, decision: .continue, achievedLevel: Decimal(string: "1.5")!)]
        var unheld = FollowUp()
        unheld.goalDecisions = [GoalDecision(goalId: goal, decision: .continue, achievedLevel: 0)]   // no day: not a point
        let report = StatusReport(id: UUID(), orderID: order, followUpDate: Self.day("2026-05-25"), reportedOn: Self.day("2026-05-25"),
                                  goals: [GoalStatus(goalID: goal, level: 2), GoalStatus(goalID: UUID(), level: 4)], significantChanges: nil)
        let p = Progression.of(levels: [(Self.day("2026-05-25"), "S1", 1), (Self.day("2026-01-20"), "S1", 3), (Self.day("2026-01-20"), "S2", 2)],
                               goals: [g, h], followUps: [f, unheld], statusReports: [report])
        #expect(p.subthemes.map(\.code) == ["S1", "S2", "S3"])
        // S1: the assessment of January; on 25 May the assessment, the follow-up and the provider's report, in that order.
        #expect(p.subthemes[0].points == [
            .init(on: Self.day("2026-01-20"), level: 3, source: .assessment), .init(on: Self.day("2026-05-25"), level: 1, source: .assessment),
            .init(on: Self.day("2026-05-25"), level: Decimal(string: "1.5")!, source: .followUp), .init(on: Self.day("2026-05-25"), level: 2, source: .provider),
        ])
        #expect(p.subthemes[0].expected == [1] && p.subthemes[1].expected.isEmpty)
        // S3 has a goal and no level yet; a report's level for a goal of another case counts for nothing.
        #expect(p.subthemes[2].points.isEmpty && p.subthemes[2].expected == [Decimal(string: "2.5")!])
        #expect(Progression.of(levels: [], goals: [], followUps: [], statusReports: []).isEmpty)
    }
}

@Suite("A provider's citizens' progression")
struct ProviderProgressionTests {
    @Test("per subtheme: goals, those reported on, mean expected, first and latest level (G6), those at or below the expected level")
    func summary() {
        let d = { (s: String) in Decimal(string: s)! }
        let p = ProviderProgression.summary([
            .init(subtheme: "S1", expected: d("1.0"), levels: [d("3.0"), d("2.0"), d("1.0")]),   // first 3, latest 1 ≤ 1
            .init(subtheme: "S1", expected: d("2.0"), levels: [d("2.5")]),                       // first = latest 2.5 > 2
            .init(subtheme: "S1", expected: d("1.5"), levels: []),                               // not reported
            .init(subtheme: "S2", expected: nil, levels: [d("1.3"), d("1.2")]),
        ])
        #expect(p.rows.map(\.subtheme) == ["S1", "S2"])
        // S1: expected (1.0 + 2.0 + 1.5)/3 = 1.5; first (3.0 + 2.5)/2 = 2.75; latest (1.0 + 2.5)/2 = 1.75.
        #expect(p.rows[0] == .init(subtheme: "S1", goals: 3, reported: 2, meanExpected: d("1.5"), meanFirst: d("2.75"), meanLatest: d("1.75"), atOrBelowExpected: 1))
        // S2: no expected level; 1.3 then 1.2.
        #expect(p.rows[1] == .init(subtheme: "S2", goals: 1, reported: 1, meanExpected: nil, meanFirst: d("1.3"), meanLatest: d("1.2"), atOrBelowExpected: 0))
    }
}
