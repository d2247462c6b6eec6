import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// A guardian or party representative given the citizen's own page, and removed (issue 16 item 7), from the case's
/// opening page, where the guardianship and representation (IDs 7–12) are recorded.
extension CaseWebController {
    /// `POST /sager/:caseID/repraesentanter`: the account `username` given the page as `kind`. Refused: the opening
    /// page again with the Danish errors at the form and what was typed.
    static func grantRepresentative(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let anchor = "#repraesentanter"
        do {
            let audit = try req.auditEntry(objectType: "case")
            let now = req.openvum.now()
            let given = try await req.writeTransaction { tx in
                try await RepresentativeStore.grant(caseID: id, username: form["username"], displayName: form["displayName"], kind: form["kind"], principal: p, now: now, audit: audit, on: tx)
            }
            guard given != nil else { throw DomainError.notFound("Sagen") }
            return req.redirect(to: SiteURL.casePhase(id, .sagsaabning, saved: true).path + anchor, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
            var m = try await load(req)
            m.echo = form
            m.errors = error.fieldErrors.isEmpty ? [FieldError(field: "username", message: error.detail)] : error.fieldErrors
            return req.render(CaseViews.phasePage(.sagsaabning, m, req.pageContext, status: error.httpStatus))
        }
    }

    /// `POST /sager/:caseID/repraesentanter/:representativeID/fjern`: the access removed at once.
    static func removeRepresentative(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let representative = try req.uuidParameter("representativeID", what: "Adgangen")
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let removed = try await req.writeTransaction { tx in
            try await RepresentativeStore.remove(caseID: id, id: representative, principal: p, now: now, audit: audit, on: tx)
        }
        guard removed else { throw DomainError.notFound("Adgangen") }
        return req.redirect(to: SiteURL.casePhase(id, .sagsaabning, saved: true).path + "#repraesentanter", redirectType: .normal)
    }
}
