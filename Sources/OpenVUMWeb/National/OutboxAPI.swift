import Fluent
import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The outbox and the national receivers in the API (issue 16 item 1), for the municipality's administrator.
enum OutboxAPI {
    /// `GET /api/v1/outbox`: the outbox in figures, the receivers' settings, the dead letters with the receiver's
    /// answer, and the newest messages waiting.
    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        return try APIResponse.json(try await OutboxOverview.load(municipalityID: p.municipalityID, now: req.openvum.now(), on: req.db))
    }

    /// `POST /api/v1/outbox/{messageID}/resend`: a dead letter back in the queue, tried at once.
    static func resend(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("messageID", what: "Beskeden")
        try await resend(id: id, principal: p, on: req)
        return try APIResponse.json(try await OutboxOverview.load(municipalityID: p.municipalityID, now: req.openvum.now(), on: req.db))
    }

    static func resend(id: UUID, principal p: Principal, on req: Request) async throws {
        let audit = try req.auditEntry(objectType: "outbox-message", objectID: id.uuidString.lowercased())
        try await req.writeTransaction { tx in
            try await OutboxStore.resend(id: id, municipalityID: p.municipalityID, audit: audit, on: tx)
        }
    }

    /// `PUT /api/v1/receivers/{receiver}`: a receiver set up or changed.
    static func saveReceiver(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(ReceiverRequest.self, from: req)
        let settings = try body.settings(receiver: try receiverParameter(req))
        try await save(settings, principal: p, on: req)
        let saved = try await OutboxStore.receivers(municipalityID: p.municipalityID, on: req.db).first { $0.settings.receiver == settings.receiver }
        return try APIResponse.json(ReceiverDTO(saved?.settings ?? settings, loading: saved?.loading ?? false))
    }

    static func save(_ settings: ReceiverSettings, principal p: Principal, on req: Request) async throws {
        let audit = try req.auditEntry(objectType: "receiver", objectID: settings.receiver.rawValue,
                                       criteria: "transport=\(settings.transport.rawValue) enabled=\(settings.enabled)")
        let now = req.openvum.now()
        try await req.writeTransaction { tx in
            try await OutboxStore.save(settings, municipalityID: p.municipalityID, userID: p.userID, now: now, audit: audit, on: tx)
        }
    }

    static func receiverParameter(_ req: Request) throws -> NationalReceiver {
        guard let raw = req.parameters.get("receiver"), let r = NationalReceiver(rawValue: raw) else { throw DomainError.notFound("Modtageren") }
        return r
    }
}

/// What the administrator sees of the outbox.
struct OutboxOverview: Encodable, Sendable {
    var queued: Int
    var delivered: Int
    var deadLettered: Int
    @Nullable var oldestQueuedAt: Date?
    /// Seconds the oldest waiting message has waited (0 when none waits).
    var oldestQueuedSeconds: Int
    var receivers: [ReceiverDTO]
    var deadLetterMessages: [OutboxMessageDTO]
    var queuedMessages: [OutboxMessageDTO]

    static func load(municipalityID: UUID, now: Date, on db: any Database) async throws -> OutboxOverview {
        let counts = try await OutboxStore.counts(municipalityID: municipalityID, on: db)
        let configured = try await OutboxStore.receivers(municipalityID: municipalityID, on: db)
        return OutboxOverview(
            queued: counts.queued, delivered: counts.delivered, deadLettered: counts.deadLettered, oldestQueuedAt: counts.oldestQueuedAt,
            oldestQueuedSeconds: counts.oldestQueuedAt.map { max(0, Int(now.timeIntervalSince($0))) } ?? 0,
            receivers: NationalReceiver.allCases.map { r in
                let c = configured.first { $0.settings.receiver == r }
                return ReceiverDTO(c?.settings ?? ReceiverSettings(receiver: r, transport: .local, enabled: false), loading: c?.loading ?? false)
            },
            deadLetterMessages: try await OutboxStore.list(municipalityID: municipalityID, state: .deadLettered, limit: 200, on: db).map(OutboxMessageDTO.init),
            queuedMessages: try await OutboxStore.list(municipalityID: municipalityID, state: .queued, limit: 50, on: db).map(OutboxMessageDTO.init))
    }
}

/// A message in the outbox, without its payload (it may hold a CPR number).
struct OutboxMessageDTO: Encodable, Sendable {
    var id: UUID
    var receiver: String
    var objectKey: String
    var kind: String
    var state: String
    var attempts: Int
    var createdAt: Date
    @Nullable var lastAttemptAt: Date?
    @Nullable var deliveredAt: Date?
    @Nullable var notBefore: Date?
    @Nullable var lastAnswer: String?

    init(_ m: OutboxStore.Listed) {
        id = m.id
        receiver = m.receiver
        objectKey = m.objectKey
        kind = m.kind
        state = m.state.rawValue
        attempts = m.attempts
        createdAt = m.createdAt
        lastAttemptAt = m.lastAttemptAt
        deliveredAt = m.deliveredAt
        notBefore = m.notBefore
        lastAnswer = m.lastAnswer
    }
}

struct ReceiverDTO: Encodable, Sendable {
    var receiver: String
    var name: String
    var transport: String
    @Nullable var endpoint: String?
    @Nullable var credentialVariable: String?
    var enabled: Bool
    /// Switched on, the index is still loading the municipality's existing cases.
    var loadingExistingCases: Bool

    init(_ s: ReceiverSettings, loading: Bool = false) {
        receiver = s.receiver.rawValue
        name = s.receiver.danishName
        transport = s.transport.rawValue
        endpoint = s.endpoint
        credentialVariable = s.credentialVariable
        enabled = s.enabled
        loadingExistingCases = loading
    }
}

/// `PUT /api/v1/receivers/{receiver}`.
struct ReceiverRequest: StrictBody {
    var transport: String?
    var endpoint: String?
    var credentialVariable: String?
    var enabled: Bool?
    static let fields: Set<String> = ["transport", "endpoint", "credentialVariable", "enabled"]

    func settings(receiver: NationalReceiver) throws -> ReceiverSettings {
        var e = FieldErrorCollector()
        let t = transport.flatMap(ReceiverTransport.init(rawValue:))
        if t == nil { e.add("transport", "Angiv local eller http.") }
        if enabled == nil { e.add("enabled", "Angiv om modtageren er slået til (true/false).") }
        try e.throwIfAny()
        return ReceiverSettings(receiver: receiver, transport: t!, endpoint: endpoint, credentialVariable: credentialVariable, enabled: enabled!)
    }
}
