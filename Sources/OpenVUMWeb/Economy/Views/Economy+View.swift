import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot

/// The economy pages in Danish: budget against spend and expected outturn, the projection, the watch lists, and the
/// grants and payments behind each number. Every table can be exported as CSV or XLSX; every chart has its table.
enum EconomyViews {
    static func kr(_ øre: Int) -> String { "\(Kroner.danish(øre)) kr." }
    /// A percentage with two decimals and a true minus sign, as the amounts have (−4,50 %).
    static func percent(_ d: Decimal?) -> String {
        guard let d else { return "–" }
        let hundredths = NSDecimalNumber(decimal: d * 100).intValue
        return "\(hundredths < 0 ? "−" : "")\(abs(hundredths) / 100),\(CalendarDate.pad(abs(hundredths) % 100, 2)) %"
    }
    static func month(_ m: YearMonth) -> String {
        let names = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
        return "\(names[m.month - 1]) \(m.year)"
    }
    static func basis(_ b: ProjectionBasis?) -> String {
        switch b {
        case .actual: "Faktisk pris (betalinger)"
        case .contract: "Kontraktpris"
        case .expected: "Forventet pris"
        case nil: "–"
        }
    }
    static func status(_ s: GrantStatus) -> String {
        switch s {
        case .granted: "Bevilget"
        case .refused: "Afslået"
        case .pending: "Verserende"
        case .lapsed: "Bortfaldet"
        }
    }

    /// An account number as people read it; grants without one are summed under »Uden konto«.
    static func account(_ key: String) -> String { key == "none" ? "Uden konto" : key }

    /// Another acting or paying municipality (IDs 19–20) by its code, or this one.
    static func municipality(_ code: String?) -> String { code.map { "Anden kommune: kommunekode \($0)" } ?? "Kommunen selv" }

    static func num(_ text: String) -> Node<HTML.TableRowContext> { .td(.class("num"), .txt(text)) }

    /// Links to the table's CSV (`;` for Danish Excel, `,`) and XLSX.
    static func exports(_ table: String, _ m: EconomyWebController.Model) -> Node<HTML.BodyContext> {
        let q = EconomyQuery(year: m.year, date: m.date, grouping: m.grouping, threshold: m.query.threshold)
        return .p(.class("exports"), .txt("Hent tabellen: "),
                  .a(.attr("href", SiteURL.economyExport(q, table: table, format: "csv", semicolon: true).path), .txt("CSV (semikolon, dansk Excel)")), .txt(" · "),
                  .a(.attr("href", SiteURL.economyExport(q, table: table, format: "csv").path), .txt("CSV (komma)")), .txt(" · "),
                  .a(.attr("href", SiteURL.economyExport(q, table: table, format: "xlsx").path), .txt("XLSX")))
    }

    static func grantsLink(_ m: EconomyWebController.Model, key: String?, _ text: String) -> Node<HTML.BodyContext> {
        .a(.attr("href", SiteURL.economyGrants(EconomyQuery(year: m.year, date: m.date, grouping: key == nil ? nil : m.grouping), key: key).path), .txt(text))
    }

    // MARK: The page

    /// When the figures were computed from the cases (they are kept a while, `EconomySnapshots`), and a way to have
    /// them computed anew.
    static func freshness(_ m: EconomyWebController.Model) -> Node<HTML.BodyContext> {
        var again = m.query
        again.fresh = true
        return .p(.class("hint"), .id("beregnet"), .txt("Tallene er beregnet \(DanishDate.string(m.computedAt)) ud fra sagerne og betalingerne. "),
                  .if(m.computing, .txt("Nyere tal er ved at blive beregnet; de vises, når du åbner siden igen om lidt. ")),
                  .a(.attr("href", SiteURL.economy(again).path), .txt("Beregn dem igen nu")))
    }

