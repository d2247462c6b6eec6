import Foundation

/// Indsatsmål (IDs 29–32).
public struct Goal: Codable, Sendable, Equatable {
    public var id: UUID?
    public var text: String?
    public var goalType: String?                              // 29 (FFB, KLChangeValueCodesFFB)
    public var primaryTheme: String?                          // 30 (FFB, KLConditionADCodesFFB)
    public var expectedLevel: Decimal?                        // 31 (0–4)
    public var followUpDate: CalendarDate?                    // 32
    /// The day the goal was recommended (auto; the baseline of figures.md T3.4 is the level before it).
    public var recommendedOn: CalendarDate?
    public init() {}
}

extension Goal {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(id, forKey: .id, explicitNull: nulls)
        try c.encodeField(text, forKey: .text, explicitNull: nulls)
        try c.encodeField(goalType, forKey: .goalType, explicitNull: nulls)
        try c.encodeField(primaryTheme, forKey: .primaryTheme, explicitNull: nulls)
        try c.encodeField(expectedLevel, forKey: .expectedLevel, explicitNull: nulls)
        try c.encodeField(followUpDate, forKey: .followUpDate, explicitNull: nulls)
        try c.encodeField(recommendedOn, forKey: .recommendedOn, explicitNull: nulls)
    }
}
