import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    /// Carries an order into its case (issue 13 item 2): the intervention's order and delivery items (IDs 68–76)
    /// and its end are read from the order (`OrderRules.caseItems`), never typed. Sending an order moves a case in
    /// the decision phase to the order phase, and the first start moves it on to delivery, as the caseworker would.
    /// A system write on behalf of `actor` (a provider user has no access to the case itself): the rules, phase
    /// history and derived values are the same as for any change of the case.
    package static func applyOrder(_ o: Order, actor: Principal, now: Date, terminology: any TerminologyLookup, on db: any Database) async throws {
        let system = actor.actingAsSystem
        func current() async throws -> CaseRecord {
            guard let c = try await db.sql.raw("SELECT \(columns) FROM cases c WHERE c.id = \(bind: o.caseID) AND c.municipality_id = \(bind: actor.municipalityID)")
                .first().map(record) else { throw DomainError.notFound("Sagen") }
            return c
        }
        var c = try await current()
        if o.state == .sent && c.phase == .decision {
            c = try await transition(id: c.id, expectedVersion: c.version, to: .order, reason: nil, principal: system, now: now, audit: nil, on: db)
        }
        if o.state == .started && c.phase == .order {
            c = try await transition(id: c.id, expectedVersion: c.version, to: .delivery, reason: nil, principal: system, now: now, audit: nil, on: db)
        }
        var doc = c.document
        guard let i = doc.interventions.firstIndex(where: { $0.id == o.interventionID }) else { throw DomainError.notFound("Indsatsen") }
        let items = OrderRules.caseItems(o)
        doc.interventions[i].order = items.order
        doc.interventions[i].delivery = items.delivery
        if o.state == .ended { doc.interventions[i].end = o.end }
        if doc != c.document {
            _ = try await save(c, entered: doc, principal: system, now: now, terminology: terminology, audit: nil, on: db)
        }
    }

    /// A use of force reported on one of the case's orders: when it happened on or before a follow-up already held,
    /// that follow-up's ID 82 changes — the case is saved again as a system write (its rules derive 82).
    package static func applyIncident(_ i: Incident, caseID: UUID, actor: Principal, now: Date, terminology: any TerminologyLookup,
                                      on db: any Database) async throws {
        guard i.type == .useOfForce else { return }
        let c = try await orderCase(caseID: caseID, municipalityID: actor.municipalityID, on: db)
        guard c.document.followUps.contains(where: { ($0.followUpDate.map { $0 >= i.occurredOn }) ?? false }) else { return }
        _ = try await save(c, entered: c.document, principal: actor.actingAsSystem, now: now, terminology: terminology, audit: nil, on: db)
    }
}
