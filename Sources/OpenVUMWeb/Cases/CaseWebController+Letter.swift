import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension CaseWebController {
    // MARK: Decision letter

    /// The decision letter, once a decision exists: with the case number, the caseworker's name and direct line,
    /// and the municipality's address (where a complaint is sent), phone and e-mail from its settings.
    static func letter(_ req: Request) async throws -> Response {
        let (m, sender) = try await letterParts(req)
        return req.render(CaseViews.letter(m, sender: sender, req.pageContext))
    }

    /// The same letter as a PDF download, named by the case number (never the CPR number).
    static func letterPDF(_ req: Request) async throws -> Response {
        let (m, sender) = try await letterParts(req)
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "application/pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"afgoerelse-\(m.record.caseNumber).pdf\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.body = .init(data: CaseViews.letterPDF(m, sender: sender))
        return response
    }

    /// The case (its read audited) and who sends its letter; refused while there is no decision to write about.
    static func letterParts(_ req: Request) async throws -> (CasePageModel, CaseViews.LetterSender) {
        let m = try await load(req)
        guard m.doc.interventions.contains(where: { $0.decision?.outcome != nil }) else {
            throw DomainError(.conflict, code: "case.letter.no-decision", title: "Der er endnu ingen afgørelse",
                              detail: "Afgørelsesbrevet kan dannes, når mindst én indsats er bevilget eller afslået på siden Afgørelse.")
        }
        let db = req.readDB
        var phone: String?
        if let id = m.record.caseworkerID { phone = try await UserStore.find(id: id, on: db)?.phone }
        let sender = CaseViews.LetterSender(
            // A case is read only in the reader's own municipality, whose name comes with the reader.
            municipality: try req.principal().municipalityName ?? "",
            contact: try await CaseStore.settings(municipalityID: m.record.municipalityID, on: db).contact,
            caseworkerPhone: phone)
        return (m, sender)
    }
}
