import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// `GET /api/v1/figures?date=R&ids=…`: the management and economy figures of figures.md — themes 1–3 and meta — in its
/// JSON shape, over what the viewer's economy scope holds (issue 15 item 2). `labels` names every FFB code the figures
/// use; `importedKeys` gives the key each id had in an imported case history.
enum FiguresAPI {
    /// Every figure id the API answers, in figures.md's order: meta, then themes 1, 2 and 3.
    static var known: [String] {
        ManagementFigures.ids.filter { $0.hasPrefix("meta.") } + ManagementFigures.ids.filter { $0.hasPrefix("t1.") } + EconomyFigures.ids
            + ManagementFigures.ids.filter { $0.hasPrefix("t3.") }
    }

    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let ids = try FigureSelection.select(try req.query.get(String?.self, at: "ids"), from: known)
        let r = try req.dateQuery("date", what: "Referencedatoen") ?? CalendarDate(req.openvum.now())
        let (body, computedAt) = try await answer(principal: p, referenceDate: r, ids: ids, on: req)
        try await req.audit(on: req.db, objectType: "figures", criteria: "date=\(r) ids=\(ids.count == known.count ? "all" : ids.joined(separator: ","))")
        let response = APIResponse.json(data: body)
        // When the figures' cases were read: they are kept a while (`FigureSnapshots`); `fresh=true` reads them anew.
        response.headers.replaceOrAdd(name: .lastModified, value: APIResponse.httpDate(computedAt))
        return response
    }

    /// The API's answer as JSON and when the cases behind it were read (the older of the cases and the economy's
    /// ledger), encoded once per kept set of cases and choice of figures.
    static func answer(principal p: Principal, referenceDate r: CalendarDate, ids: [String], on req: Request) async throws -> (Data, Date) {
        let economyIDs = ids.filter { $0.hasPrefix("t2.") }, managementIDs = ids.filter { !$0.hasPrefix("t2.") }
        let terminology = try await req.openvum.terminology.current(on: req.db)
        var ledger: (EconomyLedger, Date)?
        if !economyIDs.isEmpty {
            guard let (l, at, _) = try await EconomyWebController.snapshot(req, principal: p, referenceDate: r) else { throw DomainError.forbidden }
            ledger = (l, at)
        }
        var kept: (input: ManagementInput, computedAt: Date, computing: Bool)?
        if !managementIDs.isEmpty { kept = try await ReportService.input(req, referenceDate: r, terminology: terminology) }
        let computedAt = [ledger?.1, kept?.computedAt].compactMap { $0 }.min() ?? req.openvum.now()
        let choice = FigureChoice(ids: ids, encoded: true, economyComputedAt: ledger?.1)
        if let kept, let hit = req.openvum.figures.kept(p, referenceDate: r, computedAt: kept.computedAt, choice: choice), case .encoded(let data) = hit {
            return (data, computedAt)
        }
        let set = try await compute(principal: p, referenceDate: r, managementIDs: managementIDs, economyIDs: economyIDs, ledger: ledger?.0, kept: kept,
                                    terminology: terminology, on: req)
        let data = try APIResponse.encoder.encode(set)
        if let kept { req.openvum.figures.keep(p, referenceDate: r, computedAt: kept.computedAt, choice: choice, derived: .encoded(data)) }
        return (data, computedAt)
    }

    /// The figures at R within the principal's economy scope.
    static func compute(principal p: Principal, referenceDate r: CalendarDate, managementIDs: [String], economyIDs: [String], ledger: EconomyLedger?,
                        kept: (input: ManagementInput, computedAt: Date, computing: Bool)?, terminology: TerminologySnapshot, on req: Request) async throws -> FigureSet {
        var ledger = ledger
        // G10: one set of periods, from the earliest month either part knows.
        let first = [ledger?.firstMonth, kept.map { ManagementInput.firstMonth($0.input.cases, referenceDate: r) }].compactMap { $0 }.min() ?? YearMonth(r)
        ledger?.firstMonth = first
        let periods = FigurePeriods(first: first, referenceDate: r)
        var figures: [String: FigureValue] = [:]
        if let ledger { figures.merge(EconomyFigures.compute(ledger, ids: economyIDs)) { a, _ in a } }
        if let kept {
            figures.merge(req.openvum.figures.figures(p, referenceDate: r, input: kept.input, computedAt: kept.computedAt,
                                                      choice: FigureChoice(ids: managementIDs, first: first))) { a, _ in a }
        }

        var names = Set<String>()
        for v in figures.values { names.formUnion(v.names) }
        var labels: [String: String] = [:]
        var uuids = Set<UUID>()
        for n in names {
            guard let id = UUID(uuidString: n) else { continue }
            if let display = terminology.display(.ffb, code: n) { labels[n] = display } else { uuids.insert(id) }
        }
        var keys = try await FigureStore.importedKeys(uuids, municipalityID: p.municipalityID, on: req.db)
        if let ledger { keys.merge(try await EconomyStore.importedKeys(ledger, municipalityID: p.municipalityID, on: req.db)) { a, _ in a } }
        return FigureSet(referenceDate: r, periods: periods, labels: labels, figures: figures, importedKeys: keys)
    }
}
