import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func assessment(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        func tri(_ key: String, _ label: String) -> Node<HTML.BodyContext> {
            Controls.triState("assessment.\(key)", label, selected: m.value("/assessment/\(key)").flatMap(TriState.init), error: m.error("/assessment/\(key)"))
        }
        let goals = m.list("/goals")
        let interventions = m.list("/interventions")
        let editable = m.phase == .assessment
        return .group(
            .dl(
                auto("Dato for begyndt sagsvurdering (ID 28)", m.value("/assessment/startedOn").flatMap(CalendarDate.init)?.danish),
                auto("Forventet pris for samlet indsats (ID 52)", Controls.kroner(m.value("/assessment/expectedTotalPrice").flatMap { Int($0) }).map { "\($0) kr." }),
                auto("Dato for handleplans gyldighed (ID 61)", m.value("/assessment/actionPlanValidUntil").flatMap(CalendarDate.init)?.danish),
                auto("Dato for gangsat indstilling (ID 62)", m.value("/assessment/recommendationStartedOn").flatMap(CalendarDate.init)?.danish)
            ),
            Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(req), Controls.hidden("version", m.version), Controls.hidden("section", "assessment"),
                Controls.input("assessment.sharedGoalFollowUpDate", "Fælles opfølgningstidspunkt på mål (ID 33)", type: "date", value: m.value("/assessment/sharedGoalFollowUpDate"), error: m.error("/assessment/sharedGoalFollowUpDate")),
                Controls.textarea("assessment.civilSocietyInterventions", "Indsatser i civilsamfundet (ID 34)", value: (JSONPointer.resolve("/assessment/civilSocietyInterventions", in: m.json) as? [String])?.joined(separator: "\n"), error: m.error("/assessment/civilSocietyInterventions"), hint: "Én pr. linje."),
                tri("actionPlanOffered", "Tilbud om § 141-handleplan (ID 53)"),
                tri("actionPlanWish", "Borgerens ønske til handleplan (ID 54)"),
                Controls.enumSelect("assessment.actionPlanStatus", "Status for handleplan (ID 55)", PlanStatus.self, selected: m.value("/assessment/actionPlanStatus").flatMap(PlanStatus.init), error: m.error("/assessment/actionPlanStatus")),
                tri("holisticPlanOffered", "Helhedsorienteret handleplan tilbudt (ID 56)"),
                tri("holisticPlanWish", "Borgerens ønske til helhedsorienteret handleplan (ID 57)"),
                Controls.enumSelect("assessment.holisticPlanStatus", "Status for helhedsorienteret handleplan (ID 58)", PlanStatus.self, selected: m.value("/assessment/holisticPlanStatus").flatMap(PlanStatus.init), error: m.error("/assessment/holisticPlanStatus")),
                Controls.select("assessment.currentSupportNeed", "Borgerens aktuelle støttebehov (ID 59)", options: m.options(FFBValueSet.needs), selected: m.value("/assessment/currentSupportNeed"), error: m.error("/assessment/currentSupportNeed")),
                Controls.checkboxes("assessment.targetGroups", "Borgerens målgruppe (ID 60)", options: m.options(FFBValueSet.targetGroups), selected: m.values("/assessment/targetGroups"), error: m.error("/assessment/targetGroups")),
                Controls.submit("Gem vurdering")
            ),
            .h2(.txt("Indsatsmål (ID 29–32)")),
            goals.isEmpty ? .p(.txt("Ingen mål endnu.")) : .ul(.forEach(Array(goals.enumerated())) { (i, g) in
                .li(.txt("\(g["text"] as? String ?? "Mål \(i + 1)"): \(m.display(g["goalType"] as? String)), tema \(m.display(g["primaryTheme"] as? String)), forventet niveau \(m.value("/goals/\(i)/expectedLevel") ?? "–"), opfølgning \(date(g["followUpDate"] as? String))"))
            }),
            .if(editable, Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(req), Controls.hidden("version", m.version), Controls.hidden("section", "goal"),
                .h3(.txt("Tilføj mål")),
                Controls.input("goal.text", "Målet i borgerens ord", value: nil, error: m.error("/goals/\(goals.count)/text")),
                Controls.select("goal.goalType", "Måltype (ID 29)", options: m.options(FFBValueSet.changeValues), selected: nil, error: m.error("/goals/\(goals.count)/goalType")),
                Controls.select("goal.primaryTheme", "Primært udredningstema (ID 30)", options: m.options(FFBValueSet.activityAndParticipation), selected: nil, error: m.error("/goals/\(goals.count)/primaryTheme")),
                Controls.input("goal.expectedLevel", "Forventet funktionsevneniveau 0–4 (ID 31)", value: nil, error: m.error("/goals/\(goals.count)/expectedLevel")),
                Controls.input("goal.followUpDate", "Opfølgningstidspunkt for målet (ID 32)", type: "date", value: nil, error: m.error("/goals/\(goals.count)/followUpDate")),
                Controls.submit("Tilføj mål")
            )),
            .h2(.txt("Indstillede indsatser (ID 35–51)")),
            interventions.isEmpty ? .p(.txt("Ingen indsatser endnu.")) : interventionTable(m),
            .if(editable, Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(req), Controls.hidden("version", m.version), Controls.hidden("section", "intervention"),
                .h3(.txt("Tilføj indsats")),
                Controls.select("x.service", "Ydelse (ID 35)", options: m.options(FFBValueSet.interventions), selected: nil, error: m.error("/interventions/\(interventions.count)/services")),
                Controls.input("x.serviceParagraph", "Lovhjemmel for ydelsen", value: nil, hint: "Fx SEL § 85."),
                Controls.select("x.offer", "Tilbud (ID 36)", options: m.options(FFBValueSet.services), selected: nil, error: m.error("/interventions/\(interventions.count)/offers")),
                Controls.input("x.offerParagraph", "Lovhjemmel for tilbuddet", value: nil),
                Controls.input("x.accountNumber", "Kontonummer (ID 37)", value: nil, hint: "Fx 5.38.50."),
                Controls.textarea("x.alternativesConsidered", "Alternative indsatser (ID 38)", value: nil),
                Controls.input("x.expectedStartDate", "Forventet startdato (ID 39)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/expectedStartDate")),
                Controls.input("x.expectedEndDate", "Forventet slutdato (ID 40)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/expectedEndDate")),
                Controls.yesNo("x.noEndDate", "Indsatsen er uden slutdato (ID 41)", selected: nil),
                Controls.input("x.serviceExpectedStartDate", "Forventet startdato for ydelser (ID 42)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/serviceExpectedStartDate")),
                Controls.input("x.serviceExpectedEndDate", "Forventet slutdato for ydelser (ID 43)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/serviceExpectedEndDate")),
                Controls.enumSelect("x.unit", "Ydelsesenhed (ID 44)", ServiceUnit.self, selected: nil),
                Controls.input("x.unitsPerPeriod", "Antal enheder i hver periode (ID 45)", value: nil, error: m.error("/interventions/\(interventions.count)/unitsPerPeriod")),
                Controls.enumSelect("x.frequency", "Ydelsesfrekvens (ID 46)", ServiceFrequency.self, selected: nil),
                Controls.input("x.periodRepetitions", "Antal gentagelser af perioden (ID 47)", value: nil, error: m.error("/interventions/\(interventions.count)/periodRepetitions")),
                Controls.input("x.unitPrice", "Enhedspris i kr. (ID 48)", value: nil, error: m.error("/interventions/\(interventions.count)/unitPrice")),
                Controls.submit("Tilføj indsats")
            ))
        )
    }

    static func interventionTable(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        .table(
            .caption(.txt("Indsatser")),
            .thead(.tr(
                .th(.attr("scope", "col"), .txt("Indsats")),
                .th(.attr("scope", "col"), .txt("Periode")),
                .th(.attr("scope", "col"), .txt("Omfang (ID 50)")),
                .th(.attr("scope", "col"), .txt("Basispris (ID 49)")),
                .th(.attr("scope", "col"), .txt("Forventet pris (ID 51)")),
                .th(.attr("scope", "col"), .txt("Afgørelse")))),
            .tbody(.forEach(Array(m.list("/interventions").enumerated())) { (i, x) in
                let p = "/interventions/\(i)"
                let unit = m.value("\(p)/scope/unit").flatMap(ServiceUnit.init(rawValue:))?.danishName.lowercased() ?? ""
                return .tr(
                    .td(.txt(interventionName(m, i))),
                    .td(.txt("\(date(x["expectedStartDate"] as? String)) – \(x["noEndDate"] as? Bool == true ? "uden slutdato" : date(x["expectedEndDate"] as? String))")),
                    .td(.txt(m.value("\(p)/scope/units").map { "\($0) \(unit)\(m.value("\(p)/scope/perYear") == "true" ? " pr. år" : "")" } ?? "–")),
                    .td(.txt(Controls.kroner(m.value("\(p)/basePrice").flatMap { Int($0) }).map { "\($0) kr." } ?? "–")),
                    .td(.txt(Controls.kroner(m.value("\(p)/expectedPrice").flatMap { Int($0) }).map { "\($0) kr." } ?? "–")),
                    .td(.txt(m.value("\(p)/decision/outcome").flatMap(DecisionOutcome.init(rawValue:))?.danishName ?? "Ikke afgjort"))
                )
            })
        )
    }

    static func interventionName(_ m: CasePageModel, _ i: Int) -> String {
        let names = (m.list("/interventions/\(i)/services") + m.list("/interventions/\(i)/offers")).compactMap { s -> String? in
            guard let code = s["code"] as? String else { return nil }
            return m.display(code) + ((s["paragraph"] as? String).map { " (\($0))" } ?? "")
        }
        return names.isEmpty ? "Indsats \(i + 1)" : names.joined(separator: ", ")
    }
}
