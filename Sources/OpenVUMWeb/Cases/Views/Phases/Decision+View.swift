import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func decision(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let xs = m.list("/interventions")
        return .group(
            .dl(auto("Dato for gangsat indstilling (ID 62)", m.value("/assessment/recommendationStartedOn").flatMap(CalendarDate.init)?.danish)),
            xs.isEmpty ? .p(.txt("Der er ingen indstillede indsatser.")) : Controls.form(
                action: url(m, .afgoerelse), Controls.csrf(req), Controls.hidden("version", m.version),
                .forEach(Array(xs.indices)) { i in
                    let p = "/interventions/\(i)/decision"
                    let n = "interventions.\(i).decision"
                    return .element(named: "fieldset", nodes: [
                        .element(named: "legend", txt: interventionName(m, i)),
                        Controls.enumSelect("\(n).outcome", "Afgørelse (ID 63/64)", DecisionOutcome.self, selected: m.value("\(p)/outcome").flatMap(DecisionOutcome.init), error: m.error("\(p)/outcome")),
                        Controls.input("\(n).grantedUnitsPerPeriod", "Omfang af tildelt indsats, enheder pr. periode (ID 65)", value: m.value("\(p)/grantedUnitsPerPeriod"), error: m.error("\(p)/grantedUnitsPerPeriod")),
                        Controls.input("\(n).paragraph", "Bevillingsparagraf (ID 66)", value: m.value("\(p)/paragraph"), error: m.error("\(p)/paragraph"), hint: "Fx SEL § 85."),
                        Controls.input("\(n).followUpDate", "Opfølgningsdato (ID 67)", type: "date", value: m.value("\(p)/followUpDate"), error: m.error("\(p)/followUpDate")),
                        Controls.textarea("\(n).reason", "Begrundelse (til afgørelsesbrevet)", value: m.value("\(p)/reason"), error: m.error("\(p)/reason")),
                    ])
                },
                Controls.submit("Gem afgørelse")
            )
        )
    }
}
