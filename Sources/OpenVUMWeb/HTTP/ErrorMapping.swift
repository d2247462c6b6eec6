import AsyncKit
import Foundation
import JWT
import OpenVUMDomain
import PostgresNIO
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
    /// Not part of the body: sent as `Retry-After` (429, 503).
    var retryAfter: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, code, errors, requestId }

    /// Every member written, `null` when empty (the API's one null policy).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encode(code, forKey: .code)
        try c.encode(errors, forKey: .errors)
        try c.encode(requestId, forKey: .requestId)
    }
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
        if problem.status == 503 {
            req.logger.error("database unavailable", metadata: ["error": .string(maskCPRNumbers(in: String(describing: type(of: error))))])
        } else if problem.status >= 500 {
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
            let page = req.render(Pages.errorPage(problem, req.pageContext))
            if let seconds = problem.retryAfter { page.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            return page
        }
        let response = Response(status: HTTPResponseStatus(statusCode: problem.status))
        // The shared API encoder: sorted keys, so that two answers that say the same are the same bytes
        // (an out-of-scope object answers byte for byte like a missing one).
        do {
            response.body = .init(data: try APIResponse.encoder.encode(problem))
        } catch {
            response.body = .init(string: #"{"status":500,"title":"Der opstod en fejl"}"#)
        }
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        if problem.status == 401 {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="openvum""#)
        }
        if let seconds = problem.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
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
        case .tooManyRequests: 429
        case .unavailable: 503
        }
    }

    static func problem(for error: any Error, on req: Request) -> Problem {
        func make(_ status: Int, _ code: String, _ title: String, _ detail: String, _ errors: [FieldError]? = nil) -> Problem {
            Problem(type: "about:blank", title: title, status: status, detail: detail, code: code, errors: errors, requestId: req.requestID)
        }
        // A call that outlived its deadline says nothing about the database now (its connection may be the one
        // that died); an error reaching the database does, and marks it down.
        var error = error
        if error is DatabaseDeadline.Exceeded {
            error = DomainError.databaseTimedOut
        } else if DatabaseFailure.isUnavailable(error) {
            req.openvum.databaseHealth.markDown(req.application)
            error = DomainError.databaseUnavailable
        }
        switch error {
        case let e as DomainError:
            var p = make(status(for: e.kind), e.code, e.title, e.detail, e.fieldErrors.isEmpty ? nil : e.fieldErrors)
            p.retryAfter = e.retryAfter
            return p
        case is JWTError:
            return make(401, "auth.token.invalid", "Ugyldigt adgangstoken",
                        "Adgangstokenet er ugyldigt eller udløbet. Hent et nyt med POST /api/v1/auth/token.")
        case let e as any AbortError:
            switch e.status {
            case .notFound:
                return make(404, "not-found", "Siden findes ikke", "Adressen findes ikke. Tjek stavningen, eller gå til forsiden.")
            case .payloadTooLarge:
                let path = req.url.path
                if path.hasSuffix("/dokumenter") || path.hasSuffix("/documents") {
                    return make(413, "body.too-large", "Dokumentet er for stort",
                                "Et dokument må højst fylde \(DocumentRules.megabytes(req.openvum.config.documentMaxBytes)).")
                }
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
                    "Der opstod en uventet fejl. Prøv igen; fortsætter fejlen, så kontakt support og oplys fejl-id \(req.requestID).")
    }
}

struct SessionExpiredKey: StorageKey {
    typealias Value = Bool
}

/// Errors that mean the database cannot be reached: answered 503 with `Retry-After` (nothing saved), never 500.
enum DatabaseFailure {
    static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionPoolTimeoutError:
            return true
        case let e as ConnectionPoolError:
            return e == .shutdown
        case let e as PSQLError:
            switch e.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .queryCancelled, .poolClosed:
                return true
            case .server:
                // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08xxx connection exceptions
                let state = e.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08")
            default:
                return false
            }
        case is ChannelError, is NIOConnectionError:
            return true
        default:
            return false
        }
    }
}

extension DomainError {
    /// The HTTP status of this error, as the API answers it. A web form that is shown again after a refused
    /// save answers with the same status (`ErrorMappingMiddleware.status(for:)` is the one mapping).
    var httpStatus: HTTPResponseStatus { HTTPResponseStatus(statusCode: ErrorMappingMiddleware.status(for: kind)) }
}