    static func page(_ m: EconomyWebController.Model, _ ctx: PageContext) -> WebPage {
        let o = m.overview, t = o.total
        let teams = m.teams
        func unitName(_ id: UUID?) -> String { id.map { m.names[$0] ?? "Ukendt enhed" } ?? "Hele kommunen" }
        let restMonths = o.restMonths
        return WebPage(
            title: "Økonomi og fremskrivning", current: .economy(),
            .p(.txt("Budget, forbrug og forventet regnskab for \(m.year), fremskrivningen til udgangen af \(m.date.year + 1) og overvågningslister — beregnet af sagerne, bestillingerne og betalingerne, som de stod \(m.date.danish)."
                    + (ctx.principal?.economyScope == .municipality ? "" : " Du ser sagerne i dine teams."))),
            freshness(m),
            .element(named: "form", nodes: [
                .attr("method", "get"), .attr("action", SiteURL.economy().path), .class("filters"),
                Controls.input("aar", "År", type: "number", value: String(m.year)),
                Controls.input("dato", "Referencedato", type: "date", value: m.date.description, hint: "Kun det, der er sket til og med denne dag, tæller."),
                Controls.select("gruppe", "Fremskrivning fordelt på", options: ProjectionGrouping.allCases.map { ($0.rawValue, $0.danishName) }, selected: m.grouping.rawValue,
                                allowEmpty: false),
                .element(named: "button", nodes: [.attr("type", "submit"), .class("secondary button button-secondary"), .txt("Vis")]),
            ]),
            .div(.class("cards"),
                 .div(.class("card"), .h3(.txt("Budget \(m.year)")), .p(.class("figure"), .txt(kr(t.line.current)))),
                 .div(.class("card"), .h3(.txt("Forbrug til dato")), .p(.class("figure"), .txt(kr(t.spent))), .p(.txt("\(percent(t.spentShare.map { $0 * 100 })) af budgettet"))),
                 .div(.class("card"), .h3(.txt("Forventet regnskab")), .p(.class("figure"), .txt(kr(t.expectedOutturn))),
                      .p(.txt("heraf fremskrevet: \(kr(t.projectedRest))"))),
                 .div(.attr("class", t.deviation > 0 ? "card attention" : "card"), .h3(.txt("Afvigelse")), .p(.class("figure"), .txt(kr(t.deviation))),
                      .p(.txt(t.deviation > 0 ? "merforbrug, \(percent(t.deviationPercent))" : "mindreforbrug, \(percent(t.deviationPercent))")))),

            // Budget
            .h2(.id("budget"), .txt("Budget og forventet regnskab \(m.year)")),
            Charts.bars(id: "budget-diagram", title: "Budget og forventet regnskab pr. konto", summary: "Søjler for budget og forventet regnskab for hver konto.",
                        series: ["Budget", "Forventet regnskab"], rows: o.budget.map { Charts.Row(label: "\(account($0.line.account)) \($0.line.unitID == nil ? "" : unitName($0.line.unitID))", values: [$0.line.current, $0.expectedOutturn]) },
                        dataTable: "»Budget pr. konto«"),
            .table(
                .class("rows"),
                .caption(.txt("Budget pr. konto")),
                Controls.tableHead("Konto", "Budget", "Forbrug til dato", "Fremskrevet resten af året", "Forventet regnskab", "Afvigelse", "Afvigelse i %", ""),
                .tbody(.forEach(o.budget) { f in
                    let stored = m.stored.first { $0.line.account == f.line.account && $0.line.unitID == f.line.unitID }
                    return .tr(
                        .td(.attr("data-title", "Konto"), .a(.attr("href", SiteURL.economyGrants(EconomyQuery(year: m.year, date: m.date, grouping: .account), key: f.line.account).path),
                                                             .txt(account(f.line.account))),
                            .unwrap(f.line.unitID) { .span(.class("hint"), .txt(" " + unitName($0))) }),
                        .td(.class("num"), .attr("data-title", "Budget"), .txt(stored == nil ? "Intet budget" : kr(f.line.current) + (f.line.corrected == nil ? "" : " (korrigeret)"))),
                        .td(.class("num"), .attr("data-title", "Forbrug til dato"), .txt(kr(f.spent))),
                        .td(.class("num"), .attr("data-title", "Fremskrevet"), .txt(kr(f.projectedRest))),
                        .td(.class("num"), .attr("data-title", "Forventet regnskab"), .txt(kr(f.expectedOutturn))),
                        .td(.class("num"), .attr("data-title", "Afvigelse"), .txt(kr(f.deviation))),
                        .td(.class("num"), .attr("data-title", "Afvigelse i %"), .txt(percent(f.deviationPercent))),
                        .td(.if(m.canEdit && stored != nil, .a(.attr("href", SiteURL.economy(m.query, edit: "\(f.line.account)|\(f.line.unitID?.uuidString.lowercased() ?? "alle")").path + "#budgetform"),
                                                              .txt("Ret"), .span(.class("sr-only"), .txt(" budget for \(f.line.account)")))))
                    )
                }),
                .tfoot(.tr(.th(.attr("scope", "row"), .txt("I alt")), num(kr(t.line.current)), num(kr(t.spent)), num(kr(t.projectedRest)), num(kr(t.expectedOutturn)),
                           num(kr(t.deviation)), num(percent(t.deviationPercent)), .td()))
            ),
            .p(.class("hint"), .txt("Forbrug til dato er betalingerne for årets ydelsesmåneder, bogført senest på referencedatoen. Fremskrivningen bruger den bedst kendte pris: faktisk pris fra seneste hele betalte måned, ellers kontraktprisen, ellers den forventede pris. I alt tæller pr. konto linjen for hele kommunen, hvis den findes, ellers enhedernes linjer.")),
            exports("budget", m),
            .if(m.canEdit, .p(.a(.attr("href", SiteURL.economyPayments.path), .txt("Indlæs betalinger fra økonomisystemet")))),
            .if(m.canEdit, budgetForm(m, teams: teams, ctx)),

            // Projection
            .h2(.id("fremskrivning"), .txt("Fremskrivning pr. måned")),
            Charts.bars(id: "fremskrivning-diagram", title: "Fremskrivning pr. måned efter prisgrundlag", summary: "Vandrette søjler pr. måned, delt i faktisk pris, kontraktpris og forventet pris.",
                        series: ["Faktisk pris", "Kontraktpris", "Forventet pris"],
                        rows: o.months.map { mo in let v = o.byMonth[mo] ?? ProjectionMonthTotal(); return Charts.Row(label: month(mo), values: [v.basisActual, v.basisContract, v.basisExpected]) },
                        stacked: true, dataTable: "»Fremskrivning pr. måned«"),
            .table(
                .class("rows"),
                .caption(.txt("Fremskrivning pr. måned")),
                Controls.tableHead("Måned", "I alt", "Faktisk pris", "Kontraktpris", "Forventet pris", "Heraf uden slutdato", "Verserende indstillinger (ikke i alt)"),
                .tbody(.forEach(o.months) { mo in
                    let v = o.byMonth[mo] ?? ProjectionMonthTotal()
                    return .tr(.td(.attr("data-title", "Måned"), .txt(month(mo) + (mo == YearMonth(m.date) ? " (det ubetalte)" : ""))),
                               .td(.class("num"), .attr("data-title", "I alt"), .txt(kr(v.total))),
                               .td(.class("num"), .attr("data-title", "Faktisk pris"), .txt(kr(v.basisActual))),
                               .td(.class("num"), .attr("data-title", "Kontraktpris"), .txt(kr(v.basisContract))),
                               .td(.class("num"), .attr("data-title", "Forventet pris"), .txt(kr(v.basisExpected))),
                               .td(.class("num"), .attr("data-title", "Uden slutdato"), .txt(kr(v.withoutEndDate))),
                               .td(.class("num"), .attr("data-title", "Verserende"), .txt(kr(o.pendingByMonth[mo] ?? 0))))
                })
            ),
            .p(.class("hint"), .txt("Indeværende måned tæller med det, der endnu ikke er betalt for den. Verserende indstillinger er ikke bevilget og indgår ikke i I alt.")),
            exports("fremskrivning", m),
            .h3(.txt("Fremskrivning fordelt på \(m.grouping.danishName.lowercased())")),
            .table(
                .class("rows"),
                .caption(.txt("Fremskrivning pr. \(m.grouping.danishName.lowercased())")),
                Controls.tableHead(m.grouping.danishName, restMonths.isEmpty ? "Resten af \(m.year)" : "Resten af \(m.year) (\(month(restMonths[0]))–)", "Hele \(m.date.year + 1)"),
                .tbody(.forEach(o.groups) { g in
                    .tr(.td(.attr("data-title", m.grouping.danishName), grantsLink(m, key: g.key, m.groupName(g.key))),
                        .td(.class("num"), .attr("data-title", "Resten af året"), .txt(kr(g.rest))), .td(.class("num"), .attr("data-title", "Næste år"), .txt(kr(g.next))))
                })
            ),
            exports("grupper", m),

            // Watch lists
            .h2(.id("overvaagning"), .txt("Overvågning")),
            costliest("Dyreste borgere \(m.year) efter betalinger", "dyreste", o.costliestActual, m),
            costliest("Dyreste borgere \(m.year) med forventet regnskab", nil, o.costliestOutturn, m),
            changes(m),
            .table(
                .class("rows"),
                .caption(.txt("Forskel mellem forventet pris og kontraktpris pr. leverandør")),
                Controls.tableHead("Leverandør", "Bevillinger", "Forventet pris", "Kontraktpris", "Forskel", "Forskel i %"),
                .tbody(.forEach(o.drift) { d in
                    .tr(.td(.attr("data-title", "Leverandør"), .txt(m.name(d.providerID))), .td(.class("num"), .attr("data-title", "Bevillinger"), .txt(String(d.grants))),
                        .td(.class("num"), .attr("data-title", "Forventet pris"), .txt(kr(d.expected))), .td(.class("num"), .attr("data-title", "Kontraktpris"), .txt(kr(d.contract))),
                        .td(.class("num"), .attr("data-title", "Forskel"), .txt(kr(d.contract - d.expected))),
                        .td(.class("num"), .attr("data-title", "Forskel i %"), .txt(percent(FigureRounding.percent(d.contract - d.expected, of: d.expected)))))
                })
            ),
            .p(.class("hint"), .txt("Forskellen kan skyldes en forhandlet takst, næste års takst, færre bevilgede timer end indstillet eller et andet tillæg. Negativ: billigere end forventet.")),
            exports("drift", m),
            .p(grantsLink(m, key: nil, "Se alle bevillinger med betalinger eller fremskrivning i \(m.year)"))
        )
    }

