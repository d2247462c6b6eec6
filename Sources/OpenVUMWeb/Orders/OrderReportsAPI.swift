import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// What the provider reports on an order besides hours (issue 13 items 4–5): a request to change the support with
/// its evidence (`ChangeRules`), which the caseworker answers; and the status report per goal before each planned
/// follow-up (`StatusReportRules`). Both sides read them through the order, in the order's scope.
enum OrderReportsAPI {
    // MARK: Change requests

    /// `GET /api/v1/orders/{id}/change-requests`.
    static func listChanges(_ req: Request) async throws -> Response {
        try await OrdersAPI.listOf(req, "change-requests", { try await OrderStore.changeRequests(orderIDs: [$0], on: $1) }, ChangeRequestDTO.init)
    }

    /// `POST /api/v1/orders/{id}/change-requests` (the provider).
    static func createChange(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let body = try StrictJSON.decode(ChangeRequestBody.self, from: req)
        var e = FieldErrorCollector()
        let kind = e.coded(ChangeKind.self, body.kind, at: "kind", required: "Vælg, hvad der anmodes om.")
        let plan = (body.weekPlan ?? []).enumerated().compactMap { i, d -> WeekPlanDay? in
            let day = e.coded(Weekday.self, d.weekday, at: "weekPlan.\(i).weekday", required: "Angiv ugedagen.")
            guard let day else { return nil }
            guard let h = d.hours else { e.add("weekPlan.\(i).hours", "Angiv dagens timer."); return nil }
            return WeekPlanDay(weekday: day, hours: h, activity: d.activity?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty)
        }
        let months = (body.evidenceMonths ?? []).enumerated().compactMap { i, raw -> CalendarDate? in
            guard raw.count == 7, let m = CalendarDate(raw + "-01") else { e.add("evidenceMonths.\(i)", "Angiv måneden som ÅÅÅÅ-MM."); return nil }
            return m
        }
        try e.throwIfAny()
        let saved = try await requestChange(o, kind: kind!, proposedPerWeek: body.proposedPerWeek, reason: body.reason, weekPlan: plan, evidenceMonths: months,
                                            principal: p, on: req)
        return try APIResponse.json(ChangeRequestDTO(saved), status: .created)
    }

    /// The provider's request checked (`ChangeRules.request`) against the order's reported months and open
    /// requests, saved with its audit row. The API and the inbox both request through this.
    static func requestChange(_ o: Order, kind: ChangeKind, proposedPerWeek: Decimal?, reason: String?, weekPlan: [WeekPlanDay], evidenceMonths: [CalendarDate],
                              principal p: Principal, on req: Request) async throws -> ChangeRequest {
        let now = req.openvum.now()
        let audit = try req.auditEntry(action: "order.change.create", objectType: "order", objectID: o.id.uuidString, criteria: "kind=\(kind.rawValue)")
        return try await req.writeTransaction { tx in
            let reported = try await OrderStore.hours(orderIDs: [o.id], on: tx)[o.id] ?? []
            let open = try await OrderStore.changeRequests(orderIDs: [o.id], on: tx)[o.id] ?? []
            let r = try ChangeRules.request(id: UUID(), order: o, kind: kind, proposedPerWeek: proposedPerWeek, reason: reason, weekPlan: weekPlan,
                                            evidenceMonths: evidenceMonths, reported: reported, open: open, today: CalendarDate(now))
            try await OrderStore.saveChangeRequest(r, userID: p.userID, now: now, audit: audit, on: tx)
            return r
        }
    }

    /// `POST /api/v1/orders/{id}/change-requests/{changeID}/answer` (the authority).
    static func answerChange(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let body = try StrictJSON.decode(ChangeAnswerBody.self, from: req)
        var e = FieldErrorCollector()
        let kind = e.coded(ChangeAnswerKind.self, body.answer, at: "answer", required: "Vælg svaret.")
        try e.throwIfAny()
        let saved = try await answerChange(o, id: try req.uuidParameter("changeID", what: "Anmodningen"), kind: kind!, text: body.text, on: req)
        return try APIResponse.json(ChangeRequestDTO(saved))
    }

