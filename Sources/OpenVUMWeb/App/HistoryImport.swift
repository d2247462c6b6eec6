import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The one way into `HistoryImporter` for the command line, the API and the demo: decodes the file with
/// Danish errors, runs the import as an administrator and words the report.
enum HistoryImport {
    static func decode(_ data: Data) throws -> CaseHistoryFile {
        do {
            return try JSONDecoder().decode(CaseHistoryFile.self, from: data)
        } catch let error as DecodingError {
            throw DomainError.validation([FieldError(field: CasePatch.pointer(of: error), message: "Filen kan ikke læses som sagshistorik: \(CasePatch.message(for: error))")])
        } catch {
            throw DomainError.validation([FieldError(field: "/", message: "Filen er ikke gyldig JSON.")])
        }
    }

    static func run(_ data: Data, municipalityID: UUID, principal: Principal, dryRun: Bool, app: Application, channel: String = "cli",
                    progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> HistoryImporter.Report {
        let file = try decode(data)
        let t = try await app.openvum.terminology.current(on: app.db)
        return try await HistoryImporter.run(file, municipalityID: municipalityID, importedBy: principal, terminology: t,
                                             transactions: app.openvum.transactions, options: .init(dryRun: dryRun, channel: channel, progress: progress), on: app.db)
    }

    /// The municipality's administrator the command-line import runs as.
    static func administrator(municipalityID: UUID, username: String?, on db: any Database) async throws -> Principal {
        let users = try await UserStore.list(municipalityID: municipalityID, on: db).filter { $0.role == .administrator && $0.active }
        guard let admin = username.map({ u in users.first { $0.username == u } }) ?? users.first,
              let principal = try await UserStore.principal(userID: admin.id, on: db) else {
            throw DomainError.validation([FieldError(field: "as", message: "Kommunen har ingen aktiv administrator\(username.map { " med brugernavnet \($0)" } ?? ""). Opret en med openvum users create.")])
        }
        return principal
    }

    /// `POST /api/v1/imports/history[?dryRun=true]`: the same import for an administrator, the file as the
    /// JSON body; answers with the report (200, also when citizens were refused: the report names them).
    static func api(_ req: Request) async throws -> Response {
        let p = try req.principal()
        guard let contentType = req.headers.contentType, contentType.type == "application", contentType.subType == "json" else {
            throw DomainError(.badRequest, code: "body.media-type", title: "Forkert indholdstype", detail: "Filen skal sendes som JSON med Content-Type: application/json.")
        }
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw DomainError(.badRequest, code: "body.missing", title: "Indhold mangler", detail: "Send sagshistorikken som JSON.")
        }
        let dryRun = try req.query.get(Bool?.self, at: "dryRun") ?? false
        let audit = try req.auditEntry(objectType: "import", criteria: dryRun ? "dry-run" : nil)
        let report = try await run(Data(body.readableBytesView), municipalityID: p.municipalityID, principal: p, dryRun: dryRun, app: req.application,
                                   channel: "api")
        try await AuditStore.record(audit.adding(criteria: "imported=\(report.imported) refused=\(report.refused.count)"), on: req.db)
        if !dryRun && report.imported > 0 {
            req.openvum.economy.invalidate(municipalityID: p.municipalityID)
            req.openvum.figures.invalidate(municipalityID: p.municipalityID)
        }
        return try APIResponse.json(report)
    }

    static func summary(_ r: HistoryImporter.Report) -> String {
        func list(_ counts: [String: Int]) -> String { counts.isEmpty ? "ingen" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        var lines = [
            r.dryRun ? "Prøvekørsel: intet er gemt." : "Import gennemført.",
            "Borgere: \(r.citizens) i filen, \(r.imported) \(r.dryRun ? "ville blive importeret" : "importeret"), \(r.unchanged) uændrede, \(r.refused.count) afvist.",
            "Hændelser indlæst: \(list(r.applied)).",
            "Hændelser sprunget over: \(list(r.skipped)).",
        ]
        for refusal in r.refused { lines.append("  Afvist \(refusal.citizenId): \(refusal.message)") }
        return lines.joined(separator: "\n")
    }
}
