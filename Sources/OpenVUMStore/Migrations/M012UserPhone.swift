import FluentKit
import SQLKit

/// Migration 012 (issue 12, the decision letter): `users.phone`, a caseworker's direct line, which the
/// decision letter prints beside the caseworker's name.
struct M012UserPhone: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE users ADD COLUMN phone TEXT").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE users DROP COLUMN phone").run()
    }
}