    /// The answer (`ChangeRules.answer`: the caseworker answers the provider, the provider the authority) saved with its
    /// audit row; the API, the case page and the inbox answer through this.
    static func answerChange(_ o: Order, id: UUID, kind: ChangeAnswerKind, text: String?, on req: Request) async throws -> ChangeRequest {
        let now = req.openvum.now()
        let side: OrderRules.Side = try req.principal().role.isProvider ? .provider : .authority
        let audit = try req.auditEntry(action: "order.change.answer", objectType: "order", objectID: o.id.uuidString, criteria: "change=\(id) answer=\(kind.rawValue)")
        return try await req.writeTransaction { tx in
            guard let r = (try await OrderStore.changeRequests(orderIDs: [o.id], on: tx)[o.id] ?? []).first(where: { $0.id == id }) else {
                throw DomainError.notFound("Anmodningen")
            }
            let answered = try ChangeRules.answer(r, kind: kind, text: text, by: side, today: CalendarDate(now))
            try await OrderStore.saveChangeRequest(answered, userID: nil, now: now, audit: audit, on: tx)
            return answered
        }
    }

    // MARK: Status reports

    /// The order's goals as the report names them, the planned follow-up, and the reports so far.
    struct StatusContext: Sendable {
        var goals: [Goal]
        var followUp: CalendarDate?
        var reports: [StatusReport]
        var due: StatusReportDue?
        /// The citizen's own latest view on each goal of the case (issue 16 item 6): pre-fills the next report.
        var views: [CitizenGoalView] = []
    }

    /// What a status report of `o` is given against: the goals of the order (from its case), the case's planned
    /// follow-up, the reports so far and where the next one stands.
    static func statusContext(_ o: Order, principal p: Principal, today: CalendarDate, on db: any Database) async throws -> StatusContext {
        let c = try await CaseStore.orderCase(caseID: o.caseID, municipalityID: p.municipalityID, on: db)
        let settings = try await CaseStore.settings(municipalityID: p.municipalityID, on: db)
        let followUp = c.phase == .closed ? nil : StatusReportRules.plannedFollowUp(c.document)
        let reports = try await OrderStore.statusReports(orderIDs: [o.id], on: db)[o.id] ?? []
        return StatusContext(goals: o.goalIDs.compactMap { id in c.document.goals.first { $0.id == id } }, followUp: followUp, reports: reports,
                             due: StatusReportRules.due(order: o, followUp: followUp, reports: reports, leadDays: settings.statusReportLeadDays, today: today),
                             views: try await CitizenSelfStore.goalViews(caseIDs: [o.caseID], on: db).filter { o.goalIDs.contains($0.goalID) })
    }

    /// `GET /api/v1/orders/{id}/status-reports`: the goals reported on, where the next report stands, the reports.
    static func listStatus(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let ctx = try await statusContext(o, principal: p, today: CalendarDate(req.openvum.now()), on: req.db)
        try await req.audit(on: req.db, objectType: "order", objectID: o.id.uuidString, criteria: "status-reports count=\(ctx.reports.count)")
        return try APIResponse.json(StatusReportsDTO(ctx))
    }

    /// `POST /api/v1/orders/{id}/status-reports` (the provider): the report for the case's planned follow-up,
    /// replacing an earlier one for the same follow-up.
    static func createStatus(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        let body = try StrictJSON.decode(StatusReportBody.self, from: req)
        var e = FieldErrorCollector()
        let goals = (body.goals ?? []).enumerated().compactMap { i, g -> GoalStatus? in
            guard let id = g.goalId.flatMap(UUID.init(uuidString:)) else { e.add("goals.\(i).goalId", "Angiv målets id."); return nil }
            return GoalStatus(goalID: id, level: g.level, citizenView: e.coded(CitizenView.self, g.citizenView, at: "goals.\(i).citizenView"),
                              citizenText: g.citizenText, helpGiven: g.helpGiven, nextStep: e.coded(ProposedNextStep.self, g.nextStep, at: "goals.\(i).nextStep"))
        }
        try e.throwIfAny()
        let saved = try await report(o, goals: goals, significantChanges: body.significantChanges, principal: p, on: req)
        return try APIResponse.json(StatusReportDTO(saved), status: .created)
    }

    /// The report checked (`StatusReportRules.report`) for the case's planned follow-up and saved with its audit row;
    /// the API and the inbox both report through this.
    static func report(_ o: Order, goals: [GoalStatus], significantChanges: String?, principal p: Principal, on req: Request) async throws -> StatusReport {
        let now = req.openvum.now()
        let audit = try req.auditEntry(action: "order.status.report", objectType: "order", objectID: o.id.uuidString)
        return try await req.writeTransaction { tx in
            let ctx = try await statusContext(o, principal: p, today: CalendarDate(now), on: tx)
            let r = try StatusReportRules.report(id: UUID(), order: o, followUp: ctx.followUp, goals: goals, significantChanges: significantChanges,
                                                 today: CalendarDate(now))
            try await OrderStore.saveStatusReport(r, userID: p.userID, now: now, audit: audit, on: tx)
            return r
        }
    }
}

