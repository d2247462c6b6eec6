import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Organisation units of the caller's municipality.
enum UnitsAPI {
    static func list(_ req: Request) async throws -> Response {
        let principal = try req.principal()
        let units = try await OrganisationStore.units(municipalityID: principal.municipalityID, on: req.db)
        return try APIResponse.json(ListResponse(items: units.map(UnitDTO.init), nextCursor: nil))
    }
}
