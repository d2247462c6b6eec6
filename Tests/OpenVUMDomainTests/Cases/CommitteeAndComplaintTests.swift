import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("Visitation committee and complaints")
struct CommitteeAndComplaintTests {
    static func hourly(_ hours: Decimal) -> Intervention {
        var x = Intervention()
        x.unit = .hour
        x.frequency = .perWeek
        x.unitsPerPeriod = hours
        x.recommendedOn = day("2026-02-01")
        return x
    }

    @Test("a recommendation goes to the committee above the local hours threshold, or for a residential offer")
    func committee() {
        var d = CaseDocument()
        d.interventions = [Self.hourly(8)]
        #expect(!CommitteeRules.needsCommittee(d, hoursPerWeekThreshold: 8))          // 8 is not above 8
        d.interventions = [Self.hourly(Decimal(string: "8.25")!)]
        #expect(CommitteeRules.needsCommittee(d, hoursPerWeekThreshold: 8))
        #expect(!CommitteeRules.needsCommittee(d, hoursPerWeekThreshold: 10))
        var residential = Self.hourly(1)
        residential.services = [CodedService(code: "x", paragraph: "SEL § 108")]
        d.interventions = [residential]
        #expect(CommitteeRules.needsCommittee(d, hoursPerWeekThreshold: 10))
        var night = Intervention()
        night.unit = .day
        night.frequency = .perDay
        night.recommendedOn = day("2026-02-01")
        d.interventions = [night]
        #expect(CommitteeRules.needsCommittee(d, hoursPerWeekThreshold: 10))
        // Only the current recommendation counts: an earlier residential one does not send a new one to the committee.
        var earlier = residential
        earlier.recommendedOn = day("2025-01-01")
        d.interventions = [earlier, Self.hourly(2)]
        #expect(!CommitteeRules.needsCommittee(d, hoursPerWeekThreshold: 8))
        // Derived on the case, with the municipality's threshold.
        d.interventions = [Self.hourly(9)]
        let derived = CaseRules.derive(d, old: nil, context: context(.assessment))
        #expect(derived.assessment.visitationCommittee == true)
    }

    @Test("a complaint's dates are in order and not in the future; Ankestyrelsen's outcome needs the complaint sent; it may come after closing")
    func complaints() {
        var x = Self.hourly(2)
        x.id = UUID()
        x.decision = InterventionDecision()
        x.decision?.outcome = .refused
        var d = CaseDocument()
        d.interventions = [x]
        var k = Complaint()
        k.receivedOn = day("2026-02-10")
        k.interventionId = x.id
        k.reconsideredOn = day("2026-02-05")
        k.outcome = .remitted
        d.complaints = [k]
        let ctx = context(.closed, today: "2026-03-01")
        let errors = CaseRules.validate(CaseRules.derive(d, old: nil, context: ctx), old: nil, context: ctx).map(\.field)
        #expect(errors == ["/complaints/0/reconsideredOn", "/complaints/0/outcome", "/complaints/0/outcomeOn"])
        k.reconsideredOn = day("2026-02-12")
        k.decisionKept = true
        k.sentToAppealsBoardOn = day("2026-02-13")
        k.outcomeOn = day("2026-03-02")
        d.complaints = [k]
        #expect(CaseRules.validate(d, old: nil, context: ctx).map(\.field) == ["/complaints/0/outcomeOn"])   // in the future
        k.outcomeOn = day("2026-02-28")
        d.complaints = [k]
        // On a closed case, adding the complaint is allowed; changing anything else is not.
        var before = d
        before.complaints = []
        let derivedBefore = CaseRules.derive(before, old: nil, context: ctx)
        let derived = CaseRules.derive(d, old: derivedBefore, context: ctx)
        #expect(CaseRules.validate(derived, old: derivedBefore, context: ctx).isEmpty)
        var other = derived
        other.assessment.civilSocietyInterventions = ["Besøgsven"]
        #expect(CaseRules.validate(other, old: derivedBefore, context: ctx).map(\.field) == ["/assessment"])
    }
}
