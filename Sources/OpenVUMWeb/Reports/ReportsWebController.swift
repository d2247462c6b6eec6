import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The report pages (issue 15 items 3 and 5) for team leaders, the economy consultant and the administrator: the
/// catalogue by theme, one report with its filters, the cases behind a number, and each table as CSV or XLSX.
enum ReportsWebController {
    /// `GET /rapporter`.
    static func catalogue(_ req: Request) async throws -> Response {
        req.render(ReportViews.catalogue(req.pageContext))
    }

    /// The filters' choices: the teams, caseworkers and providers in the viewer's scope, the paragraphs, target groups
    /// and offer types met in the cases.
    struct Choices {
        var teams: [(String, String)]
        var caseworkers: [(String, String)]
        var providers: [(String, String)]
        var paragraphs: [(String, String)]
        var targetGroups: [(String, String)]
        var offerTypes: [(String, String)]
    }

    static func choices(_ req: Request, _ c: ReportService.Computed) async throws -> Choices {
        let p = try req.principal()
        let (caseworkers, teams) = (c.all.caseworkers, c.all.teams)
        let providers = try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db).filter { $0.kind == .provider }
        let codes = req.openvum.figures.codes(p, referenceDate: c.date, input: c.all, computedAt: c.computedAt)
        func named(_ ids: [UUID]) -> [(String, String)] {
            ids.map { ($0.uuidString.lowercased(), c.labels.names[$0] ?? "Ukendt") }.sorted { $0.1 < $1.1 }
        }
        func coded(_ codes: Set<String>) -> [(String, String)] {
            codes.map { ($0, c.labels.terminology.display(.ffb, code: $0) ?? $0) }.sorted { $0.1 < $1.1 }
        }
        // A value chosen that no case in scope has (a paragraph typed in the address, a team since closed) stays
        // shown as chosen, so that the page never says »Alle« over figures filtered to nothing.
        func with(_ options: [(String, String)], _ chosen: String?, _ label: (String) -> String) -> [(String, String)] {
            guard let chosen, !options.contains(where: { $0.0 == chosen }) else { return options }
            return options + [(chosen, label(chosen) + " (ingen sager)")]
        }
        let f = c.query.filter
        let name = { (id: String) in UUID(uuidString: id).flatMap { c.labels.names[$0] } ?? "Ukendt" }
        return Choices(teams: with(named(teams), f.unit?.uuidString.lowercased(), name),
                       caseworkers: with(named(Array(caseworkers.keys)), f.caseworker?.uuidString.lowercased(), name),
                       providers: with(named(providers.map(\.id)), f.provider?.uuidString.lowercased(), name),
                       paragraphs: with(codes.paragraphs.sorted().map { ($0, $0) }, f.paragraph) { $0 },
                       targetGroups: with(coded(codes.targetGroups), f.targetGroup) { c.labels.terminology.display(.ffb, code: $0) ?? $0 },
                       offerTypes: with(coded(codes.offerTypes), f.offerType) { c.labels.terminology.display(.ffb, code: $0) ?? $0 })
    }

    /// `GET /rapporter/{id}`.
    static func page(_ req: Request) async throws -> Response {
        let report = try ReportService.report(req)
        let q = try ReportService.query(req, api: false)
        let c = try await ReportService.compute(req, report: report, query: q)
        try await req.audit(on: req.db, objectType: "report", criteria: "report=\(report.id) date=\(c.date)")
        return req.render(ReportViews.report(c, choices: try await choices(req, c), threshold: ReportService.threshold(req), req.pageContext))
    }

    /// `GET /rapporter/{id}/sager?afsnit=&celle=`: the cases behind one number, those the viewer may open linked to the
    /// case, the rest to their economy.
    static func cases(_ req: Request) async throws -> Response {
        let report = try ReportService.report(req)
        let q = try ReportService.query(req, api: false)
        guard let section = req.query[Int.self, at: "afsnit"], report.sections.indices.contains(section),
              let cell = req.query[String.self, at: "celle"], !cell.isEmpty else {
            throw DomainError.validation([FieldError(field: "celle", message: "Vælg et tal i rapporten.")])
        }
        let c = try await ReportService.compute(req, report: report, query: q)
        let path = cell.split(separator: "/").map(String.init)
        let behind = ReportService.casesBehind(c, section: section, cell: path)
        let rows = try await FigureStore.caseRows(behind.map(\.id), principal: try req.principal(), on: req.db)
        try await req.audit(on: req.db, objectType: "report", criteria: "report=\(report.id) cases cell=\(cell) date=\(c.date) n=\(rows.count)")
        return req.render(ReportViews.cases(c, section: section, path: path, rows: rows, req.pageContext))
    }

    /// `GET /rapporter/{id}/eksport?afsnit=&format=csv|xlsx[&separator=semikolon][&deling=1]`.
    static func export(_ req: Request) async throws -> Response {
        let report = try ReportService.report(req)
        let q = try ReportService.query(req, api: false)
        guard let format = req.query[String.self, at: "format"].flatMap(TableExport.Format.init(rawValue:)) else {
            throw DomainError.validation([FieldError(field: "format", message: "Vælg csv eller xlsx.")])
        }
        guard let section = req.query[Int.self, at: "afsnit"], report.sections.indices.contains(section) else {
            throw DomainError.validation([FieldError(field: "afsnit", message: "Vælg en tabel i rapporten.")])
        }
        let shared = req.query[String.self, at: "deling"] == "1"
        let c = try await ReportService.compute(req, report: report, query: q)
        let table = ReportService.export(c, section: section, shared: shared, threshold: ReportService.threshold(req))
        try await req.audit(on: req.db, objectType: "report",
                            criteria: "export report=\(report.id) section=\(section) format=\(format.rawValue) shared=\(shared) date=\(c.date)")
        return try TableExport.response(table, format: format, semicolon: req.query[String.self, at: "separator"] == "semikolon")
    }

    /// `GET /udfoerer/udvikling`: the provider leader's citizens' progression — per subtheme the goals of their orders
    /// that the authority shared, the mean expected level, and the mean of their own first and latest levels.
    static func providerProgression(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let orders = try await OrderStore.list(principal: p, graceDays: req.openvum.config.providerGraceDays, today: CalendarDate(req.openvum.now()),
                                               limit: 10_000, on: req.db).filter { [.accepted, .started, .ended].contains($0.state) }
        let reports = try await OrderStore.statusReports(orderIDs: orders.map(\.id), on: req.db)
        var goals: [ProviderProgression.Goal] = [], unshared = 0
        for o in orders {
            let src = try await OrderSharingAPI.source(o, principal: p, on: req.db)
            let shared = SharingRules.content(o.shared, order: o, document: src.document, notes: src.noteCategories)
            let byID = Dictionary(shared.goals.compactMap { g in g.id.map { ($0, g) } }, uniquingKeysWith: { a, _ in a })
            for id in o.goalIDs {
                guard let g = byID[id], let theme = g.primaryTheme else { unshared += 1; continue }
                let levels = (reports[o.id] ?? []).sorted { $0.reportedOn < $1.reportedOn }.compactMap { r in r.goals.first { $0.goalID == id }?.level }
                goals.append(.init(subtheme: theme, expected: g.expectedLevel, levels: levels))
            }
        }
        try await req.audit(on: req.db, objectType: "provider", criteria: "progression orders=\(orders.count) goals=\(goals.count)")
        return req.render(ReportViews.providerProgression(ProviderProgression.summary(goals), orders: orders.count, unshared: unshared,
                                                          terminology: try await req.openvum.terminology.current(on: req.db), req.pageContext))
    }
}
