import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func followUp(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let done = m.doc.followUps
        let goals = m.doc.goals
        let next = "/followUps/\(done.count)"
        func pick<E: DanishLabelled>(_ key: String, _ label: String, _ type: E.Type) -> Node<HTML.BodyContext> {
            Controls.enumSelect("f.\(key)", label, type, selected: m.entry("f.\(key)", nil).flatMap(E.init(rawValue:)), error: m.error("\(next)/\(key)"))
        }
        return .group(
            .h2(.txt("Gennemførte opfølgninger")),
            done.isEmpty ? .p(.txt("Ingen endnu.")) : .ul(.forEach(done) { f in
                .li(.txt("\(f.followUpDate.danishOrDash): \(f.followUpType?.danishName ?? "–"), status \(m.display(f.interventionStatus)), næste opfølgning \(f.nextFollowUpDate.danishOrDash)"))
            }),
            .if(m.phase == .followUp, Controls.form(
                action: url(m, .opfoelgning), Controls.csrf(ctx), Controls.hidden("version", m.version),
                .h2(.txt("Ny opfølgning")),
                Controls.select("f.interventionStatus", "Status på indsats (ID 75)", options: m.options(FFBValueSet.followUp), selected: m.entry("f.interventionStatus", nil),
                                error: m.error("\(next)/interventionStatus")),
                pick("followUpType", "Opfølgningstype (ID 77)", FollowUpType.self),
                Controls.input("f.nextFollowUpDate", "Dato for næste opfølgning (ID 78)", type: "date", value: m.entry("f.nextFollowUpDate", nil), error: m.error("\(next)/nextFollowUpDate")),
                .forEach(Array(goals.enumerated())) { (i, g) in
                    let id = g.id?.uuidString ?? ""
                    return Controls.enumSelect("f.goal.\(id)", "Fremadrettet for målet \"\(g.text ?? "Mål \(i + 1)")\" (ID 79)", GoalForwardDecision.self,
                                               selected: m.entry("f.goal.\(id)", nil).flatMap(GoalForwardDecision.init(rawValue:)))
                },
                Controls.triState("f.personalSupervision", "Personrettet tilsyn gennemført (ID 80)", selected: m.entry("f.personalSupervision", nil).flatMap(TriState.init)),
                pick("wellbeing", "Borgerens trivsel (ID 81)", Wellbeing.self),
                Controls.triState("f.useOfForce", "Magtanvendelse (ID 82)", selected: m.entry("f.useOfForce", nil).flatMap(TriState.init)),
                Controls.select("f.supportNeedAtStart", "Støttebehov ved opstart eller seneste opfølgning (ID 83)", options: m.options(FFBValueSet.needs),
                                selected: m.entry("f.supportNeedAtStart", nil), error: m.error("\(next)/supportNeedAtStart")),
                Controls.select("f.supportNeedAfter", "Støttebehov efter opfølgning (ID 84)", options: m.options(FFBValueSet.needs),
                                selected: m.entry("f.supportNeedAfter", nil), error: m.error("\(next)/supportNeedAfter")),
                Controls.textarea("f.note", "Notat", value: m.entry("f.note", nil)),
                Controls.submit("Gem opfølgning")
            ))
        )
    }
}
