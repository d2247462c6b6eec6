import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    /// The orders of a case's granted interventions, newest first, and the one that stands (a draft, or one sent,
    /// accepted, started or ended); rejected and withdrawn ones are history.
    static func orders(_ m: CasePageModel, of interventionID: UUID?) -> (current: Order?, earlier: [Order]) {
        let all = m.orders.filter { $0.interventionID == interventionID }
        let current = all.first { ![.rejected, .withdrawn].contains($0.state) }
        return (current, all.filter { $0.id != current?.id })
    }

    /// *Bestilling* (issue 13 item 2): per granted intervention, an offer to order from, then the order pre-filled
    /// from the decision, the recommendation and the offer's rate, to check, negotiate and send. IDs 68–73 are the
    /// order's, never typed on the case.
    static func order(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let granted = m.doc.interventions.indices.filter { m.doc.interventions[$0].decision?.outcome == .granted }
        guard !granted.isEmpty else { return .p(.txt("Der er ingen bevilgede indsatser at bestille.")) }
        let canOrder = [.caseworker, .teamLeader].contains(ctx.principal?.role)
        return .group(
            .p(.class("hint"), .txt("Bestillingen udfyldes fra afgørelsen og indstillingen. Enhedsprisen er tilbuddets takst på startdatoen og kan forhandles; p-nummer, EAN og konto (ID 69–71) kommer fra tilbudsregistret, når bestillingen sendes. Udføreren accepterer og registrerer starten.")),
            .forEach(granted) { i in
                let x = m.doc.interventions[i]
                let (current, earlier) = orders(m, of: x.id)
                return .element(named: "section", nodes: [
                    .class("panel"), .attr("id", "bestilling-\(i)"),
                    .h2(.txt(m.interventionName(i))),
                    Controls.errorNode(m.error("bestilling-\(i)"), "bestilling-\(i)"),
                    .unwrap(current) { o in OrderViews.facts(o, offer: OrderViews.offerName(o.offerID, in: m.providers)) },
                    .unwrap(current.flatMap { $0.state == .draft ? nil : $0.shared }) { s in
                        .p(.txt("Følger med: " + (s.parts.map(\.danishName) + (s.documentIDs.isEmpty ? [] : ["\(s.documentIDs.count) dokument(er)"])
                                                  + (s.noteIDs.isEmpty ? [] : ["\(s.noteIDs.count) notat(er)"])).joined(separator: ", ") + "."))
                    },
                    .if(canOrder, orderActions(m, ctx, i: i, intervention: x, current: current)),
                    .if(current != nil || !canOrder, matchingAnswers(m, m.matching.filter { $0.interventionID == x.id })),
                    .if(!earlier.isEmpty, .group(
                        .h3(.txt("Tidligere bestillinger")),
                        .ul(.forEach(earlier) { o in
                            .li(.txt("\(OrderViews.offerName(o.offerID, in: m.providers) ?? "Tilbud") – \(o.state.danishName.lowercased())"
                                     + (o.rejectionReason.map { ": \($0)" } ?? "")))
                        })))
                ])
            }
        )
    }

    /// What the caseworker can do with the intervention's order: choose an offer (no order yet), check, change and
    /// send a draft, or withdraw one not yet accepted.
    static func orderActions(_ m: CasePageModel, _ ctx: PageContext, i: Int, intervention x: Intervention, current: Order?) -> Node<HTML.BodyContext> {
        let n = "o\(i)"
        guard let o = current else {
            let offers = m.providers.flatMap { p in p.offers.map { (p, $0) } }.map { p, offer -> (String, String) in
                let rate = ProviderRegister.rate(on: max(x.expectedStartDate ?? ctx.today, ctx.today), among: offer.rates.filter { $0.unit == x.unit && $0.frequency == x.frequency })
                let vacant = offer.capacity.vacant.map { " · \($0) ledige pladser" } ?? ""
                return (offer.id.uuidString, "\(offer.name) – \(p.name) · " + (rate.map { "takst \(Pages.rateText($0))" } ?? "ingen takst for enheden") + vacant)
            }
            return .group(matching(m, ctx, i: i, intervention: x, offers: offers), Controls.form(
                action: SiteURL.caseOrders(m.record.id).path, Controls.csrf(ctx), Controls.hidden("interventionId", x.id?.uuidString ?? ""),
                Controls.hidden("index", String(i)),
                Controls.select("\(n).offerId", "Tilbud, der bestilles hos", options: offers, selected: m.entry("\(n).offerId", nil), error: m.error("\(n).offerId"),
                                hint: "Takst og ledige pladser fra tilbudsregistret."),
                Controls.submit("Opret bestilling")))
        }
        let c = o.contract
        let action = SiteURL.caseOrder(m.record.id, order: o.id).path
        switch o.state {
        case .draft:
            func button(_ value: String, _ label: String, primary: Bool) -> Node<HTML.BodyContext> {
                .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "handling"), .attr("value", value),
                                                  .attr("class", primary ? "primary button button-primary" : "secondary button button-secondary"), .txt(label)])
            }
            return Controls.form(
                action: action, Controls.csrf(ctx), Controls.hidden("version", String(o.version)), Controls.hidden("index", String(i)),
                .h3(.txt("Kontrakt")),
                Controls.input("\(n).startDate", "Startdato", type: "date", value: m.entry("\(n).startDate", c.startDate.description), error: m.error("\(n).startDate")),
                Controls.input("\(n).endDate", "Slutdato", type: "date", value: m.entry("\(n).endDate", c.endDate?.description), error: m.error("\(n).endDate"),
                               hint: "Tom: uden slutdato. Ændrer du start eller gentagelser, beregnes slutdatoen."),
                Controls.input("\(n).unitsPerPeriod", "\(c.unit.danishPlural.capitalized) \(c.frequency.danishName.lowercased())", value: m.entry("\(n).unitsPerPeriod", c.unitsPerPeriod.danish),
                               error: m.error("\(n).unitsPerPeriod"), hint: "Bevilget omfang; højst to decimaler, fx 10,25."),
                Controls.input("\(n).repetitions", "Antal gentagelser", type: "number", value: m.entry("\(n).repetitions", String(c.repetitions)), error: m.error("\(n).repetitions")),
                Controls.input("\(n).unitPrice", "Enhedspris i kr.", value: m.entry("\(n).unitPrice", Controls.kroner(c.unitPrice)), error: m.error("\(n).unitPrice"),
                               hint: "Tilbuddets takst på startdatoen; ret den, hvis prisen er forhandlet."),
                Controls.input("\(n).coPayment", "Egenbetaling pr. måned i kr.", value: m.entry("\(n).coPayment", Controls.kroner(o.coPayment)), error: m.error("\(n).coPayment")),
                Controls.yesNo("\(n).coordinationNeeded", "Behov for koordinering",
                               selected: m.entry("\(n).coordinationNeeded", o.coordinationNeeded.formValue).flatMap { $0.isEmpty ? nil : $0 == "true" },
                               error: m.error("\(n).coordinationNeeded")),
                sharing(m, n: n, o),
                .div(.class("actions"), button("send", "Send til udfører", primary: true), button("gem", "Gem kladde", primary: false),
                     button("traek", "Slet kladden", primary: false)))
        case .sent:
            return Controls.form(
                action: action, Controls.csrf(ctx), Controls.hidden("version", String(o.version)), Controls.hidden("index", String(i)),
                .p(.txt("Bestillingen venter på udførerens svar.")),
                .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "handling"), .attr("value", "traek"), .class("secondary button button-secondary"),
                                                  .txt("Træk bestillingen tilbage")]))
        case .accepted: return .p(.txt("Udføreren har accepteret bestillingen og registrerer starten."))
        case .started, .ended, .rejected, .withdrawn: return .empty
        }
    }

    /// What travels with the order: the parts of the case, documents and notes the caseworker ticks — offered only
    /// when the recorded consent allows it; internal notes are never offered.
    static func sharing(_ m: CasePageModel, n: String, _ o: Order) -> Node<HTML.BodyContext> {
        guard SharingRules.consentAllows(m.doc.opening) else {
            return .group(.h3(.txt("Det følger med bestillingen")),
                          .p(.txt("Borgerens samtykke (ID 14 og 17) tillader ikke, at oplysninger fra sagen videregives til udføreren. Kun bestillingen selv følger med.")),
                          Controls.errorNode(m.error("\(n).shared"), "\(n)-shared"))
        }
        let notes = m.notes.filter { $0.category != .internal }
        return .group(
            .h3(.txt("Det følger med bestillingen")),
            .p(.class("hint"), .txt("Borgeren har givet samtykke til videregivelse til udfører. Udføreren ser netop det, du vælger her, og intet andet; interne notater følger aldrig med.")),
            Controls.hidden("\(n).sharedShown", "1"),
            Controls.checkboxes("\(n).sharedParts", "Dele af sagen", options: SharedPart.allCases.map { ($0.rawValue, $0.danishName) },
                                selected: m.chosen("\(n).sharedParts", o.shared?.parts.map(\.rawValue)), error: m.error("\(n).shared")),
            .if(!m.attachments.isEmpty, Controls.checkboxes("\(n).sharedDocuments", "Dokumenter", options: m.attachments.map { ($0.id.uuidString, "\($0.title) (\($0.documentDate.danish))") },
                                                           selected: m.chosen("\(n).sharedDocuments", o.shared?.documentIDs.map(\.uuidString)))),
            .if(!notes.isEmpty, Controls.checkboxes("\(n).sharedNotes", "Journalnotater", options: notes.map { note in
                (note.chainID.uuidString, "\(note.category.danishName), \(CalendarDate(note.writtenAt).danish): \(note.text.prefix(80))\(note.text.count > 80 ? "…" : "")")
            }, selected: m.chosen("\(n).sharedNotes", o.shared?.noteIDs.map(\.uuidString))))
        )
    }

    /// Matching before ordering: the answers of the offers already asked about the intervention, and a form that asks
    /// more of them with an anonymised description of the need (`MatchingRules.need`).
    static func matching(_ m: CasePageModel, _ ctx: PageContext, i: Int, intervention x: Intervention, offers: [(String, String)]) -> Node<HTML.BodyContext> {
        let n = "m\(i)"
        let asked = m.matching.filter { $0.interventionID == x.id }
        return .element(named: "details", nodes: [
            .class("form-panel"), .if(!asked.isEmpty || m.echo?.covers("\(n).description") == true, .attr("open", "open")),
            .element(named: "summary", txt: asked.isEmpty ? "Forespørg hos tilbud, før du bestiller" : "Forespørgsler (\(asked.count))"),
            matchingAnswers(m, asked),
            Controls.form(
                action: SiteURL.caseMatching(m.record.id).path, Controls.csrf(ctx), Controls.hidden("interventionId", x.id?.uuidString ?? ""),
                Controls.hidden("index", String(i)),
                .p(.class("hint"), .txt("Tilbuddene ser behovet anonymt: paragraf, ydelser, målgrupper, støttebehov, aldersgruppe, omfang og start — ikke borgerens navn, CPR-nummer eller sagen.")),
                Controls.checkboxes("\(n).offerIds", "Tilbud, der spørges", options: offers, selected: m.chosen("\(n).offerIds", nil), error: m.error("\(n).offerIds")),
                Controls.textarea("\(n).description", "Beskrivelse af behovet", value: m.entry("\(n).description", nil), error: m.error("\(n).description"),
                                  hint: "Uden navn og CPR-nummer."),
                Controls.submit("Send forespørgsel"))
        ])
    }

    /// The offers' answers to the matching requests about one intervention, newest first.
    static func matchingAnswers(_ m: CasePageModel, _ asked: [MatchingRequest]) -> Node<HTML.BodyContext> {
        .forEach(asked) { r in
            .table(
                .class("rows table table--compact table--responsive-headers"),
                .caption(.txt("Forespørgsel sendt \(r.sentOn.danish)")),
                Controls.tableHead("Tilbud", "Svar", "Bemærkning"),
                .tbody(.forEach(r.candidates) { c in
                    .tr(.td(.attr("data-title", "Tilbud"), .txt(OrderViews.offerName(c.offerID, in: m.providers) ?? "Tilbud")),
                        .td(.attr("data-title", "Svar"), .txt(c.answer.danishName + (c.answeredOn.map { " (\($0.danish))" } ?? ""))),
                        .td(.attr("data-title", "Bemærkning"), .txt(c.comment ?? "–")))
                }))
        }
    }

    /// *Levering*: what the provider recorded on each order (IDs 74–76), read from the orders.
    static func delivery(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let ordered = m.doc.interventions.indices.compactMap { i -> (Int, Order)? in
            orders(m, of: m.doc.interventions[i].id).current.flatMap { $0.state == .draft ? nil : (i, $0) }
        }
        guard !ordered.isEmpty else { return .p(.txt("Der er ingen bestilte indsatser.")) }
        return .group(
            .p(.class("hint"), .txt("Udføreren registrerer starten på bestillingen; datoerne (ID 74–76) vises her og skrives ikke igen.")),
            .forEach(ordered) { i, o in
                .element(named: "section", nodes: [
                    .class("panel"),
                    .h2(.txt(m.interventionName(i))),
                    OrderViews.facts(o, offer: OrderViews.offerName(o.offerID, in: m.providers)),
                    .if([.started, .ended].contains(o.state), .group(.h3(.txt("Leverede timer")), OrderViews.hoursTable(m.hours[o.id] ?? []))),
                    reports(m, o),
                    incidents(m, ctx, o),
                    changeRequests(m, ctx, o),
                ])
            })
    }

    /// The provider's status reports on the order, newest first, and where the next one stands.
    static func reports(_ m: CasePageModel, _ o: Order) -> Node<HTML.BodyContext> {
        let reports = m.statusReports[o.id] ?? []
        guard o.state == .started || !reports.isEmpty else { return .empty }
        return .group(
            .h3(.txt("Statusrapporter")),
            OrderViews.statusLine(m.statusDue[o.id]),
            reports.isEmpty ? .p(.txt("Ingen statusrapporter endnu.")) : .forEach(reports.reversed()) { OrderViews.statusReport($0, goals: m.doc.goals, m.terminology) })
    }

    /// The provider's reports of use of force and unintended incidents on the order, each not yet seen with a button
    /// that marks it seen (the caseworker's task ends).
    static func incidents(_ m: CasePageModel, _ ctx: PageContext, _ o: Order) -> Node<HTML.BodyContext> {
        let reports = m.incidents[o.id] ?? []
        guard !reports.isEmpty else { return .empty }
        return .group(
            .h3(.txt("Magtanvendelse og utilsigtede hændelser")),
            .forEach(reports.reversed()) { i in
                .element(named: "section", nodes: [
                    .attr("class", i.seenOn == nil ? "panel attention" : "panel"),
                    OrderViews.incident(i),
                    .if(i.seenOn == nil, Controls.form(action: SiteURL.caseOrderIncidentSeen(m.record.id, order: o.id, incident: i.id).path, Controls.csrf(ctx),
                                                       .element(named: "button", nodes: [.attr("type", "submit"), .class("secondary button button-secondary"),
                                                                                         .txt("Markér som set")]))),
                ])
            })
    }

    /// The provider's change requests on the order, each open one with the caseworker's answer form.
    static func changeRequests(_ m: CasePageModel, _ ctx: PageContext, _ o: Order) -> Node<HTML.BodyContext> {
        let changes = m.changeRequests[o.id] ?? []
        guard !changes.isEmpty else { return .empty }
        return .group(
            .h3(.txt("Anmodninger om ændring af støtten")),
            .forEach(changes.reversed()) { r in
                let n = "change-\(r.id.uuidString.prefix(8).lowercased())"
                return .element(named: "section", nodes: [
                    .attr("class", r.isOpen && r.origin == .provider ? "panel attention" : "panel"),
                    OrderViews.changeRequest(r, hours: m.hours[o.id] ?? []),
                    .if(r.isOpen && r.origin == .provider, .element(named: "form", nodes: [
                        .attr("action", SiteURL.caseOrderChangeAnswer(m.record.id, order: o.id, change: r.id).path), .attr("method", "post"), .class("stack wide"),
                        Controls.csrf(ctx),
                        Controls.select("\(n).answer", "Svar", options: ChangeAnswerKind.allCases.map { ($0.rawValue, $0.danishName) },
                                        selected: m.echo?["\(n).answer"], error: m.errors.first { $0.field == "\(n).answer" }?.message),
                        Controls.textarea("\(n).text", "Begrundelse til udføreren", value: m.echo?["\(n).text"],
                                          error: m.errors.first { $0.field == "\(n).text" }?.message,
                                          hint: "Kræves ved afslag. En ændret bevilling træffes som afgørelse på sagen."),
                        Controls.submit("Send svaret"),
                    ])),
                ])
            })
    }
}
