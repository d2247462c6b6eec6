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
        var cases: [CaseSummary] = []
        switch p.role {
        case .caseworker, .teamLeader:
            let audit = try req.auditEntry(objectType: "citizen-list", criteria: "startside")
            (citizens, cases) = try await req.readTransaction { tx in
                // The worklist's top: the own open cases, the nearest deadline first (the page's one audit row is the list's).
                (try await CitizenStore.list(principal: p, after: nil, limit: 20, audit: audit, on: tx).items,
                 try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 10, withDeadlines: false, on: tx).map(\.summary))
            }
        case .citizen:
            // A citizen account: its own page, or the first citizen it represents (the page names the others).
            if let first = try await CitizenSelfStore.citizens(principal: p, on: req.readDB).first {
                return try await citizenPage(req, p, citizenID: first.id)
            }
        default:
            break
        }
        var model = Pages.StartModel(principal: p, municipality: municipality, units: units, citizens: citizens)
        model.cases = cases
        return req.render(Pages.start(model, req.pageContext))
    }
}
