import Foundation

/// The Ydelsesindeks entry of a grant (issue 16 item 3): KOMBIT's BevillingIndeks, built from the granted
/// intervention as the case holds it. The municipality's settings decide how much goes (`GrantIndexDetail`, seed 001
/// option B) and whether the grant is related to its case (`grantMustBelongToCase`, option C).
public enum GrantIndex {
    /// What the index needs of one granted intervention.
    public struct Grant: Sendable, Equatable {
        public var interventionID: UUID
        public var cpr: String
        public var intervention: Intervention
        /// The index key and number of the case the grant belongs to (the Sags- og Dokumentindeks's Sag).
        public var sagUUID: UUID
        public var caseNumber: String
        /// The provider ordered from, when ordered.
        public var providerName: String?
        /// The price of the grant for its payment plan: the latest order's contract, else the recommendation's.
        public var contract: PricedPeriod?

        public init(interventionID: UUID, cpr: String, intervention: Intervention, sagUUID: UUID, caseNumber: String, providerName: String? = nil,
                    contract: PricedPeriod? = nil) {
            self.interventionID = interventionID
            self.cpr = cpr
            self.intervention = intervention
            self.sagUUID = sagUUID
            self.caseNumber = caseNumber
            self.providerName = providerName
            self.contract = contract
        }
    }

    public struct Period: Sendable, Equatable, Codable {
        public var fra: CalendarDate
        public var til: CalendarDate?
    }

    public struct Code: Sendable, Equatable, Codable {
        /// The FFB code system (`KLInterventionsFFB`: the intervention; `KLServiceCodesFFB`: the service type).
        public var system: String
        public var kode: String
    }

    public struct Scope: Sendable, Equatable, Codable {
        public var enhed: String
        public var antal: Decimal
        public var frekvens: String
    }

    public struct PaymentMonth: Sendable, Equatable, Codable {
        public var maaned: String
        public var beloebOere: Int
    }

    public struct SagRelation: Sendable, Equatable, Codable {
        public var uuid: UUID
        public var sagsnummer: String
    }

    /// The entry. At level 1 `ydelse`, `omfang` and `leverandoer` are left out; with no relation to the case, so is `sag`.
    public struct Entry: Sendable, Equatable, Codable {
        public var objekttype = "BevillingIndeks"
        public var uuid: UUID
        /// `Bevilget`, or `Ophoert` once the intervention has ended.
        public var status: String
        public var bevillingsdato: CalendarDate?
        public var bevillingsperiode: Period?
        public var hjemmel: String?
        public var borger: String
        public var sag: SagRelation?
        public var ydelse: [Code]?
        public var omfang: Scope?
        public var leverandoer: String?
        /// Economic grants (`economicParagraphs`): the amounts month by month over the grant's first year.
        public var betalingsplan: [PaymentMonth]?
    }

    /// Grants paid as money to the citizen: the additional costs (SEL § 100) and the cash grant for a helper
    /// arrangement (SEL §§ 95 and 96). Their index entry carries the payment plan.
    public static let economicParagraphs: Set<String> = ["SEL § 95", "SEL § 96", "SEL § 100"]

    public static func objectKey(interventionID: UUID) -> String { "bevilling:\(interventionID.uuidString.lowercased())" }

    /// The grant's period: from the delivery's start, else the expected start, else the decision; to the day it ended,
    /// else the expected end (none when it has no end date).
    public static func period(_ i: Intervention) -> Period? {
        guard let from = i.delivery?.startDate ?? i.expectedStartDate ?? i.decision?.decidedOn else { return nil }
        let to = i.end?.endedOn ?? (i.noEndDate == true ? nil : i.expectedEndDate)
        return Period(fra: from, til: to)
    }

    /// The entry of a granted intervention with the index key `uuid`; nil when the intervention is not granted.
    public static func entry(uuid: UUID, grant g: Grant, settings: CaseSettings) -> Entry? {
        let i = g.intervention
        guard i.decision?.outcome == .granted else { return nil }
        let paragraph = i.decision?.paragraph ?? i.services?.first?.paragraph ?? i.offers?.first?.paragraph
        let detailed = settings.grantIndexDetail == .level2
        let codes = (i.services ?? []).map { Code(system: "KLInterventionsFFB", kode: $0.code) } + (i.offers ?? []).map { Code(system: "KLServiceCodesFFB", kode: $0.code) }
        let units = i.decision?.grantedUnitsPerPeriod ?? i.unitsPerPeriod
        var scope: Scope?
        if let unit = i.unit, let units, let frequency = i.frequency { scope = Scope(enhed: unit.rawValue, antal: units, frekvens: frequency.rawValue) }
        return Entry(
            uuid: uuid, status: i.end == nil ? "Bevilget" : "Ophoert", bevillingsdato: i.decision?.decidedOn, bevillingsperiode: period(i),
            hjemmel: paragraph, borger: "urn:oio:cpr-nr:\(g.cpr)",
            sag: settings.grantMustBelongToCase ? SagRelation(uuid: g.sagUUID, sagsnummer: g.caseNumber) : nil,
            ydelse: detailed ? codes : nil, omfang: detailed ? scope : nil, leverandoer: detailed ? g.providerName : nil,
            betalingsplan: paragraph.map(economicParagraphs.contains) == true ? paymentPlan(g) : nil)
    }

    /// The amounts month by month (E6, the economy's own projection rule) over the grant's first twelve months, or to
    /// its end: by the contract's price when ordered, else the recommendation's.
    public static func paymentPlan(_ g: Grant) -> [PaymentMonth] {
        let i = g.intervention
        guard let period = period(i) else { return [] }
        var expected: PricedPeriod?
        if let start = i.expectedStartDate, let f = i.frequency, let reps = i.periodRepetitions, let price = i.expectedPrice {
            expected = PricedPeriod(start: start, end: i.noEndDate == true ? nil : i.expectedEndDate, frequency: f, repetitions: reps, price: price)
        }
        let facts = GrantFacts(interventionID: g.interventionID, outcome: .granted, expected: expected, contract: g.contract, deliveryStart: i.delivery?.startDate)
        let first = YearMonth(period.fra)
        let last = min(first.adding(months: 11), period.til.map { YearMonth($0) } ?? first.adding(months: 11))
        guard first <= last, let projection = ProjectionRules.project(facts, over: YearMonth.through(first, last)) else { return [] }
        return projection.amounts.sorted { $0.key < $1.key }.map { PaymentMonth(maaned: $0.key.description, beloebOere: $0.value) }
    }

    /// A message to the index: the whole entry, the first time as registered ("Importeret"), afterwards corrected.
    public struct Message: Sendable, Equatable, Codable {
        public var livscykluskode: String
        public var registreringstidspunkt: Date
        public var bevilling: Entry
        public init(livscykluskode: String, registreringstidspunkt: Date, bevilling: Entry) {
            self.livscykluskode = livscykluskode
            self.registreringstidspunkt = registreringstidspunkt
            self.bevilling = bevilling
        }
    }

    public static let importKind = "BevillingIndeks.Importeret"
    public static let correctionKind = "BevillingIndeks.Rettet"
}
