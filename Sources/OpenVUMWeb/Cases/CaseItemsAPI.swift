import FluentKit
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// One goal, intervention or follow-up of a case, addressed by its id: read it, or change it with a JSON
/// merge patch without resending the list. The ETag is the case's version (an item changes the case).
enum CaseItemsAPI {
    /// The three lists of the case document whose items have ids.
    enum List: String, CaseIterable {
        case goals, interventions, followUps

        var parameter: String {
            switch self {
            case .goals: "goalID"
            case .interventions: "interventionID"
            case .followUps: "followUpID"
            }
        }

        var danishName: String {
            switch self {
            case .goals: "Målet"
            case .interventions: "Indsatsen"
            case .followUps: "Opfølgningen"
            }
        }

        /// The ids of the list's items, in order.
        func ids(in doc: CaseDocument) -> [UUID?] {
            switch self {
            case .goals: doc.goals.map(\.id)
            case .interventions: doc.interventions.map(\.id)
            case .followUps: doc.followUps.map(\.id)
            }
        }

        /// The item at `index` as the API writes it (every field, `null` when empty).
        func encoded(_ doc: CaseDocument, at index: Int) throws -> Data {
            switch self {
            case .goals: try CaseResource.encoder.encode(doc.goals[index])
            case .interventions: try CaseResource.encoder.encode(doc.interventions[index])
            case .followUps: try CaseResource.encoder.encode(doc.followUps[index])
            }
        }
    }

    static func read(_ list: List) -> @Sendable (Request) async throws -> Response {
        { req in
            let p = try req.principal()
            let caseID = try req.uuidParameter("caseID", what: "Sagen")
            let itemID = try req.uuidParameter(list.parameter, what: list.danishName)
            guard let c = try await CaseStore.read(id: caseID, principal: p, audit: try req.auditEntry(objectType: "case", criteria: "\(list.rawValue)=\(itemID.uuidString.lowercased())"), on: req.readDB) else {
                throw DomainError.notFound("Sagen")
            }
            return try response(list, itemID: itemID, in: c)
        }
    }

    static func update(_ list: List) -> @Sendable (Request) async throws -> Response {
        { req in
            let p = try req.principal()
            let caseID = try req.uuidParameter("caseID", what: "Sagen")
            let itemID = try req.uuidParameter(list.parameter, what: list.danishName)
            let itemPatch = try StrictJSON.object(from: req)
            let expected = try ETag.expectedVersion(req)
            let t = try await CasesAPI.terminology(req)
            if let id = itemPatch["id"], !JSONPointer.same(id, itemID.uuidString), !JSONPointer.same(id, itemID.uuidString.lowercased()) {
                throw DomainError.validation([FieldError(field: "/id", message: "Id'et kan ikke ændres.")])
            }
            let audit = try req.auditEntry(objectType: "case", criteria: "fields=\(list.rawValue)/\(itemPatch.keys.sorted().joined(separator: ","))")
            nonisolated(unsafe) let patch = itemPatch // read-only JSON value, used by one task at a time
            let updated = try await req.writeTransaction { tx in
                guard let current = try await CaseStore.find(id: caseID, principal: p, on: tx) else { throw DomainError.notFound("Sagen") }
                guard let index = list.ids(in: current.document).firstIndex(of: itemID) else { throw DomainError.notFound(list.danishName) }
                // The whole list as stored, with this one item merged: the case's own update checks and derives it.
                var items = CasePatch.jsonObject(current.document)[list.rawValue] as? [Any] ?? []
                items[index] = CasePatch.merge(items[index], patch)
                return try await CaseStore.update(
                    id: caseID, expectedVersion: expected, patch: [list.rawValue: items], principal: p, now: req.openvum.now(), terminology: t,
                    audit: audit, on: tx)
            }
            return try response(list, itemID: itemID, in: updated)
        }
    }

    static func response(_ list: List, itemID: UUID, in c: CaseRecord) throws -> Response {
        guard let index = list.ids(in: c.document).firstIndex(of: itemID) else { throw DomainError.notFound(list.danishName) }
        let response = Response(status: .ok)
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: .eTag, value: ETag.make(c.version))
        response.body = .init(data: try list.encoded(c.document, at: index))
        return response
    }
}
