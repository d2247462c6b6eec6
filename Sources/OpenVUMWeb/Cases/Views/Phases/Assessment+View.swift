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
        let newGoal = "/goals/\(goals.count)", newIntervention = "/interventions/\(interventions.count)"
        return .group(
            .dl(
                auto("Dato for begyndt sagsvurdering (ID 28)", a.startedOn?.danish),
                auto("Forventet pris for samlet indsats (ID 52)", Controls.kroner(a.expectedTotalPrice).map { "\($0) kr." }),
                auto("Dato for handleplans gyldighed (ID 61)", a.actionPlanValidUntil?.danish),
                auto("Dato for gangsat indstilling (ID 62)", a.recommendationStartedOn?.danish)
            ),
            Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(ctx), Controls.hidden("version", m.version), Controls.hidden("section", "assessment"),
                Controls.input("assessment.sharedGoalFollowUpDate", "Fælles opfølgningstidspunkt på mål (ID 33)", type: "date",
                               value: m.entry("assessment.sharedGoalFollowUpDate", a.sharedGoalFollowUpDate.iso), error: m.error("/assessment/sharedGoalFollowUpDate")),
                Controls.textarea("assessment.civilSocietyInterventions", "Indsatser i civilsamfundet (ID 34)",
                                  value: m.lines("assessment.civilSocietyInterventions", a.civilSocietyInterventions), error: m.error("/assessment/civilSocietyInterventions"), hint: "Én pr. linje."),
                tri("actionPlanOffered", "Tilbud om § 141-handleplan (ID 53)", a.actionPlanOffered),
                tri("actionPlanWish", "Borgerens ønske til handleplan (ID 54)", a.actionPlanWish),
                status("actionPlanStatus", "Status for handleplan (ID 55)", a.actionPlanStatus),
                tri("holisticPlanOffered", "Helhedsorienteret handleplan tilbudt (ID 56)", a.holisticPlanOffered),
                tri("holisticPlanWish", "Borgerens ønske til helhedsorienteret handleplan (ID 57)", a.holisticPlanWish),
                status("holisticPlanStatus", "Status for helhedsorienteret handleplan (ID 58)", a.holisticPlanStatus),
                Controls.select("assessment.currentSupportNeed", "Borgerens aktuelle støttebehov (ID 59)", options: m.options(FFBValueSet.needs),
                                selected: m.entry("assessment.currentSupportNeed", a.currentSupportNeed), error: m.error("/assessment/currentSupportNeed")),
                Controls.checkboxes("assessment.targetGroups", "Borgerens målgruppe (ID 60)", options: m.options(FFBValueSet.targetGroups),
                                    selected: m.chosen("assessment.targetGroups", a.targetGroups), error: m.error("/assessment/targetGroups")),
                Controls.submit("Gem vurdering")
            ),
            .h2(.txt("Indsatsmål (ID 29–32)")),
            goals.isEmpty ? .p(.txt("Ingen mål endnu.")) : .ul(.forEach(Array(goals.enumerated())) { (i, g) in
                .li(.txt("\(g.text ?? "Mål \(i + 1)"): \(m.display(g.goalType)), tema \(m.display(g.primaryTheme)), forventet niveau \(Controls.number(g.expectedLevel) ?? "–"), opfølgning \(g.followUpDate.danishOrDash)"))
            }),
            .if(editable, Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(ctx), Controls.hidden("version", m.version), Controls.hidden("section", "goal"),
                .h3(.txt("Tilføj mål")),
                Controls.input("goal.text", "Målet i borgerens ord", value: m.entry("goal.text", nil), error: m.error("\(newGoal)/text")),
                Controls.select("goal.goalType", "Måltype (ID 29)", options: m.options(FFBValueSet.changeValues), selected: m.entry("goal.goalType", nil), error: m.error("\(newGoal)/goalType")),
                Controls.select("goal.primaryTheme", "Primært udredningstema (ID 30)", options: m.options(FFBValueSet.activityAndParticipation),
                                selected: m.entry("goal.primaryTheme", nil), error: m.error("\(newGoal)/primaryTheme")),
                Controls.input("goal.expectedLevel", "Forventet funktionsevneniveau 0–4 (ID 31)", value: m.entry("goal.expectedLevel", nil), error: m.error("\(newGoal)/expectedLevel")),
                Controls.input("goal.followUpDate", "Opfølgningstidspunkt for målet (ID 32)", type: "date", value: m.entry("goal.followUpDate", nil), error: m.error("\(newGoal)/followUpDate")),
                Controls.submit("Tilføj mål")
            )),
            .h2(.txt("Indstillede indsatser (ID 35–51)")),
            interventions.isEmpty ? .p(.txt("Ingen indsatser endnu.")) : interventionTable(m),
            .if(editable, Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(ctx), Controls.hidden("version", m.version), Controls.hidden("section", "intervention"),
                .h3(.txt("Tilføj indsats")),
                Controls.select("x.service", "Ydelse (ID 35)", options: m.options(FFBValueSet.interventions), selected: m.entry("x.service", nil), error: m.error("\(newIntervention)/services")),
                Controls.input("x.serviceParagraph", "Lovhjemmel for ydelsen", value: m.entry("x.serviceParagraph", nil), hint: "Fx SEL § 85."),
                Controls.select("x.offer", "Tilbud (ID 36)", options: m.options(FFBValueSet.services), selected: m.entry("x.offer", nil), error: m.error("\(newIntervention)/offers")),
                Controls.input("x.offerParagraph", "Lovhjemmel for tilbuddet", value: m.entry("x.offerParagraph", nil)),
                Controls.input("x.accountNumber", "Kontonummer (ID 37)", value: m.entry("x.accountNumber", nil), hint: "Fx 5.38.50."),
                Controls.textarea("x.alternativesConsidered", "Alternative indsatser (ID 38)", value: m.entry("x.alternativesConsidered", nil)),
                Controls.input("x.expectedStartDate", "Forventet startdato (ID 39)", type: "date", value: m.entry("x.expectedStartDate", nil), error: m.error("\(newIntervention)/expectedStartDate")),
                Controls.input("x.expectedEndDate", "Forventet slutdato (ID 40)", type: "date", value: m.entry("x.expectedEndDate", nil), error: m.error("\(newIntervention)/expectedEndDate")),
                Controls.yesNo("x.noEndDate", "Indsatsen er uden slutdato (ID 41)", selected: m.entry("x.noEndDate", nil).flatMap { $0.isEmpty ? nil : $0 == "true" }),
                Controls.input("x.serviceExpectedStartDate", "Forventet startdato for ydelser (ID 42)", type: "date", value: m.entry("x.serviceExpectedStartDate", nil),
                               error: m.error("\(newIntervention)/serviceExpectedStartDate")),
                Controls.input("x.serviceExpectedEndDate", "Forventet slutdato for ydelser (ID 43)", type: "date", value: m.entry("x.serviceExpectedEndDate", nil),
                               error: m.error("\(newIntervention)/serviceExpectedEndDate")),
                Controls.enumSelect("x.unit", "Ydelsesenhed (ID 44)", ServiceUnit.self, selected: m.entry("x.unit", nil).flatMap(ServiceUnit.init(rawValue:))),
                Controls.input("x.unitsPerPeriod", "Antal enheder i hver periode (ID 45)", value: m.entry("x.unitsPerPeriod", nil), error: m.error("\(newIntervention)/unitsPerPeriod")),
                Controls.enumSelect("x.frequency", "Ydelsesfrekvens (ID 46)", ServiceFrequency.self, selected: m.entry("x.frequency", nil).flatMap(ServiceFrequency.init(rawValue:))),
                Controls.input("x.periodRepetitions", "Antal gentagelser af perioden (ID 47)", value: m.entry("x.periodRepetitions", nil), error: m.error("\(newIntervention)/periodRepetitions")),
                Controls.input("x.unitPrice", "Enhedspris i kr. (ID 48)", value: m.entry("x.unitPrice", nil), error: m.error("\(newIntervention)/unitPrice")),
                Controls.submit("Tilføj indsats")
            ))
        )
    }

    static func interventionTable(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        .table(
            .caption(.txt("Indsatser")),
            Controls.tableHead("Indsats", "Periode", "Omfang (ID 50)", "Basispris (ID 49)", "Forventet pris (ID 51)", "Afgørelse"),
            .tbody(.forEach(Array(m.doc.interventions.enumerated())) { (i, x) in
                // An intervention without an end date is priced for its first year: an annual amount.
                let per = x.noEndDate == true ? " pr. år" : ""
                let supplements = (x.supplements ?? []).map { "\($0.text) \(Kroner.danish($0.amount)) kr." }
                return .tr(
                    .td(.txt(m.interventionName(i))),
                    .td(.txt("\(x.expectedStartDate.danishOrDash) – \(x.noEndDate == true ? "uden slutdato" : x.expectedEndDate.danishOrDash)")),
                    .td(.txt(x.scope.map { "\(Controls.number($0.units) ?? "") \($0.unit.danishName.lowercased())\($0.perYear ? " pr. år" : "")" } ?? "–")),
                    .td(.txt(Controls.kroner(x.basePrice).map { "\($0) kr.\(per)" } ?? "–")),
                    .td(.txt(Controls.kroner(x.expectedPrice).map { "\($0) kr.\(per)" + (supplements.isEmpty ? "" : " (inkl. tillæg: \(supplements.joined(separator: "; ")))") } ?? "–")),
                    .td(.txt(x.decision?.outcome?.danishName ?? "Ikke afgjort"))
                )
            })
        )
    }
}
