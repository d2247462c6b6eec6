import FluentKit
import SQLKit

/// Migration 023 (issue 14 item 4, ID 38): `case_interventions.alternatives`, the alternatives considered for an
/// intervention with their expected prices, as the case document has them (a JSON array of
/// `{description, expectedPrice}`), so the economy compares them with the recommended price without reading every
/// document. No earlier row has any: the structured alternatives are new with this migration.
struct M023InterventionAlternatives: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE case_interventions ADD COLUMN alternatives TEXT").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE case_interventions DROP COLUMN alternatives").run()
    }
}
