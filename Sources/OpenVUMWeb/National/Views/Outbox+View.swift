import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    struct OutboxModel {
        var overview: OutboxOverview
        /// What each message is about, in words, by object key.
        var objects: [String: String]
        var notice: String?
        var alert: String?
        /// A receiver's settings as entered, when they could not be saved.
        var editing: ReceiverSettings?
        var errors: [FieldError] = []
    }

    static func outbox(_ m: OutboxModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let c = m.overview
        func object(_ key: String) -> String { m.objects[key] ?? key }
        return WebPage(title: "Udbakke til de nationale modtagere", current: .outbox, status: status,
            .p(.class("lead"), .txt("Beskeder til Sags- og Dokumentindekset, Ydelsesindekset, FFB-indberetningen og Danmarks Statistik skrives sammen med ændringen og sendes af en baggrundsproces. En besked, modtageren afviser, eller som ikke kommer frem efter 20 forsøg (omkring 3½ døgn), står under »Afviste beskeder«, til den sendes igen. En FFB-rapport, der bryder KL's profil, sendes aldrig og står der med den regel, den bryder.")),
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            .unwrap(m.alert) { .div(.class("error-summary"), .attr("role", "alert"), .p(.txt($0))) },
            .dl(.class("facts"),
                .dt(.txt("I kø")), .dd(.txt(String(c.queued))),
                .dt(.txt("Leveret")), .dd(.txt(String(c.delivered))),
                .dt(.txt("Afvist")), .dd(.txt(String(c.deadLettered))),
                .dt(.txt("Ældste i kø har ventet")), .dd(.txt(c.queued == 0 ? "–" : duration(m.overview.oldestQueuedSeconds)))),
            .h2(.txt("Afviste beskeder")),
            m.overview.deadLetterMessages.isEmpty ? .p(.txt("Ingen afviste beskeder.")) : .table(
                .caption(.txt("Beskeder, som modtageren afviste, eller som blev opgivet")),
                Controls.tableHead("Skrevet", "Modtager", "Om", "Forsøg", "Modtagerens svar", "Handling"),
                .tbody(.forEach(m.overview.deadLetterMessages) { d in
                    .tr(
                        .td(.txt(DanishDate.string(d.createdAt))), .td(.txt(receiverName(d.receiver))), .td(.txt(object(d.objectKey))),
                        .td(.txt(String(d.attempts))), .td(.txt(d.lastAnswer ?? "–")),
                        d.kind == FFBReport.invalidKind
                            ? .td(.txt("Sendes aldrig: ret data, så kommer borgeren med i næste dags rapport"))
                            : .td(.form(
                                .attr("action", SiteURL.outboxResend(d.id).path), .method(.post), .class("inline"),
                                Controls.csrfField(ctx),
                                .button(.type(.submit), .class("link"), .attr("aria-label", "Send beskeden om \(object(d.objectKey)) igen"), .txt("Send igen"))
                            ))
                    )
                })
            ),
            .h2(.txt("I kø")),
            m.overview.queuedMessages.isEmpty ? .p(.txt("Ingen beskeder venter.")) : .table(
                .caption(.txt("De nyeste beskeder, der venter på at blive sendt")),
                Controls.tableHead("Skrevet", "Modtager", "Om", "Forsøg", "Næste forsøg", "Seneste svar"),
                .tbody(.forEach(m.overview.queuedMessages) { q in
                    .tr(
                        .td(.txt(DanishDate.string(q.createdAt))), .td(.txt(receiverName(q.receiver))), .td(.txt(object(q.objectKey))),
                        .td(.txt(String(q.attempts))), .td(.txt(q.notBefore.map { DanishDate.string($0) } ?? "Hurtigst muligt")),
                        .td(.txt(q.lastAnswer ?? "–"))
                    )
                })
            ),
            .h2(.txt("Modtagere")),
            .table(
                .caption(.txt("Kommunens nationale modtagere")),
                Controls.tableHead("Modtager", "Status", "Forbindelse", "Endepunkt", "Legitimation"),
                .tbody(.forEach(m.overview.receivers) { r in
                    .tr(
                        .td(.txt(r.name)), .td(.txt(!r.enabled ? "Slået fra" : r.loadingExistingCases ? "Slået til — indlæser kommunens eksisterende sager" : "Slået til")),
                        .td(.txt(ReceiverTransport(rawValue: r.transport)?.danishName ?? r.transport)),
                        .td(.txt(r.endpoint ?? "–")), .td(.txt(r.credentialVariable.map { "Miljøvariablen \($0)" } ?? "Ingen"))
                    )
                })
            ),
            .p(.class("hint"), .txt("Legitimationen (fx et token) gemmes aldrig i OpenVUM: angiv navnet på den miljøvariabel på serveren, der holder den.")),
            .forEach(m.overview.receivers) { r in
                let receiver = NationalReceiver(rawValue: r.receiver) ?? .caseIndex
                let editing = m.editing?.receiver == receiver
                let shown = editing ? m.editing! : ReceiverSettings(
                    receiver: receiver, transport: ReceiverTransport(rawValue: r.transport) ?? .local, endpoint: r.endpoint,
                    credentialVariable: r.credentialVariable, enabled: r.enabled)
                let errors = editing ? m.errors : []
                func err(_ f: String) -> String? { errors.first { $0.field == f }?.message }
                let prefix = "modtager-\(receiver.rawValue)"
                return .element(named: "details", nodes: [
                    .class("form-panel"), .if(editing, .attr("open", "open")),
                    .element(named: "summary", txt: "Ret \(receiver.danishName)"),
                    .form(
                        .attr("action", SiteURL.outboxReceiver(receiver.rawValue).path), .method(.post), .class("stack"),
                        Controls.csrfField(ctx),
                        .div(
                            .class("field form-group"),
                            .label(.attr("for", "\(prefix)-transport"), .class("form-label"), .txt("Forbindelse")),
                            .select(.attr("id", "\(prefix)-transport"), .attr("name", "transport"), .class("form-select"),
                                    .forEach(ReceiverTransport.allCases.filter { $0 != .soap || receiver == .caseIndex }) { t in
                                        Controls.option(value: t.rawValue, label: t.danishName, selected: shown.transport == t)
                                    })
                        ),
                        Controls.field(id: "\(prefix)-endpoint", name: "endpoint", label: receiver == .caseIndex ? "Endepunkt (HTTP og SOAP)" : "Endepunkt (kun HTTP)", value: shown.endpoint, autocomplete: "off",
                                       error: err("endpoint"), hint: "Fx https://modtager.example/\(receiver.rawValue)"),
                        Controls.field(id: "\(prefix)-credentialVariable", name: "credentialVariable", label: "Miljøvariabel med legitimation",
                                       value: shown.credentialVariable, autocomplete: "off", error: err("credentialVariable"),
                                       hint: "Valgfri, fx OPENVUM_\(receiver.rawValue.uppercased())_TOKEN. Værdien sendes som Authorization: Bearer …"
                                           + (receiver == .caseIndex ? " (HTTP) eller i WS-Security-headeren (SOAP: et udstedt token)." : "")),
                        .div(
                            .class("checkbox form-group-checkbox"),
                            .input(.type(.checkbox), .attr("id", "\(prefix)-enabled"), .attr("name", "enabled"), .attr("value", "true"), .class("form-checkbox"),
                                   shown.enabled ? .attr("checked", "checked") : .empty),
                            .label(.attr("for", "\(prefix)-enabled"), .txt("Slået til: ændringer sendes til \(receiver.danishName)"))
                        ),
                        .button(.type(.submit), .class("primary button button-primary"), .txt("Gem \(receiver.danishName)"))
                    ),
                ])
            }
        // The summary links to the field of the receiver's own form.
        ).withErrors(m.errors.map { e in FieldError(field: m.editing.map { "modtager-\($0.receiver.rawValue)-\(e.field)" } ?? e.field, message: e.message) })
    }

    static func receiverName(_ raw: String) -> String { NationalReceiver(rawValue: raw)?.danishName ?? raw }

    /// Seconds as a Danish duration: "45 sek.", "12 min.", "3 t. 5 min.", "2 døgn".
    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds) sek."
        case ..<3600: "\(seconds / 60) min."
        case ..<86_400: "\(seconds / 3600) t. \(seconds % 3600 / 60) min."
        default: "\(seconds / 86_400) døgn"
        }
    }
}
