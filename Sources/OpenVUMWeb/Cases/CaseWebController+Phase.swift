import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseWebController {
    // MARK: Phase pages

    static func slug(_ req: Request) throws -> PhaseSlug {
        guard let raw = req.parameters.get("phase"), let slug = PhaseSlug(rawValue: raw) else { throw DomainError.notFound("Siden") }
        return slug
    }

    static func phasePage(_ req: Request) async throws -> Response {
        let slug = try slug(req)
        var m = try await load(req, withOrders: slug.showsOrders)
        m.editing = req.query[String.self, at: "ret"].flatMap(UUID.init(uuidString:))
        return req.render(CaseViews.phasePage(slug, m, req.pageContext))
    }

    static func savePhase(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let slug = try slug(req)
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let version = Int(form["version"] ?? "") ?? -1
        let t = try await req.openvum.terminology.current(on: req.db)
        let current = try await load(req, withOrders: slug.showsOrders)
        // "Åbn alle" / "Luk alle" on the investigation: the page again with what was typed, every theme open (or
        // folded as usual); nothing is saved.
        if let show = form["vis"] {
            var m = current
            m.echo = form
            m.allOpen = show == "alle"
            return req.render(CaseViews.phasePage(slug, m, req.pageContext))
        }
        let (patch, formErrors) = CaseForms.patch(slug, form: form, model: current)
        do {
            nonisolated(unsafe) let body = patch
            let audit = try req.auditEntry(objectType: "case", criteria: "form=\(slug.rawValue)")
            // Every error in one round: the case rules check what could be read even when a value could not, and
            // the transaction is rolled back when anything was refused.
            let saved = try await req.writeTransaction { tx in
                let saved: CaseRecord
                do {
                    saved = try await CaseStore.update(id: id, expectedVersion: version, patch: body, principal: p, now: req.openvum.now(),
                                                       terminology: t, audit: audit, on: tx)
                } catch let error as DomainError where error.kind == .validation && !formErrors.isEmpty {
                    throw DomainError.validation(formErrors + error.fieldErrors.filter { e in !formErrors.contains { $0.field == e.field } })
                }
                if !formErrors.isEmpty { throw DomainError.validation(formErrors) }
                return saved
            }
            // "Gem og gå videre": the save stands; then the move to the next phase (from the saved case, so a klar sag
            // chosen in this very form counts), whose rules may refuse it.
            if let next = form["next"].flatMap(CasePhase.init(rawValue:)),
               next == CaseProcess.forward(from: saved.phase, clearCase: saved.document.opening.clearCase == true) {
                do {
                    let moveAudit = try req.auditEntry(action: "case.transition", objectType: "case", criteria: "to=\(next.rawValue)")
                    let moved = try await req.writeTransaction { tx in
                        try await CaseStore.transition(id: id, expectedVersion: saved.version, to: next, reason: nil, principal: p, now: req.openvum.now(),
                                                       audit: moveAudit, on: tx)
                    }
                    let target = PhaseSlug(phase: moved.phase).map { SiteURL.casePhase(id, $0, saved: true).path } ?? SiteURL.case(id, saved: true).path
                    return req.redirect(to: target, redirectType: .normal)
                } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
                    var m = try await load(req, withOrders: slug.showsOrders)
                    m.notice = "Gemt. Sagen er ikke gået videre til \(next.danishName.lowercased())."
                    m.errors = [FieldError(field: "next", message: error.fieldErrors.first?.message ?? error.detail)]
                    return req.render(CaseViews.phasePage(slug, m, req.pageContext, status: .ok))
                }
            }
            return req.redirect(to: SiteURL.casePhase(id, slug, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .preconditionFailed, .badRequest].contains(error.kind) {
            // Show the form again with what the user typed, so nothing is lost.
            var m = current
            m.echo = form
            m.errors = error.fieldErrors
            if error.kind == .preconditionFailed {
                m.errors = [FieldError(field: "version", message: "Sagen er ændret af en anden, siden du åbnede siden. Dine indtastninger står herunder og er ikke gemt; gem igen for at overskrive.")]
            }
            return req.render(CaseViews.phasePage(slug, m, req.pageContext, status: error.httpStatus))
        }
    }
}
