import Foundation

/// Goal decision at a follow-up (ID 79), with the level the goal's subtheme is at now.
public struct GoalDecision: Codable, Sendable, Equatable {
    public var goalId: UUID
    public var decision: GoalForwardDecision
    /// The functional level reached on the goal's subtheme (0–4, at most two decimals).
    public var achievedLevel: Decimal?
    public init(goalId: UUID, decision: GoalForwardDecision, achievedLevel: Decimal? = nil) {
        self.goalId = goalId
        self.decision = decision
        self.achievedLevel = achievedLevel
    }
}

/// Status på indsats (ID 75 of the follow-up table) for one intervention.
public struct InterventionStatus: Codable, Sendable, Equatable {
    public var interventionId: UUID
    /// FFB code (KLFollowUpCodesFFB): continue, end and re-visit, end.
    public var status: String
    public init(interventionId: UUID, status: String) {
        self.interventionId = interventionId
        self.status = status
    }
}

/// Opfølgning (IDs 74–84 of the follow-up table).
public struct FollowUp: Codable, Sendable, Equatable {
    public var id: UUID?
    /// 76: the day of the follow-up meeting; defaults to the day it is recorded, never in the future.
    public var followUpDate: CalendarDate?
    /// 74: the day the status was taken (e.g. the provider's status report); defaults to the follow-up date.
    public var statusDate: CalendarDate?
    public var followUpType: FollowUpType?                    // 77
    public var interventionStatuses: [InterventionStatus]?    // 75, per intervention
    public var outcome: FollowUpOutcome?
    public var nextFollowUpDate: CalendarDate?                // 78
    public var goalDecisions: [GoalDecision]?                 // 79
    public var personalSupervision: TriState?                 // 80
    public var wellbeing: Wellbeing?                          // 81
    public var useOfForce: TriState?                          // 82
    public var supportNeedAtStart: String?                    // 83 (FFB, KLNeedsAssessmentCodesFFB)
    public var supportNeedAfter: String?                      // 84
    public var note: String?
    /// Rettidig opfølgning (seed 000, auto): whether this planned follow-up was held on or before its due date;
    /// nil when it fulfilled no due item (a triggered follow-up). figures.md T1.10.
    public var timely: Bool?
    public init() {}
}

extension GoalDecision {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(goalId, forKey: .goalId)
        try c.encode(decision, forKey: .decision)
        try c.encodeField(achievedLevel, forKey: .achievedLevel, explicitNull: nulls)
    }
}

extension FollowUp {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(id, forKey: .id, explicitNull: nulls)
        try c.encodeField(followUpDate, forKey: .followUpDate, explicitNull: nulls)
        try c.encodeField(statusDate, forKey: .statusDate, explicitNull: nulls)
        try c.encodeField(followUpType, forKey: .followUpType, explicitNull: nulls)
        try c.encodeField(interventionStatuses, forKey: .interventionStatuses, explicitNull: nulls)
        try c.encodeField(outcome, forKey: .outcome, explicitNull: nulls)
        try c.encodeField(nextFollowUpDate, forKey: .nextFollowUpDate, explicitNull: nulls)
        try c.encodeField(goalDecisions, forKey: .goalDecisions, explicitNull: nulls)
        try c.encodeField(personalSupervision, forKey: .personalSupervision, explicitNull: nulls)
        try c.encodeField(wellbeing, forKey: .wellbeing, explicitNull: nulls)
        try c.encodeField(useOfForce, forKey: .useOfForce, explicitNull: nulls)
        try c.encodeField(supportNeedAtStart, forKey: .supportNeedAtStart, explicitNull: nulls)
        try c.encodeField(supportNeedAfter, forKey: .supportNeedAfter, explicitNull: nulls)
        try c.encodeField(note, forKey: .note, explicitNull: nulls)
        try c.encodeField(timely, forKey: .timely, explicitNull: nulls)
    }
}
