import Foundation
@testable import OpenVUMDomain
import Testing

/// The citizen's own view (issue 16 item 6): a case's status in plain Danish that never misleads, the next follow-up,
/// and why somebody looked — worked out by hand.
@Suite("Citizen's own view: a status that never misleads, the next follow-up, the purpose of a lookup")
struct CitizenPortalTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static let today = day("2026-12-04")

    static func document(_ outcome: DecisionOutcome?, started: String? = nil, ended: String? = nil, followUp: String? = nil) -> CaseDocument {
        var d = CaseDocument()
        guard let outcome else { return d }
        var i = Intervention()
        i.id = UUID()
        var decision = InterventionDecision()
        decision.outcome = outcome
        decision.decidedOn = day("2026-11-01")
        decision.followUpDate = followUp.map(day)
        i.decision = decision
        if let started {
            var delivery = InterventionDelivery()
            delivery.startDate = day(started)
            i.delivery = delivery
        }
        if let ended { i.end = InterventionEnd(endedOn: day(ended), reason: .expired) }
        d.interventions = [i]
        return d
    }

    @Test("before the decision: the phase in plain words")
    func beforeDecision() {
        #expect(CitizenPortal.status(phase: .opening, document: CaseDocument(), today: Self.today).title == "Vi har modtaget din henvendelse")
        #expect(CitizenPortal.status(phase: .investigation, document: CaseDocument(), today: Self.today).title == "Vi er ved at undersøge din sag")
        #expect(CitizenPortal.status(phase: .decision, document: CaseDocument(), today: Self.today).title == "Vi træffer snart afgørelse i din sag")
    }

    @Test("seed 001's warning: a case closed at the decision (option A) whose help began yesterday is not shown as finished, but as help under way, with its start and the next follow-up")
    func closedAtDecisionButHelpRuns() {
        let s = CitizenPortal.status(phase: .closed, document: Self.document(.granted, started: "2026-12-03", followUp: "2027-03-01"), today: Self.today)
        #expect(s.title == "Du får hjælp")
        #expect(s.detail == "Hjælpen begyndte 03-12-2026. Næste opfølgning er planlagt til 01-03-2027.")
    }

    @Test("granted, not begun (no start, or a start ahead): decided, help not begun — whatever the phase")
    func grantedNotBegun() {
        for phase in [CasePhase.closed, .order, .delivery] {
            #expect(CitizenPortal.status(phase: phase, document: Self.document(.granted), today: Self.today).title == "Der er truffet afgørelse – hjælpen er ikke begyndt endnu")
        }
        #expect(CitizenPortal.status(phase: .delivery, document: Self.document(.granted, started: "2026-12-10"), today: Self.today).title
                == "Der er truffet afgørelse – hjælpen er ikke begyndt endnu")
    }

    @Test("refused: closed says so with the complaint hint; help ended: finished; ending today still runs")
    func refusedAndEnded() {
        let refused = CitizenPortal.status(phase: .closed, document: Self.document(.refused), today: Self.today)
        #expect(refused.title == "Sagen er afsluttet" && refused.detail.contains("afslag"))
        #expect(CitizenPortal.status(phase: .decision, document: Self.document(.refused), today: Self.today).title == "Vi træffer snart afgørelse i din sag")
        #expect(CitizenPortal.status(phase: .order, document: Self.document(.refused), today: Self.today).title == "Der er truffet afgørelse: du har fået afslag")
        #expect(CitizenPortal.status(phase: .followUp, document: Self.document(.granted, started: "2026-01-01", ended: "2026-12-01"), today: Self.today).title
                == "Din hjælp er afsluttet")
        #expect(CitizenPortal.status(phase: .closed, document: Self.document(.granted, started: "2026-01-01", ended: "2026-12-01"), today: Self.today).title
                == "Sagen er afsluttet")
        #expect(CitizenPortal.status(phase: .delivery, document: Self.document(.granted, started: "2026-01-01", ended: "2026-12-04"), today: Self.today).title
                == "Du får hjælp")
    }

    @Test("the next follow-up: the earliest from today on, of the follow-ups, the decisions and the goals; past dates are not next")
    func nextFollowUp() {
        var d = Self.document(.granted, started: "2026-01-01", followUp: "2026-06-01")
        var f = FollowUp()
        f.nextFollowUpDate = Self.day("2027-02-01")
        d.followUps = [f]
        var g = Goal()
        g.followUpDate = Self.day("2027-01-15")
        d.goals = [g]
        #expect(CitizenPortal.nextFollowUp(d, today: Self.today) == Self.day("2027-01-15"))
        #expect(CitizenPortal.nextFollowUp(CaseDocument(), today: Self.today) == nil)
    }

    @Test("the purpose of a lookup, from the audit row's action; anything else is a lookup")
    func purposes() {
        #expect(CitizenPortal.purpose(ofAction: "case.read") == "Behandling af din sag")
        #expect(CitizenPortal.purpose(ofAction: "case.document.read") == "Behandling af din sag")
        #expect(CitizenPortal.purpose(ofAction: "citizen.read") == "Opslag i dine personoplysninger")
        #expect(CitizenPortal.purpose(ofAction: "order.read") == "Bestilling og levering af din hjælp")
        #expect(CitizenPortal.purpose(ofAction: "economy.case") == "Økonomi og betaling for din hjælp")
        #expect(CitizenPortal.purpose(ofAction: "import.history") == "Overførsel af dine sager fra kommunens tidligere system")
        #expect(CitizenPortal.purpose(ofAction: "noget") == "Opslag i dine oplysninger")
    }

    @Test("the citizen's view on a goal: a colour is required, the sentence trimmed, blank is none, at most 500 characters; each colour is the status report's view")
    func goalView() throws {
        let id = UUID()
        let v = try CitizenGoalView.given(goalID: id, colour: "yellow", sentence: "  Det går lidt bedre  ", today: Self.today)
        #expect(v.colour == .yellow && v.sentence == "Det går lidt bedre" && v.givenOn == Self.today)
        #expect(try CitizenGoalView.given(goalID: id, colour: "green", sentence: "   ", today: Self.today).sentence == nil)
        #expect(throws: DomainError.self) { try CitizenGoalView.given(goalID: id, colour: nil, sentence: "x", today: Self.today) }
        #expect(throws: DomainError.self) { try CitizenGoalView.given(goalID: id, colour: "blue", sentence: nil, today: Self.today) }
        do {
            _ = try CitizenGoalView.given(goalID: id, colour: nil, sentence: String(repeating: "a", count: 501), today: Self.today)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fieldErrors.map(\.field)) == ["colour", "sentence"])
        }
        #expect(GoalColour.green.citizenView == .satisfied && GoalColour.yellow.citizenView == .partly && GoalColour.red.citizenView == .notSatisfied)
    }

    @Test("the provider's next status report opens with the citizen's view given since the last report; a view older than the last report does not replace it")
    func statusReportPrefill() throws {
        let order = try HoursRulesTests.started()
        let goal = OrderRulesTests.goalA, other = OrderRulesTests.goalB
        let last = StatusReport(id: UUID(), orderID: order.id, followUpDate: Self.day("2026-10-01"), reportedOn: Self.day("2026-09-20"),
                                goals: [GoalStatus(goalID: goal, level: 2, citizenView: .satisfied, citizenText: "Godt")], significantChanges: nil)
        let newer = CitizenGoalView(goalID: goal, colour: .red, sentence: "Det går ikke", givenOn: Self.day("2026-11-01"))
        let older = CitizenGoalView(goalID: other, colour: .green, sentence: "Fint", givenOn: Self.day("2026-09-01"))
        let filled = StatusReportRules.prefill(order: order, last: last, views: [newer, older])
        #expect(filled[0].citizenView == .notSatisfied && filled[0].citizenText == "Det går ikke" && filled[0].level == 2)
        #expect(filled[1].citizenView == nil && filled[1].citizenText == nil)
        #expect(StatusReportRules.prefill(order: order, last: nil, views: [older])[1].citizenView == .satisfied)
    }
}
