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
