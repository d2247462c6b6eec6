import Foundation

/// A text document as a PDF (A4, PDF 1.4): lines, headings and wrapped paragraphs in Helvetica, over as many pages as
/// they need. Written by hand because no PDF library is among the packages this project may use; it does only what a
/// letter needs. The standard Type 1 fonts are not embedded (every PDF reader has them); text is encoded in
/// WinAnsiEncoding, which holds the Danish letters (a character outside it is written "?").
struct TextPDF {
    static let pageWidth = 595.0, pageHeight = 842.0, margin = 62.0
    static let bodySize = 11.0, leading = 1.4

    private var pages: [[String]] = [[]]
    private var y = TextPDF.pageHeight - TextPDF.margin
    let title: String

    init(title: String) { self.title = title }

    /// One line as it is (cut to the width if too long).
    mutating func line(_ text: String, bold: Bool = false, size: Double = TextPDF.bodySize) {
        let fitted = Self.wrap(text, width: Self.pageWidth - 2 * Self.margin, size: size, bold: bold).first ?? ""
        put(fitted, bold: bold, size: size)
    }

    mutating func heading(_ text: String, size: Double) {
        space(size * 0.6)
        for l in Self.wrap(text, width: Self.pageWidth - 2 * Self.margin, size: size, bold: true) { put(l, bold: true, size: size) }
        space(size * 0.2)
    }

    /// A paragraph wrapped to the page's width, with space after it; a paragraph sign stays with its number.
    mutating func paragraph(_ text: String) {
        let text = text.replacingOccurrences(of: "§ ", with: "§\u{00A0}")
        for l in Self.wrap(text, width: Self.pageWidth - 2 * Self.margin, size: Self.bodySize, bold: false) { put(l, bold: false, size: Self.bodySize) }
        space(Self.bodySize * 0.6)
    }

    mutating func space(_ points: Double = TextPDF.bodySize * 0.8) { y -= points }

    private mutating func put(_ text: String, bold: Bool, size: Double) {
        let step = size * Self.leading
        if y - step < Self.margin {
            pages.append([])
            y = Self.pageHeight - Self.margin
        }
        y -= step
        pages[pages.count - 1].append("BT /\(bold ? "F2" : "F1") \(Self.number(size)) Tf \(Self.number(Self.margin)) \(Self.number(y)) Td (\(Self.escape(text))) Tj ET")
    }

    var pageCount: Int { pages.count }

    /// The document's bytes: catalog, page tree, fonts, info, one page and content stream per page, the cross-reference
    /// table with each object's byte offset, and the trailer.
    func render() -> Data {
        var objects: [Data] = []
        let pageIDs = pages.indices.map { 6 + 2 * $0 }
        objects.append(Data("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        objects.append(Data("<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>".utf8))
        objects.append(Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        objects.append(Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".utf8))
        var info = Data("<< /Title (".utf8)
        info.append(Self.encode(Self.escape(title)))
        info.append(Data(") /Producer (OpenVUM) >>".utf8))
        objects.append(info)
        for (i, lines) in pages.enumerated() {
            objects.append(Data("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Int(Self.pageWidth)) \(Int(Self.pageHeight))] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(pageIDs[i] + 1) 0 R >>".utf8))
            let stream = Self.encode(lines.joined(separator: "\n"))
            var content = Data("<< /Length \(stream.count) >>\nstream\n".utf8)
            content.append(stream)
            content.append(Data("\nendstream".utf8))
            objects.append(content)
        }
        var out = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.count)
            out.append(Data("\(i + 1) 0 obj\n".utf8))
            out.append(object)
            out.append(Data("\nendobj\n".utf8))
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }

    // MARK: Text

    static func number(_ v: Double) -> String { String(format: "%.2f", v) }

    /// A PDF string's content: backslash and parentheses escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
    }

    /// WinAnsiEncoding (Windows-1252): Latin-1 as is, the typographic signs in 0x80–0x9F, anything else "?".
    static func encode(_ s: String) -> Data {
        let extra: [Character: UInt8] = ["€": 0x80, "‚": 0x82, "„": 0x84, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97]
        var bytes: [UInt8] = []
        for ch in s {
            if let b = extra[ch] { bytes.append(b); continue }
            if let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1, scalar.value < 0x100, !(0x80..<0xA0).contains(scalar.value) {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(UInt8(ascii: "?"))
            }
        }
        return Data(bytes)
    }

    /// Lines of at most `width` points: words are kept whole (a word longer than a line is cut).
    static func wrap(_ text: String, width: Double, size: Double, bold: Bool) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if measure(candidate, size: size, bold: bold) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                var rest = word
                while measure(rest, size: size, bold: bold) > width, rest.count > 1 {
                    var cut = rest.count
                    while cut > 1 && measure(String(rest.prefix(cut)), size: size, bold: bold) > width { cut -= 1 }
                    lines.append(String(rest.prefix(cut)))
                    rest = String(rest.dropFirst(cut))
                }
                current = rest
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The width of `text` in points, from Helvetica's character widths (bold about 6 % wider).
    static func measure(_ text: String, size: Double, bold: Bool) -> Double {
        let units = text.reduce(0) { $0 + (widths[$1] ?? ($1.isUppercase ? 700 : 556)) }
        return Double(units) * size / 1000 * (bold ? 1.06 : 1)
    }

    static let widths: [Character: Int] = {
        var w: [Character: Int] = [" ": 278, ".": 278, ",": 278, ":": 278, ";": 278, "-": 333, "(": 333, ")": 333, "/": 278, "§": 556,
                                   "'": 191, "\"": 355, "\u{00A0}": 278, "%": 889, "&": 667, "–": 556, "—": 1000, "•": 350, "?": 556, "!": 278, "«": 556, "»": 556,
                                   "æ": 889, "ø": 611, "å": 556, "Æ": 1000, "Ø": 778, "Å": 667, "é": 556, "ü": 556, "ö": 556, "ä": 556]
        for (chars, width) in [("abdeghnopqu", 556), ("ckmsvxyz", 500), ("fijlrt", 278), ("0123456789", 556)] {
            for c in chars { w[c] = width }
        }
        for (c, width) in zip("ijlmrt", [222, 222, 222, 833, 333, 278]) { w[c] = width }
        w["w"] = 722
        for (c, width) in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611]) {
            w[c] = width
        }
        return w
    }()
}
