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

    /// A new rate checked against the offer's other rates: a price above zero (at most 10 million kr. per unit), a
    /// period that ends on or after it starts, and no day covered by two rates. Every problem at its field.
    public static func validate(_ rate: OfferRate, others: [OfferRate]) throws(DomainError) {
        var e = FieldErrorCollector()
        if rate.unitPrice <= 0 || rate.unitPrice > 1_000_000_000 { e.add("unitPrice", "Taksten skal være over 0 kr. og højst 10.000.000 kr. pr. enhed.") }
        if let to = rate.validTo, to < rate.validFrom {
            e.add("validTo", "Slutdatoen \(to.danish) ligger før startdatoen \(rate.validFrom.danish).")
        }
        if let clash = others.first(where: { overlaps($0, rate) }) {
            let period = "\(clash.validFrom.danish)–\(clash.validTo?.danish ?? "uden slutdato")"
            e.add("validFrom", "Perioden overlapper en anden takst for tilbuddet (\(period)). Afslut den først, eller vælg en anden periode.")
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
