import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

// MARK: - Organisation

public enum OrganisationStore {
    /// The names of these units (any kind, any municipality: the caller chose the ids from data in its scope).
    public static func unitNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for r in try await db.sql.raw("SELECT id, name FROM org_units WHERE id IN (\(binds: Array(ids)))").all() {
            names[try r.decode(column: "id", as: UUID.self)] = try r.decode(column: "name", as: String.self)
        }
        return names
    }

    public static func units(municipalityID: UUID, on db: any Database) async throws -> [UnitRecord] {
        try await db.sql.raw("""
            SELECT id, municipality_id, kind, name, ownership, parent_id FROM org_units WHERE municipality_id = \(bind: municipalityID) ORDER BY name
            """).all().map { r in
            UnitRecord(
                id: try r.decode(column: "id", as: UUID.self), municipalityID: try r.decode(column: "municipality_id", as: UUID.self),
                kind: UnitKind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .administration, name: try r.decode(column: "name", as: String.self),
                ownership: try r.decode(column: "ownership", as: String?.self).flatMap(ProviderOwnership.init(rawValue:)),
                parentID: try r.decode(column: "parent_id", as: UUID?.self))
        }
    }

    public static func unit(id: UUID, on db: any Database) async throws -> UnitRecord? {
        try await OrgUnitModel.find(id, on: db).map(record)
    }

    public static func municipalityName(id: UUID, on db: any Database) async throws -> String? {
        try await MunicipalityModel.find(id, on: db)?.name
    }

    public static func municipalityCount(on db: any Database) async throws -> Int {
        try await MunicipalityModel.query(on: db).count()
    }

    /// What the provider register knows about these offers (IDs 69–71); offers with nothing registered are left out.
    public static func offerRegister(unitIDs: [UUID], on db: any Database) async throws -> [UUID: OfferRegisterEntry] {
        guard !unitIDs.isEmpty else { return [:] }
        var out: [UUID: OfferRegisterEntry] = [:]
        for r in try await db.sql.raw("""
            SELECT id, p_number, ean, account_number FROM org_units WHERE id IN (\(binds: unitIDs)) AND kind = 'offer'
            """).all() {
            let entry = OfferRegisterEntry(pNumber: try r.decode(column: "p_number", as: String?.self), ean: try r.decode(column: "ean", as: String?.self),
                                           account: try r.decode(column: "account_number", as: String?.self))
            if !entry.isEmpty { out[try r.decode(column: "id", as: UUID.self)] = entry }
        }
        return out
    }

    /// Records an offer's payment details in the provider register (already validated).
    public static func setOfferRegister(unitID: UUID, _ entry: OfferRegisterEntry, on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE org_units SET p_number = \(bind: entry.pNumber), ean = \(bind: entry.ean), account_number = \(bind: entry.account)
            WHERE id = \(bind: unitID) AND kind = 'offer'
            """).run()
    }

    static func record(_ m: OrgUnitModel) -> UnitRecord {
        UnitRecord(
            id: m.id!, municipalityID: m.municipalityID, kind: UnitKind(rawValue: m.kind) ?? .administration, name: m.name,
            ownership: m.ownership.flatMap(ProviderOwnership.init(rawValue:)), parentID: m.parentID)
    }
}

extension OrganisationStore {
    /// Why `municipality(code:createWithName:)` could not name one municipality (the caller words it for its user).
    public enum MunicipalityLookupError: Error, Equatable {
        /// No municipality has this code, and no name was given to create it.
        case unknownCode(String)
        /// No code was given, and there is not exactly one municipality.
        case notOne(count: Int)
    }

    /// The municipality with `code`, created (with `name`) if missing; with no code, the only municipality.
    public static func municipality(code: String?, createWithName name: String?, on db: any Database) async throws -> UUID {
        if let code {
            if let m = try await MunicipalityModel.query(on: db).filter(\.$code == code).first() { return m.id! }
            guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw MunicipalityLookupError.unknownCode(code) }
            let m = MunicipalityModel(id: UUID(), code: code, name: name)
            try await m.create(on: db)
            return m.id!
        }
        let all = try await MunicipalityModel.query(on: db).all()
        guard all.count == 1, let only = all.first else { throw MunicipalityLookupError.notOne(count: all.count) }
        return only.id!
    }
}

extension OrganisationStore {
    /// A municipality with a known id (demo data and imports).
    package static func insertMunicipality(id: UUID, code: String, name: String, on db: any Database) async throws {
        try await MunicipalityModel(id: id, code: MunicipalityCode.normalised(code) ?? code, name: name).create(on: db)
    }

    /// An organisation unit with a known id (demo data and imports).
    package static func insertUnit(
        id: UUID, municipalityID: UUID, kind: UnitKind, name: String, ownership: ProviderOwnership? = nil, parentID: UUID? = nil,
        on db: any Database
    ) async throws {
        try await OrgUnitModel(id: id, municipalityID: municipalityID, kind: kind, name: name, ownership: ownership, parentID: parentID).create(on: db)
    }
}
