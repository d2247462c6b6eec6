import Fluent
import Foundation
import Metrics
import OpenVUMDomain
import OpenVUMStore
import Prometheus
import SQLKit
import Vapor

/// Adds `X-Request-Id` (Vapor's request id, also in every log line and audit row) and security headers.
/// Future-based, like `ErrorMappingMiddleware`: an async middleware costs a task and two executor hops
/// per request (docs/benchmarks.md).
struct ResponseHeadersMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).map { response in Self.addHeaders(to: response, for: req) }
    }

    static func addHeaders(to response: Response, for req: Request) -> Response {
        response.headers.replaceOrAdd(name: "X-Request-Id", value: req.requestID)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        let hsts = req.openvum.config.hstsSeconds
        if hsts > 0 { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=\(hsts); includeSubDomains") }
        if !req.isAPI {
            response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy(req.openvum.config))
            response.headers.replaceOrAdd(name: "Permissions-Policy", value: permissionsPolicy)
        }
        return response
    }
}

extension ResponseHeadersMiddleware {
    /// No scripts at all (the UI has none); a `<base>` or `<meta http-equiv>` smuggled into a page cannot move
    /// the page's links (`base-uri 'none'`); forms post only to this site; no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The policy, with the origin of an https DKFDS stylesheet allowed for styles, fonts and images (its fonts and
    /// icons load from beside it).
    static func contentSecurityPolicy(_ config: AppConfig) -> String {
        guard let sheet = config.dkfdsStylesheet, let origin = AppConfig.stylesheetOrigin(sheet), origin != "'self'" else { return contentSecurityPolicy }
        return contentSecurityPolicy + "; style-src 'self' \(origin); font-src 'self' \(origin); img-src 'self' \(origin)"
    }
    /// Browser features the UI never uses are switched off.
    static let permissionsPolicy =
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
}
