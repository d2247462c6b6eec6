import Foundation

/// The authenticated user behind a request: who they are, their role, their units and what they may see.
public struct Principal: Sendable, Equatable, Codable {
    public var userID: UUID
    public var municipalityID: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var unitIDs: Set<UUID>
    /// The kind of each of `unitIDs`, where known (a provider user's offers and providers pick the order lists'
    /// branches); a unit missing here may be of any kind.
    public var unitKinds: [UUID: UnitKind] = [:]
    /// Set only for citizen accounts: the citizen record the account belongs to.
    public var citizenID: UUID?
    /// Citizen accounts only: the citizens this account is guardian or party representative for (issue 16 item 7),
    /// as the cases still record it.
    public var representedCitizenIDs: Set<UUID> = []
    /// The responsible authority the page header names (the municipality) and how citizens reach it (its
    /// settings' phone number); nil where unknown.
    public var municipalityName: String?
    public var authorityPhone: String?

    public init(userID: UUID, municipalityID: UUID, username: String, displayName: String, role: Role, unitIDs: Set<UUID>, citizenID: UUID?,
                municipalityName: String? = nil, authorityPhone: String? = nil) {
        self.municipalityName = municipalityName
        self.authorityPhone = authorityPhone
        self.userID = userID
        self.municipalityID = municipalityID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitIDs = unitIDs
        self.citizenID = citizenID
    }

    public var scope: AccessScope { AccessScope.for(role: role, unitIDs: unitIDs, citizenID: citizenID, represented: representedCitizenIDs) }

    /// Whether this account may act for `citizen` on the citizen's own pages: its own record or one it represents.
    public func actsFor(_ citizen: UUID) -> Bool {
        role == .citizen && (citizenID == citizen || representedCitizenIDs.contains(citizen))
    }

    /// The same user acting as the system for their municipality (every case of it in scope): for a write or read
    /// the rules allow on behalf of someone without access to the case itself, e.g. a provider's order.
    public var actingAsSystem: Principal {
        Principal(userID: userID, municipalityID: municipalityID, username: username, displayName: displayName, role: .administrator, unitIDs: [],
                  citizenID: nil)
    }

    /// The unit recorded in the audit log: the user's first unit in a stable order.
    public var primaryUnitID: UUID? { unitIDs.min { $0.uuidString < $1.uuidString } }
}
