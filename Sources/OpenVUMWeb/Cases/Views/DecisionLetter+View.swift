import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    /// The decision letter (afgørelsesbrev), for printing.
    static func letter(_ m: CasePageModel, municipality: String, _ ctx: PageContext) -> WebPage {
        let xs = m.doc.interventions
        let decided = xs.indices.filter { xs[$0].decision?.outcome != nil }
        let decidedOn = decided.compactMap { xs[$0].decision?.decidedOn }.max()
        func line(_ i: Int) -> Node<HTML.BodyContext> {
            let x = xs[i]
            let name = m.interventionName(i, paragraphs: false)
            if x.decision?.outcome == .granted {
                let unit = x.unit?.danishPlural ?? "enheder"
                let freq = x.frequency?.danishName.lowercased() ?? ""
                let scope = Controls.number(x.decision?.grantedUnitsPerPeriod ?? x.unitsPerPeriod)
                let period = x.noEndDate == true ? " og er uden slutdato" : " og slutte \(x.expectedEndDate.danishOrDash)"
                return .group(
                    .h3(.txt("Bevilget: \(name)")),
                    .p(.txt("Du får bevilget \(name) efter \(x.decision?.paragraph ?? "–").\(scope.map { " Omfanget er \($0) \(unit) \(freq)." } ?? "") Indsatsen forventes at starte \(x.expectedStartDate.danishOrDash)\(period). Vi følger op senest \(x.decision?.followUpDate.danishOrDash ?? "–").")),
                    .unwrap(x.decision?.reason) { .p(.txt("Begrundelse: \($0)")) }
                )
            }
            return .group(
                .h3(.txt("Afslag: \(name)")),
                .p(.txt("Du får afslag på \(name).")),
                .unwrap(x.decision?.reason) { .p(.txt("Begrundelse: \($0)")) }
            )
        }
        return WebPage(            title: "Afgørelse", current: .cases,
            .element(named: "article", nodes: [
                .class("letter"),
                .p(.txt(municipality)),
                .p(.txt("Til \(m.citizen.givenName) \(m.citizen.familyName)")),
                .p(.txt("Dato: \(decidedOn?.danishWritten ?? "Der er endnu ikke truffet afgørelse")")),
                .unwrap(m.holderName(m.record.caseworkerID)) { .p(.txt("Sagsbehandler: \($0)")) },
                .h2(.txt("Afgørelse om hjælp efter serviceloven")),
                .p(.txt("Du har søgt om hjælp\(m.doc.opening.paragraphsAppliedFor.map { " efter \($0.joined(separator: ", "))" } ?? ""). Vi har vurderet din ansøgning ud fra de oplysninger, vi har fået, og din funktionsevne, som vi har beskrevet sammen med dig.")),
                decided.isEmpty ? .p(.txt("Der er endnu ikke truffet afgørelse i sagen.")) : .group(.forEach(decided) { line($0) }),
                .if(!m.doc.goals.isEmpty, .group(
                    .h3(.txt("Mål for indsatsen")),
                    .ul(.forEach(m.doc.goals) { g in .li(.txt("\(g.text ?? "Mål") (\(m.display(g.goalType)))")) })
                )),
                .h3(.txt("Klagevejledning")),
                .p(.txt("Du kan klage over afgørelsen inden 4 uger efter, at du har modtaget den. Klagen sendes til \(municipality.isEmpty ? "kommunen" : municipality), som vurderer sagen igen. Fastholder vi afgørelsen, sender vi klagen videre til Ankestyrelsen.")),
            ]),
            .p(.class("no-print"), .a(.attr("href", url(m)), .txt("Tilbage til sagen")))
        )
    }
}
