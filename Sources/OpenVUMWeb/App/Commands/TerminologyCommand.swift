import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

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
                let results = try await TerminologyStore.importDirectory(URL(fileURLWithPath: signature.directory), now: app.openvum.now(), on: app.db)
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
