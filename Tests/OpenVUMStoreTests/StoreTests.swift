import FluentKit
import NIOCore
import Foundation
import OpenVUMDomain
@testable import OpenVUMSeeding
@testable import OpenVUMStore
import SQLKit
import OpenVUMTestSupport
import Testing

@Suite("Store")
struct StoreTests {
    static let admin = Principal(
        userID: UUID(), municipalityID: DemoData.municipalityID, username: "admin", displayName: "A", role: .administrator,
        unitIDs: [DemoData.administrationID], citizenID: nil)
    static let caseworker = Principal(
        userID: UUID(), municipalityID: DemoData.municipalityID, username: "s", displayName: "S", role: .caseworker,
        unitIDs: [DemoData.teamHandicapID], citizenID: nil)

    @Test("the ledger's aggregated payments read back month by month, corrections negative, an item of another shape left out")
    func monthAmounts() {
        let read = EconomyStore.monthAmounts("2026-01:123400,2026-02:-5000,2026-03:0,2026-13:100,26-04:1,2026-05:,2026-06:1-2,2026-07:99")
        #expect(read.map { "\($0.0):\($0.1)" } == ["2026-01:123400", "2026-02:-5000", "2026-03:0", "2026-07:99"])
        #expect(EconomyStore.monthAmounts("").isEmpty)
    }

    @Test("demo seed creates one user per role, units and citizens", arguments: Engine.available)
    func demoSeed(engine: Engine) async throws {
        try await withStore(engine) { db in
            #expect(try await !DemoData.exists(on: db))
            try await DemoData.seed(passwordHash: "x", on: db)
            #expect(try await DemoData.exists(on: db))
            let users = try await UserStore.list(municipalityID: DemoData.municipalityID, on: db)
            #expect(Set(users.map(\.role)) == Set(Role.allCases))
            #expect(users.allSatisfy { $0.isDemo })
            #expect(try await UserStore.demoUsersExist(on: db))
            let units = try await OrganisationStore.units(municipalityID: DemoData.municipalityID, on: db)
            #expect(units.filter { $0.kind == .authorityTeam }.count == 2)
            #expect(Set(units.compactMap(\.ownership)) == [.internal, .external])
            let borger = try #require(try await UserStore.find(username: "borger", on: db))
            #expect(borger.citizenID == DemoData.citizenIDs[0])
        }
    }

