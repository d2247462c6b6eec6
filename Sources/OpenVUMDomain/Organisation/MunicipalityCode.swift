import Foundation

/// Municipality codes have one format: the three-digit code (101 København, 751 Aarhus). Four-digit input
/// with a leading zero ("0101", as some registers write it) is accepted and normalised.
public enum MunicipalityCode {
    /// The three-digit code, or nil when the text is not one.
    public static func normalised(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch t.count {
        case 3: return t
        case 4 where t.first == "0": return String(t.dropFirst())
        default: return nil
        }
    }
}
