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
        // A level as shown: what was typed in a refused form, else what is stored.
        func value(_ s: TerminologyConcept) -> String? {
            m.entry("level.\(s.code)", Controls.number(levels.first { $0.subtheme == s.code }?.level))
        }
        // The form sends the filled-in levels in the value set's order: the case rules' pointer
        // /investigation/functionalLevels/N is the N-th of those; a value that could not be read is x<index>.
        let posted = subthemes.filter { !(value($0) ?? "").isEmpty }.map(\.code)
        func levelError(_ i: Int, _ s: TerminologyConcept) -> String? {
            posted.firstIndex(of: s.code).flatMap { m.error("/investigation/functionalLevels/\($0)") } ?? m.error("/investigation/functionalLevels/x\(i)")
        }
        return .group(
            .dl(auto("Dato for begyndt sagsoplysning", inv.startedOn?.danish)),
            Controls.form(
                action: url(m, .sagsoplysning), Controls.csrf(ctx), Controls.hidden("version", m.version),
                Controls.checkboxes("investigation.assessedSubthemes", "Relevante undertemaer", options: m.options(FFBValueSet.conditions),
                                    selected: m.chosen("investigation.assessedSubthemes", inv.assessedSubthemes), error: m.error("/investigation/assessedSubthemes")),
                .h2(.txt("Funktionsevneniveau, aktivitet og deltagelse")),
                .p(.class("hint"), .txt("Skala 0–4, decimaler er tilladt (0 ingen, 1 let, 2 moderat, 3 svært, 4 fuldstændigt nedsat funktionsevne). Udfyld kun de temaer, der er relevante.")),
                // Grouped by FFB theme (the subtheme's parent), each group folded away with how many are filled in;
                // a group with a level or an error is open.
                .forEach(themes(subthemes, m)) { theme in
                    let filled = theme.items.filter { (_, s) in levels.contains { $0.subtheme == s.code } }.count
                    let typed = theme.items.contains { (_, s) in !(value(s) ?? "").isEmpty }
                    let hasError = theme.items.contains { (i, s) in levelError(i, s) != nil }
                    return .element(named: "details", nodes: [
                        .class("theme"), .if(filled > 0 || typed || hasError, .attr("open", "open")),
                        .element(named: "summary", nodes: [.txt("\(theme.name) – \(filled) af \(theme.items.count) udfyldt")]),
                        .forEach(theme.items) { (i, s) in
                            let index = levels.firstIndex { $0.subtheme == s.code }
                            let level = index.map { levels[$0] }
                            return Controls.input("level.\(s.code)", s.display, type: "text", value: value(s),
                                                  error: levelError(i, s),
                                                  hint: level.flatMap { l in l.severity.map { "\(l.level.danish) – \(m.display($0))" } })
                        },
                    ])
                },
                Controls.textarea("investigation.overallFunctionalAssessment", "Samlet funktionsvurdering",
                                  value: m.entry("investigation.overallFunctionalAssessment", inv.overallFunctionalAssessment), error: m.error("/investigation/overallFunctionalAssessment")),
                saveButtons(m, "Gem sagsoplysning", page: .sagsoplysning)
            )
        )
    }

    /// The subthemes by FFB theme (their parent concept), in the value set's order; the index is the
    /// subtheme's place in the value set (error pointers use it).
    static func themes(_ subthemes: [TerminologyConcept], _ m: CasePageModel) -> [(name: String, items: [(Int, TerminologyConcept)])] {
        var order: [String] = []
        var groups: [String: [(Int, TerminologyConcept)]] = [:]
        for (i, s) in subthemes.enumerated() {
            let key = s.parent ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((i, s))
        }
        return order.map { key in (key.isEmpty ? "Øvrige" : m.terminology.display(.ffb, code: key) ?? "Øvrige", groups[key]!) }
    }
}
