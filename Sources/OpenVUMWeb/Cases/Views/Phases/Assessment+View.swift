import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func assessment(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let a = m.doc.assessment
        func tri(_ key: String, _ label: String, _ stored: TriState?) -> Node<HTML.BodyContext> {
            Controls.triState("assessment.\(key)", label, selected: m.entry("assessment.\(key)", stored?.rawValue).flatMap(TriState.init), error: m.error("/assessment/\(key)"))
        }
        func status(_ key: String, _ label: String, _ stored: PlanStatus?) -> Node<HTML.BodyContext> {
            Controls.enumSelect("assessment.\(key)", label, PlanStatus.self, selected: m.entry("assessment.\(key)", stored?.rawValue).flatMap(PlanStatus.init), error: m.error("/assessment/\(key)"))
        }
        let goals = m.doc.goals
        let interventions = m.doc.interventions
        let editable = m.phase == .assessment
        return .group(
            .dl(
                auto("Dato for begyndt sagsvurdering", a.startedOn?.danish),
                auto("Forventet pris for samlet indsats", Controls.kroner(a.expectedTotalPrice).map { "\($0) kr." }),
                auto("Dato for handleplans gyldighed", a.actionPlanValidUntil?.danish),
                auto("Dato for gangsat indstilling", a.recommendationStartedOn?.danish)
            ),
            // One form for the whole page (`section=all`): whichever button is pressed, everything typed is saved
            // together or — when anything is refused — shown again as typed.
            Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(ctx), Controls.hidden("version", m.version), Controls.hidden("section", "all"),
                // Enter in a field saves the page (the form's first button), whatever other buttons the page has.
                defaultSubmit,
                // A keyboard user's shortcuts down the long page.
                .element(named: "nav", nodes: [.class("form-jumps"), .attr("aria-label", "Gå til en del af siden"), .ul(
                    .li(.a(.attr("href", "#maal"), .txt("Indsatsmål"))),
                    .li(.a(.attr("href", "#indsatser"), .txt("Indstillede indsatser"))),
                    .li(.a(.attr("href", "#gem"), .txt("Gem")))
                )]),
                Controls.input("assessment.sharedGoalFollowUpDate", "Fælles opfølgningstidspunkt på mål", type: "date",
                               value: m.entry("assessment.sharedGoalFollowUpDate", a.sharedGoalFollowUpDate.iso), error: m.error("/assessment/sharedGoalFollowUpDate")),
                Controls.textarea("assessment.civilSocietyInterventions", "Indsatser i civilsamfundet",
                                  value: m.lines("assessment.civilSocietyInterventions", a.civilSocietyInterventions), error: m.error("/assessment/civilSocietyInterventions"), hint: "Én pr. linje."),
                tri("actionPlanOffered", "Tilbud om § 141-handleplan", a.actionPlanOffered),
                tri("actionPlanWish", "Borgerens ønske til handleplan", a.actionPlanWish),
                status("actionPlanStatus", "Status for handleplan", a.actionPlanStatus),
                tri("holisticPlanOffered", "Helhedsorienteret handleplan tilbudt", a.holisticPlanOffered),
                tri("holisticPlanWish", "Borgerens ønske til helhedsorienteret handleplan", a.holisticPlanWish),
                status("holisticPlanStatus", "Status for helhedsorienteret handleplan", a.holisticPlanStatus),
                Controls.select("assessment.currentSupportNeed", "Borgerens aktuelle støttebehov", options: m.options(FFBValueSet.needs),
                                selected: m.entry("assessment.currentSupportNeed", a.currentSupportNeed), error: m.error("/assessment/currentSupportNeed")),
                Controls.checkboxes("assessment.targetGroups", "Borgerens målgruppe", options: m.options(FFBValueSet.targetGroups),
                                    selected: m.chosen("assessment.targetGroups", a.targetGroups), error: m.error("/assessment/targetGroups")),
                committee(m, ctx),
                .h2(.id("maal"), .txt("Indsatsmål")),
                goals.isEmpty ? .p(.txt("Ingen mål endnu.")) : .ul(.class("items"), .forEach(Array(goals.enumerated())) { (i, g) in
                    .li(
                        .txt("\(g.text ?? "Mål \(i + 1)"): \(m.display(g.goalType)), tema \(m.display(g.primaryTheme)), forventet niveau \(Controls.number(g.expectedLevel) ?? "–"), opfølgning \(g.followUpDate.danishOrDash)"),
                        .if(editable && g.id != nil, itemActions(m, ctx, .sagsvurdering, kind: "goal", id: g.id, name: "målet \"\(g.text ?? "Mål \(i + 1)")\"", inPageForm: true))
                    )
                }),
                .if(editable, goalForm(m, ctx)),
                .h2(.id("indsatser"), .txt("Indstillede indsatser")),
                interventions.isEmpty ? .p(.txt("Ingen indsatser endnu.")) : interventionTable(m, actions: editable ? ctx : nil),
                AlternativesView.table(interventions.enumerated().map { (i, x) in
                    AlternativesView.Row(name: m.interventionName(i), expectedPrice: x.expectedPrice, perYear: x.noEndDate == true, alternatives: x.alternatives ?? [])
                }),
                .if(editable, interventionForm(m, ctx)),
                .div(.id("gem"), saveButtons(m, "Gem vurdering", page: .sagsvurdering))
            )
        )
    }

    /// The visitation committee (WF-13): whether the recommendation must go there (derived from the hours
    /// threshold and residential offers), its meetings, and the form to record one.
    static func committee(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let a = m.doc.assessment
        let reviews = a.committeeReviews ?? []
        guard a.visitationCommittee == true || !reviews.isEmpty else { return .empty }
        let p = "/assessment/committeeReviews/\(reviews.count)"
        return .group(
            .h2(.id("visitationsudvalg"), .txt("Visitationsudvalg")),
            .p(.txt(a.visitationCommittee == true
                    ? "Indstillingen skal forelægges visitationsudvalget: den omfatter et botilbud eller flere timer om ugen end kommunens grænse."
                    : "Indstillingen skal ikke længere forelægges visitationsudvalget.")),
            reviews.isEmpty ? .p(.txt("Udvalget har ikke behandlet indstillingen endnu.")) : .ul(.forEach(reviews) { r in
                .li(.txt("\(r.meetingOn.danish): \(r.outcome.danishName)\(r.note.map { " – \($0)" } ?? "")"))
            }),
            .if([.assessment, .decision].contains(m.phase), .element(named: "fieldset", nodes: [
                .class("part"),
                .element(named: "legend", txt: "Registrér udvalgets behandling"),
                Controls.input("committee.meetingOn", "Mødedato", type: "date", value: m.entry("committee.meetingOn", nil), error: m.error("\(p)/meetingOn")),
                Controls.enumSelect("committee.outcome", "Udvalgets afgørelse", CommitteeOutcome.self,
                                    selected: m.entry("committee.outcome", nil).flatMap(CommitteeOutcome.init(rawValue:)), error: m.error("\(p)/outcome")),
                Controls.textarea("committee.note", "Bemærkning", value: m.entry("committee.note", nil), error: m.error("\(p)/note")),
                addButton("committee", "Gem udvalgets behandling"),
            ]))
        )
    }

    /// The goal form: a new goal, or — with `?ret=<id>` or after a refused correction — the goal filled in.
    static func goalForm(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let goals = m.doc.goals
        let editing = (m.entry("goal.id", nil).flatMap(UUID.init(uuidString:)) ?? m.editing).flatMap { id in goals.firstIndex { $0.id == id } }
        let g = editing.map { goals[$0] }
        let p = "/goals/\(editing ?? goals.count)"
        return .element(named: "fieldset", nodes: [
            .class("part"),
            .unwrap(g?.id) { Controls.hidden("goal.id", $0.uuidString.lowercased()) },
            .element(named: "legend", nodes: [.attr("id", "maalformular"), .txt(g == nil ? "Tilføj mål" : "Ret målet")]),
            Controls.input("goal.text", "Målet i borgerens ord", value: m.entry("goal.text", g?.text), error: m.error("\(p)/text")),
            Controls.select("goal.goalType", "Måltype", options: m.options(FFBValueSet.changeValues), selected: m.entry("goal.goalType", g?.goalType),
                            error: m.error("\(p)/goalType")),
            Controls.select("goal.primaryTheme", "Primært udredningstema", options: m.options(FFBValueSet.activityAndParticipation),
                            selected: m.entry("goal.primaryTheme", g?.primaryTheme), error: m.error("\(p)/primaryTheme")),
            Controls.input("goal.expectedLevel", "Forventet funktionsevneniveau", value: m.entry("goal.expectedLevel", Controls.number(g?.expectedLevel)),
                           error: m.error("\(p)/expectedLevel"), hint: "0–4, højst to decimaler, fx 2,5."),
            Controls.input("goal.followUpDate", "Opfølgning på målet", type: "date", value: m.entry("goal.followUpDate", g?.followUpDate.iso),
                           error: m.error("\(p)/followUpDate")),
            addButton("goal", g == nil ? "Tilføj mål" : "Gem målet"),
            .if(g != nil, .p(.a(.attr("href", url(m, .sagsvurdering) + "#maal"), .txt("Fortryd rettelsen")))),
        ])
    }

    /// The intervention form: a new one (a klar sag's service and offer, IDs 5–6, filled in), or — with
    /// `?ret=<id>` or after a refused correction — the intervention filled in. Several services, one offer,
    /// paragraphs chosen from the one list.
    static func interventionForm(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let all = m.doc.interventions
        let editing = (m.entry("x.id", nil).flatMap(UUID.init(uuidString:)) ?? m.editing).flatMap { id in all.firstIndex { $0.id == id } }
        var x = editing.map { all[$0] }
        if x == nil, all.isEmpty, m.doc.opening.clearCase == true {
            var prefilled = Intervention()
            prefilled.services = m.doc.opening.clearCaseServiceType.map { [CodedService(code: $0)] }
            prefilled.offers = m.doc.opening.clearCaseOfferType.map { [CodedService(code: $0)] }
            x = prefilled
        }
        let p = "/interventions/\(editing ?? all.count)"
        let services = x?.services ?? []
        let alternatives = x?.alternatives ?? []
        let paragraphs = paragraphOptions
        let prefilled = editing == nil && all.isEmpty && m.doc.opening.clearCase == true
        return .element(named: "fieldset", nodes: [
            .class("part"),
            .unwrap(editing.flatMap { all[$0].id }) { Controls.hidden("x.id", $0.uuidString.lowercased()) },
            .element(named: "legend", nodes: [.attr("id", "indsatsformular"), .txt(editing == nil ? "Tilføj indsats" : "Ret indsatsen")]),
            // What the klar sag filled in is not "typed": saving the page does not add an intervention for it alone.
            .if(prefilled, .group(
                .p(.class("hint"), .txt("Klar sag: ydelse og tilbud fra sagsåbningen er sat ind.")),
                .unwrap(x?.services?.first?.code) { Controls.hidden("x.prefill.service.0", $0) },
                .unwrap(x?.offers?.first?.code) { Controls.hidden("x.prefill.offer", $0) }
            )),
            .forEach(0..<max(services.count + 1, 2)) { i in
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: i == 0 ? "Ydelse" : "Ydelse \(i + 1) (valgfri)"),
                    Controls.select("x.service.\(i)", "Ydelse", options: m.options(FFBValueSet.interventions),
                                    selected: m.entry("x.service.\(i)", i < services.count ? services[i].code : nil), error: m.error("\(p)/services/\(i)")),
                    Controls.select("x.serviceParagraph.\(i)", "Lovhjemmel", options: paragraphs,
                                    selected: m.entry("x.serviceParagraph.\(i)", i < services.count ? services[i].paragraph : nil),
                                    error: m.error("\(p)/services/\(i)/paragraph")),
                ])
            },
            .element(named: "fieldset", nodes: [
                .element(named: "legend", txt: "Tilbud"),
                Controls.select("x.offer", "Tilbud", options: m.options(FFBValueSet.services), selected: m.entry("x.offer", x?.offers?.first?.code),
                                error: m.error("\(p)/offers")),
                Controls.select("x.offerParagraph", "Lovhjemmel for tilbuddet", options: paragraphs, selected: m.entry("x.offerParagraph", x?.offers?.first?.paragraph),
                                error: m.error("\(p)/offers/0/paragraph")),
            ]),
            Controls.input("x.accountNumber", "Kontonummer", value: m.entry("x.accountNumber", x?.accountNumber), error: m.error("\(p)/accountNumber"),
                           hint: "Fx 5.38.50."),
            Controls.textarea("x.alternativesConsidered", "Alternative indsatser, der er overvejet", value: m.entry("x.alternativesConsidered", x?.alternativesConsidered)),
            .forEach(0..<min(10, max(alternatives.count + 1, 2))) { i in
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: "Alternativ \(i + 1) med pris (valgfri)"),
                    Controls.input("x.alternative.\(i).description", "Alternativ indsats", value: m.entry("x.alternative.\(i).description",
                                                                                                       i < alternatives.count ? alternatives[i].description : nil),
                                   error: m.error("\(p)/alternatives/\(i)/description")),
                    Controls.input("x.alternative.\(i).price", "Forventet pris i kr.", value: m.entry("x.alternative.\(i).price",
                                                                                                    i < alternatives.count ? Controls.kroner(alternatives[i].expectedPrice) : nil),
                                   error: m.error("\(p)/alternatives/\(i)/expectedPrice"), hint: "For samme periode som indsatsen, så de kan sammenlignes."),
                ])
            },
            Controls.input("x.expectedStartDate", "Forventet startdato", type: "date", value: m.entry("x.expectedStartDate", x?.expectedStartDate.iso),
                           error: m.error("\(p)/expectedStartDate")),
            Controls.input("x.expectedEndDate", "Forventet slutdato", type: "date", value: m.entry("x.expectedEndDate", x?.expectedEndDate.iso),
                           error: m.error("\(p)/expectedEndDate"), hint: "Tomt felt: beregnes ud fra antal gentagelser."),
            Controls.yesNo("x.noEndDate", "Indsatsen er uden slutdato", selected: m.entry("x.noEndDate", x?.noEndDate.formValue).flatMap { $0.isEmpty ? nil : $0 == "true" },
                           error: m.error("\(p)/noEndDate")),
            Controls.input("x.serviceExpectedStartDate", "Forventet startdato for ydelserne", type: "date",
                           value: m.entry("x.serviceExpectedStartDate", x?.serviceExpectedStartDate.iso), error: m.error("\(p)/serviceExpectedStartDate")),
            Controls.input("x.serviceExpectedEndDate", "Forventet slutdato for ydelserne", type: "date",
                           value: m.entry("x.serviceExpectedEndDate", x?.serviceExpectedEndDate.iso), error: m.error("\(p)/serviceExpectedEndDate")),
            Controls.enumSelect("x.unit", "Ydelsesenhed", ServiceUnit.self, selected: m.entry("x.unit", x?.unit?.rawValue).flatMap(ServiceUnit.init(rawValue:)),
                                error: m.error("\(p)/unit")),
            Controls.input("x.unitsPerPeriod", "Antal enheder i hver periode", value: m.entry("x.unitsPerPeriod", Controls.number(x?.unitsPerPeriod)),
                           error: m.error("\(p)/unitsPerPeriod"), hint: "Højst to decimaler, fx 10,25 timer."),
            Controls.enumSelect("x.frequency", "Periode (ydelsesfrekvens)", ServiceFrequency.self,
                                selected: m.entry("x.frequency", x?.frequency?.rawValue).flatMap(ServiceFrequency.init(rawValue:)), error: m.error("\(p)/frequency")),
            Controls.input("x.periodRepetitions", "Antal gentagelser af perioden", value: m.entry("x.periodRepetitions", x?.periodRepetitions.map(String.init)),
                           error: m.error("\(p)/periodRepetitions"), hint: "Tomt felt: beregnes ud fra slutdatoen."),
            Controls.input("x.unitPrice", "Enhedspris i kr.", value: m.entry("x.unitPrice", Controls.kroner(x?.unitPrice)), error: m.error("\(p)/unitPrice")),
            addButton("intervention", editing == nil ? "Tilføj indsats" : "Gem indsatsen"),
            .if(editing != nil, .p(.a(.attr("href", url(m, .sagsvurdering) + "#indsatser"), .txt("Fortryd rettelsen")))),
        ])
    }

    /// A button of the assessment page's one form that saves the page with this part added (`add=<part>`).
    static func addButton(_ part: String, _ label: String) -> Node<HTML.BodyContext> {
        .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "add"), .attr("value", part), .class("secondary button button-secondary"), .txt(label)])
    }

    /// "Ret" (the item's form filled in) and "Fjern" (a button: the case rules decide whether it may go). Inside the
    /// page's one form (`inPageForm`), "Fjern" is a button of that form (`remove=<kind>:<id>`), so what was typed
    /// elsewhere on the page is saved with the removal.
    static func itemActions(_ m: CasePageModel, _ ctx: PageContext, _ slug: PhaseSlug, kind: String, id: UUID?, name: String,
                            inPageForm: Bool = false) -> Node<HTML.BodyContext> {
        guard let id else { return .empty }
        let anchor = ["goal": "#maalformular", "intervention": "#indsatsformular", "followUp": "#opfoelgningsformular"][kind] ?? ""
        let edit: Node<HTML.BodyContext> = .a(.attr("href", SiteURL.casePhase(m.record.id, slug, edit: id).path + anchor), .attr("aria-label", "Ret \(name)"), .txt("Ret"))
        if inPageForm {
            return .span(.class("item-actions"), edit, .txt(" "),
                         .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "remove"), .attr("value", "\(kind):\(id.uuidString.lowercased())"),
                                                           .class("link"), .attr("aria-label", "Fjern \(name)"), .txt("Fjern")]))
        }
        return .span(
            .class("item-actions"),
            edit,
            .element(named: "form", nodes: [
                .attr("action", url(m, slug)), .attr("method", "post"), .class("inline"),
                Controls.csrf(ctx), Controls.hidden("version", m.version), Controls.hidden("remove.kind", kind),
                Controls.hidden("remove.id", id.uuidString.lowercased()),
                .element(named: "button", nodes: [.attr("type", "submit"), .class("link"), .attr("aria-label", "Fjern \(name)"), .txt("Fjern")]),
            ])
        )
    }

    /// The interventions with their prices; with `actions` (the assessment page, while it may change) each
    /// undecided one can be corrected or removed.
    static func interventionTable(_ m: CasePageModel, actions ctx: PageContext? = nil) -> Node<HTML.BodyContext> {
        .table(
            .caption(.txt("Indsatser")),
            ctx == nil ? Controls.tableHead("Indsats", "Periode", "Omfang", "Basispris", "Forventet pris", "Afgørelse")
                : Controls.tableHead("Indsats", "Periode", "Omfang", "Basispris", "Forventet pris", "Afgørelse", "Ret eller fjern"),
            .tbody(.forEach(Array(m.doc.interventions.enumerated())) { (i, x) in
                // An intervention without an end date is priced for its first year: an annual amount.
                let per = x.noEndDate == true ? " pr. år" : ""
                let supplements = (x.supplements ?? []).map { "\($0.text) \(Kroner.danish($0.amount)) kr." }
                return .tr(
                    .td(.txt(m.interventionName(i))),
                    .td(.txt("\(x.expectedStartDate.danishOrDash) – \(x.noEndDate == true ? "uden slutdato" : x.expectedEndDate.danishOrDash)")),
                    .td(.txt(x.scope.map { "\($0.unit.quantity($0.units))\($0.perYear ? " pr. år" : "")" } ?? "–")),
                    .td(.txt(Controls.kroner(x.basePrice).map { "\($0) kr.\(per)" } ?? "–")),
                    .td(.txt(Controls.kroner(x.expectedPrice).map { "\($0) kr.\(per)" + (supplements.isEmpty ? "" : " (inkl. tillæg: \(supplements.joined(separator: "; ")))") } ?? "–")),
                    .td(.txt(x.decision?.outcome?.danishName ?? "Ikke afgjort")),
                    .unwrap(ctx) { ctx in
                        .td(x.decision?.outcome == nil ? itemActions(m, ctx, .sagsvurdering, kind: "intervention", id: x.id, name: "indsatsen \"\(m.interventionName(i))\"",
                                                                     inPageForm: true)
                            : .txt("Afgjort"))
                    }
                )
            })
        )
    }
}
