import Foundation

/// The provider register (Tilbudsportalen-like, issue 13): who provides, their offers and the offers' rates.

/// What kind of provider runs an offer: the municipality's own, another municipality, a region or a private provider.
public enum ProviderKind: String, DanishLabelled {
    case municipal, otherMunicipality, regional, privateProvider
    public var danishName: String {
        switch self {
        case .municipal: "Kommunens egen"
        case .otherMunicipality: "Anden kommune"
        case .regional: "Region"
        case .privateProvider: "Privat leverandør"
        }
    }
}

/// An offer's rate (takst): a price per unit and period, valid from a day and — unless open-ended — to a day, both
/// included. Money in øre.
public struct OfferRate: Codable, Sendable, Equatable {
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?
    public var unit: ServiceUnit
    public var frequency: ServiceFrequency
    public var unitPrice: Int

    public init(validFrom: CalendarDate, validTo: CalendarDate? = nil, unit: ServiceUnit, frequency: ServiceFrequency, unitPrice: Int) {
        self.validFrom = validFrom
        self.validTo = validTo
        self.unit = unit
        self.frequency = frequency
        self.unitPrice = unitPrice
    }

    public func covers(_ day: CalendarDate) -> Bool { validFrom <= day && validTo.map { day <= $0 } ?? true }
}

/// How many places an offer has and how many stand empty (a provider leader keeps them current).
public struct OfferCapacity: Codable, Sendable, Equatable {
    public var places: Int?
    public var vacant: Int?
    public init(places: Int? = nil, vacant: Int? = nil) {
        self.places = places
        self.vacant = vacant
    }
}

public enum ProviderRegister {
    /// The rate an order starting on `day` takes (issue 13 item 2): the one valid that day; nil when none is.
    public static func rate(on day: CalendarDate, among rates: [OfferRate]) -> OfferRate? {
        rates.filter { $0.covers(day) }.max { $0.validFrom < $1.validFrom }
    }

    /// The open-ended rate a new rate succeeds: the one without an end date that starts before it. Adding the new
    /// rate ends that one the day before (next year's rate replaces this year's without a separate step).
    public static func succeeded(by rate: OfferRate, among others: [OfferRate]) -> OfferRate? {
        others.first { $0.validTo == nil && $0.validFrom < rate.validFrom }
    }

    /// The offer's rates once `rate` is added: the rate it succeeds ended the day before it starts.
    public static func afterAdding(_ rate: OfferRate, to others: [OfferRate]) -> [OfferRate] {
        let old = succeeded(by: rate, among: others)
        return others.map { r in
            guard r == old else { return r }
            var ended = r
            ended.validTo = rate.validFrom.adding(days: -1)
            return ended
        } + [rate]
    }

    /// A new rate checked against the offer's other rates: a price above zero (at most 10 million kr. per unit), a
    /// period that ends on or after it starts, and no day covered by two rates once the open-ended rate it
    /// succeeds (`succeeded`) is ended. Every problem at its field.
    public static func validate(_ rate: OfferRate, others: [OfferRate]) throws(DomainError) {
        var e = FieldErrorCollector()
        if rate.unitPrice <= 0 || rate.unitPrice > 1_000_000_000 { e.add("unitPrice", "Taksten skal være over 0 kr. og højst 10.000.000 kr. pr. enhed.") }
        if let to = rate.validTo, to < rate.validFrom {
            e.add("validTo", "Slutdatoen \(to.danish) ligger før startdatoen \(rate.validFrom.danish).")
        }
        if let clash = afterAdding(rate, to: others).dropLast().first(where: { overlaps($0, rate) }) {
            let period = "\(clash.validFrom.danish)–\(clash.validTo?.danish ?? "uden slutdato")"
            e.add("validFrom", "Perioden overlapper en anden takst for tilbuddet (\(period)). Vælg en periode uden for den.")
        }
        try e.throwIfAny()
    }

