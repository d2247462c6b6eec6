import Foundation

/// A municipality's existing cases in the case-history format (`spec/case-history-format.md`): the
/// organisation and every citizen's dated events. Decoded leniently where the format leaves key names open
/// (a caseworker's team as `teamId` or `team`); values are checked when the events are replayed.
public struct CaseHistoryFile: Decodable, Sendable {
    public var format: String
    public var formatVersion: Int
    public var referenceDate: CalendarDate
    public var municipality: Municipality
    public var otherMunicipalities: [OtherMunicipality]?
    public var citizens: [Citizen]

    public static let formats: Set<String> = ["openvum-case-history", "openvum-acceptance-dataset"]

    public struct OtherMunicipality: Codable, Sendable { public var code: String; public var name: String }

    public struct Municipality: Decodable, Sendable {
        public var code: String
        public var name: String
        public var settings: Settings?
        public var teams: [Team]
        public var caseworkers: [Caseworker]
        public var providers: [Provider]?
    }

    public struct Settings: Decodable, Sendable {
        public var deadlinesDays: [String: Int]?
        public var visitationCommitteeThresholdHoursPerWeek: Decimal?
        public var personalSupervisionWindowDays: Int?
        public var statusReportLeadDays: Int?
    }

    public struct Team: Decodable, Sendable { public var id: String; public var name: String }

