import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The citizen's own pages (issue 16 items 6 and 7): the page of a citizen the account acts for — its own record, or one
/// it represents as guardian or party representative — and what may be done there: the view on a goal, electronic
/// consent, the decision letters.
extension WebController {
    /// `GET /mine-sager/borger/:citizenID`: the page of a citizen the account represents (or its own). Not theirs: not
    /// found.
    static func citizenSelf(_ req: Request) async throws -> Response {
        try await citizenPage(req, try req.principal(), citizenID: try req.uuidParameter("citizenID", what: "Borgeren"))
    }

    /// The page of `citizenID`, audited as one read of the citizen (the route's audit row); not found when the account
    /// does not act for the citizen.
    static func citizenPage(_ req: Request, _ p: Principal, citizenID: UUID, goal: Pages.GoalViewForm? = nil, consent: Pages.ConsentEditing? = nil,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        guard p.actsFor(citizenID) else { throw DomainError.notFound("Borgeren") }
        let today = CalendarDate(req.openvum.now())
        let audit = try req.auditEntry(objectType: "citizen")
        let (citizen, overview, choices) = try await req.readTransaction { tx in
            guard let citizen = try await CitizenStore.read(id: citizenID, principal: p, audit: audit, on: tx),
                  let overview = try await CitizenSelfStore.overview(citizenID: citizenID, principal: p, today: today, audit: nil, on: tx) else {
                throw DomainError.notFound("Borgeren")
            }
            return (citizen, overview, try await CitizenSelfStore.citizens(principal: p, on: tx))
        }
        let page = Pages.CitizenPage(principal: p, municipality: p.municipalityName ?? "", citizen: citizen, choices: choices, overview: overview,
                                     terminology: try await req.openvum.terminology.current(on: req.db), today: today, goal: goal, consent: consent)
        return req.render(Pages.citizenStart(page, req.pageContext, status: status))
    }

    /// Where a citizen's page is: the start page for the account's own record, else the represented citizen's page.
    static func citizenPagePath(_ p: Principal, citizenID: UUID) -> String {
        citizenID == p.citizenID ? SiteURL.start.path : SiteURL.citizenSelf(citizenID).path
    }

    /// The citizen of a case the account acts for (not found otherwise): for a refused form shown on the right page.
    static func citizenOfCase(_ req: Request, _ p: Principal, caseID: UUID) async throws -> UUID {
        guard let c = try await CaseStore.find(id: caseID, principal: p, on: req.db), p.actsFor(c.citizenID) else { throw DomainError.notFound("Sagen") }
        return c.citizenID
    }

    /// `POST /mine-sager/:caseID/maal/:goalID`: the view on a goal — green, yellow or red and a sentence. Saved: back to
    /// the page at the goal. Refused: the page again with the Danish errors at the goal's form. Not theirs: not found.
    static func citizenGoalView(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let goalID = try req.uuidParameter("goalID", what: "Målet")
        let form = try FormData.parse(req)
        let today = CalendarDate(req.openvum.now())
        var given: CitizenGoalView?
        var refused: DomainError?
        do { given = try CitizenGoalView.given(goalID: goalID, colour: form["colour"], sentence: form["sentence"], today: today) } catch { refused = error }
        guard let view = given else {
            let error = refused ?? DomainError.validation([])
            let citizenID = try await citizenOfCase(req, p, caseID: caseID)
            let editing = Pages.GoalViewForm(goalID: goalID, colour: form["colour"], sentence: form["sentence"], errors: error.fieldErrors)
            return try await citizenPage(req, p, citizenID: citizenID, goal: editing, status: error.httpStatus)
        }
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let saved = try await req.writeTransaction { tx in
            try await CitizenSelfStore.recordGoalView(view, caseID: caseID, principal: p, now: now, audit: audit, on: tx)
        }
        guard let citizenID = saved else { throw DomainError.notFound("Målet") }
        return req.redirect(to: citizenPagePath(p, citizenID: citizenID) + "#maal-\(goalID.uuidString.lowercased())", redirectType: .normal)
    }

    /// `POST /mine-sager/:caseID/samtykke`: electronic consent given (with the parties) or withdrawn on a case. Saved:
    /// back to the page at the case's consent. Refused: the page again with the Danish errors at the form (nothing saved).
    static func citizenConsent(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let anchor = "#samtykke-\(caseID.uuidString.lowercased())"
        var decision: ElectronicConsent.Decision?
        var refused: DomainError?
        do {
            decision = try ElectronicConsent.decision(action: form["action"], collectFrom: form.all("collectFrom"), discloseTo: form.all("discloseTo"))
        } catch { refused = error }
        if let decision {
            let audit = try req.auditEntry(objectType: "case")
            let now = req.openvum.now()
            let t = try await req.openvum.terminology.current(on: req.db)
            do {
                let saved = try await req.writeTransaction { tx in
                    try await CitizenSelfStore.recordConsent(decision, caseID: caseID, principal: p, now: now, terminology: t, audit: audit, on: tx)
                }
                guard let citizenID = saved else { throw DomainError.notFound("Sagen") }
                return req.redirect(to: citizenPagePath(p, citizenID: citizenID) + anchor, redirectType: .normal)
            } catch let error as DomainError where [.conflict, .validation, .preconditionFailed].contains(error.kind) {
                refused = error
            }
        }
        let error = refused ?? DomainError.validation([])
        let citizenID = try await citizenOfCase(req, p, caseID: caseID)
        let messages = error.fieldErrors.isEmpty ? [FieldError(field: "action", message: error.detail)] : error.fieldErrors
        let editing = Pages.ConsentEditing(caseID: caseID, collectFrom: Set(form.all("collectFrom")), discloseTo: Set(form.all("discloseTo")), errors: messages)
        return try await citizenPage(req, p, citizenID: citizenID, consent: editing, status: error.httpStatus)
    }

    /// `GET /mine-sager/:caseID/afgoerelsesbrev.pdf`: the decision letter of a case of a citizen the account acts for —
    /// the same letter the caseworker prints. Not theirs, or no decision yet: not found or conflict.
    static func citizenLetterPDF(_ req: Request) async throws -> Response {
        try await CaseWebController.letterPDF(req)
    }
}
