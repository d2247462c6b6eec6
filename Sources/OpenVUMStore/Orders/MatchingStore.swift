import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// Matching requests in the database (issue 13 item 2). The authority's users see the requests of the cases in
/// their scope, with every answer; a provider's users the requests to their own offers, anonymised
/// (`MatchingRules.seenBy`): the need and their own answer, nothing of the case. Everything else is missing.
public enum MatchingStore {
    public static func create(_ r: MatchingRequest, municipalityID: UUID, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        try await db.sql.insert(into: "matching_requests")
            .columns("id", "municipality_id", "case_id", "intervention_id", "body", "created_at", "updated_at")
            .values(SQLBind(r.id), SQLBind(municipalityID), SQLBind(r.caseID), SQLBind(r.interventionID), SQLBind(try encode(r)), SQLBind(now), SQLBind(now))
            .run()
        for c in r.candidates {
            try await db.sql.insert(into: "matching_candidates").columns("request_id", "offer_unit_id", "provider_unit_id", "answer")
                .values(SQLBind(r.id), SQLBind(c.offerID), SQLBind(c.providerID), SQLBind(c.answer.rawValue)).run()
        }
        if let audit { try await AuditStore.record(audit.about(r.id, citizen: nil), on: db) }
    }

    /// Saves an answered request: the whole body and the answering candidate's row.
    public static func saveAnswer(_ r: MatchingRequest, offerID: UUID, now: Date, audit: AuditEntry?, on db: any Database) async throws {
        guard let c = r.candidates.first(where: { $0.offerID == offerID }) else { throw DomainError.notFound("Forespørgslen") }
        try await db.sql.raw("UPDATE matching_requests SET body = \(bind: try encode(r)), updated_at = \(bind: now) WHERE id = \(bind: r.id)").run()
        try await db.sql.raw("""
            UPDATE matching_candidates SET answer = \(bind: c.answer.rawValue) WHERE request_id = \(bind: r.id) AND offer_unit_id = \(bind: offerID)
            """).run()
        if let audit { try await AuditStore.record(audit.about(r.id, citizen: nil), on: db) }
    }

    static func encode(_ r: MatchingRequest) throws -> String { String(decoding: try JSONEncoder().encode(r), as: UTF8.self) }

    /// Which requests `p` may see, over `matching_requests` as `m`; nil: none.
    static func scope(_ p: Principal) -> SQLQueryString? {
        if p.role.isProvider {
            guard !p.unitIDs.isEmpty else { return nil }
            let units = Array(p.unitIDs)
            return """
                m.municipality_id = \(bind: p.municipalityID) AND EXISTS (SELECT 1 FROM matching_candidates mc WHERE mc.request_id = m.id
                AND (mc.offer_unit_id IN (\(binds: units)) OR mc.provider_unit_id IN (\(binds: units))))
                """
        }
        guard let cases = CaseStore.scopeCondition(p, alias: "c") else { return nil }
        return "m.municipality_id = \(bind: p.municipalityID) AND EXISTS (SELECT 1 FROM cases c WHERE c.id = m.case_id AND \(cases))"
    }

    /// The request as `p` may see it (a provider user: anonymised); nil when missing or out of sight.
    public static func find(id: UUID, principal p: Principal, on db: any Database) async throws -> MatchingRequest? {
        guard let scope = scope(p) else { return nil }
        return try await db.sql.raw("SELECT m.body FROM matching_requests m WHERE m.id = \(bind: id) AND \(scope)").first()
            .map(request).map { seen(by: p, $0) }
    }

    /// The requests `p` may see, newest first: of one case, at most `limit`.
    public static func list(principal p: Principal, caseID: UUID? = nil, limit: Int = 100, on db: any Database) async throws -> [MatchingRequest] {
        guard let scope = scope(p) else { return [] }
        let filter: SQLQueryString = caseID.map { "\(scope) AND m.case_id = \(bind: $0)" } ?? scope
        return try await db.sql.raw("SELECT m.body FROM matching_requests m WHERE \(filter) ORDER BY m.created_at DESC, m.id DESC LIMIT \(literal: limit)")
            .all().map(request).map { seen(by: p, $0) }
    }

    /// The request unfiltered, for the answer of one of `p`'s offers (after `find` showed it is theirs).
    public static func full(id: UUID, municipalityID: UUID, on db: any Database) async throws -> MatchingRequest? {
        try await db.sql.raw("SELECT m.body FROM matching_requests m WHERE m.id = \(bind: id) AND m.municipality_id = \(bind: municipalityID)").first().map(request)
    }

    static func seen(by p: Principal, _ r: MatchingRequest) -> MatchingRequest {
        p.role.isProvider ? MatchingRules.seenBy(provider: p.unitIDs, r) : r
    }

    static func request(_ r: any SQLRow) throws -> MatchingRequest {
        try JSONDecoder().decode(MatchingRequest.self, from: Data(try r.decode(column: "body", as: String.self).utf8))
    }
}