    static func costliest(_ caption: String, _ export: String?, _ rows: [(citizenID: UUID, amount: Int)], _ m: EconomyWebController.Model) -> Node<HTML.BodyContext> {
        .group(
            .table(
                .class("rows"),
                .caption(.txt(caption)),
                Controls.tableHead("Nr.", "Borger", "Sager", "Beløb"),
                .tbody(.forEach(Array(rows.enumerated())) { i, r in
                    let c = m.citizens[r.citizenID]
                    return .tr(.td(.attr("data-title", "Nr."), .txt(String(i + 1))), .td(.attr("data-title", "Borger"), .txt(c?.name ?? "–")),
                               .td(.attr("data-title", "Sager"), .txt(c?.caseNumbers ?? "–")), .td(.class("num"), .attr("data-title", "Beløb"), .txt(kr(r.amount))))
                })
            ),
            .unwrap(export) { exports($0, m) }
        )
    }

    /// How many of the monthly changes the page lists (the largest); the export has them all.
    static let changesShown = 50

    /// The monthly review: citizens whose spend changed by at least the threshold from the month before.
    static func changes(_ m: EconomyWebController.Model) -> Node<HTML.BodyContext> {
        let o = m.overview, before = o.changeMonth.adding(months: -1)
        let shown = Array(o.changes.prefix(changesShown))
        return .group(
            .h3(.id("aendringer"), .txt("Ændret udgift pr. borger: \(month(before)) til \(month(o.changeMonth))")),
            .element(named: "form", nodes: [
                .attr("method", "get"), .attr("action", SiteURL.economy().path + "#aendringer"), .class("filters"),
                Controls.hidden("aar", String(m.year)), Controls.hidden("dato", m.date.description), Controls.hidden("gruppe", m.grouping.rawValue),
                Controls.input("graense", "Vis ændringer på mindst (kr.)", type: "number", value: String(m.threshold)),
                .element(named: "button", nodes: [.attr("type", "submit"), .class("secondary button button-secondary"), .txt("Vis ændringer")]),
            ]),
            .if(o.changes.isEmpty, .p(.txt("Ingen borgere har en ændring på mindst \(kr(m.threshold * 100)) fra \(month(before)) til \(month(o.changeMonth))."))),
            .if(!o.changes.isEmpty, .table(
                .class("rows"),
                .caption(.txt(shown.count < o.changes.count
                              ? "De \(shown.count) største af \(Kroner.danish(o.changes.count * 100).dropLast(3)) ændringer på mindst \(kr(m.threshold * 100)) — hent dem alle nedenfor"
                              : "Borgere med en ændring på mindst \(kr(m.threshold * 100))")),
                Controls.tableHead("Borger", "Sager", month(before), month(o.changeMonth), "Ændring"),
                .tbody(.forEach(shown) { c in
                    let who = m.citizens[c.citizenID]
                    return .tr(.td(.attr("data-title", "Borger"), .txt(who?.name ?? "–")), .td(.attr("data-title", "Sager"), .txt(who?.caseNumbers ?? "–")),
                               .td(.class("num"), .attr("data-title", month(before)), .txt(kr(c.previous))),
                               .td(.class("num"), .attr("data-title", month(o.changeMonth)), .txt(kr(c.current))),
                               .td(.class("num"), .attr("data-title", "Ændring"), .txt(kr(c.change))))
                })
            )),
            exports("aendringer", m)
        )
    }

