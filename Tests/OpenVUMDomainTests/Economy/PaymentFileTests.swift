import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("The payment file: six columns by Danish or English name, each line a payment or its errors in Danish")
struct PaymentFileTests {
    @Test("Danish headers in the finance system's order; amounts in kroner with decimal comma, Danish dates; credit notes negative")
    func danish() throws {
        let rows = [
            ["Bilag", "Bestilling", "Ydelsesmåned", "Konto", "Beløb", "Bogføringsdato"],
            ["B-1001", "ORD-7", "2026-10", "5.38.50", "12.345,67", "31-10-2026"],
            ["B-1002", "ORD-7", "2026-09", "5.38.50", "-1.000,00", "2026-10-15"],
        ]
        let (lines, errors) = PaymentFile.read(rows: rows)
        #expect(errors.isEmpty)
        #expect(lines.map(\.row) == [2, 3])
        #expect(lines[0].payment == Payment(voucherID: "B-1001", orderReference: "ORD-7", serviceMonth: YearMonth("2026-10")!, account: "5.38.50",
                                            amount: 1_234_567, bookedOn: CalendarDate("2026-10-31")!))
        #expect(lines[1].payment.amount == -100_000 && lines[1].payment.serviceMonth.description == "2026-09")
    }

    @Test("English headers in another order, without case; a point as decimal point; empty lines left out")
    func english() throws {
        let rows = [
            ["amount", "VOUCHERID", "orderReference", "account", "serviceMonth", "bookingDate"],
            ["450.50", "V9", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "5.38.42", "2027-01", "2027-02-03"],
            ["", "", "", "", "", ""],
        ]
        let (lines, errors) = PaymentFile.read(rows: rows)
        #expect(errors.isEmpty && lines.count == 1)
        #expect(lines.first?.payment.amount == 45_050 && lines.first?.payment.voucherID == "V9" && lines.first?.payment.account == "5.38.42")
    }

    @Test("every error of a line at once, by line and column; a voucher twice is an error on the later line; the good lines are read")
    func errors() throws {
        let rows = [
            ["bilag", "bestilling", "ydelsesmåned", "konto", "beløb", "bogføringsdato"],
            ["B1", "O1", "2026-13", "5.38.50", "1,234", "31-02-2026"],
            ["", "O1", "2026-10", "", "100", "2026-10-31"],
            ["B2", "O1", "2026-10", "5.38.50", "100", "2026-10-31"],
            ["B2", "O1", "2026-11", "5.38.50", "200", "2026-11-30"],
            ["B3", String(repeating: "x", count: 65), "2026-10", "5.38.50", "abc", "2026-10-31"],
        ]
        let (lines, errors) = PaymentFile.read(rows: rows)
        #expect(lines.map(\.payment.voucherID) == ["B2"])
        #expect(errors.map { "\($0.row):\($0.column ?? "-")" } == [
            "2:serviceMonth", "2:amount", "2:bookedOn",
            "3:account", "3:voucherId",
            "5:voucherId",
            "6:orderReference", "6:amount",
        ])
        #expect(errors.first { $0.row == 5 }?.message == "Bilag B2 står allerede i linje 4.")
        #expect(errors.first { $0.row == 2 && $0.column == "serviceMonth" }?.message == "Ydelsesmåneden skal have formen ÅÅÅÅ-MM, fx 2026-10.")
    }

    @Test("a file without its header's columns, or empty, is refused as a whole")
    func header() throws {
        let missing = PaymentFile.read(rows: [["bilag", "konto", "beløb"], ["B1", "5.38.50", "100"]])
        #expect(missing.lines.isEmpty)
        #expect(missing.errors == [PaymentFileError(row: 1, column: nil, message: "Kolonneoverskrifterne mangler: bestilling, ydelsesmåned, bogføringsdato.")])
        #expect(PaymentFile.read(rows: []).errors.first?.message == "Filen er tom. Første linje skal navngive kolonnerne.")
        #expect(PaymentFile.delimiter(headerLine: "bilag;konto") == ";" && PaymentFile.delimiter(headerLine: "bilag,konto") == ",")
    }
}
