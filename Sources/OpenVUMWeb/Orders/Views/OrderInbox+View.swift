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
    }

    static func orderInbox(_ m: OrderInboxModel, _ ctx: PageContext) -> WebPage {
        let waiting = m.orders.filter { $0.state == .sent }.count
        return WebPage(title: "Bestillinger", current: .orderInbox,
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
            )
        )
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
        func value(_ name: String, _ stored: String?) -> String? { typed.map { $0[name] ?? "" } ?? stored }
        func error(_ name: String) -> String? { errors.first { $0.field == name }?.message }
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
            .h2(.txt("Afslut bestillingen")),
            Controls.input("endedOn", "Slutdato", type: "date", value: m.value("endedOn", nil), error: m.error("endedOn")),
            Controls.select("endReason", "Årsag", options: (o.state == .accepted ? [.neverStarted, .movedAway, .caseClosed] : InterventionEndReason.allCases)
                .map { ($0.rawValue, $0.danishName) }, selected: m.value("endReason", nil), error: m.error("reason") ?? m.error("endReason")),
            step("afslut", "Afslut", primary: false))
        return WebPage(title: "Bestilling: \(m.citizen)", current: .orderInbox, status: status,
            .p(.a(.attr("href", SiteURL.orderInbox.path), .txt("Tilbage til bestillinger"))),
            .if(m.saved, .p(.class("notice"), .attr("role", "status"), .txt("Gemt."))),
            .p(.txt("Borger: \(m.citizen)")),
            OrderViews.facts(o, offer: OrderViews.offerName(o.offerID, in: m.providers)),
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
                        endForm)
                case .started: return endForm
                case .draft, .rejected, .ended, .withdrawn: return .empty
                }
            }()
        ).withErrors(m.errors)
    }
}
