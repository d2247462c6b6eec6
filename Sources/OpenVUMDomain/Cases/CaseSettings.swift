import Foundation

/// Municipal settings that change how cases behave (seed 001: municipalities must not have to change practice).
public struct CaseSettings: Codable, Sendable, Equatable {
    public enum CaseConcept: String, Codable, Sendable, CaseIterable {
        /// One long citizen case that holds every application.
        case longCitizenCase
        /// A single case per application.
        case singleCases
        public var danishName: String { self == .longCitizenCase ? "Én lang borgersag" : "Enkeltsager pr. ansøgning" }
    }
    /// Seed 001 option B: the Ydelsesindeks gets that a grant exists (level 1: period, legal basis, status), or also
    /// what was granted (level 2: the FFB classification, the scope and the provider).
    public enum GrantIndexDetail: String, Codable, Sendable, CaseIterable {
        case level1
        case level2
        public var danishName: String { self == .level1 ? "Niveau 1: bevilling, periode og hjemmel" : "Niveau 2: også ydelsen (FFB), omfang og leverandør" }
    }
    public enum KLELevels: String, Codable, Sendable, CaseIterable {
        /// One KLE emne per case.
        case single
        /// KLE emne plus further emner on several levels (e.g. a care-and-social KLE).
        case multiple
        public var danishName: String { self == .single ? "Ét niveau" : "Flere niveauer" }
    }

    public var caseConcept: CaseConcept = .singleCases
    public var grantMustBelongToCase = true
    public var closingEvent: ClosingEvent = .endOfDelivery
    public var kleLevels: KLELevels = .single
    /// How much of a grant goes to the Ydelsesindeks (seed 001 option B; issue 16 item 3).
    public var grantIndexDetail: GrantIndexDetail = .level2
    /// Local deadlines in calendar days, per pair of milestones (figures.md T1.5; keys are `DueKind` slugs
    /// other than `follow_up`). Local practice, not law.
    public var deadlineDays: [String: Int] = CaseSettings.defaultDeadlineDays
    /// Months an action plan (§ 141) is valid after it is completed (ID 61). A local setting: the law sets no
    /// validity.
    public var actionPlanValidityMonths = 12
    /// Months between personal supervisions (SEL § 148 requires supervision; the cadence is a local setting),
    /// per case in delivery or follow-up.
    public var personalSupervisionMonths = 12
    /// Reminders appear this many days before a deadline.
    public var reminderLeadDays = 14
    /// Days before a planned follow-up that the provider is reminded of the status report (issue 13 item 5; a local
    /// setting).
    public var statusReportLeadDays = StatusReportRules.defaultLeadDays
    /// Hours per week above which a recommendation goes to the visitation committee (WF-13; a local setting).
    public var visitationCommitteeHoursPerWeek: Decimal = 8
    /// How citizens reach the social authority (the decision letter's sender and complaint address).
    public var contact = MunicipalityContact()
    /// The municipality's organisation UUID in KOMBIT's STS Organisation: the FFB report names it as the citizen's
    /// managing organisation (issue 16 item 4). Until it is set, every FFB report breaks the profile and is held back.
    public var kombitOrganisationId: UUID?

    public init() {}

    /// The case-history format's defaults (and VUM practice): 14, 30, 21, 60, 14 and 30 days.
    public static let defaultDeadlineDays: [String: Int] = [
        DueKind.openingToInvestigation.rawValue: 14, DueKind.investigationToAssessment.rawValue: 30,
        DueKind.assessmentToDecision.rawValue: 21, DueKind.openingToDecision.rawValue: 60,
        DueKind.decisionToOrder.rawValue: 14, DueKind.orderToDeliveryStart.rawValue: 30,
    ]

    /// The local deadline of a pair, if the municipality has one.
    public func deadlineDays(_ kind: DueKind) -> Int? { deadlineDays[kind.rawValue] }

