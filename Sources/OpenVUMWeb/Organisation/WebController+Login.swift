import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Handlers of the web UI: decode the form, call the store, render a page from a model.
enum WebController {
    struct LoginForm: Content {
        var username: String?
        var password: String?
    }

    static func home(_ req: Request) async throws -> Response {
        req.redirect(to: req.auth.has(Principal.self) ? SiteURL.start.path : SiteURL.login(next: nil, expired: false).path)
    }

    static func loginPage(_ req: Request) async throws -> Response {
        if req.auth.has(Principal.self) { return req.redirect(to: SiteURL.start.path) }
        let next = safeNext(req.query[String.self, at: "next"], on: req)
        let expired = req.query[String.self, at: "udloebet"] == "1"
        let message = req.query[String.self, at: "fejl"].flatMap(OIDCController.message(for:))
        return req.render(Pages.login(loginModel(req, next: next, message: message, expired: expired), req.pageContext))
    }

    /// Where to go after login: a known local page (`SafeRedirect`, matched against the web routes), else nil.
    static func safeNext(_ raw: String?, on req: Request) -> String? {
        let pages = req.application.routes.all
            .filter { $0.method == .GET && $0.path.first?.description != "api" && $0.path.first?.description != "login" }
            .map { $0.path.map { component -> String in
                if case .parameter(let name) = component { return ":\(name)" }
                return component.description
            } }
        return SafeRedirect.localPath(raw, pages: pages).flatMap { $0 == "/" ? nil : $0 }
    }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.form(LoginForm.self)
        let username = form.username?.trimmingCharacters(in: .whitespaces) ?? ""
        let next = safeNext(req.query[String.self, at: "next"], on: req)
        guard !username.isEmpty, let password = form.password, !password.isEmpty else {
            return req.render(Pages.login(loginModel(req, username: username, next: next, message: "Udfyld både brugernavn og adgangskode."), req.pageContext, status: .unprocessableEntity))
        }
        let principal: Principal?
        do {
            principal = try await Passwords.login(username: username, password: password, on: req)
        } catch let error as DomainError where error.kind == .tooManyRequests || error.kind == .forbidden {
            let page = req.render(Pages.login(loginModel(req, username: username, next: next, message: error.detail), req.pageContext,
                                   status: error.httpStatus))
            if let seconds = error.retryAfter { page.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            return page
        }
        guard let principal else {
            return req.render(Pages.login(loginModel(req, username: username, next: next, message: "Forkert brugernavn eller adgangskode."), req.pageContext, status: .unauthorized))
        }
        return try await startSession(principal, next: next, criteria: "method=password", on: req)
    }

    /// Logs `principal` in on the web: audits the login, rotates the session, sends the browser on.
    static func startSession(_ principal: Principal, next: String?, criteria: String, on req: Request) async throws -> Response {
        let response = req.redirect(to: next ?? SiteURL.start.path, redirectType: .normal)
        try await req.writeTransaction { tx in
            try await req.audit(on: tx, objectType: "user", objectID: principal.userID.uuidString, criteria: criteria, principal: principal)
        }
        try await WebSession.start(userID: principal.userID, on: req, response: response)
        response.cookies[CSRF.loginCookie] = HTTPCookies.Value(string: "", maxAge: 0, path: "/", isSecure: req.openvum.config.cookieSecure, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    static func logout(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let response = req.redirect(to: SiteURL.login(next: nil, expired: false).path, redirectType: .normal)
        try await req.writeTransaction { tx in
            try await req.audit(on: tx, objectType: "user", objectID: p.userID.uuidString)
        }
        try await WebSession.end(on: req, response: response)
        return response
    }

    /// The login page's model with the sign-in options this server offers.
    static func loginModel(
        _ req: Request, username: String = "", next: String?, message: String? = nil, expired: Bool = false
    ) -> Pages.LoginModel {
        let config = req.openvum.config
        return Pages.LoginModel(
            username: username, next: next, message: message, expired: expired, oidc: config.oidc, passwordLoginAllowed: config.passwordLoginAllowed)
    }
}
