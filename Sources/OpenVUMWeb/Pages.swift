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
        Layout.page(
            title: "Log ind", req: req, status: status,
            .if(m.expired, .p(.class("notice"), .attribute(named: "role", value: "status"), .text("Din session er udløbet. Log ind igen."))),
            .unwrap(m.message) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .form(
                .action(SiteURL.login(next: m.next, expired: false).path), .method(.post), .class("stack"),
                Layout.csrfField(req),
                Layout.field(id: "username", label: "Brugernavn", value: m.username, required: true, autocomplete: "username"),
                Layout.field(id: "password", label: "Adgangskode", type: .password, required: true, autocomplete: "current-password"),
                .button(.type(.submit), .class("primary"), .text("Log ind"))
            )
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
        let intro: Node<HTML.BodyContext> = .p(.text("Du er logget ind som \(p.role.danishName.lowercased()) i \(m.municipality)\(unitNames.isEmpty ? "" : " – " + unitNames.joined(separator: ", "))."))
        let body: Node<HTML.BodyContext>
        switch p.role {
        case .caseworker, .teamLeader:
            body = .group(
                .h2(.text(p.role == .teamLeader ? "Teamets borgere" : "Mine borgere")),
                citizenTable(m.citizens, caption: "Borgere i \(unitNames.joined(separator: " og "))"),
                .p(.a(.href(SiteURL.citizens.path), .text("Find en borger ud fra CPR-nummer")))
            )
        case .administrator:
            body = .group(
                .h2(.text("Administration")),
                .ul(
                    .li(.a(.href(SiteURL.adminUsers.path), .text("Brugere og roller"))),
                    .li(.a(.href(SiteURL.auditLog.path), .text("Revisionslog (opslag og ændringer)"))),
                    .li(.a(.href(SiteURL.citizens.path), .text("Borgere i kommunen")))
                ),
                .h2(.text("Organisation")),
                unitTable(m.units)
            )
        case .economyConsultant:
            body = .group(
                .h2(.text("Økonomi")),
                .p(.text("Her samles priser, betalinger, budget og fremskrivning for kommunens enheder.")),
                unitTable(m.units)
            )
        case .providerStaff, .providerLeader:
            body = .group(
                .h2(.text("Bestillinger")),
                .p(.text("Bestillinger til dine tilbud vises her, når myndigheden har sendt dem.")),
                .h2(.text("Dine tilbud")),
                .ul(.forEach(m.units.filter { p.unitIDs.contains($0.id) }) { .li(.text("\($0.name) (\($0.kind.danishName.lowercased()))")) })
            )
        case .citizen:
            body = .group(
                .h2(.text("Mine oplysninger")),
                .unwrap(m.ownCitizen) { c in
                    .dl(.dt(.text("Navn")), .dd(.text("\(c.givenName) \(c.familyName)")))
                },
                .p(.text("Her kan du se dine sager, bevillinger og næste opfølgning, når de er registreret."))
            )
        }
        return Layout.page(title: "Velkommen, \(p.displayName)", req: req, current: .start, intro, body)
    }

    static func citizenTable(_ citizens: [CitizenRecord], caption: String) -> Node<HTML.BodyContext> {
        if citizens.isEmpty { return .p(.text("Ingen borgere.")) }
        return .table(
            .caption(.text(caption)),
            .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Navn")), .th(.attribute(named: "scope", value: "col"), .text("Fødselsdato")))),
            .tbody(.forEach(citizens) { c in
                .tr(
                    .td(.a(.href(SiteURL.citizen(c.id).path), .text("\(c.familyName), \(c.givenName)"))),
                    .td(.text(birthDate(c.cpr)))
                )
            })
        )
    }

    static func unitTable(_ units: [UnitRecord]) -> Node<HTML.BodyContext> {
        .table(
            .caption(.text("Enheder")),
            .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Enhed")), .th(.attribute(named: "scope", value: "col"), .text("Type")))),
            .tbody(.forEach(units) { u in
                .tr(.td(.text(u.name)), .td(.text(u.ownership?.danishName ?? u.kind.danishName)))
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
            .h2(.text("Find borger")),
            Layout.errorSummary(m.errors),
            .form(
                .action(SiteURL.citizenSearch.path), .method(.post), .class("stack"),
                Layout.csrfField(req),
                Layout.field(id: "cpr", label: "CPR-nummer", value: m.cpr, required: true, autocomplete: "off", error: cprError, hint: "Formen DDMMÅÅ-XXXX."),
                .button(.type(.submit), .class("primary"), .text("Søg"))
            ),
            .unwrap(m.searchResult) { result in
                .section(
                    .attribute(named: "aria-labelledby", value: "resultat"),
                    .h2(.id("resultat"), .text("Søgeresultat")),
                    result.isEmpty ? .p(.attribute(named: "role", value: "status"), .text("Ingen borger med det CPR-nummer, som du har adgang til.")) : citizenTable(result, caption: "Fundne borgere")
                )
            },
            .h2(.text("Alle borgere, du har adgang til")),
            citizenTable(m.page.items, caption: "Borgere"),
            .unwrap(m.page.nextCursor) { c in .p(.a(.href("\(SiteURL.citizens.path)?efter=\(c)"), .text("Næste side"))) }
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
                .dt(.text("CPR-nummer")), .dd(.text((try? CPRNumber(c.cpr).formatted) ?? c.cpr)),
                .dt(.text("Fødselsdato")), .dd(.text(birthDate(c.cpr))),
                .dt(.text("Ansvarligt team")), .dd(.text(m.unitName)),
                .dt(.text("Oprettet")), .dd(.text(DanishDate.string(c.createdAt))),
                .dt(.text("Version")), .dd(.text(String(c.version)))
            ),
            .h2(.text("Sager")),
            CaseViews.caseTable(m.cases, today: CalendarDate(req.openvum.now()), caption: "Borgerens sager"),
            .if(m.canOpenCase, .group(
                .h2(.text("Åbn en ny sag")),
                Controls.form(
                    action: "/borgere/\(c.id.uuidString.lowercased())/sager",
                    Controls.csrf(req),
                    Controls.enumSelect("origin", "Henvendelse/opfølgning/egen drift", CaseOrigin.self, selected: .inquiry),
                    Controls.enumSelect("inquirer", "Hvem henvendte sig", Inquirer.self, selected: nil),
                    Controls.textarea("paragraphsAppliedFor", "§§ på ansøgningen", value: nil, hint: "Én paragraf pr. linje, fx SEL § 85."),
                    Controls.submit("Åbn sag")
                )
            )),
            .p(.a(.href(SiteURL.citizens.path), .text("Tilbage til borgere")))
        )
    }

    // MARK: Administration

    struct UsersModel {
        var users: [UserRecord]
        var units: [UnitRecord]
        var errors: [FieldError] = []
        var form: [String: String] = [:]
        var created: String?
    }

    static func users(_ m: UsersModel, on req: Request, status: HTTPResponseStatus = .ok) -> Response {
        func err(_ f: String) -> String? { m.errors.first { $0.field == f }?.message }
        let roles = Role.allCases.filter { $0 != .citizen }
        return Layout.page(
            title: "Brugere", req: req, current: .adminUsers, status: status,
            .unwrap(m.created) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text("Brugeren \($0) er oprettet.")) },
            .table(
                .caption(.text("Brugere i kommunen")),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text("Brugernavn")),
                    .th(.attribute(named: "scope", value: "col"), .text("Navn")),
                    .th(.attribute(named: "scope", value: "col"), .text("Rolle")))),
                .tbody(.forEach(m.users) { u in .tr(.td(.text(u.username)), .td(.text(u.displayName)), .td(.text(u.role.danishName))) })
            ),
            .h2(.text("Opret bruger")),
            Layout.errorSummary(m.errors),
            .form(
                .action(SiteURL.adminUsers.path), .method(.post), .class("stack"),
                Layout.csrfField(req),
                Layout.field(id: "username", label: "Brugernavn", value: m.form["username"], required: true, autocomplete: "off", error: err("username")),
                Layout.field(id: "displayName", label: "Navn", value: m.form["displayName"], required: true, autocomplete: "off", error: err("displayName")),
                Layout.field(id: "password", label: "Adgangskode", type: .password, required: true, autocomplete: "new-password", error: err("password"), hint: "Mindst 12 tegn."),
                .div(
                    .class("field"),
                    .label(.for("role"), .text("Rolle")),
                    .unwrap(err("role")) { .p(.id("role-fejl"), .class("error"), .text($0)) },
                    .select(.id("role"), .attribute(named: "name", value: "role"), .forEach(roles) { r in
                        Layout.option(value: r.rawValue, label: r.danishName, selected: m.form["role"] == r.rawValue)
                    })
                ),
                .div(
                    .class("field"),
                    .label(.for("unitId"), .text("Enhed")),
                    .unwrap(err("unitIds")) { .p(.id("unitId-fejl"), .class("error"), .text($0)) },
                    .select(.id("unitId"), .attribute(named: "name", value: "unitId"),
                        Layout.option(value: "", label: "Ingen", selected: false),
                        .forEach(m.units) { u in Layout.option(value: u.id.uuidString, label: u.name, selected: m.form["unitId"] == u.id.uuidString) })
                ),
                .button(.type(.submit), .class("primary"), .text("Opret bruger"))
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
            .p(.text("Hvert opslag i borgeroplysninger, hver søgning og hver ændring. Nyeste først.")),
            .table(
                .caption(.text("Revisionslog")),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text("Tidspunkt")),
                    .th(.attribute(named: "scope", value: "col"), .text("Bruger")),
                    .th(.attribute(named: "scope", value: "col"), .text("Handling")),
                    .th(.attribute(named: "scope", value: "col"), .text("Objekt")),
                    .th(.attribute(named: "scope", value: "col"), .text("Kriterier")),
                    .th(.attribute(named: "scope", value: "col"), .text("Kanal")))),
                .tbody(.forEach(m.page.items) { e in
                    .tr(
                        .td(.text(DanishDate.string(e.occurredAt))),
                        .td(.text(e.userID.flatMap { m.users[$0] } ?? "–")),
                        .td(.text(e.action)),
                        .td(.text([e.objectType, e.objectID].compactMap { $0 }.joined(separator: " "))),
                        .td(.text(e.criteria ?? "")),
                        .td(.text(e.channel ?? ""))
                    )
                })
            ),
            .unwrap(m.page.nextCursor) { c in .p(.a(.href("\(SiteURL.auditLog.path)?efter=\(c)"), .text("Ældre rækker"))) }
        )
    }

    // MARK: Errors

    static func errorPage(_ problem: Problem, on req: Request) -> Response {
        let title: String
        switch problem.status {
        case 404: title = "Siden findes ikke"
        case 403: title = problem.title
        case 422: title = "Ugyldige oplysninger"
        case 500...: title = "Der opstod en fejl"
        default: title = problem.title
        }
        return Layout.page(
            title: title, req: req, status: HTTPResponseStatus(statusCode: problem.status),
            .p(.text(problem.detail)),
            .unwrap(problem.errors) { errors in .ul(.forEach(errors) { .li(.text($0.message)) }) },
            .if(problem.status >= 500, .p(.class("hint"), .text("Fejl-id: \(problem.requestId ?? "")"))),
            .p(.a(.href(req.auth.has(Principal.self) ? SiteURL.start.path : SiteURL.login(next: nil, expired: false).path), .text("Gå til forsiden")))
        )
    }
}