    static func budgetForm(_ m: EconomyWebController.Model, teams: [(id: UUID, name: String)], _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let e = m.edit?.line, typed = m.typed
        func error(_ field: String) -> String? { m.errors.first { $0.field == field }?.message }
        return .element(named: "details", nodes: [
            .class("panel"), .id("budgetform"), .if(e != nil || !m.errors.isEmpty || m.stored.isEmpty, .attr("open", "open")),
            .element(named: "summary", txt: e == nil ? "Sæt budget for en konto" : "Ret budget for \(e!.account)"),
            .p(.class("hint"), .txt("Det oprindelige budget og, når det er korrigeret i løbet af året, det korrigerede. Enhed: hele kommunen eller ét myndighedsteam.")),
            Controls.form(action: SiteURL.economyBudget.path,
                Controls.csrf(ctx),
                Controls.hidden("aar", String(m.year)), Controls.hidden("dato", m.date.description), Controls.hidden("gruppe", m.grouping.rawValue),
                .unwrap(m.edit) { Controls.hidden("version", String($0.version)) },
                Controls.input("konto", "Konto", value: typed?["konto"] ?? e?.account, error: error("konto"), hint: "Den kommunale kontoplan, fx 5.38.50."),
                Controls.select("enhed", "Enhed", options: [("alle", "Hele kommunen")] + teams.map { ($0.id.uuidString.lowercased(), $0.name) },
                                selected: typed?["enhed"] ?? e.map { $0.unitID?.uuidString.lowercased() ?? "alle" } ?? "alle", error: error("enhed"), allowEmpty: false),
                Controls.input("oprindeligt", "Oprindeligt budget (kr.)", value: typed?["oprindeligt"] ?? e.map { Kroner.danish($0.original) }, error: error("oprindeligt")),
                Controls.input("korrigeret", "Korrigeret budget (kr.)", value: typed?["korrigeret"] ?? e?.corrected.map(Kroner.danish), error: error("korrigeret"),
                               hint: "Tomt, indtil budgettet er korrigeret."),
                Controls.submit("Gem budget")
            ),
        ])
    }

