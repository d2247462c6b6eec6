import FluentKit
import Foundation
import Logging
import OpenVUMDomain
@testable import OpenVUMSeeding
@testable import OpenVUMStore
import OpenVUMTestSupport
import Testing

/// The final SQL text of each hot statement, per engine, as the driver sends it: a changed query shows in the
/// diff of `Tests/__Snapshots__/sql-<engine>-<name>.sql`. Binds are placeholders, so the text is stable.
@Suite("Hot SQL snapshots")
struct HotSQLSnapshotTests {
    /// Collects the statements the drivers log ("Executing query", at debug level).
    final class Capture: LogHandler, @unchecked Sendable {
        private let lock = NSLock()
        private var captured: [String] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "Executing query", case .string(let sql)? = event.metadata?["sql"] else { return }
            lock.withLock { captured.append(sql) }
        }

        /// The statements logged by `work`.
        func statements(_ work: () async throws -> Void) async rethrows -> String {
            lock.withLock { captured = [] }
            try await work()
            return lock.withLock { captured.joined(separator: "\n;\n") } + "\n"
        }
    }

    static let today = CalendarDate(year: 2026, month: 3, day: 2)!

    static func entry(_ p: Principal) -> AuditEntry {
        AuditEntry(occurredAt: Date(), municipalityID: p.municipalityID, userID: p.userID, unitID: nil, action: "test.read", channel: "api")
    }

    @Test("case list, worklist, caseload, case read, citizen search and list, audit log", arguments: Engine.available)
    func hotStatements(engine: Engine) async throws {
        let capture = Capture()
        try await withStore(engine, logger: Logger(label: "test.sql") { _ in capture }) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            func principal(_ username: String) async throws -> Principal {
                let user = try #require(try await UserStore.find(username: username, on: db))
                return try #require(try await UserStore.principal(userID: user.id, on: db))
            }
            let caseworker = try await principal("sagsbehandler"), leader = try await principal("teamleder")
            let cpr = try CPRNumber(DemoData.citizens[0].cpr)
            let caseID = UUID()

            let statements: [(String, String)] = [
                ("case-list", try await capture.statements {
                    _ = try await CaseStore.listJSON(principal: caseworker, filter: .init(openOnly: true), after: nil, limit: 50, today: Self.today,
                                                     audit: Self.entry(caseworker), on: db)
                }),
                ("worklist", try await capture.statements {
                    _ = try await CaseStore.worklistJSON(caseworkerID: caseworker.userID, principal: caseworker, limit: 100, today: Self.today,
                                                         audit: Self.entry(caseworker), on: db)
                }),
                ("caseload", try await capture.statements {
                    _ = try await CaseStore.caseloadJSON(principal: leader, today: Self.today, on: db)
                }),
                ("case-read", try await capture.statements {
                    _ = try await CaseStore.read(id: caseID, principal: caseworker, audit: Self.entry(caseworker), on: db)
                }),
                ("citizen-search", try await capture.statements {
                    _ = try await CitizenStore.search(cpr: cpr, principal: caseworker, audit: Self.entry(caseworker), on: db)
                }),
                ("citizen-list", try await capture.statements {
                    _ = try await CitizenStore.list(principal: caseworker, after: nil, limit: 50, audit: Self.entry(caseworker), on: db)
                }),
                ("audit-list", try await capture.statements {
                    _ = try await AuditStore.list(municipalityID: caseworker.municipalityID, after: nil, limit: 100, audit: Self.entry(caseworker), on: db)
                }),
            ]
            for (name, text) in statements {
                #expect(text.count > 10, "\(name): no statement captured")
                Snapshot.expect(text, named: "sql-\(engine.rawValue)-\(name).sql")
            }
        }
    }
}
