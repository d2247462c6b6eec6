import Foundation
import OpenVUMDomain

/// One audit-log row. Criteria must already be free of CPR numbers (use `maskCPRNumbers`).
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: UUID
    public var occurredAt: Date
    public var municipalityID: UUID?
    public var userID: UUID?
    public var unitID: UUID?
    public var action: String
    public var objectType: String?
    public var objectID: String?
    public var citizenID: UUID?
    public var criteria: String?
    /// The server's own id of the request that wrote the row.
    public var requestID: String?
    /// The client's `X-Request-Id`, when it sent a short, plain one (never used as the row's request id).
    public var clientRequestID: String?
    /// `api`, `web` or `cli`.
    public var channel: String?

    /// The row's time as whole microseconds since 1970: the exact keyset value.
    public var occurredMicros: Int64 { Int64((occurredAt.timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    enum CodingKeys: String, CodingKey {
        case id, action, criteria, channel
        case occurredAt = "occurred_at", municipalityID = "municipality_id", userID = "user_id", unitID = "unit_id"
        case objectType = "object_type", objectID = "object_id", citizenID = "citizen_id", requestID = "request_id",
             clientRequestID = "client_request_id"
    }

    public init(
        id: UUID = UUID(), occurredAt: Date, municipalityID: UUID?, userID: UUID?, unitID: UUID?, action: String,
        objectType: String? = nil, objectID: String? = nil, citizenID: UUID? = nil, criteria: String? = nil,
        requestID: String? = nil, clientRequestID: String? = nil, channel: String? = nil
    ) {
        self.id = id
        self.occurredAt = occurredAt
        self.municipalityID = municipalityID
        self.userID = userID
        self.unitID = unitID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.citizenID = citizenID
        self.criteria = criteria.map(maskCPRNumbers(in:))
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.channel = channel
    }
}

extension AuditEntry {
    /// This entry naming `object` (and the citizen it concerns) as what the action read or wrote.
    public func about(_ object: UUID, citizen: UUID?) -> AuditEntry {
        var e = self
        e.objectID = object.uuidString
        e.citizenID = citizen
        return e
    }

    /// This entry with `suffix` added to its criteria.
    public func adding(criteria suffix: String) -> AuditEntry {
        var e = self
        e.criteria = [e.criteria, suffix].compactMap { $0 }.joined(separator: " ")
        return e
    }
}
