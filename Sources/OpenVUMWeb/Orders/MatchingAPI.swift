import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Matching requests (issue 13 item 2): the caseworker sends an anonymised need to candidate offers before
/// ordering; each offer's provider answers available or not. A provider user reads only the need and their own
/// answer (`MatchingStore`); a request out of sight is answered as missing.
enum MatchingAPI {
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidQuery("caseId", what: "Sagens id")
        let items = try await MatchingStore.list(principal: p, caseID: caseID, on: req.readDB)
        try await req.audit(on: req.db, objectType: "matching", criteria: "caseId=\(caseID?.uuidString ?? "-") count=\(items.count)")
        return try APIResponse.json(ListResponse(items: items.map { MatchingRequestDTO($0, for: p) }, nextCursor: nil))
    }

    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let r = try await find(req, p)
        try await req.audit(on: req.db, objectType: "matching", objectID: r.id.uuidString)
        return try APIResponse.json(MatchingRequestDTO(r, for: p))
    }

    static func find(_ req: Request, _ p: Principal) async throws -> MatchingRequest {
        let id = try req.uuidParameter("requestID", what: "Forespørgslen")
        guard let r = try await MatchingStore.find(id: id, principal: p, on: req.db) else { throw DomainError.notFound("Forespørgslen") }
        return r
    }

    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(MatchingCreateRequest.self, from: req)
        var e = FieldErrorCollector()
        if body.caseId == nil { e.add("caseId", "Angiv sagen.") }
        if body.interventionId == nil { e.add("interventionId", "Angiv indsatsen, hvis behov der spørges om.") }
        try e.throwIfAny()
        let r = try await create(caseID: body.caseId!, interventionID: body.interventionId!, offerIDs: body.offerIds ?? [], description: body.description,
                                 principal: p, on: req)
        return try APIResponse.json(MatchingRequestDTO(r, for: p), status: .created)
    }

    /// A request from a case in the caller's scope to the chosen offers of the municipality's register: the need
    /// anonymised (`MatchingRules.need`; the description may not name the citizen), every candidate pending. The
    /// API and the *Bestilling* page both send through this.
    static func create(caseID: UUID, interventionID: UUID, offerIDs: [UUID], description: String?, principal p: Principal, on req: Request) async throws -> MatchingRequest {
        guard let c = try await CaseStore.find(id: caseID, principal: p, on: req.db) else { throw DomainError.notFound("Sagen") }
        let citizen = try await CitizenStore.find(id: c.citizenID, principal: p, on: req.db)
        // Each offer asked with its provider, from the register in one read.
        var providers: [UUID: UUID] = [:]
        for provider in try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: Set(offerIDs), on: req.db) {
            for offer in provider.offers { providers[offer.id] = provider.id }
        }
        // Both checks run, so every problem is told at once.
        var errors: [FieldError] = []
        var need: AnonymisedNeed?
        var candidates: [MatchingCandidate] = []
        do {
            need = try MatchingRules.need(of: c.document, interventionID: interventionID, description: description,
                                          names: [citizen?.givenName, citizen?.familyName].compactMap { $0 })
        } catch {
            // A missing intervention is missing; anything else is told with the candidates' problems.
            if error.kind != .validation { throw error }
            errors += error.fieldErrors
        }
        do { candidates = try MatchingRules.candidates(offerIDs, providers: providers) } catch { errors += error.fieldErrors }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let now = req.openvum.now()
        let r = MatchingRequest(id: UUID(), caseID: c.id, interventionID: interventionID, sentOn: CalendarDate(now), need: need!, candidates: candidates)
        let audit = try req.auditEntry(action: "matching.create", objectType: "matching", citizenID: c.citizenID, criteria: "case=\(c.id) offers=\(candidates.count)")
        try await req.writeTransaction { tx in
            try await MatchingStore.create(r, municipalityID: p.municipalityID, now: now, audit: audit, on: tx)
        }
        return r
    }

    /// `POST /api/v1/matching-requests/{id}/answers`: a provider user answers for one of their offers asked.
    static func answer(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(MatchingAnswerRequest.self, from: req)
        var e = FieldErrorCollector()
        if body.offerId == nil { e.add("offerId", "Angiv tilbuddet, der svares for.") }
        if body.available == nil { e.add("available", "Svar true (kan tilbyde plads) eller false (kan ikke).") }
        try e.throwIfAny()
        let r = try await answer(try await find(req, p), offerID: body.offerId!, available: body.available!, comment: body.comment, principal: p, on: req)
        return try APIResponse.json(MatchingRequestDTO(r, for: p))
    }

    /// Saves an answer of one of the caller's own offers (another offer answers as missing); returns the request
    /// as the caller sees it.
    static func answer(_ seen: MatchingRequest, offerID: UUID, available: Bool, comment: String?, principal p: Principal, on req: Request) async throws -> MatchingRequest {
        guard seen.candidates.contains(where: { $0.offerID == offerID }),
              let full = try await MatchingStore.full(id: seen.id, municipalityID: p.municipalityID, on: req.db) else { throw DomainError.notFound("Forespørgslen") }
        let now = req.openvum.now()
        let answered = try MatchingRules.answer(full, offerID: offerID, available: available, comment: comment, today: CalendarDate(now))
        let audit = try req.auditEntry(action: "matching.answer", objectType: "matching", objectID: seen.id.uuidString,
                                       criteria: "offer=\(offerID) available=\(available)")
        try await req.writeTransaction { tx in
            try await MatchingStore.saveAnswer(answered, offerID: offerID, now: now, audit: audit, on: tx)
        }
        return MatchingRules.seenBy(provider: p.unitIDs, answered)
    }
}

