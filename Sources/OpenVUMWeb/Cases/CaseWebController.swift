import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The case pages of the web UI: worklist, case overview, one guided form per phase, decision letter.
enum CaseWebController {
    /// `withHistory`: what the case page shows beside the case (history, notes, documents, other cases);
    /// `withOrders`: what the order and delivery pages show (the orders, the register, matching requests, hours, and the
    /// notes and documents an order may take along).
    static func model(_ c: CaseRecord, on req: Request, db: any Database, withHistory: Bool = false, withOrders: Bool = false) async throws -> CasePageModel {
        let t = try await req.openvum.terminology.current(on: db)
        let p = try req.principal()
        guard let citizen = try await CitizenStore.find(id: c.citizenID, principal: p, on: db) else { throw DomainError.notFound("Sagen") }
        var m = CasePageModel(
            record: c, citizen: citizen, terminology: t,
            units: try await OrganisationStore.units(municipalityID: c.municipalityID, on: db),
            holders: try await UserStore.caseHolders(municipalityID: c.municipalityID, on: db),
            history: withHistory ? try await CaseStore.history(caseID: c.id, on: db) : nil)
        m.deadlines = (try await CaseStore.deadlines(caseIDs: [c.id], on: db))[c.id] ?? []
        m.representatives = try await RepresentativeStore.active(caseID: c.id, opening: c.document.opening, on: db)
        m.consents = try await CitizenSelfStore.consents(caseIDs: [c.id], on: db)
        if withOrders && c.document.interventions.contains(where: { $0.decision?.outcome == .granted }) {
            m.orders = try await OrderStore.list(principal: p, caseID: c.id, graceDays: req.openvum.config.providerGraceDays, today: CalendarDate(req.openvum.now()),
                                                 on: db)
            m.providers = try await ProviderStore.register(municipalityID: c.municipalityID, on: db)
            m.matching = try await MatchingStore.list(principal: p, caseID: c.id, on: db)
            let delivering = m.orders.filter { [.accepted, .started, .ended].contains($0.state) }.map(\.id)
            m.hours = try await OrderStore.hours(orderIDs: delivering, on: db)
            m.changeRequests = try await OrderStore.changeRequests(orderIDs: delivering, on: db)
            m.statusReports = try await OrderStore.statusReports(orderIDs: delivering, on: db)
            m.incidents = try await OrderStore.incidents(orderIDs: delivering, on: db)
            let leadDays = try await CaseStore.settings(municipalityID: c.municipalityID, on: db).statusReportLeadDays
            let followUp = c.phase == .closed ? nil : StatusReportRules.plannedFollowUp(c.document), today = CalendarDate(req.openvum.now())
            for o in m.orders {
                m.statusDue[o.id] = StatusReportRules.due(order: o, followUp: followUp, reports: m.statusReports[o.id] ?? [], leadDays: leadDays, today: today)
            }
        }
        // Shown with the case, whose read is audited by `load` (with the route's audit row); on the order page, what an
        // order may take along.
        if withHistory || withOrders {
            m.notes = try await CaseStore.latestNotes(caseIDs: [c.id], limit: nil, on: db).map(\.note)
            m.attachments = try await CaseStore.attachments(caseIDs: [c.id], on: db)
        }
        if withHistory {
            m.otherCases = try await CaseStore.list(principal: p, filter: .init(citizenID: c.citizenID), after: nil, limit: 50, on: db).items.filter { $0.id != c.id }
            m.documentMaxBytes = req.openvum.config.documentMaxBytes
        }
        if req.query[String.self, at: "gemt"] == "1" { m.notice = "Gemt." }
        return m
    }

    /// Loads a case in scope and writes the route's audit row, in one transaction.
    static func load(_ req: Request, withHistory: Bool = false, withOrders: Bool = false) async throws -> CasePageModel {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let audit = try req.auditEntry(objectType: "case")
        return try await req.readTransaction { tx in
            guard let c = try await CaseStore.read(id: id, principal: p, audit: audit, on: tx) else { throw DomainError.notFound("Sagen") }
            return try await model(c, on: req, db: tx, withHistory: withHistory, withOrders: withOrders)
        }
    }
}
