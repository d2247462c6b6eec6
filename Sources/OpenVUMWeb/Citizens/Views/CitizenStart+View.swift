import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    /// The citizen's own page (issue 16 item 6): their cases with a status that never misleads, the help granted with
    /// provider and next follow-up, the letters and documents, and who looked at their data (unit and purpose, never a
    /// name).
    static func citizenStart(_ m: StartModel, _ o: CitizenSelfStore.Overview, terminology: TerminologySnapshot, today: CalendarDate,
                             _ ctx: PageContext) -> WebPage {
        func names(_ codes: [String]) -> String {
            codes.isEmpty ? "–" : codes.map { terminology.display(.ffb, code: $0) ?? $0 }.joined(separator: ", ")
        }
        let caseIDs = Dictionary(o.cases.map { ($0.id, $0.caseNumber) }) { a, _ in a }
        return WebPage(title: "Velkommen, \(m.principal.displayName)", current: .start,
            .p(.class("lead"), .txt("Her kan du se dine sager hos \(m.municipality), den hjælp du har fået bevilget, de breve og dokumenter, du har fået, og hvem i kommunen og hos dine leverandører der har set dine oplysninger.")),
            .h2(.txt("Mine sager")),
            o.cases.isEmpty ? .p(.txt("Du har ingen sager hos os.")) : .table(
                .caption(.txt("Dine sager, den nyeste først")),
                Controls.tableHead("Sag", "Status", "Oprettet"),
                .tbody(.forEach(o.cases) { c in
                    let status = CitizenPortal.status(phase: c.phase, document: c.document, today: today)
                    return .tr(.td(.txt(c.caseNumber)), .td(.strong(.txt(status.title)), .br(), .txt(status.detail)), .td(.txt(c.openedOn.danish)))
                })
            ),
            .h2(.txt("Min hjælp")),
            o.grants.isEmpty ? .p(.txt("Du har ikke fået bevilget hjælp endnu.")) : .table(
                .caption(.txt("Den hjælp, du har fået bevilget")),
                Controls.tableHead("Hjælp", "Periode", "Leverandør", "Næste opfølgning"),
                .tbody(.forEach(o.grants) { g in
                    .tr(.td(.txt(names(g.services)), .unwrap(g.paragraph) { .txt(" (\($0))") }),
                        .td(.txt((g.from.map { "Fra \($0.danish)" } ?? "–") + (g.to.map { " til \($0.danish)" } ?? "")) , .if(g.ended, .txt(" – afsluttet"))),
                        .td(.txt(g.provider ?? "Ikke bestilt endnu")),
                        .td(.txt(g.nextFollowUp?.danish ?? "–")))
                })
            ),
            .h2(.txt("Breve og dokumenter")),
            o.documents.isEmpty ? .p(.txt("Der er ingen breve eller dokumenter endnu.")) : .table(
                .caption(.txt("Breve og dokumenter på dine sager")),
                Controls.tableHead("Dato", "Dokument", "Type", "Sag"),
                .tbody(.forEach(o.documents) { d in
                    .tr(.td(.txt(d.documentDate.danish)),
                        .td(.a(.attr("href", SiteURL.caseDocument(d.caseID, document: d.id).path), .txt(d.title))),
                        .td(.txt(d.kind.danishName)), .td(.txt(caseIDs[d.caseID] ?? "–")))
                })
            ),
            .h2(.txt("Hvem har set mine oplysninger")),
            .p(.class("hint"), .txt("Hver gang en medarbejder ser eller ændrer dine oplysninger, bliver det registreret. Du kan se hvornår, hvilken enhed og hvorfor. Medarbejderens navn vises ikke; vil du vide mere, kan du kontakte kommunen.")),
            o.lookups.isEmpty ? .p(.txt("Ingen har set dine oplysninger endnu.")) : .table(
                .caption(.txt("De seneste opslag i dine oplysninger")),
                Controls.tableHead("Tidspunkt", "Enhed", "Formål"),
                .tbody(.forEach(o.lookups) { l in
                    .tr(.td(.txt(DanishDate.string(l.at))), .td(.txt(l.unit ?? "Kommunen")), .td(.txt(l.purpose)))
                })
            )
        )
    }
}
