import Foundation

/// An FFB-coded service or offer with its legal basis (IDs 35, 36).
public struct CodedService: Codable, Sendable, Equatable {
    public var code: String
    public var paragraph: String?
    public init(code: String, paragraph: String? = nil) {
        self.code = code
        self.paragraph = paragraph
    }
}

/// Sagsåbning: IDs 1–23 and the §§ applied for.
public struct OpeningData: Codable, Sendable, Equatable {
    public var openedOn: CalendarDate?                        // 1 (auto)
    public var origin: CaseOrigin?                            // 2
    public var inquirer: Inquirer?                            // who made the inquiry (seed 000)
    public var citizenAgrees: TriState?                       // 3
    public var clearCase: Bool?                               // 4
    public var clearCaseServiceType: String?                  // 5 (FFB ydelse)
    public var clearCaseOfferType: String?                    // 6 (FFB tilbud)
    public var guardianship: TriState?                        // 7
    public var guardianshipForm: GuardianshipForm?            // 8
    public var guardianshipInvestigation: TriState?           // 9
    public var informedOfRepresentationRight: TriState?       // 10
    public var represented: TriState?                         // 11
    public var representationForm: RepresentationForm?        // 12
    public var informedOfElectronicRegistration: TriState?    // 13
    public var consent: ConsentStatus?                        // 14
    public var consentForm: ConsentForm?                      // 15
    public var consentCollectFrom: [InformationParty]?        // 16
    public var consentDiscloseTo: [InformationParty]?         // 17
    public var holisticGuidance: TriState?                    // 18
    public var otherActingMunicipality: String?               // 19 (municipality code)
    public var otherPayingMunicipality: String?               // 20
    public var inquiryCount: Int?                             // 21 (auto)
    public var caseCount: Int?                                // 22 (auto)
    public var ageGroup: AgeGroup?                            // 23 (auto)
    public var paragraphsAppliedFor: [String]?                // §§ på ansøgninger
    public init() {}
}

/// A functional level on one *Aktivitet og deltagelse* subtheme (ID 27).
public struct FunctionalLevel: Codable, Sendable, Equatable {
    /// FFB code of the subtheme (value set KLConditionADCodesFFB).
    public var subtheme: String
    /// 0–4, decimals allowed.
    public var level: Decimal
    /// FFB severity code (KLSeveritiesFFB) mapped from `level` (auto).
    public var severity: String?
    /// When the level was assessed (defaults to the day it was recorded).
    public var assessedOn: CalendarDate?
    public init(subtheme: String, level: Decimal, severity: String? = nil, assessedOn: CalendarDate? = nil) {
        self.subtheme = subtheme
        self.level = level
        self.severity = severity
        self.assessedOn = assessedOn
    }
}

/// Sagsoplysning: IDs 25–27 and the overall functional assessment.
public struct InvestigationData: Codable, Sendable, Equatable {
    public var startedOn: CalendarDate?                       // 25 (auto)
    public var assessedSubthemes: [String]?                   // 26 (FFB, KLConditionCodesFFB)
    public var functionalLevels: [FunctionalLevel]?           // 27
    public var overallFunctionalAssessment: String?           // samlet funktionsvurdering (seed 000)
    public init() {}
}

/// Sagsvurdering og indstilling: case-level items (IDs 28, 33, 34, 52–62).
public struct AssessmentData: Codable, Sendable, Equatable {
    public var startedOn: CalendarDate?                       // 28 (auto)
    public var sharedGoalFollowUpDate: CalendarDate?          // 33
    public var civilSocietyInterventions: [String]?           // 34
    public var expectedTotalPrice: Int?                       // 52 (auto, øre)
    public var actionPlanOffered: TriState?                   // 53
    public var actionPlanWish: TriState?                      // 54
    public var actionPlanStatus: PlanStatus?                  // 55
    public var holisticPlanOffered: TriState?                 // 56
    public var holisticPlanWish: TriState?                    // 57
    public var holisticPlanStatus: PlanStatus?                // 58
    public var currentSupportNeed: String?                    // 59 (FFB, KLNeedsAssessmentCodesFFB)
    public var targetGroups: [String]?                        // 60 (FFB, KLTargetGroupsFFB)
    public var primaryTargetGroup: String?                    // the primary one of 60
    public var actionPlanCompletedOn: CalendarDate?           // when 55 became "completed" (auto; base of 61)
    public var actionPlanValidUntil: CalendarDate?            // 61 (auto)
    public var recommendationStartedOn: CalendarDate?         // 62 (auto)
    /// The recommendation goes to the visitation committee (WF-13): weekly hours above the municipality's
    /// threshold, or a residential offer.
    public var visitationCommittee: Bool?
    /// The committee's meetings on the recommendation (WF-13).
    public var committeeReviews: [CommitteeReview]?
    public init() {}
}

