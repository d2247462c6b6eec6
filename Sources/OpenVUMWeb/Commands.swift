import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The `openvum` subcommands besides Vapor's `serve`: `migrate`, `seed --demo`, `users create`, `audit purge`.
func registerCommands(_ app: Application) {
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(TerminologyCommand(), as: "terminology")
    app.asyncCommands.use(RemindersCommand(), as: "reminders")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
}

/// `openvum terminology import <dir>`: loads ffb.json and kle.json (the shared terminology format), versioned.
struct TerminologyCommand: AsyncCommandGroup {
    var help: String { "Terminologies (FFB, KLE)" }
    var commands: [String: any AnyAsyncCommand] { ["import": Import()] }

    struct Import: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "directory", help: "Folder with ffb.json and/or kle.json") var directory: String
        }
        var help: String { "Import FFB and KLE from a folder" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrateIfEmbedded()
            do {
                let results = try await TerminologyStore.importDirectory(URL(fileURLWithPath: signature.directory), on: app.db)
                for r in results {
                    context.console.print("\(r.system.rawValue.uppercased()) \(r.version): \(r.conceptCount) begreber\(r.imported ? " importeret" : " (findes allerede; gjort aktiv)")")
                }
                app.openvum.terminology.invalidate()
            } catch let error as TerminologyStore.ImportError {
                context.console.error(error.description)
                throw ExitCode(1)
            }
        }
    }
}

/// `openvum reminders run`: generates reminders for deadlines within each municipality's lead time
/// (the server also does this every `OPENVUM_REMINDER_INTERVAL_SECONDS`).
struct RemindersCommand: AsyncCommandGroup {
    var help: String { "Deadline reminders" }
    var commands: [String: any AnyAsyncCommand] { ["run": Run()] }

    struct Run: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Generate reminders now" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let now = app.openvum.now()
            let n = try await ReminderStore.generate(today: CalendarDate(now), now: now, on: app.db)
            context.console.print("Oprettede \(n) påmindelse(r).")
        }
    }
}

/// `openvum migrate`: applies pending migrations, non-interactively.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Apply pending database migrations" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.migrator.setupIfNeeded().get()
        let pending = try await app.migrator.previewPrepareBatch().get()
        if pending.isEmpty {
            context.console.print("No pending migrations.")
            return
        }
        try await app.autoMigrate()
        context.console.print("Applied \(pending.count) migration(s): \(pending.map { $0.0.name }.joined(separator: ", "))")
    }
}

/// `openvum seed --demo`: creates the demo municipality (never in production).
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "demo", help: "Seed the demo municipality with one user per role")
        var demo: Bool
        @Option(name: "scale", help: "Generate this many realistic cases for several municipalities (benchmarks)")
        var scale: Int?
        @Option(name: "seed", help: "Random seed for --scale (the same seed makes the same data)")
        var seed: Int?
        @Option(name: "municipalities", help: "Number of municipalities for --scale")
        var municipalities: Int?
    }
    var help: String { "Seed data (--demo: the demo municipality; --scale N: generated cases for benchmarks)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard signature.demo || signature.scale != nil else {
            context.console.error("Say what to seed: openvum seed --demo, or openvum seed --scale N [--seed S]")
            throw ExitCode(1)
        }
        try await app.autoMigrate()
        if signature.demo { try await seedDemo(app) }
        if let n = signature.scale {
            guard n > 0, n <= 20_000_000 else {
                context.console.error("--scale skal være mellem 1 og 20.000.000")
                throw ExitCode(1)
            }
            guard app.openvum.config.mode != .production else {
                context.console.error("Genererede data oprettes aldrig i produktion.")
                throw ExitCode(1)
            }
            try await ensureDemoTerminology(app)
            let t = try await app.openvum.terminology.current(on: app.db)
            let hash = try Bcrypt.hash(app.openvum.config.demoPassword, cost: app.openvum.config.bcryptCost)
            let started = Date()
            let summary = try await ScaleSeeder.run(
                .init(cases: n, seed: UInt64(signature.seed ?? 1), municipalities: signature.municipalities, today: CalendarDate(app.openvum.now()), passwordHash: hash),
                terminology: t, on: app.db) { done, total in
                    print("  \(done * 100 / total)% (\(done) af \(total) sager) efter \(Int(Date().timeIntervalSince(started))) s")
                }
            context.console.print("Genereret: \(summary.cases) sager, \(summary.citizens) borgere, \(summary.municipalities) kommuner, \(summary.caseworkers) sagsbehandlere, \(summary.rows) rækker på \(Int(Date().timeIntervalSince(started))) s. Logins: m1-t1-sagsbehandler-1, m1-t1-teamleder, m1-admin (adgangskode som demo).")
        }
    }
}

