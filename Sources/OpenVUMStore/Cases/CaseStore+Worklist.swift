import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    /// The condition of an open case, as a literal so that the partial indexes on open cases match.
    static let openCase: SQLQueryString = "c.phase <> 'closed'"

    /// One row of a worklist: the case and its open deadlines, earliest first.
    public struct WorklistEntry: Sendable, Equatable {
        public var summary: CaseSummary
        public var deadlines: [CaseDeadline]
    }

    /// A caseworker's own open cases in worklist order, served by the partial index `cases_open_worklist_idx`.
    static func worklistRead(caseworkerID: UUID, scope: SQLQueryString, limit: Int) -> SQLQueryString {
        """
        SELECT \(summaryColumns) FROM cases c JOIN citizens ci ON ci.id = c.citizen_id \(caseworkerJoin)
        WHERE \(scope) AND c.caseworker_id = \(bind: caseworkerID) AND \(openCase)
        ORDER BY c.next_deadline_on NULLS LAST, c.id LIMIT \(literal: limit)
        """
    }

    /// A caseworker's own open cases, the nearest deadline first (overdue at the top, no deadline last),
    /// with their deadlines unless `withDeadlines` is false: one statement (with the audit row on PostgreSQL).
    public static func worklist(
        caseworkerID: UUID, principal: Principal, limit: Int, withDeadlines: Bool = true, audit: AuditEntry? = nil, on db: any Database
    ) async throws -> [WorklistEntry] {
        guard let scope = scopeCondition(principal) else { return [] }
        let outer: SQLQueryString = withDeadlines ? """
            SELECT r.*, d.kind AS deadline_kind, d.due_on AS deadline_due_on, d.label AS deadline_label
            FROM r LEFT JOIN case_deadlines d ON d.case_id = r.id ORDER BY r.next_deadline_on NULLS LAST, r.id, d.due_on, d.kind, d.label
            """ : """
            SELECT r.*, NULL AS deadline_kind, NULL AS deadline_due_on, NULL AS deadline_label FROM r ORDER BY r.next_deadline_on NULLS LAST, r.id
            """
        let rows = try await AuditedRead.rows(worklistRead(caseworkerID: caseworkerID, scope: scope, limit: limit), outer: outer, audit: audit, on: db)
        var entries: [WorklistEntry] = []
        for r in rows {
            let id = try r.decode(column: "id", as: UUID.self)
            if entries.last?.summary.id != id { entries.append(WorklistEntry(summary: try summary(r), deadlines: [])) }
            if let kind = try r.decode(column: "deadline_kind", as: String?.self).flatMap(CaseDeadline.Kind.init(rawValue:)),
               let due = try r.decode(column: "deadline_due_on", as: String?.self).flatMap(CalendarDate.init) {
                entries[entries.count - 1].deadlines.append(CaseDeadline(kind: kind, dueOn: due, label: try r.decode(column: "deadline_label", as: String.self)))
            }
        }
        return entries
    }

    /// The worklist as JSON built by the database (`{"items":[{"case":…,"deadlines":[…]}],"nextCursor":null}`),
    /// with its audit row: one statement on PostgreSQL.
    public static func worklistJSON(
        caseworkerID: UUID, principal: Principal, limit: Int, today: CalendarDate, audit: AuditEntry, on db: any Database
    ) async throws -> String {
        guard let scope = scopeCondition(principal) else {
            try await AuditStore.record(audit, on: db)
            return #"{"items":[],"nextCursor":null}"#
        }
        let j = SQLJSON(db.sql)
        let deadline = j.object([
            "kind": "d.kind", "dueOn": "d.due_on", "label": "d.label", "overdue": j.bool("d.due_on < \(bind: today.description)"),
        ])
        let deadlines = j.embed("SELECT \(j.array(deadline, orderBy: "d.due_on, d.kind, d.label")) FROM case_deadlines d WHERE d.case_id = r.id")
        let rows = try await AuditedRead.rows(worklistRead(caseworkerID: caseworkerID, scope: scope, limit: limit), outer: """
            SELECT \(j.array(j.object(["case": summaryJSON(j, today: today), "deadlines": deadlines]), orderBy: "r.next_deadline_on NULLS LAST, r.id")) AS items FROM r
            """, audit: audit, on: db)
        let items = try rows.first?.decode(column: "items", as: String.self) ?? "[]"
        return #"{"items":"# + items + #","nextCursor":null}"#
    }

    /// The open deadlines of the given cases, earliest first.
    public static func deadlines(caseIDs: [UUID], on db: any Database) async throws -> [UUID: [CaseDeadline]] {
        guard !caseIDs.isEmpty else { return [:] }
        let sql = db.sql
        let rows = try await sql.raw("SELECT case_id, kind, due_on, label FROM case_deadlines WHERE case_id IN (\(binds: caseIDs)) ORDER BY due_on, kind, label").all()
        var out: [UUID: [CaseDeadline]] = [:]
        for r in rows {
            guard let kind = CaseDeadline.Kind(rawValue: try r.decode(column: "kind", as: String.self)),
                  let due = CalendarDate(try r.decode(column: "due_on", as: String.self)) else { continue }
            out[try r.decode(column: "case_id", as: UUID.self), default: []].append(
                CaseDeadline(kind: kind, dueOn: due, label: try r.decode(column: "label", as: String.self)))
        }
        return out
    }
}
