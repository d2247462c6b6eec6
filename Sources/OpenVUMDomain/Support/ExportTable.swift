import Foundation

/// A cell of an exported table: text (`string`), a whole number, an amount (øre, written in kroner) or a decimal.
public enum ExportCell: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case kroner(Int)
    case decimal(Decimal?)

    /// A text cell that a spreadsheet would take as a formula — it starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return — gets a leading apostrophe, so it is shown as the text it is (OWASP "CSV injection"). Numbers are
    /// written as numbers and never need it.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// The cell as CSV text: numbers without thousands separators, with a decimal comma for Danish Excel (`;`) or a
    /// point (`,`).
    public func csv(decimalComma: Bool) -> String {
        func decimal(_ d: Decimal) -> String { decimalComma ? "\(d)".replacingOccurrences(of: ".", with: ",") : "\(d)" }
        switch self {
        case .string(let s): return Self.neutralised(s)
        case .integer(let n): return String(n)
        case .kroner(let øre): return decimal(Decimal(øre) / 100)
        case .decimal(let d): return d.map(decimal) ?? ""
        }
    }
}

/// A table as the economy pages show it, for export as CSV or XLSX (issue 14 item 6).
public struct ExportTable: Sendable, Equatable {
    /// The file name's stem (`budget-2026`).
    public var name: String
    public var columns: [String]
    public var rows: [[ExportCell]]

    public init(name: String, columns: [String], rows: [[ExportCell]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}
