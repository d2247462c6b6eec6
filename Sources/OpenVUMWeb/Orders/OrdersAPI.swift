import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Orders (issue 13 item 2): the caseworker creates one from a granted intervention and sends it; the provider
/// accepts or rejects it and records the start; either ends it. An order the caller may not see is answered as
/// missing (`OrderStore`'s scope). Every change carries the order into its case (IDs 68–76) in the same transaction.
enum OrdersAPI {
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidQuery("caseId", what: "Sagens id")
        let state = try req.query.get(String?.self, at: "state").map { raw in
            guard let s = OrderState(rawValue: raw) else {
                throw DomainError.validation([FieldError(field: "state", message: "Vælg en status: \(OrderState.allCases.map(\.rawValue).joined(separator: ", ")).")])
            }
            return s
        }
        let stored = try await OrderStore.listBodies(principal: p, caseID: caseID, state: state, graceDays: req.openvum.config.providerGraceDays,
                                                     today: CalendarDate(req.openvum.now()), on: req.readDB)
        try await req.audit(on: req.db, objectType: "order", criteria: "caseId=\(caseID?.uuidString ?? "-") state=\(state?.rawValue ?? "-") count=\(stored.count)")
        // Each order rendered as `read` renders it, once per stored text (`RenderedJSONMemo`).
        let items = try stored.map { body in
            try req.openvum.orderJSON.json(for: body) { String(decoding: try APIResponse.encoder.encode(OrderDTO(try OrderStore.order(body: $0))), as: UTF8.self) }
        }
        return APIResponse.json(text: #"{"items":["# + items.joined(separator: ",") + #"],"nextCursor":null}"#)
    }

    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await find(req, p)
        try await req.audit(on: req.db, objectType: "order", objectID: o.id.uuidString)
        return try APIResponse.json(OrderDTO(o), version: o.version)
    }

    /// A list of what an order in the caller's scope holds (hours, change requests, incidents), read with its audit
    /// row naming what was listed and how many.
    static func listOf<Item, DTO: Encodable & Sendable>(_ req: Request, _ what: String, _ load: (UUID, any Database) async throws -> [UUID: [Item]],
                                                          _ dto: (Item) -> DTO) async throws -> Response {
        let o = try await find(req, try req.principal())
        let items = try await load(o.id, req.db)[o.id] ?? []
        try await req.audit(on: req.db, objectType: "order", objectID: o.id.uuidString, criteria: "\(what) count=\(items.count)")
        return try APIResponse.json(ListResponse(items: items.map(dto), nextCursor: nil))
    }

    static func find(_ req: Request, _ p: Principal) async throws -> Order {
        let id = try req.uuidParameter("orderID", what: "Bestillingen")
        guard let o = try await OrderStore.find(id: id, principal: p, graceDays: req.openvum.config.providerGraceDays,
                                                today: CalendarDate(req.openvum.now()), on: req.db) else { throw DomainError.notFound("Bestillingen") }
        return o
    }

    /// `POST /api/v1/orders`: a draft order (`create`).
    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(OrderCreateRequest.self, from: req)
        var e = FieldErrorCollector()
        if body.caseId == nil { e.add("caseId", "Angiv sagen.") }
        if body.interventionId == nil { e.add("interventionId", "Angiv den bevilgede indsats.") }
        if body.offerId == nil { e.add("offerId", "Vælg tilbuddet, der bestilles fra.") }
        try e.throwIfAny()
        var change = OrderRules.DraftChange(unitPrice: body.unitPrice)
        if body.coPayment != nil { change.coPayment = .some(body.coPayment) }
        if body.coordinationNeeded != nil { change.coordinationNeeded = .some(body.coordinationNeeded) }
        let order = try await create(caseID: body.caseId!, interventionID: body.interventionId!, offerID: body.offerId!, change: change, principal: p, on: req)
        return try APIResponse.json(OrderDTO(order), status: .created, version: order.version)
    }

    /// A draft order of a granted intervention of a case in the caller's scope, to an offer of the municipality,
    /// pre-filled (`OrderRules.draft`); a negotiated unit price, co-payment and coordination may be given with it.
    /// Refused while the intervention has a draft or an order that binds. The API and the *Bestilling* page both
    /// create through this.
    static func create(caseID: UUID, interventionID: UUID, offerID: UUID, change: OrderRules.DraftChange, principal p: Principal,
                       on req: Request) async throws -> Order {
        guard let c = try await CaseStore.find(id: caseID, principal: p, on: req.db) else { throw DomainError.notFound("Sagen") }
        guard let provider = try await ProviderStore.provider(ofOffer: offerID, municipalityID: p.municipalityID, on: req.db) else {
            throw DomainError.validation([FieldError(field: "offerId", message: "Tilbuddet findes ikke i tilbudsregistret. Vælg et af kommunens tilbud.")])
        }
        let now = req.openvum.now()
        let existing = try await OrderStore.list(principal: p, caseID: c.id, graceDays: 0, today: CalendarDate(now), on: req.db)
        if let open = existing.first(where: { $0.interventionID == interventionID && ($0.state == .draft || $0.state.isActive) }) {
            throw DomainError(.conflict, code: "order.exists", title: "Indsatsen er allerede bestilt",
                              detail: "Indsatsen har allerede en bestilling med status »\(open.state.danishName.lowercased())«. Træk den tilbage, før du bestiller igen.")
        }
        var o = try OrderRules.draft(id: UUID(), caseID: c.id, document: c.document, interventionID: interventionID, offerID: offerID,
                                     providerID: provider, rates: try await ProviderStore.rates(offerID: offerID, on: req.db), today: CalendarDate(now))
        if change != OrderRules.DraftChange() { o = try OrderRules.edit(o, change) }
        let order = o
        let audit = try req.auditEntry(action: "order.create", objectType: "order", citizenID: c.citizenID, criteria: "case=\(c.id)")
        try await req.writeTransaction { tx in
            try await OrderStore.create(order, municipalityID: p.municipalityID, now: now, audit: audit, on: tx)
        }
        return order
    }

    /// `PATCH /api/v1/orders/:orderID` with If-Match: a merge patch of a draft (`OrderDraftPatch`).
    static func update(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let expected = try ETag.expectedVersion(req)
        let change = try OrderDraftPatch.change(from: try StrictJSON.object(from: req))
        let saved = try await changeDraft(try await find(req, p), expectedVersion: expected, change, principal: p, on: req)
        return try APIResponse.json(OrderDTO(saved), version: saved.version)
    }

    /// The draft after `change` (`OrderRules.edit`), with what travels checked against the case's consent, documents
    /// and notes (`SharingRules.validate`): every problem told at once.
    static func edited(_ o: Order, _ change: OrderRules.DraftChange, principal p: Principal, on req: Request) async throws -> Order {
        var errors: [FieldError] = []
        if let s = change.shared { errors += try await OrderSharingAPI.problems(s, for: o, principal: p, on: req.db) }
        var changed: Order?
        do { changed = try OrderRules.edit(o, change) } catch {
            if error.kind != .validation { throw error }
            errors += error.fieldErrors
        }
        if let changed, errors.isEmpty { return changed }
        throw DomainError.validation(errors)
    }

    /// Saves `change` to a draft (`OrderRules.edit`) when nobody changed it since `expectedVersion`. Only the
    /// authority's routes call it (their policy keeps provider users out).
    static func changeDraft(_ o: Order, expectedVersion: Int, _ change: OrderRules.DraftChange, principal p: Principal, on req: Request) async throws -> Order {
        guard o.version == expectedVersion else { throw DomainError.staleVersion }
        let changed = try await edited(o, change, principal: p, on: req)
        let audit = try req.auditEntry(action: "order.update", objectType: "order", objectID: o.id.uuidString)
        return try await req.writeTransaction { tx in
            try await OrderStore.save(changed, expectedVersion: expectedVersion, municipalityID: p.municipalityID, now: req.openvum.now(), audit: audit, on: tx)
        }
    }

    /// One step of the order (`OrderRules.apply`); the side is the caller's: a provider user acts as the provider.
    static func transition(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let expected = try ETag.expectedVersion(req)
        let body = try StrictJSON.decode(OrderTransitionRequest.self, from: req)
        let o = try await find(req, p)
        let today = CalendarDate(req.openvum.now())
        func date(_ raw: String?, _ field: String, required: Bool) throws -> CalendarDate? {
            guard let raw else {
                if required { throw DomainError.validation([FieldError(field: field, message: "Angiv datoen som ÅÅÅÅ-MM-DD.")]) }
                return nil
            }
            guard let d = CalendarDate(raw) else { throw DomainError.validation([FieldError(field: field, message: "Angiv datoen som ÅÅÅÅ-MM-DD.")]) }
            return d
        }
        let step: OrderRules.Step
        switch body.action {
        case "send":
            step = try await sendStep(o, principal: p, today: today, on: req)
        case "accept": step = .accept
        case "reject": step = .reject(reason: body.reason ?? "")
        case "start":
            step = .start(on: try date(body.startDate, "startDate", required: true)!, serviceStart: try date(body.serviceStartDate, "serviceStartDate", required: false),
                          documentedOn: today)
        case "end":
            guard let reason = body.endReason.flatMap(InterventionEndReason.init(rawValue:)) else {
                throw DomainError.validation([FieldError(field: "endReason", message: "Vælg årsagen: \(InterventionEndReason.allCases.map(\.rawValue).joined(separator: ", ")).")])
            }
            step = .end(InterventionEnd(endedOn: try date(body.endedOn, "endedOn", required: true)!, reason: reason))
        case "withdraw": step = .withdraw
        default:
            throw DomainError.validation([FieldError(field: "action", message: "Vælg handlingen: send, accept, reject, start, end eller withdraw.")])
        }
        let saved = try await take(step, on: o, expectedVersion: expected, action: body.action ?? "-", principal: p, on: req)
        return try APIResponse.json(OrderDTO(saved), version: saved.version)
    }

    /// The order after `step` (`OrderRules.apply`, the side is the caller's), saved with its case's IDs 68–76
    /// (`CaseStore.applyOrder`) in one transaction. The API and the web pages both move orders through this.
    static func take(_ step: OrderRules.Step, on o: Order, expectedVersion: Int, action: String, principal p: Principal, on req: Request) async throws -> Order {
        guard o.version == expectedVersion else { throw DomainError.staleVersion }
        let now = req.openvum.now()
        let changed = try OrderRules.apply(step, to: o, by: p.role.isProvider ? .provider : .authority, today: CalendarDate(now))
        let audit = try req.auditEntry(action: "order.transition", objectType: "order", objectID: o.id.uuidString,
                                       criteria: "action=\(action) state=\(changed.state.rawValue)")
        let terminology = try await req.openvum.terminology.current(on: req.db)
        return try await req.writeTransaction { tx in
            let saved = try await OrderStore.save(changed, expectedVersion: expectedVersion, municipalityID: p.municipalityID, now: now, audit: audit, on: tx)
            try await CaseStore.applyOrder(saved, actor: p, now: now, terminology: terminology, on: tx)
            return saved
        }
    }

    /// The register entry (IDs 69–71) an order takes over when it is sent.
    static func sendStep(_ o: Order, principal p: Principal, today: CalendarDate, on req: Request) async throws -> OrderRules.Step {
        guard let offer = try await ProviderStore.offer(o.offerID, municipalityID: p.municipalityID, on: req.db) else { throw DomainError.notFound("Tilbuddet") }
        return .send(on: today, register: offer.register)
    }
}

