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

    /// The decision letter's content, once: the page and the PDF are two renderings of it.
    struct LetterContent {
        /// The sender: the authority's name, then its address lines, phone and e-mail.
        var sender: [String]
        /// Date, case number, caseworker, direct line.
        var facts: [(label: String, value: String)]
        var recipient: String
        var title: String
        /// Sections in order: an optional heading and its paragraphs.
        var sections: [(heading: String?, paragraphs: [String])]
        var caseNumber: String
    }

    static func letterContent(_ m: CasePageModel, sender: LetterSender) -> LetterContent {
        let municipality = sender.municipality
        let addressLines = (sender.contact.address ?? "").split(separator: "\n").map(String.init)
        let caseworker = m.holderName(m.record.caseworkerID)
        let xs = m.doc.interventions
        let decided = xs.indices.filter { xs[$0].decision?.outcome != nil }
        let decidedOn = decided.compactMap { xs[$0].decision?.decidedOn }.max()
        var sections: [(heading: String?, paragraphs: [String])] = [
            (nil, ["Du har søgt om hjælp\(m.doc.opening.paragraphsAppliedFor.map { " efter \($0.joined(separator: ", "))" } ?? ""). Vi har vurderet din ansøgning ud fra de oplysninger, vi har fået, og din funktionsevne, som vi har beskrevet sammen med dig."]),
        ]
        for i in decided {
            let x = xs[i]
            let name = m.interventionName(i, paragraphs: false)
            let reason = x.decision?.reason.map { ["Begrundelse: \($0)"] } ?? []
            if x.decision?.outcome == .granted {
                let unit = x.unit?.danishPlural ?? "enheder"
                let freq = x.frequency?.danishName.lowercased() ?? ""
                let scope = Controls.number(x.decision?.grantedUnitsPerPeriod ?? x.unitsPerPeriod)
                let period = x.noEndDate == true ? " og er uden slutdato" : " og slutte \(x.expectedEndDate.danishOrDash)"
                sections.append(("Bevilget: \(name)", ["Du får bevilget \(name) efter \(x.decision?.paragraph ?? "–").\(scope.map { " Omfanget er \($0) \(unit) \(freq)." } ?? "") Indsatsen forventes at starte \(x.expectedStartDate.danishOrDash)\(period). Vi følger op senest \(x.decision?.followUpDate.danishOrDash ?? "–")."] + reason))
            } else {
                sections.append(("Afslag: \(name)", ["Du får afslag på \(name)."] + reason))
            }
        }
        if !m.doc.goals.isEmpty {
            sections.append(("Mål for indsatsen", m.doc.goals.map { "• \($0.text ?? "Mål") (\(m.display($0.goalType)))" }))
        }
        sections.append(("Klagevejledning", [
            "Du kan klage over afgørelsen inden 4 uger efter, at du har modtaget den. Klagen sendes til \(municipality.isEmpty ? "kommunen" : municipality)\(addressLines.isEmpty ? "" : ", \(addressLines.joined(separator: ", "))")\(sender.contact.email.map { ", eller med Digital Post eller e-mail til \($0)" } ?? ""). Skriv sagsnummeret \(m.record.caseNumber) i klagen. Kommunen vurderer sagen igen inden 4 uger; fastholder vi afgørelsen, sender vi klagen videre til Ankestyrelsen.",
            "Har du spørgsmål, kan du kontakte \(caseworker.map { "din sagsbehandler, \($0)" } ?? "kommunen")\((sender.caseworkerPhone ?? sender.contact.phone).map { ", på telefon \($0)" } ?? "").",
        ]))
        return LetterContent(
            sender: [municipality.isEmpty ? "Kommunen" : municipality] + addressLines + [sender.contact.phone.map { "Telefon \($0)" }, sender.contact.email].compactMap { $0 },
            facts: [("Dato", decidedOn?.danishWritten ?? "–"), ("Sagsnummer", m.record.caseNumber)]
                + (caseworker.map { [("Sagsbehandler", $0)] } ?? []) + (sender.caseworkerPhone.map { [("Direkte telefon", $0)] } ?? []),
            recipient: "Til \(m.citizen.givenName) \(m.citizen.familyName)",
            title: "Afgørelse om hjælp efter serviceloven", sections: sections, caseNumber: m.record.caseNumber)
    }

    /// The decision letter (afgørelsesbrev), for printing or as a PDF.
    static func letter(_ m: CasePageModel, sender: LetterSender, _ ctx: PageContext) -> WebPage {
        let l = letterContent(m, sender: sender)
        return WebPage(title: "Afgørelse", current: .cases,
            .div(.class("actions no-print"),
                 .a(.class("button primary"), .attr("href", SiteURL.caseLetterPDF(m.record.id).path), .txt("Hent brevet som PDF")),
                 .span(.class("hint"), .txt("Til Digital Post eller udskrift. Siden kan også udskrives direkte (Ctrl+P, på Mac ⌘P)."))),
            .element(named: "article", nodes: [
                .class("letter"),
                .div(.class("letter-head"),
                     .div(.forEach(Array(l.sender.enumerated())) { i, line in i == 0 ? .p(.strong(.txt(line))) : .p(.txt(line)) }),
                     .dl(.forEach(l.facts) { f in .group(.dt(.txt(f.label)), .dd(.txt(f.value))) })),
                .p(.txt(l.recipient)),
                .h2(.txt(l.title)),
                .forEach(l.sections) { section in
                    .group(
                        .unwrap(section.heading) { .h3(.txt($0)) },
                        .forEach(section.paragraphs) { .p(.txt($0)) }
                    )
                },
            ]),
            .p(.class("no-print"), .a(.attr("href", url(m)), .txt("Tilbage til sagen")))
        )
    }

    /// The letter as a PDF (A4, text): the same content as the page.
    static func letterPDF(_ m: CasePageModel, sender: LetterSender) -> Data {
        let l = letterContent(m, sender: sender)
        var pdf = TextPDF(title: "\(l.title) – sag \(l.caseNumber)")
        for (i, line) in l.sender.enumerated() { pdf.line(line, bold: i == 0) }
        pdf.space()
        for f in l.facts { pdf.line("\(f.label): \(f.value)") }
        pdf.space()
        pdf.line(l.recipient)
        pdf.space()
        pdf.heading(l.title, size: 15)
        for section in l.sections {
            if let h = section.heading { pdf.heading(h, size: 12) }
            for p in section.paragraphs { pdf.paragraph(p) }
        }
        return pdf.render()
    }
}
