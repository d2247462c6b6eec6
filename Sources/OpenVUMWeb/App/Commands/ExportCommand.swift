import Crypto
import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor
import ZIPFoundation

/// `openvum export bi --out DIR [--municipality CODE]`: the pseudonymised BI dataset of a municipality's cases as CSV
/// files with `schema.json` (docs/bi-export.md), written page by page.
struct ExportCommand: AsyncCommandGroup {
    var help: String { "Export data for other systems" }
    var commands: [String: any AnyAsyncCommand] { ["bi": BI(), "ffb": FFB()] }

    /// `openvum export ffb --out DIR [--day YYYY-MM-DD]`: the FFB reports (issue 16 item 4) as the worker would build
    /// them, one Bundle per citizen, checked against the profile — every citizen with a case, or the citizens marked as
    /// changed on the day. Nothing is sent or changed. The files hold CPR numbers (the report's Patient).
    struct FFB: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "out", help: "A new or empty folder for the files") var out: String?
            @Option(name: "day", help: "Only the citizens changed on this day (YYYY-MM-DD) and not yet reported") var day: String?
            @Option(name: "municipality", help: "The municipality's code (when there are several)") var municipality: String?
        }
        var help: String { "Write the FFB reports (FHIR Bundles, one per citizen) and check each against KL's FFB reporting profile" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let (out, url) = try ExportCommand.emptyFolder(signature.out, context)
            var day: CalendarDate?
            if let text = signature.day {
                guard let d = CalendarDate(text) else {
                    context.console.error("--day skal være en dato som 2026-12-03.")
                    throw ExitCode(1)
                }
                day = d
            }
            try await app.autoMigrateIfEmbedded()
            let municipalityID = try await ExportCommand.municipality(signature.municipality, context)
            let terminology = try await app.openvum.terminology.current(on: app.db)
            let reports = try await FFBReportStore.reports(municipalityID: municipalityID, day: day, now: app.openvum.now(), terminology: terminology, on: app.db)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            var invalid = 0
            for r in reports {
                let id = r.bundle["id"]?.string ?? UUID().uuidString.lowercased()
                try Data(try r.bundle.json().utf8).write(to: url.appendingPathComponent("\(id).json"))
                if !r.violations.isEmpty {
                    invalid += 1
                    context.console.print("\(id).json: " + r.violations.map(\.description).joined(separator: " · "))
                }
            }
            try await AuditStore.record(AuditEntry(occurredAt: app.openvum.now(), municipalityID: municipalityID, userID: nil, unitID: nil, action: "export.ffb",
                                                   objectType: "export", criteria: "ffb bundles=\(reports.count) invalid=\(invalid)", channel: "cli"), on: app.db)
            context.console.print("\(reports.count) FFB-rapporter skrevet til \(out): \(reports.count - invalid) gyldige, \(invalid) ugyldige.")
        }
    }

    struct BI: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "out", help: "A new or empty folder for the files") var out: String?
            @Option(name: "municipality", help: "The municipality's code (when there are several)") var municipality: String?
        }
        var help: String { "Write the pseudonymised BI dataset (no CPR, names or free text) as CSV files" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let (out, url) = try ExportCommand.emptyFolder(signature.out, context)
            do {
                let key = try BIExportRun.key(app.openvum.config)
                try await app.autoMigrateIfEmbedded()
                let municipalityID = try await ExportCommand.municipality(signature.municipality, context)
                let started = Date()
                let counts = try await BIExport.write(municipalityID: municipalityID, key: key, to: url, on: app.db)
                try await AuditStore.record(AuditEntry(occurredAt: app.openvum.now(), municipalityID: municipalityID, userID: nil, unitID: nil, action: "export.bi",
                                                       objectType: "export", criteria: "bi files=\(counts.count) rows=\(counts.values.reduce(0, +))", channel: "cli"),
                                            on: app.db)
                for (file, n) in counts.sorted(by: { $0.key < $1.key }) { context.console.print("\(file): \(n) rækker") }
                context.console.print(String(format: "BI-data skrevet til %@ på %.1f s (skema %@).", out, Date().timeIntervalSince(started), BIExport.version))
            } catch let error as DomainError {
                context.console.error(error.title + ": " + error.detail)
                throw ExitCode(1)
            }
        }
    }

    /// The folder of `--out`: named, and new or empty (nothing is overwritten).
    static func emptyFolder(_ out: String?, _ context: CommandContext) throws -> (String, URL) {
        guard let out, !out.isEmpty else {
            context.console.error("Angiv mappen med --out MAPPE.")
            throw ExitCode(1)
        }
        let url = URL(fileURLWithPath: out)
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: url.path), !existing.isEmpty {
            context.console.error("Mappen \(out) er ikke tom; vælg en ny eller tom mappe (intet overskrives).")
            throw ExitCode(1)
        }
        return (out, url)
    }

    /// The municipality of `--municipality`, or the only one.
    static func municipality(_ code: String?, _ context: CommandContext) async throws -> UUID {
        do {
            return try await OrganisationStore.municipality(code: code, createWithName: nil, on: context.application.db)
        } catch OrganisationStore.MunicipalityLookupError.notOne(let count) {
            context.console.error("Angiv kommunen med --municipality KODE (der er \(count) kommuner).")
            throw ExitCode(1)
        } catch OrganisationStore.MunicipalityLookupError.unknownCode(let code) {
            context.console.error("Kommune \(code) findes ikke.")
            throw ExitCode(1)
        }
    }
}

/// The one way the BI dataset is made, for the command and the administrator's API.
enum BIExportRun {
    /// The pseudonyms' key from the configuration; a Danish refusal when production has none.
    static func key(_ config: AppConfig) throws -> SymmetricKey {
        guard let secret = config.biKey else {
            throw DomainError(.conflict, code: "export.bi.key", title: "BI-nøglen er ikke sat",
                              detail: "Sæt OPENVUM_BI_KEY (mindst 32 tegn), før data kan eksporteres til BI.")
        }
        return SymmetricKey(data: Data(secret.utf8))
    }

    /// `GET /api/v1/exports/bi`: the administrator's municipality's dataset as one zip file, written to a temporary
    /// folder and streamed from disk, then removed.
    static func api(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let key = try key(req.openvum.config)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openvum-bi-\(UUID().uuidString)")
        let zip = folder.appendingPathExtension("zip")
        do {
            let counts = try await BIExport.write(municipalityID: p.municipalityID, key: key, to: folder, on: req.db)
            try FileManager.default.zipItem(at: folder, to: zip, shouldKeepParent: false)
            try? FileManager.default.removeItem(at: folder)
            try await req.audit(on: req.db, objectType: "export", criteria: "bi files=\(counts.count) rows=\(counts.values.reduce(0, +))")
        } catch {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: zip)
            throw error
        }
        let response = try await req.fileio.asyncStreamFile(at: zip.path, mediaType: HTTPMediaType(type: "application", subType: "zip")) { _ in
            try? FileManager.default.removeItem(at: zip)
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"openvum-bi-\(CalendarDate(req.openvum.now())).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
