import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

struct DocumentList: Encodable, Sendable { var items: [CaseAttachment] }

/// Documents attached to a case: `GET|POST /api/v1/cases/{id}/documents` (the upload is
/// `multipart/form-data` with `file`, `title`, `kind`, `documentDate`) and
/// `GET /api/v1/cases/{id}/documents/{documentId}/content`. The web form posts the same fields. Every read
/// is audited; the content is served with the format told from it, as a download.
enum DocumentsAPI {
    /// The upload's fields as posted (API and web form alike).
    struct Upload: Decodable {
        var file: File?
        var title: String?
        var kind: String?
        var documentDate: String?
    }

    /// The posted form, read and validated: the document as saved, its bytes, and the fields as typed (to show
    /// the web form again). A body that is not `multipart/form-data` is refused (400).
    static func read(_ req: Request) throws -> (upload: DocumentUpload?, bytes: [UInt8], fields: Upload, error: DomainError?) {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data" else {
            throw DomainError(.badRequest, code: "body.media-type", title: "Forkert indholdstype",
                              detail: "Dokumentet skal sendes som multipart/form-data med felterne file, title, kind og documentDate.")
        }
        let fields: Upload
        do {
            fields = try req.content.decode(Upload.self)
        } catch {
            throw DomainError(.badRequest, code: "body.multipart", title: "Ugyldig forespørgsel",
                              detail: "Formularen kunne ikke læses som multipart/form-data med felterne file, title, kind og documentDate.")
        }
        let bytes = fields.file.map { Array($0.data.readableBytesView) } ?? []
        let dateText = fields.documentDate?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let config = req.openvum.config
        do {
            let upload = try DocumentRules.validate(
                title: fields.title, kind: fields.kind.flatMap { DocumentKind(rawValue: $0.trimmingCharacters(in: .whitespaces)) },
                documentDate: dateText.flatMap(CalendarDate.init), dateText: dateText, fileName: fields.file?.filename, bytes: bytes,
                maxBytes: config.documentMaxBytes, today: CalendarDate(req.openvum.now()))
            return (upload, bytes, fields, nil)
        } catch {
            return (nil, bytes, fields, error)
        }
    }

    /// Saves a validated upload on the case, with audit.
    static func save(_ req: Request, caseID: UUID, upload: DocumentUpload, bytes: [UInt8]) async throws -> CaseAttachment {
        let p = try req.principal()
        let audit = try req.auditEntry(objectType: "case")
        let storage = req.openvum.config.documentStorage
        return try await req.writeTransaction { tx in
            try await CaseStore.attach(caseID: caseID, upload: upload, bytes: bytes, storage: storage, principal: p, now: req.openvum.now(), audit: audit, on: tx)
        }
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let posted = try read(req)
        guard let upload = posted.upload else { throw posted.error! }
        return try APIResponse.json(try await save(req, caseID: id, upload: upload, bytes: posted.bytes), status: .created)
    }

    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let audit = try req.auditEntry(objectType: "case-documents")
        let items = try await req.writeTransaction { tx in
            guard let a = try await CaseStore.attachments(caseID: id, principal: p, audit: audit, on: tx) else { throw DomainError.notFound("Sagen") }
            return a
        }
        return try APIResponse.json(DocumentList(items: items))
    }

    /// The document's content as a download (API and web page alike); the read is audited with the document.
    static func content(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let documentID = try req.uuidParameter("documentID", what: "Dokumentet")
        let audit = try req.auditEntry(objectType: "case-document")
        let storage = req.openvum.config.documentStorage
        let found = try await req.writeTransaction { tx in
            try await CaseStore.attachmentContent(caseID: id, attachmentID: documentID, storage: storage, principal: p,
                                                  kinds: p.role == .citizen ? CitizenSelfStore.citizenKinds : nil, audit: audit, on: tx)
        }
        guard let (meta, data) = found else { throw DomainError.notFound("Dokumentet") }
        return download(meta, data)
    }

    /// A document's content as a download: its media type, its file name, never cached.
    static func download(_ meta: CaseAttachment, _ data: Data) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        let media = meta.format.mediaType.split(separator: "/").map(String.init)
        response.headers.contentType = HTTPMediaType(type: media[0], subType: media[1])
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(meta.fileName))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store, private")
        return response
    }

    /// `attachment` with an ASCII fallback name and the real name in UTF-8 (RFC 6266 / 5987).
    static func contentDisposition(_ name: String) -> String {
        let fallback = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != ";" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
