import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

enum CasesAPI {
    static func terminology(_ req: Request) async throws -> TerminologySnapshot {
        try await req.openvum.terminology.current(on: req.db)
    }

    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(CaseCreateRequest.self, from: req)
        guard let citizenID = body.citizenId else { throw DomainError.validation([FieldError(field: "citizenId", message: "Borger skal udfyldes.")]) }
        let t = try await terminology(req)
        let audit = try req.auditEntry(objectType: "case")
        let created = try await req.atomicWrite { db in
            try await CaseStore.create(
                .init(citizenID: citizenID, origin: body.origin, inquirer: body.inquirer, responsibleUnitID: body.responsibleUnitId,
                      caseworkerID: body.caseworkerId, paragraphsAppliedFor: body.paragraphsAppliedFor),
                principal: p, now: req.openvum.now(), terminology: t, audit: audit, on: db)
        }
        let response = try CaseResource.response(created, terminology: t, status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/cases/\(created.id.uuidString.lowercased())")
        return response
    }

    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        guard let c = try await CaseStore.read(id: id, principal: p, audit: try req.auditEntry(objectType: "case"), on: req.readDB) else {
            throw DomainError.notFound("Sagen")
        }
        return try CaseResource.response(c, terminology: try await terminology(req))
    }

    static func update(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.object(from: req)
        let expected = try ETag.expectedVersion(req)
        let t = try await terminology(req)
        nonisolated(unsafe) let sent = body // read-only JSON value, used by one task at a time
        let audit = try req.auditEntry(objectType: "case", criteria: "fields=\(sent.keys.sorted().joined(separator: ","))")
        let updated = try await req.writeTransaction { tx in
            var patch = sent
            // Fields around the document are read-only here; a client that sends back what it read is not refused
            // (compared with the case in this transaction).
            if patch.keys.contains(where: { CaseResource.readOnly[$0] != nil }) {
                guard let current = try await CaseStore.find(id: id, principal: p, on: tx) else { throw DomainError.notFound("Sagen") }
                patch = try CaseResource.withoutUnchangedReadOnlyFields(patch, current: current, terminology: t)
            }
            return try await CaseStore.update(id: id, expectedVersion: expected, patch: patch, principal: p, now: req.openvum.now(), terminology: t, audit: audit, on: tx)
        }
        return try CaseResource.response(updated, terminology: t)
    }

    static func transition(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(TransitionRequest.self, from: req)
        let to = try CaseProcess.phase(named: body.to)
        let expected = try ETag.expectedVersion(req)
        let audit = try req.auditEntry(objectType: "case", criteria: "to=\(to.rawValue)")
        let updated = try await req.writeTransaction { tx in
            try await CaseStore.transition(id: id, expectedVersion: expected, to: to, reason: body.reason, closeReason: body.closeReason, effectiveOn: body.effectiveOn,
                                           principal: p, now: req.openvum.now(), audit: audit, on: tx)
        }
        return try CaseResource.response(updated, terminology: try await terminology(req))
    }

    static func assign(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(AssignmentRequest.self, from: req)
        let expected = try ETag.expectedVersion(req)
        let audit = try req.auditEntry(objectType: "case", criteria: "assign=\(body.caseworkerId?.uuidString.lowercased() ?? "-") unit=\(body.unitId?.uuidString.lowercased() ?? "-")")
        let updated = try await req.writeTransaction { tx in
            try await CaseStore.assign(id: id, expectedVersion: expected, unitID: body.unitId, caseworkerID: body.caseworkerId, reason: body.reason,
                                       principal: p, now: req.openvum.now(), audit: audit, on: tx)
        }
        return try CaseResource.response(updated, terminology: try await terminology(req))
    }

    static func setKLE(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(KLERequest.self, from: req)
        let expected = try ETag.expectedVersion(req)
        let t = try await terminology(req)
        let audit = try req.auditEntry(objectType: "case", criteria: "kle=\(body.emne ?? "-") \(body.facet ?? "-")")
        let updated = try await req.writeTransaction { tx in
            try await CaseStore.setKLE(
                id: id, expectedVersion: expected, emne: body.emne, facet: body.facet, principal: p, now: req.openvum.now(), terminology: t, audit: audit, on: tx)
        }
        return try CaseResource.response(updated, terminology: t)
    }

    static func addInquiry(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(InquiryRequest.self, from: req)
        let t = try await terminology(req)
        let audit = try req.auditEntry(objectType: "case", criteria: "inquiry")
        let c = try await req.writeTransaction { tx in
            try await CaseStore.addInquiry(caseID: id, inquirer: body.inquirer, origin: body.origin ?? .inquiry, receivedOn: body.receivedOn, principal: p,
                                           now: req.openvum.now(), terminology: t, audit: audit, on: tx)
        }
        return try CaseResource.response(c, terminology: t, status: .created)
    }

    /// An inquiry on a citizen before any case exists (the next case opened takes it over).
    static func addCitizenInquiry(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        let body = try StrictJSON.decode(InquiryRequest.self, from: req)
        let audit = try req.auditEntry(objectType: "inquiry")
        let inquiry = try await req.writeTransaction { tx in
            try await CaseStore.addCitizenInquiry(citizenID: id, inquirer: body.inquirer, origin: body.origin ?? .inquiry, receivedOn: body.receivedOn,
                                                  principal: p, now: req.openvum.now(), audit: audit, on: tx)
        }
        return try APIResponse.json(inquiry, status: .created)
    }

    static func history(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let audit = try req.auditEntry(objectType: "case-history")
        let history = try await req.readTransaction { tx in
            guard let h = try await CaseStore.history(id: id, principal: p, audit: audit, on: tx) else { throw DomainError.notFound("Sagen") }
            return h
        }
        return try APIResponse.json(CaseHistoryDTO(history))
    }

    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let q = try ListQuery.from(req)
        var f = CaseStore.ListFilter()
        var e = FieldErrorCollector()
        if let raw = req.query[String.self, at: "phase"] {
            if let phase = CasePhase(rawValue: raw) { f.phase = phase } else { e.add("phase", "Ukendt fase.") }
        }
        for (name, keyPath) in [("caseworkerId", \CaseStore.ListFilter.caseworkerID), ("unitId", \.unitID), ("citizenId", \.citizenID)] {
            if let raw = req.query[String.self, at: name] {
                if let id = UUID(uuidString: raw) { f[keyPath: keyPath] = id } else { e.add(name, "\(name) skal være et UUID.") }
            }
        }
        if let raw = req.query[String.self, at: "open"] { f.openOnly = raw == "true" }
        if let raw = req.query[String.self, at: "caseNumber"] {
            if let number = CaseNumber(raw) { f.caseNumber = number } else { e.add("caseNumber", "caseNumber skal være et sagsnummer som 2026-00042.") }
        }
        try e.throwIfAny()
        let today = CalendarDate(req.openvum.now())
        let audit = try req.auditEntry(objectType: "case-list", citizenID: f.citizenID, criteria: "limit=\(q.limit)\(f.phase.map { " phase=\($0.rawValue)" } ?? "")")
        return APIResponse.json(text: try await CaseStore.listJSON(
            principal: p, filter: f, after: q.after, limit: q.limit, today: today, audit: audit, on: req.readDB))
    }

    static func worklist(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let q = try ListQuery.from(req, defaultLimit: 100)
        let today = CalendarDate(req.openvum.now())
        return APIResponse.json(text: try await CaseStore.worklistJSON(
            caseworkerID: p.userID, principal: p, limit: q.limit, today: today,
            audit: try req.auditEntry(objectType: "worklist", criteria: "limit=\(q.limit)"), on: req.readDB))
    }

    static func caseload(_ req: Request) async throws -> Response {
        let p = try req.principal()
        return APIResponse.json(text: try await CaseStore.caseloadJSON(principal: p, today: CalendarDate(req.openvum.now()), on: req.readDB))
    }

    static func catalogue(_ req: Request) async throws -> Response {
        let captured = DataCatalogue.capturedKeys
        let items = DataCatalogue.items.map {
            CatalogueEntryDTO(key: $0.key, vumId: $0.vumID, phase: $0.phase, nameDa: $0.nameDa, theme: $0.theme, autoGenerated: $0.autoGenerated,
                              addedInVum2: $0.addedInVUM2, apiPath: $0.apiPath, captured: captured.contains($0.key))
        }
        return try APIResponse.json(ListResponse(items: items, nextCursor: nil))
    }
}
