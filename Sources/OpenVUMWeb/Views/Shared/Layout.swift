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
            items.append(NavItem(title: "Borgere", url: .citizens()))
        default:
            break
        }
        if p.role == .administrator || p.role == .teamLeader || p.role == .economyConsultant {
            items.append(NavItem(title: "Datakatalog", url: .catalogue))
        }
        if p.role == .administrator {
            items.append(NavItem(title: "Brugere", url: .adminUsers))
            items.append(NavItem(title: "Revisionslog", url: .auditLog()))
        }
        return items
    }

    /// The HTML document of a page: the shell around its content.
    static func document(_ page: WebPage, _ context: PageContext, indented: Bool = false) -> String {
        let title = page.title, current = page.current, content = page.content
        let principal = context.principal
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
                                .input(.type(.hidden), .attr("name", CSRF.fieldName), .attr("value", context.csrfToken())),
                                .button(.type(.submit), .txt("Log ud"))
                            )
                        )
                    }
                ),
                .main(.id("indhold"), .attr("tabindex", "-1"), .h1(.txt(title)), content),
                .footer(.class("site-footer"), .p(.txt("OpenVUM – sagssystem til det specialiserede voksenområde (VUM 2.0)")))
            )
        )
        return indented ? html.render(indentedBy: .spaces(2)) : html.render()
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
