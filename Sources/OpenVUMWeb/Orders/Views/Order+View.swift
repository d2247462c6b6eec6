import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot

/// An order as both sides read it (issue 13): the authority on the case's *Bestilling* and *Levering* pages, the
/// provider in the inbox. One rendering, so that both see the same contract in the same words.
enum OrderViews {
    /// The scope in words: units per period, the period, and how many periods ("10,25 timer pr. uge i 26 uger").
    static func scopeText(_ c: OrderContract) -> String {
        let periods: String
        switch c.frequency {
        case .once: return "\(c.unit.quantity(c.unitsPerPeriod)) én gang"
        case .perDay: periods = c.repetitions == 1 ? "1 dag" : "\(c.repetitions) dage"
        case .perWeek: periods = c.repetitions == 1 ? "1 uge" : "\(c.repetitions) uger"
        case .perMonth: periods = c.repetitions == 1 ? "1 måned" : "\(c.repetitions) måneder"
        case .perYear: periods = "\(c.repetitions) år"
        }
        return "\(c.unit.quantity(c.unitsPerPeriod)) \(c.frequency.danishName.lowercased()) i \(periods)"
    }

    static func kroner(_ øre: Int) -> String { "\(Kroner.danish(øre)) kr." }

    /// The offer's and its provider's names, from the register (nil: no longer in it).
    static func offerName(_ offerID: UUID, in providers: [ProviderStore.ProviderEntry]) -> String? {
        for p in providers { if let o = p.offers.first(where: { $0.id == offerID }) { return "\(o.name) – \(p.name)" } }
        return nil
    }

    /// The order's facts: where it stands, the contract and its price, what the register gave it (IDs 69–71), and
    /// the provider's start (IDs 74–76) once recorded.
    static func facts(_ o: Order, offer: String?) -> Node<HTML.BodyContext> {
        let c = o.contract
        func row(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> { .group(.dt(.txt(label)), .dd(.txt(value ?? "–"))) }
        return .dl(
            .class("facts"),
            row("Status", o.state.danishName),
            row("Tilbud", offer),
            row("Bevilget efter", o.paragraph),
            row("Dato for bestilling (ID 68)", o.orderedOn?.danish),
            row("Start", c.startDate.danish),
            row("Slut", c.endDate?.danish ?? "Uden slutdato (prissat for det første år)"),
            row("Omfang", scopeText(c)),
            row("Enhedspris", "\(kroner(c.unitPrice)) pr. \(c.unit.danishName.lowercased())"),
            .forEach(c.supplements) { row("Tillæg: \($0.text)", kroner($0.amount)) },
            row("Kontraktpris", kroner(c.price)),
            row("Egenbetaling pr. måned (ID 72)", o.coPayment.map(kroner)),
            row("Behov for koordinering (ID 73)", o.coordinationNeeded.map { $0 ? "Ja" : "Nej" }),
            row("Opfølgning", o.followUpDate?.danish),
            .if(o.orderedOn != nil, .group(
                row("Udførers p-nummer (ID 69)", o.register.pNumber),
                row("Udførers EAN-nummer (ID 70)", o.register.ean),
                row("Udførers kontonummer (ID 71)", o.register.account))),
            .unwrap(o.rejectionReason) { row("Afvist, fordi", $0) },
            .unwrap(o.startDate) { _ in .group(
                row("Dato for dokumentation (ID 74)", o.startDocumentedOn?.danish),
                row("Startdato for indsats (ID 75)", o.startDate?.danish),
                row("Startdato for ydelser (ID 76)", o.serviceStartDate?.danish ?? "Som indsatsen")) },
            .unwrap(o.end) { end in .group(row("Afsluttet", end.endedOn.danish), row("Årsag", end.reason.danishName)) }
        )
    }

    /// The monthly reports of delivered hours: delivered against allocated, and cancelled visits by whom.
    static func hoursTable(_ reports: [HoursReport]) -> Node<HTML.BodyContext> {
        reports.isEmpty ? .p(.txt("Ingen timer indberettet endnu.")) : .table(
            .class("rows table table--compact table--responsive-headers"),
            .caption(.class("sr-only"), .txt("Leverede timer pr. måned")),
            Controls.tableHead("Måned", "Uger", "Leveret", "Tildelt", "Forskel", "Aflyst af borger", "Aflyst af udfører", "Bemærkning"),
            .tbody(.forEach(reports) { r in
                .tr(.td(.attr("data-title", "Måned"), .txt("\(CalendarDate.pad(r.month.month, 2))-\(r.month.year)")),
                    .td(.attr("data-title", "Uger"), .txt(String(r.weeks.count))),
                    .td(.attr("data-title", "Leveret"), .txt("\(r.delivered.danish) timer")),
                    .td(.attr("data-title", "Tildelt"), .txt(r.allocatedPerWeek.map { "\(($0 * Decimal(r.weeks.count)).danish) timer" } ?? "–")),
                    .td(.attr("data-title", "Forskel"), .txt(r.deviation.map { "\($0.danish) timer" } ?? "–")),
                    .td(.attr("data-title", "Aflyst af borger"), .txt(String(r.cancelledByCitizen))),
                    .td(.attr("data-title", "Aflyst af udfører"), .txt(String(r.cancelledByProvider))),
                    .td(.attr("data-title", "Bemærkning"), .txt(r.note ?? "–")))
            }))
    }
}