    // MARK: Payments

    static func payments(report: PaymentImportReport?, errors: [FieldError], dryRun: Bool, _ ctx: PageContext) -> WebPage {
        WebPage(
            title: "Indlæs betalinger", current: .economy(),
            .p(.a(.attr("href", SiteURL.economy().path), .txt("Tilbage til økonomi"))),
            .p(.txt("Betalingsfilen fra økonomisystemet: én linje pr. bilag med bestilling, ydelsesmåned, konto, beløb og bogføringsdato (CSV med komma eller semikolon, UTF-8). Et bilag, der allerede er indlæst, springes over; er der fejl i én linje, indlæses intet.")),
            .unwrap(report) { r in
                .div(.class("notice"), .attr("role", "status"),
                     .p(.strong(.txt(r.dryRun ? "Prøvekørsel — intet er gemt." : "Filen er indlæst."))),
                     .p(.txt("\(r.lines) \(r.lines == 1 ? "betalingslinje" : "betalingslinjer"): \(r.new) \(r.new == 1 ? "ny" : "nye")\(r.dryRun ? " ville blive indlæst" : " er indlæst"), \(r.unchanged) var allerede indlæst.")),
                     .if(!r.errors.isEmpty, .table(
                        .class("rows"),
                        .caption(.txt("Fejl i filen (\(r.errors.count))")),
                        Controls.tableHead("Linje", "Kolonne", "Fejl"),
                        .tbody(.forEach(r.errors) { e in
                            .tr(.td(.attr("data-title", "Linje"), .txt(String(e.line))), .td(.attr("data-title", "Kolonne"), .txt(e.column ?? "–")),
                                .td(.attr("data-title", "Fejl"), .txt(e.message)))
                        }))))
            },
            .if(!errors.isEmpty, .div(.class("panel attention"),
                                     .p(.strong(.txt("Intet er indlæst. Ret filen, og indlæs den igen."))),
                                     .ul(.forEach(errors) { .li(.txt($0.message)) }))),
            .element(named: "form", nodes: [
                .attr("action", SiteURL.economyPayments.path), .attr("method", "post"), .attr("enctype", "multipart/form-data"), .class("stack wide"),
                Controls.csrf(ctx),
                Controls.input("fil", "Betalingsfil (CSV)", type: "file", value: nil, error: errors.isEmpty ? nil : errors[0].message, hint: "Kolonnerne er beskrevet i docs/payments.md."),
                .div(.class("field checkbox"),
                     .element(named: "input", nodes: [.attr("type", "checkbox"), .attr("id", "proeve"), .attr("name", "proeve"), .attr("value", "1"),
                                                      .if(dryRun, .attr("checked", "checked"))]),
                     .label(.attr("for", "proeve"), .txt("Prøvekørsel: vis hvad der ville blive indlæst, uden at gemme"))),
                Controls.submit("Indlæs betalinger"),
            ])
        )
    }

    // MARK: Drill-down

