import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// `GET /api/v1/figures?date=R&ids=…`: the management and economy figures of figures.md, in its JSON shape, over
/// what the viewer's economy scope holds (issue 14 item 7; the `t2.*` figures so far).
enum FiguresAPI {
    /// Every figure id the API answers.
    static var known: [String] { EconomyFigures.ids }

    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let ids = try FigureSelection.select(try req.query.get(String?.self, at: "ids"), from: known)
        let r = try req.dateQuery("date", what: "Referencedatoen") ?? CalendarDate(req.openvum.now())
        guard let ledger = try await EconomyStore.ledger(principal: p, referenceDate: r, on: req.db) else { throw DomainError.forbidden }
        let set = FigureSet(referenceDate: r, periods: ledger.periods, figures: EconomyFigures.compute(ledger, ids: ids),
                            importedKeys: try await EconomyStore.importedKeys(ledger, municipalityID: p.municipalityID, on: req.db))
        try await req.audit(on: req.db, objectType: "figures", criteria: "date=\(r) ids=\(ids.count == known.count ? "all" : ids.joined(separator: ","))")
        return try APIResponse.json(set)
    }
}
