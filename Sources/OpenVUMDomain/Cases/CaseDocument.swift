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
    public var level: Double
    /// FFB severity code (KLSeveritiesFFB) mapped from `level` (auto).
    public var severity: String?
    /// When the level was assessed (defaults to the day it was recorded).
    public var assessedOn: CalendarDate?
    public init(subtheme: String, level: Double, severity: String? = nil, assessedOn: CalendarDate? = nil) {
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
    public var actionPlanCompletedOn: CalendarDate?           // when 55 became "completed" (auto; base of 61)
    public var actionPlanValidUntil: CalendarDate?            // 61 (auto)
    public var recommendationStartedOn: CalendarDate?         // 62 (auto)
    public init() {}
}

/// Indsatsmål (IDs 29–32).
public struct Goal: Codable, Sendable, Equatable {
    public var id: UUID?
    public var text: String?
    public var goalType: String?                              // 29 (FFB, KLChangeValueCodesFFB)
    public var primaryTheme: String?                          // 30 (FFB, KLConditionADCodesFFB)
    public var expectedLevel: Double?                         // 31 (0–4)
    public var followUpDate: CalendarDate?                    // 32
    public init() {}
}

/// Omfang (ID 50): total units over the expected period, or per year for an intervention without end date.
public struct InterventionScope: Codable, Sendable, Equatable {
    public var units: Double
    public var unit: ServiceUnit
    public var perYear: Bool
}

/// Afgørelse for one intervention (IDs 63–67).
public struct InterventionDecision: Codable, Sendable, Equatable {
    public var outcome: DecisionOutcome?                      // 63/64
    public var grantedUnitsPerPeriod: Double?                 // 65
    public var paragraph: String?                             // 66
    public var followUpDate: CalendarDate?                    // 67
    public var reason: String?                                // begrundelse (for the letter)
    public var decidedOn: CalendarDate?                       // auto
    public init() {}
}

/// Bestilling of one granted intervention (IDs 68–73).
public struct InterventionOrder: Codable, Sendable, Equatable {
    public var orderedOn: CalendarDate?                       // 68 (auto)
    public var providerUnitId: UUID?                          // the offer ordered from
    public var providerPNumber: String?                       // 69
    public var providerEAN: String?                           // 70
    public var providerAccount: String?                       // 71
    public var coPayment: Int?                                // 72 (øre per month)
    public var coordinationNeeded: Bool?                      // 73
    public init() {}
}

/// Levering, recorded by the provider (IDs 74–76 of the delivery table).
public struct InterventionDelivery: Codable, Sendable, Equatable {
    public var documentedOn: CalendarDate?                    // 74 (auto)
    public var startDate: CalendarDate?                       // 75
    public var serviceStartDate: CalendarDate?                // 76
    public init() {}
}

/// An intervention (indsats) proposed in the recommendation, decided, ordered and delivered (IDs 35–51, 63–76).
public struct Intervention: Codable, Sendable, Equatable {
    public var id: UUID?
    public var services: [CodedService]?                      // 35 (FFB, KLInterventionsFFB)
    public var offers: [CodedService]?                        // 36 (FFB, KLServiceCodesFFB)
    public var accountNumber: String?                         // 37
    public var alternativesConsidered: String?                // 38
    public var expectedStartDate: CalendarDate?               // 39
    public var expectedEndDate: CalendarDate?                 // 40
    public var noEndDate: Bool?                               // 41
    public var serviceExpectedStartDate: CalendarDate?        // 42
    public var serviceExpectedEndDate: CalendarDate?          // 43
    public var unit: ServiceUnit?                             // 44
    public var unitsPerPeriod: Double?                        // 45
    public var frequency: ServiceFrequency?                   // 46
    public var periodRepetitions: Int?                        // 47
    public var unitPrice: Int?                                // 48 (øre)
    public var basePrice: Int?                                // 49 (auto, øre)
    public var scope: InterventionScope?                      // 50 (auto)
    public var expectedPrice: Int?                            // 51 (auto, øre)
    public var decision: InterventionDecision?
    public var order: InterventionOrder?
    public var delivery: InterventionDelivery?
    public init() {}
}

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

/// Everything a caseworker (and, for delivery, a provider) records on a case, as one document.
/// The API exposes it as the case resource; updates are JSON merge patches against it.
public struct CaseDocument: Codable, Sendable, Equatable {
    public var opening = OpeningData()
    public var investigation = InvestigationData()
    public var assessment = AssessmentData()
    public var goals: [Goal] = []
    public var interventions: [Intervention] = []
    public var followUps: [FollowUp] = []
    public init() {}

    enum CodingKeys: String, CodingKey { case opening, investigation, assessment, goals, interventions, followUps }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        opening = try c.decodeIfPresent(OpeningData.self, forKey: .opening) ?? OpeningData()
        investigation = try c.decodeIfPresent(InvestigationData.self, forKey: .investigation) ?? InvestigationData()
        assessment = try c.decodeIfPresent(AssessmentData.self, forKey: .assessment) ?? AssessmentData()
        goals = try c.decodeIfPresent([Goal].self, forKey: .goals) ?? []
        interventions = try c.decodeIfPresent([Intervention].self, forKey: .interventions) ?? []
        followUps = try c.decodeIfPresent([FollowUp].self, forKey: .followUps) ?? []
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
