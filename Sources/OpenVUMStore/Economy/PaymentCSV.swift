import CSV
import OpenVUMDomain

/// The payment file's CSV split into rows (`PaymentFile.read` reads them): a BOM dropped, `;` or `,` as the header
/// line says (`PaymentFile.delimiter`), quotes as RFC 4180 writes them — by CSV.swift.
public enum PaymentCSV {
    public static func rows(_ text: String) -> [[String]] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let header = body.prefix { $0 != "\n" && $0 != "\r" }
        guard let delimiter = PaymentFile.delimiter(headerLine: header).unicodeScalars.first,
              let reader = try? CSVReader(string: String(body), hasHeaderRow: false, trimFields: true, delimiter: delimiter) else { return [] }
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }
}
