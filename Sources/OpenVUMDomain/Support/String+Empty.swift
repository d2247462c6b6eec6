import Foundation

extension String {
    /// Nil for the empty string: a field left empty is not given.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
