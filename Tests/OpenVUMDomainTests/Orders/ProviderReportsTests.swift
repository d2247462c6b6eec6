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
        let granted = try ChangeRules.answer(r, kind: .granted, text: " ", by: .authority, today: Self.day("2026-04-10"))
        #expect(granted.answer == ChangeAnswer(kind: .granted, text: nil, answeredOn: Self.day("2026-04-10")) && !granted.isOpen)
        #expect(throws: DomainError.self) { try ChangeRules.answer(r, kind: .refused, text: nil, by: .authority, today: Self.day("2026-04-10")) }
        do { _ = try ChangeRules.answer(granted, kind: .refused, text: "Nej", by: .authority, today: Self.day("2026-04-11")); Issue.record("answered twice") }
        catch { #expect(error.kind == .conflict) }
        // The provider cannot answer its own request; the authority's request (after a follow-up) is the provider's to answer.
        do { _ = try ChangeRules.answer(r, kind: .granted, text: nil, by: .provider, today: Self.day("2026-04-10")); Issue.record("the provider answered itself") }
        catch { #expect(error.kind == .forbidden) }
        let asked = ChangeRules.fromFollowUp(id: UUID(), order: o, reason: "Indsatsen er ændret ved opfølgningen.", today: Self.day("2026-04-10"))
        #expect(asked.origin == .authority && asked.allocatedPerWeek == Self.dec("10.25") && asked.isOpen)
        #expect(throws: DomainError.self) { try ChangeRules.answer(asked, kind: .granted, text: nil, by: .authority, today: Self.day("2026-04-10")) }
        #expect(try ChangeRules.answer(asked, kind: .granted, text: nil, by: .provider, today: Self.day("2026-04-11")).answer?.kind == .granted)
        // The authority's open request does not hold back the provider's own.
        #expect(throws: Never.self) {
            try ChangeRules.request(id: UUID(), order: o, kind: .other, proposedPerWeek: nil, reason: "x", weekPlan: [WeekPlanDay(weekday: .friday, hours: 1)],
                                    evidenceMonths: [], reported: [], open: [asked], today: Self.day("2026-04-12"))
        }
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

@Suite("Use of force and unintended incidents: Socialstyrelsen's fields, and ID 82 derived from them")
struct IncidentRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static func force(_ kind: ForceKind = .restraint, start: String = "14:05", end: String = "14:20", basis: String? = nil) -> ForceDetails {
        ForceDetails(kind: kind, startTime: start, endTime: end, legalBasis: basis, situationBefore: " Uro i fællesrummet ", situationDuring: "Holdt i armene",
                     present: "To medarbejdere")
    }

    @Test("a use of force takes its kind's provision when none is named; texts trimmed; the report is stamped today")
    func useOfForce() throws {
        let o = try HoursRulesTests.started()   // started 2 March 2026
        let i = try IncidentRules.report(id: UUID(), order: o, occurredOn: Self.day("2026-03-05"), force: Self.force(), unintended: nil, today: Self.day("2026-03-06"))
        #expect(i.type == .useOfForce && i.force?.legalBasis == "SEL § 126" && i.force?.situationBefore == "Uro i fællesrummet")
        #expect(i.reportedOn == Self.day("2026-03-06") && i.seenOn == nil && i.title == "Magtanvendelse: Fastholdelse")
        #expect(IncidentRules.minutes("14:05") == 845 && IncidentRules.minutes("24:00") == nil && IncidentRules.minutes("9:05") == nil)
        let seen = try IncidentRules.seen(i, today: Self.day("2026-03-07"))
        #expect(seen.seenOn == Self.day("2026-03-07"))
        do { _ = try IncidentRules.seen(seen, today: Self.day("2026-03-08")); Issue.record("seen twice") } catch { #expect(error.kind == .conflict) }
    }

    @Test("an end before the start, a bad time, another kind without provision, no situation, a day before the start or after today, severity 6: refused at their fields")
    func refusals() throws {
        let o = try HoursRulesTests.started()
        var bad = Self.force(.other, start: "14:20", end: "14:05")
        bad.situationDuring = " "
        do {
            _ = try IncidentRules.report(id: UUID(), order: o, occurredOn: Self.day("2026-03-01"), force: bad, unintended: nil, today: Self.day("2026-03-06"))
            Issue.record("a bad report was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["occurredOn", "force.endTime", "force.legalBasis", "force.situationDuring"])
        }
        do {
            _ = try IncidentRules.report(id: UUID(), order: o, occurredOn: Self.day("2026-03-07"), force: Self.force(start: "25:00"), unintended: nil, today: Self.day("2026-03-06"))
            Issue.record("a future day and a bad time")
        } catch { #expect(error.fieldErrors.map(\.field) == ["occurredOn", "force.startTime"]) }
        do {
            _ = try IncidentRules.report(id: UUID(), order: o, occurredOn: Self.day("2026-03-05"), force: nil,
                                         unintended: UnintendedDetails(kind: .fall, severity: 6, description: ""), today: Self.day("2026-03-06"))
            Issue.record("severity 6")
        } catch { #expect(error.fieldErrors.map(\.field) == ["unintended.severity", "unintended.description"]) }
        let draft = try OrderRulesTests.draft()
        do {
            _ = try IncidentRules.report(id: UUID(), order: draft, occurredOn: Self.day("2026-03-05"), force: Self.force(), unintended: nil,
                                         today: Self.day("2026-03-06"))
            Issue.record("an incident on a draft")
        } catch { #expect(error.kind == .conflict) }
    }

    @Test("ID 82: a use of force counts for the first follow-up on or after it, after the previous one")
    func sinceLast() {
        func followUp(_ on: String) -> FollowUp {
            var f = FollowUp()
            f.id = UUID()
            f.followUpDate = Self.day(on)
            return f
        }
        let a = followUp("2026-06-01"), b = followUp("2026-12-01"), c = followUp("2027-06-01")
        // By hand: 1 June (on the first follow-up's day) counts for the first; nothing between 2 June and 1 December;
        // 15 March 2027 for the third. Given out of order, they are taken by date.
        let derived = IncidentRules.useOfForceSinceLast([c, a, b], forceDates: [Self.day("2027-03-15"), Self.day("2026-06-01")])
        #expect(derived[a.id!] == .yes && derived[b.id!] == .no && derived[c.id!] == .yes)
        #expect(IncidentRules.useOfForceSinceLast([a], forceDates: [])[a.id!] == .no)
    }
}

@Suite("The follow-up from the provider: pre-filled since the last follow-up, decisions carried to the order")
struct FollowUpFromProviderTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    @Test("only what came after the last follow-up: the latest report per goal, the weeks after it, the uses of force after it")
    func prefill() throws {
        let o = try HoursRulesTests.started()   // 10.25 hours a week
        var goal = Goal()
        goal.id = OrderRulesTests.goalA
        goal.expectedLevel = 2
        let old = StatusReport(id: UUID(), orderID: o.id, followUpDate: Self.day("2026-03-15"), reportedOn: Self.day("2026-03-10"),
                               goals: [GoalStatus(goalID: OrderRulesTests.goalA, level: 3, nextStep: .continue)], significantChanges: "gammel")
        let new = StatusReport(id: UUID(), orderID: o.id, followUpDate: Self.day("2026-06-01"), reportedOn: Self.day("2026-05-18"),
                               goals: [GoalStatus(goalID: OrderRulesTests.goalA, level: Decimal(string: "2.5")!, citizenView: .partly, nextStep: .end)],
                               significantChanges: "ny")
        let march = HoursReport(orderID: o.id, month: Self.day("2026-03-01"), allocatedPerWeek: Decimal(string: "10.25")!,
                                weeks: [WeekHours(week: Self.day("2026-03-09"), delivered: 10), WeekHours(week: Self.day("2026-03-16"), delivered: 8),
                                        WeekHours(week: Self.day("2026-03-23"), delivered: Decimal(string: "9.5")!)],
                                cancelledByCitizen: 2, cancelledByProvider: 1, recordedOn: Self.day("2026-04-01"))
        let force = { (on: String) in
            Incident(id: UUID(), orderID: o.id, type: .useOfForce, occurredOn: Self.day(on), reportedOn: Self.day(on),
                     force: ForceDetails(kind: .restraint, startTime: "10:00", endTime: "10:05", situationBefore: "a", situationDuring: "b", present: "c"))
        }
        let p = FollowUpFromProvider.prefill(since: Self.day("2026-03-15"), goals: [goal], orders: [o], reports: [new, old], hours: [march],
                                             incidents: [force("2026-03-15"), force("2026-04-02")])
        #expect(p.statusDate == Self.day("2026-05-18") && p.significantChanges == ["ny"])
        // Level 2.5 against 2 expected: "end" suggests ended without being reached.
        #expect(p.goals[OrderRulesTests.goalA]?.suggested == .delete && p.goals[OrderRulesTests.goalA]?.status.level == Decimal(string: "2.5"))
        // By hand: the weeks of 16 and 23 March (after the 15th): 8 + 9.5 = 17.5 of 2 × 10.25 = 20.5 allocated.
        #expect(p.hours.count == 1 && p.hours.first?.orderID == o.id && p.hours.first?.weeks == 2)
        #expect(p.hours.first?.delivered == Decimal(string: "17.5") && p.hours.first?.allocated == Decimal(string: "20.5"))
        #expect(p.hours.first?.cancelledByCitizen == 2 && p.hours.first?.cancelledByProvider == 1)
        // The use of force on the follow-up's own day belonged to it; the one on 2 April comes after.
        #expect(p.useOfForce.map(\.occurredOn) == [Self.day("2026-04-02")])
        #expect(FollowUpFromProvider.suggestion(GoalStatus(goalID: UUID(), level: 1, nextStep: .end), expected: 2) == .achieved)
        #expect(FollowUpFromProvider.suggestion(GoalStatus(goalID: UUID(), nextStep: .adjust), expected: nil) == .reformulate)
        let none = FollowUpFromProvider.prefill(since: nil, goals: [], orders: [], reports: [], hours: [], incidents: [])
        #expect(none.statusDate == nil && none.hours.isEmpty && none.useOfForce.isEmpty)
    }

    @Test("ending (and re-visiting) at the follow-up ends the order that day; a changed intervention that continues asks the provider")
    func effects() {
        let ended = UUID(), revisited = UUID(), continued = UUID()
        var f = FollowUp()
        f.followUpDate = Self.day("2026-06-01")
        f.outcome = .interventionChanged
        f.note = "Flere timer."
        f.interventionStatuses = [InterventionStatus(interventionId: ended, status: "A"), InterventionStatus(interventionId: revisited, status: "B"),
                                  InterventionStatus(interventionId: continued, status: "C")]
        let words = ["A": "Træf afgørelse om afslutning af indsats", "B": "Træf afgørelse om afslutning af indsats og visiter til ny",
                     "C": "Træf afgørelse om fortsættelse af indsats"]
        let e = FollowUpFromProvider.effects(f, statusDisplay: { words[$0] })
        #expect(e[ended] == .end(InterventionEnd(endedOn: Self.day("2026-06-01"), reason: .endedAtFollowUp)))
        #expect(e[revisited] == .end(InterventionEnd(endedOn: Self.day("2026-06-01"), reason: .revisited)))
        #expect(e[continued] == .change(reason: "Indsatsen er ændret ved opfølgningen 01-06-2026. Flere timer."))
        f.outcome = .unchanged
        #expect(FollowUpFromProvider.effects(f, statusDisplay: { words[$0] })[continued] == nil)
    }
}
