import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("What may be removed from a case")
struct RemovalRulesTests {
    static func intervention(_ id: UUID, decided: DecisionOutcome?) -> Intervention {
        var x = Intervention()
        x.id = id
        x.services = [CodedService(code: FakeTerminology.housingSupport, paragraph: "SEL § 85")]
        if let decided {
            var d = InterventionDecision()
            d.outcome = decided
            x.decision = d
        }
        return x
    }

    @Test("an undecided intervention may go; a decided one (granted or refused) may not: it is ended instead")
    func interventions() {
        let open = UUID(), granted = UUID(), refused = UUID()
        var old = CaseDocument()
        old.interventions = [Self.intervention(open, decided: nil), Self.intervention(granted, decided: .granted), Self.intervention(refused, decided: .refused)]
        var new = old
        new.interventions.removeFirst()
        #expect(CaseRules.validate(new, old: old, context: context(.decision)).filter { $0.field == "/interventions" }.isEmpty)
        var dropped = old
        dropped.interventions = [old.interventions[0]]
        let errors = CaseRules.validate(dropped, old: old, context: context(.decision)).filter { $0.field == "/interventions" }
        #expect(errors.map(\.message) == [
            "Indsatsen \"\(FakeTerminology.housingSupport)\" er afgjort og kan ikke fjernes. Afslut den i stedet.",
            "Indsatsen \"\(FakeTerminology.housingSupport)\" er afgjort og kan ikke fjernes. Afslut den i stedet.",
        ])
    }

    @Test("a goal may go until a follow-up has decided on it")
    func goals() {
        var a = Goal(), b = Goal()
        a.id = UUID(); a.text = "Kan selv handle ind"
        b.id = UUID(); b.text = "Kommer i arbejde"
        var old = CaseDocument()
        old.goals = [a, b]
        var f = FollowUp()
        f.id = UUID()
        f.goalDecisions = [GoalDecision(goalId: a.id!, decision: .continue)]
        old.followUps = [f]
        var withoutB = old
        withoutB.goals = [a]
        #expect(CaseRules.validate(withoutB, old: old, context: context(.followUp)).filter { $0.field == "/goals" }.isEmpty)
        var withoutA = old
        withoutA.goals = [b]
        let errors = CaseRules.validate(withoutA, old: old, context: context(.followUp)).filter { $0.field == "/goals" }
        #expect(errors.map(\.message) == ["Målet \"Kan selv handle ind\" indgår i en opfølgning og kan ikke fjernes."])
    }
}