/// `openvum users create --username … --display-name … --role … [--unit ID] [--municipality CODE --municipality-name NAME]`.
/// The password is read from the environment variable `OPENVUM_NEW_USER_PASSWORD`, or else from the first line of standard input.
struct UsersCommand: AsyncCommandGroup {
    var help: String { "Manage user accounts" }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUser()] }

    struct CreateUser: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "Login name (a–z, digits, . - _)") var username: String?
            @Option(name: "display-name", help: "The person's name") var displayName: String?
            @Option(name: "role", help: "caseworker, teamLeader, economyConsultant, providerStaff, providerLeader or administrator") var role: String?
            @Option(name: "unit", help: "Id of an organisation unit (may be given once)") var unit: String?
            @Option(name: "municipality", help: "Municipality code; created if missing (needs --municipality-name)") var municipality: String?
            @Option(name: "municipality-name", help: "Name of the municipality when it is created") var municipalityName: String?
        }
        var help: String { "Create a user account" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            var password = ProcessInfo.processInfo.environment["OPENVUM_NEW_USER_PASSWORD"] ?? ""
            if password.isEmpty { password = readLine(strippingNewline: true) ?? "" }
            let municipalityID: UUID
            do {
                municipalityID = try await OrganisationStore.municipality(
                    code: signature.municipality, createWithName: signature.municipalityName, on: app.db)
            } catch let error as DomainError {
                context.console.error(error.detail)
                throw ExitCode(1)
            }
            var unitIDs: [UUID] = []
            if let raw = signature.unit {
                guard let id = UUID(uuidString: raw) else {
                    context.console.error("--unit skal være et id (UUID)")
                    throw ExitCode(1)
                }
                unitIDs = [id]
            }
            do {
                guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
                    throw DomainError.validation([FieldError(field: "role", message: "Ukendt rolle: \(signature.role ?? "(ingen)")")])
                }
                try AccountRules.validateNewUser(
                    username: signature.username ?? "", password: password, displayName: signature.displayName ?? "",
                    role: role, unitCount: unitIDs.count)
                let hash = try Bcrypt.hash(password, cost: app.openvum.config.bcryptCost)
                let units = unitIDs
                let user = try await app.db.transaction { tx in
                    let user = try await UserStore.create(
                        .init(municipalityID: municipalityID, username: signature.username!, passwordHash: hash,
                              displayName: signature.displayName!, role: role, unitIDs: units), on: tx)
                    try await AuditStore.record(
                        AuditEntry(occurredAt: Date(), municipalityID: municipalityID, userID: nil, unitID: nil, action: "user.create",
                                   objectType: "user", objectID: user.id.uuidString, criteria: "username=\(user.username) via command line",
                                   channel: "cli"), on: tx)
                    return user
                }
                context.console.print("Created \(user.username) (\(user.role.danishName)), id \(user.id.uuidString.lowercased())")
            } catch let error as DomainError {
                context.console.error(error.title)
                for e in error.fieldErrors { context.console.error("  \(e.field): \(e.message)") }
                throw ExitCode(1)
            }
        }
    }
}

/// `openvum audit purge`: deletes audit rows older than the retention period (`OPENVUM_AUDIT_RETENTION_MONTHS`).
struct AuditCommand: AsyncCommandGroup {
    var help: String { "Audit log maintenance" }
    var commands: [String: any AnyAsyncCommand] { ["purge": Purge()] }

    struct Purge: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Delete audit rows older than the retention period" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let cutoff = auditPurgeCutoff(now: app.openvum.now(), months: app.openvum.config.auditRetentionMonths)
            let n = try await AuditStore.purge(before: cutoff, on: app.db)
            context.console.print("Deleted \(n) audit row(s) older than \(ISO8601DateFormatter().string(from: cutoff)).")
        }
    }
}

/// Ends a command with an exit status after it has printed its own message.
public struct ExitCode: Error {
    public var code: Int32
    init(_ code: Int32) { self.code = code }
}
