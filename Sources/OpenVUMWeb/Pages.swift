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

    // MARK: Start pages per role

    struct StartModel {
        var principal: Principal
        var municipality: String
        var units: [UnitRecord]
        var citizens: [CitizenRecord]
        var ownCitizen: CitizenRecord?
    }

    static func start(_ m: StartModel, on req: Request) -> Response {
        let p = m.principal
        let unitNames = m.units.filter { p.unitIDs.contains($0.id) }.map(\.name)
        let intro: Node<HTML.BodyContext> = .p(.txt("Du er logget ind som \(p.role.danishName.lowercased()) i \(m.municipality)\(unitNames.isEmpty ? "" : " – " + unitNames.joined(separator: ", "))."))
        let body: Node<HTML.BodyContext>
        switch p.role {
        case .caseworker, .teamLeader:
            body = .group(
                .h2(.txt(p.role == .teamLeader ? "Teamets borgere" : "Mine borgere")),
                citizenTable(m.citizens, caption: "Borgere i \(unitNames.joined(separator: " og "))"),
                .p(.a(.attr("href", SiteURL.citizens.path), .txt("Find en borger ud fra CPR-nummer")))
            )
        case .administrator:
            body = .group(
                .h2(.txt("Administration")),
                .ul(
                    .li(.a(.attr("href", SiteURL.adminUsers.path), .txt("Brugere og roller"))),
                    .li(.a(.attr("href", SiteURL.auditLog.path), .txt("Revisionslog (opslag og ændringer)"))),
                    .li(.a(.attr("href", SiteURL.citizens.path), .txt("Borgere i kommunen")))
                ),
                .h2(.txt("Organisation")),
                unitTable(m.units)
            )
        case .economyConsultant:
            body = .group(
                .h2(.txt("Økonomi")),
                .p(.txt("Her samles priser, betalinger, budget og fremskrivning for kommunens enheder.")),
                unitTable(m.units)
            )
        case .providerStaff, .providerLeader:
            body = .group(
                .h2(.txt("Bestillinger")),
                .p(.txt("Bestillinger til dine tilbud vises her, når myndigheden har sendt dem.")),
                .h2(.txt("Dine tilbud")),
                .ul(.forEach(m.units.filter { p.unitIDs.contains($0.id) }) { .li(.txt("\($0.name) (\($0.kind.danishName.lowercased()))")) })
            )
        case .citizen:
            body = .group(
                .h2(.txt("Mine oplysninger")),
                .unwrap(m.ownCitizen) { c in
                    .dl(.dt(.txt("Navn")), .dd(.txt("\(c.givenName) \(c.familyName)")))
                },
                .p(.txt("Her kan du se dine sager, bevillinger og næste opfølgning, når de er registreret."))
            )
        }
        return Layout.page(title: "Velkommen, \(p.displayName)", req: req, current: .start, intro, body)
    }

    static func citizenTable(_ citizens: [CitizenRecord], caption: String) -> Node<HTML.BodyContext> {
        if citizens.isEmpty { return .p(.txt("Ingen borgere.")) }
        return .table(
            .caption(.txt(caption)),
            .thead(.tr(.th(.attr("scope", "col"), .txt("Navn")), .th(.attr("scope", "col"), .txt("Fødselsdato")))),
            .tbody(.forEach(citizens) { c in
                .tr(
                    .td(.a(.attr("href", SiteURL.citizen(c.id).path), .txt("\(c.familyName), \(c.givenName)"))),
                    .td(.txt(birthDate(c.cpr)))
                )
            })
        )
    }

    static func unitTable(_ units: [UnitRecord]) -> Node<HTML.BodyContext> {
        .table(
            .caption(.txt("Enheder")),
            .thead(.tr(.th(.attr("scope", "col"), .txt("Enhed")), .th(.attr("scope", "col"), .txt("Type")))),
            .tbody(.forEach(units) { u in
                .tr(.td(.txt(u.name)), .td(.txt(u.ownership?.danishName ?? u.kind.danishName)))
            })
        )
    }

    static func birthDate(_ cpr: String) -> String {
        guard let n = try? CPRNumber(cpr), let d = n.birthDate.day, let m = n.birthDate.month, let y = n.birthDate.year else { return "–" }
        return String(format: "%02d-%02d-%04d", d, m, y)
    }

    // MARK: Citizens

    struct CitizensModel {
        var page: Page<CitizenRecord>
        var cpr: String = ""
        var errors: [FieldError] = []
        var searchResult: [CitizenRecord]?
    }

    static func citizens(_ m: CitizensModel, on req: Request, status: HTTPResponseStatus = .ok) -> Response {
        let cprError = m.errors.first { $0.field == "cpr" }?.message
        return Layout.page(
            title: "Borgere", req: req, current: .citizens, status: status,
            .h2(.txt("Find borger")),
            Layout.errorSummary(m.errors),
            .form(
                .attr("action", SiteURL.citizenSearch.path), .method(.post), .class("stack"),
                Layout.csrfField(req),
                Layout.field(id: "cpr", label: "CPR-nummer", value: m.cpr, required: true, autocomplete: "off", error: cprError, hint: "Formen DDMMÅÅ-XXXX."),
                .button(.type(.submit), .class("primary"), .txt("Søg"))
            ),
            .unwrap(m.searchResult) { result in
                .section(
                    .attr("aria-labelledby", "resultat"),
                    .h2(.id("resultat"), .txt("Søgeresultat")),
                    result.isEmpty ? .p(.attr("role", "status"), .txt("Ingen borger med det CPR-nummer, som du har adgang til.")) : citizenTable(result, caption: "Fundne borgere")
                )
            },
            .h2(.txt("Alle borgere, du har adgang til")),
            citizenTable(m.page.items, caption: "Borgere"),
            .unwrap(m.page.nextCursor) { c in .p(.a(.attr("href", "\(SiteURL.citizens.path)?efter=\(c)"), .txt("Næste side"))) }
        )
    }

    struct CitizenModel {
        var citizen: CitizenRecord
        var unitName: String
        var cases: [CaseSummary] = []
        var canOpenCase = false
    }

    static func citizen(_ m: CitizenModel, on req: Request) -> Response {
        let c = m.citizen
        return Layout.page(
            title: "\(c.givenName) \(c.familyName)", req: req, current: .citizens,
            .dl(
                .dt(.txt("CPR-nummer")), .dd(.txt((try? CPRNumber(c.cpr).formatted) ?? c.cpr)),
                .dt(.txt("Fødselsdato")), .dd(.txt(birthDate(c.cpr))),
                .dt(.txt("Ansvarligt team")), .dd(.txt(m.unitName)),
                .dt(.txt("Oprettet")), .dd(.txt(DanishDate.string(c.createdAt))),
                .dt(.txt("Version")), .dd(.txt(String(c.version)))
            ),
            .h2(.txt("Sager")),
            CaseViews.caseTable(m.cases, today: CalendarDate(req.openvum.now()), caption: "Borgerens sager"),
            .if(m.canOpenCase, .group(
                .h2(.txt("Åbn en ny sag")),
                Controls.form(
                    action: "/borgere/\(c.id.uuidString.lowercased())/sager",
                    Controls.csrf(req),
                    Controls.enumSelect("origin", "Henvendelse/opfølgning/egen drift", CaseOrigin.self, selected: .inquiry),
                    Controls.enumSelect("inquirer", "Hvem henvendte sig", Inquirer.self, selected: nil),
                    Controls.textarea("paragraphsAppliedFor", "§§ på ansøgningen", value: nil, hint: "Én paragraf pr. linje, fx SEL § 85."),
                    Controls.submit("Åbn sag")
                )
            )),
            .p(.a(.attr("href", SiteURL.citizens.path), .txt("Tilbage til borgere")))
        )
    }

    // MARK: Administration

    struct UsersModel {
        var users: [UserRecord]
        var units: [UnitRecord]
        var errors: [FieldError] = []
        var form: [String: String] = [:]
        var created: String?
        /// What deactivating or reactivating an account did, or why it was refused.
        var notice: String?
        var alert: String?
    }

    static func users(_ m: UsersModel, on req: Request, status: HTTPResponseStatus = .ok) -> Response {
        func err(_ f: String) -> String? { m.errors.first { $0.field == f }?.message }
        let roles = Role.allCases.filter { $0 != .citizen }
        return Layout.page(
            title: "Brugere", req: req, current: .adminUsers, status: status,
            .unwrap(m.created) { .p(.class("notice"), .attr("role", "status"), .txt("Brugeren \($0) er oprettet.")) },
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            .unwrap(m.alert) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .table(
                .caption(.txt("Brugere i kommunen")),
                .thead(.tr(
                    .th(.attr("scope", "col"), .txt("Brugernavn")),
                    .th(.attr("scope", "col"), .txt("Navn")),
                    .th(.attr("scope", "col"), .txt("Rolle")),
                    .th(.attr("scope", "col"), .txt("Status")),
                    .th(.attr("scope", "col"), .txt("Handling")))),
                .tbody(.forEach(m.users) { u in
                    .tr(
                        .if(!u.active, .class("inactive")),
                        .td(.txt(u.username)), .td(.txt(u.displayName)), .td(.txt(u.role.danishName)),
                        .td(.txt(u.active ? "Aktiv" : "Deaktiveret")),
                        .td(u.id == req.auth.get(Principal.self)?.userID ? .txt("(dig selv)") : .form(
                            .attr("action", SiteURL.userActive(u.id).path), .method(.post), .class("inline"),
                            Layout.csrfField(req),
                            .input(.type(.hidden), .attr("name", "active"), .attr("value", u.active ? "false" : "true")),
                            .input(.type(.hidden), .attr("name", "version"), .attr("value", String(u.version))),
                            .button(.type(.submit), .class("link"), .attr("aria-label", "\(u.active ? "Deaktivér" : "Genaktivér") \(u.username)"),
                                    .txt(u.active ? "Deaktivér" : "Genaktivér"))
                        ))
                    )
                })
            ),
            .h2(.txt("Opret bruger")),
            Layout.errorSummary(m.errors),
            .form(
                .attr("action", SiteURL.adminUsers.path), .method(.post), .class("stack"),
                Layout.csrfField(req),
                Layout.field(id: "username", label: "Brugernavn", value: m.form["username"], required: true, autocomplete: "off", error: err("username")),
                Layout.field(id: "displayName", label: "Navn", value: m.form["displayName"], required: true, autocomplete: "off", error: err("displayName")),
                Layout.field(id: "password", label: "Adgangskode", type: .password, required: true, autocomplete: "new-password", error: err("password"), hint: "Mindst 12 tegn."),
                .div(
                    .class("field"),
                    .label(.for("role"), .txt("Rolle")),
                    .unwrap(err("role")) { .p(.id("role-fejl"), .class("error"), .txt($0)) },
                    .select(.id("role"), .attr("name", "role"), .forEach(roles) { r in
                        Layout.option(value: r.rawValue, label: r.danishName, selected: m.form["role"] == r.rawValue)
                    })
                ),
                .div(
                    .class("field"),
                    .label(.for("unitIds"), .txt("Enhed")),
                    .unwrap(err("unitIds")) { .p(.id("unitIds-fejl"), .class("error"), .txt($0)) },
                    .select(.id("unitIds"), .attr("name", "unitId"),
                        Layout.option(value: "", label: "Ingen", selected: false),
                        .forEach(m.units) { u in Layout.option(value: u.id.uuidString, label: u.name, selected: m.form["unitId"] == u.id.uuidString) })
                ),
                .button(.type(.submit), .class("primary"), .txt("Opret bruger"))
            )
        )
    }

    struct AuditModel {
        var page: Page<AuditEntry>
        var users: [UUID: String]
    }

    static func auditLog(_ m: AuditModel, on req: Request) -> Response {
        Layout.page(
            title: "Revisionslog", req: req, current: .auditLog,
            .p(.txt("Hvert opslag i borgeroplysninger, hver søgning og hver ændring. Nyeste først.")),
            .table(
                .caption(.txt("Revisionslog")),
                .thead(.tr(
                    .th(.attr("scope", "col"), .txt("Tidspunkt")),
                    .th(.attr("scope", "col"), .txt("Bruger")),
                    .th(.attr("scope", "col"), .txt("Handling")),
                    .th(.attr("scope", "col"), .txt("Objekt")),
                    .th(.attr("scope", "col"), .txt("Kriterier")),
                    .th(.attr("scope", "col"), .txt("Kanal")))),
                .tbody(.forEach(m.page.items) { e in
                    .tr(
                        .td(.txt(DanishDate.string(e.occurredAt))),
                        .td(.txt(e.userID.flatMap { m.users[$0] } ?? "–")),
                        .td(.txt(e.action)),
                        .td(.txt([e.objectType, e.objectID].compactMap { $0 }.joined(separator: " "))),
                        .td(.txt(e.criteria ?? "")),
                        .td(.txt(e.channel ?? ""))
                    )
                })
            ),
            .unwrap(m.page.nextCursor) { c in .p(.a(.attr("href", "\(SiteURL.auditLog.path)?efter=\(c)"), .txt("Ældre rækker"))) }
        )
    }

    // MARK: Errors

    static func errorPage(_ problem: Problem, on req: Request) -> Response {
        let title: String
        switch problem.status {
        case 404: title = "Siden findes ikke"
        case 403: title = problem.title
        case 422: title = "Ugyldige oplysninger"
        case 503: title = problem.title
        case 500...: title = "Der opstod en fejl"
        default: title = problem.title
        }
        return Layout.page(
            title: title, req: req, status: HTTPResponseStatus(statusCode: problem.status),
            .p(.txt(problem.detail)),
            .unwrap(problem.errors) { errors in .ul(.forEach(errors) { .li(.txt($0.message)) }) },
            .if(problem.status >= 500, .p(.class("hint"), .txt("Fejl-id: \(problem.requestId ?? "")"))),
            .p(.a(.attr("href", req.auth.has(Principal.self) ? SiteURL.start.path : SiteURL.login(next: nil, expired: false).path), .txt("Gå til forsiden")))
        )
    }
}
