import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension CaseWebController {
    // MARK: Decision letter

    static func letter(_ req: Request) async throws -> Response {
        let m = try await load(req)
        let municipality = try await OrganisationStore.municipalityName(id: m.record.municipalityID, on: req.db) ?? ""
        return req.render(CaseViews.letter(m, municipality: municipality, req.pageContext))
    }
}
