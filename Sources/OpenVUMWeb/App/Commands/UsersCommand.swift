import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

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
            } catch OrganisationStore.MunicipalityLookupError.unknownCode(let code) {
                context.console.error("Kommune \(code) findes ikke; angiv --municipality-name for at oprette den.")
                throw ExitCode(1)
            } catch OrganisationStore.MunicipalityLookupError.notOne(let count) {
                context.console.error("Angiv kommunen med --municipality KODE (der er \(count) kommuner).")
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
                let user = try await UserAdministration.create(
                    username: signature.username, password: password, displayName: signature.displayName, role: signature.role,
                    unitIDs: unitIDs, municipalityID: municipalityID,
                    audit: { id in
                        AuditEntry(occurredAt: app.openvum.now(), municipalityID: municipalityID, userID: nil, unitID: nil, action: "user.create",
                                   objectType: "user", objectID: id.uuidString, criteria: "username=\(signature.username ?? "") via command line",
                                   channel: "cli")
                    }, app: app)
                context.console.print("Created \(user.username) (\(user.role.danishName)), id \(user.id.uuidString.lowercased())")
            } catch let error as DomainError {
                context.console.error(error.title)
                for e in error.fieldErrors { context.console.error("  \(e.field): \(e.message)") }
                throw ExitCode(1)
            }
        }
    }
}
