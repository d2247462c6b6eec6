import FluentKit
import SQLKit

/// Migration 014 (issue 13, the provider register): what the register says about an offer besides payment details
/// and rates — `legal_basis` (a coded paragraph), `offer_type` (FFB, KLServiceCodesFFB), `target_groups` (a JSON
/// array of FFB codes), `address`, `location_municipality_code` and the provider's own `description`.
struct M014OfferDetails: AsyncMigration {
    static let columns = ["legal_basis", "offer_type", "target_groups", "address", "location_municipality_code", "description"]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.sql.raw("ALTER TABLE org_units ADD COLUMN \(unsafeRaw: column) TEXT").run()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.sql.raw("ALTER TABLE org_units DROP COLUMN \(unsafeRaw: column)").run()
        }
    }
}
