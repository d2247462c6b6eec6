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
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
}

/// Ends a command with an exit status after it has printed its own message.
public struct ExitCode: Error {
    public var code: Int32
    init(_ code: Int32) { self.code = code }
}
