import Foundation

/// ID 2: how the case arose.
public enum CaseOrigin: String, DanishLabelled {
    case inquiry, followUp, ownInitiative
    public var danishName: String {
        switch self {
        case .inquiry: "Henvendelse"
        case .followUp: "Opfølgning"
        case .ownInitiative: "Egen drift"
        }
    }
}

/// Who made the inquiry (seed 000: "Henvendelser (hvem har henvendt sig)").
public enum Inquirer: String, DanishLabelled {
    case citizen, relative, guardian, generalPractitioner, hospital, psychiatry, otherMunicipality, provider, otherAuthority, probationService,
         childrenAndYouth, other
    public var danishName: String {
        switch self {
        case .citizen: "Borgeren selv"
        case .relative: "Pårørende eller netværk"
        case .guardian: "Værge"
        case .generalPractitioner: "Egen læge"
        case .hospital: "Hospital"
        case .psychiatry: "Psykiatrien"
        case .otherMunicipality: "Anden kommune"
        case .provider: "Leverandør eller tilbud"
        case .otherAuthority: "Anden forvaltning"
        case .probationService: "Kriminalforsorgen"
        case .childrenAndYouth: "Børne- og ungeområdet"
        case .other: "Andre"
        }
    }
}

/// ID 8.
public enum GuardianshipForm: String, DanishLabelled {
    case economic, personal, personalAndEconomic, deprivationOfLegalCapacity, consentGuardianship
    public var danishName: String {
        switch self {
        case .economic: "Økonomisk værgemål (værgemålslovens § 5)"
        case .personal: "Personligt værgemål (værgemålslovens § 5)"
        case .personalAndEconomic: "Personligt og økonomisk værgemål (værgemålslovens § 5)"
        case .deprivationOfLegalCapacity: "Værgemål med fratagelse af den retlige handleevne (§ 6)"
        case .consentGuardianship: "Samtykkeværgemål (§ 7)"
        }
    }
}

/// ID 12.
public enum RepresentationForm: String, DanishLabelled {
    case supporter, partyRepresentative, both
    public var danishName: String {
        switch self {
        case .supporter: "Bisidder"
        case .partyRepresentative: "Partsrepræsentant"
        case .both: "Bisidder og partsrepræsentant"
        }
    }
}

/// ID 14.
public enum ConsentStatus: String, DanishLabelled {
    case given, refused, notRelevant, notAssessed
    public var danishName: String {
        switch self {
        case .given: "Samtykke givet"
        case .refused: "Samtykke afvist"
        case .notRelevant: "Ikke relevant"
        case .notAssessed: "Ikke vurderet"
        }
    }
}

/// ID 15.
public enum ConsentForm: String, DanishLabelled {
    case written, oral, digital
    public var danishName: String {
        switch self {
        case .written: "Skriftligt"
        case .oral: "Mundtligt"
        case .digital: "Digitalt (fx digital signatur)"
        }
    }
}

/// IDs 16 and 17: parties information may be collected from or disclosed to.
public enum InformationParty: String, DanishLabelled {
    case generalPractitioner, hospital, psychiatry, previousOffer, provider, jobCentre, relatives, otherMunicipality, education, other
    public var danishName: String {
        switch self {
        case .generalPractitioner: "Egen læge"
        case .hospital: "Hospital"
        case .psychiatry: "Psykiatrien"
        case .previousOffer: "Tidligere tilbud"
        case .provider: "Leverandør/udfører"
        case .jobCentre: "Jobcenter"
        case .relatives: "Pårørende"
        case .otherMunicipality: "Anden kommune"
        case .education: "Uddannelsessted"
        case .other: "Andre"
        }
    }
}

/// IDs 55 and 58.
public enum PlanStatus: String, DanishLabelled {
    case notStarted, inProgress, completed, declined
    public var danishName: String {
        switch self {
        case .notStarted: "Ikke påbegyndt"
        case .inProgress: "Under udarbejdelse"
        case .completed: "Udarbejdet"
        case .declined: "Fravalgt af borgeren"
        }
    }
}

/// ID 44.
public enum ServiceUnit: String, DanishLabelled {
    case hour, day, workday, week, month, visit, piece
    public var danishName: String {
        switch self {
        case .hour: "Time"
        case .day: "Døgn"
        case .workday: "Dag"
        case .week: "Uge"
        case .month: "Måned"
        case .visit: "Besøg"
        case .piece: "Stk."
        }
    }

