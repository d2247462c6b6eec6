import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("Documents on a case: format told from the content, size limit, title, kind and date")
struct AttachmentRulesTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
    /// A ZIP's first local header (signature, 26 header bytes, the name) followed by `rest`.
    static func zip(first name: String, _ content: String = "", rest: String = "") -> [UInt8] {
        [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + bytes(name) + bytes(content) + [0x50, 0x4B, 0x03, 0x04] + bytes(rest)
    }
    static func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 40)

    @Test("each accepted format is told from its first bytes, whatever the file is called")
    func sniffing() {
        #expect(DocumentRules.sniff(Self.bytes("%PDF-1.7\n%âãÏÓ\n1 0 obj")) == .pdf)
        #expect(DocumentRules.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) == .png)
        #expect(DocumentRules.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]) == .jpeg)
        #expect(DocumentRules.sniff(Self.bytes("GIF89a\u{01}\u{00}")) == .gif)
        #expect(DocumentRules.sniff([0x49, 0x49, 0x2A, 0x00, 8, 0]) == .tiff)
        #expect(DocumentRules.sniff(Self.bytes("RIFF\u{10}\u{00}\u{00}\u{00}WEBPVP8 ")) == .webp)
        #expect(DocumentRules.sniff(Self.zip(first: "[Content_Types].xml", "<Types/>", rest: "word/document.xml")) == .docx)
        #expect(DocumentRules.sniff(Self.zip(first: "[Content_Types].xml", "<Types/>", rest: "xl/workbook.xml")) == .xlsx)
        #expect(DocumentRules.sniff(Self.zip(first: "[Content_Types].xml", "<Types/>", rest: "ppt/presentation.xml")) == .pptx)
        #expect(DocumentRules.sniff(Self.zip(first: "mimetype", "application/vnd.oasis.opendocument.text")) == .odt)
        #expect(DocumentRules.sniff(Self.zip(first: "mimetype", "application/vnd.oasis.opendocument.spreadsheet")) == .ods)
        #expect(DocumentRules.sniff(Self.zip(first: "mimetype", "application/vnd.oasis.opendocument.presentation")) == .odp)
        #expect(DocumentRules.sniff(Self.ole + Self.utf16("WordDocument")) == .doc)
        #expect(DocumentRules.sniff(Self.ole + Self.utf16("Workbook")) == .xls)
        #expect(DocumentRules.sniff(Self.ole + Self.utf16("PowerPoint Document")) == .ppt)
    }

    @Test("anything else is refused: HTML, SVG, scripts, programs, other archives and OpenDocument templates")
    func refusedFormats() {
        #expect(DocumentRules.sniff(Self.bytes("<!DOCTYPE html><script>alert(1)</script>")) == nil)
        #expect(DocumentRules.sniff(Self.bytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")) == nil)
        #expect(DocumentRules.sniff(Self.bytes("MZ\u{90}\u{00}")) == nil)
        #expect(DocumentRules.sniff(Self.bytes("#!/bin/sh\nrm -rf /")) == nil)
        #expect(DocumentRules.sniff(Self.bytes(" %PDF-1.7")) == nil)
        #expect(DocumentRules.sniff(Self.zip(first: "payload.exe")) == nil)
        #expect(DocumentRules.sniff(Self.zip(first: "[Content_Types].xml", "<Types/>", rest: "other/thing.xml")) == nil)
        #expect(DocumentRules.sniff(Self.zip(first: "mimetype", "application/vnd.oasis.opendocument.text-template")) == nil)
        #expect(DocumentRules.sniff(Self.ole + Self.utf16("Something")) == nil)
        #expect(DocumentRules.sniff([]) == nil)
        #expect(DocumentRules.sniff([0x25]) == nil)
    }

    @Test("the file name is served without folders, quotes or control characters, and with its real extension")
    func fileNames() {
        #expect(DocumentRules.fileName("lægeerklæring.pdf", format: .pdf) == "lægeerklæring.pdf")
        #expect(DocumentRules.fileName("C:\\Scan\\status.PDF", format: .pdf) == "status.PDF")
        #expect(DocumentRules.fileName("../../etc/passwd", format: .pdf) == "passwd.pdf")
        #expect(DocumentRules.fileName("a\"b\r\nc.png", format: .png) == "abc.png")
        #expect(DocumentRules.fileName("foto.jpeg", format: .jpeg) == "foto.jpeg")
        #expect(DocumentRules.fileName("foto", format: .jpeg) == "foto.jpg")
        #expect(DocumentRules.fileName("rapport.pdf", format: .docx) == "rapport.pdf.docx")
        #expect(DocumentRules.fileName(nil, format: .xlsx) == "dokument.xlsx")
        #expect(DocumentRules.fileName(".htaccess", format: .pdf) == "dokument.pdf")
    }

    static let today = CalendarDate(year: 2026, month: 3, day: 10)!
    static let pdf = bytes("%PDF-1.4\n1 0 obj\n")

    @Test("a valid document: title from the file name and today's date when none are given")
    func defaults() throws {
        let d = try DocumentRules.validate(title: "  ", kind: .medicalStatement, documentDate: nil, dateText: nil, fileName: "Erklæring fra læge.pdf",
                                           bytes: Self.pdf, maxBytes: 1000, today: Self.today)
        #expect(d == DocumentUpload(title: "Erklæring fra læge", kind: .medicalStatement, documentDate: Self.today, fileName: "Erklæring fra læge.pdf",
                                    format: .pdf, size: Self.pdf.count))
        let e = try DocumentRules.validate(title: " Status marts ", kind: .statusReport, documentDate: CalendarDate(year: 2026, month: 3, day: 1),
                                           dateText: "01-03-2026", fileName: nil, bytes: Self.pdf, maxBytes: Self.pdf.count, today: Self.today)
        #expect(e.title == "Status marts")
        #expect(e.documentDate == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(e.fileName == "dokument.pdf")
    }

    @Test("every problem is named at once, per field, in Danish")
    func refusals() {
        func fields(_ f: () throws(DomainError) -> DocumentUpload) -> [String: String] {
            do { _ = try f(); return [:] } catch { return Dictionary(error.fieldErrors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }) }
        }
        let over = fields { () throws(DomainError) in
            try DocumentRules.validate(title: String(repeating: "x", count: 201), kind: nil, documentDate: CalendarDate(year: 2026, month: 3, day: 11),
                                       dateText: "11-03-2026", fileName: "a.pdf", bytes: [UInt8](repeating: 0x25, count: 3 * 1_048_576 + 1),
                                       maxBytes: 2 * 1_048_576 + 524_288, today: Self.today)
        }
        #expect(over["file"] == "Filen fylder 3 MB; den må højst fylde 2,5 MB.")
        #expect(over["kind"]?.hasPrefix("Vælg dokumentets type: ansøgning, lægeerklæring") == true)
        #expect(over["documentDate"] == "Dokumentets dato 11-03-2026 ligger efter i dag.")
        #expect(over["title"] == "Titlen må højst være 200 tegn.")
        let html = fields { () throws(DomainError) in
            try DocumentRules.validate(title: "x", kind: .other, documentDate: nil, dateText: "32-01-2026", fileName: "x.pdf",
                                       bytes: Self.bytes("<html>"), maxBytes: 1000, today: Self.today)
        }
        #expect(html["file"]?.hasPrefix("Filen er ikke en PDF") == true)
        #expect(html["documentDate"] == "Skriv dokumentets dato som DD-MM-ÅÅÅÅ.")
        let none = fields { () throws(DomainError) in
            try DocumentRules.validate(title: "x", kind: .other, documentDate: nil, dateText: nil, fileName: nil, bytes: [], maxBytes: 1000, today: Self.today)
        }
        #expect(none == ["file": "Vælg en fil."])
    }

    @Test("sizes read as kB and MB with a decimal comma")
    func sizes() {
        #expect(DocumentRules.megabytes(1) == "1 kB")
        #expect(DocumentRules.megabytes(1024) == "1 kB")
        #expect(DocumentRules.megabytes(1025) == "2 kB")
        #expect(DocumentRules.megabytes(20 * 1_048_576) == "20 MB")
        #expect(DocumentRules.megabytes(1_048_576 + 104_858) == "1,1 MB")
    }
}
