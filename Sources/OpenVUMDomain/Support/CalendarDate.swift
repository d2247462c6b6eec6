import Foundation

/// A legal calendar date (decision date, follow-up date): no time, no zone. JSON: `"YYYY-MM-DD"`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), CPRNumber.isValidDate(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        guard let (y, m, d) = Self.digitFields(text, count: 3) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The numbers of `YYYY-MM-DD` (`count` 3) or `YYYY-MM` (2): four digits, then two per field, joined by "-"; nil
    /// for any other text. Reads the bytes once without allocating (the economy parses hundreds of thousands).
    static func digitFields(_ text: String, count: Int) -> (Int, Int, Int)? {
        var values = (0, 0, 0), field = 0, width = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard width == (field == 0 ? 4 : 2), field < count - 1 else { return nil }
                field += 1
                width = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                width += 1
                guard width <= (field == 0 ? 4 : 2) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                switch field {
                case 0: values.0 = values.0 * 10 + digit
                case 1: values.1 = values.1 * 10 + digit
                default: values.2 = values.2 * 10 + digit
                }
            } else {
                return nil
            }
        }
        guard field == count - 1, width == (field == 0 ? 4 : 2) else { return nil }
        return values
    }

    /// The calendar date of `date` in Danish local time (Europe/Copenhagen).
    public init(_ date: Date) {
        let c = CalendarDate.calendar.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        return c
    }()

    /// A date already known to be valid (from calendar arithmetic).
    private init(valid year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// `DD-MM-ÅÅÅÅ`, as Danish letters and pages show dates.
    public var danish: String { "\(Self.pad(day, 2))-\(Self.pad(month, 2))-\(Self.pad(year, 4))" }

    /// Written out, as a letter is dated: "1. december 2026".
    public var danishWritten: String {
        let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
        return "\(day). \(months[month - 1]) \(year)"
    }

    /// Zero-padded decimal (a formatter costs far more, and dates are written on every list row).
    public static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Noon of this date in Copenhagen.
    public var date: Date {
        CalendarDate.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    /// Adds years and months first (the day clamped to the end of a shorter month, so 31 January plus one
    /// month is the last day of February), then days: Foundation's Gregorian rules, in integer arithmetic.
    public func adding(days: Int = 0, months: Int = 0, years: Int = 0) -> CalendarDate {
        let monthIndex = year * 12 + (month - 1) + months + years * 12
        let y = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let m = monthIndex - y * 12 + 1
        let clamped = Swift.min(day, Self.daysInMonth(year: y, month: m))
        let (yy, mm, dd) = Self.civil(fromDayNumber: Self.dayNumber(year: y, month: m, day: clamped) + days)
        return CalendarDate(valid: yy, mm, dd)
    }

    /// Whole days from `self` to `other` (negative if `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        Self.dayNumber(year: other.year, month: other.month, day: other.day) - Self.dayNumber(year: year, month: month, day: day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (civil_from_days).
    public static func civil(fromDayNumber n: Int) -> (year: Int, month: Int, day: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let value = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "Datoen skal have formen ÅÅÅÅ-MM-DD og være en rigtig dato.")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