    @Test("keyset pagination visits every visible citizen once, in order, within scope", arguments: Engine.available)
    func keysetPagination(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            var seen: [CitizenRecord] = []
            var cursor: String?
            repeat {
                let page = try await CitizenStore.list(principal: Self.admin, after: cursor, limit: 2, audit: nil, on: db)
                #expect(page.items.count <= 2)
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == DemoData.citizens.count)
            #expect(Set(seen.map(\.id)).count == seen.count)
            #expect(seen.map(\.familyName) == seen.map(\.familyName).sorted())

            let own = try await CitizenStore.list(principal: Self.caseworker, after: nil, limit: 100, audit: nil, on: db)
            #expect(own.items.allSatisfy { $0.responsibleUnitID == DemoData.teamHandicapID })
            #expect(own.items.count == DemoData.citizens.filter { $0.unit == DemoData.teamHandicapID }.count)
            #expect(own.nextCursor == nil)

            await #expect(throws: DomainError.self) { try await CitizenStore.list(principal: Self.admin, after: "not a cursor", limit: 2, audit: nil, on: db) }
        }
    }

    @Test("a citizen outside the scope is not found", arguments: Engine.available)
    func scope(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            let other = DemoData.citizenIDs[3] // Team Socialpsykiatri
            #expect(try await CitizenStore.find(id: other, principal: Self.caseworker, on: db) == nil)
            #expect(try await CitizenStore.find(id: other, principal: Self.admin, on: db) != nil)
            let cpr = try CPRNumber(DemoData.citizens[3].cpr)
            #expect(try await CitizenStore.search(cpr: cpr, principal: Self.caseworker, on: db).isEmpty)
            #expect(try await CitizenStore.search(cpr: cpr, principal: Self.admin, on: db).count == 1)
        }
    }

    @Test("updates are refused on a stale version, atomically", arguments: Engine.available)
    func optimisticConcurrency(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            let id = DemoData.citizenIDs[1]
            let updated = try await CitizenStore.update(id: id, expectedVersion: 1, changes: .init(givenName: "Mads Peter"), principal: Self.caseworker, now: Date(), audit: nil, on: db)
            #expect(updated.version == 2)
            #expect(updated.givenName == "Mads Peter")
            await #expect(throws: DomainError.staleVersion) {
                try await CitizenStore.update(id: id, expectedVersion: 1, changes: .init(familyName: "X"), principal: Self.caseworker, now: Date(), audit: nil, on: db)
            }
            let now = try #require(try await CitizenStore.find(id: id, principal: Self.admin, on: db))
            #expect(now.familyName == "Mortensen")
            #expect(now.version == 2)
        }
    }

    @Test("a duplicate username or CPR is refused and leaves nothing", arguments: Engine.available)
    func duplicates(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            let before = try await UserStore.list(municipalityID: DemoData.municipalityID, on: db).count
            await #expect(throws: UserStore.duplicateUsername) {
                try await db.transaction { tx in
                    _ = try await UserStore.create(.init(municipalityID: DemoData.municipalityID, username: "admin", passwordHash: "x", displayName: "Y", role: .administrator, unitIDs: []), on: tx)
                }
            }
            #expect(try await UserStore.list(municipalityID: DemoData.municipalityID, on: db).count == before)
            await #expect(throws: CitizenStore.duplicateCPR) {
                try await CitizenStore.create(
                    .init(cpr: try CPRNumber(DemoData.citizens[0].cpr), givenName: "A", familyName: "B", responsibleUnitID: DemoData.teamHandicapID),
                    principal: Self.caseworker, now: Date(), audit: nil, on: db)
            }
        }
    }

    @Test("the audit log is append-only, newest first, and purgeable", arguments: Engine.available)
    func auditLog(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            let old = Date(timeIntervalSinceNow: -400 * 86400)
            for (i, t) in [old, Date(timeIntervalSinceNow: -10), Date()].enumerated() {
                try await AuditStore.record(
                    AuditEntry(occurredAt: t, municipalityID: DemoData.municipalityID, userID: nil, unitID: nil, action: "test.\(i)",
                               criteria: "cpr=1205781234"), on: db)
            }
            let page = try await AuditStore.list(municipalityID: DemoData.municipalityID, after: nil, limit: 2, audit: nil, on: db)
            #expect(page.items.map(\.action) == ["test.2", "test.1"])
            #expect(page.items[0].criteria == "cpr=120578-****")
            let rest = try await AuditStore.list(municipalityID: DemoData.municipalityID, after: page.nextCursor, limit: 2, audit: nil, on: db)
            #expect(rest.items.map(\.action) == ["test.0"])
            #expect(rest.nextCursor == nil)

            let sql = db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_log SET action = 'tampered'").run()
            }
            #expect(try await AuditStore.count(action: "tampered", on: db) == 0)

            let purged = try await AuditStore.purge(before: auditPurgeCutoff(now: Date(), months: 6), on: db)
            #expect(purged == 1)
            #expect(try await AuditStore.count(on: db) == 2)
        }
    }
}

@Suite("Bulk loading")
struct BulkLoadingTests {
    @Test("COPY timestamps and escaping")
    func copyFormat() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in ["2026-03-02T10:00:00.000Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.123Z", "1958-07-31T12:34:56.500Z", "2000-12-31T00:00:01.000Z"] {
            let date = iso.date(from: text)!
            let expected = text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            #expect(BulkValue.utcTimestamp(date).hasPrefix(String(expected.prefix(23))), "\(text) → \(BulkValue.utcTimestamp(date))")
            #expect(BulkValue.utcTimestamp(date).hasSuffix("+00"))
        }
        var buffer = ByteBuffer()
        BulkValue.text("a\tb\\c\nd\re").writeCopy(into: &buffer)
        BulkValue.null.writeCopy(into: &buffer)
        #expect(buffer.readString(length: buffer.readableBytes) == "a\\tb\\\\c\\nd\\re\\N")
    }
}