    public struct Caseworker: Decodable, Sendable {
        public var id: String
        public var name: String
        public var teamId: String
        /// An existing user to map this caseworker to (extension: the demo maps CW1 to `sagsbehandler`).
        public var username: String?
        enum CodingKeys: String, CodingKey { case id, name, teamId, team, username }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            name = try c.decode(String.self, forKey: .name)
            teamId = try c.decodeIfPresent(String.self, forKey: .teamId) ?? c.decode(String.self, forKey: .team)
            username = try c.decodeIfPresent(String.self, forKey: .username)
        }
    }

    public struct Provider: Decodable, Sendable {
        public var id: String
        public var name: String
        public var kind: String?
        public var offers: [Offer]
        /// The provider's P-number (69), EAN (70) and account (71), when the file gives them: its offers' entries
        /// in the provider register.
        public var pNumber: String?
        public var ean: String?
        public var providerAccount: String?
    }

    public struct Offer: Decodable, Sendable {
        public var id: String
        public var name: String
        /// An offer's own P-number, EAN and account, when they differ from its provider's.
        public var pNumber: String?
        public var ean: String?
        public var providerAccount: String?
    }

    public struct Code: Codable, Sendable, Equatable {
        public var code: String
        public var display: String?
    }

    public struct Citizen: Decodable, Sendable {
        public var citizenId: String
        public var cpr: String
        public var givenName: String
        public var familyName: String
        public var `case`: Case
    }

    public struct Case: Decodable, Sendable {
        public var caseId: String
        public var events: [Event]
    }

    public struct Guardianship: Decodable, Sendable { public var hasGuardian: Bool?; public var form: String?; public var needsFurtherInvestigation: Bool? }
    public struct Representation: Decodable, Sendable { public var informedOfRight: Bool?; public var represented: Bool?; public var form: String? }
    public struct Consent: Decodable, Sendable { public var given: Bool?; public var form: String?; public var collectFrom: [String]?; public var discloseTo: [String]? }
    public struct KLE: Decodable, Sendable { public var number: String; public var title: String? }
    public struct TargetGroup: Decodable, Sendable { public var code: String; public var display: String?; public var primary: Bool? }
    public struct Level: Decodable, Sendable { public var subtheme: CodeOrString; public var level: Decimal }

    /// An FFB code written as `{"code", "display"}` or as the bare code.
    public struct CodeOrString: Decodable, Sendable, Equatable {
        public var code: String
        public init(from decoder: any Decoder) throws {
            if let s = try? decoder.singleValueContainer().decode(String.self) { code = s; return }
            code = try Code(from: decoder).code
        }
    }

    public struct Goal: Decodable, Sendable {
        public var goalId: String
        public var goalType: CodeOrString?
        public var primarySubtheme: CodeOrString?
        public var expectedLevel: Decimal?
        public var followUp: GoalFollowUp?
        public var text: String?
        // in a status_report
        public var providerLevel: Decimal?
        public var citizenView: String?
    }
    public struct GoalFollowUp: Decodable, Sendable { public var mode: String; public var date: CalendarDate? }

    public struct Service: Decodable, Sendable {
        public var code: String
        public var display: String?
        public var legalBasis: String?
        public var expectedStart: CalendarDate?
        public var expectedEnd: CalendarDate?
    }
    public struct Supplement: Decodable, Sendable { public var description: String; public var amountOre: Int }
    public struct Price: Decodable, Sendable {
        public var unit: String
        public var unitsPerPeriod: Decimal
        public var frequency: String
        public var repetitions: Int
        public var unitPriceOre: Int
        public var supplements: [Supplement]?
    }
    public struct Intervention: Decodable, Sendable {
        public var interventionId: String
        public var providerId: String?
        public var offerId: String?
        public var offerType: Code?
        public var legalBasis: String?
        public var services: [Service]?
        public var accountNumber: String?
        public var expectedStart: CalendarDate?
        public var expectedEnd: CalendarDate?
        public var noEndDate: Bool?
        public var price: Price?
    }
    /// An order's contract: its dates, the price's fields as ordered (IDs 44–48, supplements) and the contract price.
    public struct Contract: Decodable, Sendable {
        public var startDate: CalendarDate
        public var endDate: CalendarDate?
        public var price: Price
        public var contractPriceOre: Int

        enum CodingKeys: String, CodingKey { case startDate, endDate, contractPriceOre }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            startDate = try c.decode(CalendarDate.self, forKey: .startDate)
            endDate = try c.decodeIfPresent(CalendarDate.self, forKey: .endDate)
            contractPriceOre = try c.decode(Int.self, forKey: .contractPriceOre)
            price = try Price(from: decoder)
        }
    }
    public struct Alternative: Decodable, Sendable { public var description: String; public var expectedPriceOre: Int? }
    public struct DecisionItem: Decodable, Sendable {
        public var interventionId: String
        public var outcome: String
        public var grantedUnitsPerPeriod: Decimal?
        public var grantParagraph: String?
        public var refusalReason: String?
    }
    public struct InterventionStatus: Decodable, Sendable { public var interventionId: String; public var status: CodeOrString }
    public struct GoalDecision: Decodable, Sendable { public var goalId: String; public var achievedLevel: Decimal?; public var decision: String }
    public struct ServiceStart: Decodable, Sendable { public var serviceCode: String; public var startDate: CalendarDate }

    /// One dated event; which fields it has depends on `type` (the format's event table).
    public struct Event: Decodable, Sendable {
        public var eventId: String
        public var type: String
        public var date: CalendarDate
        // case_opened
        public var caseId: String?
        public var caseworkerId: String?
        public var kle: KLE?
        public var origin: String?
        public var inquirer: String?
        public var citizenAgrees: Bool?
        public var clearCase: Bool?
        public var clearCaseServiceType: CodeOrString?
        public var clearCaseOfferType: CodeOrString?
        public var guardianship: Guardianship?
        public var representation: Representation?
        public var informedOfElectronicRegistration: Bool?
        public var consent: Consent?
        public var holisticGuidance: Bool?
        public var actingMunicipality: String?
        public var payingMunicipality: String?
        // caseworker_assigned, case_closed, intervention_ended
        public var reason: String?
        // investigation_started
        public var relevantSubthemes: [CodeOrString]?
        // functional_assessment
        public var levels: [Level]?
        // recommendation, target_groups_updated
        public var recommendationId: String?
        public var targetGroups: [TargetGroup]?
        public var currentSupportNeed: CodeOrString?
        public var goals: [Goal]?
        public var civilSocietyInterventions: [String]?
        public var alternativeInterventions: [Alternative]?
        public var interventions: [Intervention]?
        public var visitationCommittee: Bool?
        // action_plan
        public var offered: Bool?
        public var citizenWants: Bool?
        public var status: String?
        public var holisticOffered: Bool?
        public var holisticCitizenWants: Bool?
        public var holisticStatus: String?
        public var validUntil: CalendarDate?
        // decision
        public var decisionId: String?
        public var items: [DecisionItem]?
        public var followUpDate: CalendarDate?
        // order, delivery, intervention_ended
        public var orderId: String?
        public var interventionId: String?
        public var providerId: String?
        public var offerId: String?
        public var pNumber: String?
        public var ean: String?
        public var providerAccount: String?
        public var coPaymentOrePerMonth: Int?
        public var coordinationNeeded: Bool?
        public var contract: Contract?
        public var interventionStartDate: CalendarDate?
        public var serviceStartDates: [ServiceStart]?
        // follow_up
        public var followUpId: String?
        public var followUpType: String?
        public var statusDate: CalendarDate?
        public var interventionStatuses: [InterventionStatus]?
        public var nextFollowUpDate: CalendarDate?
        public var goalDecisions: [GoalDecision]?
        public var personalSupervision: Bool?
        public var wellbeingProblems: Bool?
        public var useOfForceSinceLast: Bool?
        public var supportNeedBefore: CodeOrString?
        public var supportNeedAfter: CodeOrString?
        public var outcome: String?
        // hours_delivered
        public var month: String?
        public var allocatedHoursPerWeek: Decimal?
        public var deliveredHoursPerWeek: Decimal?
        // status_report
        public var significantChanges: String?
        // use_of_force
        public var kind: String?
        // payment (the actual price of a service month, `month`)
        public var paymentId: String?
        public var accountNumber: String?
        public var amountOre: Int?
    }

    /// Events no part of OpenVUM imports yet; reported as skipped. (Payments land in `payments` since issue 14.)
    public static let skippedTypes: Set<String> = []
}
