import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension CaseWebController {
    // MARK: Catalogue page

    static func catalogue(_ req: Request) async throws -> Response {
        req.render(CaseViews.catalogue(DataCatalogue.items, captured: DataCatalogue.capturedKeys, req.pageContext))
    }
}
