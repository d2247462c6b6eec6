import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseWebController {
    // MARK: Overview, transitions, KLE

    /// After one part of the case page's one form is saved: back to `target` (a fresh read) — unless something was also
    /// typed in another part, which is then shown again as typed, with a notice that it is not saved yet.
    static func afterPartSaved(_ req: Request, form: FormData, part: [String], target: String) async throws -> Response {
        func inPart(_ key: String) -> Bool { part.contains { key == $0 || ($0.hasSuffix(".") && key.hasPrefix($0)) } }
        // Controls that always hold a value (a select without an empty choice, the CSRF token, the version).
        let preset: Set<String> = [CSRF.fieldName, "version", "to", "holder", "complaint.id"]
        var pending = form.filled { !preset.contains($0) && !inPart($0) }
        if pending.isEmpty { return req.redirect(to: target, redirectType: .normal) }
        var m = try await load(req, withHistory: true)
        // Fields shown filled in with what is stored count only when changed: a note's correction, the KLE.
        func same(_ key: String, _ stored: String?) {
            if pending.contains(key) && form[key] == stored?.trimmingCharacters(in: .whitespacesAndNewlines) { pending.remove(key) }
        }
        for n in m.notes { same("correction-\(n.chainID.uuidString.lowercased())", n.text) }
        same("emne", m.record.kleEmne)
        same("facet", m.record.kleFacet)
        if pending.isEmpty { return req.redirect(to: target, redirectType: .normal) }
        var echo = form
        for key in form.values.keys where inPart(key) || key == "version" { echo.values.removeValue(forKey: key) }
        m.echo = echo
        m.notice = "Gemt. Det, du også har skrevet på siden, er ikke gemt endnu: det står herunder, så du kan gemme det med dets egen knap."
        m.progression = try await progression(m, req)
        m.goalViews = try await CitizenSelfStore.goalViews(caseIDs: [m.record.id], on: req.db)
        return req.render(CaseViews.overview(m, req.pageContext))
    }

    /// The citizen's progression: the levels assessed, the follow-ups' goal levels and the providers' status reports.
    static func progression(_ m: CasePageModel, _ req: Request) async throws -> Progression {
        let levels = (m.history?.functionalLevels ?? []).compactMap { l in CalendarDate(l.assessedOn).map { (on: $0, subtheme: l.subtheme, level: l.level) } }
        var reports: [StatusReport] = []
        if !m.doc.goals.isEmpty {
            let orders = try await OrderStore.list(principal: try req.principal(), caseID: m.record.id, graceDays: req.openvum.config.providerGraceDays,
                                                   today: CalendarDate(req.openvum.now()), on: req.db)
            reports = try await OrderStore.statusReports(orderIDs: orders.map(\.id), on: req.db).values.flatMap { $0 }
        }
        return Progression.of(levels: levels, goals: m.doc.goals, followUps: m.doc.followUps, statusReports: reports)
    }

    static func overview(_ req: Request) async throws -> Response {
        var m = try await load(req, withHistory: true)
        m.editingComplaint = req.query[String.self, at: "klage"].flatMap(UUID.init(uuidString:))
        if m.doc.interventions.contains(where: { $0.decision?.outcome == .granted }) {
            m.monthlyCost = try await EconomyStore.ledger(principal: try req.principal(), referenceDate: CalendarDate(req.openvum.now()), caseID: m.record.id, on: req.db)
                .flatMap(CaseMonthlyCost.init(ledger:))
        }
        m.progression = try await progression(m, req)
        m.goalViews = try await CitizenSelfStore.goalViews(caseIDs: [m.record.id], on: req.db)
        return req.render(CaseViews.overview(m, req.pageContext))
    }

    /// A complaint about a decision (WF-31), new or brought up to date (`complaint.id`): received, reconsidered,
    /// sent to Ankestyrelsen, its outcome. Saved through the case's merge patch, so the case rules check it;
    /// also on a closed case (an afslag closes it).
    static func saveComplaint(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let version = Int(form["version"] ?? "") ?? -1
        let t = try await req.openvum.terminology.current(on: req.db)
        let current = try await load(req, withHistory: true)
        let complaints = CaseForms.writable(current, "/complaints")
        let at = CaseForms.slot(complaints, id: form["complaint.id"])
        var b = PatchBuilder(form)
        for key in ["receivedOn", "interventionId", "reconsideredOn", "sentToAppealsBoardOn", "outcome", "outcomeOn", "note"] { b.string("complaint.\(key)", key) }
        b.bool("complaint.decisionKept", "decisionKept")
        nonisolated(unsafe) let patch: [String: Any] = ["complaints": CaseForms.placing(b.object, in: complaints, at: at)]
        do {
            if !b.errors.isEmpty { throw DomainError.validation(b.errors) }
            let audit = try req.auditEntry(objectType: "case", criteria: "form=complaint")
            _ = try await req.writeTransaction { tx in
                try await CaseStore.update(id: id, expectedVersion: version, patch: patch, principal: p, now: req.openvum.now(), terminology: t, audit: audit, on: tx)
            }
            return try await afterPartSaved(req, form: form, part: ["complaint."], target: SiteURL.case(id, saved: true).path + "#klager")
        } catch let error as DomainError where [.validation, .preconditionFailed].contains(error.kind) {
            var m = current
            m.echo = form
            // A complaint's fields are named complaint.<key>: the error on "/complaints/<n>/<key>" goes to that field.
            m.errors = error.kind == .preconditionFailed
                ? [FieldError(field: "complaint-receivedOn", message: "Sagen er ændret af en anden, siden du åbnede siden. Gem igen.")]
                : error.fieldErrors.map { e in
                    let key = e.field.hasPrefix("/complaints/") ? e.field.split(separator: "/").dropFirst(2).first.map(String.init) ?? "receivedOn" : "receivedOn"
                    return FieldError(field: "complaint-\(key)", message: e.message)
                }
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }

    static func transition(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let to = form["to"].flatMap(CasePhase.init(rawValue:))
        let version = Int(form["version"] ?? "") ?? -1
        do {
            guard let to else { throw DomainError.validation([FieldError(field: "to", message: "Vælg den fase, sagen skal gå til.")]) }
            var e = FieldErrorCollector()
            let closeReason = to == .closed ? form["closeReason"].flatMap(CloseReason.init(rawValue:)) : nil
            let rawDate = to == .closed ? form["effectiveOn"] : nil
            let effectiveOn = rawDate.flatMap(CalendarDate.init)
            if rawDate != nil && effectiveOn == nil { e.add("effectiveOn", "Skriv datoen som DD-MM-ÅÅÅÅ.") }
            try e.throwIfAny()
            let audit = try req.auditEntry(objectType: "case", criteria: "to=\(to.rawValue)")
            let c = try await req.writeTransaction { tx in
                try await CaseStore.transition(
                    id: id, expectedVersion: version, to: to, reason: form["reason"], closeReason: closeReason, effectiveOn: effectiveOn,
                    principal: p, now: req.openvum.now(), audit: audit, on: tx)
            }
            let target = PhaseSlug(phase: c.phase).map { SiteURL.casePhase(c.id, $0).path } ?? SiteURL.case(c.id).path
            return try await afterPartSaved(req, form: form, part: ["to", "closeReason", "effectiveOn", "reason"], target: target)
        } catch let error as DomainError where [.validation, .conflict, .preconditionFailed].contains(error.kind) {
            var m = try await load(req, withHistory: true)
            m.echo = form
            // An illegal move is explained on the phase field; a missing reason on its own field.
            m.errors = error.kind == .conflict || error.fieldErrors.isEmpty ? [FieldError(field: "to", message: error.detail)] : error.fieldErrors
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }

    /// The team leader's allocation: one choice of team and caseworker ("unitId:userId", or "unitId:" for
    /// unassigned in that team) and a reason.
    static func assign(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let version = Int(form["version"] ?? "") ?? -1
        do {
            let parts = (form["holder"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let unit = UUID(uuidString: parts[0]), parts[1].isEmpty || UUID(uuidString: parts[1]) != nil else {
                throw DomainError.validation([FieldError(field: "caseworkerId", message: "Vælg team og sagsbehandler.")])
            }
            let caseworker = UUID(uuidString: parts[1])
            let reason = form["assignReason"].flatMap(AssignmentReason.init(rawValue:))
            let audit = try req.auditEntry(objectType: "case", criteria: "assign=\(caseworker?.uuidString.lowercased() ?? "-") unit=\(unit.uuidString.lowercased())")
            _ = try await req.writeTransaction { tx in
                try await CaseStore.assign(id: id, expectedVersion: version, unitID: unit, caseworkerID: caseworker, reason: reason, principal: p,
                                           now: req.openvum.now(), audit: audit, on: tx)
            }
            return try await afterPartSaved(req, form: form, part: ["holder", "assignReason"], target: SiteURL.case(id, saved: true).path)
        } catch let error as DomainError where [.validation, .preconditionFailed].contains(error.kind) {
            var m = try await load(req, withHistory: true)
            m.echo = form
            // The form names the reason "assignReason" (the phase form has its own "reason").
            m.errors = error.fieldErrors.isEmpty ? [FieldError(field: "caseworkerId", message: error.detail)]
                : error.fieldErrors.map { $0.field == "reason" ? FieldError(field: "assignReason", message: $0.message) : $0 }
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }

    static func addNote(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        do {
            let audit = try req.auditEntry(objectType: "case")
            _ = try await req.writeTransaction { tx in
                try await CaseStore.addNote(caseID: id, category: form["noteCategory"].flatMap(NoteCategory.init(rawValue:)), text: form["noteText"],
                                            principal: p, now: req.openvum.now(), audit: audit, on: tx)
            }
            return try await afterPartSaved(req, form: form, part: ["noteCategory", "noteText"], target: SiteURL.case(id, saved: true).path + "#journal")
        } catch let error as DomainError where error.kind == .validation {
            var m = try await load(req, withHistory: true)
            m.echo = form
            m.errors = error.fieldErrors.map { FieldError(field: $0.field == "category" ? "noteCategory" : "noteText", message: $0.message) }
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }

    /// A correction of a journal note: a new version with the corrected text (field `correction-<noteId>`).
    static func correctNote(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let noteID = try req.uuidParameter("noteID", what: "Notatet")
        let form = try FormData.parse(req)
        let field = "correction-\(noteID.uuidString.lowercased())"
        do {
            let audit = try req.auditEntry(objectType: "case")
            _ = try await req.writeTransaction { tx in
                try await CaseStore.correctNote(caseID: id, noteID: noteID, category: nil, text: form[field], principal: p, now: req.openvum.now(),
                                                audit: audit, on: tx)
            }
            return try await afterPartSaved(req, form: form, part: [field], target: SiteURL.case(id, saved: true).path + "#journal")
        } catch let error as DomainError where error.kind == .validation {
            var m = try await load(req, withHistory: true)
            m.echo = form
            m.errors = error.fieldErrors.map { FieldError(field: field, message: $0.message) }
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }

    /// Attaches a document (the form posts `multipart/form-data`); a refused upload shows the form again with
    /// what was typed (the file must be chosen again: browsers never pre-fill a file field).
    static func addDocument(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let posted = try DocumentsAPI.read(req)
        do {
            guard let upload = posted.upload else { throw posted.error! }
            _ = try await DocumentsAPI.save(req, caseID: id, upload: upload, bytes: posted.bytes)
            return req.redirect(to: SiteURL.case(id, saved: true).path + "#dokumenter", redirectType: .normal)
        } catch let error as DomainError where error.kind == .validation {
            var m = try await load(req, withHistory: true)
            var echo = FormData()
            echo.values = ["title": [posted.fields.title ?? ""], "kind": [posted.fields.kind ?? ""], "documentDate": [posted.fields.documentDate ?? ""]]
            m.echo = echo
            m.errors = error.fieldErrors
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }

    static func setKLE(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let version = Int(form["version"] ?? "") ?? -1
        let t = try await req.openvum.terminology.current(on: req.db)
        do {
            let audit = try req.auditEntry(objectType: "case", criteria: "kle")
            _ = try await req.writeTransaction { tx in
                try await CaseStore.setKLE(
                    id: id, expectedVersion: version, emne: form["emne"], facet: form["facet"], principal: p, now: req.openvum.now(), terminology: t,
                    audit: audit, on: tx)
            }
            return try await afterPartSaved(req, form: form, part: ["emne", "facet"], target: SiteURL.case(id, saved: true).path)
        } catch let error as DomainError where [.validation, .preconditionFailed].contains(error.kind) {
            var m = try await load(req, withHistory: true)
            m.echo = form
            m.errors = error.fieldErrors.isEmpty ? [FieldError(field: "emne", message: error.detail)] : error.fieldErrors
            return req.render(CaseViews.overview(m, req.pageContext).withStatus(error.httpStatus))
        }
    }
}
