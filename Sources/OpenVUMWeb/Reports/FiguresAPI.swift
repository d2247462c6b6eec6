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
        let set = try await compute(principal: p, referenceDate: r, ids: ids, on: req)
        try await req.audit(on: req.db, objectType: "figures", criteria: "date=\(r) ids=\(ids.count == known.count ? "all" : ids.joined(separator: ","))")
        return try APIResponse.json(set)
    }

    /// The figures `ids` at R within the principal's economy scope; forbidden when it holds nothing.
    static func compute(principal p: Principal, referenceDate r: CalendarDate, ids: [String], on req: Request) async throws -> FigureSet {
        let economyIDs = ids.filter { $0.hasPrefix("t2.") }, managementIDs = ids.filter { !$0.hasPrefix("t2.") }
        let terminology = try await req.openvum.terminology.current(on: req.db)
        var ledger: EconomyLedger?
        if !economyIDs.isEmpty {
            guard let l = try await EconomyStore.ledger(principal: p, referenceDate: r, on: req.db) else { throw DomainError.forbidden }
            ledger = l
        }
        var input: ManagementInput?
        if !managementIDs.isEmpty {
            guard let i = try await FigureStore.input(principal: p, referenceDate: r, terminology: terminology, on: req.db) else { throw DomainError.forbidden }
            input = i
        }
        // G10: one set of periods, from the earliest month either part knows.
        let first = [ledger?.firstMonth, input.map { ManagementInput.firstMonth($0.cases, referenceDate: r) }].compactMap { $0 }.min() ?? YearMonth(r)
        ledger?.firstMonth = first
        let periods = FigurePeriods(first: first, referenceDate: r)
        input?.periods = periods
        var figures: [String: FigureValue] = [:]
        if let ledger { figures.merge(EconomyFigures.compute(ledger, ids: economyIDs)) { a, _ in a } }
        if let input { figures.merge(ManagementFigures.compute(input, ids: managementIDs)) { a, _ in a } }

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
