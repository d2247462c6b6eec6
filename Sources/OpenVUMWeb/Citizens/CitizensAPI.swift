import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Citizens: list, search by CPR (in the body), read, create, update. Every read and search is audited.
enum CitizensAPI {
    static func list(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let q = try ListQuery.from(req)
        let audit = try req.auditEntry(objectType: "citizen-list", criteria: "limit=\(q.limit)\(q.after == nil ? "" : " after=cursor")")
        let page = try await req.readTransaction { tx in
            try await CitizenStore.list(principal: principal, after: q.after, limit: q.limit, audit: audit, on: tx)
        }
        return try APIResponse.json(ListResponse(items: page.items.map(CitizenDTO.init), nextCursor: page.nextCursor))
    }

    static func search(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let body = try StrictJSON.decode(CitizenSearchRequest.self, from: req)
        guard let raw = body.cpr else { throw DomainError.validation([FieldError(field: "cpr", message: "CPR-nummer skal udfyldes.")]) }
        let cpr = try CitizenRules.parseCPR(raw)
        let found = try await CitizenStore.search(
            cpr: cpr, principal: principal, audit: try req.auditEntry(objectType: "citizen", criteria: "cpr=\(cpr.masked)"), on: req.readDB)
        return try APIResponse.json(ListResponse(items: found.map(CitizenDTO.init), nextCursor: nil))
    }

    static func read(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        guard let citizen = try await CitizenStore.read(id: id, principal: principal, audit: try req.auditEntry(objectType: "citizen"), on: req.readDB) else {
            throw DomainError.notFound("Borgeren")
        }
        return try APIResponse.json(CitizenDTO(citizen), version: citizen.version)
    }

    static func create(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let body = try StrictJSON.decode(CitizenCreateRequest.self, from: req)
        let valid = try CitizenRules.validateRegistration(
            cpr: body.cpr, givenName: body.givenName, familyName: body.familyName, responsibleUnitID: body.responsibleUnitId)
        let new = CitizenStore.NewCitizen(cpr: valid.cpr, givenName: valid.givenName, familyName: valid.familyName, responsibleUnitID: valid.responsibleUnitID)
        let criteria = "cpr=\(new.cpr.masked) unit=\(new.responsibleUnitID.uuidString.lowercased())"
        let created: CitizenRecord
        do {
            let audit = try req.auditEntry(objectType: "citizen", criteria: criteria)
            created = try await req.writeTransaction { tx in
                try await CitizenStore.create(new, principal: principal, now: req.openvum.now(), audit: audit, on: tx).citizen
            }
        } catch let error as DomainError where error.kind == .conflict || error.kind == .validation {
            // The attempt is audited even when refused (a refused registration says the CPR number was asked about).
            try await req.writeTransaction { tx in
                try await req.audit(on: tx, action: "citizen.create.refused", objectType: "citizen", criteria: "\(criteria) reason=\(error.code)")
            }
            throw error
        }
        let response = try APIResponse.json(CitizenDTO(created), status: .created, version: created.version)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/citizens/\(created.id.uuidString.lowercased())")
        return response
    }

    static func update(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        let body = try StrictJSON.decode(CitizenPatchRequest.self, from: req)
        try CitizenRules.validateChanges(givenName: body.givenName, familyName: body.familyName)
        let expected = try ETag.expectedVersion(req)
        let fields = [body.givenName == nil ? nil : "givenName", body.familyName == nil ? nil : "familyName", body.responsibleUnitId == nil ? nil : "responsibleUnitId"]
        let audit = try req.auditEntry(objectType: "citizen", criteria: "fields=\(fields.compactMap { $0 }.joined(separator: ","))")
        let updated = try await req.writeTransaction { tx in
            try await CitizenStore.update(
                id: id, expectedVersion: expected,
                changes: .init(givenName: body.givenName, familyName: body.familyName, responsibleUnitID: body.responsibleUnitId),
                principal: principal, now: req.openvum.now(), audit: audit, on: tx)
        }
        return try APIResponse.json(CitizenDTO(updated), version: updated.version)
    }
}
