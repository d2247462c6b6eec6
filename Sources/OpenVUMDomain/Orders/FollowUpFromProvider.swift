import Foundation

/// The follow-up and the provider (issue 13 item 7): the authority's follow-up form opens with what the provider
/// reported since the last follow-up — the latest status report per goal, delivered against allocated hours, use of
/// force — and the caseworker's decisions carry through to the orders: an intervention ended at the follow-up ends its
/// order, a changed intervention becomes a change request to the provider. Nothing is typed twice.
public struct FollowUpPrefill: Sendable, Equatable {
    /// What the provider said of one goal in the latest report since the last follow-up.
    public struct GoalReport: Sendable, Equatable {
        public var status: GoalStatus
        public var reportedOn: CalendarDate
        /// The decision the report suggests (the caseworker decides).
        public var suggested: GoalForwardDecision?
    }

    /// Delivered against allocated hours of one order in the weeks reported since the last follow-up.
    public struct Hours: Sendable, Equatable {
        public var orderID: UUID
        public var weeks: Int
        public var delivered: Decimal
        /// Nil: the order is not counted in hours.
        public var allocated: Decimal?
        public var cancelledByCitizen: Int
        public var cancelledByProvider: Int
    }

    /// The day of the latest status report since the last follow-up: the follow-up's status date (ID 74).
    public var statusDate: CalendarDate?
    public var goals: [UUID: GoalReport] = [:]
    public var significantChanges: [String] = []
    public var hours: [Hours] = []
    /// Uses of force since the last follow-up, oldest first.
    public var useOfForce: [Incident] = []

    public init() {}
}

public enum FollowUpFromProvider {
    /// What the provider reported after `since` (the last follow-up held; nil: everything) on the case's orders: the
    /// latest report per goal, the weeks of delivered hours that start after it, the uses of force after it.
    public static func prefill(since: CalendarDate?, goals: [Goal], orders: [Order], reports: [StatusReport], hours: [HoursReport],
                               incidents: [Incident]) -> FollowUpPrefill {
        func after(_ d: CalendarDate) -> Bool { since.map { d > $0 } ?? true }
        var p = FollowUpPrefill()
        let recent = reports.filter { after($0.reportedOn) }.sorted { $0.reportedOn < $1.reportedOn }
        p.statusDate = recent.last?.reportedOn
        for r in recent {
            for s in r.goals {
                let goal = goals.first { $0.id == s.goalID }
                p.goals[s.goalID] = FollowUpPrefill.GoalReport(status: s, reportedOn: r.reportedOn, suggested: suggestion(s, expected: goal?.expectedLevel))
            }
            if let c = r.significantChanges { p.significantChanges.append(c) }
        }
        for o in orders {
            let months = hours.filter { $0.orderID == o.id }
            let weeks = months.flatMap(\.weeks).filter { after($0.week) }
            guard !weeks.isEmpty else { continue }
            let inWindow = months.filter { m in m.weeks.contains { after($0.week) } }
            p.hours.append(FollowUpPrefill.Hours(
                orderID: o.id, weeks: weeks.count, delivered: weeks.reduce(0) { $0 + $1.delivered },
                allocated: HoursRules.allocatedPerWeek(o.contract).map { $0 * Decimal(weeks.count) },
                cancelledByCitizen: inWindow.reduce(0) { $0 + $1.cancelledByCitizen }, cancelledByProvider: inWindow.reduce(0) { $0 + $1.cancelledByProvider }))
        }
        p.useOfForce = incidents.filter { $0.type == .useOfForce && after($0.occurredOn) }.sorted { $0.occurredOn < $1.occurredOn }
        return p
    }

    /// The decision a goal's status suggests: continue → continued, adjust → adjusted, end → ended as reached when the
    /// provider's level is at or below the expected level (lower is better), else ended without being reached.
    public static func suggestion(_ s: GoalStatus, expected: Decimal?) -> GoalForwardDecision? {
        switch s.nextStep {
        case .continue?: return .continue
        case .adjust?: return .reformulate
        case .end?:
            guard let level = s.level, let expected else { return .achieved }
            return level <= expected ? .achieved : .delete
        case nil: return nil
        }
    }

    /// What a newly held follow-up does to an intervention's order, by the status it records (ID 75, FFB "Status på
    /// indsats", read by its display text) and the follow-up's outcome.
    public enum Effect: Sendable, Equatable {
        /// The order ends on the follow-up's day.
        case end(InterventionEnd)
        /// The provider is asked to change the support.
        case change(reason: String)
    }

    public static func effects(_ f: FollowUp, statusDisplay: (String) -> String?) -> [UUID: Effect] {
        guard let day = f.followUpDate else { return [:] }
        var out: [UUID: Effect] = [:]
        for s in f.interventionStatuses ?? [] {
            let words = statusDisplay(s.status)?.lowercased() ?? ""
            if words.contains("visiter") {
                out[s.interventionId] = .end(InterventionEnd(endedOn: day, reason: .revisited))
            } else if words.contains("afslut") {
                out[s.interventionId] = .end(InterventionEnd(endedOn: day, reason: .endedAtFollowUp))
            } else if f.outcome == .interventionChanged {
                out[s.interventionId] = .change(reason: "Indsatsen er ændret ved opfølgningen \(day.danish)." + (f.note.map { " \($0)" } ?? ""))
            }
        }
        return out
    }
}
