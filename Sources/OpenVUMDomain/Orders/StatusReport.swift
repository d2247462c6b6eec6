import Foundation

/// The provider's status report before a planned follow-up (issue 13 item 5), per goal of the order: the provider's
/// level on the goal's subtheme (VUM 0–4), the citizen's own view of the work with the goal, the help given, the
/// proposed next step; and significant changes in functional level or support need. The authority receives it
/// structured on the case; the follow-up form opens with it.

/// The citizen's own view of the work with a goal.
public enum CitizenView: String, DanishLabelled {
    case satisfied, partly, notSatisfied
    public var danishName: String {
        switch self {
        case .satisfied: "Tilfreds"
        case .partly: "Delvist tilfreds"
        case .notSatisfied: "Ikke tilfreds"
        }
    }
}

/// What the provider proposes for a goal.
public enum ProposedNextStep: String, DanishLabelled {
    case `continue`, adjust, end
    public var danishName: String {
        switch self {
        case .continue: "Fortsæt"
        case .adjust: "Justér"
        case .end: "Afslut"
        }
    }
}

public struct GoalStatus: Codable, Sendable, Equatable {
    public var goalID: UUID
    /// The provider's level on the goal's subtheme, 0–4 (VUM's scale).
    public var level: Decimal?
    public var citizenView: CitizenView?
    public var citizenText: String?
    public var helpGiven: String?
    public var nextStep: ProposedNextStep?
    public init(goalID: UUID, level: Decimal? = nil, citizenView: CitizenView? = nil, citizenText: String? = nil, helpGiven: String? = nil,
                nextStep: ProposedNextStep? = nil) {
        self.goalID = goalID
        self.level = level
        self.citizenView = citizenView
        self.citizenText = citizenText
        self.helpGiven = helpGiven
        self.nextStep = nextStep
    }
}

public struct StatusReport: Codable, Sendable, Equatable {
    public var id: UUID
    public var orderID: UUID
    /// The planned follow-up the report is for.
    public var followUpDate: CalendarDate
    /// The day it was reported (stamped): the follow-up's status date (ID 74).
    public var reportedOn: CalendarDate
    public var goals: [GoalStatus]
    public var significantChanges: String?
    public init(id: UUID, orderID: UUID, followUpDate: CalendarDate, reportedOn: CalendarDate, goals: [GoalStatus], significantChanges: String?) {
        self.id = id
        self.orderID = orderID
        self.followUpDate = followUpDate
        self.reportedOn = reportedOn
        self.goals = goals
        self.significantChanges = significantChanges
    }

    /// Late: reported on or after the day of the follow-up it was for.
    public var isLate: Bool { reportedOn >= followUpDate }
}

/// Where the status report for the next planned follow-up stands, as both sides see it.
public enum StatusReportDue: Sendable, Equatable {
    /// Not yet asked for: the reminder comes on `remindOn`.
    case notYet(followUp: CalendarDate, remindOn: CalendarDate)
    /// Asked for (the reminder has come): due before `followUp`.
    case due(followUp: CalendarDate)
    /// The follow-up's day has come without a report.
    case late(followUp: CalendarDate)
    /// Reported (`late` when on or after the follow-up's day).
    case received(StatusReport)

    public var followUp: CalendarDate {
        switch self {
        case .notYet(let f, _), .due(let f), .late(let f): f
        case .received(let r): r.followUpDate
        }
    }

    /// The Danish line both sides read.
    public var danish: String {
        switch self {
        case .notYet(let f, let remind): "Statusrapport til opfølgningen \(f.danish) ønskes fra \(remind.danish)."
        case .due(let f): "Statusrapport til opfølgningen \(f.danish) mangler; den skal være myndigheden i hænde inden opfølgningen."
        case .late(let f): "Statusrapport til opfølgningen \(f.danish) er for sen."
        case .received(let r): r.isLate ? "Statusrapport til opfølgningen \(r.followUpDate.danish) modtaget for sent \(r.reportedOn.danish)."
                                        : "Statusrapport til opfølgningen \(r.followUpDate.danish) modtaget \(r.reportedOn.danish)."
        }
    }

    /// Whether the line asks for attention (a reminder or a late report).
    public var wantsAttention: Bool {
        switch self {
        case .due, .late: true
        case .received(let r): r.isLate
        case .notYet: false
        }
    }
}

public enum StatusReportRules {
    /// Days before a planned follow-up that the provider is reminded of the report (local setting).
    public static let defaultLeadDays = 14

