import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

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
