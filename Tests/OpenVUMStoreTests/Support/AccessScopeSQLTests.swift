import FluentKit
import Foundation
import OpenVUMDomain
@testable import OpenVUMStore
import OpenVUMTestSupport
import SQLKit
import Testing

/// The one access-scope rule (`AccessScope.condition`), per engine and per kind of scope, over both tables
/// that use it today. The fixture is built by hand so that each way a team reaches a citizen is present once.
@Suite("Access scope as SQL")
struct AccessScopeSQLTests {
    // Municipality A with teams H and P; municipality B with team X.
    static let munA = UUID(), munB = UUID()
    static let teamH = UUID(), teamP = UUID(), teamX = UUID()
    // c1: H is responsible. c2: P responsible, case at H. c3: P responsible, H registered it (team access).
    // c4: P only. c5: municipality B.
    static let c1 = UUID(), c2 = UUID(), c3 = UUID(), c4 = UUID(), c5 = UUID()
    // Cases: k2 (c2 at H), k4 (c4 at P), k5 (c5 at X).
    static let k2 = UUID(), k4 = UUID(), k5 = UUID()

    static func fixture(_ db: any Database) async throws {
        try await OrganisationStore.insertMunicipality(id: munA, code: "0001", name: "A", on: db)
        try await OrganisationStore.insertMunicipality(id: munB, code: "0002", name: "B", on: db)
        for (id, mun, name) in [(teamH, munA, "H"), (teamP, munA, "P"), (teamX, munB, "X")] {
            try await OrganisationStore.insertUnit(id: id, municipalityID: mun, kind: .authorityTeam, name: name, on: db)
        }
        for (id, mun, cpr, unit) in [(c1, munA, "0101010001", teamH), (c2, munA, "0101010002", teamP), (c3, munA, "0101010003", teamP),
                                     (c4, munA, "0101010004", teamP), (c5, munB, "0101010005", teamX)] {
            try await CitizenStore.insert(id: id, municipalityID: mun, cpr: cpr, givenName: "G", familyName: "F", responsibleUnitID: unit, on: db)
        }
        try await db.sql.raw("""
            INSERT INTO citizen_team_access (id, citizen_id, unit_id, granted_at) VALUES (\(bind: UUID()), \(bind: c3), \(bind: teamH), \(bind: Date()))
            """).run()
        for (id, mun, citizen, unit) in [(k2, munA, c2, teamH), (k4, munA, c4, teamP), (k5, munB, c5, teamX)] {
            try await db.sql.raw("""
                INSERT INTO cases (id, municipality_id, citizen_id, responsible_unit_id, phase, opened_on, document, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: mun), \(bind: citizen), \(bind: unit), 'opening', '2026-01-01', '{}', 1, \(bind: Date()), \(bind: Date()))
                """).run()
        }
    }

    static func principal(_ role: Role, municipality: UUID = munA, units: Set<UUID> = [], citizen: UUID? = nil) -> Principal {
        Principal(userID: UUID(), municipalityID: municipality, username: "u", displayName: "U", role: role, unitIDs: units, citizenID: citizen)
    }

    /// The ids of the rows of `table` the principal sees; nil when the rule says "nothing at all".
    static func visible(_ p: Principal, _ table: ScopedTable, from name: String, on db: any Database) async throws -> Set<UUID>? {
        guard let condition = AccessScope.condition(p, over: table) else { return nil }
        let rows = try await db.sql.raw("SELECT \(ident: table.alias).id FROM \(ident: name) \(ident: table.alias) WHERE \(condition)").all()
        return Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
    }

    @Test("municipality, units, citizen and nothing, over citizens and cases", arguments: Engine.available)
    func everyKindOfScope(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await Self.fixture(db)
            let admin = Self.principal(.administrator)
            let teamH = Self.principal(.caseworker, units: [Self.teamH])
            let teamsHP = Self.principal(.teamLeader, units: [Self.teamH, Self.teamP])
            let citizen2 = Self.principal(.citizen, citizen: Self.c2)
            let economy = Self.principal(.economyConsultant, units: [Self.teamH])
            let otherAdmin = Self.principal(.administrator, municipality: Self.munB)

            // Citizens: responsible team, a case at the team, or the team's own registration.
            #expect(try await Self.visible(admin, .citizens(), from: "citizens", on: db) == [Self.c1, Self.c2, Self.c3, Self.c4])
            #expect(try await Self.visible(teamH, .citizens(), from: "citizens", on: db) == [Self.c1, Self.c2, Self.c3])
            #expect(try await Self.visible(teamsHP, .citizens(), from: "citizens", on: db) == [Self.c1, Self.c2, Self.c3, Self.c4])
            #expect(try await Self.visible(citizen2, .citizens(), from: "citizens", on: db) == [Self.c2])
            #expect(try await Self.visible(otherAdmin, .citizens(), from: "citizens", on: db) == [Self.c5])
            #expect(try await Self.visible(economy, .citizens(), from: "citizens", on: db) == nil)

            // Cases: only the responsible team (a team reaching the citizen another way does not see the case).
            #expect(try await Self.visible(admin, .cases(), from: "cases", on: db) == [Self.k2, Self.k4])
            #expect(try await Self.visible(teamH, .cases(), from: "cases", on: db) == [Self.k2])
            #expect(try await Self.visible(Self.principal(.caseworker, units: [Self.teamP]), .cases(), from: "cases", on: db) == [Self.k4])
            #expect(try await Self.visible(citizen2, .cases(), from: "cases", on: db) == [Self.k2])
            #expect(try await Self.visible(otherAdmin, .cases(), from: "cases", on: db) == [Self.k5])
            #expect(try await Self.visible(economy, .cases(), from: "cases", on: db) == nil)

            // A principal of one municipality never sees another's rows, even naming the other's team.
            let foreignTeam = Self.principal(.caseworker, units: [Self.teamX])
            #expect(try await Self.visible(foreignTeam, .citizens(), from: "citizens", on: db) == [])
            #expect(try await Self.visible(foreignTeam, .cases(), from: "cases", on: db) == [])
        }
    }
}
