import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension WebController {
    static func citizens(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let after = req.query[String.self, at: "efter"]
        let audit = try req.auditEntry(objectType: "citizen-list", criteria: "limit=50")
        let page = try await req.readTransaction { tx in
            try await CitizenStore.list(principal: p, after: after, limit: 50, audit: audit, on: tx)
        }
        return req.render(Pages.citizens(.init(page: page), req.pageContext))
    }

    struct SearchForm: Content {
        var cpr: String?
    }

    static func searchCitizens(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try req.form(SearchForm.self)
        let raw = form.cpr ?? ""
        do {
            let query = try CitizenRules.searchQuery(raw)
            let (page, found, cases) = try await req.readTransaction { tx in
                let found: [CitizenRecord]
                switch query {
                case .cpr(let cpr):
                    found = try await CitizenStore.search(cpr: cpr, principal: p, audit: try req.auditEntry(objectType: "citizen", criteria: "cpr=\(cpr.masked)"), on: tx)
                case .nameText(let name):
                    found = try await CitizenStore.search(name: name, principal: p, audit: try req.auditEntry(objectType: "citizen-list", criteria: "name=\(name)"), on: tx)
                case .caseNumber(let number):
                    // The case's citizen, when the case is in the reader's scope.
                    let hit = try await CaseStore.list(principal: p, filter: .init(caseNumber: number), after: nil, limit: 1,
                                                       audit: try req.auditEntry(objectType: "case-list", criteria: "caseNumber=\(number)"), on: tx).items
                    if let c = hit.first, let citizen = try await CitizenStore.find(id: c.citizenID, principal: p, on: tx) { found = [citizen] } else { found = [] }
                }
                // Each found citizen's cases, read with the search (whose read is audited).
                let cases = try await CaseStore.list(principal: p, filter: .init(citizenIDs: found.map(\.id)), after: nil, limit: 200, on: tx).items
                let page = try await CitizenStore.list(principal: p, after: nil, limit: 50, audit: nil, on: tx)
                return (page, found, Dictionary(grouping: cases, by: \.citizenID))
            }
            let shown: String = switch query {
            case .cpr(let cpr): cpr.formatted
            case .nameText(let name): name
            case .caseNumber(let number): number.description
            }
            var model = Pages.CitizensModel(page: page, cpr: shown, searchResult: found)
            model.searchCases = cases
            if case .caseNumber(let number) = query { model.searchedCaseNumber = number.description }
            return req.render(Pages.citizens(model, req.pageContext))
        } catch let error as DomainError where error.kind == .validation {
            let audit = try req.auditEntry(objectType: "citizen-list", criteria: "limit=50")
            let page = try await req.readTransaction { tx in
                try await CitizenStore.list(principal: p, after: nil, limit: 50, audit: audit, on: tx)
            }
            return req.render(Pages.citizens(.init(page: page, cpr: raw, errors: error.fieldErrors), req.pageContext, status: .unprocessableEntity))
        }
    }

    static func citizen(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        let audit = try req.auditEntry(objectType: "citizen")
        let (citizen, unit, cases, grants, notes, documents) = try await req.readTransaction { tx in
            guard let c = try await CitizenStore.read(id: id, principal: p, audit: audit, on: tx) else { throw DomainError.notFound("Borgeren") }
            let unit = try await OrganisationStore.unit(id: c.responsibleUnitID, on: tx)
            let cases = try await CaseStore.list(principal: p, filter: .init(citizenID: c.id), after: nil, limit: 100, on: tx).items
            // Grants, notes and documents of the cases in the reader's scope; read with the citizen (whose read is audited).
            let ids = cases.map(\.id)
            return (c, unit, cases, try await CaseStore.grants(caseIDs: ids, on: tx), try await CaseStore.latestNotes(caseIDs: ids, on: tx),
                    try await CaseStore.attachments(caseIDs: ids, on: tx))
        }
        let t = try await req.openvum.terminology.current(on: req.db)
        return req.render(Pages.citizen(.init(citizen: citizen, unitName: unit?.name ?? "–", cases: cases, grants: grants, notes: notes, documents: documents, terminology: t,
                                   canOpenCase: p.role == .caseworker || p.role == .teamLeader), req.pageContext))
    }
}
