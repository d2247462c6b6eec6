import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    /// Caseload per caseworker of the units whose caseload `principal` oversees: open cases and cases with
    /// an overdue deadline (ID 22).
    public static func caseload(principal: Principal, today: CalendarDate, on db: any Database) async throws -> [CaseloadRow] {
        let unitIDs = try await caseloadUnits(principal, on: db)
        let municipalityID = principal.municipalityID
        guard !unitIDs.isEmpty else { return [] }
        let rows = try await db.sql.raw("""
            SELECT a.caseworker_id AS caseworker_id, u.display_name AS display_name, a.open_cases AS open_cases, a.overdue_cases AS overdue_cases
            FROM \(caseloadAggregate(unitIDs: unitIDs, municipalityID: municipalityID, today: today)) a
            LEFT JOIN users u ON u.id = a.caseworker_id ORDER BY \(caseloadOrder)
            """).all()
        return try rows.map { r in
            CaseloadRow(caseworkerID: try r.decode(column: "caseworker_id", as: UUID?.self), caseworkerName: try r.decode(column: "display_name", as: String?.self),
                        openCases: try r.decode(column: "open_cases", as: Int.self), overdueCases: try r.decode(column: "overdue_cases", as: Int?.self) ?? 0)
        }
    }

    /// The caseload as the API's JSON (`{"items":[…],"nextCursor":null}`), built by the database: a
    /// municipality has hundreds of caseworkers, and decoding and re-encoding their rows was half of the
    /// team overview's time in the server (docs/benchmarks.md). Same rows and order as `caseload`.
    public static func caseloadJSON(principal: Principal, today: CalendarDate, on db: any Database) async throws -> String {
        let unitIDs = try await caseloadUnits(principal, on: db)
        let municipalityID = principal.municipalityID
        guard !unitIDs.isEmpty else { return #"{"items":[],"nextCursor":null}"# }
        let sql = db.sql
        let j = SQLJSON(sql)
        let row = j.object([
            "caseworkerId": j.uuid("a.caseworker_id"), "caseworkerName": "u.display_name",
            "openCases": "a.open_cases", "overdueCases": "COALESCE(a.overdue_cases, 0)",
        ])
        let items = try await sql.raw("""
            SELECT \(j.array(row, orderBy: caseloadOrder)) AS items
            FROM \(caseloadAggregate(unitIDs: unitIDs, municipalityID: municipalityID, today: today)) a
            LEFT JOIN users u ON u.id = a.caseworker_id
            """).first()?.decode(column: "items", as: String.self) ?? "[]"
        return #"{"items":"# + items + #","nextCursor":null}"#
    }

    /// The units whose caseload a principal oversees: an administrator every authority team of the
    /// municipality, anyone else their own units.
    static func caseloadUnits(_ principal: Principal, on db: any Database) async throws -> Set<UUID> {
        guard principal.role == .administrator else { return principal.unitIDs }
        return Set(try await OrganisationStore.units(municipalityID: principal.municipalityID, on: db).filter { $0.kind == .authorityTeam }.map(\.id))
    }

    /// Open and overdue cases per caseworker, aggregated from `cases_open_caseload_idx` alone.
    static func caseloadAggregate(unitIDs: Set<UUID>, municipalityID: UUID, today: CalendarDate) -> SQLQueryString {
        """
        (SELECT c.caseworker_id, COUNT(*) AS open_cases, SUM(CASE WHEN c.next_deadline_on < \(bind: today.description) THEN 1 ELSE 0 END) AS overdue_cases
         FROM cases c
         WHERE c.municipality_id = \(bind: municipalityID) AND c.responsible_unit_id IN (\(binds: unitIDs.sorted { $0.uuidString < $1.uuidString }))
           AND \(openCase)
         GROUP BY c.caseworker_id)
        """
    }

    /// By name, the cases without a caseworker last, and by id between namesakes (the same on both engines).
    static let caseloadOrder: SQLQueryString = "u.display_name IS NULL, u.display_name, a.caseworker_id"
}
