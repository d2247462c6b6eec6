import Foundation
import OpenVUMDomain
import Testing

@Suite("The provider's status report before a follow-up, and request to change the support")
struct ProviderReportsTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static func dec(_ s: String) -> Decimal { Decimal(string: s)! }

    // MARK: Status reports

    @Test("the report is for the case's outstanding follow-up: the decision's date, then the last follow-up's next date")
    func plannedFollowUp() {
        var doc = OrderRulesTests.document()
        doc.interventions[0].decision?.decidedOn = Self.day("2026-02-16")
        #expect(StatusReportRules.plannedFollowUp(doc) == Self.day("2026-06-01"))
        var f = FollowUp()
        f.id = UUID()
        f.followUpDate = Self.day("2026-06-03")
        f.followUpType = .planned
        f.nextFollowUpDate = Self.day("2026-12-01")
        doc.followUps = [f]
        #expect(StatusReportRules.plannedFollowUp(doc) == Self.day("2026-12-01"))
        f.nextFollowUpDate = nil
        doc.followUps = [f]
        #expect(StatusReportRules.plannedFollowUp(doc) == nil)
    }

    @Test("reminded 14 days before, due until the follow-up's day, late from it; a report on the day itself is late")
    func due() throws {
        let o = try HoursRulesTests.started()
        let f = Self.day("2026-06-01")
        // By hand: 1 June − 14 days = 18 May.
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [], leadDays: 14, today: Self.day("2026-05-17")) == .notYet(followUp: f, remindOn: Self.day("2026-05-18")))
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [], leadDays: 14, today: Self.day("2026-05-18")) == .due(followUp: f))
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [], leadDays: 14, today: Self.day("2026-05-31")) == .due(followUp: f))
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [], leadDays: 14, today: f) == .late(followUp: f))
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [], leadDays: 7, today: Self.day("2026-05-20")) == .notYet(followUp: f, remindOn: Self.day("2026-05-25")))
        let onTime = StatusReport(id: UUID(), orderID: o.id, followUpDate: f, reportedOn: Self.day("2026-05-31"), goals: [], significantChanges: nil)
        let late = StatusReport(id: UUID(), orderID: o.id, followUpDate: f, reportedOn: f, goals: [], significantChanges: nil)
        #expect(!onTime.isLate && late.isLate)
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [onTime], leadDays: 14, today: Self.day("2026-06-10")) == .received(onTime))
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [late], leadDays: 14, today: Self.day("2026-06-10"))?.wantsAttention == true)
        // A report for an earlier follow-up does not count for this one; an order not started asks for none.
        let earlier = StatusReport(id: UUID(), orderID: o.id, followUpDate: Self.day("2026-03-01"), reportedOn: Self.day("2026-02-20"), goals: [], significantChanges: nil)
        #expect(StatusReportRules.due(order: o, followUp: f, reports: [earlier], leadDays: 14, today: Self.day("2026-05-20")) == .due(followUp: f))
        #expect(StatusReportRules.due(order: try OrderRulesTests.draft(), followUp: f, reports: [], leadDays: 14, today: Self.day("2026-05-20")) == nil)
        #expect(StatusReportRules.due(order: o, followUp: nil, reports: [], leadDays: 14, today: Self.day("2026-05-20")) == nil)
    }

    @Test("a status per goal of the order, in the order's goal order, texts trimmed; pre-filled from the last report")
    func report() throws {
        let o = try HoursRulesTests.started()
        let b = GoalStatus(goalID: OrderRulesTests.goalB, level: Self.dec("1.5"), citizenView: .partly, citizenText: "  ", helpGiven: " Støtte til indkøb ", nextStep: .adjust)
        let a = GoalStatus(goalID: OrderRulesTests.goalA, level: 2, citizenView: .satisfied, nextStep: .continue)
        let r = try StatusReportRules.report(id: UUID(), order: o, followUp: Self.day("2026-06-01"), goals: [b, a], significantChanges: "\n",
                                             today: Self.day("2026-05-20"))
        #expect(r.goals.map(\.goalID) == [OrderRulesTests.goalA, OrderRulesTests.goalB])
        #expect(r.goals[1].citizenText == nil && r.goals[1].helpGiven == "Støtte til indkøb" && r.significantChanges == nil)
        #expect(r.reportedOn == Self.day("2026-05-20") && r.followUpDate == Self.day("2026-06-01") && !r.isLate)
        let prefill = StatusReportRules.prefill(order: o, last: r)
        #expect(prefill.map(\.level) == [2, Self.dec("1.5")] && prefill[1].nextStep == .adjust)
        #expect(StatusReportRules.prefill(order: o, last: nil) == [GoalStatus(goalID: OrderRulesTests.goalA), GoalStatus(goalID: OrderRulesTests.goalB)])
    }

    @Test("a goal not in the order, a goal twice, a missing goal, a level above 4 or with three decimals, no view or next step: each refused at its field")
    func refusals() throws {
        let o = try HoursRulesTests.started()
        let stranger = GoalStatus(goalID: UUID(), level: 1, citizenView: .satisfied, nextStep: .continue)
        let a = GoalStatus(goalID: OrderRulesTests.goalA, level: Self.dec("4.5"), citizenView: nil, nextStep: nil)
        let a2 = GoalStatus(goalID: OrderRulesTests.goalA, level: Self.dec("1.125"), citizenView: .partly, nextStep: .end)
        do {
            _ = try StatusReportRules.report(id: UUID(), order: o, followUp: Self.day("2026-06-01"), goals: [stranger, a, a2], significantChanges: nil,
                                             today: Self.day("2026-05-20"))
            Issue.record("a bad report was accepted")
        } catch {
            #expect(error.kind == .validation)
            #expect(error.fieldErrors.map(\.field) == ["goals.0.goalId", "goals.1.level", "goals.1.citizenView", "goals.1.nextStep",
                                                       "goals.2.goalId", "goals.2.level", "goals", ])
        }
        // No planned follow-up, or an order not started: a conflict, nothing to report to.
        for (order, followUp) in [(o, nil as CalendarDate?), (try OrderRulesTests.draft(), Self.day("2026-06-01"))] {
            do {
                _ = try StatusReportRules.report(id: UUID(), order: order, followUp: followUp, goals: [], significantChanges: "x", today: Self.day("2026-05-20"))
                Issue.record("a report without a follow-up or before the start")
            } catch { #expect(error.kind == .conflict) }
        }
    }

    // MARK: Change requests

    static func hours(_ o: Order, _ month: String) -> HoursReport {
        HoursReport(orderID: o.id, month: day(month), allocatedPerWeek: dec("10.25"), weeks: [WeekHours(week: day(month), delivered: 14)], recordedOn: day("2026-04-02"))
    }

    @Test("more support with hours above the allocation and a reported month as evidence; the week plan in weekday order, summed by hand")
    func request() throws {
        let o = try HoursRulesTests.started()
        let plan = [WeekPlanDay(weekday: .wednesday, hours: Self.dec("2.5"), activity: "Indkøb"), WeekPlanDay(weekday: .monday, hours: 3)]
        let r = try ChangeRules.request(id: UUID(), order: o, kind: .more, proposedPerWeek: 14, reason: " Flere aftaler end ventet ", weekPlan: plan,
                                        evidenceMonths: [Self.day("2026-03-01"), Self.day("2026-03-01")], reported: [Self.hours(o, "2026-03-01")], open: [],
                                        today: Self.day("2026-04-03"))
        #expect(r.reason == "Flere aftaler end ventet" && r.allocatedPerWeek == Self.dec("10.25") && r.proposedPerWeek == 14 && r.isOpen)
        #expect(r.weekPlan.map(\.weekday) == [.monday, .wednesday] && r.weekPlanHours == Self.dec("5.5"))   // 3 + 2.5
        #expect(r.evidenceMonths == [Self.day("2026-03-01")] && r.requestedOn == Self.day("2026-04-03"))
        // Other support carries no hours; a week plan alone is evidence enough.
        let other = try ChangeRules.request(id: UUID(), order: o, kind: .other, proposedPerWeek: 3, reason: "Anden støtte", weekPlan: plan, evidenceMonths: [],
                                            reported: [], open: [], today: Self.day("2026-04-03"))
        #expect(other.proposedPerWeek == nil)
        // Answered: granted without text, refused only with a reason; never twice.
        let granted = try ChangeRules.answer(r, kind: .granted, text: " ", today: Self.day("2026-04-10"))
        #expect(granted.answer == ChangeAnswer(kind: .granted, text: nil, answeredOn: Self.day("2026-04-10")) && !granted.isOpen)
        #expect(throws: DomainError.self) { try ChangeRules.answer(r, kind: .refused, text: nil, today: Self.day("2026-04-10")) }
        do { _ = try ChangeRules.answer(granted, kind: .refused, text: "Nej", today: Self.day("2026-04-11")); Issue.record("answered twice") }
        catch { #expect(error.kind == .conflict) }
    }

    @Test("no reason, more support below the allocation, a month not reported, a weekday twice, a day over 24 hours, no evidence: refused at their fields")
    func requestRefusals() throws {
        let o = try HoursRulesTests.started()
        do {
            _ = try ChangeRules.request(id: UUID(), order: o, kind: .more, proposedPerWeek: 10, reason: "  ",
                                        weekPlan: [WeekPlanDay(weekday: .monday, hours: 25), WeekPlanDay(weekday: .monday, hours: 1)],
                                        evidenceMonths: [Self.day("2026-02-01")], reported: [Self.hours(o, "2026-03-01")], open: [], today: Self.day("2026-04-03"))
            Issue.record("a bad request was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["reason", "proposedPerWeek", "weekPlan", "weekPlan.0.hours", "evidenceMonths.0"])
        }
        do {
            _ = try ChangeRules.request(id: UUID(), order: o, kind: .less, proposedPerWeek: nil, reason: "Færre besøg", weekPlan: [], evidenceMonths: [],
                                        reported: [], open: [], today: Self.day("2026-04-03"))
            Issue.record("no evidence")
        } catch { #expect(error.fieldErrors.map(\.field) == ["proposedPerWeek", "evidence"]) }
        // One open request at a time; none on a draft.
        let open = try ChangeRules.request(id: UUID(), order: o, kind: .end, proposedPerWeek: nil, reason: "Flytter", weekPlan: [WeekPlanDay(weekday: .friday, hours: 0)],
                                           evidenceMonths: [], reported: [], open: [], today: Self.day("2026-04-03"))
        for (order, existing) in [(o, [open]), (try OrderRulesTests.draft(), [])] {
            do {
                _ = try ChangeRules.request(id: UUID(), order: order, kind: .end, proposedPerWeek: nil, reason: "x", weekPlan: [WeekPlanDay(weekday: .friday, hours: 0)],
                                            evidenceMonths: [], reported: [], open: existing, today: Self.day("2026-04-03"))
                Issue.record("a second open request, or one on a draft")
            } catch { #expect(error.kind == .conflict) }
        }
    }
}
