import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The provider register in the database: offers' rates (`offer_rates`) and capacity (issue 13).
public enum ProviderStore {
    /// An offer's rates, earliest first.
    public static func rates(offerID: UUID, on db: any Database) async throws -> [OfferRate] {
        try await db.sql.raw("""
            SELECT valid_from, valid_to, unit, frequency, unit_price FROM offer_rates WHERE offer_unit_id = \(bind: offerID) ORDER BY valid_from, id
            """).all().map(rate)
    }

    /// A rate from a row of `offer_rates`.
    static func rate(_ r: any SQLRow) throws -> OfferRate {
        OfferRate(validFrom: CalendarDate(try r.decode(column: "valid_from", as: String.self))!,
                  validTo: try r.decode(column: "valid_to", as: String?.self).flatMap(CalendarDate.init),
                  unit: ServiceUnit(rawValue: try r.decode(column: "unit", as: String.self)) ?? .hour,
                  frequency: ServiceFrequency(rawValue: try r.decode(column: "frequency", as: String.self)) ?? .perWeek,
                  unitPrice: try r.decode(column: "unit_price", as: Int.self))
    }

    /// Adds a rate to an offer of `municipalityID` after the register's rules (`ProviderRegister.validate`) against
    /// its other rates, ending the open-ended rate it succeeds the day before; the offer's rows are locked on
    /// PostgreSQL so that two overlapping rates cannot both pass.
    public static func addRate(_ rate: OfferRate, offerID: UUID, municipalityID: UUID, userID: UUID?, now: Date, audit: AuditEntry?,
                               on db: any Database) async throws {
        // SQLite takes one writer at a time; PostgreSQL locks the offer's row for the check and the insert.
        let lock: SQLQueryString = switch db.engine {
        case .postgres: " FOR UPDATE"
        case .sqlite: ""
        }
        guard try await db.sql.raw("""
            SELECT id FROM org_units WHERE id = \(bind: offerID) AND municipality_id = \(bind: municipalityID) AND kind = 'offer'\(lock)
            """).first() != nil else { throw DomainError.notFound("Tilbuddet") }
        let others = try await rates(offerID: offerID, on: db)
        try ProviderRegister.validate(rate, others: others)
        if let old = ProviderRegister.succeeded(by: rate, among: others) {
            try await db.sql.raw("""
                UPDATE offer_rates SET valid_to = \(bind: rate.validFrom.adding(days: -1).description)
                WHERE offer_unit_id = \(bind: offerID) AND valid_from = \(bind: old.validFrom.description) AND valid_to IS NULL
                """).run()
        }
        try await db.sql.insert(into: "offer_rates")
            .columns("id", "offer_unit_id", "valid_from", "valid_to", "unit", "frequency", "unit_price", "created_by", "created_at")
            .values(SQLBind(UUID()), SQLBind(offerID), SQLBind(rate.validFrom.description), SQLBind(rate.validTo?.description), SQLBind(rate.unit.rawValue),
                    SQLBind(rate.frequency.rawValue), SQLBind(rate.unitPrice), SQLBind(userID), SQLBind(now))
            .run()
        if let audit { try await AuditStore.record(audit.about(offerID, citizen: nil), on: db) }
    }

    /// An offer's places and vacant places as its provider reports them (`ProviderRegister.validate`), with `audit`.
    public static func setCapacity(_ capacity: OfferCapacity, offerID: UUID, municipalityID: UUID, audit: AuditEntry? = nil, on db: any Database) async throws {
        try ProviderRegister.validate(capacity)
        guard try await db.sql.raw("""
            UPDATE org_units SET places = \(bind: capacity.places), vacant_places = \(bind: capacity.vacant)
            WHERE id = \(bind: offerID) AND municipality_id = \(bind: municipalityID) AND kind = 'offer' RETURNING id
            """).first() != nil else { throw DomainError.notFound("Tilbuddet") }
        if let audit { try await AuditStore.record(audit.about(offerID, citizen: nil), on: db) }
    }

    public static func capacity(offerID: UUID, on db: any Database) async throws -> OfferCapacity? {
        try await db.sql.raw("SELECT places, vacant_places FROM org_units WHERE id = \(bind: offerID) AND kind = 'offer'").first().map { r in
            OfferCapacity(places: try r.decode(column: "places", as: Int?.self), vacant: try r.decode(column: "vacant_places", as: Int?.self))
        }
    }
}

