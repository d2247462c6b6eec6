import Foundation
import OpenVUMDomain

/// A user account as the rest of the system sees it.
public struct UserRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var municipalityID: UUID
    public var username: String
    public var passwordHash: String
    public var displayName: String
    public var role: Role
    public var isDemo: Bool
    public var active: Bool
    public var citizenID: UUID?
    public var version: Int
}

/// A citizen's basic record.
public struct CitizenRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var municipalityID: UUID
    public var cpr: String
    public var givenName: String
    public var familyName: String
    public var responsibleUnitID: UUID
    public var createdAt: Date?
    public var updatedAt: Date?
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case id, cpr, version
        case municipalityID = "municipality_id", givenName = "given_name", familyName = "family_name"
        case responsibleUnitID = "responsible_unit_id", createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// An organisation unit.
public struct UnitRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var municipalityID: UUID
    public var kind: UnitKind
    public var name: String
    public var ownership: ProviderOwnership?
    public var parentID: UUID?
}

/// One page of a keyset-paginated list. `nextCursor` is nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

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

/// An opaque keyset cursor: base64url of the JSON of the last row's sort key.
public enum Cursor {
    /// Keys sorted, so that the same position always gives the same cursor.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    public static func encode<T: Encodable>(_ key: T) -> String {
        let data = (try? encoder.encode(key)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor, or throws a Danish validation error on the `after` parameter.
    public static func decode<T: Decodable>(_ text: String, as type: T.Type) throws(DomainError) -> T {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard text.count <= 1024, let data = Data(base64Encoded: b64), let key = try? JSONDecoder().decode(T.self, from: data) else {
            throw DomainError.validation([FieldError(field: "after", message: "Markøren er ugyldig. Brug værdien nextCursor fra det forrige svar.")])
        }
        return key
    }
}