    /// The planned follow-up the next report is for: the case's outstanding follow-up due date (figures.md T1.10 —
    /// the decision's follow-up date (67) or the last follow-up's next date (78)); nil when none is outstanding.
    public static func plannedFollowUp(_ d: CaseDocument) -> CalendarDate? {
        DueItems.followUps(CaseDeadlines.dueEvents(d, closings: [])).last { $0.ending == nil }?.dueOn
    }

    /// Where the report for `followUp` stands on `today` for an order that is started; nil when the order is not
    /// started or no follow-up is planned.
    public static func due(order o: Order, followUp: CalendarDate?, reports: [StatusReport], leadDays: Int, today: CalendarDate) -> StatusReportDue? {
        guard o.state == .started, let f = followUp else { return nil }
        if let r = reports.last(where: { $0.orderID == o.id && $0.followUpDate == f }) { return .received(r) }
        let remind = f.adding(days: -leadDays)
        if today < remind { return .notYet(followUp: f, remindOn: remind) }
        return today < f ? .due(followUp: f) : .late(followUp: f)
    }

    /// The report's goals pre-filled: every goal of the order, each with what the last report said of it.
    public static func prefill(order o: Order, last: StatusReport?) -> [GoalStatus] {
        o.goalIDs.map { id in last?.goals.first { $0.goalID == id } ?? GoalStatus(goalID: id) }
    }

    /// The provider's report for the planned follow-up `followUp`, as recorded on `today`: for a started order; one
    /// status for each goal of the order and none for any other; a level 0–4 with at most two decimals, the
    /// citizen's view and the proposed next step for each; texts within their limits. Every problem at its field.
    public static func report(id: UUID, order o: Order, followUp: CalendarDate?, goals: [GoalStatus], significantChanges: String?,
                              today: CalendarDate) throws(DomainError) -> StatusReport {
        guard o.state == .started else {
            throw DomainError(.conflict, code: "order.state", title: "Bestillingen er ikke startet",
                              detail: "En statusrapport gives, når indsatsen er startet; bestillingen er \(o.state.danishName.lowercased()).")
        }
        guard let followUp else {
            throw DomainError(.conflict, code: "statusReport.followUp", title: "Ingen planlagt opfølgning",
                              detail: "Der er ingen planlagt opfølgning på sagen at give status til.")
        }
        var e = FieldErrorCollector()
        var cleaned: [GoalStatus] = []
        for (i, g) in goals.enumerated() {
            var c = g
            if !o.goalIDs.contains(g.goalID) { e.add("goals.\(i).goalId", "Målet hører ikke til bestillingen.") }
            if goals[..<i].contains(where: { $0.goalID == g.goalID }) { e.add("goals.\(i).goalId", "Hvert mål har én status i rapporten.") }
            if let l = g.level, l < 0 || l > 4 || !l.hasAtMost(places: 2) { e.add("goals.\(i).level", "Niveauet skal være fra 0 til 4 med højst to decimaler.") }
            if g.level == nil { e.add("goals.\(i).level", "Angiv borgerens niveau på målets tema (0–4).") }
            if g.citizenView == nil { e.add("goals.\(i).citizenView", "Angiv borgerens egen vurdering af arbejdet med målet.") }
            if g.nextStep == nil { e.add("goals.\(i).nextStep", "Angiv det foreslåede næste skridt.") }
            c.citizenText = g.citizenText?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            c.helpGiven = g.helpGiven?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            if let t = c.citizenText, t.count > 2_000 { e.add("goals.\(i).citizenText", "Borgerens egne ord må højst være 2.000 tegn.") }
            if let t = c.helpGiven, t.count > 4_000 { e.add("goals.\(i).helpGiven", "Den givne hjælp må højst beskrives med 4.000 tegn.") }
            cleaned.append(c)
        }
        for id in o.goalIDs where !goals.contains(where: { $0.goalID == id }) {
            e.add("goals", "Rapporten skal give status på hvert af bestillingens mål.")
            break
        }
        let changes = significantChanges?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if o.goalIDs.isEmpty && changes == nil { e.add("significantChanges", "Bestillingen har ingen mål; skriv status under væsentlige ændringer.") }
        if let changes, changes.count > 4_000 { e.add("significantChanges", "Væsentlige ændringer må højst beskrives med 4.000 tegn.") }
        try e.throwIfAny()
        let ordered = o.goalIDs.compactMap { id in cleaned.first { $0.goalID == id } }
        return StatusReport(id: id, orderID: o.id, followUpDate: followUp, reportedOn: today, goals: ordered, significantChanges: changes)
    }
}
