import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension WebController {
    static func start(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let units = try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db)
        let municipality = p.municipalityName ?? ""
        var citizens: [CitizenRecord] = []
        var own: CitizenRecord?
        var cases: [CaseSummary] = []
        var overview: CitizenSelfStore.Overview?
        var terminology = TerminologySnapshot()
        switch p.role {
        case .caseworker, .teamLeader:
            let audit = try req.auditEntry(objectType: "citizen-list", criteria: "startside")
            (citizens, cases) = try await req.readTransaction { tx in
                // The worklist's top: the own open cases, the nearest deadline first (the page's one audit row is the list's).
                (try await CitizenStore.list(principal: p, after: nil, limit: 20, audit: audit, on: tx).items,
                 try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 10, withDeadlines: false, on: tx).map(\.summary))
            }
        case .citizen:
            if let id = p.citizenID {
                // One audit row for the page: the citizen's read of their own data (never listed as somebody looking).
                own = try await CitizenStore.read(id: id, principal: p, audit: try req.auditEntry(objectType: "citizen"), on: req.readDB)
                overview = try await CitizenSelfStore.overview(principal: p, today: CalendarDate(req.openvum.now()), audit: nil, on: req.readDB)
                terminology = try await req.openvum.terminology.current(on: req.db)
            }
        default:
            break
        }
        var model = Pages.StartModel(principal: p, municipality: municipality, units: units, citizens: citizens, ownCitizen: own)
        model.cases = cases
        if let overview {
            return req.render(Pages.citizenStart(model, overview, terminology: terminology, today: CalendarDate(req.openvum.now()), req.pageContext))
        }
        return req.render(Pages.start(model, req.pageContext))
    }
}

extension WebController {
    /// `POST /mine-sager/:caseID/maal/:goalID`: the citizen's view on a goal of their own case — green, yellow or red
    /// and a sentence. Saved: back to their page at the goal. Refused: the page again with the Danish errors at the
    /// goal's form. A case or goal not theirs: not found.
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
            guard let overview = try await CitizenSelfStore.overview(principal: p, today: today, audit: nil, on: req.db),
                  overview.cases.contains(where: { $0.id == caseID && $0.document.goals.contains { $0.id == goalID } }) else {
                throw DomainError.notFound("Målet")
            }
            let editing = Pages.GoalViewForm(goalID: goalID, colour: form["colour"], sentence: form["sentence"], errors: error.fieldErrors)
            return req.render(Pages.citizenStart(try await startModel(req, p), overview, terminology: try await req.openvum.terminology.current(on: req.db),
                                                 today: today, req.pageContext, editing: editing, status: error.httpStatus))
        }
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let saved = try await req.writeTransaction { tx in
            try await CitizenSelfStore.recordGoalView(view, caseID: caseID, principal: p, now: now, audit: audit, on: tx)
        }
        guard saved != nil else { throw DomainError.notFound("Målet") }
        return req.redirect(to: SiteURL.start.path + "#maal-\(goalID.uuidString.lowercased())", redirectType: .normal)
    }

    static func startModel(_ req: Request, _ p: Principal) async throws -> Pages.StartModel {
        Pages.StartModel(principal: p, municipality: p.municipalityName ?? "", units: try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db),
                         citizens: [], ownCitizen: nil)
    }
}
