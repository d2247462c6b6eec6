import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension OrderStore {
    /// A follow-up newly held on `new` (not on `old`) carries through to the case's binding orders
    /// (`FollowUpFromProvider.effects`): an intervention ended at the follow-up ends its order that day (or withdraws one
    /// not yet accepted), and the case reads the end from it; a changed intervention becomes the authority's change
    /// request to the provider. Runs in the case's write transaction, as the system on behalf of `actor`; true when an
    /// order was ended (the case was written again).
    static func carryFollowUps(old: CaseDocument, new c: CaseRecord, actor: Principal, now: Date, terminology: any TerminologyLookup,
                               on db: any Database) async throws -> Bool {
        let held = Set(old.followUps.compactMap(\.id))
        let fresh = c.document.followUps.filter { $0.id.map { !held.contains($0) } ?? false }
        guard !fresh.isEmpty else { return false }
        var ended = false
        let orders = try await db.sql.raw("""
            SELECT o.body FROM orders o WHERE o.case_id = \(bind: c.id) AND o.municipality_id = \(bind: c.municipalityID)
              AND o.state IN (\(binds: [OrderState.sent, .accepted, .started].map(\.rawValue)))
            """).all().map(order)
        let today = CalendarDate(now)
        for f in fresh {
            for (interventionID, effect) in FollowUpFromProvider.effects(f, statusDisplay: { terminology.display(.ffb, code: $0) }) {
                guard let o = orders.first(where: { $0.interventionID == interventionID }) else { continue }
                switch effect {
                case .end(let end):
                    let step: OrderRules.Step = o.state == .sent ? .withdraw : .end(o.state == .accepted ? InterventionEnd(endedOn: end.endedOn, reason: .neverStarted) : end)
                    // An end the order cannot take (a day before its start) is left to the caseworker on Bestilling.
                    guard let closed = try? OrderRules.apply(step, to: o, by: .authority, today: today) else { continue }
                    let saved = try await save(closed, expectedVersion: o.version, municipalityID: c.municipalityID, now: now, audit: nil, on: db)
                    try await CaseStore.applyOrder(saved, actor: actor, now: now, terminology: terminology, on: db)
                    ended = true
                case .change(let reason):
                    guard o.state != .sent else { continue }
                    try await saveChangeRequest(ChangeRules.fromFollowUp(id: UUID(), order: o, reason: reason, today: today), userID: actor.userID, now: now,
                                                audit: nil, on: db)
                }
            }
        }
        return ended
    }
}
