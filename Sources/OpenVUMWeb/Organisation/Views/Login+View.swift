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
        /// The municipality's single sign-on, when configured (its button comes first).
        var oidc: OIDCSettings?
        var passwordLoginAllowed = true
    }

    static func login(_ m: LoginModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        WebPage(title: "Log ind", status: status,
            .if(m.expired, .p(.class("notice"), .attr("role", "status"), .txt("Din session er udløbet. Log ind igen."))),
            .unwrap(m.message) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .unwrap(m.oidc) { oidc in
                .p(.a(.class("button primary"), .attr("href", SiteURL.oidcLogin(next: m.next).path), .txt(oidc.buttonLabel)))
            },
            .if(m.passwordLoginAllowed, .group(
                .if(m.oidc != nil, .h2(.txt("Log ind med brugernavn og adgangskode"))),
                .form(
                    .attr("action", SiteURL.login(next: m.next, expired: false).path), .method(.post), .class("stack"),
                    Controls.csrfField(ctx),
                    Controls.field(id: "username", label: "Brugernavn", value: m.username, required: true, autocomplete: "username"),
                    Controls.field(id: "password", label: "Adgangskode", type: .password, required: true, autocomplete: "current-password"),
                    .button(.type(.submit), .class("primary button button-primary"), .txt("Log ind"))
                )
            ))
        )
    }
}
