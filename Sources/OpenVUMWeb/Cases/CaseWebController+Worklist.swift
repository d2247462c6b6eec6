import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension CaseWebController {
    // MARK: Worklist

    static func home(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let today = CalendarDate(req.openvum.now())
        // One audit row for the page, written by the first read of citizen data (one statement on PostgreSQL).
        var audit: AuditEntry? = try req.auditEntry(objectType: "worklist")
        let db = req.readDB
        let options = CaseListOptions(req)
        // A caseworker's own cases are few (a caseload is well under 500): filtered and ordered here; the team's
        // are filtered by the database before the limit.
        let own = p.role == .caseworker || p.role == .teamLeader
            ? options.apply(try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 500, withDeadlines: false, audit: audit.take(), on: db)
                .map(\.summary), today: today) : []
        let team = p.role != .caseworker
            ? options.apply(try await CaseStore.list(principal: p, filter: .init(phase: options.phase, openOnly: true, overdueOn: options.overdueOnly ? today : nil),
                                                     after: nil, limit: 100, audit: audit.take(), on: db).items, today: today) : []
        // Where a caseload count leads (team leaders and administrators): one caseworker's open cases, or the
        // unassigned ones, or only the overdue among them.
        var filtered: (title: String, items: [CaseSummary])?
        if p.role != .caseworker, let raw = req.query[String.self, at: "sagsbehandler"] {
            let caseworker = UUID(uuidString: raw)
            if caseworker != nil || raw == "ingen" {
                let overdue = req.query[String.self, at: "overskredne"] == "1"
                let items = try await CaseStore.list(principal: p, filter: .init(caseworkerID: caseworker, openOnly: true, unassignedOnly: caseworker == nil,
                                                                              overdueOn: overdue ? today : nil),
                                                     after: nil, limit: 200, audit: audit.take(), on: db).items
                var name = "ikke fordelt"
                if let caseworker { name = try await UserStore.find(id: caseworker, on: db)?.displayName ?? "ukendt sagsbehandler" }
                filtered = ("\(overdue ? "Overskredne sager" : "Åbne sager"): \(name)", items)
            }
        }
        // A team leader's cases without a caseworker, to allocate (read with the page's audit row).
        let unassigned = p.role == .teamLeader
            ? try await CaseStore.list(principal: p, filter: .init(openOnly: true, unassignedOnly: true), after: nil, limit: 100, audit: audit.take(), on: db).items : []
        if let audit { try await AuditStore.record(audit, on: db) }
        let caseload = p.role == .caseworker ? [] : try await CaseStore.caseload(principal: p, today: today, on: db)
        let reminders = try await ReminderStore.open(userID: p.userID, today: today, on: db)
        var model = WorklistModel(role: p.role, today: today, own: own, team: team, caseload: caseload, reminders: reminders)
        model.options = options
        model.unassigned = unassigned
        model.filtered = filtered
        if p.role == .caseworker || p.role == .teamLeader {
            model.tasks = try await OrderStore.providerTasks(userID: p.userID, municipalityID: p.municipalityID, on: db)
        }
        return req.render(CaseViews.worklist(model, req.pageContext))
    }

    static func dismissReminder(_ req: Request) async throws -> Response {
        let p = try req.principal()
        guard let raw = req.parameters.get("reminderID"), let id = UUID(uuidString: raw) else { throw DomainError.notFound("Påmindelsen") }
        guard try await ReminderStore.dismiss(id: id, userID: p.userID, now: req.openvum.now(), on: req.db) else { throw DomainError.notFound("Påmindelsen") }
        return req.redirect(to: SiteURL.cases.path, redirectType: .normal)
    }
}
