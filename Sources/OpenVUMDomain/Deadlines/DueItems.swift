import Foundation

/// What a dated obligation on a case is: the follow-up due date (figures.md T1.10) or one of the local phase
/// deadlines (T1.5), each named by the slug `figures.md` and the case-history format use.
public enum DueKind: String, Codable, Sendable, CaseIterable {
    case followUp = "follow_up"
    case openingToInvestigation = "opening_to_investigation"
    case investigationToAssessment = "investigation_to_assessment"
    case assessmentToDecision = "assessment_to_decision"
    case openingToDecision = "opening_to_decision"
    case decisionToOrder = "decision_to_order"
    case orderToDeliveryStart = "order_to_delivery_start"

    /// The local phase deadlines (every kind but the follow-up).
    public static let phasePairs: [DueKind] = allCases.filter { $0 != .followUp }

    /// The reminder text while the obligation is outstanding.
    public var reminderLabel: String {
        switch self {
        case .followUp: "Opfølgning senest"
        case .openingToInvestigation: "Lokal frist: sagsoplysning påbegyndt senest"
        case .investigationToAssessment: "Lokal frist: sagsvurdering påbegyndt senest"
        case .assessmentToDecision: "Lokal frist: afgørelse truffet senest (fra sagsvurdering)"
        case .openingToDecision: "Lokal frist: afgørelse truffet senest (fra sagsåbning)"
        case .decisionToOrder: "Lokal frist: indsats bestilt senest"
        case .orderToDeliveryStart: "Lokal frist: levering startet senest"
        }
    }
}

/// One dated obligation and how it ended: fulfilled (a planned follow-up held, a phase reached), superseded
/// (a new date set before it was fulfilled) or closed (the case closed first). An item without an ending is
/// still outstanding.
public struct DueItem: Sendable, Equatable, Codable {
    public enum Ending: String, Codable, Sendable { case fulfilled, superseded, closed }

    public var kind: DueKind
    /// The day the obligation arose (the decision, the follow-up that set the next date, the phase's start).
    public var setOn: CalendarDate
    public var dueOn: CalendarDate
    public var ending: Ending?
    public var endedOn: CalendarDate?
    /// The follow-up that fulfilled a follow-up item.
    public var fulfilledBy: UUID?

    public init(kind: DueKind, setOn: CalendarDate, dueOn: CalendarDate, ending: Ending? = nil, endedOn: CalendarDate? = nil, fulfilledBy: UUID? = nil) {
        self.kind = kind
        self.setOn = setOn
        self.dueOn = dueOn
        self.ending = ending
        self.endedOn = endedOn
        self.fulfilledBy = fulfilledBy
    }

    /// figures.md T1.10's classes on the reference date R; nil for an item not counted (superseded or closed on
    /// or before its due date without being fulfilled). The item must be built from events dated on or before R.
    public func classification(on r: CalendarDate) -> DueClass? {
        switch (ending, endedOn) {
        case (.fulfilled, let on?):
            if dueOn > r { return .doneBeforeDueDateAfterRef }
            return on <= dueOn ? .onTime : .late
        case (.superseded, let on?), (.closed, let on?):
            return on > dueOn ? .missed : nil
        default:
            if dueOn > r { return .upcomingAfterRef }
            return dueOn == r ? .dueToday : .overdue
        }
    }
}

/// figures.md T1.10's classes. `due` = onTime + late + overdue + dueToday + missed.
public enum DueClass: String, Codable, Sendable, CaseIterable {
    case onTime, late, overdue, dueToday, missed, upcomingAfterRef, doneBeforeDueDateAfterRef

    /// Whether the class counts in `due`.
    public var isDue: Bool { self != .upcomingAfterRef && self != .doneBeforeDueDateAfterRef }
}

/// What happens to a case's follow-up due date (figures.md T1.10), in date order.
public enum DueEvent: Sendable, Equatable {
    /// A decision (ID 67; nil when nothing was granted) sets the outstanding date.
    case decision(on: CalendarDate, followUpDate: CalendarDate?)
    /// A follow-up (ID 76O) of type planned or triggered (ID 77) with its next date (ID 78).
    case followUp(id: UUID?, on: CalendarDate, planned: Bool, next: CalendarDate?)
    /// The case closed.
    case closed(on: CalendarDate)

    public var date: CalendarDate {
        switch self {
        case .decision(let on, _), .followUp(_, let on, _, _), .closed(let on): on
        }
    }

    /// Same-day order (the case-history format's event table): decision, follow-up, closing.
    var sameDayRank: Int {
        switch self {
        case .decision: 0
        case .followUp: 1
        case .closed: 2
        }
    }
}

public enum DueItems {
    /// T1.10: the follow-up due items of one case from its events.
    /// - A decision or a follow-up sets the outstanding date: the same date keeps the item; another date ends an
    ///   unfulfilled outstanding item as superseded and, when not nil, starts a new one.
    /// - A planned follow-up first fulfils the outstanding item on its date; a triggered one fulfils nothing.
    /// - Closing ends an unfulfilled outstanding item.
    /// Events are taken in date order, same-day events as the format orders them (stable otherwise).
    public static func followUps(_ events: [DueEvent]) -> [DueItem] {
        let ordered = events.enumerated().sorted { ($0.element.date, $0.element.sameDayRank, $0.offset) < ($1.element.date, $1.element.sameDayRank, $1.offset) }.map(\.element)
        var items: [DueItem] = []
        var outstanding: Int?   // index into items

        func set(_ date: CalendarDate?, on day: CalendarDate) {
            if let i = outstanding, let date, items[i].dueOn == date { return }
            if let i = outstanding, items[i].ending == nil {
                items[i].ending = .superseded
                items[i].endedOn = day
            }
            outstanding = nil
            if let date {
                items.append(DueItem(kind: .followUp, setOn: day, dueOn: date))
                outstanding = items.count - 1
            }
        }

        for event in ordered {
            switch event {
            case .decision(let on, let date):
                set(date, on: on)
            case .followUp(let id, let on, let planned, let next):
                if planned, let i = outstanding, items[i].ending == nil {
                    items[i].ending = .fulfilled
                    items[i].endedOn = on
                    items[i].fulfilledBy = id
                }
                set(next, on: on)
            case .closed(let on):
                if let i = outstanding, items[i].ending == nil {
                    items[i].ending = .closed
                    items[i].endedOn = on
                }
                outstanding = nil
            }
        }
        return items
    }

    /// "Rettidig opfølgning" (seed 000) per follow-up: true when it fulfilled a due item on or before its due
    /// date, false when after. Follow-ups that fulfilled nothing (triggered ones) are absent.
    public static func timeliness(_ items: [DueItem]) -> [UUID: Bool] {
        var out: [UUID: Bool] = [:]
        for item in items where item.ending == .fulfilled {
            if let id = item.fulfilledBy, let on = item.endedOn { out[id] = on <= item.dueOn }
        }
        return out
    }
}