struct OrderCreateRequest: StrictBody {
    var caseId: UUID?
    var interventionId: UUID?
    var offerId: UUID?
    var unitPrice: Int?
    var coPayment: Int?
    var coordinationNeeded: Bool?
    static let fields: Set<String> = ["caseId", "interventionId", "offerId", "unitPrice", "coPayment", "coordinationNeeded"]
}

struct OrderTransitionRequest: StrictBody {
    var action: String?
    var reason: String?
    var startDate: String?
    var serviceStartDate: String?
    var endedOn: String?
    var endReason: String?
    static let fields: Set<String> = ["action", "reason", "startDate", "serviceStartDate", "endedOn", "endReason"]
}

struct OrderContractDTO: Encodable, Sendable {
    var startDate: String
    @Nullable var endDate: String?
    var unit: ServiceUnit
    var unitsPerPeriod: Decimal
    var frequency: ServiceFrequency
    var repetitions: Int
    var unitPrice: Int
    var supplements: [PriceSupplement]
    var price: Int
    init(_ c: OrderContract) {
        startDate = c.startDate.description
        endDate = c.endDate?.description
        unit = c.unit
        unitsPerPeriod = c.unitsPerPeriod
        frequency = c.frequency
        repetitions = c.repetitions
        unitPrice = c.unitPrice
        supplements = c.supplements
        price = c.price
    }
}

