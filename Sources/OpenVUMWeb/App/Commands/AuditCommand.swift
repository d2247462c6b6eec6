import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

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
