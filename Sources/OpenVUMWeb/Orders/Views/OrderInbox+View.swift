import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    /// The provider's inbox: the orders to the user's own offers, with the citizen they are for.
    struct OrderInboxModel: Sendable {
        var orders: [Order]
        var citizens: [UUID: String]
        var providers: [ProviderStore.ProviderEntry]
        /// Matching requests to the user's offers, anonymised (their own candidates only).
        var matching: [MatchingRequest] = []
        var terminology: TerminologySnapshot? = nil
        var errors: [FieldError] = []
        var typed: FormData?
        var notice: String?
    }

    /// The anonymised need in words: coded values by their FFB names.
    static func needFacts(_ n: AnonymisedNeed, _ t: TerminologySnapshot?) -> Node<HTML.BodyContext> {
        func row(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> { .group(.dt(.txt(label)), .dd(.txt(value ?? "–"))) }
        func names(_ codes: [String]) -> String? { codes.isEmpty ? nil : codes.map { t?.display(.ffb, code: $0) ?? $0 }.joined(separator: ", ") }
        let scope = n.unit.flatMap { u in n.unitsPerPeriod.map { "\(u.quantity($0)) \(n.frequency?.danishName.lowercased() ?? "")" } }
        return .dl(.class("facts"),
            row("Paragraf", n.paragraph), row("Ydelser", names(n.services)), row("Målgrupper", names(n.targetGroups)),
            row("Støttebehov", n.supportNeed.map { t?.display(.ffb, code: $0) ?? $0 }), row("Aldersgruppe", n.ageGroup?.danishName),
            row("Omfang", scope), row("Forventet start", n.expectedStartDate?.danish), row("Uden slutdato", n.noEndDate ? "Ja" : "Nej"),
            row("Beskrivelse", n.description))
    }

    /// The matching requests in the inbox, each with an answer form per own offer asked.
    static func matchingRequests(_ m: OrderInboxModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .h2(.txt("Forespørgsler")),
            m.matching.isEmpty ? .p(.txt("Ingen forespørgsler.")) : .forEach(m.matching) { r in
                .element(named: "section", nodes: [
                    .class("panel"),
                    .h3(.txt("Forespørgsel sendt \(r.sentOn.danish)")),
                    needFacts(r.need, m.terminology),
                    .forEach(r.candidates) { c in
                        let typed = m.typed?["requestId"] == r.id.uuidString && m.typed?["offerId"] == c.offerID.uuidString
                        // One form per offer asked: each comment field has its own name (and so its own id).
                        let field = "comment-\(r.id.uuidString.prefix(8))-\(c.offerID.uuidString.prefix(8))".lowercased()
                        let error = typed ? m.errors.first { $0.field.hasPrefix("comment") }?.message : nil
                        func button(_ value: String, _ label: String, primary: Bool) -> Node<HTML.BodyContext> {
                            .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "available"), .attr("value", value),
                                                              .attr("class", primary ? "primary button button-primary" : "secondary button button-secondary"), .txt(label)])
                        }
                        return Controls.form(action: SiteURL.matchingAnswer(r.id).path, Controls.csrf(ctx), Controls.hidden("offerId", c.offerID.uuidString),
                            Controls.hidden("requestId", r.id.uuidString),
                            .p(.txt("\(OrderViews.offerName(c.offerID, in: m.providers) ?? "Tilbud"): \(c.answer.danishName)"
                                    + (c.answeredOn.map { " (\($0.danish))" } ?? "") + (c.comment.map { " – \($0)" } ?? ""))),
                            Controls.hidden("commentField", field),
                            Controls.textarea(field, "Bemærkning", value: typed ? m.typed?[field] : nil,
                                              error: error, hint: "Fx hvornår der er plads."),
                            .div(.class("actions"), button("true", "Kan tilbyde plads", primary: true), button("false", "Kan ikke tilbyde plads", primary: false)))
                    },
                ])
            })
    }

    static func orderInbox(_ m: OrderInboxModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let waiting = m.orders.filter { $0.state == .sent }.count
        return WebPage(title: "Bestillinger", current: .orderInbox(), status: status,
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            .p(.txt("Bestillinger til dine tilbud. En ny bestilling accepteres eller afvises; når indsatsen er startet, registrerer du startdatoen, så myndigheden ikke skal skrive den.")),
            .p(.attr("role", "status"), .txt(waiting == 0 ? "Ingen bestillinger venter på svar." : waiting == 1 ? "1 bestilling venter på svar." : "\(waiting) bestillinger venter på svar.")),
            m.orders.isEmpty ? .p(.txt("Der er ingen bestillinger at vise.")) : .table(
                .class("rows table table--compact table--responsive-headers"),
                .caption(.class("sr-only"), .txt("Bestillinger til dine tilbud")),
                Controls.tableHead("Borger", "Tilbud", "Status", "Bestilt", "Start", "Omfang"),
                .tbody(.forEach(m.orders) { o in
                    .tr(
                        .td(.attr("data-title", "Borger"), .a(.attr("href", SiteURL.inboxOrder(o.id).path), .txt(m.citizens[o.id] ?? "Borger"))),
                        .td(.attr("data-title", "Tilbud"), .txt(OrderViews.offerName(o.offerID, in: m.providers) ?? "–")),
                        .td(.attr("data-title", "Status"), .txt(o.state.danishName)),
                        .td(.attr("data-title", "Bestilt"), .txt(o.orderedOn?.danish ?? "–")),
                        .td(.attr("data-title", "Start"), .txt((o.startDate ?? o.contract.startDate).danish)),
                        .td(.attr("data-title", "Omfang"), .txt(OrderViews.scopeText(o.contract)))
                    )
                })
            ),
            matchingRequests(m, ctx)
        ).withErrors(m.errors)
    }

    /// One order as the provider sees it, with what the provider can do now: accept or reject a new order, record
    /// the start of an accepted one, end it.
    struct InboxOrderModel: Sendable {
        var order: Order
        var citizen: String
        var providers: [ProviderStore.ProviderEntry]
        var errors: [FieldError] = []
        var typed: FormData?
        var saved = false
        /// What travels with the order (`SharingRules.content`), with the documents' and notes' own data.
        var shared = SharedContent()
        var consentAllows = false
        var documents: [CaseAttachment] = []
        var notes: [JournalNote] = []
        var terminology: TerminologySnapshot?
        var citizenID: UUID?
        /// The monthly reports of delivered hours, and the month the form shows.
        var hours: [HoursReport] = []
        /// The status report's goals, planned follow-up and reports (a started order), and the change requests.
        var status: OrderReportsAPI.StatusContext?
        var changes: [ChangeRequest] = []
        /// The provider's reports of use of force and unintended incidents on the order.
        var incidents: [Incident] = []
        var month = CalendarDate(year: 2026, month: 1, day: 1)!
        var today = CalendarDate(year: 2026, month: 1, day: 1)!
        func value(_ name: String, _ stored: String?) -> String? { typed.map { $0[name] ?? "" } ?? stored }
        func error(_ name: String) -> String? { errors.first { $0.field == name }?.message }
    }

    /// "Fra sagen": exactly what travels with the order, or why nothing does.
    static func sharedFromCase(_ m: InboxOrderModel) -> Node<HTML.BodyContext> {
        let c = m.shared, t = m.terminology
        func name(_ code: String?) -> String { code.map { t?.display(.ffb, code: $0) ?? $0 } ?? "–" }
        let empty = c.goals.isEmpty && c.functionalLevels.isEmpty && c.functionalAssessment == nil && c.conditions.isEmpty && m.documents.isEmpty && m.notes.isEmpty
        return .group(
            .h2(.txt("Fra sagen")),
            .if(empty, .p(.txt(m.consentAllows ? "Myndigheden har ikke valgt oplysninger fra sagen til bestillingen."
                                                : "Borgerens samtykke tillader ikke, at oplysninger fra sagen videregives; kun bestillingen følger med."))),
            .if(!c.goals.isEmpty, .group(.h3(.txt("Mål")), .ul(.forEach(c.goals) { g in
                .li(.txt([g.text, g.primaryTheme.map { "tema: \(name($0))" }, g.expectedLevel.map { "forventet niveau \($0.danish)" },
                          g.followUpDate.map { "opfølgning \($0.danish)" }].compactMap { $0 }.joined(separator: " · ")))
            }))),
            .if(!c.functionalLevels.isEmpty, .group(.h3(.txt("Funktionsniveauer")), .ul(.forEach(c.functionalLevels) { l in
                .li(.txt("\(name(l.subtheme)): \(l.level.danish)" + (l.severity.map { " (\(name($0)))" } ?? "")))
            }))),
            .unwrap(c.functionalAssessment) { .group(.h3(.txt("Samlet funktionsvurdering")), .p(.txt($0))) },
            .if(!c.conditions.isEmpty, .group(.h3(.txt("Helbredsforhold og udredte temaer")), .ul(.forEach(c.conditions) { .li(.txt(name($0))) }))),
            .if(!m.documents.isEmpty, .group(.h3(.txt("Dokumenter")), .ul(.forEach(m.documents) { d in
                .li(.a(.attr("href", SiteURL.inboxOrderDocument(m.order.id, document: d.id).path), .txt("\(d.title) (\(d.documentDate.danish))")))
            }))),
            .if(!m.notes.isEmpty, .group(.h3(.txt("Notater")), .ul(.forEach(m.notes) { n in
                .li(.txt("\(n.category.danishName), \(CalendarDate(n.writtenAt).danish): \(n.text)"))
            })))
        )
    }

    /// The reported months (delivered against allocated hours) and the form for one month, a field per week.
    static func hoursForm(_ m: InboxOrderModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let month = String(m.month.description.prefix(7))
        let stored = m.hours.first { $0.month == m.month }
        let weeks = HoursRules.weeks(of: m.month, until: m.today)
        return .group(
            .h2(.id("timer"), .txt("Leverede timer")),
            OrderViews.hoursTable(m.hours),
            // The month shown: its weeks are the form's fields.
            .element(named: "form", nodes: [
                .attr("action", SiteURL.inboxOrder(m.order.id).path), .attr("method", "get"), .class("stack wide"),
                Controls.input("maaned", "Måned", type: "month", value: month, error: m.error("maaned"), hint: "ÅÅÅÅ-MM."),
                .element(named: "button", nodes: [.attr("type", "submit"), .class("secondary button button-secondary"), .txt("Vis måned")]),
            ]),
            Controls.form(action: SiteURL.inboxOrderHours(m.order.id).path, Controls.csrf(ctx), Controls.hidden("maaned", month),
                .h3(.txt("Timer for \(CalendarDate.pad(m.month.month, 2))-\(m.month.year)")),
                .p(.class("hint"), .txt(m.order.contract.unit == .hour ? "Tildelt: \(OrderViews.scopeText(m.order.contract))." : "Bestillingen gøres ikke op i timer; angiv de leverede timer alligevel.")),
                weeks.isEmpty ? .p(.txt("Måneden har ingen hel uge endnu.")) : .forEach(weeks) { w in
                    Controls.input("week.\(w)", "Uge fra mandag \(w.danish): leverede timer", value: m.value("week.\(w)", stored?.weeks.first { $0.week == w }?.delivered.danish),
                                   error: m.error("week.\(w)"))
                },
                Controls.input("cancelledByCitizen", "Besøg aflyst af borgeren", type: "number", value: m.value("cancelledByCitizen", stored.map { String($0.cancelledByCitizen) }),
                               error: m.error("cancelledByCitizen")),
                Controls.input("cancelledByProvider", "Besøg aflyst af udføreren", type: "number", value: m.value("cancelledByProvider", stored.map { String($0.cancelledByProvider) }),
                               error: m.error("cancelledByProvider")),
                Controls.textarea("hoursNote", "Bemærkning", value: m.value("hoursNote", stored?.note), error: m.error("hoursNote")),
                Controls.submit("Gem timer for måneden"))
        )
    }

    static func inboxOrder(_ m: InboxOrderModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let o = m.order
        let action = SiteURL.inboxOrder(o.id).path
        let csrf = Controls.csrf(ctx), version = Controls.hidden("version", String(o.version))
        func step(_ value: String, _ label: String, primary: Bool = true) -> Node<HTML.BodyContext> {
            .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "handling"), .attr("value", value),
                                              .attr("class", primary ? "primary button button-primary" : "secondary button button-secondary"), .txt(label)])
        }
        let endForm = Controls.form(action: action, csrf, version,
            .h2(.id("afslut"), .txt("Afslut bestillingen")),
            Controls.input("endedOn", "Slutdato", type: "date", value: m.value("endedOn", nil), error: m.error("endedOn")),
            Controls.select("endReason", "Årsag", options: (o.state == .accepted ? [.neverStarted, .movedAway, .caseClosed] : InterventionEndReason.allCases)
                .map { ($0.rawValue, $0.danishName) }, selected: m.value("endReason", nil), error: m.error("reason") ?? m.error("endReason")),
            step("afslut", "Afslut", primary: false))
        return WebPage(title: "Bestilling: \(m.citizen)", current: .orderInbox(), status: status,
            .p(.a(.attr("href", SiteURL.orderInbox().path), .txt("Tilbage til bestillinger"))),
            .if(m.saved, .p(.class("notice"), .attr("role", "status"), .txt("Gemt."))),
            .p(.txt("Borger: \(m.citizen)")),
            OrderViews.facts(o, offer: OrderViews.offerName(o.offerID, in: m.providers)),
            sharedFromCase(m),
            .unwrap(m.error("state")) { Controls.errorNode($0, "state") },
            {
                switch o.state {
                case .sent:
                    return .group(
                        Controls.form(action: action, csrf, version, .h2(.txt("Accepter")), .p(.txt("Du kan levere efter bestillingen.")),
                                      step("accepter", "Accepter bestillingen")),
                        Controls.form(action: action, csrf, version, .h2(.txt("Afvis")),
                                      Controls.textarea("reason", "Hvorfor afvises bestillingen?", value: m.value("reason", nil), error: m.error("reason"),
                                                        hint: "Fx ingen ledige pladser. Myndigheden ser begrundelsen."),
                                      step("afvis", "Afvis bestillingen", primary: false)))
                case .accepted:
                    return .group(
                        Controls.form(action: action, csrf, version, .h2(.txt("Registrér starten")),
                                      Controls.input("startDate", "Startdato for indsats (ID 75)", type: "date", value: m.value("startDate", nil), error: m.error("startDate")),
                                      Controls.input("serviceStartDate", "Startdato for ydelser, hvis den er senere (ID 76)", type: "date",
                                                     value: m.value("serviceStartDate", nil), error: m.error("serviceStartDate")),
                                      step("start", "Registrér start")),
                        changeForm(m, ctx), endForm)
                case .started:
                    return .group(
                        // A keyboard user's shortcuts down the long page.
                        .element(named: "nav", nodes: [.class("form-jumps"), .attr("aria-label", "Gå til en del af siden"), .ul(
                            .li(.a(.attr("href", "#statusrapport"), .txt("Statusrapport"))),
                            .li(.a(.attr("href", "#timer"), .txt("Leverede timer"))),
                            .li(.a(.attr("href", "#haendelser"), .txt("Magtanvendelse og hændelser"))),
                            .li(.a(.attr("href", "#aendring"), .txt("Ændring af støtten"))),
                            .li(.a(.attr("href", "#afslut"), .txt("Afslut")))
                        )]),
                        statusForm(m, ctx), hoursForm(m, ctx), incidentForms(m, ctx), changeForm(m, ctx), endForm)
                case .ended: return incidentForms(m, ctx)
                case .draft, .rejected, .withdrawn: return .empty
                }
            }()
        ).withErrors(m.errors)
    }
}