    /// A quantity as a caseworker says it: "1 time", "39 timer", "2,5 timer".
    public func quantity(_ n: Decimal) -> String {
        "\(n.danish) \(n == 1 ? danishName.lowercased() : danishPlural)"
    }

    /// The plural form, for letters ("3 timer pr. uge").
    public var danishPlural: String {
        switch self {
        case .hour: "timer"
        case .day: "døgn"
        case .workday: "dage"
        case .week: "uger"
        case .month: "måneder"
        case .visit: "besøg"
        case .piece: "stk."
        }
    }
}

/// ID 46: how often the units recur.
public enum ServiceFrequency: String, DanishLabelled {
    case perDay, perWeek, perMonth, perYear, once
    public var danishName: String {
        switch self {
        case .perDay: "Pr. dag"
        case .perWeek: "Pr. uge"
        case .perMonth: "Pr. måned"
        case .perYear: "Pr. år"
        case .once: "Én gang"
        }
    }
}

/// IDs 63/64.
public enum DecisionOutcome: String, DanishLabelled {
    case granted, refused
    public var danishName: String {
        switch self {
        case .granted: "Bevilget"
        case .refused: "Afslået"
        }
    }
}

/// ID 77.
public enum FollowUpType: String, DanishLabelled {
    case planned, significantChange
    public var danishName: String {
        switch self {
        case .planned: "Planlagt opfølgning"
        case .significantChange: "Opfølgning som følge af markant ændring"
        }
    }
}

/// ID 79: what happens with each goal from here (the case-history format's `fortsaet`, `juster`,
/// `afslut_opnaaet`; a goal may also be dropped unmet).
public enum GoalForwardDecision: String, DanishLabelled {
    case `continue`, reformulate, achieved, delete
    public var danishName: String {
        switch self {
        case .continue: "Fortsættes"
        case .reformulate: "Justeres"
        case .achieved: "Afsluttes – målet er nået"
        case .delete: "Afsluttes uden at være nået"
        }
    }
    /// Whether the goal ends with this decision (no further follow-up on it).
    public var endsGoal: Bool { self == .achieved || self == .delete }
}

/// Why an intervention was refused (ID 63; the case-history format's `ikke_i_personkredsen`,
/// `behov_daekket_af_andet_tilbud`, `ikke_noedvendig`).
public enum RefusalReason: String, DanishLabelled {
    case notInTargetGroup, needCoveredByOtherOffer, notNecessary
    public var danishName: String {
        switch self {
        case .notInTargetGroup: "Ikke i personkredsen"
        case .needCoveredByOtherOffer: "Behovet er dækket af et andet tilbud"
        case .notNecessary: "Indsatsen er ikke nødvendig"
        }
    }
}

/// The visitation committee's decision on a recommendation (WF-13).
public enum CommitteeOutcome: String, DanishLabelled {
    case approved, approvedWithChanges, rejected, postponed
    public var danishName: String {
        switch self {
        case .approved: "Godkendt"
        case .approvedWithChanges: "Godkendt med ændringer"
        case .rejected: "Ikke godkendt"
        case .postponed: "Udsat"
        }
    }
}

/// Ankestyrelsen's outcome of a complaint (WF-31).
public enum AppealOutcome: String, DanishLabelled {
    case upheld, remitted, changed, reversed
    public var danishName: String {
        switch self {
        case .upheld: "Stadfæstet"
        case .remitted: "Hjemvist"
        case .changed: "Ændret"
        case .reversed: "Ophævet"
        }
    }
}

/// Why a case changes hands (WF-29; the case-history format's `omfordeling`, `sygdom`, `opsigelse`).
public enum AssignmentReason: String, DanishLabelled {
    case redistribution, illness, resignation
    public var danishName: String {
        switch self {
        case .redistribution: "Omfordeling"
        case .illness: "Sygdom"
        case .resignation: "Opsigelse"
        }
    }
}

/// Why a case was closed (the case-history format's `afslag`, `ikke_indforstaaet`, `henlagt`,
/// `indsats_afsluttet`, `fraflyttet`, and death).
public enum CloseReason: String, DanishLabelled {
    case refused, citizenDoesNotAgree, withdrawn, interventionEnded, movedAway, died
    public var danishName: String {
        switch self {
        case .refused: "Afslag"
        case .citizenDoesNotAgree: "Borgeren er ikke indforstået"
        case .withdrawn: "Henlagt – ansøgningen er trukket tilbage"
        case .interventionEnded: "Indsatsen er afsluttet"
        case .movedAway: "Borgeren er fraflyttet kommunen"
        case .died: "Borgeren er død"
        }
    }
}