    /// The settings' field names in the API (an update may name only these).
    public static let fieldNames: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case caseConcept, grantMustBelongToCase, closingEvent, kleLevels, grantIndexDetail, deadlineDays, actionPlanValidityMonths, personalSupervisionMonths, reminderLeadDays, statusReportLeadDays, visitationCommitteeHoursPerWeek, contact, kombitOrganisationId
    }

    /// Missing keys take their defaults, so settings stored before a new setting existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CaseSettings()
        caseConcept = try c.decodeIfPresent(CaseConcept.self, forKey: .caseConcept) ?? d.caseConcept
        grantMustBelongToCase = try c.decodeIfPresent(Bool.self, forKey: .grantMustBelongToCase) ?? d.grantMustBelongToCase
        closingEvent = try c.decodeIfPresent(ClosingEvent.self, forKey: .closingEvent) ?? d.closingEvent
        kleLevels = try c.decodeIfPresent(KLELevels.self, forKey: .kleLevels) ?? d.kleLevels
        grantIndexDetail = try c.decodeIfPresent(GrantIndexDetail.self, forKey: .grantIndexDetail) ?? d.grantIndexDetail
        deadlineDays = try c.decodeIfPresent([String: Int].self, forKey: .deadlineDays) ?? d.deadlineDays
        actionPlanValidityMonths = try c.decodeIfPresent(Int.self, forKey: .actionPlanValidityMonths) ?? d.actionPlanValidityMonths
        personalSupervisionMonths = try c.decodeIfPresent(Int.self, forKey: .personalSupervisionMonths) ?? d.personalSupervisionMonths
        reminderLeadDays = try c.decodeIfPresent(Int.self, forKey: .reminderLeadDays) ?? d.reminderLeadDays
        statusReportLeadDays = try c.decodeIfPresent(Int.self, forKey: .statusReportLeadDays) ?? d.statusReportLeadDays
        visitationCommitteeHoursPerWeek = try c.decodeIfPresent(Decimal.self, forKey: .visitationCommitteeHoursPerWeek) ?? d.visitationCommitteeHoursPerWeek
        contact = try c.decodeIfPresent(MunicipalityContact.self, forKey: .contact) ?? d.contact
        kombitOrganisationId = try c.decodeIfPresent(UUID.self, forKey: .kombitOrganisationId)
    }

    /// Every setting, an unset one as `null` (the API's one null policy).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseConcept, forKey: .caseConcept)
        try c.encode(grantMustBelongToCase, forKey: .grantMustBelongToCase)
        try c.encode(closingEvent, forKey: .closingEvent)
        try c.encode(kleLevels, forKey: .kleLevels)
        try c.encode(grantIndexDetail, forKey: .grantIndexDetail)
        try c.encode(deadlineDays, forKey: .deadlineDays)
        try c.encode(actionPlanValidityMonths, forKey: .actionPlanValidityMonths)
        try c.encode(personalSupervisionMonths, forKey: .personalSupervisionMonths)
        try c.encode(reminderLeadDays, forKey: .reminderLeadDays)
        try c.encode(statusReportLeadDays, forKey: .statusReportLeadDays)
        try c.encode(visitationCommitteeHoursPerWeek, forKey: .visitationCommitteeHoursPerWeek)
        try c.encode(contact, forKey: .contact)
        try c.encodeField(kombitOrganisationId, forKey: .kombitOrganisationId, explicitNull: true)
    }

    public func validate() throws(DomainError) {
        var e = FieldErrorCollector()
        for (pair, days) in deadlineDays {
            if DueKind(rawValue: pair) == nil || pair == DueKind.followUp.rawValue {
                e.add("deadlineDays.\(pair)", "Ukendt frist: \(pair). Brug \(DueKind.phasePairs.map(\.rawValue).joined(separator: ", ")).")
            }
            if !(1...730).contains(days) { e.add("deadlineDays.\(pair)", "Fristen skal være 1–730 dage.") }
        }
        if !(1...60).contains(actionPlanValidityMonths) { e.add("actionPlanValidityMonths", "Skal være 1–60 måneder.") }
        if !(1...60).contains(personalSupervisionMonths) { e.add("personalSupervisionMonths", "Skal være 1–60 måneder.") }
        if !(0...90).contains(reminderLeadDays) { e.add("reminderLeadDays", "Skal være 0–90 dage.") }
        if !(1...90).contains(statusReportLeadDays) { e.add("statusReportLeadDays", "Skal være 1–90 dage.") }
        if !(0...168).contains(visitationCommitteeHoursPerWeek) || !visitationCommitteeHoursPerWeek.hasAtMost(places: 2) {
            e.add("visitationCommitteeHoursPerWeek", "Skal være 0–168 timer pr. uge med højst to decimaler.")
        }
        do { _ = try contact.normalised() } catch { for f in error.fieldErrors { e.add(f.field, f.message) } }
        try e.throwIfAny()
    }
}