    static func grants(_ grants: [GrantEconomy], key: String?, caseID: UUID?, scenario: FollowUpScenario?, model m: EconomyWebController.Model,
                       _ ctx: PageContext) -> WebPage {
        let ofCase = caseID.flatMap { id in grants.first { $0.intervention.caseID == id }?.intervention }
        let title = ofCase.map { x in "Sagens økonomi: \(m.citizens[x.citizenID]?.caseNumber(x.caseID) ?? "sag")" }
            ?? key.map { "Bevillinger: \(m.grouping.danishName.lowercased()) \(m.groupName($0))" } ?? "Bevillinger \(m.year)"
        let chosen = Set(scenario?.rows.map(\.intervention.id) ?? [])
        let horizon = m.overview.months.last.map(month) ?? ""
        return WebPage(
            title: title, current: .economy(),
            .p(.a(.attr("href", SiteURL.economy(EconomyQuery(year: m.year, date: m.date, grouping: m.grouping)).path), .txt("Tilbage til økonomi"))),
            .p(.class("hint"), .txt("Tallene er beregnet \(DanishDate.string(m.computedAt)) ud fra sagerne og betalingerne.")),
            .unwrap(ofCase) { x in
                .dl(.class("facts"),
                    .dt(.txt("Borger")), .dd(.txt(m.citizens[x.citizenID]?.name ?? "–")),
                    .dt(.txt("Målgruppe")), .dd(.txt(m.groupName(x.targetGroup ?? "none", as: .targetGroup))),
                    .dt(.txt("Handlekommune (ID 19)")), .dd(.txt(municipality(x.actingMunicipality))),
                    .dt(.txt("Betalingskommune (ID 20)")), .dd(.txt(municipality(x.payingMunicipality))),
                    .dt(.txt("Næste opfølgning")), .dd(.txt(x.nextFollowUp?.danish ?? "Ingen planlagt")))
            },
            .p(.txt(ofCase != nil
                    ? "Sagens \(grants.count) \(grants.count == 1 ? "indstillede indsats" : "indstillede indsatser"), som de stod \(m.date.danish), med betalinger og fremskrivning for \(m.year). Vælg en for at se dens betalinger."
                    : "\(grants.count) \(grants.count == 1 ? "bevilling" : "bevillinger") med betalinger i \(m.year) eller fremskrivning, som de stod \(m.date.danish). Vælg en bevilling for at se dens betalinger, eller sæt flueben og se, hvad det betyder, hvis de slutter ved næste opfølgning.")),
            .unwrap(scenario) { s in
                .div(.class("panel"), .id("scenarie"), .attr("role", "status"),
                     .h2(.txt("Hvis de valgte bevillinger slutter ved næste opfølgning")),
                     .p(.txt("Fremskrivning til og med \(horizon): \(kr(s.baseline)) nu, \(kr(s.scenario)) i scenariet — \(kr(s.saving)) mindre.")),
                     .table(
                        .class("rows"),
                        .caption(.txt("Scenariet pr. bevilling")),
                        Controls.tableHead("Borger", "Næste opfølgning", "Fremskrivning nu", "I scenariet", "Forskel"),
                        .tbody(.forEach(s.rows) { r in
                            .tr(.td(.attr("data-title", "Borger"), .txt(m.citizens[r.intervention.citizenID]?.name ?? "–")),
                                .td(.attr("data-title", "Næste opfølgning"), .txt(r.followUp.map { $0 < m.date ? "\($0.danish) (overskredet: slutter \(m.date.danish))" : $0.danish } ?? "Ingen planlagt")),
                                .td(.class("num"), .attr("data-title", "Nu"), .txt(kr(r.baseline))), .td(.class("num"), .attr("data-title", "Scenariet"), .txt(kr(r.scenario))),
                                .td(.class("num"), .attr("data-title", "Forskel"), .txt(kr(r.saving))))
                        })))
            },
            .element(named: "form", nodes: [
                .attr("method", "get"), .attr("action", SiteURL.economyGrants().path), .id("scenarieformular"),
                Controls.hidden("aar", String(m.year)), Controls.hidden("dato", m.date.description), Controls.hidden("gruppe", m.grouping.rawValue),
                .unwrap(key) { Controls.hidden("noegle", $0) },
            ]),
            .table(
                .class("rows"),
                .caption(.txt(title)),
                ofCase != nil
                    ? Controls.tableHead("Borger og sag", "Konto", "Leverandør", "Grundlag", "Forventet pris", "Kontraktpris", "Betalt \(m.year)", "Fremskrevet resten af året", "I alt \(m.year)")
                    : Controls.tableHead("Vælg", "Borger og sag", "Konto", "Leverandør", "Grundlag", "Forventet pris", "Kontraktpris", "Betalt \(m.year)", "Fremskrevet resten af året", "I alt \(m.year)"),
                .tbody(.forEach(grants) { g in
                    let x = g.intervention, c = m.citizens[x.citizenID]
                    return .tr(
                        .if(ofCase == nil, .td(.attr("data-title", "Vælg"), .if(g.basis != nil, .element(named: "input", nodes: [
                            .attr("type", "checkbox"), .attr("name", "scenarie[]"), .attr("value", x.id.uuidString.lowercased()), .attr("form", "scenarieformular"),
                            .attr("aria-label", "Med i scenariet: \(c?.name ?? "bevilling")"), .if(chosen.contains(x.id), .attr("checked", "checked")),
                        ])))),
                        .td(.attr("data-title", "Borger og sag"), .a(.attr("href", SiteURL.economyGrants(m.query, grant: x.id).path), .txt(c?.name ?? "–")),
                            .br(), .a(.class("hint"), .attr("href", SiteURL.economyGrants(m.query, caseID: x.caseID).path), .attr("aria-label", "Sagens økonomi: \(c?.caseNumber(x.caseID) ?? "sag")"),
                                .txt(c?.caseNumber(x.caseID) ?? "–"))),
                        .td(.attr("data-title", "Konto"), .txt(x.accountNumber ?? "–")),
                        .td(.attr("data-title", "Leverandør"), .txt(x.order.map { m.name($0.providerID) } ?? "–")),
                        .td(.attr("data-title", "Grundlag"), .txt(basis(g.basis))),
                        .td(.class("num"), .attr("data-title", "Forventet pris"), .txt(x.expectedPrice.map(kr) ?? "–")),
                        .td(.class("num"), .attr("data-title", "Kontraktpris"), .txt(x.order.map { kr($0.contractPrice) } ?? "–")),
                        .td(.class("num"), .attr("data-title", "Betalt"), .txt(kr(g.paidInYear))),
                        .td(.class("num"), .attr("data-title", "Fremskrevet"), .txt(kr(g.projectedRest))),
                        .td(.class("num"), .attr("data-title", "I alt"), .txt(kr(g.expectedInYear)))
                    )
                })
            ),
            // A case's economy has neither the scenario (its grants are chosen on the grants page) nor the year's export.
            .if(ofCase == nil, .element(named: "button", nodes: [.attr("type", "submit"), .attr("form", "scenarieformular"), .class("secondary button button-secondary"),
                                                                 .txt("Hvad hvis de valgte slutter ved næste opfølgning?")])),
            // A case's economy compares the recommendation's alternatives (ID 38) with what was recommended.
            .if(ofCase != nil, AlternativesView.table(grants.enumerated().map { (i, g) in
                let x = g.intervention
                return AlternativesView.Row(name: "Indsats \(i + 1)" + (x.accountNumber.map { " (konto \($0))" } ?? ""), expectedPrice: x.expectedPrice,
                                            perYear: x.noEndDate, alternatives: x.alternatives)
            }, caption: "Indstillingens alternativer og deres pris")),
            .if(ofCase == nil, exports("bevillinger", m))
        )
    }

