import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Use of force and unintended incidents (issue 13 item 6): the provider reports them on a started order
/// (`IncidentRules.report`); each is a task for the case's caseworker until marked seen; a use of force feeds the case's
/// ID 82 (`CaseStore.applyIncident`). Both sides read them through the order, in its scope.
enum IncidentsAPI {
    /// `GET /api/v1/orders/{id}/incidents`.
    static func list(_ req: Request) async throws -> Response {
        try await OrdersAPI.listOf(req, "incidents", { try await OrderStore.incidents(orderIDs: [$0], on: $1) }, IncidentDTO.init)
    }

    /// `POST /api/v1/orders/{id}/incidents` (the provider): `type` useOfForce with `force`, or unintended with `unintended`.
    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let body = try StrictJSON.decode(IncidentBody.self, from: req)
        var e = FieldErrorCollector()
        let type = e.coded(IncidentType.self, body.type, at: "type", required: "Vælg, om det er en magtanvendelse eller en utilsigtet hændelse.")
        var occurredOn: CalendarDate?
        if let raw = body.occurredOn {
            occurredOn = CalendarDate(raw)
            if occurredOn == nil { e.add("occurredOn", "Angiv datoen som ÅÅÅÅ-MM-DD.") }
        } else { e.add("occurredOn", "Angiv datoen for hændelsen.") }
        var force: ForceDetails?, unintended: UnintendedDetails?
        switch type {
        case .useOfForce?:
            guard let f = body.force else { e.add("force", "Udfyld registreringen af magtanvendelsen."); break }
            let kind = e.coded(ForceKind.self, f.kind, at: "force.kind", required: "Vælg formen for magtanvendelse.")
            force = kind.map { ForceDetails(kind: $0, startTime: f.startTime ?? "", endTime: f.endTime ?? "", legalBasis: f.legalBasis,
                                             situationBefore: f.situationBefore ?? "", situationDuring: f.situationDuring ?? "", present: f.present ?? "",
                                             citizenAccount: f.citizenAccount, leaderAssessment: f.leaderAssessment) }
        case .unintended?:
            guard let u = body.unintended else { e.add("unintended", "Udfyld beskrivelsen af hændelsen."); break }
            let kind = e.coded(UnintendedKind.self, u.kind, at: "unintended.kind", required: "Vælg hændelsens art.")
            if u.severity == nil { e.add("unintended.severity", "Angiv alvorligheden (0–5).") }
            unintended = kind.map { UnintendedDetails(kind: $0, severity: u.severity ?? -1, description: u.description ?? "", followUp: u.followUp) }
        case nil: break
        }
        try e.throwIfAny()
        let saved = try await report(o, occurredOn: occurredOn!, force: force, unintended: unintended, principal: p, on: req)
        return try APIResponse.json(IncidentDTO(saved), status: .created)
    }

    /// The report checked (`IncidentRules.report`) and saved with its audit row; a use of force is carried into the
    /// case's ID 82 in the same transaction. The API and the inbox both report through this.
    static func report(_ o: Order, occurredOn: CalendarDate, force: ForceDetails?, unintended: UnintendedDetails?, principal p: Principal,
                       on req: Request) async throws -> Incident {
        let now = req.openvum.now()
        let i = try IncidentRules.report(id: UUID(), order: o, occurredOn: occurredOn, force: force, unintended: unintended, today: CalendarDate(now))
        let audit = try req.auditEntry(action: "order.incident.create", objectType: "order", objectID: o.id.uuidString, criteria: "type=\(i.type.rawValue)")
        let terminology = try await req.openvum.terminology.current(on: req.db)
        try await req.writeTransaction { tx in
            try await OrderStore.saveIncident(i, userID: p.userID, now: now, audit: audit, on: tx)
            try await CaseStore.applyIncident(i, caseID: o.caseID, actor: p, now: now, terminology: terminology, on: tx)
        }
        return i
    }

    /// `POST /api/v1/orders/{id}/incidents/{incidentID}/seen` (the authority): the caseworker's task ends.
    static func seen(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        return try APIResponse.json(IncidentDTO(try await markSeen(o, id: try req.uuidParameter("incidentID", what: "Indberetningen"), on: req)))
    }

    /// Marks a report of `o` seen (`IncidentRules.seen`) with its audit row; the API and the case page both do it here.
    static func markSeen(_ o: Order, id: UUID, on req: Request) async throws -> Incident {
        let now = req.openvum.now()
        let audit = try req.auditEntry(action: "order.incident.seen", objectType: "order", objectID: o.id.uuidString, criteria: "incident=\(id)")
        return try await req.writeTransaction { tx in
            guard let i = (try await OrderStore.incidents(orderIDs: [o.id], on: tx)[o.id] ?? []).first(where: { $0.id == id }) else {
                throw DomainError.notFound("Indberetningen")
            }
            let seen = try IncidentRules.seen(i, today: CalendarDate(now))
            try await OrderStore.saveIncident(seen, userID: nil, now: now, audit: audit, on: tx)
            return seen
        }
    }
}

struct IncidentBody: StrictBody {
    struct Force: Codable, Sendable {
        var kind: String?
        var startTime: String?
        var endTime: String?
        var legalBasis: String?
        var situationBefore: String?
        var situationDuring: String?
        var present: String?
        var citizenAccount: String?
        var leaderAssessment: String?
    }
    struct Unintended: Codable, Sendable {
        var kind: String?
        var severity: Int?
        var description: String?
        var followUp: String?
    }
    var type: String?
    var occurredOn: String?
    var force: Force?
    var unintended: Unintended?
    static let fields: Set<String> = ["type", "occurredOn", "force", "unintended"]
}

struct ForceDetailsDTO: Encodable, Sendable {
    var kind: String
    var startTime: String
    var endTime: String
    @Nullable var legalBasis: String?
    var situationBefore: String
    var situationDuring: String
    var present: String
    @Nullable var citizenAccount: String?
    @Nullable var leaderAssessment: String?
}

struct UnintendedDetailsDTO: Encodable, Sendable {
    var kind: String
    var severity: Int
    var description: String
    @Nullable var followUp: String?
}

struct IncidentDTO: Encodable, Sendable {
    var id: UUID
    var orderId: UUID
    var type: String
    var occurredOn: String
    var reportedOn: String
    @Nullable var force: ForceDetailsDTO?
    @Nullable var unintended: UnintendedDetailsDTO?
    @Nullable var seenOn: String?
    init(_ i: Incident) {
        id = i.id
        orderId = i.orderID
        type = i.type.rawValue
        occurredOn = i.occurredOn.description
        reportedOn = i.reportedOn.description
        force = i.force.map { ForceDetailsDTO(kind: $0.kind.rawValue, startTime: $0.startTime, endTime: $0.endTime, legalBasis: $0.legalBasis,
                                              situationBefore: $0.situationBefore, situationDuring: $0.situationDuring, present: $0.present,
                                              citizenAccount: $0.citizenAccount, leaderAssessment: $0.leaderAssessment) }
        unintended = i.unintended.map { UnintendedDetailsDTO(kind: $0.kind.rawValue, severity: $0.severity, description: $0.description, followUp: $0.followUp) }
        seenOn = i.seenOn?.description
    }
}
