import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The web pages' views: each takes a plain model and renders it. Queries live in `WebController`.
enum Pages {
    // MARK: Login

    struct LoginModel {
        var username: String = ""
        var next: String?
        var message: String?
        var expired = false
    }

    static func login(_ m: LoginModel, on req: Request, status: HTTPResponseStatus = .ok) -> Response {
        let config = req.openvum.config
        return Layout.page(
            title: "Log ind", req: req, status: status,
            .if(m.expired, .p(.class("notice"), .attr("role", "status"), .txt("Din session er udløbet. Log ind igen."))),
            .unwrap(m.message) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .unwrap(config.oidc) { oidc in
                .p(.a(.class("button primary"), .attr("href", SiteURL.oidcLogin(next: m.next).path), .txt(oidc.buttonLabel)))
            },
            .if(config.passwordLoginAllowed, .group(
                .if(config.oidc != nil, .h2(.txt("Log ind med brugernavn og adgangskode"))),
                .form(
                    .attr("action", SiteURL.login(next: m.next, expired: false).path), .method(.post), .class("stack"),
                    Layout.csrfField(req),
                    Layout.field(id: "username", label: "Brugernavn", value: m.username, required: true, autocomplete: "username"),
                    Layout.field(id: "password", label: "Adgangskode", type: .password, required: true, autocomplete: "current-password"),
                    .button(.type(.submit), .class("primary"), .txt("Log ind"))
                )
            ))
        )
    }
}