    static func grant(_ x: LedgerIntervention, payments: [StoredPayment], model m: EconomyWebController.Model,
                      citizen: EconomyCitizen?, _ ctx: PageContext) -> WebPage {
        let projection = ProjectionRules.unpaid(x.facts, referenceDate: m.date, through: m.overview.months.last ?? YearMonth(m.date))
        let coPayment = x.order?.coPayment.map { "\(kr($0)) — vises, men trækkes ikke fra udgiften" } ?? "Ingen"
        var provider = "Ikke bestilt"
        if let o = x.order {
            provider = m.name(o.providerID)
            if let kind = o.providerKind { provider += " (\(kind.danishName.lowercased()))" }
        }
        return WebPage(
            title: "Bevilling: \(citizen?.name ?? "borger")", current: .economy(),
            .p(.a(.attr("href", SiteURL.economyGrants(m.query).path), .txt("Tilbage til bevillingerne"))),
            .dl(.class("facts"),
                .dt(.txt("Sag")), .dd(.a(.attr("href", SiteURL.economyGrants(m.query, caseID: x.caseID).path), .txt(citizen?.caseNumber(x.caseID) ?? "–")),
                                      .txt(" (alle sagens bevillinger)")),
                .dt(.txt("Status")), .dd(.txt(status(x.status))),
                .dt(.txt("Paragraf")), .dd(.txt(x.paragraph ?? "–")),
                .dt(.txt("Målgruppe")), .dd(.txt(m.groupName(x.targetGroup ?? "none", as: .targetGroup))),
                .dt(.txt("Handlekommune (ID 19)")), .dd(.txt(municipality(x.actingMunicipality))),
                .dt(.txt("Betalingskommune (ID 20)")), .dd(.txt(municipality(x.payingMunicipality))),
                .dt(.txt("Konto")), .dd(.txt(x.accountNumber ?? "–")),
                .dt(.txt("Leverandør")), .dd(.txt(provider)),
                .dt(.txt("Forventet pris (ID 51)")), .dd(.txt(x.expectedPrice.map(kr) ?? "–")),
                .dt(.txt("Kontraktpris")), .dd(.txt(x.order.map { kr($0.contractPrice) } ?? "–")),
                .dt(.txt("Egenbetaling pr. måned (ID 72)")), .dd(.txt(coPayment)),
                .dt(.txt("Fremskrives på")), .dd(.txt(basis(projection?.basis)))),
            .table(
                .class("rows"),
                .caption(.txt("Betalinger")),
                Controls.tableHead("Bilag", "Ydelsesmåned", "Konto", "Beløb", "Bogført"),
                .tbody(.forEach(payments) { p in
                    .tr(.td(.attr("data-title", "Bilag"), .txt(p.payment.voucherID)), .td(.attr("data-title", "Ydelsesmåned"), .txt(month(p.payment.serviceMonth))),
                        .td(.attr("data-title", "Konto"), .txt(p.payment.account)), .td(.class("num"), .attr("data-title", "Beløb"), .txt(kr(p.payment.amount))),
                        .td(.attr("data-title", "Bogført"), .txt(p.payment.bookedOn.danish)))
                })
            ),
            .if(payments.isEmpty, .p(.txt("Ingen betalinger endnu."))),
            .unwrap(projection) { p in
                .table(
                    .class("rows"),
                    .caption(.txt("Fremskrivning")),
                    Controls.tableHead("Måned", "Beløb"),
                    .tbody(.forEach(m.overview.months.filter { p.amounts[$0] != nil }) { mo in
                        .tr(.td(.attr("data-title", "Måned"), .txt(month(mo))), .td(.class("num"), .attr("data-title", "Beløb"), .txt(kr(p.amounts[mo] ?? 0))))
                    })
                )
            }
        )
    }

