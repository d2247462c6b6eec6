import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// `openvum import history`: replays a case-history file (`spec/case-history-format.md`) through the same
/// store functions and domain rules as the API, each event on its own date. Per citizen all or nothing; a
/// second import of the same file changes nothing (every object and event keeps its key in `import_keys`).
public enum HistoryImporter {
    public struct Options: Sendable {
        public var dryRun: Bool
        /// Called after each citizen with (done, total).
        public var progress: (@Sendable (Int, Int) -> Void)?
        /// The audit rows' channel (`cli`, `api`).
        public var channel: String
        public init(dryRun: Bool = false, channel: String = "cli", progress: (@Sendable (Int, Int) -> Void)? = nil) {
            self.dryRun = dryRun
            self.channel = channel
            self.progress = progress
        }
    }

    /// What an import did (or, in a dry run, would do).
    public struct Report: Codable, Sendable, Equatable {
        public struct Refusal: Codable, Sendable, Equatable {
            public var citizenId: String
            public var eventId: String?
            public var message: String
            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(citizenId, forKey: .citizenId)
                try c.encode(eventId, forKey: .eventId)
                try c.encode(message, forKey: .message)
            }
        }
        public var dryRun: Bool
        public var citizens = 0
        /// Citizens with at least one event applied, and those with nothing new.
        public var imported = 0
        public var unchanged = 0
        public var refused: [Refusal] = []
        /// Events applied and events skipped (types a later issue imports), by type.
        public var applied: [String: Int] = [:]
        public var skipped: [String: Int] = [:]
    }

    struct Refused: Error { var eventID: String?; var message: String }
    struct DryRunRollback: Error { var outcome: CitizenOutcome }
    struct CitizenOutcome: Sendable { var applied: [String: Int] = [:]; var skipped: [String: Int] = [:] }

    public static func run(
        _ file: CaseHistoryFile, municipalityID: UUID, importedBy principal: Principal, terminology: any TerminologyLookup, transactions: Transactions,
        options: Options = Options(), on db: any Database
    ) async throws -> Report {
        guard CaseHistoryFile.formats.contains(file.format), file.formatVersion == 1 else {
            throw DomainError.validation([FieldError(field: "format", message: "Filen er ikke en sagshistorik i version 1 (format \"\(file.format)\", version \(file.formatVersion)).")])
        }
        guard principal.role == .administrator, principal.municipalityID == municipalityID else { throw DomainError.forbidden }
        var report = Report(dryRun: options.dryRun)
        // A real import sets up the organisation once; a dry run, inside each citizen's rolled-back transaction.
        let saved: Organisation.Map? = options.dryRun ? nil
            : try await transactions.write(on: db) { tx in try await Organisation.ensure(file, municipalityID: municipalityID, principal: principal, on: tx) }
        let total = file.citizens.count
        for (n, citizen) in file.citizens.enumerated() {
            report.citizens += 1
            do {
                let outcome: CitizenOutcome
                do {
                    outcome = try await transactions.write(on: db) { tx in
                        let org: Organisation.Map
                        if let saved { org = saved } else { org = try await Organisation.ensure(file, municipalityID: municipalityID, principal: principal, on: tx) }
                        let result = try await CaseIndexStore.deferring(on: tx) {
                            try await Replay.citizen(citizen, file: file, org: org, principal: principal, terminology: terminology,
                                                     channel: options.channel, on: tx)
                        }
                        if options.dryRun { throw DryRunRollback(outcome: result) }
                        return result
                    }
                } catch let rollback as DryRunRollback {
                    outcome = rollback.outcome
                }
                if outcome.applied.isEmpty { report.unchanged += 1 } else { report.imported += 1 }
                report.applied.merge(outcome.applied, uniquingKeysWith: +)
                report.skipped.merge(outcome.skipped, uniquingKeysWith: +)
            } catch let refused as Refused {
                report.refused.append(.init(citizenId: citizen.citizenId, eventId: refused.eventID, message: refused.message))
            }
            options.progress?(n + 1, total)
        }
        return report
    }
}

/// The organisation of the file in OpenVUM: teams, caseworkers, providers and offers by their keys (found by
/// key, then by name or username, else created), and the municipality's local deadlines.
enum Organisation {
    struct Map: Sendable {
        var teams: [String: UUID] = [:]
        var caseworkers: [String: (user: UUID, team: UUID)] = [:]
        var providers: [String: UUID] = [:]
        var offers: [String: UUID] = [:]
    }

