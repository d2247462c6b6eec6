import Foundation

/// The case-history format's enumeration slugs and OpenVUM's values, one table each.
public enum HistorySlugs {
    public static let origin: [String: CaseOrigin] = ["henvendelse": .inquiry, "opfoelgning": .followUp, "egen_drift": .ownInitiative]
    public static let inquirer: [String: Inquirer] = [
        "borger": .citizen, "paaroerende": .relative, "vaerge": .guardian, "egen_laege": .generalPractitioner, "hospital": .hospital,
        "psykiatrien": .psychiatry, "anden_forvaltning": .otherAuthority, "kriminalforsorgen": .probationService, "anden_kommune": .otherMunicipality,
        "leverandoer": .provider, "boerne_ungeomraadet": .childrenAndYouth, "andre": .other,
    ]
    public static let guardianshipForm: [String: GuardianshipForm] = [
        "oekonomisk_5": .economic, "personligt_5": .personal, "oekonomisk_og_personligt_5": .personalAndEconomic,
        "fratagelse_handleevne_6": .deprivationOfLegalCapacity, "samtykkevaergemaal_7": .consentGuardianship,
    ]
    public static let representationForm: [String: RepresentationForm] = ["bisidder": .supporter, "partsrepraesentant": .partyRepresentative]
    public static let consentForm: [String: ConsentForm] = ["skriftligt": .written, "mundtligt": .oral, "digitalt": .digital]
    public static let party: [String: InformationParty] = [
        "egen_laege": .generalPractitioner, "hospital": .hospital, "psykiatrien": .psychiatry, "tidligere_tilbud": .previousOffer,
        "leverandoer": .provider, "udfoerer": .provider, "jobcenter": .jobCentre, "paaroerende": .relatives, "anden_kommune": .otherMunicipality,
        "uddannelsessted": .education, "uddannelse": .education, "andre": .other,
    ]
    public static let planStatus: [String: PlanStatus] = ["ikke_udarbejdet": .notStarted, "under_udarbejdelse": .inProgress, "udarbejdet": .completed]
    public static let unit: [String: ServiceUnit] = ["time": .hour, "dag": .workday, "doegn": .day, "maaned": .month, "uge": .week]
    public static let frequency: [String: ServiceFrequency] = ["doegn": .perDay, "dag": .perDay, "uge": .perWeek, "maaned": .perMonth, "aar": .perYear]
    public static let outcome: [String: DecisionOutcome] = ["bevilget": .granted, "afslaaet": .refused]
    public static let refusalReason: [String: RefusalReason] = [
        "ikke_i_personkredsen": .notInTargetGroup, "behov_daekket_af_andet_tilbud": .needCoveredByOtherOffer, "ikke_noedvendig": .notNecessary,
    ]
    public static let followUpType: [String: FollowUpType] = ["planlagt": .planned, "markant_aendring": .significantChange]
    public static let goalDecision: [String: GoalForwardDecision] = ["fortsaet": .continue, "juster": .reformulate, "afslut_opnaaet": .achieved, "afslut": .delete]
    public static let followUpOutcome: [String: FollowUpOutcome] = ["uaendret": .unchanged, "aendret_maal": .goalChanged, "aendret_indsats": .interventionChanged]
    public static let closeReason: [String: CloseReason] = [
        "afslag": .refused, "ikke_indforstaaet": .citizenDoesNotAgree, "henlagt": .withdrawn, "indsats_afsluttet": .interventionEnded,
        "fraflyttet": .movedAway, "doed": .died,
    ]
    public static let endReason: [String: InterventionEndReason] = [
        "udloebet": .expired, "afsluttet_ved_opfoelgning": .endedAtFollowUp, "visiteret_til_ny": .revisited, "fraflytning": .movedAway,
        "sag_afsluttet": .caseClosed, "aldrig_startet": .neverStarted,
    ]
    public static let citizenView: [String: CitizenView] = ["tilfreds": .satisfied, "delvist_tilfreds": .partly, "utilfreds": .notSatisfied]
    public static let forceKind: [String: ForceKind] = [
        "fastholdelse": .restraint, "foerelse_til_bolig": .escortToHome, "tilbageholdelse_i_bolig": .detentionInHome, "personlig_alarm": .personalAlarm,
        "beskyttelsesmiddel": .protectiveDevice,
    ]
    public static let assignmentReason: [String: AssignmentReason] = ["omfordeling": .redistribution, "sygdom": .illness, "opsigelse": .resignation]

    /// The value for `slug`, or a Danish error naming the field and the allowed slugs.
    public static func value<E>(_ slug: String?, in table: [String: E], field: String) throws(DomainError) -> E? {
        guard let slug else { return nil }
        guard let value = table[slug] else {
            throw DomainError.validation([FieldError(field: field, message: "Ukendt værdi \"\(slug)\". Tilladte: \(table.keys.sorted().joined(separator: ", ")).")])
        }
        return value
    }

    /// true/false/null as yes/no/nothing.
    public static func tri(_ b: Bool?) -> TriState? { b.map { $0 ? .yes : .no } }
}
