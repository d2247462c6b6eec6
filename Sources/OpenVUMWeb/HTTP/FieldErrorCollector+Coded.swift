import OpenVUMDomain

extension FieldErrorCollector {
    /// A coded value read from a request: nil when absent (with `required` as the error when it must be there), and
    /// an error naming the allowed values when it is not one of them.
    mutating func coded<E: DanishLabelled>(_ type: E.Type, _ raw: String?, at field: String, required: String? = nil) -> E? {
        guard let raw else {
            if let required { add(field, required) }
            return nil
        }
        guard let value = E(rawValue: raw) else {
            add(field, "Vælg en af: \(E.allCases.map { "\($0.rawValue) (\($0.danishName))" }.joined(separator: ", ")).")
            return nil
        }
        return value
    }
}
