import Foundation

/// The kinds of organisation unit a municipality has.
public enum UnitKind: String, Codable, Sendable, CaseIterable {
    /// Myndighedsteam: a team of caseworkers at the authority.
    case authorityTeam
    /// Leverandør/udfører: an internal or external provider.
    case provider
    /// Tilbud: an offer run by a provider (e.g. a botilbud or a bostøtte unit).
    case offer
    /// Administration/økonomi: units without cases of their own.
    case administration

    public var danishName: String {
        switch self {
        case .authorityTeam: "Myndighedsteam"
        case .provider: "Leverandør"
        case .offer: "Tilbud"
        case .administration: "Administration"
        }
    }
}

/// Whether a provider is part of the municipality (intern) or not (ekstern).
public enum ProviderOwnership: String, Codable, Sendable, CaseIterable {
    case `internal`
    case external

    public var danishName: String {
        switch self {
        case .internal: "Intern leverandør"
        case .external: "Ekstern leverandør"
        }
    }
}
