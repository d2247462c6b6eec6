import Foundation

/// A dated obligation on a case that is still outstanding: a local phase deadline, the follow-up due date, a
/// goal's own follow-up, an expiring action plan, personal supervision. Worklists, reminders and "overdue"
/// read these.
public struct CaseDeadline: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case phase, followUp, goalFollowUp, actionPlanExpiry, personalSupervision
    }
    public var kind: Kind
    public var dueOn: CalendarDate
    /// Danish text for worklists and reminders.
    public var label: String

    public init(kind: Kind, dueOn: CalendarDate, label: String) {
        self.kind = kind
        self.dueOn = dueOn
        self.label = label
    }

    public func isOverdue(today: CalendarDate) -> Bool { dueOn < today }
}

/// The dates a case reached each milestone the local deadlines are measured between (first occurrences).
public struct CaseMilestones: Sendable, Equatable {
    public var openedOn: CalendarDate
    public var investigationStartedOn: CalendarDate?       // 25
    public var assessmentStartedOn: CalendarDate?          // 28
    public var firstDecisionOn: CalendarDate?              // the first decision on an intervention (63/64)
    public var firstOrderOn: CalendarDate?                 // 68
    public var firstDeliveryStartOn: CalendarDate?         // 75 (delivery)
    public var clearCase: Bool

    public init(openedOn: CalendarDate, document d: CaseDocument) {
        self.openedOn = openedOn
        investigationStartedOn = d.investigation.startedOn
        assessmentStartedOn = d.assessment.startedOn
        firstDecisionOn = d.interventions.compactMap { $0.decision?.outcome != nil ? $0.decision?.decidedOn : nil }.min()
        firstOrderOn = d.interventions.compactMap { $0.order?.orderedOn }.min()
        // The delivery starts for the first order (T1.5: order → its intervention start date).
        firstDeliveryStartOn = d.interventions.compactMap { $0.delivery?.startDate }.min()
        clearCase = d.opening.clearCase == true
    }

    /// The milestones a local deadline runs between.
    func bounds(_ kind: DueKind) -> (from: CalendarDate?, to: CalendarDate?) {
        switch kind {
        case .followUp: (nil, nil)
        case .openingToInvestigation: (clearCase && investigationStartedOn == nil ? nil : openedOn, investigationStartedOn)
        case .investigationToAssessment: (investigationStartedOn, assessmentStartedOn)
        case .assessmentToDecision: (assessmentStartedOn, firstDecisionOn)
        case .openingToDecision: (openedOn, firstDecisionOn)
        case .decisionToOrder: (firstDecisionOn, firstOrderOn)
        case .orderToDeliveryStart: (firstOrderOn, firstDeliveryStartOn)
        }
    }
}

public enum CaseDeadlines {
    /// T1.5's local deadlines as due items: each starts when its first milestone is reached, is due the local
    /// number of days later, and is fulfilled when the second milestone is reached — the decision deadline by
    /// the decision itself, not by entering the decision phase. A case closed first ends it as closed. Clear
    /// cases have no investigation deadlines.
    public static func phaseItems(_ m: CaseMilestones, closings: [CalendarDate], settings: CaseSettings) -> [DueItem] {
        DueKind.phasePairs.compactMap { kind in
            guard let days = settings.deadlineDays(kind), case let (from?, to) = m.bounds(kind) else { return nil }
            var item = DueItem(kind: kind, setOn: from, dueOn: from.adding(days: days))
            let closed = closings.filter { $0 >= from }.min()
            if let to, to >= from, closed.map({ to <= $0 }) ?? true {
                item.ending = .fulfilled
                item.endedOn = to
            } else if let closed {
                item.ending = .closed
                item.endedOn = closed
            }
            return item
        }
    }

