import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func investigation(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let inv = m.doc.investigation
        let levels = inv.functionalLevels ?? []
        let subthemes = m.terminology.valueSet(FFBValueSet.activityAndParticipation)
        return .group(
            .dl(auto("Dato for begyndt sagsoplysning", inv.startedOn?.danish)),
            Controls.form(
                action: url(m, .sagsoplysning), Controls.csrf(ctx), Controls.hidden("version", m.version),
                Controls.checkboxes("investigation.assessedSubthemes", "Relevante undertemaer", options: m.options(FFBValueSet.conditions),
                                    selected: m.chosen("investigation.assessedSubthemes", inv.assessedSubthemes), error: m.error("/investigation/assessedSubthemes")),
                .h2(.txt("Funktionsevneniveau, aktivitet og deltagelse")),
                .p(.class("hint"), .txt("Skala 0–4, decimaler er tilladt (0 ingen, 1 let, 2 moderat, 3 svært, 4 fuldstændigt nedsat funktionsevne). Udfyld kun de temaer, der er relevante.")),
                .forEach(Array(subthemes.enumerated())) { (i, s) in
                    let index = levels.firstIndex { $0.subtheme == s.code }
                    let level = index.map { levels[$0] }
                    return Controls.input("level.\(s.code)", s.display, type: "text", value: m.entry("level.\(s.code)", Controls.number(level?.level)),
                                          error: index.flatMap { m.error("/investigation/functionalLevels/\($0)") } ?? m.error("/investigation/functionalLevels/x\(i)"),
                                          hint: level?.severity.map { "FFB: \(m.display($0))" })
                },
                Controls.textarea("investigation.overallFunctionalAssessment", "Samlet funktionsvurdering",
                                  value: m.entry("investigation.overallFunctionalAssessment", inv.overallFunctionalAssessment), error: m.error("/investigation/overallFunctionalAssessment")),
                saveButtons(m, "Gem sagsoplysning", page: .sagsoplysning)
            )
        )
    }
}
