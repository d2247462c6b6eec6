import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
import Vapor

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
        if signature.demo {
            try await seedDemo(app)
            try await seedDemoHistory(app)
        }
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
            context.console.print("Genereret: \(summary.cases) sager, \(summary.citizens) borgere, \(summary.municipalities) kommuner, \(summary.caseworkers) sagsbehandlere, \(summary.rows) rækker på \(Int(Date().timeIntervalSince(started))) s. Logins: m1-t1-sagsbehandler-1, m1-t1-teamleder, m1-admin, m1-udfoerer (adgangskode som demo).")
        }
    }
}
