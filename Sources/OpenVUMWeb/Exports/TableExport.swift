import CSV
import Foundation
import OpenVUMDomain
import Vapor
import ZIPFoundation

/// An `ExportTable` as a file: CSV (UTF-8 with BOM, `,` or `;` for Danish Excel) written by CSV.swift, or XLSX — a
/// real workbook of one sheet (Office Open XML, SpreadsheetML), zipped by ZIPFoundation. Text cells that would be
/// formulas are neutralised (`ExportCell.neutralised`) in both; the XLSX writes text as inline strings and has no formula.
enum TableExport {
    enum Format: String, CaseIterable { case csv, xlsx }

    static func csv(_ t: ExportTable, semicolon: Bool) throws -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, delimiter: semicolon ? ";" : ",", newline: .crlf)
        try writer.write(row: t.columns.map(ExportCell.neutralised))
        for row in t.rows { try writer.write(row: row.map { $0.csv(decimalComma: semicolon) }) }
        writer.stream.close()
        let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data([0xEF, 0xBB, 0xBF]) + body
    }

    /// Text for XML: escaped as HTML is (`HTMLEscape`), without the characters XML 1.0 cannot hold.
    static func xml(_ s: String) -> String {
        var kept = String.UnicodeScalarView()
        for u in s.unicodeScalars where u.value >= 0x20 && u.value != 0xFFFE && u.value != 0xFFFF || u == "\t" || u == "\n" || u == "\r" { kept.append(u) }
        return HTMLEscape.escape(String(kept))
    }

    /// A1-style column letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    static func sheet(_ t: ExportTable) -> String {
        func cell(_ c: ExportCell, _ ref: String, header: Bool = false) -> String {
            switch c {
            case .string(let s):
                return #"<c r="\#(ref)" t="inlineStr"\#(header ? #" s="1""# : "")><is><t xml:space="preserve">\#(xml(ExportCell.neutralised(s)))</t></is></c>"#
            case .integer(let n): return #"<c r="\#(ref)"><v>\#(n)</v></c>"#
            case .kroner(let øre): return #"<c r="\#(ref)" s="2"><v>\#(Decimal(øre) / 100)</v></c>"#
            case .decimal(let d): return d.map { #"<c r="\#(ref)"><v>\#($0)</v></c>"# } ?? ""
            }
        }
        var rows = [#"<row r="1">"# + t.columns.enumerated().map { cell(.string($1), "\(column($0))1", header: true) }.joined() + "</row>"]
        for (i, r) in t.rows.enumerated() {
            rows.append(#"<row r="\#(i + 2)">"# + r.enumerated().map { cell($1, "\(column($0))\(i + 2)") }.joined() + "</row>")
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"# + rows.joined() + "</sheetData></worksheet>"
    }

    static func xlsx(_ t: ExportTable) throws -> Data {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#),
            ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\#(xml(String(t.name.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#),
            ("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#),
            ("xl/worksheets/sheet1.xml", sheet(t)),
        ]
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw Abort(.internalServerError, reason: "the workbook could not be written") }
        return data
    }

    /// The file as a download.
    static func response(_ t: ExportTable, format: Format, semicolon: Bool) throws -> Response {
        let response = Response(status: .ok)
        switch format {
        case .csv:
            response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
            response.body = .init(data: try csv(t, semicolon: semicolon))
        case .xlsx:
            response.headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response.body = .init(data: try xlsx(t))
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(t.name).\(format.rawValue)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
