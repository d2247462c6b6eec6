import Foundation

/// What a document attached to a case is (dokumenttype).
public enum DocumentKind: String, DanishLabelled {
    case application, medicalStatement, statusReport, assessment, actionPlan, decision, consent, correspondence, minutes, other
    public var danishName: String {
        switch self {
        case .application: "Ansøgning"
        case .medicalStatement: "Lægeerklæring"
        case .statusReport: "Statusrapport"
        case .assessment: "Udredning"
        case .actionPlan: "Handleplan"
        case .decision: "Afgørelse"
        case .consent: "Samtykke"
        case .correspondence: "Korrespondance"
        case .minutes: "Mødereferat"
        case .other: "Andet"
        }
    }
}

/// The file formats a case document may have, told from the content itself (never from the name or the
/// declared type): PDF, common images and office files.
public enum DocumentFormat: String, Sendable, CaseIterable, Codable {
    case pdf, png, jpeg, gif, tiff, webp, docx, xlsx, pptx, odt, ods, odp, doc, xls, ppt

    /// The media type the document is served with.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .tiff: "image/tiff"
        case .webp: "image/webp"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        case .ppt: "application/vnd.ms-powerpoint"
        }
    }

    /// The file-name extension the document is served with.
    public var fileExtension: String { rawValue == "jpeg" ? "jpg" : rawValue }

    /// How a caseworker names the format.
    public var danishName: String {
        switch self {
        case .pdf: "PDF"
        case .png, .jpeg, .gif, .tiff, .webp: "Billede (\(rawValue.uppercased()))"
        case .docx, .doc, .odt: "Tekstdokument (\(rawValue))"
        case .xlsx, .xls, .ods: "Regneark (\(rawValue))"
        case .pptx, .ppt, .odp: "Præsentation (\(rawValue))"
        }
    }
}

/// A document attached to a case, as validated for saving.
public struct DocumentUpload: Sendable, Equatable {
    public var title: String
    public var kind: DocumentKind
    public var documentDate: CalendarDate
    public var fileName: String
    public var format: DocumentFormat
    public var size: Int
}

/// Rules for documents attached to a case (lægeerklæringer, statusrapporter, afgørelser …).
public enum DocumentRules {
    public static let maxTitleLength = 200
    /// The default size limit (the server's setting `OPENVUM_DOCUMENT_MAX_BYTES` overrides it).
    public static let defaultMaxBytes = 20 * 1_048_576

