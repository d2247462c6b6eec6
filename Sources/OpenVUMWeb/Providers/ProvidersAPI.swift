import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The provider register (issue 13): authority users read every provider and offer; a provider user reads their
/// own; a provider leader keeps their offers' capacity; the economy role (and the administrator) keeps the rates.
enum ProvidersAPI {
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let own: Set<UUID>? = p.role.isProvider ? p.unitIDs : nil
        let providers = try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: own, on: req.readDB)
        return try APIResponse.json(ListResponse(items: providers.map(ProviderDTO.init), nextCursor: nil))
    }

    /// Places and vacant places of an offer of the provider leader's own (an administrator: any of the municipality's).
    static func setCapacity(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let offerID = try req.uuidParameter("offerID", what: "Tilbuddet")
        let body = try StrictJSON.decode(CapacityRequest.self, from: req)
        try await checkOwnOffer(offerID, p, on: req)
        let capacity = OfferCapacity(places: body.places, vacant: body.vacant)
        let audit = try req.auditEntry(objectType: "offer", criteria: "places=\(body.places.map(String.init) ?? "-") vacant=\(body.vacant.map(String.init) ?? "-")")
        try await req.writeTransaction { tx in
            try await ProviderStore.setCapacity(capacity, offerID: offerID, municipalityID: p.municipalityID, audit: audit, on: tx)
        }
        return try APIResponse.json(CapacityDTO(capacity))
    }

    /// A new rate for an offer (the economy role).
    static func addRate(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let offerID = try req.uuidParameter("offerID", what: "Tilbuddet")
        let body = try StrictJSON.decode(RateRequest.self, from: req)
        var e = FieldErrorCollector()
        let from = body.validFrom.flatMap(CalendarDate.init)
        if from == nil { e.add("validFrom", "Angiv startdatoen som ÅÅÅÅ-MM-DD.") }
        let to = body.validTo.flatMap(CalendarDate.init)
        if body.validTo != nil && to == nil { e.add("validTo", "Angiv slutdatoen som ÅÅÅÅ-MM-DD.") }
        let unit = body.unit.flatMap(ServiceUnit.init(rawValue:))
        if unit == nil { e.add("unit", "Vælg enheden: \(ServiceUnit.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let frequency = body.frequency.flatMap(ServiceFrequency.init(rawValue:))
        if frequency == nil { e.add("frequency", "Vælg perioden: \(ServiceFrequency.allCases.map(\.rawValue).joined(separator: ", ")).") }
        if body.unitPrice == nil { e.add("unitPrice", "Angiv taksten i øre.") }
        try e.throwIfAny()
        let rate = OfferRate(validFrom: from!, validTo: to, unit: unit!, frequency: frequency!, unitPrice: body.unitPrice!)
        let audit = try req.auditEntry(objectType: "offer", criteria: "rate from=\(from!)")
        try await req.writeTransaction { tx in
            try await ProviderStore.addRate(rate, offerID: offerID, municipalityID: p.municipalityID, userID: p.userID, now: req.openvum.now(), audit: audit, on: tx)
        }
        return try APIResponse.json(RateDTO(rate), status: .created)
    }

    /// A provider leader acts only on their own offers (those they or their provider hold); anything else is
    /// answered as missing.
    static func checkOwnOffer(_ offerID: UUID, _ p: Principal, on req: Request) async throws {
        guard let provider = try await ProviderStore.provider(ofOffer: offerID, municipalityID: p.municipalityID, on: req.db) else {
            throw DomainError.notFound("Tilbuddet")
        }
        if p.role == .providerLeader && !p.unitIDs.contains(offerID) && !p.unitIDs.contains(provider) { throw DomainError.notFound("Tilbuddet") }
    }
}

struct CapacityRequest: StrictBody {
    var places: Int?
    var vacant: Int?
    static let fields: Set<String> = ["places", "vacant"]
}

struct RateRequest: StrictBody {
    var validFrom: String?
    var validTo: String?
    var unit: String?
    var frequency: String?
    var unitPrice: Int?
    static let fields: Set<String> = ["validFrom", "validTo", "unit", "frequency", "unitPrice"]
}

struct CapacityDTO: Encodable, Sendable {
    @Nullable var places: Int?
    @Nullable var vacant: Int?
    init(_ c: OfferCapacity) {
        places = c.places
        vacant = c.vacant
    }
}

struct RateDTO: Encodable, Sendable {
    var validFrom: String
    @Nullable var validTo: String?
    var unit: ServiceUnit
    var frequency: ServiceFrequency
    var unitPrice: Int
    init(_ r: OfferRate) {
        validFrom = r.validFrom.description
        validTo = r.validTo?.description
        unit = r.unit
        frequency = r.frequency
        unitPrice = r.unitPrice
    }
}

struct OfferDTO: Encodable, Sendable {
    var id: UUID
    var name: String
    @Nullable var pNumber: String?
    @Nullable var ean: String?
    @Nullable var account: String?
    var capacity: CapacityDTO
    var rates: [RateDTO]
    init(_ o: ProviderStore.OfferEntry) {
        id = o.id
        name = o.name
        pNumber = o.register.pNumber
        ean = o.register.ean
        account = o.register.account
        capacity = CapacityDTO(o.capacity)
        rates = o.rates.map(RateDTO.init)
    }
}

struct ProviderDTO: Encodable, Sendable {
    var id: UUID
    var name: String
    @Nullable var ownership: ProviderOwnership?
    @Nullable var providerKind: ProviderKind?
    var offers: [OfferDTO]
    init(_ p: ProviderStore.ProviderEntry) {
        id = p.id
        name = p.name
        ownership = p.ownership
        providerKind = p.kind
        offers = p.offers.map(OfferDTO.init)
    }
}
