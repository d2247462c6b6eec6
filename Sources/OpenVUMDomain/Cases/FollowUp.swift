import Foundation

/// Goal decision at a follow-up (ID 79).
public struct GoalDecision: Codable, Sendable, Equatable {
    public var goalId: UUID
    public var decision: GoalForwardDecision
    public init(goalId: UUID, decision: GoalForwardDecision) {
        self.goalId = goalId
        self.decision = decision
    }
}

/// Opfølgning (IDs 74–84 of the follow-up table).
public struct FollowUp: Codable, Sendable, Equatable {
    public var id: UUID?
    public var statusDate: CalendarDate?                      // 74 (auto)
    public var interventionStatus: String?                    // 75 (FFB, KLFollowUpCodesFFB)
    public var followUpDate: CalendarDate?                    // 76 (auto)
    public var followUpType: FollowUpType?                    // 77
    public var nextFollowUpDate: CalendarDate?                // 78
    public var goalDecisions: [GoalDecision]?                 // 79
    public var personalSupervision: TriState?                 // 80
    public var wellbeing: Wellbeing?                          // 81
    public var useOfForce: TriState?                          // 82
    public var supportNeedAtStart: String?                    // 83 (FFB, KLNeedsAssessmentCodesFFB)
    public var supportNeedAfter: String?                      // 84
    public var note: String?
    public init() {}
}

extension GoalDecision {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(goalId, forKey: .goalId)
        try c.encode(decision, forKey: .decision)
    }
}

extension FollowUp {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(id, forKey: .id, explicitNull: nulls)
        try c.encodeField(statusDate, forKey: .statusDate, explicitNull: nulls)
        try c.encodeField(interventionStatus, forKey: .interventionStatus, explicitNull: nulls)
        try c.encodeField(followUpDate, forKey: .followUpDate, explicitNull: nulls)
        try c.encodeField(followUpType, forKey: .followUpType, explicitNull: nulls)
        try c.encodeField(nextFollowUpDate, forKey: .nextFollowUpDate, explicitNull: nulls)
        try c.encodeField(goalDecisions, forKey: .goalDecisions, explicitNull: nulls)
        try c.encodeField(personalSupervision, forKey: .personalSupervision, explicitNull: nulls)
        try c.encodeField(wellbeing, forKey: .wellbeing, explicitNull: nulls)
        try c.encodeField(useOfForce, forKey: .useOfForce, explicitNull: nulls)
        try c.encodeField(supportNeedAtStart, forKey: .supportNeedAtStart, explicitNull: nulls)
        try c.encodeField(supportNeedAfter, forKey: .supportNeedAfter, explicitNull: nulls)
        try c.encodeField(note, forKey: .note, explicitNull: nulls)
    }
}
