import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    // MARK: Citizens

    struct CitizensModel {
        var page: Page<CitizenRecord>
        var cpr: String = ""
        var errors: [FieldError] = []
        var searchResult: [CitizenRecord]?
        /// Each found citizen's cases.
        var searchCases: [UUID: [CaseSummary]] = [:]
        /// The case number searched for, whose case is marked in the result.
        var searchedCaseNumber: String?
    }

    static func citizens(_ m: CitizensModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let cprError = m.errors.first { $0.field == "cpr" }?.message
        return WebPage(title: "Borgere", current: .citizens(), status: status,
            .h2(.txt("Find borger eller sag")),
            .form(
                .attr("action", SiteURL.citizenSearch.path), .method(.post), .class("stack"),
                Controls.csrfField(ctx),
                Controls.field(id: "cpr", label: "Navn, CPR-nummer eller sagsnummer", value: m.cpr, required: true, autocomplete: "off", error: cprError,
                               hint: "En del af navnet, fx \"Morten\"; CPR-nummer som DDMMÅÅ-XXXX; sagsnummer som ÅÅÅÅ-NNNNN."),
                .button(.type(.submit), .class("primary button button-primary"), .txt("Søg"))
            ),
            .unwrap(m.searchResult) { result in
                .section(
                    .attr("aria-labelledby", "resultat"),
                    .h2(.id("resultat"), .txt("Søgeresultat")),
                    result.isEmpty ? .p(.attr("role", "status"), .txt("Ingen borger eller sag, som du har adgang til, passer på søgningen."))
                        : foundCitizens(result, cases: m.searchCases, marked: m.searchedCaseNumber)
                )
            },
            .h2(.txt("Alle borgere, du har adgang til")),
            citizenTable(m.page.items, caption: "Borgere"),
            .unwrap(m.page.nextCursor) { c in .p(.a(.attr("href", SiteURL.citizens(after: c).path), .txt("Næste side"))) }
        ).withErrors(m.errors)
    }

    /// A search result: each citizen with their cases (case number, what it is about, phase, caseworker), so three
    /// cases of one citizen are told apart; on a phone the rows become labelled blocks.
    static func foundCitizens(_ citizens: [CitizenRecord], cases: [UUID: [CaseSummary]], marked: String?) -> Node<HTML.BodyContext> {
        .table(
            .class("rows table table--compact table--responsive-headers"),
            .caption(.txt("Fundne borgere og deres sager")),
            Controls.tableHead("Borger", "Fødselsdato", "Sager"),
            .tbody(.forEach(citizens) { c in
                let own = cases[c.id] ?? []
                return .tr(
                    .td(.attr("data-title", "Borger"), .a(.attr("href", SiteURL.citizen(c.id).path), .txt("\(c.familyName), \(c.givenName)"))),
                    .td(.attr("data-title", "Fødselsdato"), .txt(birthDate(c.cpr))),
                    .td(.attr("data-title", "Sager"), own.isEmpty ? .txt("Ingen sager") : .ul(.class("plain"), .forEach(own) { s in
                        .li(.if(s.caseNumber == marked, .class("marked")),
                            .a(.attr("href", SiteURL.case(s.id).path), .txt("Sag \(s.caseNumber)")),
                            .txt(" – \([s.paragraphs, s.phase.danishName, s.caseworkerName ?? "ikke fordelt"].compactMap { $0 }.joined(separator: " · "))"))
                    }))
                )
            })
        )
    }

    struct CitizenModel {
        var citizen: CitizenRecord
        var unitName: String
        var cases: [CaseSummary] = []
        var grants: [CitizenGrant] = []
        var notes: [(caseID: UUID, note: JournalNote)] = []
        var documents: [CaseAttachment] = []
        var terminology: TerminologySnapshot?
        var canOpenCase = false
    }

    static func citizen(_ m: CitizenModel, _ ctx: PageContext) -> WebPage {
        let c = m.citizen
        return WebPage(title: "\(c.givenName) \(c.familyName)", current: .citizens(),
            .dl(
                .dt(.txt("CPR-nummer")), .dd(.txt((try? CPRNumber(c.cpr).formatted) ?? c.cpr)),
                .dt(.txt("Fødselsdato")), .dd(.txt(birthDate(c.cpr))),
                .dt(.txt("Ansvarligt team")), .dd(.txt(m.unitName)),
                .dt(.txt("Oprettet")), .dd(.txt(DanishDate.string(c.createdAt)))
            ),
            .h2(.txt("Sager")),
            CaseViews.caseTable(m.cases, today: CalendarDate(ctx.now), caption: "Borgerens sager"),
            .h2(.txt("Bevillinger")),
            m.grants.isEmpty ? .p(.txt("Ingen bevilgede indsatser.")) : .table(
                .caption(.txt("Bevilgede indsatser på borgerens sager")),
                Controls.tableHead("Indsats", "Bevilget", "Levering startet", "Afsluttet", "Forventet pris"),
                .tbody(.forEach(m.grants) { g in
                    .tr(
                        .td(.a(.attr("href", SiteURL.case(g.caseID).path),
                               .txt([g.serviceCode.flatMap { m.terminology?.display(.ffb, code: $0) } ?? "Indsats", g.paragraph.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")))),
                        .td(.txt(g.decidedOn.danishOrDash)),
                        .td(.txt(g.deliveryStartOn.danishOrDash)),
                        .td(.txt(g.endedOn.danishOrDash)),
                        .td(.txt(g.expectedPrice.map { "\(Kroner.danish($0)) kr.\(g.noEndDate ? " pr. år" : "")" } ?? "–"))
                    )
                })
            ),
            .h2(.txt("Seneste journalnotater")),
            m.notes.isEmpty ? .p(.txt("Ingen notater.")) : .ul(.class("journal"), .forEach(m.notes) { entry in
                .li(
                    .p(.strong(.txt("\(DanishDate.string(entry.note.writtenAt)) – \(entry.note.category.danishName)")),
                       .txt(" · \(entry.note.authorName ?? "ukendt forfatter") · "), .a(.attr("href", SiteURL.case(entry.caseID).path), .txt("til sagen"))),
                    .p(.txt(entry.note.text.count > 300 ? String(entry.note.text.prefix(300)) + " …" : entry.note.text))
                )
            }),
            .h2(.txt("Dokumenter")),
            m.documents.isEmpty ? .p(.txt("Ingen dokumenter.")) : .table(
                .caption(.txt("Dokumenter på borgerens sager")),
                Controls.tableHead("Dokument", "Type", "Dato", "Sag"),
                .tbody(.forEach(m.documents) { d in
                    .tr(
                        .td(.a(.attr("href", SiteURL.caseDocument(d.caseID, document: d.id).path), .txt(d.title))),
                        .td(.txt(d.kind.danishName)),
                        .td(.txt(d.documentDate.danish)),
                        .td(.a(.attr("href", SiteURL.case(d.caseID).path + "#dokumenter"), .txt("til sagen")))
                    )
                })
            ),
            .if(m.canOpenCase, .group(
                .h2(.txt("Åbn en ny sag")),
                Controls.form(
                    action: SiteURL.caseCreate(citizen: c.id).path,
                    Controls.csrf(ctx),
                    Controls.enumSelect("origin", "Henvendelse/opfølgning/egen drift", CaseOrigin.self, selected: .inquiry),
                    Controls.enumSelect("inquirer", "Hvem henvendte sig", Inquirer.self, selected: nil),
                    Controls.textarea("paragraphsAppliedFor", "§§ på ansøgningen", value: nil, hint: "Én paragraf pr. linje, fx SEL § 85."),
                    Controls.submit("Åbn sag")
                )
            )),
            .p(.a(.attr("href", SiteURL.citizens().path), .txt("Tilbage til borgere")))
        )
    }
}
