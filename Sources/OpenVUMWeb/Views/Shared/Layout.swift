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
        if p.role.isProvider {
            items.append(NavItem(title: "Bestillinger", url: .orderInbox()))
        }
        if p.role == .providerLeader {
            items.append(NavItem(title: "Udvikling", url: .providerProgression))
        }
        if p.role != .citizen {
            items.append(NavItem(title: p.role.isProvider ? "Mine tilbud" : "Tilbud", url: .providers))
        }
        if p.role == .administrator || p.role == .teamLeader || p.role == .economyConsultant {
            items.append(NavItem(title: "Økonomi", url: .economy()))
            items.append(NavItem(title: "Rapporter", url: .reports))
            items.append(NavItem(title: "Datakatalog", url: .catalogue))
        }
        if p.role == .administrator {
            items.append(NavItem(title: "Brugere", url: .adminUsers))
            items.append(NavItem(title: "Revisionslog", url: .auditLog()))
            items.append(NavItem(title: "Udbakke", url: .outbox))
            items.append(NavItem(title: "Statistik", url: .statistics))
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
                .forEach(context.stylesheets) { .link(.rel(.stylesheet), .attr("href", $0)) }
            ),
            .body(
                .a(.class("skip-link"), .href("#indhold"), .txt("Gå til indhold")),
                // DKFDS's header: the portal header (the product, who is logged in, log out), the solution header (what
                // this is, the responsible authority and how to reach it) and the main menu.
                .header(
                    .class("site-header header"),
                    .div(.class("portal-header"), .div(.class("portal-header-inner"),
                        .div(.class("brand"), .a(.class("logo"), .attr("href", principal == nil ? SiteURL.login(next: nil, expired: false).path : SiteURL.start.path),
                                                 .txt("OpenVUM"))),
                        .unwrap(principal) { p in
                            .div(
                                .class("user portal-info"),
                                .span(.class("user-name"), .txt("\(p.displayName) (\(p.role.danishName))")),
                                .form(
                                    .attr("action", SiteURL.logout.path), .method(.post), .class("inline"),
                                    .input(.type(.hidden), .attr("name", CSRF.fieldName), .attr("value", context.csrfToken())),
                                    .button(.type(.submit), .class("button button-secondary"), .txt("Log ud"))
                                )
                            )
                        }
                    )),
                    .unwrap(principal?.municipalityName) { authority in
                        .div(.class("solution-header"), .div(.class("solution-header-inner"),
                            .p(.class("solution-heading"), .txt("Sager og indsatser på voksenområdet")),
                            .div(.class("additional-info"),
                                 .p(.strong(.class("authority-name"), .txt(authority))),
                                 .unwrap(principal?.authorityPhone) { .p(.txt("Telefon \($0)")) })
                        ))
                    },
                    .if(!nav.isEmpty, .nav(
                        .class("navigation-menu"), .attr("aria-label", "Hovedmenu"),
                        .ul(.class("mainmenu"), .forEach(nav) { item in
                            .li(.class("mainmenu-item"), .a(.class("mainmenu-link"), .attr("href", item.url.path), .if(item.url == current, .attr("aria-current", "page")),
                                                              .txt(item.title)))
                        })
                    ))
                ),
                // DKFDS: the error summary stands above the page's heading.
                .main(.id("indhold"), .attr("tabindex", "-1"), Controls.errorSummary(page.errors), .h1(.txt(title)), content),
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
