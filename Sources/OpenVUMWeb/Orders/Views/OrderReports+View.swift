import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot

/// The provider's status reports and change requests as both sides read them (issue 13 items 4–5), and the
/// provider's forms in the inbox.
extension OrderViews {
    /// A goal in words: its text and the theme it works on.
    static func goalName(_ g: Goal?, _ t: TerminologySnapshot?) -> String {
        guard let g else { return "Mål (fjernet fra sagen)" }
        let theme = g.primaryTheme.map { t?.display(.ffb, code: $0) ?? $0 }
        return [g.text ?? "Mål uden tekst", theme.map { "tema: \($0)" }].compactMap { $0 }.joined(separator: " · ")
    }

    /// Where the next status report stands, as a status line; a reminder or a late report stands out.
    static func statusLine(_ due: StatusReportDue?) -> Node<HTML.BodyContext> {
        guard let due else { return .empty }
        return .p(.attr("class", due.wantsAttention ? "notice warning" : "hint"), .attr("role", "status"), .txt(due.danish))
    }

    /// One status report, goal by goal.
    static func statusReport(_ r: StatusReport, goals: [Goal], _ t: TerminologySnapshot?) -> Node<HTML.BodyContext> {
        func row(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> { .group(.dt(.txt(label)), .dd(.txt(value ?? "–"))) }
        return .element(named: "section", nodes: [
            .class("panel"),
            .h4(.txt("Statusrapport \(r.reportedOn.danish) til opfølgningen \(r.followUpDate.danish)\(r.isLate ? " (for sen)" : "")")),
            .forEach(r.goals) { s in
                let goal = goals.first { $0.id == s.goalID }
                return .group(
                    .p(.strong(.txt(goalName(goal, t)))),
                    .dl(.class("facts"),
                        row("Niveau (0–4)", s.level?.danish),
                        row("Forventet niveau", goal?.expectedLevel?.danish),
                        row("Borgerens vurdering", s.citizenView?.danishName),
                        row("Borgerens egne ord", s.citizenText),
                        row("Givet hjælp", s.helpGiven),
                        row("Foreslået næste skridt", s.nextStep?.danishName)))
            },
            .unwrap(r.significantChanges) { .group(.p(.strong(.txt("Væsentlige ændringer"))), .p(.txt($0))) },
        ])
    }

    /// One change request with its evidence and the answer, when given.
    static func changeRequest(_ r: ChangeRequest, hours: [HoursReport]) -> Node<HTML.BodyContext> {
        func row(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> { .group(.dt(.txt(label)), .dd(.txt(value ?? "–"))) }
        let evidence = hours.filter { r.evidenceMonths.contains($0.month) }
        return .group(
            .dl(.class("facts"),
                row("Anmodet af", r.origin.danishName),
                row("Anmodet", r.requestedOn.danish),
                row("Anmodning", r.kind.danishName),
                row("Timer pr. uge", r.proposedPerWeek.map { "\($0.danish) (tildelt: \(r.allocatedPerWeek?.danish ?? "–"))" }),
                row("Begrundelse", r.reason),
                row("Svar", r.answer.map { "\($0.kind.danishName) \($0.answeredOn.danish)" }
                    ?? (r.origin == .provider ? "Afventer myndighedens svar" : "Afventer udførerens svar")),
                .unwrap(r.answer?.text) { row(r.origin == .provider ? "Myndighedens begrundelse" : "Udførerens begrundelse", $0) }),
            .if(!r.weekPlan.isEmpty, .table(
                .class("rows table table--compact table--responsive-headers"),
                .caption(.txt("Ugeplan: \(r.weekPlanHours.danish) timer i alt")),
                Controls.tableHead("Dag", "Timer", "Hvad"),
                .tbody(.forEach(r.weekPlan) { d in
                    .tr(.td(.attr("data-title", "Dag"), .txt(d.weekday.danishName)), .td(.attr("data-title", "Timer"), .txt(d.hours.danish)),
                        .td(.attr("data-title", "Hvad"), .txt(d.activity ?? "–")))
                }))),
            .if(!evidence.isEmpty, .group(.p(.strong(.txt("Leverede timer som dokumentation"))), hoursTable(evidence)))
        )
    }
}

extension OrderViews {
    /// One report of a use of force or an unintended incident, as both sides read it.
    static func incident(_ i: Incident) -> Node<HTML.BodyContext> {
        func row(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> { .group(.dt(.txt(label)), .dd(.txt(value ?? "–"))) }
        return .group(
            .h4(.txt("\(i.title), \(i.occurredOn.danish)")),
            .dl(.class("facts"),
                .unwrap(i.force) { f in .group(
                    row("Tidsrum", "\(f.startTime)–\(f.endTime)"),
                    row("Hjemmel", f.legalBasis),
                    row("Situationen før", f.situationBefore),
                    row("Situationen under", f.situationDuring),
                    row("Til stede", f.present),
                    row("Borgerens egen beskrivelse", f.citizenAccount),
                    row("Lederens vurdering og opfølgning", f.leaderAssessment)) },
                .unwrap(i.unintended) { u in .group(
                    row("Alvorlighed (0–5)", String(u.severity)),
                    row("Beskrivelse", u.description),
                    row("Opfølgning", u.followUp)) },
                row("Indberettet", i.reportedOn.danish),
                row("Set af myndigheden", i.seenOn?.danish ?? "Endnu ikke")))
    }
}

extension Pages {
    /// The provider's reports on the order, and the two forms: a use of force (Socialstyrelsen's fields) and an
    /// unintended incident, each folded until used.
    static func incidentForms(_ m: InboxOrderModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let action = SiteURL.inboxOrderIncident(m.order.id).path
        func typed(_ prefix: String) -> Bool { m.typed?["type"] == (prefix == "force" ? "useOfForce" : "unintended") }
        func v(_ name: String) -> String? { m.typed.flatMap { _ in m.value(name, nil) } }
        return .group(
            .h2(.id("haendelser"), .txt("Magtanvendelse og utilsigtede hændelser")),
            m.incidents.isEmpty ? .p(.txt("Ingen indberetninger på bestillingen.")) : .forEach(m.incidents.reversed()) { i in
                .element(named: "section", nodes: [.class("panel"), OrderViews.incident(i)])
            },
            .element(named: "details", nodes: [
                .class("form-panel"), .if(typed("force"), .attr("open", "open")),
                .element(named: "summary", txt: "Indberet magtanvendelse"),
                Controls.form(action: action, Controls.csrf(ctx), Controls.hidden("type", "useOfForce"),
                    .unwrap(m.error("force.state")) { Controls.errorNode($0, "force-state") },
                    .p(.class("hint"), .txt("Registreringen følger Socialstyrelsens skema. Den bliver en opgave hos borgerens sagsbehandler.")),
                    Controls.input("force.occurredOn", "Dato", type: "date", value: v("force.occurredOn"), error: m.error("force.occurredOn")),
                    Controls.enumSelect("force.kind", "Form for magtanvendelse", ForceKind.self, selected: v("force.kind").flatMap(ForceKind.init(rawValue:)),
                                        error: m.error("force.kind")),
                    Controls.input("force.startTime", "Starttidspunkt", type: "time", value: v("force.startTime"), error: m.error("force.startTime"), hint: "TT:MM."),
                    Controls.input("force.endTime", "Sluttidspunkt", type: "time", value: v("force.endTime"), error: m.error("force.endTime"), hint: "TT:MM."),
                    Controls.input("force.legalBasis", "Hjemmel", value: v("force.legalBasis"), error: m.error("force.legalBasis"),
                                   hint: "Tom: formens paragraf i serviceloven (fx SEL § 126 for fastholdelse)."),
                    Controls.textarea("force.situationBefore", "Beskriv situationen før magtanvendelsen", value: v("force.situationBefore"),
                                      error: m.error("force.situationBefore")),
                    Controls.textarea("force.situationDuring", "Beskriv situationen under magtanvendelsen", value: v("force.situationDuring"),
                                      error: m.error("force.situationDuring")),
                    Controls.textarea("force.present", "Hvem var til stede?", value: v("force.present"), error: m.error("force.present")),
                    Controls.textarea("force.citizenAccount", "Borgerens egen beskrivelse", value: v("force.citizenAccount"), error: m.error("force.citizenAccount")),
                    Controls.textarea("force.leaderAssessment", "Lederens vurdering og opfølgning", value: v("force.leaderAssessment"),
                                      error: m.error("force.leaderAssessment")),
                    Controls.submit("Indberet magtanvendelsen")),
            ]),
            .element(named: "details", nodes: [
                .class("form-panel"), .if(typed("unintended"), .attr("open", "open")),
                .element(named: "summary", txt: "Indberet utilsigtet hændelse"),
                Controls.form(action: action, Controls.csrf(ctx), Controls.hidden("type", "unintended"),
                    .unwrap(m.error("unintended.state")) { Controls.errorNode($0, "unintended-state") },
                    Controls.input("unintended.occurredOn", "Dato", type: "date", value: v("unintended.occurredOn"), error: m.error("unintended.occurredOn")),
                    Controls.enumSelect("unintended.kind", "Hændelsens art", UnintendedKind.self, selected: v("unintended.kind").flatMap(UnintendedKind.init(rawValue:)),
                                        error: m.error("unintended.kind")),
                    Controls.select("unintended.severity", "Alvorlighed", options: (0...5).map { (String($0), severityName($0)) },
                                    selected: v("unintended.severity"), error: m.error("unintended.severity")),
                    Controls.textarea("unintended.description", "Beskriv hændelsen", value: v("unintended.description"), error: m.error("unintended.description")),
                    Controls.textarea("unintended.followUp", "Opfølgning", value: v("unintended.followUp"), error: m.error("unintended.followUp")),
                    Controls.submit("Indberet hændelsen")),
            ])
        )
    }

    /// The severity scale's words.
    static func severityName(_ n: Int) -> String {
        ["0 – ingen skade", "1 – ubetydelig", "2 – mindre skade", "3 – moderat skade", "4 – alvorlig skade", "5 – død"][n]
    }

    /// The status report for the planned follow-up, pre-filled per goal from the last report.
    static func statusForm(_ m: InboxOrderModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        guard let s = m.status else { return .empty }
        let last = s.reports.last
        let prefill = StatusReportRules.prefill(order: m.order, last: last, views: s.views)
        let goals = prefill.map { g in (g, s.goals.first { $0.id == g.goalID }) }
        return .group(
            .h2(.id("statusrapport"), .txt("Statusrapport")),
            OrderViews.statusLine(s.due),
            .if(s.followUp == nil, .p(.txt("Der er ingen planlagt opfølgning på sagen at give status til."))),
            .unwrap(s.followUp) { followUp in
                Controls.form(action: SiteURL.inboxOrderStatus(m.order.id).path, Controls.csrf(ctx), Controls.hidden("status.count", String(goals.count)),
                    .unwrap(m.error("status.state")) { Controls.errorNode($0, "status-state") },
                    .p(.class("hint"), .txt("Til opfølgningen \(followUp.danish). Status gives på hvert af bestillingens mål og er udfyldt med jeres seneste rapport.")),
                    .unwrap(m.error("status.goals")) { Controls.errorNode($0, "status-goals") },
                    .forEach(Array(goals.enumerated())) { i, pair in
                        let (g, goal) = pair, n = "status.\(i)"
                        return .element(named: "fieldset", nodes: [
                            .class("panel"),
                            .element(named: "legend", nodes: [.txt(OrderViews.goalName(goal, m.terminology))]),
                            Controls.hidden("\(n).goalId", g.goalID.uuidString),
                            .unwrap(goal?.expectedLevel) { .p(.class("hint"), .txt("Forventet niveau: \($0.danish).")) },
                            Controls.input("\(n).level", "Borgerens niveau på målets tema (0–4)", value: m.value("\(n).level", g.level?.danish),
                                           error: m.error("\(n).level"), hint: "0 = ingen problemer … 4 = totalt problem; fx 2,5."),
                            Controls.enumSelect("\(n).citizenView", "Borgerens egen vurdering af arbejdet med målet", CitizenView.self,
                                                selected: m.value("\(n).citizenView", g.citizenView?.rawValue).flatMap(CitizenView.init(rawValue:)),
                                                error: m.error("\(n).citizenView")),
                            Controls.textarea("\(n).citizenText", "Borgerens egne ord", value: m.value("\(n).citizenText", g.citizenText), error: m.error("\(n).citizenText")),
                            Controls.textarea("\(n).helpGiven", "Givet hjælp", value: m.value("\(n).helpGiven", g.helpGiven), error: m.error("\(n).helpGiven")),
                            Controls.enumSelect("\(n).nextStep", "Foreslået næste skridt", ProposedNextStep.self,
                                                selected: m.value("\(n).nextStep", g.nextStep?.rawValue).flatMap(ProposedNextStep.init(rawValue:)),
                                                error: m.error("\(n).nextStep")),
                        ])
                    },
                    Controls.textarea("status.significantChanges", "Væsentlige ændringer i funktionsniveau eller støttebehov",
                                      value: m.value("status.significantChanges", last?.significantChanges), error: m.error("status.significantChanges")),
                    Controls.submit("Send statusrapporten"))
            },
            .if(!s.reports.isEmpty, .group(.h3(.txt("Sendte statusrapporter")), .forEach(s.reports.reversed()) { OrderViews.statusReport($0, goals: s.goals, m.terminology) }))
        )
    }

    /// The change requests so far and, when none is open, the form for a new one with its evidence.
    static func changeForm(_ m: InboxOrderModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let open = m.changes.contains { $0.isOpen && $0.origin == .provider }
        let months = m.hours.map { String($0.month.description.prefix(7)) }
        let ticked = Set(m.typed.map { $0.all("change.evidence") } ?? [])
        return .group(
            .h2(.id("aendring"), .txt("Ændring af støtten")),
            .forEach(m.changes.reversed()) { r in
                let asked = r.isOpen && r.origin == .authority, n = "answer-\(r.id.uuidString.prefix(8).lowercased())"
                return .element(named: "section", nodes: [
                    .attr("class", asked ? "panel attention" : "panel"),
                    OrderViews.changeRequest(r, hours: m.hours),
                    // The authority's request after a follow-up: the provider answers whether it can deliver the change.
                    .if(asked, Controls.form(action: SiteURL.inboxOrderChange(m.order.id).path, Controls.csrf(ctx), Controls.hidden("changeId", r.id.uuidString),
                        Controls.select("\(n).answer", "Jeres svar", options: [(ChangeAnswerKind.granted.rawValue, "Kan levere ændringen"),
                                                                               (ChangeAnswerKind.refused.rawValue, "Kan ikke levere ændringen")],
                                        selected: m.value("\(n).answer", nil), error: m.error("\(n).answer")),
                        Controls.textarea("\(n).text", "Begrundelse til myndigheden", value: m.value("\(n).text", nil), error: m.error("\(n).text"),
                                          hint: "Kræves, hvis I ikke kan levere ændringen."),
                        Controls.submit("Send svaret"))),
                ])
            },
            open ? .p(.txt("Myndigheden har ikke svaret på jeres anmodning endnu; en ny kan sendes, når den er besvaret.")) :
            Controls.form(action: SiteURL.inboxOrderChange(m.order.id).path, Controls.csrf(ctx),
                .unwrap(m.error("change.state")) { Controls.errorNode($0, "change-state") },
                .p(.class("hint"), .txt("Anmodningen bliver en opgave hos borgerens sagsbehandler. Vedlæg de leverede timer og/eller en ugeplan som dokumentation.")),
                Controls.enumSelect("change.kind", "Der anmodes om", ChangeKind.self, selected: m.value("change.kind", nil).flatMap(ChangeKind.init(rawValue:)),
                                    error: m.error("change.kind")),
                Controls.input("change.proposedPerWeek", "Timer pr. uge, der anmodes om (ved mere eller mindre støtte)", value: m.value("change.proposedPerWeek", nil),
                               error: m.error("change.proposedPerWeek"),
                               hint: HoursRules.allocatedPerWeek(m.order.contract).map { "Tildelt nu: \($0.danish) timer pr. uge." }),
                Controls.textarea("change.reason", "Begrundelse", value: m.value("change.reason", nil), error: m.error("change.reason"),
                                  hint: "Hvad har ændret sig, og hvad har borgeren brug for?"),
                months.isEmpty ? .p(.class("hint"), .txt("Der er ingen indberettede måneder at vedlægge endnu.")) :
                    Controls.checkboxes("change.evidence", "Vedlæg leverede timer for", options: months.map { ($0, $0) }, selected: ticked,
                                        error: m.error("change.evidence")),
                .element(named: "fieldset", nodes: [
                    .class("panel"),
                    .element(named: "legend", nodes: [.txt("Ugeplan (lad en dag stå tom, hvis den ikke indgår)")]),
                    .unwrap(m.error("change.plan") ?? (months.isEmpty ? m.error("change.evidence") : nil)) { Controls.errorNode($0, "change-plan") },
                    .forEach(Weekday.allCases) { d in
                        let n = "change.plan.\(d.rawValue)"
                        return .div(.class("row"),
                            Controls.input("\(n).hours", "\(d.danishName): timer", value: m.value("\(n).hours", nil), error: m.error("\(n).hours")),
                            Controls.input("\(n).activity", "\(d.danishName): hvad", value: m.value("\(n).activity", nil), error: m.error("\(n).activity")))
                    },
                ]),
                Controls.submit("Send anmodningen"))
        )
    }
}