/// Everything a caseworker (and, for delivery, a provider) records on a case, as one document.
/// The API exposes it as the case resource; updates are JSON merge patches against it.
public struct CaseDocument: Codable, Sendable, Equatable {
    public var opening = OpeningData()
    public var investigation = InvestigationData()
    public var assessment = AssessmentData()
    public var goals: [Goal] = []
    public var interventions: [Intervention] = []
    public var followUps: [FollowUp] = []
    /// Complaints about the case's decisions (WF-31).
    public var complaints: [Complaint] = []
    public init() {}

    enum CodingKeys: String, CodingKey { case opening, investigation, assessment, goals, interventions, followUps, complaints }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        opening = try c.decodeIfPresent(OpeningData.self, forKey: .opening) ?? OpeningData()
        investigation = try c.decodeIfPresent(InvestigationData.self, forKey: .investigation) ?? InvestigationData()
        assessment = try c.decodeIfPresent(AssessmentData.self, forKey: .assessment) ?? AssessmentData()
        goals = try c.decodeIfPresent([Goal].self, forKey: .goals) ?? []
        interventions = try c.decodeIfPresent([Intervention].self, forKey: .interventions) ?? []
        followUps = try c.decodeIfPresent([FollowUp].self, forKey: .followUps) ?? []
        complaints = try c.decodeIfPresent([Complaint].self, forKey: .complaints) ?? []
    }

    /// The facts the phase state machine needs.
    public var transitionFacts: TransitionFacts {
        TransitionFacts(
            clearCase: opening.clearCase == true,
            proposedInterventions: interventions.count,
            decidedInterventions: interventions.filter { $0.decision?.outcome != nil }.count,
            grantedInterventions: interventions.filter { $0.decision?.outcome == .granted }.count,
            orderedInterventions: interventions.filter { $0.order?.orderedOn != nil }.count,
            startedInterventions: interventions.filter { $0.delivery?.startDate != nil }.count)
    }
}

// MARK: - Encoding: explicit nulls in API representations

extension CodingUserInfoKey {
    /// Set to `true` on an encoder that writes an API representation: every optional field of the case
    /// document is then written, as `null` when it has no value (the API's one null policy). Storage leaves
    /// it unset and omits empty fields.
    public static let explicitNulls = CodingUserInfoKey(rawValue: "openvum.explicitNulls")!
}

extension KeyedEncodingContainer {
    /// `value`, or `null` when empty and `explicitNull` is set, or nothing.
    mutating func encodeField<T: Encodable>(_ value: T?, forKey key: Key, explicitNull: Bool) throws {
        if let value { try encode(value, forKey: key) } else if explicitNull { try encodeNil(forKey: key) }
    }
}

extension CodedService {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encodeField(paragraph, forKey: .paragraph, explicitNull: nulls)
    }
}

