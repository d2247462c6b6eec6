import Foundation

/// The visitation committee's handling of a recommendation (WF-13).
public struct CommitteeReview: Codable, Sendable, Equatable {
    public var meetingOn: CalendarDate
    public var outcome: CommitteeOutcome
    public var note: String?
    public init(meetingOn: CalendarDate, outcome: CommitteeOutcome, note: String? = nil) {
        self.meetingOn = meetingOn
        self.outcome = outcome
        self.note = note
    }
}

/// A complaint about a decision (WF-31): received, reconsidered by the municipality (genvurdering), sent to
/// Ankestyrelsen, and Ankestyrelsen's outcome.
public struct Complaint: Codable, Sendable, Equatable {
    public var id: UUID?
    public var receivedOn: CalendarDate?
    /// The decided intervention complained about.
    public var interventionId: UUID?
    public var reconsideredOn: CalendarDate?
    /// Whether the municipality kept its decision at the reconsideration (true: sent on to Ankestyrelsen).
    public var decisionKept: Bool?
    public var sentToAppealsBoardOn: CalendarDate?
    public var outcome: AppealOutcome?
    public var outcomeOn: CalendarDate?
    public var note: String?
    public init() {}
}

extension Complaint {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(id, forKey: .id, explicitNull: nulls)
        try c.encodeField(receivedOn, forKey: .receivedOn, explicitNull: nulls)
        try c.encodeField(interventionId, forKey: .interventionId, explicitNull: nulls)
        try c.encodeField(reconsideredOn, forKey: .reconsideredOn, explicitNull: nulls)
        try c.encodeField(decisionKept, forKey: .decisionKept, explicitNull: nulls)
        try c.encodeField(sentToAppealsBoardOn, forKey: .sentToAppealsBoardOn, explicitNull: nulls)
        try c.encodeField(outcome, forKey: .outcome, explicitNull: nulls)
        try c.encodeField(outcomeOn, forKey: .outcomeOn, explicitNull: nulls)
        try c.encodeField(note, forKey: .note, explicitNull: nulls)
    }
}

extension CommitteeReview {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(meetingOn, forKey: .meetingOn)
        try c.encode(outcome, forKey: .outcome)
        try c.encodeField(note, forKey: .note, explicitNull: nulls)
    }
}

/// The visitation committee (WF-13): which recommendations go to it.
public enum CommitteeRules {
    /// The current recommendation goes to the committee when an intervention's hours per week exceed the
    /// municipality's threshold (a local setting), or when it is a residential offer (SEL §§ 107, 108, or
    /// priced per døgn).
    public static func needsCommittee(_ d: CaseDocument, hoursPerWeekThreshold: Decimal) -> Bool {
        let latest = d.interventions.compactMap(\.recommendedOn).max()
        let residential: Set<String> = ["SEL § 107", "SEL § 108"]
        return d.interventions.filter { $0.recommendedOn == latest }.contains { x in
            if x.unit == .hour, x.frequency == .perWeek, let units = x.unitsPerPeriod, units > hoursPerWeekThreshold { return true }
            if x.unit == .day, x.frequency == .perDay { return true }
            let paragraphs = (x.services ?? []).compactMap(\.paragraph) + (x.offers ?? []).compactMap(\.paragraph)
            return paragraphs.contains { residential.contains($0) }
        }
    }
}
