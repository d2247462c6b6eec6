import Foundation

/// The national terminologies the case model codes against.
public enum TerminologySystem: String, Codable, Sendable, CaseIterable {
    /// Fælles Faglige Begreber, CodeSystem urn:oid:1.2.208.176.2.22.
    case ffb
    /// KLE emneplan.
    case kle
}

/// FFB value sets used by the case model (kl-term names).
public enum FFBValueSet {
    public static let conditions = "KLConditionCodesFFB"          // ID 26
    public static let activityAndParticipation = "KLConditionADCodesFFB" // IDs 27, 30
    public static let severities = "KLSeveritiesFFB"             // ID 27 mapping
    public static let changeValues = "KLChangeValueCodesFFB"      // ID 29
    public static let interventions = "KLInterventionsFFB"        // IDs 5, 35 (ydelser)
    public static let services = "KLServiceCodesFFB"              // IDs 6, 36 (tilbud)
    public static let needs = "KLNeedsAssessmentCodesFFB"         // IDs 59, 83, 84
    public static let targetGroups = "KLTargetGroupsFFB"          // ID 60
    public static let followUp = "KLFollowUpCodesFFB"             // ID 75
}

/// Looks codes up in the imported terminologies. The store provides the live implementation.
public protocol TerminologyLookup: Sendable {
    /// Whether `code` exists in `system` and, when `valueSet` is given, belongs to it.
    func contains(_ system: TerminologySystem, code: String, valueSet: String?) -> Bool
    /// The display text of a code.
    func display(_ system: TerminologySystem, code: String) -> String?
}

/// The FFB severity codes (KLSeveritiesFFB, CodeSystem version 20240530) for the VUM 0–4 scale.
public enum FFBSeverity {
    public static let none = "b508ff66-6326-4862-a6d7-7bbf184c9823"        // 0 Ingen nedsat funktionsevne
    public static let mild = "8328ce4a-6238-4f73-bf1a-74aadb68eff8"        // 1 Let nedsat funktionsevne
    public static let moderate = "5bdde847-2837-416b-ab63-bbff8b7aa531"    // 2 Moderat nedsat funktionsevne
    public static let severe = "cae545f5-2813-4d79-98fc-0a7d770af3cd"      // 3 Svært nedsat funktionsevne
    public static let complete = "832ae90b-23b5-4063-80aa-0b81bdce680e"    // 4 Fuldstændig nedsat funktionsevne
    public static let notAssessed = "1c327095-107f-4b96-88d0-ec562cb980be" // Ikke vurderet

    /// The severity for a VUM level: decimals round half up to the nearest whole level (2.5 → 3).
    public static func code(forLevel level: Decimal) -> String? {
        guard (0...4).contains(level) else { return nil }
        switch PriceRules.roundHalfUp(level) {
        case 0: return none
        case 1: return mild
        case 2: return moderate
        case 3: return severe
        default: return complete
        }
    }
}
