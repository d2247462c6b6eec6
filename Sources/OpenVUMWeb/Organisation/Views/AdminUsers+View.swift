import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
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

    static func users(_ m: UsersModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        func err(_ f: String) -> String? { m.errors.first { $0.field == f }?.message }
        let roles = Role.allCases.filter { $0 != .citizen }
        return WebPage(title: "Brugere", current: .adminUsers, status: status,
            .unwrap(m.created) { .p(.class("notice"), .attr("role", "status"), .txt("Brugeren \($0) er oprettet.")) },
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            .unwrap(m.alert) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .table(
                .caption(.txt("Brugere i kommunen")),
                Controls.tableHead("Brugernavn", "Navn", "Rolle", "Telefon", "Status", "Handling"),
                .tbody(.forEach(m.users) { u in
                    .tr(
                        .if(!u.active, .class("inactive")),
                        .td(.txt(u.username)), .td(.txt(u.displayName)), .td(.txt(u.role.danishName)), .td(.txt(u.phone ?? "–")),
                        .td(.txt(u.active ? "Aktiv" : "Deaktiveret")),
                        .td(u.id == ctx.principal?.userID ? .txt("(dig selv)") : .form(
                            .attr("action", SiteURL.userActive(u.id).path), .method(.post), .class("inline"),
                            Controls.csrfField(ctx),
                            .input(.type(.hidden), .attr("name", "active"), .attr("value", u.active ? "false" : "true")),
                            .input(.type(.hidden), .attr("name", "version"), .attr("value", String(u.version))),
                            .button(.type(.submit), .class("link"), .attr("aria-label", "\(u.active ? "Deaktivér" : "Genaktivér") \(u.username)"),
                                    .txt(u.active ? "Deaktivér" : "Genaktivér"))
                        ))
                    )
                })
            ),
            .h2(.txt("Opret bruger")),
            .form(
                .attr("action", SiteURL.adminUsers.path), .method(.post), .class("stack"),
                Controls.csrfField(ctx),
                Controls.field(id: "username", label: "Brugernavn", value: m.form["username"], required: true, autocomplete: "off", error: err("username")),
                Controls.field(id: "displayName", label: "Navn", value: m.form["displayName"], required: true, autocomplete: "off", error: err("displayName")),
                Controls.field(id: "password", label: "Adgangskode", type: .password, required: true, autocomplete: "new-password", error: err("password"), hint: "Mindst 12 tegn."),
                .div(
                    .class("field"),
                    .label(.for("role"), .txt("Rolle")),
                    .unwrap(err("role")) { .p(.id("role-fejl"), .class("error"), .txt($0)) },
                    .select(.id("role"), .attr("name", "role"), .forEach(roles) { r in
                        Controls.option(value: r.rawValue, label: r.danishName, selected: m.form["role"] == r.rawValue)
                    })
                ),
                .div(
                    .class("field"),
                    .label(.for("unitIds"), .txt("Enhed")),
                    .unwrap(err("unitIds")) { .p(.id("unitIds-fejl"), .class("error"), .txt($0)) },
                    .select(.id("unitIds"), .attr("name", "unitId"),
                        Controls.option(value: "", label: "Ingen", selected: false),
                        .forEach(m.units) { u in Controls.option(value: u.id.uuidString, label: u.name, selected: m.form["unitId"] == u.id.uuidString) })
                ),
                .button(.type(.submit), .class("primary button button-primary"), .txt("Opret bruger"))
            )
        ).withErrors(m.errors)
    }
}
