import Foundation

/// A dated obligation on a case: a local phase deadline, a follow-up, an expiring action plan,
/// statutory personal supervision.
public struct CaseDeadline: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case phase, goalFollowUp, interventionFollowUp, nextFollowUp, actionPlanExpiry, personalSupervision
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

public enum CaseDeadlines {
    /// Every open deadline of a case, earliest first. A closed case has none.
    public static func compute(phase: CasePhase, openedOn: CalendarDate, document d: CaseDocument, settings: CaseSettings) -> [CaseDeadline] {
        guard phase != .closed else { return [] }
        var out: [CaseDeadline] = []
        let order = CaseRules.phaseOrder
        let now = order.firstIndex(of: phase) ?? 0
        for (target, days) in settings.phaseDeadlineDays {
            guard let p = CasePhase(rawValue: target), let index = order.firstIndex(of: p), index > now else { continue }
            out.append(CaseDeadline(kind: .phase, dueOn: openedOn.adding(days: days), label: "Lokal frist: \(p.danishName.lowercased()) senest"))
        }
        let followUpsDone = !d.followUps.isEmpty
        if !followUpsDone {
            for g in d.goals {
                if let date = g.followUpDate { out.append(CaseDeadline(kind: .goalFollowUp, dueOn: date, label: "Opfølgning på mål\(g.text.map { ": \($0)" } ?? "")")) }
            }
            if let shared = d.assessment.sharedGoalFollowUpDate, !d.goals.isEmpty {
                out.append(CaseDeadline(kind: .goalFollowUp, dueOn: shared, label: "Fælles opfølgning på mål"))
            }
            for x in d.interventions where x.decision?.outcome == .granted {
                if let date = x.decision?.followUpDate { out.append(CaseDeadline(kind: .interventionFollowUp, dueOn: date, label: "Opfølgning på bevilget indsats")) }
            }
        }
        if let next = d.followUps.last?.nextFollowUpDate {
            out.append(CaseDeadline(kind: .nextFollowUp, dueOn: next, label: "Næste opfølgning"))
        }
        if let expiry = d.assessment.actionPlanValidUntil {
            out.append(CaseDeadline(kind: .actionPlanExpiry, dueOn: expiry, label: "Handleplanen udløber"))
        }
        if phase == .delivery || phase == .followUp {
            let lastSupervision = d.followUps.filter { $0.personalSupervision == .yes }.compactMap(\.followUpDate).max()
            let started = d.interventions.compactMap { $0.delivery?.startDate }.min()
            if let base = lastSupervision ?? started {
                out.append(CaseDeadline(kind: .personalSupervision, dueOn: base.adding(months: settings.personalSupervisionMonths),
                                        label: "Personrettet tilsyn (SEL § 148)"))
            }
        }
        return out.sorted { ($0.dueOn, $0.kind.rawValue) < ($1.dueOn, $1.kind.rawValue) }
    }
}