struct OrderDTO: Encodable, Sendable {
    var id: UUID
    var caseId: UUID
    var interventionId: UUID
    var offerId: UUID
    var providerId: UUID
    var state: OrderState
    @Nullable var orderedOn: String?
    @Nullable var paragraph: String?
    var goalIds: [UUID]
    var contract: OrderContractDTO
    @Nullable var followUpDate: String?
    @Nullable var coPayment: Int?
    @Nullable var coordinationNeeded: Bool?
    @Nullable var pNumber: String?
    @Nullable var ean: String?
    @Nullable var account: String?
    @Nullable var rejectionReason: String?
    @Nullable var startDocumentedOn: String?
    @Nullable var startDate: String?
    @Nullable var serviceStartDate: String?
    @Nullable var endedOn: String?
    @Nullable var endReason: InterventionEndReason?
    @Nullable var shared: SharedSelectionDTO?
    var version: Int
    init(_ o: Order) {
        id = o.id
        caseId = o.caseID
        interventionId = o.interventionID
        offerId = o.offerID
        providerId = o.providerID
        state = o.state
        orderedOn = o.orderedOn?.description
        paragraph = o.paragraph
        goalIds = o.goalIDs
        contract = OrderContractDTO(o.contract)
        followUpDate = o.followUpDate?.description
        coPayment = o.coPayment
        coordinationNeeded = o.coordinationNeeded
        pNumber = o.register.pNumber
        ean = o.register.ean
        account = o.register.account
        rejectionReason = o.rejectionReason
        startDocumentedOn = o.startDocumentedOn?.description
        startDate = o.startDate?.description
        serviceStartDate = o.serviceStartDate?.description
        endedOn = o.end?.endedOn.description
        endReason = o.end?.reason
        shared = o.shared.map(SharedSelectionDTO.init)
        version = o.version
    }
}

/// What the caseworker chose to travel with the order.
struct SharedSelectionDTO: Encodable, Sendable {
    var parts: [SharedPart]
    var documentIds: [UUID]
    var noteIds: [UUID]
    init(_ s: SharedSelection) {
        parts = s.parts
        documentIds = s.documentIDs
        noteIds = s.noteIDs
    }
}
