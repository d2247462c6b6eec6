import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func decision(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let xs = m.doc.interventions
        return .group(
            .dl(auto("Dato for gangsat indstilling (ID 62)", m.doc.assessment.recommendationStartedOn?.danish)),
            xs.isEmpty ? .p(.txt("Der er ingen indstillede indsatser.")) : Controls.form(
                action: url(m, .afgoerelse), Controls.csrf(ctx), Controls.hidden("version", m.version),
                .forEach(Array(xs.enumerated())) { (i, x) in
                    let d = x.decision
                    let p = "/interventions/\(i)/decision"
                    let n = "interventions.\(i).decision"
                    return .element(named: "fieldset", nodes: [
                        .element(named: "legend", txt: m.interventionName(i)),
                        Controls.enumSelect("\(n).outcome", "Afgørelse (ID 63/64)", DecisionOutcome.self,
                                            selected: m.entry("\(n).outcome", d?.outcome?.rawValue).flatMap(DecisionOutcome.init), error: m.error("\(p)/outcome")),
                        Controls.input("\(n).grantedUnitsPerPeriod", "Omfang af tildelt indsats, enheder pr. periode (ID 65)",
                                       value: m.entry("\(n).grantedUnitsPerPeriod", Controls.number(d?.grantedUnitsPerPeriod)), error: m.error("\(p)/grantedUnitsPerPeriod")),
                        Controls.input("\(n).paragraph", "Bevillingsparagraf (ID 66)", value: m.entry("\(n).paragraph", d?.paragraph), error: m.error("\(p)/paragraph"), hint: "Fx SEL § 85."),
                        Controls.input("\(n).followUpDate", "Opfølgningsdato (ID 67)", type: "date", value: m.entry("\(n).followUpDate", d?.followUpDate.iso), error: m.error("\(p)/followUpDate")),
                        Controls.textarea("\(n).reason", "Begrundelse (til afgørelsesbrevet)", value: m.entry("\(n).reason", d?.reason), error: m.error("\(p)/reason")),
                    ])
                },
                Controls.submit("Gem afgørelse")
            )
        )
    }
}
