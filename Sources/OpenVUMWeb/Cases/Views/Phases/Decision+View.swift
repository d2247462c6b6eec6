import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func decision(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let xs = m.doc.interventions
        return .group(
            .dl(auto("Dato for gangsat indstilling", m.doc.assessment.recommendationStartedOn?.danish)),
            xs.isEmpty ? .p(.txt("Der er ingen indstillede indsatser.")) : Controls.form(
                action: url(m, .afgoerelse), Controls.csrf(ctx), Controls.hidden("version", m.version),
                .forEach(Array(xs.enumerated())) { (i, x) in
                    let d = x.decision
                    let p = "/interventions/\(i)/decision"
                    let n = "interventions.\(i).decision"
                    // Not yet decided: "bevilget som indstillet", the recommended scope filled in and shown with its price.
                    let recommended = [x.unitsPerPeriod.map { units in "\(x.unit.map { $0.quantity(units) } ?? units.danish)\(x.frequency.map { " \($0.danishName.lowercased())" } ?? "")" },
                                       x.expectedPrice.map { "forventet pris \(Kroner.danish($0)) kr.\(x.noEndDate == true ? " pr. år" : "")" }].compactMap { $0 }
                    return .element(named: "fieldset", nodes: [
                        .element(named: "legend", txt: m.interventionName(i)),
                        Controls.enumSelect("\(n).outcome", "Afgørelse", DecisionOutcome.self,
                                            selected: m.entry("\(n).outcome", d?.outcome?.rawValue ?? (d == nil ? DecisionOutcome.granted.rawValue : nil)).flatMap(DecisionOutcome.init),
                                            error: m.error("\(p)/outcome"), hint: d == nil ? "Udfyldt som indstillet; ret, hvis afgørelsen er en anden." : nil),
                        Controls.input("\(n).grantedUnitsPerPeriod", "Omfang af tildelt indsats, enheder pr. periode",
                                       value: m.entry("\(n).grantedUnitsPerPeriod", Controls.number(d?.grantedUnitsPerPeriod ?? (d == nil ? x.unitsPerPeriod : nil))),
                                       error: m.error("\(p)/grantedUnitsPerPeriod"), hint: recommended.isEmpty ? nil : "Indstillet: \(recommended.joined(separator: ", ")).")
                        ,
                        Controls.enumSelect("\(n).refusalReason", "Afslagsgrund", RefusalReason.self,
                                            selected: m.entry("\(n).refusalReason", d?.refusalReason?.rawValue).flatMap(RefusalReason.init(rawValue:)),
                                            error: m.error("\(p)/refusalReason"), hint: "Kun ved afslag."),
                        // The paragraph the recommendation named is chosen already: it is not typed again.
                        Controls.select("\(n).paragraph", "Bevillingsparagraf", options: paragraphOptions,
                                        selected: m.entry("\(n).paragraph", d?.paragraph ?? (x.services ?? []).first { $0.paragraph != nil }?.paragraph ?? x.offers?.first?.paragraph),
                                        error: m.error("\(p)/paragraph")),
                        Controls.input("\(n).followUpDate", "Opfølgningsdato", type: "date", value: m.entry("\(n).followUpDate", d?.followUpDate.iso), error: m.error("\(p)/followUpDate")),
                        Controls.textarea("\(n).reason", "Begrundelse (til afgørelsesbrevet)", value: m.entry("\(n).reason", d?.reason), error: m.error("\(p)/reason")),
                    ])
                },
                saveButtons(m, "Gem afgørelse", page: .afgoerelse)
            )
        )
    }
}
