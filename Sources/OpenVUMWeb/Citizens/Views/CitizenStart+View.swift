import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    /// The citizen's own page (issue 16 items 6 and 7): their cases with a status that never misleads, the help granted
    /// with provider and next follow-up, their goals with their own view, electronic consent, the letters and
    /// documents, and who looked at their data (unit and purpose, never a name) — for the citizen, or for their
    /// guardian or party representative.
    struct CitizenPage {
        var principal: Principal
        var municipality: String
        /// Whose page it is.
        var citizen: CitizenRecord
        /// Every citizen the account may see the page of (its own first).
        var choices: [CitizenSelfStore.Choice]
        var overview: CitizenSelfStore.Overview
        var terminology: TerminologySnapshot
        var today: CalendarDate
        var goal: GoalViewForm?
        var consent: ConsentEditing?

        var isOwn: Bool { citizen.id == principal.citizenID }
    }

    /// The citizen's view on a goal as typed, when it could not be saved.
    struct GoalViewForm: Sendable {
        var goalID: UUID
        var colour: String?
        var sentence: String?
        var errors: [FieldError]
    }

    /// A consent form of a case as sent, when it could not be saved.
    struct ConsentEditing: Sendable {
        var caseID: UUID
        var collectFrom: Set<String>
        var discloseTo: Set<String>
        var errors: [FieldError]
    }

    static func citizenStart(_ page: CitizenPage, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let o = page.overview, terminology = page.terminology, today = page.today
        let editing = page.goal
        func names(_ codes: [String]) -> String {
            codes.isEmpty ? "–" : codes.map { terminology.display(.ffb, code: $0) ?? $0 }.joined(separator: ", ")
        }
        let caseIDs = Dictionary(o.cases.map { ($0.id, $0.caseNumber) }) { a, _ in a }
        let goals = o.cases.flatMap { c in c.document.goals.compactMap { g in g.id.map { (caseID: c.id, goalID: $0, goal: g) } } }
        let name = "\(page.citizen.givenName) \(page.citizen.familyName)"
        let others = page.choices.filter { $0.id != page.citizen.id }
        // The documents table: the letters the cases generate, then the documents sent or given.
        let letterRows: [Node<HTML.TableContext>] = o.letters.map { l in
            .tr(.td(.txt(l.decidedOn?.danish ?? "–")),
                .td(.a(.attr("href", SiteURL.citizenLetterPDF(l.caseID).path), .txt("Afgørelse på sag \(l.caseNumber) (PDF)"))),
                .td(.txt("Afgørelsesbrev")), .td(.txt(l.caseNumber)))
        }
        let documentRows: [Node<HTML.TableContext>] = o.documents.map { d in
            .tr(.td(.txt(d.documentDate.danish)),
                .td(.a(.attr("href", SiteURL.caseDocument(d.caseID, document: d.id).path), .txt(d.title))),
                .td(.txt(d.kind.danishName)), .td(.txt(caseIDs[d.caseID] ?? "–")))
        }
        let openCases = o.cases.filter { ElectronicConsent.isOpen(phase: $0.phase) }
        // The headings name whose they are: "Mine sager" for the citizen, "Karims sager" for their representative.
        func whose(_ mine: String, _ noun: String) -> String { page.isOwn ? mine : "\(page.citizen.givenName)s \(noun)" }
        return WebPage(title: page.isOwn ? "Velkommen, \(page.principal.displayName)" : "\(name)s side", current: .start, status: status,
            page.isOwn
                ? .p(.class("lead"), .txt("Her kan du se dine sager hos \(page.municipality), den hjælp du har fået bevilget, dine samtykker, de breve og dokumenter, du har fået, og hvem i kommunen og hos dine leverandører der har set dine oplysninger."))
                : .p(.class("lead"), .txt("Du ser siden som værge eller partsrepræsentant for \(name). Du ser det samme, som \(page.citizen.givenName) selv ville se, og kan give \(page.citizen.givenName)s syn på målene og samtykke på \(page.citizen.givenName)s vegne.")),
            .if(!others.isEmpty, .div(.class("panel"),
                .h2(.txt(page.isOwn ? "Du er også værge eller partsrepræsentant" : "Andre sider, du kan se")),
                .ul(.forEach(others) { c in
                    .li(.a(.attr("href", c.own ? SiteURL.start.path : SiteURL.citizenSelf(c.id).path), .txt(c.own ? "Min egen side" : "\(c.name)s side")))
                }))),
            .h2(.txt(whose("Mine sager", "sager"))),
            o.cases.isEmpty ? .p(.txt("Du har ingen sager hos os.")) : .table(
                .caption(.txt("Dine sager, den nyeste først")),
                Controls.tableHead("Sag", "Status", "Oprettet"),
                .tbody(.forEach(o.cases) { c in
                    let status = CitizenPortal.status(phase: c.phase, document: c.document, today: today)
                    return .tr(.td(.txt(c.caseNumber)), .td(.strong(.txt(status.title)), .br(), .txt(status.detail)), .td(.txt(c.openedOn.danish)))
                })
            ),
            .h2(.txt(whose("Min hjælp", "hjælp"))),
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
            .h2(.id("mine-maal"), .txt(whose("Mine mål", "mål"))),
            goals.isEmpty ? .p(.txt("Der er ingen mål for din hjælp endnu.")) : .group(
                .p(.class("hint"), .txt("Fortæl, hvordan det går med dine mål: grøn, gul eller rød, og gerne en sætning med dine egne ord. Din sagsbehandler ser det, og det kommer med i leverandørens næste statusrapport.")),
                .forEach(goals) { entry in
                    citizenGoal(entry.caseID, entry.goalID, entry.goal, view: o.goalViews.first { $0.goalID == entry.goalID },
                                editing: editing?.goalID == entry.goalID ? editing : nil, terminology: terminology, ctx)
                }
            ),
            .h2(.id("samtykke"), .txt("Samtykke")),
            openCases.isEmpty ? .p(.txt("Du har ingen åbne sager, som der kan gives samtykke på.")) : .group(
                .p(.class("hint"), .txt("Med dit samtykke må kommunen indhente oplysninger fra og videregive oplysninger til de parter, du vælger – fx til den leverandør, der skal hjælpe dig. Du kan altid trække dit samtykke tilbage; så indhenter og videregiver vi ikke flere oplysninger på den sag.")),
                .forEach(openCases) { c in
                    citizenConsent(c, log: o.consents.filter { $0.caseID == c.id }, editing: page.consent?.caseID == c.id ? page.consent : nil, ctx)
                }
            ),
            .h2(.txt("Breve og dokumenter")),
            letterRows.isEmpty && documentRows.isEmpty ? .p(.txt("Der er ingen breve eller dokumenter endnu.")) : .table(
                .caption(.txt("Breve og dokumenter på dine sager")),
                Controls.tableHead("Dato", "Dokument", "Type", "Sag"),
                .tbody(.group(letterRows), .group(documentRows))
            ),
            .h2(.txt(page.isOwn ? "Hvem har set mine oplysninger" : "Hvem har set \(page.citizen.givenName)s oplysninger")),
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

    /// One open case's consent: what is recorded now, the form to give it (with the parties), the button to withdraw it,
    /// and what was given or withdrawn on this page before.
    static func citizenConsent(_ c: CitizenSelfStore.Case, log: [CitizenSelfStore.Consent], editing: ConsentEditing?, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let o = c.document.opening
        let prefix = "samtykke-\(c.id.uuidString.lowercased())"
        let options = ElectronicConsent.parties.map { ($0.rawValue, $0.danishName) }
        func error(_ field: String) -> String? { editing?.errors.first { $0.field == field }?.message }
        func list(_ parties: [InformationParty]?) -> String { (parties ?? []).isEmpty ? "ingen" : (parties ?? []).map(\.danishName).joined(separator: ", ") }
        let current: String = switch o.consent {
        case .given: "Du har givet samtykke (\(o.consentForm?.danishName.lowercased() ?? "form ikke angivet")). Vi må indhente oplysninger fra: \(list(o.consentCollectFrom)). Vi må videregive oplysninger til: \(list(o.consentDiscloseTo))."
        case .refused: "Der er ikke givet samtykke på denne sag."
        case .notRelevant: "Kommunen har vurderet, at samtykke ikke er relevant på denne sag. Du kan alligevel give det her."
        case .notAssessed, nil: "Der er endnu ikke taget stilling til samtykke på denne sag."
        }
        return .div(
            .class("panel"), .attr("id", prefix),
            .h3(.txt("Sag \(c.caseNumber)")),
            .p(.txt(current)),
            .unwrap(editing.flatMap { $0.errors.isEmpty ? nil : $0 }) { _ in
                .div(.class("error-summary"), .attr("role", "alert"), .p(.txt("Dit samtykke er ikke gemt. Ret det, der er markeret herunder.")))
            },
            .unwrap(error("action")) { Controls.errorNode($0, "\(prefix)-action") },
            Controls.form(action: SiteURL.citizenConsent(c.id).path, Controls.csrf(ctx), Controls.hidden("action", ElectronicConsent.Action.give.rawValue),
                .div(.class("consent-parties"),
                    Controls.checkboxes("collectFrom", "Vi må indhente oplysninger fra", options: options,
                                        selected: editing?.collectFrom ?? Set((o.consent == .given ? o.consentCollectFrom ?? [] : []).map(\.rawValue)),
                                        error: error("collectFrom"), idPrefix: "\(prefix)-collect"),
                    Controls.checkboxes("discloseTo", "Vi må videregive oplysninger til", options: options,
                                        selected: editing?.discloseTo ?? Set((o.consent == .given ? o.consentDiscloseTo ?? [] : []).map(\.rawValue)),
                                        error: error("discloseTo"), idPrefix: "\(prefix)-disclose")),
                Controls.submit(o.consent == .given ? "Gem mit samtykke" : "Giv samtykke")),
            .if(ElectronicConsent.canWithdraw(o), .element(named: "form", nodes: [
                .attr("action", SiteURL.citizenConsent(c.id).path), .attr("method", "post"), .class("withdraw"), Controls.csrf(ctx),
                Controls.hidden("action", ElectronicConsent.Action.withdraw.rawValue),
                Controls.secondarySubmit("Træk mit samtykke tilbage")])),
            .if(!log.isEmpty, .group(
                .h4(.txt("Givet og trukket tilbage her")),
                .ul(.forEach(log) { e in
                    .li(.txt("\(e.givenOn.danish): \(e.action.danishName)" + (e.representative.map { " af \($0.danishName.lowercased())" } ?? "")))
                })
            ))
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
