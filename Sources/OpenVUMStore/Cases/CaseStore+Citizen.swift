import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// A granted intervention as the citizen overview lists it (from `case_interventions`).
public struct CitizenGrant: Sendable, Equatable {
    public var caseID: UUID
    public var serviceCode: String?
    public var paragraph: String?
    public var decidedOn: CalendarDate?
    public var deliveryStartOn: CalendarDate?
    public var endedOn: CalendarDate?
    public var expectedPrice: Int?
    public var noEndDate: Bool
}

extension CaseStore {
    /// The grants on the given cases (already read in the caller's scope), latest decision first.
    public static func grants(caseIDs: [UUID], on db: any Database) async throws -> [CitizenGrant] {
        guard !caseIDs.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT case_id, service_code, paragraph, decided_on, delivery_start_on, ended_on, expected_price, no_end_date
            FROM case_interventions WHERE status = 'granted' AND case_id IN (\(binds: caseIDs)) ORDER BY decided_on DESC, id
            """).all().map { r in
            CitizenGrant(caseID: try r.decode(column: "case_id", as: UUID.self), serviceCode: try r.decode(column: "service_code", as: String?.self),
                         paragraph: try r.decode(column: "paragraph", as: String?.self),
                         decidedOn: try r.decode(column: "decided_on", as: String?.self).flatMap(CalendarDate.init),
                         deliveryStartOn: try r.decode(column: "delivery_start_on", as: String?.self).flatMap(CalendarDate.init),
                         endedOn: try r.decode(column: "ended_on", as: String?.self).flatMap(CalendarDate.init),
                         expectedPrice: try r.decode(column: "expected_price", as: Int?.self), noEndDate: try r.decode(column: "no_end_date", as: Bool.self))
        }
    }

    /// The notes on the given cases (already read in the caller's scope), each in its latest version, most
    /// recently written first; at most `limit` (nil: all).
    public static func latestNotes(caseIDs: [UUID], limit: Int? = 20, on db: any Database) async throws -> [(caseID: UUID, note: JournalNote)] {
        guard !caseIDs.isEmpty else { return [] }
        let bound: SQLQueryString = limit.map { "LIMIT \(literal: $0)" } ?? ""
        return try await db.sql.raw("""
            SELECT \(noteColumns) FROM case_notes n LEFT JOIN users u ON u.id = n.author_id
            WHERE n.case_id IN (\(binds: caseIDs))
              AND n.version = (SELECT MAX(m.version) FROM case_notes m WHERE m.chain_id = n.chain_id)
            ORDER BY n.written_at DESC, n.id \(bound)
            """).all().map { r in (try r.decode(column: "case_id", as: UUID.self), try note(r)) }
    }
}
