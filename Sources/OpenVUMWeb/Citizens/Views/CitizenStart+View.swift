import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    /// The citizen's own page (issue 16 item 6): their cases with a status that never misleads, the help granted with
    /// provider and next follow-up, the letters and documents, and who looked at their data (unit and purpose, never a
    /// name).
    /// The citizen's view on a goal as typed, when it could not be saved.
    struct GoalViewForm: Sendable {
        var goalID: UUID
        var colour: String?
        var sentence: String?
        var errors: [FieldError]
    }

    static func citizenStart(_ m: StartModel, _ o: CitizenSelfStore.Overview, terminology: TerminologySnapshot, today: CalendarDate,
                             _ ctx: PageContext, editing: GoalViewForm? = nil, status: HTTPResponseStatus = .ok) -> WebPage {
        func names(_ codes: [String]) -> String {
            codes.isEmpty ? "–" : codes.map { terminology.display(.ffb, code: $0) ?? $0 }.joined(separator: ", ")
        }
        let caseIDs = Dictionary(o.cases.map { ($0.id, $0.caseNumber) }) { a, _ in a }
        let goals = o.cases.flatMap { c in c.document.goals.compactMap { g in g.id.map { (caseID: c.id, goalID: $0, goal: g) } } }
        return WebPage(title: "Velkommen, \(m.principal.displayName)", current: .start, status: status,
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
            .h2(.id("mine-maal"), .txt("Mine mål")),
            goals.isEmpty ? .p(.txt("Der er ingen mål for din hjælp endnu.")) : .group(
                .p(.class("hint"), .txt("Fortæl, hvordan det går med dine mål: grøn, gul eller rød, og gerne en sætning med dine egne ord. Din sagsbehandler ser det, og det kommer med i leverandørens næste statusrapport.")),
                .forEach(goals) { entry in
                    citizenGoal(entry.caseID, entry.goalID, entry.goal, view: o.goalViews.first { $0.goalID == entry.goalID },
                                editing: editing?.goalID == entry.goalID ? editing : nil, terminology: terminology, ctx)
                }
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

    /// One goal with the citizen's latest view and the form to give it (again).
    static func citizenGoal(_ caseID: UUID, _ goalID: UUID, _ goal: Goal, view: CitizenGoalView?, editing: GoalViewForm?, terminology: TerminologySnapshot,
                            _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let prefix = "maal-\(goalID.uuidString.lowercased())"
        let theme = goal.primaryTheme.flatMap { terminology.display(.ffb, code: $0) }
        let title = goal.text ?? theme ?? "Mål"
        func error(_ field: String) -> String? { editing?.errors.first { $0.field == field }?.message }
        let chosen = editing?.colour ?? view?.colour.rawValue
        return .div(
            .class("panel"), .attr("id", prefix),
            .h3(.txt(title)),
            .unwrap(theme) { t in .p(.class("hint"), .txt("Område: \(t)" + (goal.followUpDate.map { ". Opfølgning \($0.danish)." } ?? "."))) },
            .unwrap(view) { v in .p(.txt("Dit seneste syn (\(v.givenOn.danish)): \(v.colour.danishName)" + (v.sentence.map { " – »\($0)«" } ?? ""))) },
            .unwrap(editing.flatMap { $0.errors.isEmpty ? nil : $0 }) { _ in .div(.class("error-summary"), .attr("role", "alert"), .p(.txt("Dit syn er ikke gemt. Ret det, der er markeret herunder."))) },
            Controls.form(action: SiteURL.citizenGoalView(caseID, goal: goalID).path, Controls.csrf(ctx),
                .element(named: "fieldset", nodes: [
                    .class("field checkboxes form-group"),
                    .element(named: "legend", nodes: [.txt("Hvordan går det med målet?")]),
                    .unwrap(error("colour")) { Controls.errorNode($0, "\(prefix)-colour") },
                    .forEach(GoalColour.allCases) { c in
                        .div(.class("checkbox form-group-checkbox"),
                             .element(named: "input", nodes: [
                                .attr("id", "\(prefix)-\(c.rawValue)"), .attr("name", "colour"), .attr("type", "radio"), .attr("class", "form-radio"),
                                .attr("value", c.rawValue), chosen == c.rawValue ? .attr("checked", "checked") : .empty,
                             ]),
                             .label(.attr("for", "\(prefix)-\(c.rawValue)"), .txt(c.danishName)))
                    },
                ]),
                .div(.class("field"),
                     .label(.attr("for", "\(prefix)-sentence"), .txt("Med dine egne ord (frivilligt)")),
                     .unwrap(error("sentence")) { Controls.errorNode($0, "\(prefix)-sentence") },
                     .textarea(.attr("id", "\(prefix)-sentence"), .attr("name", "sentence"), .attr("maxlength", String(CitizenGoalView.maxSentenceLength)),
                               .txt(editing?.sentence ?? ""))),
                Controls.submit("Gem mit syn på målet"))
        )
    }
}
