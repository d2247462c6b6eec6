import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

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