    /// T1.10's events from the case: each day's decisions (the earliest follow-up date among that day's grants,
    /// nil when nothing was granted), every follow-up held, and every closing.
    public static func dueEvents(_ d: CaseDocument, closings: [CalendarDate]) -> [DueEvent] {
        var byDay: [CalendarDate: [CalendarDate?]] = [:]
        for x in d.interventions {
            guard let decision = x.decision, decision.outcome != nil, let on = decision.decidedOn else { continue }
            byDay[on, default: []].append(decision.outcome == .granted ? decision.followUpDate : nil)
        }
        var events = byDay.map { day, dates in DueEvent.decision(on: day, followUpDate: dates.compactMap { $0 }.min()) }
        for f in d.followUps {
            guard let on = f.followUpDate else { continue }
            events.append(.followUp(id: f.id, on: on, planned: f.followUpType != .significantChange, next: f.nextFollowUpDate))
        }
        events += closings.map { DueEvent.closed(on: $0) }
        return events.sorted { ($0.date, $0.sameDayRank) < ($1.date, $1.sameDayRank) }
    }

    /// Every due item of a case, outstanding or ended: the local phase deadlines and the follow-up due dates.
    public static func history(openedOn: CalendarDate, document d: CaseDocument, settings: CaseSettings, closings: [CalendarDate]) -> [DueItem] {
        phaseItems(CaseMilestones(openedOn: openedOn, document: d), closings: closings, settings: settings)
            + DueItems.followUps(dueEvents(d, closings: closings))
    }

    /// The goals whose own follow-up (ID 32, or the shared date ID 33) is still outstanding: no follow-up has
    /// decided on the goal yet, or the goal was continued and given a later date than that follow-up.
    public static func outstandingGoalFollowUps(_ d: CaseDocument) -> [(goal: Goal, dueOn: CalendarDate)] {
        d.goals.compactMap { g in
            guard let due = g.followUpDate ?? d.assessment.sharedGoalFollowUpDate else { return nil }
            let decided = d.followUps.filter { f in f.goalDecisions?.contains { $0.goalId == g.id } == true }
            guard let last = decided.last, let lastDecision = last.goalDecisions?.last(where: { $0.goalId == g.id }) else { return (g, due) }
            if lastDecision.decision.endsGoal { return nil }
            if let held = last.followUpDate, due > held { return (g, due) }
            return nil
        }
    }

    /// Every outstanding deadline of a case, earliest first. A closed case has none.
    public static func compute(phase: CasePhase, openedOn: CalendarDate, document d: CaseDocument, settings: CaseSettings,
                               closings: [CalendarDate] = []) -> [CaseDeadline] {
        guard phase != .closed else { return [] }
        var out: [CaseDeadline] = []
        for item in history(openedOn: openedOn, document: d, settings: settings, closings: closings) where item.ending == nil {
            out.append(CaseDeadline(kind: item.kind == .followUp ? .followUp : .phase, dueOn: item.dueOn, label: item.kind.reminderLabel))
        }
        for (g, due) in outstandingGoalFollowUps(d) {
            out.append(CaseDeadline(kind: .goalFollowUp, dueOn: due, label: "Opfølgning på mål\(g.text.map { ": \($0)" } ?? "")"))
        }
        if let expiry = d.assessment.actionPlanValidUntil {
            out.append(CaseDeadline(kind: .actionPlanExpiry, dueOn: expiry, label: "Handleplanen udløber (lokal gyldighed)"))
        }
        if phase == .delivery || phase == .followUp {
            let lastSupervision = d.followUps.filter { $0.personalSupervision == .yes }.compactMap(\.followUpDate).max()
            let started = d.interventions.compactMap { $0.delivery?.startDate }.min()
            if let base = lastSupervision ?? started {
                out.append(CaseDeadline(kind: .personalSupervision, dueOn: base.adding(months: settings.personalSupervisionMonths),
                                        label: "Personrettet tilsyn (SEL § 148, lokal kadence)"))
            }
        }
        return out.sorted { ($0.dueOn, $0.kind.rawValue, $0.label) < ($1.dueOn, $1.kind.rawValue, $1.label) }
    }
}

/// A deadline in words as well as colour: "i dag", "i morgen", "om 5 dage", "overskredet med 1 dag".
public enum DeadlineWords {
    public static func daysLeft(today: CalendarDate, due: CalendarDate) -> String {
        let days = today.days(until: due)
        switch days {
        case 0: return "i dag"
        case 1: return "i morgen"
        case 2...: return "om \(days) dage"
        case -1: return "overskredet med 1 dag"
        default: return "overskredet med \(-days) dage"
        }
    }
}
