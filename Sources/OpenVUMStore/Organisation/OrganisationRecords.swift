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
    /// The user's direct phone number ("70 10 20 30"), printed in the decision letters they sign.
    public var phone: String? = nil
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

/// A user who may hold a case in a team (a caseworker or team leader and one of their teams).
public struct CaseHolder: Sendable, Equatable {
    public var userID: UUID
    public var displayName: String
    public var unitID: UUID
}