extension OpeningData {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(openedOn, forKey: .openedOn, explicitNull: nulls)
        try c.encodeField(origin, forKey: .origin, explicitNull: nulls)
        try c.encodeField(inquirer, forKey: .inquirer, explicitNull: nulls)
        try c.encodeField(citizenAgrees, forKey: .citizenAgrees, explicitNull: nulls)
        try c.encodeField(clearCase, forKey: .clearCase, explicitNull: nulls)
        try c.encodeField(clearCaseServiceType, forKey: .clearCaseServiceType, explicitNull: nulls)
        try c.encodeField(clearCaseOfferType, forKey: .clearCaseOfferType, explicitNull: nulls)
        try c.encodeField(guardianship, forKey: .guardianship, explicitNull: nulls)
        try c.encodeField(guardianshipForm, forKey: .guardianshipForm, explicitNull: nulls)
        try c.encodeField(guardianshipInvestigation, forKey: .guardianshipInvestigation, explicitNull: nulls)
        try c.encodeField(informedOfRepresentationRight, forKey: .informedOfRepresentationRight, explicitNull: nulls)
        try c.encodeField(represented, forKey: .represented, explicitNull: nulls)
        try c.encodeField(representationForm, forKey: .representationForm, explicitNull: nulls)
        try c.encodeField(informedOfElectronicRegistration, forKey: .informedOfElectronicRegistration, explicitNull: nulls)
        try c.encodeField(consent, forKey: .consent, explicitNull: nulls)
        try c.encodeField(consentForm, forKey: .consentForm, explicitNull: nulls)
        try c.encodeField(consentCollectFrom, forKey: .consentCollectFrom, explicitNull: nulls)
        try c.encodeField(consentDiscloseTo, forKey: .consentDiscloseTo, explicitNull: nulls)
        try c.encodeField(holisticGuidance, forKey: .holisticGuidance, explicitNull: nulls)
        try c.encodeField(otherActingMunicipality, forKey: .otherActingMunicipality, explicitNull: nulls)
        try c.encodeField(otherPayingMunicipality, forKey: .otherPayingMunicipality, explicitNull: nulls)
        try c.encodeField(inquiryCount, forKey: .inquiryCount, explicitNull: nulls)
        try c.encodeField(caseCount, forKey: .caseCount, explicitNull: nulls)
        try c.encodeField(ageGroup, forKey: .ageGroup, explicitNull: nulls)
        try c.encodeField(paragraphsAppliedFor, forKey: .paragraphsAppliedFor, explicitNull: nulls)
    }
}

extension FunctionalLevel {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subtheme, forKey: .subtheme)
        try c.encode(level, forKey: .level)
        try c.encodeField(severity, forKey: .severity, explicitNull: nulls)
        try c.encodeField(assessedOn, forKey: .assessedOn, explicitNull: nulls)
    }
}

extension InvestigationData {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(startedOn, forKey: .startedOn, explicitNull: nulls)
        try c.encodeField(assessedSubthemes, forKey: .assessedSubthemes, explicitNull: nulls)
        try c.encodeField(functionalLevels, forKey: .functionalLevels, explicitNull: nulls)
        try c.encodeField(overallFunctionalAssessment, forKey: .overallFunctionalAssessment, explicitNull: nulls)
    }
}

extension AssessmentData {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(startedOn, forKey: .startedOn, explicitNull: nulls)
        try c.encodeField(sharedGoalFollowUpDate, forKey: .sharedGoalFollowUpDate, explicitNull: nulls)
        try c.encodeField(civilSocietyInterventions, forKey: .civilSocietyInterventions, explicitNull: nulls)
        try c.encodeField(expectedTotalPrice, forKey: .expectedTotalPrice, explicitNull: nulls)
        try c.encodeField(actionPlanOffered, forKey: .actionPlanOffered, explicitNull: nulls)
        try c.encodeField(actionPlanWish, forKey: .actionPlanWish, explicitNull: nulls)
        try c.encodeField(actionPlanStatus, forKey: .actionPlanStatus, explicitNull: nulls)
        try c.encodeField(holisticPlanOffered, forKey: .holisticPlanOffered, explicitNull: nulls)
        try c.encodeField(holisticPlanWish, forKey: .holisticPlanWish, explicitNull: nulls)
        try c.encodeField(holisticPlanStatus, forKey: .holisticPlanStatus, explicitNull: nulls)
        try c.encodeField(currentSupportNeed, forKey: .currentSupportNeed, explicitNull: nulls)
        try c.encodeField(targetGroups, forKey: .targetGroups, explicitNull: nulls)
        try c.encodeField(primaryTargetGroup, forKey: .primaryTargetGroup, explicitNull: nulls)
        try c.encodeField(actionPlanCompletedOn, forKey: .actionPlanCompletedOn, explicitNull: nulls)
        try c.encodeField(actionPlanValidUntil, forKey: .actionPlanValidUntil, explicitNull: nulls)
        try c.encodeField(recommendationStartedOn, forKey: .recommendationStartedOn, explicitNull: nulls)
        try c.encodeField(visitationCommittee, forKey: .visitationCommittee, explicitNull: nulls)
        try c.encodeField(committeeReviews, forKey: .committeeReviews, explicitNull: nulls)
    }
}
