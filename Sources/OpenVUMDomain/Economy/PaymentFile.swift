import Foundation

/// A payment from the finance system (figures.md E3): the actual price of an order's service month, gross (the
/// co-payment is not deducted). Identified by its voucher (bilag): the same voucher is the same payment.
public struct Payment: Codable, Sendable, Equatable {
    /// The finance system's voucher id (bilag).
    public var voucherID: String
    /// The order paid for: its id in OpenVUM, or the key it had in an imported case history.
    public var orderReference: String
    /// The month the service was delivered in — the period the payment counts in (E3), whatever its booking date.
    public var serviceMonth: YearMonth
    /// The account in the municipal chart of accounts (e.g. 5.38.50).
    public var account: String
    /// Øre; negative for a credit note.
    public var amount: Int
    public var bookedOn: CalendarDate

    public init(voucherID: String, orderReference: String, serviceMonth: YearMonth, account: String, amount: Int, bookedOn: CalendarDate) {
        self.voucherID = voucherID
        self.orderReference = orderReference
        self.serviceMonth = serviceMonth
        self.account = account
        self.amount = amount
        self.bookedOn = bookedOn
    }
}

/// A line of a payment file that could be read, and where it was (row 1 is the header).
public struct PaymentFileLine: Sendable, Equatable {
    public var row: Int
    public var payment: Payment
}

/// Why a line (or the whole file, row 1) could not be read: a Danish message for the consultant.
public struct PaymentFileError: Sendable, Equatable, Error {
    public var row: Int
    /// The column (`orderReference`, `serviceMonth`, `account`, `amount`, `bookedOn`, `voucherId`); nil for the row.
    public var column: String?
    public var message: String

    public init(row: Int, column: String?, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }
}

/// The payment file (docs/payments.md): CSV from the finance system, UTF-8 with or without BOM, `;` or `,` between
/// fields (the header line decides), a header naming six columns in any order — Danish or English names — and one
/// payment per line. The CSV is split into rows at the edge (`OpenVUMStore`'s `PaymentImport`); this reads the rows.
public enum PaymentFile {
    /// The columns: the API's key and the header names accepted for it (compared without case).
    public static let columns: [(key: String, names: [String])] = [
        ("orderReference", ["bestilling", "ordre", "orderreference"]),
        ("serviceMonth", ["ydelsesmåned", "ydelsesmaaned", "servicemonth"]),
        ("account", ["konto", "account"]),
        ("amount", ["beløb", "beloeb", "amount"]),
        ("bookedOn", ["bogføringsdato", "bogfoeringsdato", "bookingdate"]),
        ("voucherId", ["bilag", "voucherid"]),
    ]

    /// The longest text a reference, account or voucher id may have.
    public static let maxText = 64

    /// Reads every row (`rows[0]` the header, as the file's CSV reader split them): the payments that could be read
    /// and, per row, why the others could not. A row with an error gives no payment; a voucher id seen earlier in
    /// the file is an error on the later row; empty rows are skipped.
    public static func read(rows: [[String]]) -> (lines: [PaymentFileLine], errors: [PaymentFileError]) {
        guard let header = rows.first, header.contains(where: { !$0.isEmpty }) else {
            return ([], [PaymentFileError(row: 1, column: nil, message: "Filen er tom. Første linje skal navngive kolonnerne.")])
        }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let n = name.lowercased().replacingOccurrences(of: " ", with: "")
            if let c = columns.first(where: { $0.names.contains(n) }) { index[c.key] = i }
        }
        let missing = columns.filter { index[$0.key] == nil }
        guard missing.isEmpty else {
            let names = missing.map { $0.names[0] }.joined(separator: ", ")
            return ([], [PaymentFileError(row: 1, column: nil, message: "Kolonneoverskrifterne mangler: \(names).")])
        }
        var lines: [PaymentFileLine] = [], errors: [PaymentFileError] = [], seen: [String: Int] = [:]
        for (offset, fields) in rows.enumerated().dropFirst() {
            let row = offset + 1
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func field(_ key: String) -> String {
                index[key].flatMap { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespaces) : nil } ?? ""
            }
            switch payment(field, row: row) {
            case .success(let p):
                if let first = seen[p.voucherID] {
                    errors.append(PaymentFileError(row: row, column: "voucherId", message: "Bilag \(p.voucherID) står allerede i linje \(first)."))
                } else {
                    seen[p.voucherID] = row
                    lines.append(PaymentFileLine(row: row, payment: p))
                }
            case .failure(let e): errors.append(contentsOf: e.errors)
            }
        }
        return (lines, errors)
    }

    /// The field separator of a file whose first line is `headerLine`: `;` when it has one, else `,`.
    public static func delimiter(headerLine: Substring) -> Character { headerLine.contains(";") ? ";" : "," }

    public struct LineErrors: Error { public var errors: [PaymentFileError] }

    /// One line's fields (by column key) as a payment, or every field's error at once. The API's payment entered by
    /// hand is checked by the same rule.
    public static func payment(_ field: (String) -> String, row: Int) -> Result<Payment, LineErrors> {
        var errors: [PaymentFileError] = []
        func fail(_ column: String, _ message: String) { errors.append(PaymentFileError(row: row, column: column, message: message)) }
        func text(_ column: String, _ what: String) -> String {
            let t = field(column)
            if t.isEmpty { fail(column, "Angiv \(what).") } else if t.count > maxText { fail(column, "\(what.prefix(1).uppercased() + what.dropFirst()) må højst have \(maxText) tegn.") }
            return t
        }
        let order = text("orderReference", "bestillingen"), account = text("account", "kontoen"), voucher = text("voucherId", "bilaget")
        let month = YearMonth(field("serviceMonth"))
        if month == nil { fail("serviceMonth", "Ydelsesmåneden skal have formen ÅÅÅÅ-MM, fx 2026-10.") }
        let amount = Kroner.øre(typed: field("amount"))
        if amount == nil { fail("amount", "Beløbet skal være kroner med højst to decimaler, fx 12.345,67.") }
        let booked = date(field("bookedOn"))
        if booked == nil { fail("bookedOn", "Bogføringsdatoen skal være en rigtig dato, fx 31-10-2026 eller 2026-10-31.") }
        guard errors.isEmpty, let month, let amount, let booked else { return .failure(LineErrors(errors: errors)) }
        return .success(Payment(voucherID: voucher, orderReference: order, serviceMonth: month, account: account, amount: amount, bookedOn: booked))
    }

    /// `ÅÅÅÅ-MM-DD` or the Danish `DD-MM-ÅÅÅÅ` (also with points: `31.10.2026`).
    static func date(_ text: String) -> CalendarDate? {
        if let d = CalendarDate(text) { return d }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "." })
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }
}