struct ChangeRequestBody: StrictBody {
    struct Day: Codable, Sendable {
        var weekday: String?
        var hours: Decimal?
        var activity: String?
    }
    var kind: String?
    var proposedPerWeek: Decimal?
    var reason: String?
    var weekPlan: [Day]?
    var evidenceMonths: [String]?
    static let fields: Set<String> = ["kind", "proposedPerWeek", "reason", "weekPlan", "evidenceMonths"]
}

struct ChangeAnswerBody: StrictBody {
    var answer: String?
    var text: String?
    static let fields: Set<String> = ["answer", "text"]
}

struct StatusReportBody: StrictBody {
    struct Goal: Codable, Sendable {
        var goalId: String?
        var level: Decimal?
        var citizenView: String?
        var citizenText: String?
        var helpGiven: String?
        var nextStep: String?
    }
    var goals: [Goal]?
    var significantChanges: String?
    static let fields: Set<String> = ["goals", "significantChanges"]
}

struct WeekPlanDayDTO: Encodable, Sendable {
    var weekday: String
    var hours: Decimal
    @Nullable var activity: String?
}

struct ChangeRequestDTO: Encodable, Sendable {
    var id: UUID
    var orderId: UUID
    var requestedOn: String
    var kind: String
    @Nullable var proposedPerWeek: Decimal?
    @Nullable var allocatedPerWeek: Decimal?
    var reason: String
    var weekPlan: [WeekPlanDayDTO]
    var weekPlanHours: Decimal
    var evidenceMonths: [String]
    var open: Bool
    var origin: String
    @Nullable var answer: String?
    @Nullable var answerText: String?
    @Nullable var answeredOn: String?
    init(_ r: ChangeRequest) {
        id = r.id
        orderId = r.orderID
        requestedOn = r.requestedOn.description
        kind = r.kind.rawValue
        proposedPerWeek = r.proposedPerWeek
        allocatedPerWeek = r.allocatedPerWeek
        reason = r.reason
        weekPlan = r.weekPlan.map { WeekPlanDayDTO(weekday: $0.weekday.rawValue, hours: $0.hours, activity: $0.activity) }
        weekPlanHours = r.weekPlanHours
        evidenceMonths = r.evidenceMonths.map { String($0.description.prefix(7)) }
        open = r.isOpen
        origin = r.origin.rawValue
        answer = r.answer?.kind.rawValue
        answerText = r.answer?.text
        answeredOn = r.answer?.answeredOn.description
    }
}

struct GoalStatusDTO: Encodable, Sendable {
    var goalId: UUID
    @Nullable var level: Decimal?
    @Nullable var citizenView: String?
    @Nullable var citizenText: String?
    @Nullable var helpGiven: String?
    @Nullable var nextStep: String?
    init(_ g: GoalStatus) {
        goalId = g.goalID
        level = g.level
        citizenView = g.citizenView?.rawValue
        citizenText = g.citizenText
        helpGiven = g.helpGiven
        nextStep = g.nextStep?.rawValue
    }
}

struct StatusReportDTO: Encodable, Sendable {
    var id: UUID
    var orderId: UUID
    var followUpDate: String
    var reportedOn: String
    var late: Bool
    var goals: [GoalStatusDTO]
    @Nullable var significantChanges: String?
    init(_ r: StatusReport) {
        id = r.id
        orderId = r.orderID
        followUpDate = r.followUpDate.description
        reportedOn = r.reportedOn.description
        late = r.isLate
        goals = r.goals.map(GoalStatusDTO.init)
        significantChanges = r.significantChanges
    }
}

struct OrderGoalDTO: Encodable, Sendable {
    var id: UUID
    @Nullable var text: String?
    @Nullable var primaryTheme: String?
    @Nullable var expectedLevel: Decimal?
}

struct StatusReportsDTO: Encodable, Sendable {
    /// The planned follow-up the next report is for.
    @Nullable var followUpDate: String?
    /// notYet, due, late or received (nil: the order is not started or nothing is planned).
    @Nullable var dueState: String?
    @Nullable var dueText: String?
    var goals: [OrderGoalDTO]
    var items: [StatusReportDTO]
    init(_ c: OrderReportsAPI.StatusContext) {
        followUpDate = c.followUp?.description
        switch c.due {
        case .notYet?: dueState = "notYet"
        case .due?: dueState = "due"
        case .late?: dueState = "late"
        case .received?: dueState = "received"
        case nil: dueState = nil
        }
        dueText = c.due?.danish
        goals = c.goals.compactMap { g in g.id.map { OrderGoalDTO(id: $0, text: g.text, primaryTheme: g.primaryTheme, expectedLevel: g.expectedLevel) } }
        items = c.reports.map(StatusReportDTO.init)
    }
}
