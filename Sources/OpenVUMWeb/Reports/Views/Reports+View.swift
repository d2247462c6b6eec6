import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot

/// The report pages in Danish: the catalogue by theme, one report with filters, tables, charts and exports, and the
/// cases behind a number.
enum ReportViews {
    static let themes = [1: "Tema 1: Sagsstyring og administration", 2: "Tema 2: Økonomi og fremskrivning", 3: "Tema 3: Viden om indsats og effekt"]

    /// A whole number with a thousands point (12.345).
    static func number(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A cell as people read it: counts with a thousands point, shares as percentages, other decimals with a comma.
    static func cell(_ v: FigureValue, column: String) -> String {
        switch v {
        case .int(let n): return number(n)
        case .decimal(let d):
            if column == "share" || column.hasPrefix("share") { return EconomyViews.percent(d * 100) }
            let hundredths = NSDecimalNumber(decimal: d * 100).intValue
            return "\(hundredths < 0 ? "−" : "")\(abs(hundredths) / 100),\(CalendarDate.pad(abs(hundredths) % 100, 2))"
        case .string(let s): return s
        case .bool(let b): return b ? "Ja" : "Nej"
        default: return "–"
        }
    }

    // MARK: The catalogue

    static func catalogue(_ ctx: PageContext) -> WebPage {
        WebPage(
            title: "Rapporter", current: .reports,
            .p(.txt("Ledelsesinformation om de tre temaer i VUM 2.0, beregnet af sagerne, som de stod på den dato, du vælger. Hver rapport kan afgrænses til et team, en sagsbehandler, en paragraf, en målgruppe, en udfører eller en tilbudstype; hvert tal fører til sagerne bag det, og hver tabel kan hentes som CSV eller XLSX."
                    + (ctx.principal?.economyScope == .municipality ? "" : " Du ser sagerne i dine teams."))),
            .forEach([1, 2, 3]) { theme in
                .group(
                    .h2(.txt(themes[theme]!)),
                    theme == 2
                        ? .ul(.class("report-list"), .li(.a(.attr("href", SiteURL.economy().path), .txt("Økonomi og fremskrivning")),
                                                         .txt(" — budget, forbrug, forventet regnskab, fremskrivning, de dyreste borgere og afvigelser mellem forventet pris og kontraktpris.")))
                        : .ul(.class("report-list"), .forEach(ReportCatalogue.all.filter { $0.theme == theme }) { r in
                            .li(.a(.attr("href", SiteURL.report(r.id).path), .txt(r.title)), .txt(" — \(r.summary)"),
                                .span(.class("hint"), .txt(" VUM ID \(r.vumIDs.map(String.init).joined(separator: ", ")).")))
                        })
                )
            },
            .p(.txt("Hvilke dataelementer hver rapport bruger, står i "), .a(.attr("href", SiteURL.catalogue.path), .txt("datakataloget")), .txt("."))
        )
    }

    // MARK: One report

    static func filters(_ c: ReportService.Computed, _ choices: ReportsWebController.Choices) -> Node<HTML.BodyContext> {
        let f = c.query.filter
        let granularity = ["month": "maaned", "quarter": "kvartal", "year": "aar"][c.granularity] ?? "kvartal"
        return .element(named: "form", nodes: [
            .attr("method", "get"), .attr("action", SiteURL.report(c.report.id).path), .class("filters"),
            Controls.input("dato", "Referencedato", type: "date", value: c.date.description, hint: "Kun det, der er sket til og med denne dag, tæller."),
            Controls.select("periode", "Perioder", options: [("maaned", "Måneder"), ("kvartal", "Kvartaler"), ("aar", "År")], selected: granularity, allowEmpty: false),
            Controls.input("fra", "Fra måned", type: "month", value: f.from?.description, hint: "ÅÅÅÅ-MM"),
            Controls.input("til", "Til måned", type: "month", value: f.to?.description, hint: "ÅÅÅÅ-MM"),
            Controls.select("team", "Team", options: choices.teams, selected: f.unit?.uuidString.lowercased(), emptyLabel: "– Alle –"),
            Controls.select("sagsbehandler", "Sagsbehandler", options: choices.caseworkers, selected: f.caseworker?.uuidString.lowercased(), emptyLabel: "– Alle –"),
            Controls.select("paragraf", "Bevillingsparagraf", options: choices.paragraphs, selected: f.paragraph, emptyLabel: "– Alle –"),
            Controls.select("maalgruppe", "Primær målgruppe", options: choices.targetGroups, selected: f.targetGroup, emptyLabel: "– Alle –"),
            Controls.select("udfoerer", "Udfører", options: choices.providers, selected: f.provider?.uuidString.lowercased(), emptyLabel: "– Alle –"),
            Controls.select("tilbud", "Tilbudstype", options: choices.offerTypes, selected: f.offerType, emptyLabel: "– Alle –"),
            .element(named: "button", nodes: [.attr("type", "submit"), .class("secondary button button-secondary"), .txt("Vis")]),
        ])
    }

    static func report(_ c: ReportService.Computed, choices: ReportsWebController.Choices, threshold: Int, _ ctx: PageContext) -> WebPage {
        WebPage(
            title: c.report.title, current: .reports,
            .p(.a(.attr("href", SiteURL.reports.path), .txt("Alle rapporter")), .txt(" · \(themes[c.report.theme] ?? "")")),
            .p(.txt(c.report.summary + " Tallene er beregnet af \(number(c.count)) sager, som de stod \(c.date.danish)"
                    + (c.query.filter.isEmpty ? "." : ", afgrænset som valgt nedenfor."))),
            freshness(c),
            filters(c, choices),
            .forEach(Array(c.tables.enumerated())) { i, t in section(c, index: i, table: t, threshold: threshold) },
            .p(.class("hint"), .txt("Et tal med et link fører til sagerne bag det. Gennemsnit, medianer og andele har ingen sager bag sig. VUM ID: \(c.report.vumIDs.map(String.init).joined(separator: ", ")).")))
    }

    /// When the cases were read (they are kept a while, `FigureSnapshots`), and a way to have them read anew.
    static func freshness(_ c: ReportService.Computed) -> Node<HTML.BodyContext> {
        var again = c.query
        again.fresh = true
        return .p(.class("hint"), .attr("id", "beregnet"), .txt("Sagerne er læst \(DanishDate.string(c.computedAt)). "),
                  .if(c.computing, .txt("Nyere tal er ved at blive beregnet; de vises, når du åbner siden igen om lidt. ")),
                  .a(.attr("href", SiteURL.report(c.report.id, again).path), .txt("Beregn dem igen nu")))
    }

    static func section(_ c: ReportService.Computed, index: Int, table t: ReportTable, threshold: Int) -> Node<HTML.BodyContext> {
        let id = "tabel-\(index + 1)"
        let counts = t.columns.enumerated().filter { ReportTable.isCount($0.element) }.prefix(3)
        let chartRows = t.rows.prefix(40).map { row in
            Charts.Row(label: c.labels.name(row.key, kind: t.section.rowKind),
                       values: counts.map { i, _ in if case .int(let n) = row.cells[i].value { n } else { 0 } })
        }
        let hasNumbers = chartRows.contains { $0.values.contains { $0 > 0 } }
        return .group(
            .h2(.attr("id", "afsnit-\(index + 1)"), .txt(t.section.title)),
            .if(t.section.chart && hasNumbers && !counts.isEmpty,
                Charts.bars(id: "diagram-\(index + 1)", title: t.section.title, summary: "Vandrette søjler for hver række af tabellen.",
                            series: counts.map { c.labels.name($0.element, kind: t.section.columnKind) }, rows: Array(chartRows), dataTable: "»\(t.section.title)«",
                            labelWidth: 240)),
            t.rows.isEmpty
                ? .p(.class("hint"), .txt("Ingen tal for det valgte."))
                : .div(.class("table-scroll"), .table(
                    .class("rows"), .attr("id", id),
                    .caption(.txt(t.section.title)),
                    .thead(.tr(.th(.attr("scope", "col"), .txt(t.section.rowTitle ?? c.labels.rowTitle(t.section.rowKind))),
                               .forEach(t.columns) { .th(.attr("scope", "col"), .txt(c.labels.name($0, kind: t.section.columnKind))) })),
                    .tbody(.forEach(t.rows) { row in
                        .tr(.th(.attr("scope", "row"), .txt(c.labels.name(row.key, kind: t.section.rowKind))),
                            .forEach(Array(zip(t.columns, row.cells))) { column, cell in
                                let text = Self.cell(cell.value, column: column)
                                let columnName = c.labels.name(column, kind: t.section.columnKind)
                                if case .int(let n) = cell.value, n > 0, ReportTable.isCount(column) {
                                    return .td(.class("num"), .attr("data-title", columnName),
                                               .a(.attr("href", SiteURL.reportCases(c.report.id, c.query, section: index, cell: cell.path.joined(separator: "/")).path),
                                                  .txt(text), .span(.class("sr-only"), .txt(" – vis sagerne"))))
                                }
                                return .td(.class("num"), .attr("data-title", columnName), .txt(text))
                            })
                    })
                )),
            .p(.class("exports"), .txt("Hent tabellen: "),
               .a(.attr("href", SiteURL.reportExport(c.report.id, c.query, section: index, format: "csv", semicolon: true).path), .txt("CSV (semikolon, dansk Excel)")),
               .txt(" · "), .a(.attr("href", SiteURL.reportExport(c.report.id, c.query, section: index, format: "xlsx").path), .txt("XLSX")),
               .txt(" · Til brug uden for enheden (tal under \(threshold) skjules): "),
               .a(.attr("href", SiteURL.reportExport(c.report.id, c.query, section: index, format: "csv", semicolon: true, shared: true).path), .txt("CSV")),
               .txt(" · "), .a(.attr("href", SiteURL.reportExport(c.report.id, c.query, section: index, format: "xlsx", shared: true).path), .txt("XLSX")))
        )
    }

    // MARK: The cases behind a number

    static func cases(_ c: ReportService.Computed, section: Int, path: [String], rows: [ReportCaseRow], _ ctx: PageContext) -> WebPage {
        let t = c.tables[section]
        let cell = t.rows.flatMap { r in r.cells.map { (r.key, $0) } }.first { $0.1.path == path }
        let columnKey = path.count > t.section.path.count ? path.last! : "count"
        let what = [cell.map { c.labels.name($0.0, kind: t.section.rowKind) }, c.labels.name(columnKey, kind: t.section.columnKind)].compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: ", ")
        return WebPage(
            title: "Sagerne bag tallet", current: .reports,
            .p(.a(.attr("href", SiteURL.report(c.report.id, c.query).path + "#afsnit-\(section + 1)"), .txt("Tilbage til \(c.report.title)"))),
            .p(.txt("\(t.section.title): \(what), som det stod \(c.date.danish). \(number(rows.count)) \(rows.count == 1 ? "sag" : "sager").")),
            rows.isEmpty ? .p(.txt("Ingen sager.")) : .table(
                .class("rows"),
                .caption(.txt("Sager")),
                Controls.tableHead("Sag", "Åbnet", "Fase nu", "Sagsbehandler", "Team"),
                .tbody(.forEach(rows) { r in
                    .tr(.td(.attr("data-title", "Sag"), .a(.attr("href", r.inScope ? SiteURL.case(r.id).path : SiteURL.economyGrants(EconomyQuery(date: c.date), caseID: r.id).path),
                                                          .txt(r.caseNumber ?? "Sag"), .if(!r.inScope, .span(.class("hint"), .txt(" (økonomien)"))))),
                        .td(.attr("data-title", "Åbnet"), .txt(CalendarDate(r.openedOn)?.danish ?? r.openedOn)),
                        .td(.attr("data-title", "Fase nu"), .txt(r.phase?.danishName ?? "–")),
                        .td(.attr("data-title", "Sagsbehandler"), .txt(r.caseworkerID.flatMap { c.labels.names[$0] } ?? "Ingen")),
                        .td(.attr("data-title", "Team"), .txt(c.labels.names[r.unitID] ?? "Ukendt")))
                })
            ),
            .if(rows.contains { !$0.inScope }, .p(.class("hint"), .txt("Sager uden for din adgang til sagerne fører til sagens økonomi.")))
        )
    }

