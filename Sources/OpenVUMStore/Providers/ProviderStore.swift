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
            """).all().map { r in
            OfferRate(validFrom: CalendarDate(try r.decode(column: "valid_from", as: String.self))!,
                      validTo: try r.decode(column: "valid_to", as: String?.self).flatMap(CalendarDate.init),
                      unit: ServiceUnit(rawValue: try r.decode(column: "unit", as: String.self)) ?? .hour,
                      frequency: ServiceFrequency(rawValue: try r.decode(column: "frequency", as: String.self)) ?? .perWeek,
                      unitPrice: try r.decode(column: "unit_price", as: Int.self))
        }
    }

    /// Adds a rate to an offer of `municipalityID` after the register's rules (`ProviderRegister.validate`) against
    /// its other rates; the offer's rows are locked on PostgreSQL so that two overlapping rates cannot both pass.
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
        try ProviderRegister.validate(rate, others: try await rates(offerID: offerID, on: db))
        try await db.sql.insert(into: "offer_rates")
            .columns("id", "offer_unit_id", "valid_from", "valid_to", "unit", "frequency", "unit_price", "created_by", "created_at")
            .values(SQLBind(UUID()), SQLBind(offerID), SQLBind(rate.validFrom.description), SQLBind(rate.validTo?.description), SQLBind(rate.unit.rawValue),
                    SQLBind(rate.frequency.rawValue), SQLBind(rate.unitPrice), SQLBind(userID), SQLBind(now))
            .run()
        if let audit { try await AuditStore.record(audit.about(offerID, citizen: nil), on: db) }
    }

    /// An offer's places and vacant places as its provider reports them (`ProviderRegister.validate`).
    public static func setCapacity(_ capacity: OfferCapacity, offerID: UUID, municipalityID: UUID, on db: any Database) async throws {
        try ProviderRegister.validate(capacity)
        guard try await db.sql.raw("""
            UPDATE org_units SET places = \(bind: capacity.places), vacant_places = \(bind: capacity.vacant)
            WHERE id = \(bind: offerID) AND municipality_id = \(bind: municipalityID) AND kind = 'offer' RETURNING id
            """).first() != nil else { throw DomainError.notFound("Tilbuddet") }
    }

    public static func capacity(offerID: UUID, on db: any Database) async throws -> OfferCapacity? {
        try await db.sql.raw("SELECT places, vacant_places FROM org_units WHERE id = \(bind: offerID) AND kind = 'offer'").first().map { r in
            OfferCapacity(places: try r.decode(column: "places", as: Int?.self), vacant: try r.decode(column: "vacant_places", as: Int?.self))
        }
    }
}