    /// Whether two rates' periods share a day.
    public static func overlaps(_ a: OfferRate, _ b: OfferRate) -> Bool {
        let aEnd = a.validTo, bEnd = b.validTo
        return (aEnd.map { b.validFrom <= $0 } ?? true) && (bEnd.map { a.validFrom <= $0 } ?? true)
    }

    /// Places and vacancies as a provider leader reports them: whole numbers from 0 to 10,000, never more vacant
    /// places than places.
    public static func validate(_ c: OfferCapacity) throws(DomainError) {
        var e = FieldErrorCollector()
        if let p = c.places, !(0...10_000).contains(p) { e.add("places", "Antal pladser skal være mellem 0 og 10.000.") }
        if let v = c.vacant, !(0...10_000).contains(v) { e.add("vacant", "Antal ledige pladser skal være mellem 0 og 10.000.") }
        if let p = c.places, let v = c.vacant, v > p { e.add("vacant", "Der kan ikke være flere ledige pladser (\(v)) end pladser (\(p)).") }
        try e.throwIfAny()
    }
}

/// What the register says about an offer besides its payment details and rates: the legal basis (a coded
/// paragraph), the FFB offer type (KLServiceCodesFFB), the target groups (KLTargetGroupsFFB), where it is (address
/// and municipality code) and the provider's own description of it.
public struct OfferDetails: Codable, Sendable, Equatable {
    public var legalBasis: String?
    public var offerType: String?
    public var targetGroups: [String]
    public var address: String?
    public var municipalityCode: String?
    public var description: String?
    public init(legalBasis: String? = nil, offerType: String? = nil, targetGroups: [String] = [], address: String? = nil,
                municipalityCode: String? = nil, description: String? = nil) {
        self.legalBasis = legalBasis
        self.offerType = offerType
        self.targetGroups = targetGroups
        self.address = address
        self.municipalityCode = municipalityCode
        self.description = description
    }
}

extension ProviderRegister {
    /// The longest description a provider may give an offer, and the longest address.
    public static let descriptionLimit = 4_000, addressLimit = 200

    /// An offer's details as saved, or a Danish error per field: the legal basis read as one paragraph of the
    /// maintained list (`LegalBasis`), the offer type and target groups as FFB codes of their value sets, the
    /// municipality as a three-digit code, texts trimmed (empty as none) and within their limits.
    public static func validated(_ d: OfferDetails, terminology: any TerminologyLookup) throws(DomainError) -> OfferDetails {
        func clean(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        var e = FieldErrorCollector()
        var out = OfferDetails(address: clean(d.address), description: clean(d.description))
        if let text = clean(d.legalBasis) {
            out.legalBasis = LegalBasis.code(for: text)
            if out.legalBasis == nil { e.add("legalBasis", "Lovgrundlaget »\(text)« er ikke en paragraf på listen (skriv fx »SEL § 107«).") }
        }
        if let code = clean(d.offerType) {
            if terminology.contains(.ffb, code: code, valueSet: FFBValueSet.services) { out.offerType = code }
            else { e.add("offerType", "Ukendt FFB-kode for tilbudstype: \(code).") }
        }
        for (i, raw) in d.targetGroups.enumerated() {
            let code = raw.trimmingCharacters(in: .whitespaces)
            if !terminology.contains(.ffb, code: code, valueSet: FFBValueSet.targetGroups) { e.add("targetGroups/\(i)", "Ukendt FFB-kode for målgruppe: \(code).") }
            else if !out.targetGroups.contains(code) { out.targetGroups.append(code) }
        }
        if let text = clean(d.municipalityCode) {
            out.municipalityCode = MunicipalityCode.normalised(text)
            if out.municipalityCode == nil { e.add("municipalityCode", "Kommunekoden skal være tre cifre (fx 751).") }
        }
        if let a = out.address, a.count > addressLimit { e.add("address", "Adressen må højst være \(addressLimit) tegn.") }
        if let t = out.description, t.count > descriptionLimit { e.add("description", "Beskrivelsen må højst være \(descriptionLimit) tegn (den er \(t.count)).") }
        try e.throwIfAny()
        return out
    }
}
