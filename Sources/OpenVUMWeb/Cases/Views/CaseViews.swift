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

    /// The legal paragraphs to choose from (the one maintained list), as "SEL § 85 – Socialpædagogisk støtte".
    static let paragraphOptions: [(String, String)] = LegalBasis.all.map { ($0.code, "\($0.code) – \($0.title)") }

    /// The case header on every case page: who the case is about, who holds it, where it stands and the next
    /// deadline in words as well as colour.
    static func caseHeader(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let today = CalendarDate(ctx.now)
        let cpr = try? CPRNumber(m.citizen.cpr)
        let age = cpr.map { AgeGroup.age(birthDate: $0.birthCalendarDate, on: today) }
        let due = m.record.nextDeadlineOn
        let overdue = due.map { $0 < today } ?? false
        return .element(named: "section", nodes: [
            .class("case-header"), .attr("aria-label", "Sagen"),
            .dl(
                .dt(.txt("Sagsnummer")), .dd(.txt(m.record.caseNumber)),
                .dt(.txt("Borger")), .dd(.a(.attr("href", SiteURL.citizen(m.citizen.id).path), .txt("\(m.citizen.givenName) \(m.citizen.familyName)"))),
                .dt(.txt("CPR-nummer")), .dd(.txt("\(cpr?.formatted ?? "–")\(age.map { " (\($0) år)" } ?? "")")),
                .dt(.txt("Sagsbehandler")), .dd(.txt(m.holderName(m.record.caseworkerID) ?? (m.record.caseworkerID == nil ? "Ikke fordelt" : "–"))),
                .dt(.txt("Fase")), .dd(.txt(m.record.phase.danishName)),
                .unwrap(m.record.paragraphs) { .group(.dt(.txt("Ydelse/§")), .dd(.txt($0))) },
                .dt(.txt("Næste frist")),
                .dd(.if(overdue, .class("overdue")),
                    .txt(due.map { "\($0.danish) – \(DeadlineWords.daysLeft(today: today, due: $0))" } ?? "Ingen"))
            ),
        ])
    }

    /// A long form's first button, out of sight: Enter in any field saves the form rather than pressing the first
    /// visible button (which may add an item or open every section).
    static var defaultSubmit: Node<HTML.BodyContext> { .element(named: "button", nodes: [
        .attr("type", "submit"), .class("default-submit"), .attr("tabindex", "-1"), .attr("aria-hidden", "true"), .txt("Gem"),
    ]) }

    /// A phase form's buttons: save, and — on the case's current phase — save and go on to the next phase in one
    /// step ("Gem og gå videre"), so moving on needs no trip to the case page.
    static func saveButtons(_ m: CasePageModel, _ label: String, page slug: PhaseSlug) -> Node<HTML.BodyContext> {
        let next = m.phase == slug.phase ? CaseProcess.forward(from: m.phase, clearCase: m.doc.opening.clearCase == true) : nil
        return .div(
            .class("actions"),
            Controls.submit(label),
            .unwrap(next) { phase in
                .element(named: "button", nodes: [.attr("type", "submit"), .attr("id", "next"), .attr("name", "next"), .attr("value", phase.rawValue), .class("secondary button button-secondary"),
                                                  .txt("Gem og gå videre til \(phase.danishName.lowercased())")])
            },
            Controls.errorNode(m.error("next"), "next")
        )
    }

    // MARK: Lists

    /// A case list: case number, citizen, what the case is about, phase, caseworker (unless every row is the
    /// reader's own) and the next deadline in words. On a phone the rows become labelled blocks (`table.rows`,
    /// `data-title`): the deadline stays in view.
    static func caseTable(_ items: [CaseSummary], today: CalendarDate, caption: String, caseworker: Bool = true) -> Node<HTML.BodyContext> {
        if items.isEmpty { return .p(.txt("Ingen sager.")) }
        let head: Node<HTML.TableContext> = caseworker
            ? Controls.tableHead("Sag", "Borger", "Ydelse/§", "Fase", "Sagsbehandler", "Næste frist")
            : Controls.tableHead("Sag", "Borger", "Ydelse/§", "Fase", "Næste frist")
        return .table(
            .class("rows table table--compact table--responsive-headers"),
            .caption(.txt(caption)),
            head,
            .tbody(.forEach(items) { s in
                let due = s.nextDeadlineOn.flatMap(CalendarDate.init)
                let overdue = due.map { $0 < today } ?? false
                return .tr(
                    .if(overdue, .class("overdue")),
                    .td(.class("nowrap"), .attr("data-title", "Sag"), .txt(s.caseNumber)),
                    .td(.attr("data-title", "Borger"), .a(.attr("href", SiteURL.case(s.id).path), .txt(s.citizenName))),
                    .td(.attr("data-title", "Ydelse/§"), .txt(s.paragraphs ?? "–")),
                    .td(.attr("data-title", "Fase"), .txt(s.phase.danishName)),
                    .if(caseworker, .td(.attr("data-title", "Sagsbehandler"), .txt(s.caseworkerName ?? "Ikke fordelt"))),
                    .td(.attr("data-title", "Næste frist"), .txt(due.map { "\($0.danish) – \(DeadlineWords.daysLeft(today: today, due: $0))" } ?? "–"))
                )
            })
        )
    }
}
