import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    // MARK: Overview

    static func overview(_ m: CasePageModel, _ ctx: PageContext) -> WebPage {
        let c = m.record
        let state = m.history?.nationalStates.last?.state.rawValue ?? "–"
        let unit = m.units.first { $0.id == c.responsibleUnitID }?.name ?? "–"
        let allowed = CaseProcess.successors(of: c.phase)
        return WebPage(title: "Sag: \(m.citizen.givenName) \(m.citizen.familyName)", current: .cases,
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            Controls.errorSummary(m.errors),
            .dl(
                .dt(.txt("Fase")), .dd(.txt(c.phase.danishName)),
                .dt(.txt("National sagstilstand")), .dd(.txt(state)),
                .dt(.txt("Åbnet")), .dd(.txt(c.openedOn.danish)),
                .dt(.txt("Ansvarligt team")), .dd(.txt(unit)),
                .dt(.txt("Ansvarlig sagsbehandler")), .dd(.txt(m.holderName(c.caseworkerID) ?? (c.caseworkerID == nil ? "Ikke fordelt" : "–"))),
                .dt(.txt("KLE")), .dd(.txt([c.kleEmne.map { "\($0) \(m.terminology.display(.kle, code: $0) ?? "")" }, c.kleFacet].compactMap { $0 }.joined(separator: ", ").nilIfEmpty ?? "Ikke angivet")),
                .dt(.txt("Næste frist")), .dd(.txt(c.nextDeadlineOn?.danish ?? "Ingen"))
            ),
            .h2(.txt("Faser")),
            phaseNav(m),
            .p(.a(.attr("href", SiteURL.caseLetter(m.record.id).path), .txt("Afgørelsesbrev (til udskrift)"))),
            .if(!allowed.isEmpty && c.phase != .closed || c.phase == .closed, .group(
                .h2(.id("skift-fase"), .txt("Skift fase")),
                Controls.form(
                    action: SiteURL.caseTransition(m.record.id).path,
                    Controls.csrf(ctx), Controls.hidden("version", m.version),
                    Controls.select("to", "Ny fase", options: allowed.map { ($0.rawValue, $0.danishName) }, selected: m.entry("to", nil), error: m.error("to"), allowEmpty: false),
                    .if(allowed.contains(.closed), .group(
                        Controls.enumSelect("closeReason", "Årsag til afslutning", CloseReason.self, selected: m.entry("closeReason", nil).flatMap(CloseReason.init(rawValue:)),
                                            error: m.error("closeReason"), hint: "Skal vælges, når sagen afsluttes."),
                        Controls.input("effectiveOn", "Afsluttet pr.", type: "date", value: m.entry("effectiveOn", nil), error: m.error("effectiveOn"),
                                       hint: "Når sagen afsluttes. Tomt felt: i dag. Bestilte indsatser afsluttes samme dag.")
                    )),
                    Controls.textarea("reason", "Begrundelse", value: m.entry("reason", nil), error: m.error("reason"),
                                      hint: "Skal udfyldes ved genåbning og ved tilbagegang til sagsoplysning."),
                    Controls.submit("Skift fase")
                )
            )),
            .if(ctx.principal?.role == .teamLeader && c.phase != .closed, allocation(m, ctx)),
            .h2(.txt("Frister")),
            m.deadlines.isEmpty ? .p(.txt("Ingen åbne frister.")) : .ul(.forEach(m.deadlines) { d in
                .li(.if(d.isOverdue(today: CalendarDate(ctx.now)), .class("overdue")), .txt("\(d.dueOn.danish): \(d.label)"))
            }),
            .h2(.id("journal"), .txt("Journalnotater")),
            m.notes.isEmpty ? .p(.txt("Ingen notater endnu.")) : .ul(.class("journal"), .forEach(m.notes) { n in
                .li(
                    .p(.strong(.txt("\(DanishDate.string(n.writtenAt)) – \(n.category.danishName)")),
                       .txt(" · \(n.authorName ?? "ukendt forfatter")\(n.version > 1 ? " · rettet (udgave \(n.version))" : "")")),
                    .p(.txt(n.text))
                )
            }),
            .if(ctx.principal?.role == .caseworker || ctx.principal?.role == .teamLeader, Controls.form(
                action: SiteURL.caseNotes(m.record.id).path,
                Controls.csrf(ctx),
                Controls.enumSelect("noteCategory", "Notatets art", NoteCategory.self, selected: m.entry("noteCategory", nil).flatMap(NoteCategory.init(rawValue:)),
                                    error: m.error("noteCategory")),
                Controls.textarea("noteText", "Notat", value: m.entry("noteText", nil), error: m.error("noteText"),
                                  hint: "Et notat kan ikke ændres bagefter; en rettelse bliver en ny udgave."),
                Controls.submit("Gem notat")
            )),
            .h2(.txt("KLE-klassifikation")),
            Controls.form(
                action: SiteURL.caseKLE(m.record.id).path,
                Controls.csrf(ctx), Controls.hidden("version", m.version),
                Controls.input("emne", "KLE-emne", value: c.kleEmne, error: m.error("emne"), hint: "Fx 27.36.04. Kan sættes senere og ændres; ændringer gemmes i historikken."),
                Controls.input("facet", "Handlingsfacet", value: c.kleFacet, error: m.error("facet"), hint: "Fx G01."),
                Controls.submit("Gem KLE")
            ),
            .h2(.txt("Historik")),
            timeline(m)
        )
    }

    /// The team leader's form to allocate or hand over the case (WF-29).
    static func allocation(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let teams = m.units.filter { $0.kind == .authorityTeam }
        var options: [(String, String)] = []
        for team in teams {
            options.append(("\(team.id.uuidString.lowercased()):", "\(team.name): ikke fordelt"))
            for h in m.holders where h.unitID == team.id {
                options.append(("\(team.id.uuidString.lowercased()):\(h.userID.uuidString.lowercased())", "\(team.name): \(h.displayName)"))
            }
        }
        let current = "\(m.record.responsibleUnitID.uuidString.lowercased()):\(m.record.caseworkerID?.uuidString.lowercased() ?? "")"
        return .group(
            .h2(.id("fordel"), .txt("Fordel sagen")),
            Controls.form(
                action: SiteURL.caseAssignment(m.record.id).path,
                Controls.csrf(ctx), Controls.hidden("version", m.version),
                Controls.select("holder", "Ansvarlig", options: options, selected: m.entry("holder", current), error: m.error("caseworkerId") ?? m.error("unitId"),
                                allowEmpty: false),
                Controls.enumSelect("assignReason", "Årsag", AssignmentReason.self, selected: m.entry("assignReason", nil).flatMap(AssignmentReason.init(rawValue:)),
                                    error: m.error("assignReason")),
                Controls.submit("Fordel sagen")
            )
        )
    }

    static func phaseNav(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        let order = CaseRules.phaseOrder
        let reached = order.firstIndex(of: m.phase) ?? (m.phase == .closed ? order.count : 0)
        return .element(named: "nav", nodes: [
            .attr("aria-label", "Sagens faser"),
            .ol(.class("phases"), .forEach(PhaseSlug.allCases) { slug in
                let index = order.firstIndex(of: slug.phase)!
                if index <= reached {
                    return .li(.a(.attr("href", url(m, slug)), .if(slug.phase == m.phase, .attr("aria-current", "step")), .txt(slug.phase.danishName)))
                }
                return .li(.class("future"), .txt(slug.phase.danishName))
            }),
        ])
    }

    static func timeline(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        guard let h = m.history else { return .empty }
        return .ol(.class("timeline"), .forEach(h.transitions) { t in
            let why = [t.closeReason?.danishName, t.effectiveOn.map { "pr. \($0.danish)" }, t.reason].compactMap { $0 }
            return .li(.txt("\(DanishDate.string(t.at)): \(t.from.map { "\($0.danishName) → " } ?? "")\(t.to.danishName)\(why.isEmpty ? "" : " (\(why.joined(separator: ", ")))")"))
        })
    }
}