    static func ensure(_ file: CaseHistoryFile, municipalityID: UUID, principal: Principal, on db: any Database) async throws -> Map {
        var map = Map()
        let units = try await OrganisationStore.units(municipalityID: municipalityID, on: db)
        func unit(kind: UnitKind, key: String, name: String, ownership: ProviderOwnership? = nil, parent: UUID? = nil) async throws -> UUID {
            if let id = try await ImportKeys.find(municipalityID, kind.rawValue, key, on: db) { return id }
            let id = units.first { $0.kind == kind && $0.name == name && ($0.parentID == parent || parent == nil) }?.id ?? UUID()
            if !units.contains(where: { $0.id == id }) {
                try await OrganisationStore.insertUnit(id: id, municipalityID: municipalityID, kind: kind, name: name, ownership: ownership, parentID: parent, on: db)
            }
            try await ImportKeys.record(municipalityID, kind.rawValue, key, id, on: db)
            return id
        }
        for team in file.municipality.teams { map.teams[team.id] = try await unit(kind: .authorityTeam, key: team.id, name: team.name) }
        for p in file.municipality.providers ?? [] {
            let provider = try await unit(kind: .provider, key: p.id, name: p.name, ownership: p.kind == "internal" ? .internal : .external)
            map.providers[p.id] = provider
            for o in p.offers {
                let offer = try await unit(kind: .offer, key: o.id, name: o.name, ownership: p.kind == "internal" ? .internal : .external, parent: provider)
                map.offers[o.id] = offer
                // The offer's payment details (IDs 69–71) into the provider register, when the file has them.
                let entry: OfferRegisterEntry
                do {
                    entry = try OfferRegisterEntry.validated(pNumber: o.pNumber ?? p.pNumber, ean: o.ean ?? p.ean, account: o.providerAccount ?? p.providerAccount)
                } catch {
                    throw DomainError.validation(error.fieldErrors.map { FieldError(field: "municipality.providers", message: "Tilbud \(o.id): \($0.message)") })
                }
                if !entry.isEmpty { try await OrganisationStore.setOfferRegister(unitID: offer, entry, on: db) }
            }
        }
        for cw in file.municipality.caseworkers {
            guard let team = map.teams[cw.teamId] else {
                throw DomainError.validation([FieldError(field: "municipality.caseworkers", message: "Sagsbehandler \(cw.id) hører til et ukendt team: \(cw.teamId).")])
            }
            if let id = try await ImportKeys.find(municipalityID, "caseworker", cw.id, on: db) {
                map.caseworkers[cw.id] = (id, team)
                continue
            }
            let username = cw.username ?? "import-\(file.municipality.code)-\(cw.id)".lowercased()
            let userID: UUID
            if let existing = try await UserStore.find(username: username, on: db) {
                guard existing.municipalityID == municipalityID else {
                    throw DomainError.validation([FieldError(field: "municipality.caseworkers", message: "Brugernavnet \(username) findes i en anden kommune.")])
                }
                userID = existing.id
                if try await !UserStore.unitIDs(userID: userID, on: db).contains(team) {
                    try await db.sql.insert(into: "user_units").columns("id", "user_id", "unit_id").values(SQLBind(UUID()), SQLBind(userID), SQLBind(team)).run()
                }
            } else {
                // An imported caseworker cannot log in until an administrator gives them a password or OIDC login.
                userID = try await UserStore.create(.init(municipalityID: municipalityID, username: username, passwordHash: "!imported", displayName: cw.name,
                                                          role: .caseworker, unitIDs: [team]), on: db).id
            }
            try await ImportKeys.record(municipalityID, "caseworker", cw.id, userID, on: db)
            map.caseworkers[cw.id] = (userID, team)
        }
        if let given = file.municipality.settings {
            let current = try await CaseStore.settings(municipalityID: municipalityID, on: db)
            var settings = current
            let days = (given.deadlinesDays ?? [:]).filter { DueKind(rawValue: $0.key) != nil && $0.key != DueKind.followUp.rawValue }
            settings.deadlineDays.merge(days) { _, new in new }
            if let hours = given.visitationCommitteeThresholdHoursPerWeek { settings.visitationCommitteeHoursPerWeek = hours }
            if settings != current {
                try settings.validate()
                _ = try await CaseStore.saveSettings(settings, municipalityID: municipalityID, on: db)
            }
        }
        return map
    }
}

/// The keys objects had in an imported history, per municipality.
enum ImportKeys {
    static func find(_ municipality: UUID, _ kind: String, _ key: String, on db: any Database) async throws -> UUID? {
        try await db.sql.raw("""
            SELECT internal_id FROM import_keys WHERE municipality_id = \(bind: municipality) AND kind = \(bind: kind) AND key = \(bind: key)
            """).first()?.decode(column: "internal_id", as: UUID.self)
    }

    static func record(_ municipality: UUID, _ kind: String, _ key: String, _ id: UUID, on db: any Database) async throws {
        try await db.sql.insert(into: "import_keys").columns("id", "municipality_id", "kind", "key", "internal_id", "created_at")
            .values(SQLBind(UUID()), SQLBind(municipality), SQLBind(kind), SQLBind(key), SQLBind(id), SQLBind(Date()))
            .run()
    }
}
