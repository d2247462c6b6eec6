import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The Ydelsesindeks messages (issue 16 item 3), written on the transaction of the change: after a case changes, each
/// granted intervention's BevillingIndeks entry (`GrantIndex.entry`) is built from the case, its latest order and the
/// municipality's settings; when it differs from the entry last written, a message goes to the outbox. Nothing is
/// written while the municipality has no Ydelsesindeks receiver switched on.
enum GrantIndexStore {
    static func publishGrants(caseID: UUID, now: Date, on db: any Database) async throws {
        let sql = db.sql
        guard let row = try await sql.raw("""
            SELECT c.municipality_id, c.citizen_id, c.case_number, c.document, z.cpr FROM cases c JOIN citizens z ON z.id = c.citizen_id WHERE c.id = \(bind: caseID)
            """).first() else { return }
        let municipalityID = try row.decode(column: "municipality_id", as: UUID.self)
        let document = try JSONDecoder().decode(CaseDocument.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
        let granted = document.interventions.filter { $0.id != nil && $0.decision?.outcome == .granted }
        guard !granted.isEmpty else { return }
        let settings = try await CaseStore.settings(municipalityID: municipalityID, on: db)
        let sag = try await CaseIndexStore.sagKey(caseID: caseID, citizenID: try row.decode(column: "citizen_id", as: UUID.self), municipalityID: municipalityID,
                                                  settings: settings, now: now, on: db)
        // Each grant's latest order that bound the provider: its contract prices the payment plan, its provider is named.
        var orders: [UUID: (contract: OrderContract, provider: String?)] = [:]
        for o in try await sql.raw("""
            SELECT o.intervention_id, o.body, u.name FROM orders o LEFT JOIN org_units u ON u.id = o.provider_unit_id
            WHERE o.case_id = \(bind: caseID) AND o.ordered_on IS NOT NULL AND o.state <> 'rejected' ORDER BY o.ordered_on, o.created_at
            """).all() {
            let body = try JSONDecoder().decode(OrderBody.self, from: Data(try o.decode(column: "body", as: String.self).utf8))
            orders[try o.decode(column: "intervention_id", as: UUID.self)] = (body.contract, try o.decode(column: "name", as: String?.self))
        }
        let cpr = try row.decode(column: "cpr", as: String.self), number = try row.decode(column: "case_number", as: String.self)
        for intervention in granted {
            let id = intervention.id!
            let order = orders[id]
            let contract = order.map { PricedPeriod(start: $0.contract.startDate, end: $0.contract.endDate, frequency: $0.contract.frequency,
                                                    repetitions: $0.contract.repetitions, price: $0.contract.price) }
            let grant = GrantIndex.Grant(interventionID: id, cpr: cpr, intervention: intervention, sagUUID: sag, caseNumber: number,
                                         providerName: order?.provider, contract: contract)
            let key = GrantIndex.objectKey(interventionID: id)
            let known = try await IndexObjects.key(municipalityID: municipalityID, receiver: .grantIndex, objectKey: key, now: now, on: db)
            guard let entry = GrantIndex.entry(uuid: known.uuid, grant: grant, settings: settings) else { continue }
            try await IndexObjects.publish(municipalityID: municipalityID, receiver: .grantIndex, objectKey: key, entry: try CaseIndex.json(entry),
                                           last: known.lastPayload, now: now, on: db) { first in
                (first ? GrantIndex.importKind : GrantIndex.correctionKind,
                 try CaseIndex.json(GrantIndex.Message(livscykluskode: first ? "Importeret" : "Rettet", registreringstidspunkt: now, bevilling: entry)))
            }
        }
    }

    /// What the index reads of a stored order.
    struct OrderBody: Decodable {
        var contract: OrderContract
    }
}
