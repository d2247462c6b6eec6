import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseWebController {
    // MARK: Worklist

    static func home(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let today = CalendarDate(req.openvum.now())
        // One audit row for the page, written by the first read of citizen data (one statement on PostgreSQL).
        var audit: AuditEntry? = try req.auditEntry(objectType: "worklist")
        let db = req.readDB
        let own = p.role == .caseworker || p.role == .teamLeader
            ? try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 100, withDeadlines: false, audit: audit.take(), on: db).map(\.summary) : []
        let team = p.role != .caseworker
            ? try await CaseStore.list(principal: p, filter: .init(openOnly: true), after: nil, limit: 100, audit: audit.take(), on: db).items : []
        if let audit { try await AuditStore.record(audit, on: db) }
        let caseload = p.role == .caseworker ? [] : try await CaseStore.caseload(principal: p, today: today, on: db)
        let reminders = try await ReminderStore.open(userID: p.userID, today: today, on: db)
        return Layout.page(
            title: "Sager", req: req, current: .cases,
            .if(!reminders.isEmpty, .section(
                .attr("aria-labelledby", "paamindelser"),
                .h2(.id("paamindelser"), .txt("Påmindelser")),
                .ul(.forEach(reminders) { r in
                    .li(
                        .if(r.overdue, .class("overdue")),
                        .a(.attr("href", "/sager/\(r.caseID.uuidString.lowercased())"), .txt("\(CaseViews.date(r.dueOn)): \(r.label) – \(r.citizenName)")),
                        .txt(" "),
                        .element(named: "form", nodes: [
                            .attr("action", "/paamindelser/\(r.id.uuidString.lowercased())/afvis"), .attr("method", "post"), .class("inline"),
                            .element(named: "input", nodes: [.attr("type", "hidden"), .attr("name", CSRF.fieldName), .attr("value", CSRF.token(for: req))]),
                            .element(named: "button", nodes: [.attr("type", "submit"), .class("link"), .txt("Afvis")]),
                        ])
                    )
                })
            )),
            .if(p.role == .caseworker || p.role == .teamLeader, .group(
                .h2(.txt("Mine åbne sager")),
                .p(.class("hint"), .txt("Sorteret efter nærmeste frist; overskredne frister står øverst.")),
                CaseViews.caseTable(own, today: today, caption: "Mine sager")
            )),
            .if(p.role != .caseworker, .group(
                .h2(.txt("Sagsstamme pr. sagsbehandler")),
                caseload.isEmpty ? .p(.txt("Ingen åbne sager.")) : .table(
                    .caption(.txt("Åbne sager og sager med overskredet frist")),
                    .thead(.tr(.th(.attr("scope", "col"), .txt("Sagsbehandler")),
                               .th(.attr("scope", "col"), .txt("Åbne sager")),
                               .th(.attr("scope", "col"), .txt("Overskredne")))),
                    .tbody(.forEach(caseload) { row in
                        .tr(.td(.txt(row.caseworkerName ?? "Ikke fordelt")), .td(.txt(String(row.openCases))), .td(.txt(String(row.overdueCases))))
                    })
                )
            )),
            .if(p.role != .caseworker, .group(
                .h2(.txt(p.role == .administrator ? "Kommunens åbne sager" : "Teamets åbne sager")),
                CaseViews.caseTable(team, today: today, caption: "Åbne sager")
            ))
        )
    }

    static func dismissReminder(_ req: Request) async throws -> Response {
        let p = try req.principal()
        guard let raw = req.parameters.get("reminderID"), let id = UUID(uuidString: raw) else { throw DomainError.notFound("Påmindelsen") }
        guard try await ReminderStore.dismiss(id: id, userID: p.userID, now: req.openvum.now(), on: req.db) else { throw DomainError.notFound("Påmindelsen") }
        return req.redirect(to: SiteURL.cases.path, redirectType: .normal)
    }
}
