import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

struct TokenRequest: StrictBody {
    var username: String
    var password: String
    static let fields: Set<String> = ["username", "password"]
}

struct TokenResponse: Encodable {
    var token: String
    var tokenType = "Bearer"
    var expiresAt: Date
}

struct MeDTO: Encodable {
    var id: UUID
    var username: String
    var displayName: String
    var role: Role
    var municipalityId: UUID
    var unitIds: [UUID]
    @Nullable var citizenId: UUID?
    /// Citizen accounts: the citizens the account is guardian or party representative for (issue 16 item 7).
    var representedCitizenIds: [UUID]

    init(_ p: Principal) {
        id = p.userID
        username = p.username
        displayName = p.displayName
        role = p.role
        municipalityId = p.municipalityID
        unitIds = p.unitIDs.sorted { $0.uuidString < $1.uuidString }
        citizenId = p.citizenID
        representedCitizenIds = p.representedCitizenIDs.sorted { $0.uuidString < $1.uuidString }
    }
}

struct UnitDTO: Encodable, Sendable {
    var id: UUID
    var kind: UnitKind
    var name: String
    @Nullable var ownership: ProviderOwnership?
    @Nullable var parentId: UUID?
    init(_ u: UnitRecord) {
        id = u.id
        kind = u.kind
        name = u.name
        ownership = u.ownership
        parentId = u.parentID
    }
}

struct UserDTO: Encodable, Sendable {
    var id: UUID
    var username: String
    var displayName: String
    var role: Role
    var unitIds: [UUID]
    var active: Bool
    var isDemo: Bool
    var version: Int
    @Nullable var phone: String?

    init(_ u: UserRecord, unitIDs: [UUID]) {
        phone = u.phone
        id = u.id
        username = u.username
        displayName = u.displayName
        role = u.role
        unitIds = unitIDs.sorted { $0.uuidString < $1.uuidString }
        active = u.active
        isDemo = u.isDemo
        version = u.version
    }
}

struct UserPatchRequest: StrictBody {
    var displayName: String?
    var role: String?
    var unitIds: [UUID]?
    var active: Bool?
    var phone: String?
    static let fields: Set<String> = ["displayName", "role", "unitIds", "active", "phone"]
}

struct UserCreateRequest: StrictBody {
    var username: String?
    var password: String?
    var displayName: String?
    var role: String?
    var unitIds: [UUID]?
    static let fields: Set<String> = ["username", "password", "displayName", "role", "unitIds"]
}
