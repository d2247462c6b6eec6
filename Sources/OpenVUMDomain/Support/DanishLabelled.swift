import Foundation

/// A yes/no answer that may also be "not assessed" (ikke vurderet), as VUM 2.0 asks.
public enum TriState: String, DanishLabelled {
    case yes, no, notAssessed

    public var danishName: String {
        switch self {
        case .yes: "Ja"
        case .no: "Nej"
        case .notAssessed: "Ikke vurderet"
        }
    }
}

/// A Danish-labelled enumeration: every option has a Danish name for forms and letters.
public protocol DanishLabelled: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {
    var danishName: String { get }
}
