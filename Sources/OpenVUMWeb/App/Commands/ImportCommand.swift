import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
import Vapor

/// `openvum import history FILE [--dry-run] [--municipality CODE] [--as USERNAME]`: replays a municipality's
/// case history (`spec/case-history-format.md`); `openvum import payments FILE [--dry-run] …` reads the finance
/// system's payment file (docs/payments.md); `openvum generate history --citizens N [--seed S]
/// [--reference YYYY-MM-DD] [--profile standard|demo] --out FILE` writes one.
struct ImportCommand: AsyncCommandGroup {
    var help: String { "Import existing cases, or the finance system's payments" }
    var commands: [String: any AnyAsyncCommand] { ["history": History(), "payments": Payments()] }

    /// An import's failure on the console in Danish, and exit code 1 (an exit code already chosen passes through).
    static func report(_ error: any Error, _ context: CommandContext) throws -> Never {
        switch error {
        case let error as DomainError:
            context.console.error(error.title + ": " + error.detail)
            for e in error.fieldErrors { context.console.error("  \(e.field): \(e.message)") }
        case OrganisationStore.MunicipalityLookupError.notOne(let count):
            context.console.error("Angiv kommunen med --municipality KODE (der er \(count) kommuner).")
        case OrganisationStore.MunicipalityLookupError.unknownCode(let code):
            context.console.error("Kommune \(code) findes ikke.")
        default:
            throw error
        }
        throw ExitCode(1)
    }

    struct Payments: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "A payment file (CSV, docs/payments.md)") var file: String
            @Flag(name: "dry-run", help: "Report what would change; change nothing") var dryRun: Bool
            @Option(name: "municipality", help: "The municipality's code (when there are several)") var municipality: String?
            @Option(name: "as", help: "The economy consultant or administrator the import is done as (default: the municipality's first administrator)") var asUser: String?
        }
        var help: String { "Import a payment file: every line checked, nothing stored if one is wrong, a voucher already imported left as it is" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrateIfEmbedded()
            guard let bytes = FileManager.default.contents(atPath: signature.file) else {
                context.console.error("Filen \(signature.file) kan ikke læses.")
                throw ExitCode(1)
            }
            do {
                let municipalityID = try await OrganisationStore.municipality(code: signature.municipality, createWithName: nil, on: app.db)
                let principal = try await PaymentImport.importer(municipalityID: municipalityID, username: signature.asUser, on: app.db)
                let report = try await PaymentImport.run(try PaymentImport.utf8(bytes), principal: principal, dryRun: signature.dryRun, db: app.db,
                                                         transactions: app.openvum.transactions, now: app.openvum.now()) { criteria in
                    AuditEntry(occurredAt: app.openvum.now(), municipalityID: municipalityID, userID: principal.userID, unitID: principal.primaryUnitID,
                               action: "payment.import", objectType: "payment", criteria: criteria, channel: "cli")
                }
                context.console.print(PaymentImport.summary(report))
                if !report.errors.isEmpty { throw ExitCode(2) }
            } catch {
                try ImportCommand.report(error, context)
            }
        }
    }

    struct History: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "A case-history file (JSON)") var file: String
            @Flag(name: "dry-run", help: "Report what would change; change nothing") var dryRun: Bool
            @Option(name: "municipality", help: "The municipality's code (when there are several)") var municipality: String?
            @Option(name: "as", help: "The administrator the import is done as (default: the municipality's first)") var asUser: String?
        }
        var help: String { "Import a case-history file: organisation and every citizen's events, through the case rules" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrateIfEmbedded()
            try await ensureDemoTerminology(app)
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: signature.file)) } catch {
                context.console.error("Filen \(signature.file) kan ikke læses.")
                throw ExitCode(1)
            }
            do {
                let municipalityID = try await OrganisationStore.municipality(code: signature.municipality, createWithName: nil, on: app.db)
                let principal = try await HistoryImport.administrator(municipalityID: municipalityID, username: signature.asUser, on: app.db)
                let started = Date()
                let report = try await HistoryImport.run(data, municipalityID: municipalityID, principal: principal, dryRun: signature.dryRun, app: app) { done, total in
                    if done == total || done % 25 == 0 { print("  \(done) af \(total) borgere efter \(Int(Date().timeIntervalSince(started))) s") }
                }
                context.console.print(HistoryImport.summary(report))
                if !report.refused.isEmpty { throw ExitCode(2) }
            } catch {
                try ImportCommand.report(error, context)
            }
        }
    }
}

struct GenerateCommand: AsyncCommandGroup {
    var help: String { "Generate test data files" }
    var commands: [String: any AnyAsyncCommand] { ["history": History()] }

    struct History: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "citizens", help: "Number of citizens (default 300)") var citizens: Int?
            @Option(name: "seed", help: "Random seed (the same seed makes the same file)") var seed: Int?
            @Option(name: "reference", help: "Reference date YYYY-MM-DD (default today)") var reference: String?
            @Option(name: "profile", help: "standard (Ådal) or demo (the demo municipality's organisation)") var profile: String?
            @Option(name: "out", help: "Where to write the file") var out: String?
        }
        var help: String { "Write a deterministic case-history file (spec/case-history-format.md)" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrateIfEmbedded()
            try await ensureDemoTerminology(app)
            guard let out = signature.out else {
                context.console.error("Angiv --out FIL")
                throw ExitCode(1)
            }
            guard let r = signature.reference.map({ CalendarDate($0) }) ?? CalendarDate(app.openvum.now()) else {
                context.console.error("--reference skal være en dato ÅÅÅÅ-MM-DD")
                throw ExitCode(1)
            }
            let t = try await app.openvum.terminology.current(on: app.db)
            let file = HistoryGenerator.generate(citizens: signature.citizens ?? 300, seed: UInt64(signature.seed ?? 1), referenceDate: r,
                                                 profile: signature.profile == "demo" ? HistoryGenerator.demo : HistoryGenerator.standard, terminology: t)
            try JSONSerialization.data(withJSONObject: file, options: [.sortedKeys, .prettyPrinted]).write(to: URL(fileURLWithPath: out))
            context.console.print("Skrev \(out)")
        }
    }
}
