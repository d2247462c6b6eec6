import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    // MARK: Lists

    struct ListKey: Codable {
        var o: String
        var i: UUID
    }

    public struct ListFilter: Sendable {
        public var phase: CasePhase?
        public var caseworkerID: UUID?
        public var unitID: UUID?
        public var citizenID: UUID?
        public var openOnly: Bool
        /// Only cases without a responsible caseworker (a team leader's cases to allocate).
        public var unassignedOnly = false
        /// Only cases whose next deadline lies before this day (overdue).
        public var overdueOn: CalendarDate?
        /// Only the case with this number.
        public var caseNumber: CaseNumber?
        /// Only these citizens' cases (a search result's).
        public var citizenIDs: [UUID]?
        public init(phase: CasePhase? = nil, caseworkerID: UUID? = nil, unitID: UUID? = nil, citizenID: UUID? = nil, openOnly: Bool = false,
                    unassignedOnly: Bool = false, overdueOn: CalendarDate? = nil, caseNumber: CaseNumber? = nil, citizenIDs: [UUID]? = nil) {
            self.caseNumber = caseNumber
            self.citizenIDs = citizenIDs
            self.unassignedOnly = unassignedOnly
            self.overdueOn = overdueOn
            self.phase = phase
            self.caseworkerID = caseworkerID
            self.unitID = unitID
            self.citizenID = citizenID
            self.openOnly = openOnly
        }
    }

    static let summaryColumns: SQLQueryString = """
        c.id, c.citizen_id, ci.given_name, ci.family_name, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on,
        c.next_deadline_on, c.next_deadline_kind, c.version, c.case_number, c.paragraphs, cw.display_name AS caseworker_name
        """

    /// The responsible caseworker's name for `summaryColumns`.
    static let caseworkerJoin: SQLQueryString = "LEFT JOIN users cw ON cw.id = c.caseworker_id"

    static func summary(_ r: any SQLRow) throws -> CaseSummary {
        CaseSummary(
            id: try r.decode(column: "id", as: UUID.self), citizenID: try r.decode(column: "citizen_id", as: UUID.self),
            citizenName: "\(try r.decode(column: "given_name", as: String.self)) \(try r.decode(column: "family_name", as: String.self))",
            responsibleUnitID: try r.decode(column: "responsible_unit_id", as: UUID.self),
            caseworkerID: try r.decode(column: "caseworker_id", as: UUID?.self),
            phase: CasePhase(rawValue: try r.decode(column: "phase", as: String.self)) ?? .opening,
            openedOn: try r.decode(column: "opened_on", as: String.self),
            nextDeadlineOn: try r.decode(column: "next_deadline_on", as: String?.self),
            nextDeadlineKind: try r.decode(column: "next_deadline_kind", as: String?.self),
            version: try r.decode(column: "version", as: Int.self),
            caseNumber: try r.decode(column: "case_number", as: String.self),
            paragraphs: try r.decode(column: "paragraphs", as: String?.self),
            caseworkerName: try r.decode(column: "caseworker_name", as: String?.self))
    }

    /// The WHERE condition of a case list (scope, filters, keyset); nil when the principal sees nothing.
    static func listCondition(principal: Principal, filter: ListFilter, after cursor: String?) throws -> SQLQueryString? {
        guard var condition = scopeCondition(principal) else { return nil }
        if let p = filter.phase { condition = "\(condition) AND c.phase = \(bind: p.rawValue)" }
        if filter.openOnly { condition = "\(condition) AND \(openCase)" }
        if let cw = filter.caseworkerID { condition = "\(condition) AND c.caseworker_id = \(bind: cw)" }
        if filter.unassignedOnly { condition = "\(condition) AND c.caseworker_id IS NULL" }
        if let day = filter.overdueOn { condition = "\(condition) AND c.next_deadline_on < \(bind: day.description)" }
        if let u = filter.unitID { condition = "\(condition) AND c.responsible_unit_id = \(bind: u)" }
        if let ci = filter.citizenID { condition = "\(condition) AND c.citizen_id = \(bind: ci)" }
        if let ids = filter.citizenIDs { condition = ids.isEmpty ? "\(condition) AND 1 = 0" : "\(condition) AND c.citizen_id IN (\(binds: ids))" }
        if let n = filter.caseNumber { condition = "\(condition) AND c.case_number = \(bind: n.description)" }
        if let cursor {
            let key = try Cursor.decode(cursor, as: ListKey.self)
            condition = "\(condition) AND (c.opened_on, c.id) < (\(bind: key.o), \(bind: key.i))"
        }
        return condition
    }

    /// The rows of a list page plus one (to know whether there is a next page), newest opening first.
    static func listRead(_ condition: SQLQueryString, limit: Int) -> SQLQueryString {
        """
        SELECT \(summaryColumns) FROM cases c JOIN citizens ci ON ci.id = c.citizen_id \(caseworkerJoin)
        WHERE \(condition) ORDER BY c.opened_on DESC, c.id DESC LIMIT \(literal: limit + 1)
        """
    }

    /// Cases the principal may see, newest opening first, keyset-paginated.
    public static func list(
        principal: Principal, filter: ListFilter, after cursor: String?, limit: Int, audit: AuditEntry? = nil, on db: any Database
    ) async throws -> Page<CaseSummary> {
        guard let condition = try listCondition(principal: principal, filter: filter, after: cursor) else { return Page(items: [], nextCursor: nil) }
        let rows = try await AuditedRead.rows(
            listRead(condition, limit: limit), outer: "SELECT * FROM r ORDER BY opened_on DESC, id DESC", audit: audit, on: db).map(summary)
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { Cursor.encode(ListKey(o: $0.openedOn, i: $0.id)) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// A list page as JSON built by the database (`{"items":[…],"nextCursor":…}`, the items as the API's
    /// case summaries), with its audit row: one statement on PostgreSQL, no per-row work in Swift.
    public static func listJSON(
        principal: Principal, filter: ListFilter, after cursor: String?, limit: Int, today: CalendarDate, audit: AuditEntry, on db: any Database
    ) async throws -> String {
        guard let condition = try listCondition(principal: principal, filter: filter, after: cursor) else {
            try await AuditStore.record(audit, on: db)
            return #"{"items":[],"nextCursor":null}"#
        }
        let j = SQLJSON(db.sql)
        let order: SQLQueryString = "opened_on DESC, id DESC"
        let rows = try await AuditedRead.rows(listRead(condition, limit: limit), outer: """
            SELECT \(j.array(summaryJSON(j, today: today, alias: "p"), orderBy: order, filter: "rn <= \(literal: limit)")) AS items, COUNT(*) AS fetched,
                   MAX(CASE WHEN rn = \(literal: limit) THEN opened_on END) AS last_opened_on,
                   MAX(CASE WHEN rn = \(literal: limit) THEN \(j.uuidText("id")) END) AS last_id
            FROM (SELECT r.*, ROW_NUMBER() OVER (ORDER BY \(order)) AS rn FROM r) p
            """, audit: audit, on: db)
        guard let row = rows.first else { return #"{"items":[],"nextCursor":null}"# }
        var next = "null"
        if try row.decode(column: "fetched", as: Int.self) > limit,
           let opened = try row.decode(column: "last_opened_on", as: String?.self),
           let id = try row.decode(column: "last_id", as: String?.self).flatMap(UUID.init(uuidString:)) {
            next = "\"\(Cursor.encode(ListKey(o: opened, i: id)))\""
        }
        return #"{"items":"# + (try row.decode(column: "items", as: String.self)) + #","nextCursor":"# + next + "}"
    }

    /// The API's case summary as a JSON object over a row of `summaryColumns` (named as in `r`).
    static func summaryJSON(_ j: SQLJSON, today: CalendarDate, alias: String = "r") -> SQLQueryString {
        let a = alias
        return j.object([
            "id": j.uuid("\(ident: a).id"), "caseNumber": "\(ident: a).case_number", "paragraphs": "\(ident: a).paragraphs",
            "caseworkerName": "\(ident: a).caseworker_name", "citizenId": j.uuid("\(ident: a).citizen_id"),
            "citizenName": "\(ident: a).given_name || ' ' || \(ident: a).family_name",
            "responsibleUnitId": j.uuid("\(ident: a).responsible_unit_id"), "caseworkerId": j.uuid("\(ident: a).caseworker_id"),
            "phase": "\(ident: a).phase", "openedOn": "\(ident: a).opened_on", "nextDeadlineOn": "\(ident: a).next_deadline_on",
            "nextDeadlineKind": "\(ident: a).next_deadline_kind",
            "overdue": j.bool("\(ident: a).next_deadline_on IS NOT NULL AND \(ident: a).next_deadline_on < \(bind: today.description)"),
            "version": "\(ident: a).version",
        ])
    }
}
