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
