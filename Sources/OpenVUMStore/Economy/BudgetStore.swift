import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// A budget line as stored, with its version (for `If-Match`).
public struct StoredBudgetLine: Sendable, Equatable {
    public var id: UUID
    public var line: BudgetLine
    public var version: Int

    public init(id: UUID, line: BudgetLine, version: Int) {
        self.id = id
        self.line = line
        self.version = version
    }
}

/// The budget in the database (`budgets`, M022; issue 14 item 3): one line per account, year and unit.
public enum BudgetStore {
    static func unitKey(_ unitID: UUID?) -> String { unitID?.uuidString.lowercased() ?? "all" }

    /// The year's lines that `scope` sees: every line for the whole municipality, a team's lines for those of its units.
    public static func lines(year: Int, municipalityID: UUID, scope: AccessScope, on db: any Database) async throws -> [StoredBudgetLine] {
        var filter: SQLQueryString = "municipality_id = \(bind: municipalityID) AND year = \(bind: year)"
        switch scope {
        case .municipality: break
        case .units(let ids): filter = "\(filter) AND unit_id IN (\(binds: ids.sorted { $0.uuidString < $1.uuidString }))"
        case .citizens, .nothing: return []
        }
        return try await db.sql.raw("SELECT * FROM budgets WHERE \(filter) ORDER BY account, unit_key").all().map(stored)
    }

    /// Sets a line — new, or changed when nobody changed it since `expectedVersion` (428 without one, 412 when another) —
    /// with `audit`. Answers the line as saved and whether it was new.
    public static func save(_ line: BudgetLine, municipalityID: UUID, expectedVersion: Int?, userID: UUID?, now: Date, audit: AuditEntry?,
                            on db: any Database) async throws -> (StoredBudgetLine, created: Bool) {
        try line.validate()
        if let unit = line.unitID {
            let kind = try await db.sql.raw("SELECT kind FROM org_units WHERE id = \(bind: unit) AND municipality_id = \(bind: municipalityID)").first()?
                .decode(column: "kind", as: String.self)
            guard kind == UnitKind.authorityTeam.rawValue else {
                throw DomainError.validation([FieldError(field: "unitId", message: "Enheden skal være et af kommunens myndighedsteams.")])
            }
        }
        let key = unitKey(line.unitID)
        let existing = try await db.sql.raw("""
            SELECT * FROM budgets WHERE municipality_id = \(bind: municipalityID) AND year = \(bind: line.year) AND account = \(bind: line.account) AND unit_key = \(bind: key)
            """).first().map(stored)
        let id: UUID
        if let existing {
            guard let expectedVersion else { throw DomainError.versionRequired }
            if expectedVersion != existing.version { throw DomainError.staleVersion }
            guard try await db.sql.raw("""
                UPDATE budgets SET original_ore = \(bind: Int64(line.original)), corrected_ore = \(bind: line.corrected.map(Int64.init)), version = version + 1,
                    updated_by = \(bind: userID), updated_at = \(bind: now)
                WHERE id = \(bind: existing.id) AND version = \(bind: existing.version) RETURNING id
                """).first() != nil else { throw DomainError.staleVersion }
            id = existing.id
        } else {
            id = UUID()
            try await db.sql.insert(into: "budgets")
                .columns("id", "municipality_id", "year", "account", "unit_id", "unit_key", "original_ore", "corrected_ore", "version", "updated_by", "updated_at")
                .values(SQLBind(id), SQLBind(municipalityID), SQLBind(line.year), SQLBind(line.account), SQLBind(line.unitID), SQLBind(key),
                        SQLBind(Int64(line.original)), SQLBind(line.corrected.map(Int64.init)), SQLBind(1), SQLBind(userID), SQLBind(now))
                .run()
        }
        if let audit { try await AuditStore.record(audit, on: db) }
        guard let saved = try await db.sql.raw("SELECT * FROM budgets WHERE id = \(bind: id)").first().map(stored) else { throw DomainError.notFound("Budgetlinjen") }
        return (saved, existing == nil)
    }

    static func stored(_ r: any SQLRow) throws -> StoredBudgetLine {
        StoredBudgetLine(
            id: try r.decode(column: "id", as: UUID.self),
            line: BudgetLine(year: try r.decode(column: "year", as: Int.self), account: try r.decode(column: "account", as: String.self),
                             unitID: try r.decode(column: "unit_id", as: UUID?.self), original: Int(try r.decode(column: "original_ore", as: Int64.self)),
                             corrected: try r.decode(column: "corrected_ore", as: Int64?.self).map(Int.init)),
            version: try r.decode(column: "version", as: Int.self))
    }
}