/// Why an intervention ended (the format's `udloebet`, `afsluttet_ved_opfoelgning`, `visiteret_til_ny`,
/// `fraflytning`, `sag_afsluttet`; and an ordered intervention that never started).
public enum InterventionEndReason: String, DanishLabelled {
    case expired, endedAtFollowUp, revisited, movedAway, caseClosed, neverStarted
    public var danishName: String {
        switch self {
        case .expired: "Udløbet"
        case .endedAtFollowUp: "Afsluttet ved opfølgning"
        case .revisited: "Afsluttet og visiteret til ny indsats"
        case .movedAway: "Fraflytning"
        case .caseClosed: "Sagen er afsluttet"
        case .neverStarted: "Indsatsen blev aldrig påbegyndt"
        }
    }
}

/// What a follow-up led to (seed 000: the follow-up's result).
public enum FollowUpOutcome: String, DanishLabelled {
    case unchanged, goalChanged, interventionChanged
    public var danishName: String {
        switch self {
        case .unchanged: "Uændret"
        case .goalChanged: "Mål ændret"
        case .interventionChanged: "Indsats ændret"
        }
    }
}

/// ID 81.
public enum Wellbeing: String, DanishLabelled {
    case good, someProblems, seriousProblems, notAssessed
    public var danishName: String {
        switch self {
        case .good: "Trives"
        case .someProblems: "Nogle trivselsproblemer"
        case .seriousProblems: "Alvorlige trivselsproblemer"
        case .notAssessed: "Ikke vurderet"
        }
    }
}

/// ID 23: age groups (derived from the CPR number's birth date at the opening date).
public enum AgeGroup: String, DanishLabelled {
    case under18 = "0-17", from18to24 = "18-24", from25to34 = "25-34", from35to44 = "35-44", from45to54 = "45-54"
    case from55to64 = "55-64", from65to74 = "65-74", from75 = "75+"

    public var danishName: String { rawValue == "75+" ? "75 år og derover" : "\(rawValue) år" }

    /// Age in whole years on `day` (figures.md: whole years on R).
    public static func age(birthDate: CalendarDate, on day: CalendarDate) -> Int {
        var age = day.year - birthDate.year
        if (day.month, day.day) < (birthDate.month, birthDate.day) { age -= 1 }
        return age
    }

    public static func of(birthDate: CalendarDate, on day: CalendarDate) -> AgeGroup {
        switch age(birthDate: birthDate, on: day) {
        case ..<18: return .under18
        case 18...24: return .from18to24
        case 25...34: return .from25to34
        case 35...44: return .from35to44
        case 45...54: return .from45to54
        case 55...64: return .from55to64
        case 65...74: return .from65to74
        default: return .from75
        }
    }
}

extension CPRNumber {
    /// The birth date as a calendar date.
    public var birthCalendarDate: CalendarDate {
        CalendarDate(year: birthDate.year!, month: birthDate.month!, day: birthDate.day!)!
    }
}

/// The case's value sets by type name, for messages that name the allowed values ("inquiry (Henvendelse), …").
public enum CaseValueSets {
    public static let allowed: [String: String] = {
        func list<E: DanishLabelled>(_ type: E.Type) -> (String, String) {
            (String(describing: type), E.allCases.map { "\($0.rawValue) (\($0.danishName))" }.joined(separator: ", "))
        }
        return Dictionary(uniqueKeysWithValues: [
            list(TriState.self), list(CaseOrigin.self), list(Inquirer.self), list(GuardianshipForm.self), list(RepresentationForm.self),
            list(ConsentStatus.self), list(ConsentForm.self), list(InformationParty.self), list(PlanStatus.self), list(ServiceUnit.self),
            list(ServiceFrequency.self), list(DecisionOutcome.self), list(FollowUpType.self), list(GoalForwardDecision.self), list(FollowUpOutcome.self), list(Wellbeing.self),
            list(CloseReason.self), list(InterventionEndReason.self), list(AssignmentReason.self), list(RefusalReason.self), list(CommitteeOutcome.self), list(AppealOutcome.self),
            list(AgeGroup.self),
        ])
    }()
}
