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
        let writes = ctx.principal?.role == .caseworker || ctx.principal?.role == .teamLeader
        let steps = CaseProgress.steps(m.doc, phase: c.phase)
        // The panels of the page, as in-page links (tabs without JavaScript).
        let panels: [(String, String)] = [("overblik", "Overblik")] + (m.progression?.isEmpty == false ? [("udvikling", "Udvikling")] : []) + [("journal", "Notater (\(m.notes.count))"), ("dokumenter", "Dokumenter (\(m.attachments.count))"),
                                          ("andre-sager", "Borgerens andre sager (\(m.otherCases.count))"), ("styring", "Fase, fordeling og KLE"), ("historik", "Historik")]
        return WebPage(title: "Sag \(c.caseNumber): \(m.citizen.givenName) \(m.citizen.familyName)", current: .cases,
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            caseHeader(m, ctx),
            .div(.class("case-layout"),
                stepIndicator(m, steps),
                // One form for everything a caseworker writes here (note, complaint, phase, allocation, KLE): each part's
                // button sends the whole form to its own address (formaction), so what is typed in one part is never
                // lost when another part is sent. (The document upload has its own form: it carries a file.)
                .element(named: writes ? "form" : "div", nodes: [
                    .class("case-main"),
                    .if(writes, .group(.attr("action", SiteURL.caseNotes(m.record.id).path), .attr("method", "post"),
                                       Controls.csrf(ctx), Controls.hidden("version", m.version))),
                    // Næste handling: straight to the page of the phase the case is in.
                    .div(.class("actions"),
                        .unwrap(PhaseSlug(phase: c.phase)) { slug in
                            .a(.class("button primary"), .attr("href", url(m, slug)), .txt("Næste handling: \(c.phase.danishName.lowercased())"))
                        },
                        // The decision letter is offered once there is a decision to write about.
                        .if(m.doc.interventions.contains { $0.decision?.outcome != nil },
                            .a(.attr("href", SiteURL.caseLetter(m.record.id).path), .txt("Afgørelsesbrev (til udskrift)")))),
                    .element(named: "nav", nodes: [.attr("aria-label", "Sagens sider"), .class("panels"),
                        .ul(.forEach(panels) { .li(.a(.attr("href", "#\($0.0)"), .txt($0.1))) })]),
                    .h2(.id("overblik"), .txt("Overblik")),
                    summaryCards(m, steps),
                    .h3(.txt("Frister")),
                    m.deadlines.isEmpty ? .p(.txt("Ingen åbne frister.")) : .ul(.forEach(m.deadlines) { d in
                        .li(.if(d.isOverdue(today: CalendarDate(ctx.now)), .class("overdue")), .txt("\(d.dueOn.danish): \(d.label)"))
                    }),
                    .dl(.class("facts"),
                        .dt(.txt("National sagstilstand")), .dd(.txt(state)),
                        .dt(.txt("Åbnet")), .dd(.txt(c.openedOn.danish)),
                        .dt(.txt("Ansvarligt team")), .dd(.txt(unit)),
                        .dt(.txt("KLE")), .dd(.txt([c.kleEmne.map { "\($0) \(m.terminology.display(.kle, code: $0) ?? "")" }, c.kleFacet].compactMap { $0 }.joined(separator: ", ").nilIfEmpty ?? "Ikke angivet")),
                    ),
                    .unwrap(m.monthlyCost) { cost in
                        .group(
                            .h3(.txt("Udgift i \(EconomyViews.month(cost.month))")),
                            .p(.strong(.txt(EconomyViews.kr(cost.total))), .txt(" for sagens \(cost.grants.count == 1 ? "bevilling" : "\(cost.grants.count) bevillinger") denne måned, efter bedst kendte pris.")),
                            .ul(.forEach(cost.grants) { g in
                                .li(.txt("Konto \(g.intervention.accountNumber ?? "–"): \(EconomyViews.kr(g.amount)) — efter \(EconomyViews.basis(g.basis).lowercased())"))
                            })
                        )
                    },
                    .unwrap(m.progression.flatMap { $0.isEmpty ? nil : $0 }) { ProgressionViews.section($0, terminology: m.terminology) },
                    .if(!m.goalViews.isEmpty, .group(
                        .h2(.id("borgerens-syn"), .txt("Borgerens eget syn på målene")),
                        .ul(.forEach(m.goalViews) { v in
                            let goal = m.doc.goals.first { $0.id == v.goalID }
                            let name = goal?.text ?? goal?.primaryTheme.flatMap { m.terminology.display(.ffb, code: $0) } ?? "Mål"
                            return .li(.strong(.txt("\(name): \(v.colour.danishName)")), .txt(" (\(v.givenOn.danish))" + (v.sentence.map { " – »\($0)«" } ?? "")))
                        })
                    )),
                    .h2(.id("journal"), .txt("Journalnotater")),
                    m.notes.isEmpty ? .p(.txt("Ingen notater endnu.")) : .ul(.class("journal"), .forEach(m.notes) { n in
                        .li(
                            .p(.strong(.txt("\(DanishDate.string(n.writtenAt)) – \(n.category.danishName)")),
                               .txt(" · \(n.authorName ?? "ukendt forfatter")\(n.version > 1 ? " · rettet (udgave \(n.version))" : "")")),
                            .p(.txt(n.text)),
                            .if(writes, noteCorrection(m, n, ctx))
                        )
                    }),
                    .if(writes, folded("Skriv notat", open: m.error("noteCategory") != nil || m.error("noteText") != nil, .div(
                        .class("stack wide"),
                        Controls.enumSelect("noteCategory", "Notatets art", NoteCategory.self, selected: m.entry("noteCategory", nil).flatMap(NoteCategory.init(rawValue:)),
                                            error: m.error("noteCategory")),
                        Controls.textarea("noteText", "Notat", value: m.entry("noteText", nil), error: m.error("noteText"),
                                          hint: "Et notat kan ikke ændres bagefter; en rettelse bliver en ny udgave."),
                        partButton("Gem notat", SiteURL.caseNotes(m.record.id))
                    ))),
                    documents(m, ctx, writes: writes),
                    .h2(.id("andre-sager"), .txt("Borgerens andre sager")),
                    m.otherCases.isEmpty ? .p(.txt("Borgeren har ingen andre sager, du har adgang til."))
                        : caseTable(m.otherCases, today: CalendarDate(ctx.now), caption: "Andre sager for \(m.citizen.givenName) \(m.citizen.familyName)"),
                    complaints(m, ctx, writes: writes),
                    .h2(.id("styring"), .txt("Fase, fordeling og KLE")),
                    // Only those who may move the case see the form (an administrator reads the case).
                    .if(writes && (!allowed.isEmpty || c.phase == .closed), .group(
                        .h3(.id("skift-fase"), .txt("Skift fase")),
                        .div(
                            .class("stack wide"),
                            Controls.select("to", "Ny fase", options: allowed.map { ($0.rawValue, $0.danishName) }, selected: m.entry("to", nil), error: m.error("to"), allowEmpty: false),
                            .if(allowed.contains(.closed), .group(
                                Controls.enumSelect("closeReason", "Årsag til afslutning", CloseReason.self, selected: m.entry("closeReason", nil).flatMap(CloseReason.init(rawValue:)),
                                                    error: m.error("closeReason"), hint: "Skal vælges, når sagen afsluttes."),
                                Controls.input("effectiveOn", "Afsluttet pr.", type: "date", value: m.entry("effectiveOn", nil), error: m.error("effectiveOn"),
                                               hint: "Når sagen afsluttes. Tomt felt: i dag. Bestilte indsatser afsluttes samme dag.")
                            )),
                            Controls.textarea("reason", "Begrundelse", value: m.entry("reason", nil), error: m.error("reason"),
                                              hint: "Skal udfyldes ved genåbning og ved tilbagegang til sagsoplysning."),
                            partButton("Skift fase", SiteURL.caseTransition(m.record.id))
                        )
                    )),
                    .if(ctx.principal?.role == .teamLeader && c.phase != .closed, allocation(m, ctx)),
                    .if(writes, folded("KLE-klassifikation", open: m.error("emne") != nil || m.error("facet") != nil, .div(
                        .class("stack wide"),
                        Controls.input("emne", "KLE-emne", value: m.entry("emne", c.kleEmne), error: m.error("emne"), hint: "Fx 27.36.04. Kan sættes senere og ændres; ændringer gemmes i historikken."),
                        Controls.input("facet", "Handlingsfacet", value: m.entry("facet", c.kleFacet), error: m.error("facet"), hint: "Fx G01."),
                        partButton("Gem KLE", SiteURL.caseKLE(m.record.id))
                    ))),
                    .h2(.id("historik"), .txt("Historik")),
                    timeline(m),
                ]),
                .if(writes, documentForm(m, ctx))
            )
        ).withErrors(m.errors)
    }

    /// A form folded away under its title (`<details>`), open when it was refused so the errors show.
    static func folded(_ title: String, open: Bool, _ form: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .class("form-panel"), .if(open, .attr("open", "open")),
            .element(named: "summary", nodes: [.txt(title)]),
            form,
        ])
    }

    /// The phases as a vertical step indicator (DKFDS *trinindikator*): each with its state in words, what still
    /// wants attention there, and a link to its page once reached.
    static func stepIndicator(_ m: CasePageModel, _ steps: [CaseProgress.Step]) -> Node<HTML.BodyContext> {
        .element(named: "nav", nodes: [
            .attr("aria-label", "Sagens faser"), .class("step-column"),
            .h2(.class("step-title"), .txt("Faser")),
            .ol(.class("step-indicator"), .forEach(steps) { step in
                let slug = PhaseSlug(phase: step.phase)
                // DKFDS's own state classes (current, disabled) beside OpenVUM's (done, skipped, attention).
                let dkfds = step.state == .current ? " current" : step.state == .upcoming ? " disabled" : ""
                let stateClass = "step-\(step.state.rawValue)\(step.attention.isEmpty ? "" : " step-attention")\(dkfds)"
                return .li(
                    .attr("class", stateClass),
                    step.state == .upcoming || slug == nil ? .span(.class("step step-name step-title"), .txt(step.phase.danishName))
                        : .a(.class("step step-name step-title"), .attr("href", url(m, slug)), .if(step.state == .current, .attr("aria-current", "step")),
                             .txt(step.phase.danishName)),
                    .span(.class("step-state"), .txt(step.state.danishName)),
                    .forEach(step.attention) { .span(.class("step-note"), .span(.class("sr-only"), .txt("Bemærk: ")), .txt($0)) }
                )
            }),
        ])
    }

    /// One card per phase the case has reached: what is recorded there, in a line or two.
    static func summaryCards(_ m: CasePageModel, _ steps: [CaseProgress.Step]) -> Node<HTML.BodyContext> {
        let d = m.doc
        let xs = d.interventions
        func lines(_ p: CasePhase) -> [String] {
            switch p {
            case .opening:
                return [d.opening.origin.map { "Henvendelse: \($0.danishName.lowercased())" }, d.opening.consent.map { $0.danishName },
                        d.opening.clearCase == true ? "Klar sag" : nil, m.record.paragraphs.map { "Ansøgt/aktuel: \($0)" }].compactMap { $0 }
            case .investigation:
                let n = (d.investigation.functionalLevels ?? []).count
                return ["\(n) \(n == 1 ? "funktionsniveau" : "funktionsniveauer") vurderet"]
            case .assessment:
                let total = Controls.kroner(xs.compactMap(\.expectedPrice).reduce(0, +))
                return ["\(d.goals.count) mål · \(xs.count) \(xs.count == 1 ? "indsats" : "indsatser") indstillet", xs.isEmpty ? nil : total.map { "Forventet pris i alt \($0) kr." }]
                    .compactMap { $0 }
            case .decision:
                let granted = xs.filter { $0.decision?.outcome == .granted }.count
                let refused = xs.filter { $0.decision?.outcome == .refused }.count
                return ["\(granted) bevilget · \(refused) afslået · \(xs.count - granted - refused) afventer"]
            case .order:
                let granted = xs.filter { $0.decision?.outcome == .granted }.count
                return ["\(xs.filter { $0.order != nil }.count) af \(granted) bevilgede bestilt"]
            case .delivery:
                return ["\(xs.filter { $0.delivery?.startDate != nil }.count) af \(xs.filter { $0.order != nil }.count) bestilte startet"]
            case .followUp:
                let last = d.followUps.compactMap(\.followUpDate).max()
                let next = d.followUps.compactMap(\.nextFollowUpDate).max()
                return ["\(d.followUps.count) \(d.followUps.count == 1 ? "opfølgning" : "opfølgninger")\(last.map { ", seneste \($0.danish)" } ?? "")",
                        next.map { "Næste opfølgning \($0.danish)" }].compactMap { $0 }
            case .closed:
                return []
            }
        }
        let reached = steps.filter { $0.state == .done || $0.state == .current }
        return .div(.class("cards"), .forEach(reached) { step in
            .section(
                .attr("class", step.state == .current ? "card card-current" : "card"),
                .attr("aria-label", step.phase.danishName),
                .h3(.txt(step.phase.danishName)),
                .forEach(lines(step.phase)) { .p(.txt($0)) },
                .forEach(step.attention) { .p(.class("step-note"), .span(.class("sr-only"), .txt("Bemærk: ")), .txt($0)) },
                .unwrap(PhaseSlug(phase: step.phase)) { slug in .p(.a(.attr("href", url(m, slug)), .txt("Åbn \(step.phase.danishName.lowercased())"))) }
            )
        })
    }

    /// A note's correction form, folded away: the corrected text becomes a new version; the earlier stays.
    static func noteCorrection(_ m: CasePageModel, _ n: JournalNote, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let field = "correction-\(n.chainID.uuidString.lowercased())"
        let error = m.error(field)
        return .element(named: "details", nodes: [
            .if(error != nil, .attr("open", "open")),
            .element(named: "summary", nodes: [.txt("Ret notatet")]),
            .div(
                .class("stack wide"),
                Controls.textarea(field, "Rettet notat", value: m.entry(field, n.text), error: error,
                                  hint: "Rettelsen gemmes som en ny udgave med dit navn og tidspunktet; den tidligere udgave bevares."),
                partButton("Gem rettelse", SiteURL.caseNoteCorrection(m.record.id, note: n.chainID))
            ),
        ])
    }

    /// Complaints about the case's decisions (WF-31): each with how far it has come, and one form to register a
    /// complaint or — with `?klage=<id>` — bring one up to date.
    static func complaints(_ m: CasePageModel, _ ctx: PageContext, writes: Bool) -> Node<HTML.BodyContext> {
        let all = m.doc.complaints
        let decided = m.doc.interventions.enumerated().filter { $0.element.decision?.outcome != nil && $0.element.id != nil }
        guard !all.isEmpty || !decided.isEmpty else { return .empty }
        let editing = (m.entry("complaint.id", nil).flatMap(UUID.init(uuidString:)) ?? m.editingComplaint).flatMap { id in all.firstIndex { $0.id == id } }
        let k = editing.map { all[$0] }
        func name(_ id: UUID?) -> String {
            id.flatMap { id in m.doc.interventions.firstIndex { $0.id == id } }.map { m.interventionName($0) } ?? "Afgørelsen"
        }
        func stage(_ c: Complaint) -> String {
            var parts = ["modtaget \(c.receivedOn.danishOrDash)"]
            if let on = c.reconsideredOn { parts.append("genvurderet \(on.danish)\(c.decisionKept == false ? " (afgørelsen ændret)" : "")") }
            if let on = c.sentToAppealsBoardOn { parts.append("sendt til Ankestyrelsen \(on.danish)") }
            if let outcome = c.outcome { parts.append("Ankestyrelsen: \(outcome.danishName.lowercased()) \(c.outcomeOn.danishOrDash)") }
            return parts.joined(separator: ", ")
        }
        func field(_ key: String) -> String? { m.error("complaint-\(key)") }
        return .group(
            .h2(.id("klager"), .txt("Klager")),
            all.isEmpty ? .p(.txt("Ingen klager.")) : .ul(.class("items"), .forEach(all) { c in
                .li(.txt("\(name(c.interventionId)): \(stage(c))\(c.note.map { " – \($0)" } ?? "")"),
                    .if(writes && c.id != nil, .span(.class("item-actions"),
                        .a(.attr("href", SiteURL.case(m.record.id, complaint: c.id).path + "#klageformular"), .txt("Ret")))))
            }),
            .if(writes, folded(k == nil ? "Registrér en klage" : "Opdatér klagen",
                               open: k != nil || m.errors.contains { $0.field.hasPrefix("complaint-") }, .div(
                .class("stack wide"),
                .unwrap(k?.id) { Controls.hidden("complaint.id", $0.uuidString.lowercased()) },
                .h3(.id("klageformular"), .txt(k == nil ? "Registrér en klage" : "Opdatér klagen")),
                Controls.input("complaint.receivedOn", "Klagen modtaget", type: "date", value: m.entry("complaint.receivedOn", k?.receivedOn.iso),
                               error: field("receivedOn")),
                Controls.select("complaint.interventionId", "Klagen angår", options: decided.map { ($0.element.id!.uuidString.lowercased(), m.interventionName($0.offset)) },
                                selected: m.entry("complaint.interventionId", k?.interventionId?.uuidString.lowercased()), error: field("interventionId")),
                Controls.input("complaint.reconsideredOn", "Genvurderet", type: "date", value: m.entry("complaint.reconsideredOn", k?.reconsideredOn.iso),
                               error: field("reconsideredOn"), hint: "Kommunen genvurderer afgørelsen, før klagen sendes videre."),
                Controls.yesNo("complaint.decisionKept", "Afgørelsen fastholdt ved genvurderingen",
                               selected: m.entry("complaint.decisionKept", k?.decisionKept.formValue).flatMap { $0.isEmpty ? nil : $0 == "true" }, error: field("decisionKept")),
                Controls.input("complaint.sentToAppealsBoardOn", "Sendt til Ankestyrelsen", type: "date",
                               value: m.entry("complaint.sentToAppealsBoardOn", k?.sentToAppealsBoardOn.iso), error: field("sentToAppealsBoardOn")),
                Controls.enumSelect("complaint.outcome", "Ankestyrelsens afgørelse", AppealOutcome.self,
                                    selected: m.entry("complaint.outcome", k?.outcome?.rawValue).flatMap(AppealOutcome.init(rawValue:)), error: field("outcome")),
                Controls.input("complaint.outcomeOn", "Dato for Ankestyrelsens afgørelse", type: "date", value: m.entry("complaint.outcomeOn", k?.outcomeOn.iso),
                               error: field("outcomeOn")),
                Controls.textarea("complaint.note", "Bemærkning", value: m.entry("complaint.note", k?.note), error: field("note")),
                partButton(k == nil ? "Registrér klagen" : "Gem klagen", SiteURL.caseComplaints(m.record.id))
            )))
        )
    }

    /// The case's documents, newest first, each a download; and the form to attach one.
    static func documents(_ m: CasePageModel, _ ctx: PageContext, writes: Bool) -> Node<HTML.BodyContext> {
        .group(
            .h2(.id("dokumenter"), .txt("Dokumenter")),
            m.attachments.isEmpty ? .p(.txt("Ingen dokumenter endnu.")) : .table(
                .class("documents"),
                Controls.tableHead("Dokument", "Type", "Dato", "Fil", "Tilføjet"),
                .tbody(.forEach(m.attachments) { a in
                    .tr(
                        .td(.a(.attr("href", SiteURL.caseDocument(m.record.id, document: a.id).path), .txt(a.title))),
                        .td(.txt(a.kind.danishName)),
                        .td(.txt(a.documentDate.danish)),
                        .td(.txt("\(a.format.danishName), \(DocumentRules.megabytes(a.size))")),
                        .td(.txt("\(DanishDate.string(a.uploadedAt)) af \(a.uploadedByName ?? "ukendt")"))
                    )
                })
            ),
            .if(writes, folded("Tilføj dokument", open: ["file", "kind", "title", "documentDate"].contains { m.error($0) != nil }, .element(named: "fieldset", nodes: [
                .class("stack wide document-fields"),
                fileInput(m),
                Controls.select("kind", "Dokumenttype", options: DocumentKind.allCases.map { ($0.rawValue, $0.danishName) }, selected: m.entry("kind", nil),
                                error: m.error("kind"), form: "dokumentformular"),
                Controls.input("title", "Titel", value: m.entry("title", nil), error: m.error("title"), hint: "Tomt felt: filens navn.", form: "dokumentformular"),
                Controls.input("documentDate", "Dokumentets dato", type: "date", value: m.entry("documentDate", nil), error: m.error("documentDate"),
                               hint: "Fx datoen på lægeerklæringen. Tomt felt: i dag.", form: "dokumentformular"),
                .element(named: "button", nodes: [.attr("type", "submit"), .attr("form", "dokumentformular"), .class("primary button button-primary"),
                                                  .txt("Tilføj dokument")]),
            ])))
        )
    }

    /// The document upload's own form (it carries a file), outside the page's one form; its fields and button sit in
    /// the documents panel and name it (`form="dokumentformular"`).
    static func documentForm(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [
            .attr("id", "dokumentformular"), .attr("action", SiteURL.caseDocuments(m.record.id).path), .attr("method", "post"),
            .attr("enctype", "multipart/form-data"), .class("detached"), Controls.csrf(ctx),
        ])
    }

    /// A part's button of the page's one form: sends the whole form to that part's address.
    static func partButton(_ label: String, _ target: SiteURL) -> Node<HTML.BodyContext> {
        .element(named: "button", nodes: [.attr("type", "submit"), .attr("formaction", target.path), .class("primary button button-primary"), .txt(label)])
    }

    static func fileInput(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        let error = m.error("file")
        let hint = "PDF, billede (PNG, JPEG, GIF, TIFF, WebP) eller kontordokument (Word, Excel, PowerPoint, OpenDocument); højst \(DocumentRules.megabytes(m.documentMaxBytes))."
        return .div(
            .attr("class", error == nil ? "field" : "field has-error"),
            .label(.attr("for", "file"), .txt("Fil")),
            .p(.attr("id", "file-hint"), .class("hint"), .txt(hint)),
            Controls.errorNode(error, "file"),
            .element(named: "input", nodes: [
                .attr("type", "file"), .attr("id", "file"), .attr("name", "file"), .attr("form", "dokumentformular"),
                .attr("accept", ".pdf,.png,.jpg,.jpeg,.gif,.tif,.tiff,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt"),
                .attr("aria-describedby", Controls.describedBy("file", error: error, hint: hint)),
                .if(error != nil, .attr("aria-invalid", "true")),
            ])
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
            .h3(.id("fordel"), .txt("Fordel sagen")),
            .div(
                .class("stack wide"),
                Controls.select("holder", "Ansvarlig", options: options, selected: m.entry("holder", current), error: m.error("caseworkerId") ?? m.error("unitId"),
                                allowEmpty: false),
                Controls.enumSelect("assignReason", "Årsag", AssignmentReason.self, selected: m.entry("assignReason", nil).flatMap(AssignmentReason.init(rawValue:)),
                                    error: m.error("assignReason")),
                partButton("Fordel sagen", SiteURL.caseAssignment(m.record.id))
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

    /// The case's history in date order: phase changes, every later holder (WF-29) and every handover to or
    /// from another acting or paying municipality (IDs 19–20).
    static func timeline(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        guard let h = m.history else { return .empty }
        // Who did it: the caseworker or team leader by name (an imported or since departed user is not named).
        func by(_ user: UUID?) -> String { m.holderName(user).map { " – \($0)" } ?? "" }
        var entries: [(at: Date, text: String)] = h.transitions.map { t in
            let why = [t.closeReason?.danishName, t.effectiveOn.map { "pr. \($0.danish)" }, t.reason].compactMap { $0 }
            return (t.at, "\(DanishDate.string(t.at)): \(t.from.map { "\($0.danishName) → " } ?? "")\(t.to.danishName)\(why.isEmpty ? "" : " (\(why.joined(separator: ", ")))")\(by(t.userID))")
        }
        for a in h.assignments.dropFirst() {
            let team = m.units.first { $0.id == a.unitID }?.name ?? "et andet team"
            let who = a.caseworkerID == nil ? "ikke fordelt" : m.holderName(a.caseworkerID) ?? "en tidligere sagsbehandler"
            entries.append((a.validFrom.date, "\(a.validFrom.danish): Sagen fordelt til \(team): \(who)\(a.reason.map { " (\($0.danishName))" } ?? "")\(by(a.assignedBy))"))
        }
        for v in h.municipalities {
            let role = v.role == .acting ? "handlekommune" : "betalingskommune"
            entries.append((v.validFrom.date, "\(v.validFrom.danish): " + (v.code.map { "Anden \(role): kommunekode \($0)" } ?? "Kommunen er igen selv \(role)")))
        }
        let ordered = entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element.text)
        return .ol(.class("timeline"), .forEach(ordered) { .li(.txt($0)) })
    }
}
