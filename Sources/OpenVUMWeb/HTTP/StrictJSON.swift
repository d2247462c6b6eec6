import Foundation
import OpenVUMDomain
import Vapor

/// A request body whose allowed fields are listed, so unknown fields are refused rather than ignored.
protocol StrictBody: Decodable, Sendable {
    static var fields: Set<String> { get }
}

/// Strict JSON decoding for API bodies: the body must be a JSON object of known fields with the right types.
enum StrictJSON {
    static func decode<T: StrictBody>(_ type: T.Type, from req: Request) throws -> T {
        let (data, dict) = try jsonObjectBody(req)
        let unknown = Set(dict.keys).subtracting(T.fields).sorted()
        if !unknown.isEmpty {
            throw DomainError.validation(
                unknown.map { FieldError(field: $0, message: "Ukendt felt. Tilladte felter: \(T.fields.sorted().joined(separator: ", ")).") },
                detail: "Indholdet indeholder felter, som ikke findes.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw DomainError.validation([fieldError(for: error)])
        }
    }

    static func fieldError(for error: DecodingError) -> FieldError {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let ctx):
            return FieldError(field: name(ctx.codingPath), message: "Forkert type: forventede \(danishTypeName(type)).")
        case .valueNotFound(let type, let ctx):
            return FieldError(field: name(ctx.codingPath), message: "Feltet må ikke være tomt (forventede \(danishTypeName(type))).")
        case .keyNotFound(let key, let ctx):
            return FieldError(field: name(ctx.codingPath + [key]), message: "Feltet skal udfyldes.")
        case .dataCorrupted(let ctx) where ctx.debugDescription.contains("UUID"):
            // Foundation's own words for a text that is no UUID (an id such as `kombitOrganisationId`).
            return FieldError(field: name(ctx.codingPath), message: "Værdien skal være et id (UUID), fx 0d3c2b1a-0000-4000-8000-00000000d3e0.")
        case .dataCorrupted(let ctx):
            return FieldError(field: name(ctx.codingPath), message: "Værdien er ugyldig.")
        @unknown default:
            return FieldError(field: "", message: "Indholdet er ugyldigt.")
        }
    }

    static func danishTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "tekst"
        case is Int.Type, is Double.Type: "et tal"
        case is Bool.Type: "true eller false"
        case is UUID.Type: "et id (UUID)"
        case is [Any].Type: "en liste"
        default: "en anden type"
        }
    }
}

extension StrictJSON {
    /// A JSON object body (e.g. a merge patch), after the same checks as `decode`.
    static func object(from req: Request) throws -> [String: Any] {
        try jsonObjectBody(req).1
    }

    /// The body's bytes and JSON object: the media type must be JSON, the body present, within the size
    /// limit, valid JSON and an object. Each failure is a Danish 400 (or 413).
    static func jsonObjectBody(_ req: Request) throws -> (Data, [String: Any]) {
        guard let contentType = req.headers.contentType, contentType.type == "application",
              contentType.subType == "json" || contentType.subType.hasSuffix("+json") else {
            throw DomainError(.badRequest, code: "body.media-type", title: "Forkert indholdstype",
                              detail: "Indholdet skal sendes som JSON med Content-Type: application/json.")
        }
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw DomainError(.badRequest, code: "body.missing", title: "Indhold mangler", detail: "Forespørgslen skal indeholde et JSON-objekt.")
        }
        // The server refuses oversized streamed bodies before this point; this covers bodies that arrived whole.
        if buffer.readableBytes > req.openvum.config.maxBodySize { throw Abort(.payloadTooLarge) }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw DomainError(.badRequest, code: "body.malformed", title: "Ugyldig JSON", detail: "Indholdet er ikke gyldig JSON.")
        }
        guard let dict = object as? [String: Any] else {
            throw DomainError(.badRequest, code: "body.not-object", title: "Ugyldigt indhold", detail: "Indholdet skal være et JSON-objekt.")
        }
        return (data, dict)
    }
}
