import Foundation

/// Money as people type and read it: Danish kroner with a decimal comma, held as integer øre.
public enum Kroner {
    /// An amount typed in kroner as øre: "35.100,00", "35100,5", "35.100", "450" or "450.50". Points are
    /// thousands separators when there is a comma or when every group after a point has three digits;
    /// otherwise a single point is a decimal point. Spaces are ignored. Nil when it is not an amount or has more than
    /// two decimals; exact, never through floating point.
    public static func øre(typed text: String) -> Int? {
        var t = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        if t.hasPrefix("−") { t = "-" + t.dropFirst() }
        if t.contains(",") {
            // Points are thousands separators and must group by three.
            let parts = t.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let groups = parts[0].split(separator: ".", omittingEmptySubsequences: false)
            if groups.count > 1, groups.dropFirst().contains(where: { $0.count != 3 }) { return nil }
            t = groups.joined() + "." + parts[1]
        } else if t.contains(".") {
            let groups = t.split(separator: ".", omittingEmptySubsequences: false)
            if groups.count > 1, groups.dropFirst().allSatisfy({ $0.count == 3 }), !groups[0].isEmpty { t = groups.joined() }
        }
        guard let value = Decimal(typed: t), value.hasAtMost(places: 2) else { return nil }
        let øre = value * 100
        guard øre.magnitude <= Decimal(Int64.max / 2) else { return nil }
        return NSDecimalNumber(decimal: øre).intValue
    }

    /// Øre as Danish kroner: thousands separated by points, two decimals after a comma, a minus sign before a
    /// negative amount (3510000 → "35.100,00").
    public static func danish(_ øre: Int) -> String {
        let magnitude = øre.magnitude, whole = String(magnitude / 100), cents = magnitude % 100
        var grouped = ""
        for (i, ch) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { grouped.append(".") }
            grouped.append(ch)
        }
        return (øre < 0 ? "−" : "") + grouped + "," + (cents < 10 ? "0" : "") + String(cents)
    }
}
