import Foundation
@testable import OpenVUMWeb
import Testing

@Suite("A letter as a PDF, written by hand")
struct TextPDFTests {
    /// The objects' offsets as the cross-reference table states them, and where "n 0 obj" really starts.
    static func offsets(_ pdf: Data) throws -> (stated: [Int], actual: [Int]) {
        let text = String(decoding: pdf, as: UTF8.self)
        let bytes = [UInt8](pdf)
        let xrefStart = try #require(text.range(of: "startxref\n")).upperBound
        let xref = try #require(Int(text[xrefStart...].prefix { $0.isNumber }))
        let table = String(decoding: bytes[xref...], as: UTF8.self).split(separator: "\n")
        #expect(table[0] == "xref")
        let count = try #require(Int(table[1].split(separator: " ")[1]))
        let stated = table[3..<(2 + count)].map { Int($0.prefix(10))! }
        var actual: [Int] = []
        for n in 1..<count {
            actual.append(try #require(Self.find(Array("\(n) 0 obj\n".utf8), in: bytes, atLineStart: true)))
        }
        return (stated, actual)
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], atLineStart: Bool = false) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for i in 0...(bytes.count - needle.count) where !atLineStart || i == 0 || bytes[i - 1] == 10 {
            if Array(bytes[i..<i + needle.count]) == needle { return i }
        }
        return nil
    }

    @Test("a well-formed PDF: header, every object where the cross-reference table says, trailer; Danish letters in WinAnsi; parentheses escaped")
    func structure() throws {
        var pdf = TextPDF(title: "Afgørelse (sag 2026-00042)")
        pdf.line("Demokommune", bold: true)
        pdf.heading("Bevilget: Støtte", size: 12)
        pdf.paragraph("Du får bevilget socialpædagogisk støtte (SEL § 85) – 3 timer pr. uge.")
        let data = pdf.render()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n") && text.hasSuffix("%%EOF\n"))
        let (stated, actual) = try Self.offsets(data)
        #expect(stated == actual && stated.count == 7)
        // "ø" is 0xF8, "æ" 0xE6, "§" 0xA7 and the en dash 0x96 in WinAnsiEncoding; "(" is written "\(".
        let bytes = [UInt8](data)
        let line = Array("(Du f".utf8) + [0xE5] + Array("r bevilget socialp".utf8) + [0xE6] + Array("dagogisk st".utf8) + [0xF8] + Array("tte \\(SEL ".utf8) + [0xA7]
        #expect(Self.find(line, in: bytes) != nil)
        #expect(TextPDF.encode("–⌘") == Data([0x96, UInt8(ascii: "?")]))
        #expect(text.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"))
    }

    @Test("paragraphs wrap within the margins, keep their words whole and move on to a new page when one is full")
    func wrappingAndPages() throws {
        let width = TextPDF.pageWidth - 2 * TextPDF.margin
        let words = (1...400).map { "ord\($0)" }.joined(separator: " ")
        let lines = TextPDF.wrap(words, width: width, size: TextPDF.bodySize, bold: false)
        #expect(lines.count > 5)
        #expect(lines.allSatisfy { TextPDF.measure($0, size: TextPDF.bodySize, bold: false) <= width })
        #expect(lines.joined(separator: " ") == words)
        // A word wider than a line is cut, not lost.
        let long = String(repeating: "m", count: 200)
        #expect(TextPDF.wrap(long, width: width, size: TextPDF.bodySize, bold: false).joined() == long)
        var pdf = TextPDF(title: "Langt brev")
        for _ in 0..<12 { pdf.paragraph(words) }
        #expect(pdf.pageCount > 2)
        let data = pdf.render()
        let (stated, actual) = try Self.offsets(data)
        #expect(stated == actual)
        #expect(String(decoding: data, as: UTF8.self).contains("/Count \(pdf.pageCount)"))
    }
}
