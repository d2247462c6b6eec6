import Foundation
import OpenVUMDomain
import Plot
import Vapor

/// The page shell shared by every web page: Danish, a skip link, a header with navigation by role,
/// one `main` landmark and a footer. Views build `Node<HTML.BodyContext>` with Plot; every text and attribute
/// value from data is escaped by `HTMLEscape` (`.txt`, `.attr`).
enum Layout {
    struct NavItem {
        var title: String
        var url: SiteURL
    }

    static func navigation(for principal: Principal?) -> [NavItem] {
        guard let p = principal else { return [] }
        var items = [NavItem(title: "Forside", url: .start)]
        switch p.role {
        case .caseworker, .teamLeader, .administrator:
            items.append(NavItem(title: "Sager", url: .cases))
            items.append(NavItem(title: "Borgere", url: .citizens))
        default:
            break
        }
        if p.role == .administrator || p.role == .teamLeader || p.role == .economyConsultant {
            items.append(NavItem(title: "Datakatalog", url: .catalogue))
        }
        if p.role == .administrator {
            items.append(NavItem(title: "Brugere", url: .adminUsers))
            items.append(NavItem(title: "Revisionslog", url: .auditLog))
        }
        return items
    }

    /// Renders a whole page.
    static func page(title: String, req: Request, current: SiteURL? = nil, status: HTTPResponseStatus = .ok, _ content: Node<HTML.BodyContext>...) -> Response {
        let principal = req.auth.get(Principal.self)
        let nav = navigation(for: principal)
        let html = HTML(
            .lang(.danish),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Not Plot's `.title(…)`: it also writes the title into two `<meta content="…">` attributes unescaped.
                .element(named: "title", txt: "\(title) – OpenVUM"),
                .link(.rel(.stylesheet), .attr("href", SiteURL.stylesheet.path))
            ),
            .body(
                .a(.class("skip-link"), .href("#indhold"), .txt("Gå til indhold")),
                .header(
                    .class("site-header"),
                    .div(.class("brand"), .a(.attr("href", principal == nil ? SiteURL.login(next: nil, expired: false).path : SiteURL.start.path), .txt("OpenVUM"))),
                    .if(!nav.isEmpty, .nav(
                        .attr("aria-label", "Hovedmenu"),
                        .ul(.forEach(nav) { item in
                            .li(.a(.attr("href", item.url.path), .if(item.url == current, .attr("aria-current", "page")), .txt(item.title)))
                        })
                    )),
                    .unwrap(principal) { p in
                        .div(
                            .class("user"),
                            .span(.txt("\(p.displayName) (\(p.role.danishName))")),
                            .form(
                                .attr("action", SiteURL.logout.path), .method(.post), .class("inline"),
                                .input(.type(.hidden), .attr("name", CSRF.fieldName), .attr("value", CSRF.token(for: req))),
                                .button(.type(.submit), .txt("Log ud"))
                            )
                        )
                    }
                ),
                .main(.id("indhold"), .attr("tabindex", "-1"), .h1(.txt(title)), .group(content)),
                .footer(.class("site-footer"), .p(.txt("OpenVUM – sagssystem til det specialiserede voksenområde (VUM 2.0)")))
            )
        )
        let response = Response(status: status)
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.body = .init(string: html.render())
        CSRF.attachLoginCookie(req, to: response)
        return response
    }

    /// A labelled text input with an optional error message tied to it by `aria-describedby`.
    static func field(
        id: String, label: String, type: HTMLInputType = .text, value: String? = nil, required: Bool = false,
        autocomplete: String? = nil, error: String? = nil, hint: String? = nil
    ) -> Node<HTML.FormContext> {
        let describedBy = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-fejl" }].compactMap { $0 }.joined(separator: " ")
        return .div(
            .attr("class", error == nil ? "field" : "field has-error"),
            .label(.attr("for", id), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(id)-hint"), .class("hint"), .txt($0)) },
            .unwrap(error) { .p(.attr("id", "\(id)-fejl"), .class("error"), .txt($0)) },
            .input(
                .attr("id", id), .attr("name", id), .type(type),
                value.map { Attribute<HTML.InputContext>.attr("value", $0) } ?? .empty,
                .required(required),
                .attr("autocomplete", autocomplete),
                .attr("aria-describedby", describedBy.isEmpty ? nil : describedBy),
                .attr("aria-invalid", error == nil ? nil : "true")
            )
        )
    }

    /// An `<option>` with visible text (Plot's own `option` is self-closing and shows only a label attribute).
    static func option(value: String, label: String, selected: Bool) -> Node<HTML.SelectContext> {
        // Plot drops empty attributes; an empty option needs value="" or the browser submits its label.
        .element(named: "option", nodes: [
            .attr("value", value, keepEmpty: true),
            selected ? .attr("selected", "selected") : .empty,
            .txt(label),
        ])
    }

    static func csrfField(_ req: Request) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .attr("name", CSRF.fieldName), .attr("value", CSRF.token(for: req)))
    }

    /// A summary of validation errors at the top of a form, focusable for screen readers.
    static func errorSummary(_ errors: [FieldError]) -> Node<HTML.BodyContext> {
        .if(!errors.isEmpty, .div(
            .class("error-summary"), .attr("role", "alert"),
            .h2(.txt("Der er problemer med formularen")),
            .ul(.forEach(errors) { e in .li(.a(.attr("href", "#\(e.field)"), .txt(e.message))) })
        ))
    }
}

enum DanishDate {
    static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "da_DK")
        f.timeZone = TimeZone(identifier: "Europe/Copenhagen")
        f.dateFormat = "dd-MM-yyyy HH:mm"
        return f
    }()

    static func string(_ date: Date?) -> String {
        guard let date else { return "–" }
        return formatter.string(from: date)
    }
}
