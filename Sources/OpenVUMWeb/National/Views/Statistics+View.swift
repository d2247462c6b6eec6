import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    static func dstState(_ state: String) -> String {
        switch state {
        case DSTStore.State.awaitingApproval.rawValue: "Dannet – afventer godkendelse"
        case DSTStore.State.approved.rawValue: "Godkendt og sendt"
        default: "Ikke dannet"
        }
    }

    /// `/admin/statistik`: the months of Danmarks Statistik's "Handicap og udsatte voksne", each with its deadline and
    /// the state of its extract.
    static func statistics(_ months: [DSTMonthDTO], today: CalendarDate, _ ctx: PageContext, alert: String? = nil,
                           status: HTTPResponseStatus = .ok) -> WebPage {
        WebPage(title: "Danmarks Statistik: Handicap og udsatte voksne", current: .statistics, status: status,
            .p(.class("lead"), .txt("Hver måned indberettes ydelserne efter serviceloven §§ 82 a og b, 85, 95–98, 102–104, 107 og 108 (og § 85 i boliger efter almenboligloven § 105) med periode, målgrupper, handlekommune og leverandør — senest den 14. i den følgende måned. Kommunen læser udtrækkets valideringsrapport og godkender det, før det sendes.")),
            .unwrap(alert) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .table(
                .caption(.txt("De seneste tolv måneder")),
                Controls.tableHead("Måned", "Frist", "Status", "Ydelser", "Fund i valideringen", "Handling"),
                .tbody(.forEach(months) { m in
                    let overdue = m.state != DSTStore.State.approved.rawValue && m.deadline < today
                    return .tr(
                        .td(.txt(m.name)),
                        .td(.txt(m.deadline.danish + (overdue ? " (overskredet)" : ""))),
                        .td(.txt(dstState(m.state) + (m.version.map { " (version \($0))" } ?? ""))),
                        .td(.txt(m.state == "notGenerated" ? "–" : String(m.records))),
                        .td(.txt(m.state == "notGenerated" ? "–" : String(m.findings))),
                        .td(m.state == "notGenerated"
                            ? .form(.attr("action", SiteURL.statisticsMonth(m.month).path), .method(.post), .class("inline"), Controls.csrfField(ctx),
                                    .button(.type(.submit), .class("link"), .attr("aria-label", "Dan udtrækket for \(m.name)"), .txt("Dan udtræk")))
                            : .a(.attr("href", SiteURL.statisticsMonth(m.month).path), .attr("aria-label", "Se udtrækket for \(m.name)"), .txt("Se udtræk")))
                    )
                })
            ),
            .p(.class("hint"), .txt("Udtrækket for sidste måned dannes af sig selv, når modtageren Danmarks Statistik er slået til under Udbakke. Et godkendt udtræk sendes gennem udbakken."))
        )
    }

    /// `/admin/statistik/:month` for a month whose extract is not made: its deadline, and the button that makes it once
    /// the month is over.
    static func statisticsNotMade(_ month: DSTExtract.Month, today: CalendarDate, _ ctx: PageContext) -> WebPage {
        let over = month < DSTExtract.Month(containing: today)
        return WebPage(title: "Danmarks Statistik: \(month.danishName)", current: .statistics,
            .p(.a(.attr("href", SiteURL.statistics.path), .txt("Alle måneder"))),
            .dl(.class("facts"), .dt(.txt("Status")), .dd(.txt("Ikke dannet")), .dt(.txt("Frist")), .dd(.txt(month.deadline.danish))),
            over ? .form(.attr("action", SiteURL.statisticsMonth(month.description).path), .method(.post), Controls.csrfField(ctx),
                         .button(.type(.submit), .class("primary button button-primary"), .txt("Dan udtrækket for \(month.danishName)")))
                 : .p(.txt("Udtrækket kan dannes fra 1. \(month.next.danishName)."))
        )
    }

    /// `/admin/statistik/:month`: a month's extract — counts per service type, the validation report, and approval.
    static func statisticsMonth(_ m: DSTExtractDTO, _ ctx: PageContext, notice: String? = nil, alert: String? = nil,
                                status: HTTPResponseStatus = .ok) -> WebPage {
        let awaiting = m.state == DSTStore.State.awaitingApproval.rawValue
        return WebPage(title: "Danmarks Statistik: \(m.name)", current: .statistics, status: status,
            .p(.a(.attr("href", SiteURL.statistics.path), .txt("Alle måneder"))),
            .unwrap(notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            .unwrap(alert) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .dl(.class("facts"),
                .dt(.txt("Status")), .dd(.txt("\(dstState(m.state)) (version \(m.version))")),
                .dt(.txt("Dannet")), .dd(.txt(DanishDate.string(m.generatedAt))),
                .dt(.txt("Godkendt")), .dd(.txt(DanishDate.string(m.approvedAt))),
                .dt(.txt("Frist")), .dd(.txt(m.deadline.danish)),
                .dt(.txt("Ydelser i alt")), .dd(.txt(String(m.services)))),
            .h2(.txt("Ydelser pr. paragraf")),
            m.counts.isEmpty ? .p(.txt("Ingen ydelser efter de indberettede paragraffer i måneden.")) : .table(
                .caption(.txt("Ydelser og modtagere i \(m.name)")),
                Controls.tableHead("Ydelse", "Ydelser", "Borgere"),
                .tbody(.forEach(m.counts) { c in .tr(.td(.txt(c.name)), .td(.txt(String(c.services))), .td(.txt(String(c.citizens)))) })
            ),
            .h2(.txt("Valideringsrapport")),
            m.findings.isEmpty ? .p(.txt("Ingen fund: alle ydelser har målgruppe og leverandør, og ingen overlapper.")) : .table(
                .caption(.txt("\(m.findings.count) fund, som bør rettes i sagerne før godkendelse")),
                Controls.tableHead("Fund", "Sag", "Beskrivelse"),
                .tbody(.forEach(m.findings) { f in
                    .tr(.td(.txt(f.name)),
                        .td(f.caseId.map { Node.a(.attr("href", SiteURL.case($0).path), .txt(f.caseNumber)) } ?? .txt(f.caseNumber)),
                        .td(.txt(f.message)))
                })
            ),
            .if(awaiting, .div(
                .class("stack"),
                .h2(.txt("Godkend og send")),
                .p(.txt(m.findings.isEmpty ? "Udtrækket sendes til Danmarks Statistik, som det er dannet."
                        : "Ret fundene i sagerne og dan udtrækket igen — eller godkend det, som det er. Det sendes til Danmarks Statistik, som det er dannet.")),
                .form(.attr("action", SiteURL.statisticsApprove(m.month).path), .method(.post), .class("inline"), Controls.csrfField(ctx),
                      .input(.type(.hidden), .attr("name", "version"), .attr("value", String(m.version))),
                      .button(.type(.submit), .class("primary button button-primary"), .txt("Godkend version \(m.version) og send"))),
                .form(.attr("action", SiteURL.statisticsMonth(m.month).path), .method(.post), .class("inline"), Controls.csrfField(ctx),
                      .button(.type(.submit), .class("secondary button button-secondary"), .txt("Dan udtrækket igen")))
            ))
        )
    }
}