    /// The format of `bytes`, told from its content, or nil when it is none of the accepted formats.
    public static func sniff(_ bytes: [UInt8]) -> DocumentFormat? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
        if starts(ascii("%PDF-")) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { return .gif }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) { return .webp }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return zipFormat(bytes) }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return compoundFormat(bytes) }
        return nil
    }

    /// An OpenDocument file names its type in a first, uncompressed entry `mimetype`; an Office Open XML file
    /// has `[Content_Types].xml` and its main part under `word/`, `xl/` or `ppt/`. Any other ZIP is refused.
    static func zipFormat(_ bytes: [UInt8]) -> DocumentFormat? {
        if contains(bytes, Array("mimetypeapplication/vnd.oasis.opendocument.".utf8), within: 0..<min(bytes.count, 256)) {
            // "text-template" and the like are other types: the next entry ("PK") must follow right after the name.
            for (suffix, format) in [("text", DocumentFormat.odt), ("spreadsheet", .ods), ("presentation", .odp)]
            where contains(bytes, Array("mimetypeapplication/vnd.oasis.opendocument.\(suffix)PK".utf8), within: 0..<min(bytes.count, 256)) {
                return format
            }
            return nil
        }
        guard contains(bytes, Array("[Content_Types].xml".utf8)) else { return nil }
        if contains(bytes, Array("word/document.xml".utf8)) { return .docx }
        if contains(bytes, Array("xl/workbook.xml".utf8)) { return .xlsx }
        if contains(bytes, Array("ppt/presentation.xml".utf8)) { return .pptx }
        return nil
    }

    /// A legacy Office file (OLE compound file) names its main stream in its directory (UTF-16LE).
    static func compoundFormat(_ bytes: [UInt8]) -> DocumentFormat? {
        func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        if contains(bytes, utf16("WordDocument")) { return .doc }
        if contains(bytes, utf16("Workbook")) || contains(bytes, utf16("Book")) { return .xls }
        if contains(bytes, utf16("PowerPoint Document")) { return .ppt }
        return nil
    }

    static func contains(_ bytes: [UInt8], _ needle: [UInt8], within range: Range<Int>? = nil) -> Bool {
        let r = range ?? 0..<bytes.count
        guard !needle.isEmpty, r.count >= needle.count else { return false }
        let first = needle[0]
        var i = r.lowerBound
        let last = r.upperBound - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// The name the file is served under: the given name without folders or control characters, with the
    /// extension of its real format ("scanning.pdf"; a name that says otherwise gets the right extension added).
    public static func fileName(_ given: String?, format: DocumentFormat) -> String {
        let name = sanitised(given)
        let ext = "." + format.fileExtension
        let alternatives = format == .jpeg ? [".jpg", ".jpeg"] : format == .tiff ? [".tif", ".tiff"] : [ext]
        if name.isEmpty || name.hasPrefix(".") { return "dokument" + ext }
        return alternatives.contains(where: { name.lowercased().hasSuffix($0) }) ? name : name + ext
    }

    /// The given name without folders, quotes or control characters, at most 120 characters.
    static func sanitised(_ given: String?) -> String {
        let base = (given ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let name = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }.map(Character.init))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return name.count > 120 ? String(name.prefix(120)) : name
    }

    /// The document as saved, or a Danish error per field: a kind; a title (the file's name when none is given;
    /// at most 200 characters); a document date (today when none is given), never in the future; a file that is
    /// not empty, not over `maxBytes` and of an accepted format.
    public static func validate(
        title: String?, kind: DocumentKind?, documentDate: CalendarDate?, dateText: String?, fileName given: String?, bytes: [UInt8]?,
        maxBytes: Int, today: CalendarDate
    ) throws(DomainError) -> DocumentUpload {
        var e = FieldErrorCollector()
        if kind == nil { e.add("kind", "Vælg dokumentets type: \(DocumentKind.allCases.map { $0.danishName.lowercased() }.joined(separator: ", ")).") }
        if dateText != nil && documentDate == nil { e.add("documentDate", "Skriv dokumentets dato som DD-MM-ÅÅÅÅ.") }
        if let d = documentDate, today < d { e.add("documentDate", "Dokumentets dato \(d.danish) ligger efter i dag.") }
        var format: DocumentFormat?
        if let bytes, !bytes.isEmpty {
            if bytes.count > maxBytes {
                e.add("file", "Filen fylder \(megabytes(bytes.count)); den må højst fylde \(megabytes(maxBytes)).")
            } else {
                format = sniff(bytes)
                if format == nil {
                    e.add("file", "Filen er ikke en PDF, et billede (PNG, JPEG, GIF, TIFF, WebP) eller et kontordokument (Word, Excel, PowerPoint, OpenDocument). Indholdet afgør typen, ikke filnavnet.")
                }
            }
        } else {
            e.add("file", "Vælg en fil.")
        }
        var t = (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty, format != nil {
            t = (sanitised(given) as NSString).deletingPathExtension
            if t.isEmpty { t = "Dokument" }
        }
        if t.count > maxTitleLength { e.add("title", "Titlen må højst være \(maxTitleLength) tegn.") }
        try e.throwIfAny()
        return DocumentUpload(title: t, kind: kind!, documentDate: documentDate ?? today, fileName: fileName(given, format: format!), format: format!,
                              size: bytes!.count)
    }

    /// A size as a caseworker reads it: "2,5 MB", "340 kB".
    public static func megabytes(_ bytes: Int) -> String {
        if bytes < 1_048_576 { return "\(max(1, (bytes + 1023) / 1024)) kB" }
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10),\(tenths % 10) MB"
    }
}
