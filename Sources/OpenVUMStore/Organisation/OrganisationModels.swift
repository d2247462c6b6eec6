import FluentKit
import Foundation
import OpenVUMDomain

// Fluent models never leave OpenVUMStore: the store maps them to domain values and DTO-ready records.
// They are `@unchecked Sendable` because Fluent's property wrappers are reference types guarded by
// Fluent's own access pattern; a model instance is never shared across tasks here.

/// Kommune: a tenant. Every row that belongs to a municipality carries its id.
final class MunicipalityModel: Model, @unchecked Sendable {
    static let schema = "municipalities"

    // managed fields
    @ID(key: .id) var id: UUID?
    // data fields
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String

    init() {}
    init(id: UUID, code: String, name: String) {
        self.id = id
        self.code = code
        self.name = name
    }
}

/// Organisationsenhed: an authority team, a provider or one of its offers.
final class OrgUnitModel: Model, @unchecked Sendable {
    static let schema = "org_units"

    // managed fields
    @ID(key: .id) var id: UUID?
    // data fields
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @OptionalField(key: "ownership") var ownership: String?
    // relationships
    @OptionalField(key: "parent_id") var parentID: UUID?

    init() {}
    init(id: UUID, municipalityID: UUID, kind: UnitKind, name: String, ownership: ProviderOwnership? = nil, parentID: UUID? = nil) {
        self.id = id
        self.municipalityID = municipalityID
        self.kind = kind.rawValue
        self.name = name
        self.ownership = ownership?.rawValue
        self.parentID = parentID
    }
}

/// Bruger.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int
    // data fields
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    @Field(key: "is_demo") var isDemo: Bool
    @Field(key: "active") var active: Bool
    // relationships
    @OptionalField(key: "citizen_id") var citizenID: UUID?
    @OptionalField(key: "phone") var phone: String?

    init() {}
}

/// A user's membership of an organisation unit.
final class UserUnitModel: Model, @unchecked Sendable {
    static let schema = "user_units"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "unit_id") var unitID: UUID

    init() {}
    init(userID: UUID, unitID: UUID) {
        self.id = UUID()
        self.userID = userID
        self.unitID = unitID
    }
}

/// A web login session. The id is the SHA-256 of the cookie value, so a leaked table does not leak sessions.
final class WebSessionModel: Model, @unchecked Sendable {
    static let schema = "web_sessions"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}
}
