import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func followUp(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let done = m.list("/followUps")
        let goals = m.list("/goals")
        let next = done.count
        return .group(
            .h2(.txt("Gennemførte opfølgninger")),
            done.isEmpty ? .p(.txt("Ingen endnu.")) : .ul(.forEach(Array(done.enumerated())) { (i, f) in
                .li(.txt("\(date(f["followUpDate"] as? String)): \(m.value("/followUps/\(i)/followUpType").flatMap(FollowUpType.init)?.danishName ?? "–"), status \(m.display(f["interventionStatus"] as? String)), næste opfølgning \(date(f["nextFollowUpDate"] as? String))"))
            }),
            .if(m.phase == .followUp, Controls.form(
                action: url(m, .opfoelgning), Controls.csrf(req), Controls.hidden("version", m.version),
                .h2(.txt("Ny opfølgning")),
                Controls.select("f.interventionStatus", "Status på indsats (ID 75)", options: m.options(FFBValueSet.followUp), selected: nil, error: m.error("/followUps/\(next)/interventionStatus")),
                Controls.enumSelect("f.followUpType", "Opfølgningstype (ID 77)", FollowUpType.self, selected: nil),
                Controls.input("f.nextFollowUpDate", "Dato for næste opfølgning (ID 78)", type: "date", value: nil, error: m.error("/followUps/\(next)/nextFollowUpDate")),
                .forEach(Array(goals.enumerated())) { (i, g) in
                    Controls.enumSelect("f.goal.\(g["id"] as? String ?? "")", "Fremadrettet for målet \"\(g["text"] as? String ?? "Mål \(i + 1)")\" (ID 79)", GoalForwardDecision.self, selected: nil)
                },
                Controls.triState("f.personalSupervision", "Personrettet tilsyn gennemført (ID 80)", selected: nil),
                Controls.enumSelect("f.wellbeing", "Borgerens trivsel (ID 81)", Wellbeing.self, selected: nil),
                Controls.triState("f.useOfForce", "Magtanvendelse (ID 82)", selected: nil),
                Controls.select("f.supportNeedAtStart", "Støttebehov ved opstart eller seneste opfølgning (ID 83)", options: m.options(FFBValueSet.needs), selected: nil, error: m.error("/followUps/\(next)/supportNeedAtStart")),
                Controls.select("f.supportNeedAfter", "Støttebehov efter opfølgning (ID 84)", options: m.options(FFBValueSet.needs), selected: nil, error: m.error("/followUps/\(next)/supportNeedAfter")),
                Controls.textarea("f.note", "Notat", value: nil),
                Controls.submit("Gem opfølgning")
            ))
        )
    }
}
