import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension CaseWebController {
    // MARK: Create

    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let citizenID = try req.uuidParameter("citizenID", what: "Borgeren")
        let form = try FormData.parse(req)
        let t = try await req.openvum.terminology.current(on: req.db)
        let paragraphs = (form["paragraphsAppliedFor"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            let audit = try req.auditEntry(objectType: "case")
            let new = CaseStore.NewCase(
                citizenID: citizenID, origin: form["origin"].flatMap(CaseOrigin.init(rawValue:)), inquirer: form["inquirer"].flatMap(Inquirer.init(rawValue:)),
                paragraphsAppliedFor: paragraphs.isEmpty ? nil : paragraphs)
            let c = try await req.atomicWrite { db in
                try await CaseStore.create(new, principal: p, now: req.openvum.now(), terminology: t, audit: audit, on: db)
            }
            return req.redirect(to: SiteURL.casePhase(c.id, .sagsaabning).path, redirectType: .normal)
        } catch let error as DomainError where error.kind == .validation || error.kind == .conflict {
            return req.render(CaseViews.createRefused(error, citizenID: citizenID))
        }
    }
}
