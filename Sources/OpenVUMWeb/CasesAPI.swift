import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The case resource as JSON: the document (all VUM 2.0 data items) plus the columns around it and
/// the derived decision lists (IDs 63, 64).
enum CaseResource {
    /// The resource encoded in one pass: the document's sections plus the fields around them. (Building a
    /// dictionary and writing it with JSONSerialization cost half the CPU of a read: docs/benchmarks.md.)
    struct Body: Encodable {
        var record: CaseRecord
        var kleTitle: String?

        enum Keys: String, CodingKey {
            case id, citizenId, responsibleUnitId, caseworkerId, phase, openedOn, closedOn, nextDeadlineOn, version, kle, decision, allowedTransitions
        }
        enum KLEKeys: String, CodingKey { case emne, facet, emneTitle }
        enum DecisionKeys: String, CodingKey { case grantedInterventions, refusedInterventions }

        func encode(to encoder: any Encoder) throws {
            let c = record
            try c.document.encode(to: encoder)
            var o = encoder.container(keyedBy: Keys.self)
            try o.encode(c.id, forKey: .id)
            try o.encode(c.citizenID, forKey: .citizenId)
            try o.encode(c.responsibleUnitID, forKey: .responsibleUnitId)
            try o.encode(c.caseworkerID, forKey: .caseworkerId)
            try o.encode(c.phase, forKey: .phase)
            try o.encode(c.openedOn, forKey: .openedOn)
            try o.encode(c.closedOn, forKey: .closedOn)
            try o.encode(c.nextDeadlineOn, forKey: .nextDeadlineOn)
            try o.encode(c.version, forKey: .version)
            var kle = o.nestedContainer(keyedBy: KLEKeys.self, forKey: .kle)
            try kle.encode(c.kleEmne, forKey: .emne)
            try kle.encode(c.kleFacet, forKey: .facet)
            try kle.encodeIfPresent(kleTitle, forKey: .emneTitle)
            var decision = o.nestedContainer(keyedBy: DecisionKeys.self, forKey: .decision)
            try decision.encode(c.document.interventions.filter { $0.decision?.outcome == .granted }.compactMap(\.id), forKey: .grantedInterventions)
            try decision.encode(c.document.interventions.filter { $0.decision?.outcome == .refused }.compactMap(\.id), forKey: .refusedInterventions)
            try o.encode(CaseProcess.successors(of: c.phase), forKey: .allowedTransitions)
        }
    }

    static func body(_ c: CaseRecord, terminology: TerminologySnapshot?) -> Body {
        Body(record: c, kleTitle: c.kleEmne.flatMap { terminology?.display(.kle, code: $0) })
    }

