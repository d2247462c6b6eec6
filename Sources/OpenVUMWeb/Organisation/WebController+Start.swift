import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension WebController {
    static func start(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let units = try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db)
        let municipality = try await OrganisationStore.municipalityName(id: p.municipalityID, on: req.db) ?? ""
        var citizens: [CitizenRecord] = []
        var own: CitizenRecord?
        switch p.role {
        case .caseworker, .teamLeader:
            citizens = try await req.readTransaction { tx in
                let page = try await CitizenStore.list(principal: p, after: nil, limit: 20, on: tx)
                try await req.audit(on: tx, objectType: "citizen-list", criteria: "startside")
                return page.items
            }
        case .citizen:
            if let id = p.citizenID {
                own = try await req.readTransaction { tx in
                    let c = try await CitizenStore.find(id: id, principal: p, on: tx)
                    try await req.audit(on: tx, objectType: "citizen", objectID: id.uuidString, citizenID: id)
                    return c
                }
            }
        default:
            break
        }
        return Pages.start(.init(principal: p, municipality: municipality, units: units, citizens: citizens, ownCitizen: own), on: req)
    }
}