struct MatchingCreateRequest: StrictBody {
    var caseId: UUID?
    var interventionId: UUID?
    var offerIds: [UUID]?
    var description: String?
    static let fields: Set<String> = ["caseId", "interventionId", "offerIds", "description"]
}

struct MatchingAnswerRequest: StrictBody {
    var offerId: UUID?
    var available: Bool?
    var comment: String?
    static let fields: Set<String> = ["offerId", "available", "comment"]
}

struct AnonymisedNeedDTO: Encodable, Sendable {
    @Nullable var paragraph: String?
    var services: [String]
    var targetGroups: [String]
    @Nullable var supportNeed: String?
    @Nullable var ageGroup: AgeGroup?
    @Nullable var unit: ServiceUnit?
    @Nullable var unitsPerPeriod: Decimal?
    @Nullable var frequency: ServiceFrequency?
    @Nullable var expectedStartDate: String?
    var noEndDate: Bool
    @Nullable var description: String?
    init(_ n: AnonymisedNeed) {
        paragraph = n.paragraph
        services = n.services
        targetGroups = n.targetGroups
        supportNeed = n.supportNeed
        ageGroup = n.ageGroup
        unit = n.unit
        unitsPerPeriod = n.unitsPerPeriod
        frequency = n.frequency
        expectedStartDate = n.expectedStartDate?.description
        noEndDate = n.noEndDate
        description = n.description
    }
}

struct MatchingCandidateDTO: Encodable, Sendable {
    var offerId: UUID
    var providerId: UUID
    var answer: MatchingAnswer
    @Nullable var answeredOn: String?
    @Nullable var comment: String?
    init(_ c: MatchingCandidate) {
        offerId = c.offerID
        providerId = c.providerID
        answer = c.answer
        answeredOn = c.answeredOn?.description
        comment = c.comment
    }
}

/// A matching request; for a provider user without the case and the intervention (null), and with only their own
/// offers among the candidates.
struct MatchingRequestDTO: Encodable, Sendable {
    var id: UUID
    @Nullable var caseId: UUID?
    @Nullable var interventionId: UUID?
    var sentOn: String
    var need: AnonymisedNeedDTO
    var candidates: [MatchingCandidateDTO]
    init(_ r: MatchingRequest, for p: Principal) {
        id = r.id
        caseId = p.role.isProvider ? nil : r.caseID
        interventionId = p.role.isProvider ? nil : r.interventionID
        sentOn = r.sentOn.description
        need = AnonymisedNeedDTO(r.need)
        candidates = r.candidates.map(MatchingCandidateDTO.init)
    }
}
