import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

enum CaseViews {
    static func url(_ m: CasePageModel, _ slug: PhaseSlug? = nil) -> String {
        (slug.map { SiteURL.casePhase(m.record.id, $0) } ?? SiteURL.case(m.record.id)).path
    }

    static func date(_ s: String?) -> String { s.flatMap(CalendarDate.init)?.danish ?? "–" }

    // MARK: Lists

    static func caseTable(_ items: [CaseSummary], today: CalendarDate, caption: String) -> Node<HTML.BodyContext> {
        if items.isEmpty { return .p(.txt("Ingen sager.")) }
        return .table(
            .caption(.txt(caption)),
            Controls.tableHead("Borger", "Fase", "Åbnet", "Næste frist"),
            .tbody(.forEach(items) { s in
                let overdue = s.nextDeadlineOn.map { $0 < today.description } ?? false
                return .tr(
                    .if(overdue, .class("overdue")),
                    .td(.a(.attr("href", SiteURL.case(s.id).path), .txt(s.citizenName))),
                    .td(.txt(s.phase.danishName)),
                    .td(.txt(date(s.openedOn))),
                    .td(.txt(overdue ? "Overskredet: \(date(s.nextDeadlineOn))" : date(s.nextDeadlineOn)))
                )
            })
        )
    }
}
