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
        let capacity = OfferCapacity(places: body.places, vacant: body.vacant)
        try await saveCapacity(capacity, offerID: offerID, principal: p, on: req)
        return try APIResponse.json(CapacityDTO(capacity))
    }

    /// Saves an offer's capacity (the API and the offer's page).
    static func saveCapacity(_ capacity: OfferCapacity, offerID: UUID, principal p: Principal, on req: Request) async throws {
        try await checkOwnOffer(offerID, p, on: req)
        let audit = try req.auditEntry(objectType: "offer", criteria: "places=\(capacity.places.map(String.init) ?? "-") vacant=\(capacity.vacant.map(String.init) ?? "-")")
        try await req.writeTransaction { tx in
            try await ProviderStore.setCapacity(capacity, offerID: offerID, municipalityID: p.municipalityID, audit: audit, on: tx)
        }
    }

    /// A new rate for an offer (the economy role).
    static func addRate(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let offerID = try req.uuidParameter("offerID", what: "Tilbuddet")
        let rate = try await saveRate(try StrictJSON.decode(RateRequest.self, from: req), offerID: offerID, principal: p, on: req)
        return try APIResponse.json(RateDTO(rate), status: .created)
    }

    /// Reads and saves a new rate (the API and the offer's page): every unreadable field told at once.
    static func saveRate(_ body: RateRequest, offerID: UUID, principal p: Principal, on req: Request) async throws -> OfferRate {
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
        return rate
    }

    /// `PATCH /api/v1/offers/:offerID`, a merge patch of the offer's register entry (`OfferRegisterBody`).
    static func updateOffer(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let offerID = try req.uuidParameter("offerID", what: "Tilbuddet")
        let offer = try await changeOffer(offerID, patch: try StrictJSON.object(from: req), principal: p, on: req)
        return try APIResponse.json(OfferDTO(offer))
    }

    /// Applies a merge patch to an offer's register entry and saves it: the administrator may change every field of
    /// `OfferRegisterBody`, a provider leader only their own offer's description. Refused with a Danish message per
    /// field, nothing saved.
    static func changeOffer(_ offerID: UUID, patch: [String: Any], principal p: Principal, on req: Request) async throws -> ProviderStore.OfferEntry {
        let unknown = Set(patch.keys).subtracting(OfferRegisterBody.fields).sorted()
        if !unknown.isEmpty { throw DomainError.validation(unknown.map { FieldError(field: $0, message: "Ukendt felt.") }) }
        try await checkOwnOffer(offerID, p, on: req)
        if p.role == .providerLeader {
            let theirs = Set(patch.keys).subtracting(OfferRegisterBody.providerFields).sorted()
            if !theirs.isEmpty {
                throw DomainError.validation(theirs.map { FieldError(field: $0, message: "Feltet vedligeholdes af myndigheden; som tilbudsleder kan du ændre beskrivelsen, pladserne og de ledige pladser.") })
            }
        }
        guard var offer = try await ProviderStore.offer(offerID, municipalityID: p.municipalityID, on: req.db) else { throw DomainError.notFound("Tilbuddet") }
        // The offer as the API shows it, cut to what a patch may write, is what the patch applies to.
        let shown = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(OfferDTO(offer))) as? [String: Any] ?? [:]
        let merged = CasePatch.merge(shown.filter { OfferRegisterBody.fields.contains($0.key) }, patch)
        let body: OfferRegisterBody
        do {
            body = try JSONDecoder().decode(OfferRegisterBody.self, from: try JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            throw DomainError.validation([StrictJSON.fieldError(for: error)])
        }
        let terminology = try await req.openvum.terminology.current(on: req.db)
        // Both checks run, so every problem is told at once.
        var errors: [FieldError] = []
        do { offer.register = try OfferRegisterEntry.validated(pNumber: body.pNumber, ean: body.ean, account: body.account) } catch { errors += error.fieldErrors }
        do {
            offer.details = try ProviderRegister.validated(OfferDetails(
                legalBasis: body.legalBasis, offerType: body.offerType, targetGroups: body.targetGroups ?? [], address: body.address,
                municipalityCode: body.municipalityCode, description: body.description), terminology: terminology)
        } catch { errors += error.fieldErrors }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let audit = try req.auditEntry(objectType: "offer", criteria: "fields=\(patch.keys.sorted().joined(separator: ","))")
        let saved = offer
        try await req.writeTransaction { tx in
            try await ProviderStore.saveOffer(offerID, municipalityID: p.municipalityID, register: saved.register, details: saved.details, audit: audit, on: tx)
        }
        return saved
    }

    /// `PATCH /api/v1/providers/:providerID`: the provider's kind (the administrator).
    static func updateProvider(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let providerID = try req.uuidParameter("providerID", what: "Leverandøren")
        let body = try StrictJSON.decode(ProviderRequest.self, from: req)
        let kind: ProviderKind?
        switch body.providerKind {
        case .none: kind = nil
        case .some(let raw):
            guard let k = ProviderKind(rawValue: raw) else {
                throw DomainError.validation([FieldError(field: "providerKind", message: "Vælg leverandørtypen: \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")).")])
            }
            kind = k
        }
        let audit = try req.auditEntry(objectType: "provider", criteria: "providerKind=\(kind?.rawValue ?? "-")")
        try await req.writeTransaction { tx in
            try await ProviderStore.setProviderKind(kind, providerID: providerID, municipalityID: p.municipalityID, audit: audit, on: tx)
        }
        guard let provider = try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: [providerID], on: req.db).first else {
            throw DomainError.notFound("Leverandøren")
        }
        return try APIResponse.json(ProviderDTO(provider))
    }

    /// A provider user sees and acts only on their own offers (those they or their provider hold); anything else
    /// is answered as missing. Authority users see every offer of the municipality.
    static func checkOwnOffer(_ offerID: UUID, _ p: Principal, on req: Request) async throws {
        guard let provider = try await ProviderStore.provider(ofOffer: offerID, municipalityID: p.municipalityID, on: req.db) else {
            throw DomainError.notFound("Tilbuddet")
        }
        if p.role.isProvider && !p.unitIDs.contains(offerID) && !p.unitIDs.contains(provider) { throw DomainError.notFound("Tilbuddet") }
    }
}

/// An offer's register entry as the API writes it: payment details (IDs 69–71) and details.
struct OfferRegisterBody: Decodable {
    var pNumber: String?
    var ean: String?
    var account: String?
    var legalBasis: String?
    var offerType: String?
    var targetGroups: [String]?
    var address: String?
    var municipalityCode: String?
    var description: String?
    static let fields: Set<String> = ["pNumber", "ean", "account", "legalBasis", "offerType", "targetGroups", "address", "municipalityCode", "description"]
    /// What a provider leader keeps of their own offers.
    static let providerFields: Set<String> = ["description"]
}

struct ProviderRequest: StrictBody {
    var providerKind: String?
    static let fields: Set<String> = ["providerKind"]
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
    @Nullable var legalBasis: String?
    @Nullable var offerType: String?
    var targetGroups: [String]
    @Nullable var address: String?
    @Nullable var municipalityCode: String?
    @Nullable var description: String?
    var capacity: CapacityDTO
    var rates: [RateDTO]
    init(_ o: ProviderStore.OfferEntry) {
        id = o.id
        name = o.name
        pNumber = o.register.pNumber
        ean = o.register.ean
        account = o.register.account
        legalBasis = o.details.legalBasis
        offerType = o.details.offerType
        targetGroups = o.details.targetGroups
        address = o.details.address
        municipalityCode = o.details.municipalityCode
        description = o.details.description
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
