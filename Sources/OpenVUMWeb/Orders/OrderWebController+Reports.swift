import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The provider's status report and change request in the inbox, and the caseworker's answer on the case's
/// *Levering* page (issue 13 items 4–5). Each form saves through the same function as the API
/// (`OrderReportsAPI.report`, `requestChange`, `answerChange`); refused, the page again with each error at its field and
/// what was typed, nothing saved.
extension OrderWebController {
    /// The status report: per goal `status.<i>.goalId`, `.level`, `.citizenView`, `.citizenText`, `.helpGiven`,
    /// `.nextStep`; and `status.significantChanges`.
    static func saveStatus(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        let o = try await OrdersAPI.find(req, p)
        do {
            var e = FieldErrorCollector()
            let count = min(Int(form["status.count"] ?? "") ?? 0, 50)
            let goals = (0..<count).compactMap { i -> GoalStatus? in
                let n = "status.\(i)"
                guard let id = form["\(n).goalId"].flatMap(UUID.init(uuidString:)) else { return nil }
                var level: Decimal?
                if let raw = form["\(n).level"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                    level = Decimal(typed: raw)
                    if level == nil { e.add("goals.\(i).level", "Skriv niveauet som et tal fra 0 til 4, fx 2,5.") }
                }
                return GoalStatus(goalID: id, level: level, citizenView: form["\(n).citizenView"].flatMap(CitizenView.init(rawValue:)),
                                  citizenText: form["\(n).citizenText"], helpGiven: form["\(n).helpGiven"],
                                  nextStep: form["\(n).nextStep"].flatMap(ProposedNextStep.init(rawValue:)))
            }
            try e.throwIfAny()
            _ = try await OrderReportsAPI.report(o, goals: goals, significantChanges: form["status.significantChanges"], principal: p, on: req)
            return req.redirect(to: SiteURL.inboxOrder(o.id, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
            return try await inboxAgain(req, form: form, error: error) { f in
                // goals.<i>.<field> → status.<i>.<field>; the rest under the report's own names.
                f.hasPrefix("goals.") ? "status." + f.dropFirst("goals.".count) : f == "goals" ? "status.goals" : "status.\(f)"
            }
        }
    }

    /// The change request: `change.kind`, `change.proposedPerWeek`, `change.reason`, a week plan day by day
    /// (`change.plan.<weekday>.hours`, `.activity`; an empty day is left out) and the reported months ticked
    /// (`change.evidence`).
    static func requestChange(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        let o = try await OrdersAPI.find(req, p)
        if let changeID = form["changeId"].flatMap(UUID.init(uuidString:)) {
            // The answer to the authority's request (`answer-<first 8 of its id>.answer`, `.text`).
            let n = "answer-\(changeID.uuidString.prefix(8).lowercased())"
            do {
                var e = FieldErrorCollector()
                let kind = e.coded(ChangeAnswerKind.self, form["\(n).answer"]?.nilIfEmpty, at: "answer", required: "Vælg jeres svar.")
                try e.throwIfAny()
                _ = try await OrderReportsAPI.answerChange(o, id: changeID, kind: kind!, text: form["\(n).text"], on: req)
                return req.redirect(to: SiteURL.inboxOrder(o.id, saved: true).path, redirectType: .normal)
            } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
                return try await inboxAgain(req, form: form, error: error) { f in "\(n).\(f == "state" ? "answer" : f)" }
            }
        }
        do {
            var e = FieldErrorCollector()
            let kind = form["change.kind"].flatMap(ChangeKind.init(rawValue:))
            if kind == nil { e.add("kind", "Vælg, hvad der anmodes om.") }
            var proposed: Decimal?
            if let raw = form["change.proposedPerWeek"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                proposed = Decimal(typed: raw)
                if proposed == nil { e.add("proposedPerWeek", "Skriv timerne pr. uge som et tal, fx 12,5.") }
            }
            var plan: [WeekPlanDay] = []
            for day in Weekday.allCases {
                let raw = (form["change.plan.\(day.rawValue).hours"] ?? "").trimmingCharacters(in: .whitespaces)
                let activity = form["change.plan.\(day.rawValue).activity"]?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
                if raw.isEmpty {
                    if activity != nil { e.add("plan.\(day.rawValue).hours", "\(day.danishName): angiv dagens timer.") }
                    continue
                }
                guard let h = Decimal(typed: raw) else { e.add("plan.\(day.rawValue).hours", "\(day.danishName): skriv timerne som et tal, fx 1,5."); continue }
                plan.append(WeekPlanDay(weekday: day, hours: h, activity: activity))
            }
            let months = form.all("change.evidence").compactMap { $0.count == 7 ? CalendarDate($0 + "-01") : nil }
            try e.throwIfAny()
            _ = try await OrderReportsAPI.requestChange(o, kind: kind!, proposedPerWeek: proposed, reason: form["change.reason"], weekPlan: plan,
                                                        evidenceMonths: months, principal: p, on: req)
            return req.redirect(to: SiteURL.inboxOrder(o.id, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
            return try await inboxAgain(req, form: form, error: error) { f in
                // weekPlan.<i>.<field> names the plan's i-th day sent; the form names the day itself.
                let parts = f.split(separator: ".").map(String.init)
                if parts.first == "weekPlan", parts.count == 3, let i = Int(parts[1]) {
                    let sent = Weekday.allCases.filter { !(form["change.plan.\($0.rawValue).hours"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
                    if i < sent.count { return "change.plan.\(sent[i].rawValue).\(parts[2])" }
                }
                if parts.first == "evidenceMonths" { return "change.evidence" }
                return f == "weekPlan" ? "change.plan" : "change.\(f)"
            }
        }
    }

    /// The inbox order's page again after a refused form: the errors at the form's fields (`rename`), a conflict at
    /// the form's own place.
    static func inboxAgain(_ req: Request, form: FormData, error: DomainError, rename: (String) -> String) async throws -> Response {
        var m = try await inboxModel(req)
        m.typed = form
        let place = rename("state")
        m.errors = error.kind == .validation ? error.fieldErrors.map { FieldError(field: rename($0.field), message: $0.message) }
            : [FieldError(field: place, message: error.detail)]
        return req.render(Pages.inboxOrder(m, req.pageContext, status: error.httpStatus))
    }

    /// The caseworker's answer to a change request (`change-<first 8 of its id>.answer`, `.text`: each open request
    /// has its own form on the case's *Levering* page).
    static func answerChange(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let changeID = try req.uuidParameter("changeID", what: "Anmodningen")
        let form = try FormData.parse(req)
        let o = try await OrdersAPI.find(req, p)
        guard o.caseID == caseID else { throw DomainError.notFound("Bestillingen") }
        let n = "change-\(changeID.uuidString.prefix(8).lowercased())"
        do {
            guard let kind = form["\(n).answer"].flatMap(ChangeAnswerKind.init(rawValue:)) else {
                throw DomainError.validation([FieldError(field: "answer", message: "Vælg svaret.")])
            }
            _ = try await OrderReportsAPI.answerChange(o, id: changeID, kind: kind, text: form["\(n).text"], on: req)
            return req.redirect(to: SiteURL.casePhase(caseID, .levering, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
            var m = try await CaseWebController.load(req, withOrders: true)
            m.echo = form
            m.errors = error.kind == .validation ? error.fieldErrors.map { FieldError(field: "\(n).\($0.field)", message: $0.message) }
                : [FieldError(field: "\(n).answer", message: error.detail)]
            return req.render(CaseViews.phasePage(.levering, m, req.pageContext, status: error.httpStatus))
        }
    }
}

extension OrderWebController {
    /// A use of force (`type=useOfForce`, fields `force.*`) or an unintended incident (`type=unintended`, fields
    /// `unintended.*`), each form with its own date (`<prefix>.occurredOn`).
    static func reportIncident(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        let o = try await OrdersAPI.find(req, p)
        let type = form["type"].flatMap(IncidentType.init(rawValue:)) ?? .useOfForce
        let prefix = type == .useOfForce ? "force" : "unintended"
        do {
            var e = FieldErrorCollector()
            func value(_ name: String) -> String? { form["\(prefix).\(name)"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty }
            var occurredOn: CalendarDate?
            if let raw = value("occurredOn") {
                occurredOn = CalendarDate(raw)
                if occurredOn == nil { e.add("occurredOn", "Skriv datoen som dd-mm-åååå.") }
            } else { e.add("occurredOn", "Angiv datoen for hændelsen.") }
            var force: ForceDetails?, unintended: UnintendedDetails?
            if type == .useOfForce {
                let kind = e.coded(ForceKind.self, value("kind"), at: "force.kind", required: "Vælg formen for magtanvendelse.")
                force = kind.map { ForceDetails(kind: $0, startTime: value("startTime") ?? "", endTime: value("endTime") ?? "", legalBasis: value("legalBasis"),
                                                 situationBefore: form["force.situationBefore"] ?? "", situationDuring: form["force.situationDuring"] ?? "",
                                                 present: form["force.present"] ?? "", citizenAccount: form["force.citizenAccount"],
                                                 leaderAssessment: form["force.leaderAssessment"]) }
            } else {
                let kind = e.coded(UnintendedKind.self, value("kind"), at: "unintended.kind", required: "Vælg hændelsens art.")
                let severity = value("severity").flatMap(Int.init)
                if severity == nil { e.add("unintended.severity", "Vælg alvorligheden (0–5).") }
                unintended = kind.map { UnintendedDetails(kind: $0, severity: severity ?? -1, description: form["unintended.description"] ?? "",
                                                          followUp: form["unintended.followUp"]) }
            }
            try e.throwIfAny()
            _ = try await IncidentsAPI.report(o, occurredOn: occurredOn!, force: force, unintended: unintended, principal: p, on: req)
            return req.redirect(to: SiteURL.inboxOrder(o.id, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
            return try await inboxAgain(req, form: form, error: error) { f in
                f.hasPrefix("\(prefix).") ? f : "\(prefix).\(f)"
            }
        }
    }

    /// The caseworker marks an incident report seen, from the case's *Levering* page.
    static func incidentSeen(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let o = try await OrdersAPI.find(req, p)
        guard o.caseID == caseID else { throw DomainError.notFound("Bestillingen") }
        do {
            _ = try await IncidentsAPI.markSeen(o, id: try req.uuidParameter("incidentID", what: "Indberetningen"), on: req)
        } catch let error as DomainError where error.kind == .conflict {
            // Seen already (another tab): the page as it is now says so.
        }
        return req.redirect(to: SiteURL.casePhase(caseID, .levering, saved: true).path, redirectType: .normal)
    }
}
