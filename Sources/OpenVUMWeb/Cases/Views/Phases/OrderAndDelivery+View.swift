import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func order(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let granted = m.list("/interventions").indices.filter { m.value("/interventions/\($0)/decision/outcome") == "granted" }
        let offers = m.units.filter { $0.kind == .offer }.map { ($0.id.uuidString, $0.name) }
        return granted.isEmpty ? .p(.txt("Der er ingen bevilgede indsatser at bestille.")) : Controls.form(
            action: url(m, .bestilling), Controls.csrf(req), Controls.hidden("version", m.version),
            .forEach(granted) { i in
                let p = "/interventions/\(i)/order"
                let n = "interventions.\(i).order"
                return .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: interventionName(m, i)),
                    .dl(auto("Dato for bestilling (ID 68)", m.value("\(p)/orderedOn").flatMap(CalendarDate.init)?.danish)),
                    Controls.select("\(n).providerUnitId", "Tilbud, der bestilles hos", options: offers, selected: m.value("\(p)/providerUnitId"), error: m.error("\(p)/providerUnitId")),
                    Controls.input("\(n).providerPNumber", "Udførers p-nummer (ID 69)", value: m.value("\(p)/providerPNumber"), error: m.error("\(p)/providerPNumber")),
                    Controls.input("\(n).providerEAN", "Udførers EAN-nummer (ID 70)", value: m.value("\(p)/providerEAN"), error: m.error("\(p)/providerEAN")),
                    Controls.input("\(n).providerAccount", "Udførers kontonummer (ID 71)", value: m.value("\(p)/providerAccount"), error: m.error("\(p)/providerAccount")),
                    Controls.input("\(n).coPayment", "Egenbetaling pr. måned i kr. (ID 72)", value: Controls.kroner(m.value("\(p)/coPayment").flatMap { Int($0) }) ?? m.value("\(p)/coPayment"), error: m.error("\(p)/coPayment")),
                    Controls.yesNo("\(n).coordinationNeeded", "Behov for koordinering (ID 73)", selected: m.value("\(p)/coordinationNeeded").map { $0 == "true" }, error: m.error("\(p)/coordinationNeeded")),
                ])
            },
            Controls.submit("Gem bestilling")
        )
    }

    static func delivery(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let ordered = m.list("/interventions").indices.filter { m.value("/interventions/\($0)/order/orderedOn") != nil }
        return ordered.isEmpty ? .p(.txt("Der er ingen bestilte indsatser.")) : Controls.form(
            action: url(m, .levering), Controls.csrf(req), Controls.hidden("version", m.version),
            .forEach(ordered) { i in
                let p = "/interventions/\(i)/delivery"
                let n = "interventions.\(i).delivery"
                return .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: interventionName(m, i)),
                    .dl(auto("Dato for dokumentation (ID 74)", m.value("\(p)/documentedOn").flatMap(CalendarDate.init)?.danish)),
                    Controls.input("\(n).startDate", "Startdato for indsats (ID 75)", type: "date", value: m.value("\(p)/startDate"), error: m.error("\(p)/startDate")),
                    Controls.input("\(n).serviceStartDate", "Startdato for ydelser, hvis den afviger (ID 76)", type: "date", value: m.value("\(p)/serviceStartDate"), error: m.error("\(p)/serviceStartDate")),
                ])
            },
            Controls.submit("Gem levering")
        )
    }
}
