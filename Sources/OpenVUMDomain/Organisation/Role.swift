import Foundation

/// A user's role. One role per user account; what the role may do is declared per route
/// (see `RoutePolicy` in OpenVUMWeb) and what data it may see by `AccessScope`.
public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    /// Sagsbehandler (myndighed).
    case caseworker
    /// Teamleder / myndighedsleder.
    case teamLeader
    /// Økonomikonsulent.
    case economyConsultant
    /// Udfører (medarbejder hos en leverandør).
    case providerStaff
    /// Tilbudsleder.
    case providerLeader
    /// Systemadministrator.
    case administrator
    /// Borger.
    case citizen

    /// The Danish name shown in the UI.
    public var danishName: String {
        switch self {
        case .caseworker: "Sagsbehandler"
        case .teamLeader: "Teamleder"
        case .economyConsultant: "Økonomikonsulent"
        case .providerStaff: "Udfører"
        case .providerLeader: "Tilbudsleder"
        case .administrator: "Systemadministrator"
        case .citizen: "Borger"
        }
    }

    /// Roles that work at the municipal authority (myndighed).
    public var isAuthority: Bool {
        switch self {
        case .caseworker, .teamLeader, .economyConsultant, .administrator: true
        case .providerStaff, .providerLeader, .citizen: false
        }
    }

    /// Roles that work at a provider (leverandør/udfører).
    public var isProvider: Bool { self == .providerStaff || self == .providerLeader }
}
