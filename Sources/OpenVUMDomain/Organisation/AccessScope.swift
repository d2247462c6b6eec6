import Foundation

/// Which citizens' data a user may see. Computed from role and unit memberships by `AccessScope.for`;
/// applied in the SQL of every query in the store (`AccessScope.condition`, the one rule). Anything outside the scope is answered as "not found".
public enum AccessScope: Sendable, Equatable {
    /// Every citizen of the municipality (administrators).
    case municipality
    /// Citizens whose responsible authority unit is one of these (caseworkers, team leaders).
    case units(Set<UUID>)
    /// Only these citizens: a citizen account's own record and those it represents as guardian or party
    /// representative (issue 16 item 7).
    case citizens(Set<UUID>)
    /// No citizen data (e.g. provider staff before any order is addressed to them).
    case nothing

    /// The scope of a user with `role`, member of `unitIDs`, linked to `citizenID` if a citizen and representing
    /// `represented`.
    public static func `for`(role: Role, unitIDs: Set<UUID>, citizenID: UUID?, represented: Set<UUID> = []) -> AccessScope {
        switch role {
        case .administrator:
            return .municipality
        case .caseworker, .teamLeader:
            return unitIDs.isEmpty ? .nothing : .units(unitIDs)
        case .citizen:
            let own = represented.union(citizenID.map { [$0] } ?? [])
            return own.isEmpty ? .nothing : .citizens(own)
        case .economyConsultant, .providerStaff, .providerLeader:
            // Economy works on aggregates; providers see citizens only through orders (a later issue).
            return .nothing
        }
    }
}

extension Principal {
    /// Whose economy a user sees (issue 14 item 8): the economy consultant and the administrator the whole
    /// municipality's, a team leader their units'; nobody else any — a provider sees nothing of it.
    public var economyScope: AccessScope {
        switch role {
        case .economyConsultant, .administrator: .municipality
        case .teamLeader: unitIDs.isEmpty ? .nothing : .units(unitIDs)
        case .caseworker, .providerStaff, .providerLeader, .citizen: .nothing
        }
    }
}
