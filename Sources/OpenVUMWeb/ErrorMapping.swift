import Foundation
import JWT
import OpenVUMDomain
import Vapor

/// A problem detail (RFC 9457). `title` and `detail` are Danish.
struct Problem: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var errors: [FieldError]?
    var requestId: String?
}

/// Maps every error to HTTP in one place: `application/problem+json` for `/api`, a Danish HTML page
/// for the web UI (a redirect to the login page when the user is not logged in). 5xx are logged with
/// the request id; their internals never reach the client.
struct ErrorMappingMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).flatMapErrorThrowing { error in Self.response(for: error, on: req) }
    }

    static func response(for error: any Error, on req: Request) -> Response {
        let problem = Self.problem(for: error, on: req)
        if problem.status >= 500 {
            req.logger.critical("unhandled error", metadata: ["error": .string(maskCPRNumbers(in: String(reflecting: error)))])
        } else {
            req.logger.info("request refused", metadata: ["status": "\(problem.status)", "code": .string(problem.code)])
        }
        if !req.isAPI {
            if problem.status == 401 {
                let expired = req.storage[SessionExpiredKey.self] == true
                let target = SiteURL.login(next: req.method == .GET ? req.url.path : nil, expired: expired).path
                return req.redirect(to: target, redirectType: .normal)
            }
            return Pages.errorPage(problem, on: req)
        }
        let response = Response(status: HTTPResponseStatus(statusCode: problem.status))
        do {
            try response.content.encode(problem, as: .json)
        } catch {
            response.body = .init(string: #"{"title":"Der opstod en fejl","status":500}"#)
        }
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        if problem.status == 401 {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="openvum""#)
        }
        return response
    }

    static func status(for kind: DomainError.Kind) -> Int {
        switch kind {
        case .validation: 422
        case .notFound: 404
        case .conflict: 409
        case .preconditionFailed: 412
        case .preconditionRequired: 428
        case .unauthenticated: 401
        case .forbidden: 403
        case .badRequest: 400
        case .payloadTooLarge: 413
        }
    }

    static func problem(for error: any Error, on req: Request) -> Problem {
        func make(_ status: Int, _ code: String, _ title: String, _ detail: String, _ errors: [FieldError]? = nil) -> Problem {
            Problem(type: "about:blank", title: title, status: status, detail: detail, code: code, errors: errors, requestId: req.id)
        }
        switch error {
        case let e as DomainError:
            return make(status(for: e.kind), e.code, e.title, e.detail, e.fieldErrors.isEmpty ? nil : e.fieldErrors)
        case is JWTError:
            return make(401, "auth.token.invalid", "Ugyldigt adgangstoken",
                        "Adgangstokenet er ugyldigt eller udløbet. Hent et nyt med POST /api/v1/auth/token.")
        case let e as any AbortError:
            switch e.status {
            case .notFound:
                return make(404, "not-found", "Siden findes ikke", "Adressen findes ikke. Tjek stavningen, eller gå til forsiden.")
            case .payloadTooLarge:
                return make(413, "body.too-large", "For stor forespørgsel",
                            "Forespørgslens indhold er større end de \(req.openvum.config.maxBodySize) bytes, serveren modtager.")
            case .unsupportedMediaType:
                return make(415, "body.media-type", "Forkert indholdstype", "Indholdet skal sendes som application/json.")
            case .methodNotAllowed:
                return make(405, "method", "Metoden er ikke tilladt", "Denne adresse understøtter ikke den anvendte HTTP-metode.")
            case .unauthorized:
                return make(401, "auth.required", "Log ind først", "Du skal være logget ind for at bruge denne funktion.")
            case .forbidden:
                return make(403, "auth.forbidden", "Ingen adgang", "Du har ikke adgang til denne funktion.")
            case .badRequest:
                return make(400, "bad-request", "Ugyldig forespørgsel", "Forespørgslen kunne ikke læses. Kontroller indholdet og prøv igen.")
            default:
                if e.status.code >= 500 { break }
                return make(Int(e.status.code), "http.\(e.status.code)", "Forespørgslen kunne ikke gennemføres", "Forespørgslen blev afvist (\(e.status.code)).")
            }
        default:
            break
        }
        return make(500, "internal", "Der opstod en fejl",
                    "Der opstod en uventet fejl. Prøv igen; fortsætter fejlen, så kontakt support og oplys fejl-id \(req.id).")
    }
}

struct SessionExpiredKey: StorageKey {
    typealias Value = Bool
}
