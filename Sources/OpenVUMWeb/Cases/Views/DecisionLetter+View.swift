import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    /// Who sends the letter and where the citizen turns: the municipality (name, address, phone, e-mail) and the
    /// caseworker's direct line.
    struct LetterSender {
        var municipality: String
        var contact: MunicipalityContact
        var caseworkerPhone: String?
    }

    /// The decision letter (afgørelsesbrev), for printing.
    static func letter(_ m: CasePageModel, sender: LetterSender, _ ctx: PageContext) -> WebPage {
        let municipality = sender.municipality
        let addressLines = (sender.contact.address ?? "").split(separator: "\n").map(String.init)
        let caseworker = m.holderName(m.record.caseworkerID)
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
            .p(.class("no-print notice"), .txt("Udskriv brevet eller gem det som PDF med browserens Udskriv (Ctrl+P, på Mac ⌘P; vælg »Gem som PDF« som printer). Menuer og knapper kommer ikke med.")),
            .element(named: "article", nodes: [
                .class("letter"),
                .div(.class("letter-head"),
                     .div(.p(.strong(.txt(municipality.isEmpty ? "Kommunen" : municipality))),
                          .forEach(addressLines) { .p(.txt($0)) },
                          .unwrap(sender.contact.phone) { .p(.txt("Telefon \($0)")) },
                          .unwrap(sender.contact.email) { .p(.txt($0)) }),
                     .dl(.dt(.txt("Dato")), .dd(.txt(decidedOn?.danishWritten ?? "–")),
                         .dt(.txt("Sagsnummer")), .dd(.txt(m.record.caseNumber)),
                         .unwrap(caseworker) { .group(.dt(.txt("Sagsbehandler")), .dd(.txt($0))) },
                         .unwrap(sender.caseworkerPhone) { .group(.dt(.txt("Direkte telefon")), .dd(.txt($0))) })),
                .p(.txt("Til \(m.citizen.givenName) \(m.citizen.familyName)")),
                .h2(.txt("Afgørelse om hjælp efter serviceloven")),
                .p(.txt("Du har søgt om hjælp\(m.doc.opening.paragraphsAppliedFor.map { " efter \($0.joined(separator: ", "))" } ?? ""). Vi har vurderet din ansøgning ud fra de oplysninger, vi har fået, og din funktionsevne, som vi har beskrevet sammen med dig.")),
                decided.isEmpty ? .p(.txt("Der er endnu ikke truffet afgørelse i sagen.")) : .group(.forEach(decided) { line($0) }),
                .if(!m.doc.goals.isEmpty, .group(
                    .h3(.txt("Mål for indsatsen")),
                    .ul(.forEach(m.doc.goals) { g in .li(.txt("\(g.text ?? "Mål") (\(m.display(g.goalType)))")) })
                )),
                .h3(.txt("Klagevejledning")),
                .p(.txt("Du kan klage over afgørelsen inden 4 uger efter, at du har modtaget den. Klagen sendes til \(municipality.isEmpty ? "kommunen" : municipality)\(addressLines.isEmpty ? "" : ", \(addressLines.joined(separator: ", "))")\(sender.contact.email.map { ", eller med Digital Post eller e-mail til \($0)" } ?? ""). Skriv sagsnummeret \(m.record.caseNumber) i klagen. Kommunen vurderer sagen igen inden 4 uger; fastholder vi afgørelsen, sender vi klagen videre til Ankestyrelsen.")),
                .p(.txt("Har du spørgsmål, kan du kontakte \(caseworker.map { "din sagsbehandler, \($0)" } ?? "kommunen")\((sender.caseworkerPhone ?? sender.contact.phone).map { ", på telefon \($0)" } ?? "").")),
            ]),
            .p(.class("no-print"), .a(.attr("href", url(m)), .txt("Tilbage til sagen")))
        )
    }
}
