import Foundation

extension Decimal {
    /// Whether the value has at most `places` decimals (10.25 has two; 10.255 has three).
    public func hasAtMost(places: Int) -> Bool {
        var value = self, rounded = Decimal()
        NSDecimalRound(&rounded, &value, places, .plain)
        return rounded == self
    }

    /// The value as Danish text: comma as decimal separator, no thousands separator, no trailing zeros
    /// (10.25 → "10,25", 3 → "3").
    public var danish: String {
        description.replacingOccurrences(of: ".", with: ",")
    }

    /// A decimal typed by a person: comma or point as decimal separator, no thousands separator. Nil when
    /// the text is not a plain decimal number.
    public init?(typed text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              t.filter({ $0 == "." }).count <= 1, !t.dropFirst().contains("-"),
              let value = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self = value
    }
}