    /// The resource as a JSON object, for the web pages (which read it by JSON pointer).
    static func object(_ c: CaseRecord, terminology: TerminologySnapshot?) -> [String: Any] {
        let data = (try? CasePatch.encoder.encode(body(c, terminology: terminology))) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    static func response(_ c: CaseRecord, terminology: TerminologySnapshot?, status: HTTPResponseStatus = .ok) throws -> Response {
        let response = Response(status: status)
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: .eTag, value: ETag.make(c.version))
        response.body = .init(data: try encoder.encode(body(c, terminology: terminology)))
        return response
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    /// Top-level fields that are read-only in a PATCH, with where they are changed instead.
    static let readOnly: [String: String] = [
        "id": "Id'et kan ikke ændres.", "citizenId": "Borgeren kan ikke ændres på en sag.", "phase": "Fasen ændres med POST /api/v1/cases/{id}/transitions.",
        "version": "Versionen sendes i If-Match.", "kle": "KLE ændres med PUT /api/v1/cases/{id}/kle.", "decision": "Afgørelsen registreres på hver indsats under interventions/*/decision.",
        "openedOn": "Udfyldes automatisk.", "closedOn": "Udfyldes automatisk.", "nextDeadlineOn": "Udfyldes automatisk.",
        "allowedTransitions": "Udfyldes automatisk.", "responsibleUnitId": "Kan ikke ændres her.", "caseworkerId": "Kan ikke ændres her.",
    ]
}

struct CaseCreateRequest: StrictBody {
    var citizenId: UUID?
    var origin: CaseOrigin?
    var inquirer: Inquirer?
    var responsibleUnitId: UUID?
    var caseworkerId: UUID?
    var paragraphsAppliedFor: [String]?
    static let fields: Set<String> = ["citizenId", "origin", "inquirer", "responsibleUnitId", "caseworkerId", "paragraphsAppliedFor"]
}

struct TransitionRequest: StrictBody {
    var to: String?
    var reason: String?
    static let fields: Set<String> = ["to", "reason"]
}

struct KLERequest: StrictBody {
    var emne: String?
    var facet: String?
    static let fields: Set<String> = ["emne", "facet"]
}

struct InquiryRequest: StrictBody {
    var inquirer: Inquirer?
    static let fields: Set<String> = ["inquirer"]
}

struct CatalogueEntryDTO: Encodable, Sendable {
    var key: String
    var vumId: Int?
    var phase: CasePhase
    var nameDa: String
    var theme: Int?
    var autoGenerated: Bool
    var addedInVum2: Bool
    var apiPath: String
    var captured: Bool

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(vumId, forKey: .vumId)
        try c.encode(phase, forKey: .phase)
        try c.encode(nameDa, forKey: .nameDa)
        try c.encode(theme, forKey: .theme)
        try c.encode(autoGenerated, forKey: .autoGenerated)
        try c.encode(addedInVum2, forKey: .addedInVum2)
        try c.encode(apiPath, forKey: .apiPath)
        try c.encode(captured, forKey: .captured)
    }
    enum CodingKeys: String, CodingKey { case key, vumId, phase, nameDa, theme, autoGenerated, addedInVum2, apiPath, captured }
}

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
        let readOnly = body.keys.compactMap { key in CaseResource.readOnly[key].map { FieldError(field: "/\(key)", message: $0) } }
        if !readOnly.isEmpty { throw DomainError.validation(readOnly.sorted { $0.field < $1.field }) }
        let expected = try ETag.expectedVersion(req)
        let t = try await terminology(req)
        nonisolated(unsafe) let patch = body // read-only JSON value, used by one task at a time
        let updated = try await req.writeTransaction { tx in
            let c = try await CaseStore.update(id: id, expectedVersion: expected, patch: patch, principal: p, now: req.openvum.now(), terminology: t, on: tx)
            try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID,
                                criteria: "fields=\(patch.keys.sorted().joined(separator: ","))")
            return c
        }
        return try CaseResource.response(updated, terminology: t)
    }

    static func transition(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(TransitionRequest.self, from: req)
        guard let raw = body.to, let to = CasePhase(rawValue: raw) else {
            throw DomainError.validation([FieldError(field: "to", message: "Ukendt fase. Tilladte: \(CasePhase.allCases.map(\.rawValue).joined(separator: ", ")).")])
        }
        let expected = try ETag.expectedVersion(req)
        let updated = try await req.writeTransaction { tx in
            let c = try await CaseStore.transition(id: id, expectedVersion: expected, to: to, reason: body.reason, principal: p, now: req.openvum.now(), on: tx)
            try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID, criteria: "to=\(to.rawValue)")
            return c
        }
        return try CaseResource.response(updated, terminology: try await terminology(req))
    }

    static func setKLE(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(KLERequest.self, from: req)
        let expected = try ETag.expectedVersion(req)
        let t = try await terminology(req)
        let updated = try await req.writeTransaction { tx in
            let c = try await CaseStore.setKLE(id: id, expectedVersion: expected, emne: body.emne, facet: body.facet, principal: p, now: req.openvum.now(), terminology: t, on: tx)
            try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID, criteria: "kle=\(body.emne ?? "-") \(body.facet ?? "-")")
            return c
        }
        return try CaseResource.response(updated, terminology: t)
    }

    static func addInquiry(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(InquiryRequest.self, from: req)
        let t = try await terminology(req)
        let c = try await req.writeTransaction { tx in
            try await CaseStore.addInquiry(caseID: id, inquirer: body.inquirer, principal: p, now: req.openvum.now(), on: tx)
            guard let c = try await CaseStore.find(id: id, principal: p, on: tx) else { throw DomainError.notFound("Sagen") }
            try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID, criteria: "inquiry")
            return c
        }
        return try CaseResource.response(c, terminology: t, status: .created)
    }

    static func history(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let history = try await req.readTransaction { tx in
            guard let c = try await CaseStore.find(id: id, principal: p, on: tx) else { throw DomainError.notFound("Sagen") }
            try await req.audit(on: tx, objectType: "case-history", objectID: c.id.uuidString, citizenID: c.citizenID)
            return try await CaseStore.history(caseID: id, on: tx)
        }
        struct Body: Encodable {
            var transitions: [CaseHistory.Transition]
            var nationalStates: [CaseHistory.NationalState]
            var kle: [CaseHistory.KLEChange]
            var functionalLevels: [CaseHistory.LevelVersion]
        }
        return try APIResponse.json(Body(transitions: history.transitions, nationalStates: history.nationalStates, kle: history.kle, functionalLevels: history.functionalLevels))
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

/// The municipality's local rules for cases (administrators write, staff read).
enum SettingsAPI {
    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let version = try await CaseStore.settingsVersion(municipalityID: p.municipalityID, on: req.db)
        return try APIResponse.json(try await CaseStore.settings(municipalityID: p.municipalityID, on: req.db), version: version)
    }

    static func update(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.object(from: req)
        let allowed: Set<String> = ["caseConcept", "grantMustBelongToCase", "closingEvent", "kleLevels", "phaseDeadlineDays",
                                    "actionPlanValidityMonths", "personalSupervisionMonths", "reminderLeadDays"]
        let unknown = Set(body.keys).subtracting(allowed).sorted()
        if !unknown.isEmpty { throw DomainError.validation(unknown.map { FieldError(field: $0, message: "Ukendt felt.") }) }
        let expected = try ETag.expectedVersion(req)
        let current = try await CaseStore.settings(municipalityID: p.municipalityID, on: req.db)
        let merged = CasePatch.merge(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(current)), body)
        let settings: CaseSettings
        do {
            settings = try JSONDecoder().decode(CaseSettings.self, from: try JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            throw DomainError.validation([StrictJSON.fieldError(for: error)])
        }
        let keys = body.keys.sorted()
        let version = try await req.writeTransaction { tx in
            let v = try await CaseStore.saveSettings(settings, municipalityID: p.municipalityID, expectedVersion: expected, on: tx)
            try await req.audit(on: tx, objectType: "municipality-settings", objectID: p.municipalityID.uuidString, criteria: "fields=\(keys.joined(separator: ","))")
            return v
        }
        return try APIResponse.json(settings, version: version)
    }
}
