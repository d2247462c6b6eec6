import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func investigation(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let levels = Dictionary(m.list("/investigation/functionalLevels").compactMap { l in (l["subtheme"] as? String).map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
        let subthemes = m.terminology.valueSet(FFBValueSet.activityAndParticipation)
        return .group(
            .dl(auto("Dato for begyndt sagsoplysning (ID 25)", m.value("/investigation/startedOn").flatMap(CalendarDate.init)?.danish)),
            Controls.form(
                action: url(m, .sagsoplysning), Controls.csrf(req), Controls.hidden("version", m.version),
                Controls.checkboxes("investigation.assessedSubthemes", "Relevante undertemaer (ID 26)", options: m.options(FFBValueSet.conditions),
                                    selected: m.values("/investigation/assessedSubthemes"), error: m.error("/investigation/assessedSubthemes")),
                .h2(.txt("Funktionsevneniveau, aktivitet og deltagelse (ID 27)")),
                .p(.class("hint"), .txt("Skala 0–4, decimaler er tilladt (0 ingen, 1 let, 2 moderat, 3 svært, 4 fuldstændigt nedsat funktionsevne). Udfyld kun de temaer, der er relevante.")),
                .forEach(Array(subthemes.enumerated())) { (i, s) in
                    let level = levels[s.code]
                    let shown = level?["level"].flatMap { ($0 as? NSNumber).map { Controls.number($0.doubleValue) } ?? ($0 as? String) } ?? nil
                    let index = m.list("/investigation/functionalLevels").firstIndex { $0["subtheme"] as? String == s.code }
                    return Controls.input("level.\(s.code)", s.display, type: "text", value: shown,
                                          error: index.flatMap { m.error("/investigation/functionalLevels/\($0)") } ?? m.error("/investigation/functionalLevels/x\(i)"),
                                          hint: (level?["severity"] as? String).map { "FFB: \(m.display($0))" })
                },
                Controls.textarea("investigation.overallFunctionalAssessment", "Samlet funktionsvurdering", value: m.value("/investigation/overallFunctionalAssessment"), error: m.error("/investigation/overallFunctionalAssessment")),
                Controls.submit("Gem sagsoplysning")
            )
        )
    }
}
