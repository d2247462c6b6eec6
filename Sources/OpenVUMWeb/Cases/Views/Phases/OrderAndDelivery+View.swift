import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func order(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let granted = m.doc.interventions.indices.filter { m.doc.interventions[$0].decision?.outcome == .granted }
        let offers = m.units.filter { $0.kind == .offer }.map { ($0.id.uuidString, $0.name + (m.offerRegister[$0.id] == nil ? "" : " – i tilbudsregistret")) }
        return granted.isEmpty ? .p(.txt("Der er ingen bevilgede indsatser at bestille.")) : Controls.form(
            action: url(m, .bestilling), Controls.csrf(ctx), Controls.hidden("version", m.version),
            .forEach(granted) { i in
                let o = m.doc.interventions[i].order
                let p = "/interventions/\(i)/order"
                let n = "interventions.\(i).order"
                return .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: m.interventionName(i)),
                    .dl(auto("Dato for bestilling", o?.orderedOn?.danish)),
                    Controls.select("\(n).providerUnitId", "Tilbud, der bestilles hos", options: offers, selected: m.entry("\(n).providerUnitId", o?.providerUnitId?.uuidString),
                                    error: m.error("\(p)/providerUnitId")),
                    registered(m, o?.providerUnitId, n: n, p: p, o: o),
                    Controls.input("\(n).coPayment", "Egenbetaling pr. måned i kr.", value: m.entry("\(n).coPayment", Controls.kroner(o?.coPayment)), error: m.error("\(p)/coPayment")),
                    Controls.yesNo("\(n).coordinationNeeded", "Behov for koordinering",
                                   selected: m.entry("\(n).coordinationNeeded", o?.coordinationNeeded.formValue).flatMap { $0.isEmpty ? nil : $0 == "true" }, error: m.error("\(p)/coordinationNeeded")),
                ])
            },
            saveButtons(m, "Gem bestilling", page: .bestilling)
        )
    }

    /// The offer's P-number, EAN and account: from the provider register when it has them (shown, not typed);
    /// otherwise typed here.
    static func registered(_ m: CasePageModel, _ offer: UUID?, n: String, p: String, o: InterventionOrder?) -> Node<HTML.BodyContext> {
        let chosen = m.entry("\(n).providerUnitId", offer?.uuidString).flatMap(UUID.init(uuidString:))
        if let id = chosen, let known = m.offerRegister[id], known.pNumber != nil, known.ean != nil, known.account != nil {
            return .group(
                .dl(auto("Udførers p-nummer", known.pNumber), auto("Udførers EAN-nummer", known.ean), auto("Udførers kontonummer", known.account)),
                .p(.class("hint"), .txt("Fra tilbudsregistret."))
            )
        }
        let hint = "Udfyldes fra tilbudsregistret, når tilbuddet er registreret dér."
        return .group(
            Controls.input("\(n).providerPNumber", "Udførers p-nummer", value: m.entry("\(n).providerPNumber", o?.providerPNumber), error: m.error("\(p)/providerPNumber"),
                           hint: hint),
            Controls.input("\(n).providerEAN", "Udførers EAN-nummer", value: m.entry("\(n).providerEAN", o?.providerEAN), error: m.error("\(p)/providerEAN")),
            Controls.input("\(n).providerAccount", "Udførers kontonummer", value: m.entry("\(n).providerAccount", o?.providerAccount), error: m.error("\(p)/providerAccount"))
        )
    }

    static func delivery(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let ordered = m.doc.interventions.indices.filter { m.doc.interventions[$0].order?.orderedOn != nil }
        return ordered.isEmpty ? .p(.txt("Der er ingen bestilte indsatser.")) : Controls.form(
            action: url(m, .levering), Controls.csrf(ctx), Controls.hidden("version", m.version),
            .forEach(ordered) { i in
                let d = m.doc.interventions[i].delivery
                let p = "/interventions/\(i)/delivery"
                let n = "interventions.\(i).delivery"
                return .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: m.interventionName(i)),
                    .dl(auto("Dato for dokumentation", d?.documentedOn?.danish)),
                    Controls.input("\(n).startDate", "Startdato for indsats", type: "date", value: m.entry("\(n).startDate", d?.startDate.iso), error: m.error("\(p)/startDate")),
                    Controls.input("\(n).serviceStartDate", "Startdato for ydelser, hvis den afviger", type: "date", value: m.entry("\(n).serviceStartDate", d?.serviceStartDate.iso),
                                   error: m.error("\(p)/serviceStartDate")),
                ])
            },
            saveButtons(m, "Gem levering", page: .levering)
        )
    }
}