extension ProviderStore {
    /// An offer in the register: its payment details (IDs 69–71), capacity and rates.
    public struct OfferEntry: Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var register: OfferRegisterEntry
        public var details: OfferDetails
        public var capacity: OfferCapacity
        public var rates: [OfferRate]
        public init(id: UUID, name: String, register: OfferRegisterEntry, details: OfferDetails = OfferDetails(), capacity: OfferCapacity, rates: [OfferRate]) {
            self.id = id
            self.name = name
            self.register = register
            self.details = details
            self.capacity = capacity
            self.rates = rates
        }
    }

    /// A provider and its offers.
    public struct ProviderEntry: Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var ownership: ProviderOwnership?
        public var kind: ProviderKind?
        public var offers: [OfferEntry]
        public init(id: UUID, name: String, ownership: ProviderOwnership?, kind: ProviderKind?, offers: [OfferEntry]) {
            self.id = id
            self.name = name
            self.ownership = ownership
            self.kind = kind
            self.offers = offers
        }
    }

    /// The municipality's providers with their offers, by name; `onlyUnits`: only providers and offers among these
    /// units (a provider user sees their own).
    public static func register(municipalityID: UUID, onlyUnits: Set<UUID>? = nil, on db: any Database) async throws -> [ProviderEntry] {
        let rows = try await db.sql.raw("""
            SELECT id, kind, name, ownership, provider_kind, parent_id, p_number, ean, account_number, places, vacant_places,
                   legal_basis, offer_type, target_groups, address, location_municipality_code, description
            FROM org_units WHERE municipality_id = \(bind: municipalityID) AND kind IN ('provider', 'offer') ORDER BY name, id
            """).all()
        let rateRows = try await db.sql.raw("""
            SELECT r.offer_unit_id, r.valid_from, r.valid_to, r.unit, r.frequency, r.unit_price FROM offer_rates r
            JOIN org_units o ON o.id = r.offer_unit_id WHERE o.municipality_id = \(bind: municipalityID) ORDER BY r.valid_from, r.id
            """).all()
        var rates: [UUID: [OfferRate]] = [:]
        for r in rateRows {
            rates[try r.decode(column: "offer_unit_id", as: UUID.self), default: []].append(try rate(r))
        }
        var providers: [ProviderEntry] = []
        var offers: [UUID: [OfferEntry]] = [:]
        for r in rows {
            let id = try r.decode(column: "id", as: UUID.self)
            let name = try r.decode(column: "name", as: String.self)
            if try r.decode(column: "kind", as: String.self) == "provider" {
                providers.append(ProviderEntry(id: id, name: name, ownership: try r.decode(column: "ownership", as: String?.self).flatMap(ProviderOwnership.init),
                                               kind: try r.decode(column: "provider_kind", as: String?.self).flatMap(ProviderKind.init), offers: []))
            } else if let parent = try r.decode(column: "parent_id", as: UUID?.self) {
                offers[parent, default: []].append(OfferEntry(
                    id: id, name: name,
                    register: OfferRegisterEntry(pNumber: try r.decode(column: "p_number", as: String?.self), ean: try r.decode(column: "ean", as: String?.self),
                                                 account: try r.decode(column: "account_number", as: String?.self)),
                    details: try details(r),
                    capacity: OfferCapacity(places: try r.decode(column: "places", as: Int?.self), vacant: try r.decode(column: "vacant_places", as: Int?.self)),
                    rates: rates[id] ?? []))
            }
        }
        for i in providers.indices { providers[i].offers = offers[providers[i].id] ?? [] }
        guard let only = onlyUnits else { return providers }
        return providers.compactMap { p in
            if only.contains(p.id) { return p }
            var mine = p
            mine.offers = p.offers.filter { only.contains($0.id) }
            return mine.offers.isEmpty ? nil : mine
        }
    }

    /// An offer's details from its row of `org_units`.
    static func details(_ r: any SQLRow) throws -> OfferDetails {
        let groups = try r.decode(column: "target_groups", as: String?.self).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        return OfferDetails(legalBasis: try r.decode(column: "legal_basis", as: String?.self), offerType: try r.decode(column: "offer_type", as: String?.self),
                            targetGroups: groups ?? [], address: try r.decode(column: "address", as: String?.self),
                            municipalityCode: try r.decode(column: "location_municipality_code", as: String?.self),
                            description: try r.decode(column: "description", as: String?.self))
    }

    /// One offer of the municipality as the register holds it; nil when it is not the municipality's.
    public static func offer(_ offerID: UUID, municipalityID: UUID, on db: any Database) async throws -> OfferEntry? {
        try await register(municipalityID: municipalityID, onlyUnits: [offerID], on: db).first?.offers.first
    }

    /// Saves an offer's payment details and details (validated by the caller: `OfferRegisterEntry.validated`,
    /// `ProviderRegister.validated`), with `audit`.
    public static func saveOffer(_ offerID: UUID, municipalityID: UUID, register entry: OfferRegisterEntry, details d: OfferDetails,
                                 audit: AuditEntry?, on db: any Database) async throws {
        let groups = d.targetGroups.isEmpty ? nil : String(decoding: try JSONEncoder().encode(d.targetGroups), as: UTF8.self)
        guard try await db.sql.raw("""
            UPDATE org_units SET p_number = \(bind: entry.pNumber), ean = \(bind: entry.ean), account_number = \(bind: entry.account),
                legal_basis = \(bind: d.legalBasis), offer_type = \(bind: d.offerType), target_groups = \(bind: groups), address = \(bind: d.address),
                location_municipality_code = \(bind: d.municipalityCode), description = \(bind: d.description)
            WHERE id = \(bind: offerID) AND municipality_id = \(bind: municipalityID) AND kind = 'offer' RETURNING id
            """).first() != nil else { throw DomainError.notFound("Tilbuddet") }
        if let audit { try await AuditStore.record(audit.about(offerID, citizen: nil), on: db) }
    }

    /// Sets a provider's kind, with `audit`.
    public static func setProviderKind(_ kind: ProviderKind?, providerID: UUID, municipalityID: UUID, audit: AuditEntry?, on db: any Database) async throws {
        guard try await db.sql.raw("""
            UPDATE org_units SET provider_kind = \(bind: kind?.rawValue)
            WHERE id = \(bind: providerID) AND municipality_id = \(bind: municipalityID) AND kind = 'provider' RETURNING id
            """).first() != nil else { throw DomainError.notFound("Leverandøren") }
        if let audit { try await AuditStore.record(audit.about(providerID, citizen: nil), on: db) }
    }

    /// The offer's provider, when the offer belongs to the municipality; nil otherwise.
    public static func provider(ofOffer offerID: UUID, municipalityID: UUID, on db: any Database) async throws -> UUID? {
        try await db.sql.raw("""
            SELECT parent_id FROM org_units WHERE id = \(bind: offerID) AND municipality_id = \(bind: municipalityID) AND kind = 'offer'
            """).first()?.decode(column: "parent_id", as: UUID?.self)
    }
}