    // MARK: Exports

    /// The page's tables by name, as exported.
    static func exportTable(_ name: String, _ m: EconomyWebController.Model) -> ExportTable? {
        let o = m.overview
        switch name {
        case "budget":
            return ExportTable(name: "budget-\(m.year)", columns: ["Konto", "Enhed", "Budget", "Oprindeligt budget", "Korrigeret budget", "Forbrug til dato",
                                                                  "Fremskrevet resten af året", "Forventet regnskab", "Afvigelse", "Afvigelse i %"],
                               rows: o.budget.map { f in
                                   [.string(account(f.line.account)), .string(f.line.unitID.map { m.names[$0] ?? "" } ?? "Hele kommunen"), .kroner(f.line.current), .kroner(f.line.original),
                                    f.line.corrected.map(ExportCell.kroner) ?? .string(""), .kroner(f.spent), .kroner(f.projectedRest), .kroner(f.expectedOutturn),
                                    .kroner(f.deviation), .decimal(f.deviationPercent)]
                               })
        case "fremskrivning":
            return ExportTable(name: "fremskrivning-\(m.date)", columns: ["Måned", "I alt", "Faktisk pris", "Kontraktpris", "Forventet pris", "Med slutdato", "Uden slutdato",
                                                                          "Verserende indstillinger"],
                               rows: o.months.map { mo in
                                   let v = o.byMonth[mo] ?? ProjectionMonthTotal()
                                   return [.string(mo.description), .kroner(v.total), .kroner(v.basisActual), .kroner(v.basisContract), .kroner(v.basisExpected),
                                           .kroner(v.withEndDate), .kroner(v.withoutEndDate), .kroner(o.pendingByMonth[mo] ?? 0)]
                               })
        case "grupper":
            return ExportTable(name: "fremskrivning-\(m.grouping.rawValue)-\(m.date)", columns: [m.grouping.danishName, "Resten af \(m.year)", "Hele \(m.date.year + 1)"],
                               rows: o.groups.map { [.string(m.groupName($0.key)), .kroner($0.rest), .kroner($0.next)] })
        case "dyreste":
            return ExportTable(name: "dyreste-borgere-\(m.year)", columns: ["Nr.", "Borger", "Sager", "Betalt", "Forventet regnskab"],
                               rows: o.costliestActual.enumerated().map { i, r in
                                   [.integer(i + 1), .string(m.citizens[r.citizenID]?.name ?? ""), .string(m.citizens[r.citizenID]?.caseNumbers ?? ""), .kroner(r.amount),
                                    .kroner(o.costliestOutturn.first { $0.citizenID == r.citizenID }?.amount ?? r.amount)]
                               })
        case "aendringer":
            let before = o.changeMonth.adding(months: -1)
            return ExportTable(name: "aendringer-\(o.changeMonth)", columns: ["Borger", "Sager", before.description, o.changeMonth.description, "Ændring"],
                               rows: o.changes.map { c in
                                   [.string(m.citizens[c.citizenID]?.name ?? ""), .string(m.citizens[c.citizenID]?.caseNumbers ?? ""), .kroner(c.previous), .kroner(c.current),
                                    .kroner(c.change)]
                               })
        case "drift":
            return ExportTable(name: "prisforskel-\(m.date)", columns: ["Leverandør", "Bevillinger", "Forventet pris", "Kontraktpris", "Forskel", "Forskel i %"],
                               rows: o.drift.map { [.string(m.name($0.providerID)), .integer($0.grants), .kroner($0.expected), .kroner($0.contract), .kroner($0.contract - $0.expected),
                                                    .decimal(FigureRounding.percent($0.contract - $0.expected, of: $0.expected))] })
        case "bevillinger":
            return ExportTable(name: "bevillinger-\(m.year)", columns: ["Borger", "Sag", "Konto", "Leverandør", "Grundlag", "Forventet pris", "Kontraktpris", "Betalt \(m.year)",
                                                                       "Fremskrevet resten af året", "I alt \(m.year)"],
                               rows: o.grants.map { g in
                                   let x = g.intervention, c = m.citizens[x.citizenID]
                                   return [.string(c?.name ?? ""), .string(c?.caseNumber(x.caseID) ?? ""), .string(x.accountNumber ?? ""), .string(x.order.map { m.name($0.providerID) } ?? ""),
                                           .string(basis(g.basis)), x.expectedPrice.map(ExportCell.kroner) ?? .string(""), x.order.map { ExportCell.kroner($0.contractPrice) } ?? .string(""),
                                           .kroner(g.paidInYear), .kroner(g.projectedRest), .kroner(g.expectedInYear)]
                               })
        default:
            return nil
        }
    }
}
