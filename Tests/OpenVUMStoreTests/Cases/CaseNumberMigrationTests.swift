import FluentKit
import Foundation
import OpenVUMDomain
@testable import OpenVUMSeeding
@testable import OpenVUMStore
import OpenVUMTestSupport
import SQLKit
import Testing

@Suite("Migration 011: case numbers for the cases that exist")
struct CaseNumberMigrationTests {
    static func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test("existing cases are numbered per municipality and year in the order they were opened; their paragraphs are derived; numbering goes on after them",
          arguments: Engine.available)
    func backfill(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            _ = try await TerminologyStore.importBuiltInDemoSubset(now: Date(), on: db)
            let t = try await TerminologyStore.loadActive(on: db)
            let user = try #require(try await UserStore.find(username: "sagsbehandler", on: db))
            let p = try #require(try await UserStore.principal(userID: user.id, on: db))
            func open(_ citizen: Int, _ iso: String, applied: [String]? = nil) async throws -> CaseRecord {
                try await CaseStore.create(.init(citizenID: DemoData.citizenIDs[citizen], origin: .inquiry, paragraphsAppliedFor: applied),
                                           principal: p, now: Self.at(iso), terminology: t, audit: nil, on: db)
            }
            // Created in this order; opened in another.
            let may = try await open(0, "2026-05-01T09:00:00Z", applied: ["SEL § 85"])
            let march = try await open(1, "2026-03-01T09:00:00Z")
            let december = try await open(2, "2025-12-31T09:00:00Z", applied: ["SEL § 107", "SEL § 85"])
            #expect([may.caseNumber, march.caseNumber, december.caseNumber] == ["2026-00001", "2026-00002", "2025-00001"])

            // As before migration 011, then migrated again.
            try await M011CaseNumbers().revert(on: db)
            try await M011CaseNumbers().prepare(on: db)
            func stored(_ c: CaseRecord) async throws -> CaseRecord { try #require(try await CaseStore.find(id: c.id, principal: p, on: db)) }
            #expect(try await stored(march).caseNumber == "2026-00001")
            #expect(try await stored(may).caseNumber == "2026-00002")
            #expect(try await stored(december).caseNumber == "2025-00001")
            #expect(try await stored(may).paragraphs == "SEL § 85")
            #expect(try await stored(march).paragraphs == nil)
            #expect(try await stored(december).paragraphs == "SEL § 107, SEL § 85")
            // The next case of 2026 follows the numbered ones.
            let next = try await open(5, "2026-06-01T09:00:00Z")
            #expect(next.caseNumber == "2026-00003")
            // Two cases never share a number in a municipality.
            await #expect(throws: (any Error).self) {
                try await db.sql.raw("UPDATE cases SET case_number = '2026-00001' WHERE id = \(bind: may.id)").run()
            }
        }
    }
}
