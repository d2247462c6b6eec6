import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func followUp(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let done = m.doc.followUps
        let goals = m.doc.goals
        let granted = m.doc.interventions.enumerated().filter { $0.element.decision?.outcome == .granted && $0.element.id != nil }
        let editing = (m.entry("f.id", nil).flatMap(UUID.init(uuidString:)) ?? m.editing).flatMap { id in done.firstIndex { $0.id == id } }
        let e = editing.map { done[$0] }
        let next = "/followUps/\(editing ?? done.count)"
        // A new follow-up opens with what the providers reported since the last one held.
        let since = done.compactMap(\.followUpDate).max()
        let fromProvider = e == nil
            ? FollowUpFromProvider.prefill(since: since, goals: goals, orders: m.orders, reports: m.statusReports.values.flatMap { $0 },
                                           hours: m.hours.values.flatMap { $0 }, incidents: m.incidents.values.flatMap { $0 })
            : FollowUpPrefill()
        func name(_ id: UUID) -> String {
            m.doc.interventions.firstIndex { $0.id == id }.map { m.interventionName($0) } ?? "Indsats"
        }
        func goalName(_ id: UUID) -> String {
            goals.firstIndex { $0.id == id }.map { goals[$0].text ?? "Mål \($0 + 1)" } ?? "Mål"
        }
        func pick<E: DanishLabelled>(_ key: String, _ label: String, _ type: E.Type, _ stored: E?) -> Node<HTML.BodyContext> {
            Controls.enumSelect("f.\(key)", label, type, selected: m.entry("f.\(key)", stored?.rawValue).flatMap(E.init(rawValue:)), error: m.error("\(next)/\(key)"))
        }
        let list: Node<HTML.BodyContext> = .group(
            .h2(.txt("Gennemførte opfølgninger")),
            done.isEmpty ? .p(.txt("Ingen endnu.")) : .ul(.class("items"), .forEach(done) { f in
                let timely = f.timely.map { $0 ? "rettidig" : "for sent" }
                return .li(
                    .txt("\(f.followUpDate.danishOrDash): \(f.followUpType?.danishName ?? "–")\(timely.map { " (\($0))" } ?? ""), status taget \(f.statusDate.danishOrDash), "
                         + "resultat \(f.outcome?.danishName.lowercased() ?? "–"), næste opfølgning \(f.nextFollowUpDate.danishOrDash)"),
                    .if(!(f.interventionStatuses ?? []).isEmpty || !(f.goalDecisions ?? []).isEmpty, .ul(
                        .forEach(f.interventionStatuses ?? []) { s in .li(.txt("\(name(s.interventionId)): \(m.display(s.status))")) },
                        .forEach(f.goalDecisions ?? []) { g in
                            .li(.txt("\(goalName(g.goalId)): \(g.decision.danishName.lowercased())\(g.achievedLevel.map { ", niveau nu \($0.danish)" } ?? "")"))
                        }
                    )),
                    .if(m.phase == .followUp, itemActions(m, ctx, .opfoelgning, kind: "followUp", id: f.id, name: "opfølgningen \(f.followUpDate.danishOrDash)",
                                                          inPageForm: true))
                )
            })
        )
        guard m.phase == .followUp else { return list }
        // One form for the page: "Fjern" on a recorded follow-up saves what is typed in the new one with it.
        return Controls.form(
                action: url(m, .opfoelgning), Controls.csrf(ctx), Controls.hidden("version", m.version),
                defaultSubmit,
                list,
                .unwrap(e?.id) { Controls.hidden("f.id", $0.uuidString.lowercased()) },
                .h2(.id("opfoelgningsformular"), .txt(e == nil ? "Ny opfølgning" : "Ret opfølgningen")),
                Controls.input("f.followUpDate", "Dato for opfølgningsmødet", type: "date", value: m.entry("f.followUpDate", e?.followUpDate.iso),
                               error: m.error("\(next)/followUpDate"), hint: "Tomt felt: i dag. Kan ikke ligge i fremtiden."),
                providerPanel(m, fromProvider, since: since),
                Controls.input("f.statusDate", "Dato for status", type: "date", value: m.entry("f.statusDate", e?.statusDate.iso ?? fromProvider.statusDate.iso),
                               error: m.error("\(next)/statusDate"), hint: fromProvider.statusDate == nil ? "Fx datoen for udførerens statusrapport. Tomt felt: mødets dato."
                                   : "Udfyldt med datoen for udførerens seneste statusrapport. Tomt felt: mødets dato."),
                pick("followUpType", "Opfølgningstype", FollowUpType.self, e?.followUpType),
                .forEach(granted) { (i, x) in
                    let id = x.id!.uuidString
                    return Controls.select("f.status.\(id)", "Status på indsatsen \"\(m.interventionName(i))\"", options: m.options(FFBValueSet.followUp),
                                           selected: m.entry("f.status.\(id)", e?.interventionStatuses?.first { $0.interventionId == x.id }?.status),
                                           error: m.error("\(next)/interventionStatuses"))
                },
                .forEach(Array(goals.enumerated())) { (i, g) in
                    let id = g.id?.uuidString ?? ""
                    // The form sends decisions only for goals with one chosen: this goal's place among them.
                    let stored = e?.goalDecisions?.first { $0.goalId == g.id }
                    // Stored, or suggested by the provider's latest status report (a new follow-up).
                    func decision(_ goal: Goal) -> String? {
                        e?.goalDecisions?.first { $0.goalId == goal.id }?.decision.rawValue ?? goal.id.flatMap { fromProvider.goals[$0]?.suggested?.rawValue }
                    }
                    let at = goals.prefix(i).filter { earlier in !(m.entry("f.goal.\(earlier.id?.uuidString ?? "")", decision(earlier)) ?? "").isEmpty }.count
                    let reported = g.id.flatMap { fromProvider.goals[$0] }
                    return .group(
                        Controls.enumSelect("f.goal.\(id)", "Fremadrettet for målet \"\(g.text ?? "Mål \(i + 1)")\"", GoalForwardDecision.self,
                                            selected: m.entry("f.goal.\(id)", decision(g)).flatMap(GoalForwardDecision.init(rawValue:)),
                                            error: m.error("\(next)/goalDecisions/\(at)/goalId"),
                                            hint: reported.map { "Udføreren foreslår: \($0.status.nextStep?.danishName.lowercased() ?? "–")." }),
                        Controls.input("f.level.\(id)", "Opnået funktionsevneniveau for målet \"\(g.text ?? "Mål \(i + 1)")\" (0–4)",
                                       value: m.entry("f.level.\(id)", Controls.number(stored?.achievedLevel ?? reported?.status.level)),
                                       error: m.error("\(next)/goalDecisions/\(at)/achievedLevel"),
                                       hint: reported.map { "Udfyldt med udførerens niveau fra statusrapporten \($0.reportedOn.danish)." })
                    )
                },
                pick("outcome", "Resultat af opfølgningen", FollowUpOutcome.self, e?.outcome),
                Controls.input("f.nextFollowUpDate", "Dato for næste opfølgning", type: "date", value: m.entry("f.nextFollowUpDate", e?.nextFollowUpDate.iso), error: m.error("\(next)/nextFollowUpDate")),
                Controls.triState("f.personalSupervision", "Personrettet tilsyn gennemført", selected: m.entry("f.personalSupervision", e?.personalSupervision?.rawValue).flatMap(TriState.init)),
                pick("wellbeing", "Borgerens trivsel", Wellbeing.self, e?.wellbeing),
                .p(.class("hint"), .txt("Magtanvendelse siden sidste opfølgning udfyldes automatisk ud fra udførerens indberetninger"
                                        + (e?.useOfForce.map { ": \($0.danishName)." } ?? "."))),
                Controls.select("f.supportNeedAtStart", "Støttebehov ved opstart eller seneste opfølgning", options: m.options(FFBValueSet.needs),
                                selected: m.entry("f.supportNeedAtStart", e?.supportNeedAtStart), error: m.error("\(next)/supportNeedAtStart")),
                Controls.select("f.supportNeedAfter", "Støttebehov efter opfølgning", options: m.options(FFBValueSet.needs),
                                selected: m.entry("f.supportNeedAfter", e?.supportNeedAfter), error: m.error("\(next)/supportNeedAfter")),
                Controls.textarea("f.note", "Notat", value: m.entry("f.note", e?.note)),
                Controls.submit(e == nil ? "Gem opfølgning" : "Gem rettelsen"),
                .if(e != nil, .p(.a(.attr("href", url(m, .opfoelgning)), .txt("Fortryd rettelsen"))))
            )
    }

    /// *Fra udføreren*: what the providers reported since the last follow-up — the latest status per goal, delivered
    /// against allocated hours, use of force — read, not typed again.
    static func providerPanel(_ m: CasePageModel, _ p: FollowUpPrefill, since: CalendarDate?) -> Node<HTML.BodyContext> {
        guard !m.orders.isEmpty else { return .empty }
        let window = since.map { "siden opfølgningen \($0.danish)" } ?? "siden start"
        func goalText(_ id: UUID) -> String { m.doc.goals.first { $0.id == id }?.text ?? "Mål" }
        return .element(named: "section", nodes: [
            .class("panel"), .attr("aria-labelledby", "fra-udfoereren"),
            .h3(.id("fra-udfoereren"), .txt("Fra udføreren \(window)")),
            p.goals.isEmpty ? .p(.txt("Ingen statusrapport \(window).")) : .ul(.forEach(p.goals.sorted { goalText($0.key) < goalText($1.key) }) { id, r in
                .li(.txt("\(goalText(id)): niveau \(r.status.level?.danish ?? "–"), borgerens vurdering \(r.status.citizenView?.danishName.lowercased() ?? "–"), "
                         + "foreslået \(r.status.nextStep?.danishName.lowercased() ?? "–") (statusrapport \(r.reportedOn.danish))"
                         + (r.status.helpGiven.map { ". Givet hjælp: \($0)" } ?? "")))
            }),
            .forEach(p.significantChanges) { .p(.txt("Væsentlige ændringer: \($0)")) },
            .forEach(p.hours) { h in
                .p(.txt("Leverede timer: \(h.delivered.danish) af \(h.allocated.map { "\($0.danish) tildelte" } ?? "–") i \(h.weeks) uger"
                        + " (aflyst af borgeren \(h.cancelledByCitizen), af udføreren \(h.cancelledByProvider))."))
            },
            p.useOfForce.isEmpty ? .p(.txt("Ingen magtanvendelse indberettet \(window).")) : .group(
                .p(.txt("Magtanvendelse \(window): \(p.useOfForce.count).")),
                .ul(.forEach(p.useOfForce) { i in .li(.txt("\(i.occurredOn.danish): \(i.force?.kind.danishName ?? "–")")) })),
        ])
    }
}
