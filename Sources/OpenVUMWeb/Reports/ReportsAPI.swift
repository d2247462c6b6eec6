import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// `GET /api/v1/reports` and `GET /api/v1/reports/{id}` (issue 15 item 2): the report catalogue, and one report with its
/// filters applied, over the viewer's economy scope.
enum ReportsAPI {
    static let parameters = ["date", "granularity", "from", "to", "unitId", "caseworkerId", "paragraph", "targetGroup", "providerId", "offerType"]

    struct Section: Encodable {
        var title: String
        var figure: String
        var path: [String]
    }

    struct Item: Encodable {
        var id: String
        var title: String
        var theme: Int
        var summary: String
        var vumIds: [Int]
        var figures: [String]
        var parameters: [String]
        var sections: [Section]
        var page: String
    }

    struct Catalogue: Encodable {
        var items: [Item]
        /// Theme 2 is the economy: its pages and API.
        var economy: Economy
        struct Economy: Encodable {
            var title: String
            var theme: Int
            var vumIds: [Int]
            var page: String
            var api: [String]
        }
    }

    static func list(_ req: Request) async throws -> Response {
        let items = ReportCatalogue.all.map { r in
            Item(id: r.id, title: r.title, theme: r.theme, summary: r.summary, vumIds: r.vumIDs, figures: r.figures, parameters: parameters,
                 sections: r.sections.map { Section(title: $0.title, figure: $0.figure, path: $0.path) }, page: SiteURL.report(r.id).path)
        }
        let economy = Catalogue.Economy(title: "Økonomi og fremskrivning", theme: 2, vumIds: ReportCatalogue.economyVUMIDs, page: SiteURL.economy().path,
                                        api: ["/api/v1/figures?ids=t2.*", "/api/v1/budgets", "/api/v1/economy/projection", "/api/v1/economy/watch-lists"])
        return try APIResponse.json(Catalogue(items: items, economy: economy))
    }

    struct Label: Encodable {
        var key: String
        var label: String
    }

    struct Row: Encodable {
        var key: String
        var label: String
        var cells: [FigureValue]
    }

    struct Table: Encodable {
        var title: String
        var figure: String
        var path: [String]
        var columns: [Label]
        var rows: [Row]
    }

    /// The filters applied, every one written (`null` when not set).
    struct Filters: Encodable {
        var from: String?
        var to: String?
        var unitId: String?
        var caseworkerId: String?
        var paragraph: String?
        var targetGroup: String?
        var providerId: String?
        var offerType: String?

        init(_ f: ReportFilter) {
            from = f.from?.description
            to = f.to?.description
            unitId = f.unit?.uuidString.lowercased()
            caseworkerId = f.caseworker?.uuidString.lowercased()
            paragraph = f.paragraph
            targetGroup = f.targetGroup
            providerId = f.provider?.uuidString.lowercased()
            offerType = f.offerType
        }

        enum CodingKeys: String, CodingKey { case from, to, unitId, caseworkerId, paragraph, targetGroup, providerId, offerType }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            for (key, value) in [(CodingKeys.from, from), (.to, to), (.unitId, unitId), (.caseworkerId, caseworkerId), (.paragraph, paragraph),
                                 (.targetGroup, targetGroup), (.providerId, providerId), (.offerType, offerType)] {
                if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
            }
        }
    }

    struct Answer: Encodable {
        var id: String
        var title: String
        var theme: Int
        var referenceDate: String
        /// When the cases were read (`FigureSnapshots`).
        var computedAt: Date
        var granularity: String
        var filters: Filters
        var cases: Int
        var sections: [Table]
    }

    static func read(_ req: Request) async throws -> Response {
        let report = try ReportService.report(req)
        let q = try ReportService.query(req, api: true)
        let c = try await ReportService.compute(req, report: report, query: q)
        let f = q.filter
        let answer = Answer(id: report.id, title: report.title, theme: report.theme, referenceDate: c.date.description, computedAt: c.computedAt, granularity: c.granularity,
                            filters: Filters(f),
                            cases: c.count,
                            sections: c.tables.map { t in
                                Table(title: t.section.title, figure: t.section.figure, path: t.section.path,
                                      columns: t.columns.map { Label(key: $0, label: c.labels.name($0, kind: t.section.columnKind)) },
                                      rows: t.rows.map { Row(key: $0.key, label: c.labels.name($0.key, kind: t.section.rowKind), cells: $0.cells.map(\.value)) })
                            })
        try await req.audit(on: req.db, objectType: "report", criteria: "report=\(report.id) date=\(c.date)")
        return try APIResponse.json(answer)
    }
}
