import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The caseworker's and team leader's start page for cases: reminders, own cases, caseload and the team's cases.
struct WorklistModel {
    var role: Role
    var today: CalendarDate
    var own: [CaseSummary]
    var team: [CaseSummary]
    var caseload: [CaseloadRow]
    var reminders: [Reminder]
    /// What providers asked of the user on the cases they hold (issue 13): open change requests.
    var tasks: [OrderStore.ProviderTask] = []
    /// A team leader's open cases without a caseworker.
    var unassigned: [CaseSummary] = []
    /// The list a caseload count leads to (`?sagsbehandler=…[&overskredne=1]`).
    var filtered: (title: String, items: [CaseSummary])?
    /// The lists' filters and order.
    var options = CaseListOptions()
}

extension CaseViews {
    /// The filter and order form above the lists (GET: bookmarkable, no JavaScript).
    static func listOptions(_ o: CaseListOptions) -> Node<HTML.BodyContext> {
        let phases: [(String, String)] = PhaseSlug.allCases.map { ($0.rawValue, $0.phase.danishName) }
        return .element(named: "form", nodes: [
            .attr("action", SiteURL.cases.path), .attr("method", "get"), .class("filters"), .attr("aria-label", "Filtrér og sortér sagerne"),
            Controls.select("fase", "Fase", options: phases, selected: o.phase.flatMap(PhaseSlug.init(phase:))?.rawValue, allowEmpty: true, emptyLabel: "Alle faser"),
            Controls.select("sortering", "Sortér efter", options: CaseListOptions.Order.allCases.map { ($0.rawValue, $0.danishName) },
                            selected: o.order.rawValue, allowEmpty: false),
            .div(.class("checkbox"),
                 .element(named: "input", nodes: [.attr("id", "overskredne"), .attr("name", "overskredne"), .attr("type", "checkbox"), .attr("value", "1"),
                                                  o.overdueOnly ? .attr("checked", "checked") : .empty]),
                 .label(.attr("for", "overskredne"), .txt("Kun overskredne frister"))),
            .button(.type(.submit), .class("secondary button button-secondary"), .txt("Vis")),
            .if(!o.isDefault, .a(.attr("href", SiteURL.cases.path), .txt("Nulstil"))),
        ])
    }

    static func worklist(_ m: WorklistModel, _ ctx: PageContext) -> WebPage {
        let today = m.today
        return WebPage(            title: "Sager", current: .cases,
            .if(!m.reminders.isEmpty, .section(
                .attr("aria-labelledby", "paamindelser"),
                .h2(.id("paamindelser"), .txt("Påmindelser")),
                .ul(.forEach(m.reminders) { r in
                    .li(
                        .if(r.overdue, .class("overdue")),
                        .a(.attr("href", SiteURL.case(r.caseID).path), .txt("\(date(r.dueOn)): \(r.label) – \(r.citizenName)")),
                        .txt(" "),
                        .element(named: "form", nodes: [
                            .attr("action", SiteURL.reminderDismiss(r.id).path), .attr("method", "post"), .class("inline"),
                            .element(named: "input", nodes: [.attr("type", "hidden"), .attr("name", CSRF.fieldName), .attr("value", ctx.csrfToken())]),
                            .element(named: "button", nodes: [.attr("type", "submit"), .class("link"), .txt("Afvis")]),
                        ])
                    )
                })
            )),
            .if(!m.tasks.isEmpty, .section(
                .attr("aria-labelledby", "opgaver"),
                .h2(.id("opgaver"), .txt("Opgaver fra udførere")),
                .ul(.forEach(m.tasks) { task in
                    .li(.a(.attr("href", SiteURL.casePhase(task.caseID, .levering).path), .txt("\(task.on.danish): \(task.label) – \(task.citizenName)")))
                })
            )),
            .unwrap(m.filtered) { f in
                .section(.attr("aria-labelledby", "udvalgte"),
                    .h2(.id("udvalgte"), .txt(f.title)),
                    caseTable(f.items, today: today, caption: f.title),
                    .p(.a(.attr("href", SiteURL.cases.path), .txt("Vis hele arbejdslisten"))))
            },
            .if(m.filtered == nil && (m.role != .administrator), listOptions(m.options)),
            .if(m.role == .caseworker || m.role == .teamLeader, .group(
                .h2(.txt("Mine åbne sager")),
                .p(.class("hint"), .txt(m.options.isDefault ? "Sorteret efter nærmeste frist; overskredne frister står øverst."
                                        : "Viser \(m.own.count) sager · \(m.options.overdueOnly ? "kun overskredne · " : "")\(m.options.phase.map { "fase: \($0.danishName.lowercased()) · " } ?? "")sorteret efter \(m.options.order.danishName.lowercased()).")),
                caseTable(m.own, today: today, caption: "Mine sager", caseworker: false)
            )),
            .if(m.role == .teamLeader, .group(
                .h2(.id("ikke-fordelt"), .txt("Ikke fordelte sager")),
                m.unassigned.isEmpty ? .p(.txt("Alle teamets åbne sager har en sagsbehandler.")) : .ul(.class("items"), .forEach(m.unassigned) { c in
                    .li(.a(.attr("href", SiteURL.case(c.id).path + "#fordel"), .txt("\(c.citizenName) – \(c.phase.danishName), åbnet \(date(c.openedOn))")),
                        .txt(" · fordel sagen"))
                })
            )),
            .if(m.role != .caseworker, .group(
                .h2(.txt("Sagsstamme pr. sagsbehandler")),
                m.caseload.isEmpty ? .p(.txt("Ingen åbne sager.")) : .table(
                    .class("rows table table--compact table--responsive-headers"),
                    .caption(.txt("Åbne sager og sager med overskredet frist")),
                    Controls.tableHead("Sagsbehandler", "Åbne sager", "Overskredne"),
                    .tbody(.forEach(m.caseload) { row in
                        // Each count leads to the cases it counts.
                        .tr(.td(.attr("data-title", "Sagsbehandler"), .txt(row.caseworkerName ?? "Ikke fordelt")),
                            .td(.attr("data-title", "Åbne sager"), .a(.attr("href", SiteURL.casesOf(caseworker: row.caseworkerID, overdueOnly: false).path + "#udvalgte"),
                                   .attr("aria-label", "\(row.openCases) åbne sager hos \(row.caseworkerName ?? "ingen sagsbehandler")"), .txt(String(row.openCases)))),
                            .td(.attr("data-title", "Overskredne"), row.overdueCases == 0 ? .txt("0") : .a(.attr("href", SiteURL.casesOf(caseworker: row.caseworkerID, overdueOnly: true).path + "#udvalgte"),
                                   .attr("aria-label", "\(row.overdueCases) overskredne sager hos \(row.caseworkerName ?? "ingen sagsbehandler")"), .txt(String(row.overdueCases)))))
                    })
                )
            )),
            .if(m.role != .caseworker, .group(
                .h2(.txt(m.role == .administrator ? "Kommunens åbne sager" : "Teamets åbne sager")),
                caseTable(m.team, today: today, caption: "Åbne sager")
            ))
        )
    }
}