/// What the rules need besides the document.
public struct CaseContext: Sendable {
    public var phase: CasePhase
    public var today: CalendarDate
    public var openedOn: CalendarDate
    public var citizenBirthDate: CalendarDate
    public var inquiryCount: Int
    public var caseCount: Int
    public var settings: CaseSettings
    public var terminology: any TerminologyLookup
    /// The days the case was closed on (it may have been reopened since), earliest first.
    public var closings: [CalendarDate]
    /// What the provider register knows about the offers the case's orders name (IDs 69–71), by offer unit.
    public var offers: [UUID: OfferRegisterEntry] = [:]
    /// The days a provider reported a use of force on the case's orders (ID 82 is derived from them).
    public var useOfForceDates: [CalendarDate] = []

    public init(phase: CasePhase, today: CalendarDate, openedOn: CalendarDate, citizenBirthDate: CalendarDate, inquiryCount: Int,
                caseCount: Int, settings: CaseSettings, terminology: any TerminologyLookup, closings: [CalendarDate] = []) {
        self.phase = phase
        self.today = today
        self.openedOn = openedOn
        self.citizenBirthDate = citizenBirthDate
        self.inquiryCount = inquiryCount
        self.caseCount = caseCount
        self.settings = settings
        self.terminology = terminology
        self.closings = closings
    }
}

/// An offer's payment details in the provider register (IDs 69–71): an order to the offer takes them from
/// here instead of having them typed.
public struct OfferRegisterEntry: Sendable, Equatable, Codable {
    public var pNumber: String?
    public var ean: String?
    public var account: String?
    public init(pNumber: String? = nil, ean: String? = nil, account: String? = nil) {
        self.pNumber = pNumber
        self.ean = ean
        self.account = account
    }

    public var isEmpty: Bool { pNumber == nil && ean == nil && account == nil }

    /// The entry as saved (trimmed, empty as none), or a Danish error per field: a P-number of 10 digits, an
    /// EAN (GLN) of 13 digits with a valid GS1 check digit, an account of at most 40 characters.
    public static func validated(pNumber: String?, ean: String?, account: String?) throws(DomainError) -> OfferRegisterEntry {
        func clean(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        let entry = OfferRegisterEntry(pNumber: clean(pNumber), ean: clean(ean), account: clean(account))
        var e = FieldErrorCollector()
        if let p = entry.pNumber, !CaseRules.isValidPNumber(p) { e.add("pNumber", "P-nummeret skal være 10 cifre.") }
        if let n = entry.ean, !CaseRules.isValidGLN(n) { e.add("ean", "EAN-nummeret skal være 13 cifre med gyldigt kontrolciffer.") }
        if let a = entry.account, a.count > 40 { e.add("account", "Kontonummeret må højst være 40 tegn.") }
        try e.throwIfAny()
        return entry
    }
}
