import Foundation

/// A Danish CPR number (personnummer). Validated for format and calendar date; the century comes
/// from the 7th digit by the CPR office's rules. Modulus 11 is deliberately *not* required: CPR numbers
/// issued since 2007 may fail it. A CPR number is personal data: never put it in a URL, a log line or
/// a metric; use `masked` where it must be shown in an audit trail.
public struct CPRNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ten digits, without a hyphen.
    public let digits: String
    /// The date of birth the number encodes (UTC calendar date).
    public let birthDate: DateComponents

    public enum ParseError: Error, Sendable, Equatable {
        case format
        case date
    }

    /// Parses `DDMMYY-SSSS` or `DDMMYYSSSS` (surrounding whitespace allowed).
    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var raw = trimmed
        if trimmed.count == 11 {
            let hyphen = trimmed.index(trimmed.startIndex, offsetBy: 6)
            guard trimmed[hyphen] == "-" else { throw .format }
            raw.remove(at: hyphen)
        }
        guard raw.count == 10, raw.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .format }
        let d = raw.map { Int(String($0))! }
        let day = d[0] * 10 + d[1]
        let month = d[2] * 10 + d[3]
        let yy = d[4] * 10 + d[5]
        guard let year = CPRNumber.year(twoDigitYear: yy, seventhDigit: d[6]) else { throw .format }
        guard CPRNumber.isValidDate(year: year, month: month, day: day) else { throw .date }
        self.digits = raw
        self.birthDate = DateComponents(year: year, month: month, day: day)
    }

    /// The full year of birth from the two-digit year and the 7th digit (the first of the serial number).
    /// Rules of the CPR office:
    /// - 0–3: 1900–1999
    /// - 4 and 9: 2000–2036 for 00–36, 1937–1999 for 37–99
    /// - 5–8: 2000–2057 for 00–57, 1858–1899 for 58–99
    public static func year(twoDigitYear yy: Int, seventhDigit s: Int) -> Int? {
        switch s {
        case 0...3: return 1900 + yy
        case 4, 9: return yy <= 36 ? 2000 + yy : 1900 + yy
        case 5...8: return yy <= 57 ? 2000 + yy : 1800 + yy
        default: return nil
        }
    }

    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// `DDMMYY-SSSS`.
    public var formatted: String {
        "\(digits.prefix(6))-\(digits.suffix(4))"
    }

    /// `DDMMYY-****`: the form used in audit criteria and anywhere a CPR must be hinted at.
    public var masked: String { "\(digits.prefix(6))-****" }

    /// Whether the number passes the old modulus-11 check. Informational only: never a validation rule.
    public var passesModulus11: Bool {
        let weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
        let sum = zip(digits, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return sum % 11 == 0
    }

    /// Legal sex by the CPR convention (odd last digit: male).
    public var isOddSerial: Bool { Int(String(digits.last!))! % 2 == 1 }

    public var description: String { masked }

    // Codable as the plain digit string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid CPR number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }

    /// The Danish validation message for a parse error.
    public static func message(for error: ParseError) -> String {
        switch error {
        case .format: "CPR-nummeret skal have formen DDMMÅÅ-XXXX eller 10 cifre."
        case .date: "CPR-nummeret indeholder ikke en gyldig fødselsdato."
        }
    }
}

/// Masks anything that looks like a CPR number (6 digits, optional hyphen or space, 4 digits, not part
/// of a longer digit run) as `DDMMYY-****`. Used on log lines, audit criteria and error texts.
public func maskCPRNumbers(in text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 10 else { return text }
    var out = String.UnicodeScalarView()
    var i = 0
    func isDigit(_ j: Int) -> Bool { j >= 0 && j < scalars.count && ("0"..."9").contains(scalars[j]) }
    while i < scalars.count {
        if isDigit(i), !isDigit(i - 1) {
            var j = i
            while isDigit(j) { j += 1 }
            let firstRun = j - i
            if firstRun == 10 {
                out.append(contentsOf: scalars[i..<(i + 6)])
                out.append(contentsOf: "-****".unicodeScalars)
                i = j
                continue
            }
            if firstRun == 6, j < scalars.count, scalars[j] == "-" || scalars[j] == " ", isDigit(j + 1) {
                var k = j + 1
                while isDigit(k) { k += 1 }
                if k - (j + 1) == 4 {
                    out.append(contentsOf: scalars[i..<(i + 6)])
                    out.append(contentsOf: "-****".unicodeScalars)
                    i = k
                    continue
                }
            }
            out.append(contentsOf: scalars[i..<j])
            i = j
            continue
        }
        out.append(scalars[i])
        i += 1
    }
    return String(out)
}
