import Foundation
import OpenVUMDomain
import SQLKit

/// A table whose rows belong to a citizen, described for the access-scope rule: where its rows name
/// the citizen, and the ways a team reaches a row.
package struct ScopedTable: Sendable {
    /// One way a team reaches a row.
    package enum UnitPath: Sendable {
        /// The row's own column names the responsible team.
        case column(String)
        /// The team is responsible for one of the citizen's cases.
        case caseOfCitizen
        /// The team was given access to the citizen when it registered a CPR number known elsewhere
        /// (`citizen_team_access`).
        case teamAccess
    }

    package var alias: String
    /// The column holding the citizen's id (`id` in `citizens` itself).
    package var citizenColumn: String
    package var unitPaths: [UnitPath]

    /// `cases`: a team sees the cases it is responsible for.
    package static func cases(alias: String = "c") -> ScopedTable {
        ScopedTable(alias: alias, citizenColumn: "citizen_id", unitPaths: [.column("responsible_unit_id")])
    }

    /// `citizens`: a team sees the citizens it is responsible for, has a case for, or registered.
    package static func citizens(alias: String = "citizens") -> ScopedTable {
        ScopedTable(alias: alias, citizenColumn: "id", unitPaths: [.column("responsible_unit_id"), .caseOfCitizen, .teamAccess])
    }
}

extension AccessScope {
    /// The one rule of "not yours answers exactly like missing": the SQL condition that restricts rows of
    /// `table` to what `principal` may see, or nil when the principal sees no citizen data at all (the
    /// caller then answers as for no rows). Every store function that reads or writes citizen data filters
    /// with it, so a row outside the scope is indistinguishable from a missing one; API and web pages share it.
    package static func condition(_ principal: Principal, over table: ScopedTable) -> SQLQueryString? {
        condition(principal.scope, municipalityID: principal.municipalityID, over: table)
    }

    /// The same rule for a scope other than the principal's own (the economy's, `Principal.economyScope`).
    package static func condition(_ scope: AccessScope, municipalityID: UUID, over table: ScopedTable) -> SQLQueryString? {
        let alias = table.alias
        let municipality: SQLQueryString = "\(ident: alias).municipality_id = \(bind: municipalityID)"
        switch scope {
        case .municipality:
            return municipality
        case .units(let ids):
            let units: SQLQueryString = "\(binds: ids.sorted { $0.uuidString < $1.uuidString })"
            let paths: [SQLQueryString] = table.unitPaths.map { path in
                switch path {
                case .column(let column):
                    return "\(ident: alias).\(ident: column) IN (\(units))"
                case .caseOfCitizen:
                    return "EXISTS (SELECT 1 FROM cases sc WHERE sc.citizen_id = \(ident: alias).\(ident: table.citizenColumn) AND sc.responsible_unit_id IN (\(units)))"
                case .teamAccess:
                    return "EXISTS (SELECT 1 FROM citizen_team_access ta WHERE ta.citizen_id = \(ident: alias).\(ident: table.citizenColumn) AND ta.unit_id IN (\(units)))"
                }
            }
            guard let first = paths.first else { return nil }
            if paths.count == 1 { return "\(municipality) AND \(first)" }
            let any = paths.dropFirst().reduce(first) { "\($0) OR \($1)" }
            return "\(municipality) AND (\(any))"
        case .citizens(let ids):
            return "\(municipality) AND \(ident: alias).\(ident: table.citizenColumn) IN (\(binds: ids.sorted { $0.uuidString < $1.uuidString }))"
        case .nothing:
            return nil
        }
    }
}