    // MARK: A provider's citizens

    static func providerProgression(_ p: ProviderProgression, orders: Int, unshared: Int, terminology: TerminologySnapshot, _ ctx: PageContext) -> WebPage {
        func level(_ d: Decimal?) -> String { d.map { ProgressionViews.level($0) } ?? "–" }
        func hundredths(_ d: Decimal?) -> Int { d.map { NSDecimalNumber(decimal: $0 * 100).intValue } ?? 0 }
        return WebPage(
            title: "Borgernes udvikling", current: .providerProgression,
            .p(.txt("Målene i jeres \(number(orders)) bestillinger, som myndigheden har delt med jer, fordelt på undertemaerne under Aktivitet og deltagelse: det forventede niveau og gennemsnittet af jeres første og seneste niveau i statusrapporterne. 0 er ingen nedsat funktionsevne, 4 fuldstændig; et lavere niveau er bedre.")),
            .if(unshared > 0, .p(.class("hint"), .txt("\(number(unshared)) mål er ikke delt med jer og tæller ikke med."))),
            p.rows.isEmpty ? .p(.txt("Der er endnu ingen delte mål i jeres bestillinger.")) : .group(
                Charts.bars(id: "udvikling-diagram", title: "Gennemsnitligt niveau pr. undertema", summary: "Søjler for første og seneste niveau og det forventede niveau (i hundrededele) for hvert undertema.",
                            series: ["Første niveau", "Seneste niveau", "Forventet niveau"],
                            rows: p.rows.map { Charts.Row(label: terminology.display(.ffb, code: $0.subtheme) ?? $0.subtheme,
                                                          values: [hundredths($0.meanFirst), hundredths($0.meanLatest), hundredths($0.meanExpected)]) },
                            dataTable: "»Borgernes udvikling pr. undertema«", labelWidth: 240),
                .table(
                    .class("rows"),
                    .caption(.txt("Borgernes udvikling pr. undertema")),
                    Controls.tableHead("Undertema", "Mål", "Med statusrapport", "Forventet niveau (gns.)", "Første niveau (gns.)", "Seneste niveau (gns.)", "Nået det forventede"),
                    .tbody(.forEach(p.rows) { r in
                        .tr(.td(.attr("data-title", "Undertema"), .txt(terminology.display(.ffb, code: r.subtheme) ?? r.subtheme)),
                            .td(.class("num"), .attr("data-title", "Mål"), .txt(number(r.goals))),
                            .td(.class("num"), .attr("data-title", "Med statusrapport"), .txt(number(r.reported))),
                            .td(.class("num"), .attr("data-title", "Forventet niveau"), .txt(level(r.meanExpected))),
                            .td(.class("num"), .attr("data-title", "Første niveau"), .txt(level(r.meanFirst))),
                            .td(.class("num"), .attr("data-title", "Seneste niveau"), .txt(level(r.meanLatest))),
                            .td(.class("num"), .attr("data-title", "Nået det forventede"), .txt(number(r.atOrBelowExpected))))
                    })
                )
            )
        )
    }
}
