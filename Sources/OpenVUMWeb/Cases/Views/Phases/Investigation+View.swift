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
        // Every subtheme of the method (ID 26), and any activity subtheme the terminology does not list among them.
        let listed = m.terminology.valueSet(FFBValueSet.conditions)
        let conditions = listed + subthemes.filter { s in !listed.contains { $0.code == s.code } }
        let levelCodes = Set(subthemes.map(\.code))
        let levelIndex = Dictionary(subthemes.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        let checked = m.chosen("investigation.assessedSubthemes", inv.assessedSubthemes)
        let subthemeError = m.error("/investigation/assessedSubthemes")
        return .group(
            .dl(auto("Dato for begyndt sagsoplysning", inv.startedOn?.danish)),
            Controls.form(
                action: url(m, .sagsoplysning), Controls.csrf(ctx), Controls.hidden("version", m.version),
                // Enter in a field saves (the form's first button), not "Åbn alle".
                defaultSubmit,
                .h2(.id("temaer"), .txt("Undertemaer og funktionsevneniveau")),
                .p(.class("hint form-hint"), .txt("Markér de undertemaer, der er relevante for borgeren. Ved aktivitet og deltagelse angives niveauet på skalaen 0–4 med højst to decimaler (0 ingen, 1 let, 2 moderat, 3 svært, 4 fuldstændigt nedsat funktionsevne).")),
                Controls.errorNode(subthemeError, "investigation-assessedSubthemes"),
                // "Åbn alle": shows every theme open with what was typed, without saving (no script needed).
                .div(.class("actions"),
                     .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "vis"), .attr("value", m.allOpen ? "samlet" : "alle"),
                                                       .class("link"), .txt(m.allOpen ? "Luk alle temaer" : "Åbn alle temaer")])),
                // Grouped by FFB theme (the subtheme's parent), each a DKFDS accordion with how many are filled in; a
                // theme with anything checked, typed or refused is open. Each subtheme is one row: its checkbox and, for
                // activity and participation, its level with the severity word beside it.
                .forEach(themes(conditions, m)) { theme in
                    let filled = theme.items.filter { (_, s) in checked.contains(s.code) || !(value(s) ?? "").isEmpty }.count
                    let hasError = theme.items.contains { (_, s) in levelIndex[s.code].flatMap { levelError($0, s) } != nil }
                    return .element(named: "details", nodes: [
                        .class("theme accordion details"), .if(m.allOpen || filled > 0 || hasError, .attr("open", "open")),
                        .element(named: "summary", nodes: [.class("details-summary"), .txt("\(theme.name) – \(filled) af \(theme.items.count) udfyldt")]),
                        .div(.class("details-text"), .forEach(theme.items) { (i, s) in
                            subthemeRow(m, s, index: i, checked: checked.contains(s.code), level: levelCodes.contains(s.code),
                                        value: value(s), error: levelIndex[s.code].flatMap { levelError($0, s) },
                                        stored: levels.first { $0.subtheme == s.code })
                        }),
                    ])
                },
                Controls.textarea("investigation.overallFunctionalAssessment", "Samlet funktionsvurdering",
                                  value: m.entry("investigation.overallFunctionalAssessment", inv.overallFunctionalAssessment), error: m.error("/investigation/overallFunctionalAssessment")),
                saveButtons(m, "Gem sagsoplysning", page: .sagsoplysning)
            )
        )
    }

    /// One subtheme on one row: "relevant" checkbox, and for activity and participation the level with its severity
    /// word ("2,5 – Svært nedsat funktionsevne"). The checkbox keeps the checkbox group's ids (`…-<n>`, n its place in
    /// the value set).
    static func subthemeRow(_ m: CasePageModel, _ s: TerminologyConcept, index: Int, checked: Bool, level: Bool, value: String?, error: String?,
                            stored: FunctionalLevel?) -> Node<HTML.BodyContext> {
        let box = "investigation-assessedSubthemes-\(index)"
        let field = Controls.id("level.\(s.code)")
        let severity = stored.flatMap { l in l.severity.map { "\(l.level.danish) – \(m.display($0))" } }
        return .div(
            .attr("class", error == nil ? "subtheme-row" : "subtheme-row has-error form-error"),
            .div(.class("checkbox form-group-checkbox"),
                 .element(named: "input", nodes: [
                    .attr("id", box), .attr("name", "investigation.assessedSubthemes"), .attr("type", "checkbox"), .attr("class", "form-checkbox"),
                    .attr("value", s.code), checked ? .attr("checked", "checked") : .empty,
                 ]),
                 .label(.attr("for", box), .txt(s.display))),
            .if(level, .div(
                .class("level"),
                Controls.errorNode(error, field),
                // Named by aria-label: the subtheme's name is the row's visible label (the checkbox's).
                .element(named: "input", nodes: [
                    .attr("id", field), .attr("name", "level.\(s.code)"), .attr("type", "text"), .attr("class", "form-input level-input"),
                    .attr("inputmode", "decimal"), .attr("value", value), .attr("placeholder", "0–4"),
                    .attr("aria-label", "Funktionsevneniveau for \(s.display)"),
                    .attr("aria-describedby", Controls.describedBy(field, error: error, hint: severity)),
                    .attr("aria-invalid", error == nil ? nil : "true"),
                ]),
                .unwrap(severity) { .span(.attr("id", "\(field)-hint"), .class("severity"), .txt($0)) }
            ))
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
