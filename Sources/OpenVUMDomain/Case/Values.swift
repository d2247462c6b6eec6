import Foundation

/// A legal calendar date (decision date, follow-up date): no time, no zone. JSON: `"YYYY-MM-DD"`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), CPRNumber.isValidDate(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The calendar date of `date` in Danish local time (Europe/Copenhagen).
    public init(_ date: Date) {
        let c = CalendarDate.calendar.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        return c
    }()

    /// A date already known to be valid (from calendar arithmetic).
    private init(valid year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// `DD-MM-ÅÅÅÅ`, as Danish letters and pages show dates.
    public var danish: String { "\(Self.pad(day, 2))-\(Self.pad(month, 2))-\(Self.pad(year, 4))" }

    /// Zero-padded decimal (a formatter costs far more, and dates are written on every list row).
    public static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Noon of this date in Copenhagen.
    public var date: Date {
        CalendarDate.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    /// Adds years and months first (the day clamped to the end of a shorter month, so 31 January plus one
    /// month is the last day of February), then days: Foundation's Gregorian rules, in integer arithmetic.
    public func adding(days: Int = 0, months: Int = 0, years: Int = 0) -> CalendarDate {
        let monthIndex = year * 12 + (month - 1) + months + years * 12
        let y = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let m = monthIndex - y * 12 + 1
        let clamped = Swift.min(day, Self.daysInMonth(year: y, month: m))
        let (yy, mm, dd) = Self.civil(fromDayNumber: Self.dayNumber(year: y, month: m, day: clamped) + days)
        return CalendarDate(valid: yy, mm, dd)
    }

    /// Whole days from `self` to `other` (negative if `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        Self.dayNumber(year: other.year, month: other.month, day: other.day) - Self.dayNumber(year: year, month: month, day: day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (civil_from_days).
    public static func civil(fromDayNumber n: Int) -> (year: Int, month: Int, day: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let value = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "Datoen skal have formen ÅÅÅÅ-MM-DD og være en rigtig dato.")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A yes/no answer that may also be "not assessed" (ikke vurderet), as VUM 2.0 asks.
public enum TriState: String, DanishLabelled {
    case yes, no, notAssessed

    public var danishName: String {
        switch self {
        case .yes: "Ja"
        case .no: "Nej"
        case .notAssessed: "Ikke vurderet"
        }
    }
}

/// A Danish-labelled enumeration: every option has a Danish name for forms and letters.
public protocol DanishLabelled: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {
    var danishName: String { get }
}

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
    case citizen, relative, guardian, generalPractitioner, hospital, psychiatry, otherMunicipality, provider, otherAuthority, other
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
    case hour, day, week, month, visit, piece
    public var danishName: String {
        switch self {
        case .hour: "Time"
        case .day: "Døgn"
        case .week: "Uge"
        case .month: "Måned"
        case .visit: "Besøg"
        case .piece: "Stk."
        }
    }

    /// The plural form, for letters ("3 timer pr. uge").
    public var danishPlural: String {
        switch self {
        case .hour: "timer"
        case .day: "døgn"
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

    /// Periods of this frequency in a year.
    public var periodsPerYear: Double {
        switch self {
        case .perDay: 365
        case .perWeek: 52
        case .perMonth: 12
        case .perYear: 1
        case .once: 1
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

/// ID 79: what happens with each goal from here.
public enum GoalForwardDecision: String, DanishLabelled {
    case `continue`, reformulate, delete
    public var danishName: String {
        switch self {
        case .continue: "Fortsættes"
        case .reformulate: "Omformuleres"
        case .delete: "Slettes"
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

    public static func of(birthDate: CalendarDate, on day: CalendarDate) -> AgeGroup {
        var age = day.year - birthDate.year
        if (day.month, day.day) < (birthDate.month, birthDate.day) { age -= 1 }
        switch age {
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
