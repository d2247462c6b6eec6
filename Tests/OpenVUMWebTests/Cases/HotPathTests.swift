import Foundation
import OpenVUMDomain
import OpenVUMSeeding
@testable import OpenVUMStore
@testable import OpenVUMWeb
import SQLKit
import OpenVUMTestSupport
import Testing
import VaporTesting

/// The hot read paths (docs/benchmarks.md): lists whose JSON the database builds, and reads that write
/// their audit row in the same statement. Each is checked against the plain Swift path on generated data.
@Suite("Hot paths")
struct HotPathTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 1)!

    static func principal(_ app: Application, _ username: String) async throws -> Principal {
        let user = try #require(try await UserStore.find(username: username, on: app.db))
        return try #require(try await UserStore.principal(userID: user.id, on: app.db))
    }

    static func entry(_ p: Principal, action: String = "test.read") -> AuditEntry {
        AuditEntry(occurredAt: Date(), municipalityID: p.municipalityID, userID: p.userID, unitID: p.primaryUnitID, action: action, channel: "api")
    }

    /// The API's case summary, decoded strictly (a boolean written as 0/1 or an id as a number fails).
    struct Summary: Decodable, Equatable {
        var id: UUID
        var citizenId: UUID
        var citizenName: String
        var responsibleUnitId: UUID
        var caseworkerId: UUID?
        var phase: CasePhase
        var openedOn: String
        var nextDeadlineOn: String?
        var nextDeadlineKind: String?
        var overdue: Bool
        var version: Int

        init(_ s: CaseSummary) {
            id = s.id
            citizenId = s.citizenID
            citizenName = s.citizenName
            responsibleUnitId = s.responsibleUnitID
            caseworkerId = s.caseworkerID
            phase = s.phase
            openedOn = s.openedOn
            nextDeadlineOn = s.nextDeadlineOn
            nextDeadlineKind = s.nextDeadlineKind
            overdue = s.nextDeadlineOn.map { $0 < HotPathTests.today.description } ?? false
            version = s.version
        }
    }

    struct ListPage: Decodable {
        var items: [Summary]
        var nextCursor: String?
    }

    struct Deadline: Decodable, Equatable {
        var kind: String
        var dueOn: String
        var label: String
        var overdue: Bool
    }

    struct WorklistPage: Decodable {
        struct Item: Decodable {
            var `case`: Summary
            var deadlines: [Deadline]
        }
        var items: [Item]
        var nextCursor: String?
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    @Test("the database's list JSON equals the typed list, page by page, with the same cursors and one audit row per page",
          arguments: Engine.available)
    func listJSON(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            _ = try await ScaleSeederTests.generate(app, cases: 400, seed: 3)
            for username in ["m1-admin", "m1-t1-sagsbehandler-1"] {
                let p = try await Self.principal(app, username)
                for filter in [CaseStore.ListFilter(openOnly: true), CaseStore.ListFilter(phase: .followUp), CaseStore.ListFilter()] {
                    var cursor: String?
                    var pages = 0
                    repeat {
                        let before = try await AuditStore.count(action: "test.list", on: app.db)
                        let typed = try await CaseStore.list(principal: p, filter: filter, after: cursor, limit: 25, on: app.db)
                        let json = try Self.decode(ListPage.self, try await CaseStore.listJSON(
                            principal: p, filter: filter, after: cursor, limit: 25, today: Self.today, audit: Self.entry(p, action: "test.list"), on: app.db))
                        #expect(try await AuditStore.count(action: "test.list", on: app.db) == before + 1)
                        #expect(json.items == typed.items.map(Summary.init))
                        #expect(json.nextCursor == typed.nextCursor)
                        cursor = typed.nextCursor
                        pages += 1
                    } while cursor != nil
                    #expect(pages >= 1)
                }
            }
        }
    }

    @Test("the database's worklist JSON equals the typed worklist, deadlines included", arguments: Engine.available)
    func worklistJSON(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            _ = try await ScaleSeederTests.generate(app, cases: 400, seed: 5)
            let p = try await Self.principal(app, "m1-t1-sagsbehandler-1")
            let typed = try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 100, on: app.db)
            #expect(!typed.isEmpty)
            #expect(typed.contains { $0.deadlines.count > 1 })
            let plain = try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 100, withDeadlines: false, on: app.db)
            #expect(plain.map(\.summary) == typed.map(\.summary))
            #expect(plain.allSatisfy { $0.deadlines.isEmpty })
            let json = try Self.decode(WorklistPage.self, try await CaseStore.worklistJSON(
                caseworkerID: p.userID, principal: p, limit: 100, today: Self.today, audit: Self.entry(p, action: "test.worklist"), on: app.db))
            #expect(json.items.count == typed.count)
            #expect(json.nextCursor == nil)
            for (item, entry) in zip(json.items, typed) {
                #expect(item.case == Summary(entry.summary))
                #expect(item.deadlines == entry.deadlines.map {
                    Deadline(kind: $0.kind.rawValue, dueOn: $0.dueOn.description, label: $0.label, overdue: $0.isOverdue(today: Self.today))
                })
            }
            // Nearest deadline first, cases without one last.
            let dates = typed.map { $0.summary.nextDeadlineOn ?? "9999" }
            #expect(dates == dates.sorted())
            #expect(try await AuditStore.count(action: "test.worklist", on: app.db) == 1)
        }
    }

    struct CaseloadEntry: Decodable, Equatable {
        var caseworkerId: UUID?
        var caseworkerName: String?
        var openCases: Int
        var overdueCases: Int
    }

    struct CaseloadPage: Decodable {
        var items: [CaseloadEntry]
        var nextCursor: String?
    }

    @Test("the database's team overview JSON equals the typed caseload: same rows, same order, unassigned cases and namesakes included",
          arguments: Engine.available)
    func caseloadJSON(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            _ = try await ScaleSeederTests.generate(app, cases: 400, seed: 7)
            let admin = try await Self.principal(app, "m1-admin")
            let m = admin.municipalityID
            // An open case without a caseworker, and two caseworkers with the same name.
            try await app.sql.raw("""
                UPDATE cases SET caseworker_id = NULL
                WHERE id = (SELECT id FROM cases WHERE municipality_id = \(bind: m) AND phase <> 'closed' ORDER BY id LIMIT 1)
                """).run()
            try await app.sql.raw("UPDATE users SET display_name = 'Samme Navn' WHERE username IN ('m1-t1-sagsbehandler-1', 'm1-t2-sagsbehandler-1')").run()
            let typed = try await CaseStore.caseload(principal: admin, today: Self.today, on: app.db)
            let json = try Self.decode(CaseloadPage.self, try await CaseStore.caseloadJSON(principal: admin, today: Self.today, on: app.db))
            #expect(json.nextCursor == nil)
            #expect(json.items == typed.map {
                CaseloadEntry(caseworkerId: $0.caseworkerID, caseworkerName: $0.caseworkerName, openCases: $0.openCases, overdueCases: $0.overdueCases)
            })
            #expect(typed.count > 3)
            #expect(typed.last?.caseworkerID == nil && typed.last?.openCases == 1, "the unassigned cases come last")
            #expect(typed.filter { $0.caseworkerName == "Samme Navn" }.count == 2)
            #expect(typed.contains { $0.overdueCases > 0 })
            let open = try await app.sql.raw("SELECT COUNT(*) AS n FROM cases WHERE municipality_id = \(bind: m) AND phase <> 'closed'").first()!.decode(column: "n", as: Int.self)
            #expect(typed.map(\.openCases).reduce(0, +) == open)
            // A caseworker of the same municipality oversees only their own team.
            let cw = try await Self.principal(app, "m1-t1-sagsbehandler-1")
            let own = try await CaseStore.caseload(principal: cw, today: Self.today, on: app.db)
            #expect(!own.isEmpty && own.count < typed.count)
            var noUnits = cw
            noUnits.unitIDs = []
            #expect(try await CaseStore.caseloadJSON(principal: noUnits, today: Self.today, on: app.db) == #"{"items":[],"nextCursor":null}"#)
        }
    }

    @Test("PostgreSQL estimates a unit's open cases from the unit, not from unit and municipality as if independent (M007)",
          .enabled(if: Engine.postgresAvailable, "needs PostgreSQL (OPENVUM_TEST_POSTGRES_URL)"))
    func scopeStatistics() async throws {
        try await withTestApp(.postgres) { app in
            let t = try await app.openvum.terminology.current(on: app.db)
            _ = try await ScaleSeeder.run(.init(cases: 1_600, seed: 11, municipalities: 8, today: Self.today, passwordHash: try Bcrypt.hash("demo", cost: 4)),
                                          terminology: t, on: app.db) { _, _ in }
            try await app.sql.raw("ANALYZE cases").run()
            let row = try #require(try await app.sql.raw("""
                SELECT municipality_id, responsible_unit_id, COUNT(*) AS n FROM cases WHERE phase <> 'closed'
                GROUP BY municipality_id, responsible_unit_id ORDER BY COUNT(*) DESC LIMIT 1
                """).first())
            let m = try row.decode(column: "municipality_id", as: UUID.self)
            let unit = try row.decode(column: "responsible_unit_id", as: UUID.self)
            let actual = try row.decode(column: "n", as: Int.self)
            let plan = try #require(try await app.sql.raw("""
                EXPLAIN (FORMAT JSON) SELECT c.id FROM cases c
                WHERE c.municipality_id = \(literal: m.uuidString) AND c.responsible_unit_id IN (\(literal: unit.uuidString)) AND c.phase <> 'closed'
                """).first()).decode(column: "QUERY PLAN", as: String.self)
            let top = try #require((try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [[String: Any]])?.first?["Plan"] as? [String: Any])
            let estimate = try #require(top["Plan Rows"] as? Int)
            // Without the statistics the estimate is about actual / 8 (eight municipalities).
            #expect(estimate * 2 >= actual && estimate <= actual * 2, "estimated \(estimate) rows for a unit's \(actual) open cases")
        }
    }

    @Test("a read writes its audit row in the same statement: the object when found, nothing when out of scope; a search always",
          arguments: Engine.available)
    func auditedReads(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            _ = try await ScaleSeederTests.generate(app, cases: 200, seed: 9)
            let cw = try await Self.principal(app, "m1-t1-sagsbehandler-1")
            let admin = try await Self.principal(app, "m1-admin")
            let own = try #require(try await CaseStore.worklist(caseworkerID: cw.userID, principal: cw, limit: 1, on: app.db).first).summary
            let outside = try #require(try await CaseStore.list(principal: admin, filter: .init(), after: nil, limit: 400, on: app.db).items
                .first { !cw.unitIDs.contains($0.responsibleUnitID) })

            let found = try #require(try await CaseStore.read(id: own.id, principal: cw, audit: Self.entry(cw, action: "test.case"), on: app.db))
            #expect(found.id == own.id)
            #expect(try await CaseStore.read(id: outside.id, principal: cw, audit: Self.entry(cw, action: "test.case"), on: app.db) == nil)
            let rows = try await AuditStore.list(municipalityID: cw.municipalityID, filter: .init(action: "test.case"), after: nil, limit: 10, audit: nil, on: app.db).items
            #expect(rows.count == 1)
            #expect(rows.first?.objectID == own.id.uuidString)
            #expect(rows.first?.citizenID == own.citizenID)

            let citizen = try #require(try await CitizenStore.find(id: own.citizenID, principal: cw, on: app.db))
            let hit = try await CitizenStore.search(cpr: try CPRNumber(citizen.cpr), principal: cw, audit: Self.entry(cw, action: "test.search"), on: app.db)
            #expect(hit.map(\.id) == [citizen.id])
            let outsideCitizen = try #require(try await CitizenStore.find(id: outside.citizenID, principal: admin, on: app.db))
            let miss = try await CitizenStore.search(cpr: try CPRNumber(outsideCitizen.cpr), principal: cw, audit: Self.entry(cw, action: "test.search"), on: app.db)
            #expect(miss.isEmpty)
            let searches = try await AuditStore.list(municipalityID: cw.municipalityID, filter: .init(action: "test.search"), after: nil, limit: 10, audit: nil, on: app.db).items
            #expect(searches.count == 2)
            #expect(Set(searches.map { $0.citizenID }) == [citizen.id, nil])
        }
    }

    static func count(_ app: Application, _ table: String, caseID: UUID? = nil) async throws -> Int {
        let condition: SQLQueryString = caseID.map { "WHERE case_id = \(bind: $0)" } ?? ""
        return try await app.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) \(condition)").first()!.decode(column: "n", as: Int.self)
    }

    @Test("a case is created with its inquiry, history, deadlines and audit row in one write; a refused create writes nothing",
          arguments: Engine.available)
    func createInOneWrite(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let cw = try await Self.principal(app, "sagsbehandler")
            let citizen = DemoData.citizenIDs[1]
            // An inquiry registered before any case: the new case takes it over (ID 21 counts both).
            try await app.sql.raw("""
                INSERT INTO case_inquiries (id, municipality_id, citizen_id, case_id, received_on, inquirer, created_at)
                VALUES (\(bind: UUID()), \(bind: DemoData.municipalityID), \(bind: citizen), NULL, '2026-10-01', 'relative', \(bind: Date()))
                """).run()
            let t = try await app.openvum.terminology.current(on: app.db)
            let tables = ["cases", "case_inquiries", "case_transitions", "case_national_states", "case_deadlines", "audit_log"]
            var before: [Int] = []
            for table in tables { before.append(try await Self.count(app, table)) }

            let c = try await CaseStore.create(.init(citizenID: citizen, origin: .inquiry, inquirer: .citizen), principal: cw, now: Date(),
                                               terminology: t, audit: Self.entry(cw, action: "test.create"), on: app.db)
            #expect(c.document.opening.inquiryCount == 2)
            #expect(c.caseworkerID == cw.userID)
            let stored = try #require(try await CaseStore.find(id: c.id, principal: cw, on: app.db))
            #expect(stored.document == c.document)
            #expect([stored.phase.rawValue, stored.openedOn.description, stored.nextDeadlineOn?.description, stored.nextDeadlineKind]
                    == [c.phase.rawValue, c.openedOn.description, c.nextDeadlineOn?.description, c.nextDeadlineKind])
            #expect(try await Self.count(app, "case_inquiries", caseID: c.id) == 2)
            #expect(try await Self.count(app, "case_transitions", caseID: c.id) == 1)
            #expect(try await Self.count(app, "case_national_states", caseID: c.id) == 1)
            let deadlines = try #require(try await CaseStore.deadlines(caseIDs: [c.id], on: app.db)[c.id])
            #expect(deadlines.first?.dueOn == c.nextDeadlineOn)
            let audit = try await AuditStore.list(municipalityID: cw.municipalityID, filter: .init(action: "test.create"), after: nil, limit: 5, audit: nil, on: app.db).items
            #expect(audit.map(\.objectID) == [c.id.uuidString])
            #expect(audit.first?.citizenID == citizen)

            // Refused: a caseworker who is not in the team, and a citizen outside the scope.
            var after: [Int] = []
            for table in tables { after.append(try await Self.count(app, table)) }
            await #expect(throws: DomainError.self) {
                try await CaseStore.create(.init(citizenID: citizen, origin: .inquiry, caseworkerID: UUID()), principal: cw, now: Date(), terminology: t,
                                           audit: Self.entry(cw, action: "test.create"), on: app.db)
            }
            await #expect(throws: DomainError.self) {
                try await CaseStore.create(.init(citizenID: DemoData.citizenIDs[3], origin: .inquiry), principal: cw, now: Date(), terminology: t,
                                           audit: Self.entry(cw, action: "test.create"), on: app.db)
            }
            var final: [Int] = []
            for table in tables { final.append(try await Self.count(app, table)) }
            #expect(final == after)
            #expect(zip(after, before).map { $0 - $1 } == [1, 1, 1, 1, deadlines.count, 1])
        }
    }

    @Test("concurrent audited reads and read-then-write transactions all succeed (SQLite refuses a lock upgrade at once)",
          arguments: Engine.available)
    func concurrency(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let cw = try await Self.principal(app, "sagsbehandler")
            let context = app.openvum
            let before = try await AuditStore.count(action: "test.concurrent", on: app.db)
            let cases = try await CaseStore.list(principal: cw, filter: .init(), after: nil, limit: 10, on: app.db).items
            let caseID = try #require(cases.first).id
            // Three waves of 16 at once (as the benchmark's 16 connections): enough to collide on SQLite's
            // pooled connections (one per core) every time — without the retry it fails each time — and few enough
            // that no request waits out the pool's 10 s timeout while the rest of the suite loads the machine.
            for _ in 0..<3 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0..<16 {
                        group.addTask {
                            let db = app.db
                            if i % 2 == 0 {
                                _ = try await CaseStore.read(id: caseID, principal: cw, audit: Self.entry(cw, action: "test.concurrent"), on: db)
                            } else {
                                try await context.transactions.write(on: db) { tx in
                                    _ = try await CaseStore.find(id: caseID, principal: cw, on: tx)
                                    try await AuditStore.record(Self.entry(cw, action: "test.concurrent"), on: tx)
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(try await AuditStore.count(action: "test.concurrent", on: app.db) == before + 48)
        }
    }
}
