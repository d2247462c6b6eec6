import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// Danmarks Statistik's monthly extract (issue 16 item 5) on both engines, over an imported history: made by the worker
/// once the month is over, made again, approved (only the latest version, once), sent through the outbox exactly as
/// approved; the counts per paragraph worked out in the test from the case projection, not by the code under test.
@Suite("DST: the monthly extract, its validation report, approval and sending")
struct DSTStatisticsTests {
    @Test("the worker makes last month's extract; the administrator makes it again, approves the latest version (not an older one, not twice) and it goes to the receiver as approved; the counts per paragraph match the grants running in the month; a month not over is refused; the caseworker has no way in",
          arguments: Engine.available)
    func monthlyExtract(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin"), caseworker = try await app.token("sagsbehandler")
            let (data, _) = try await HistoryImportTests.file(app, citizens: 8, seed: 5)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            let today = CalendarDate(app.openvum.now())
            let month = DSTExtract.Month(containing: today).previous

            // Worked out here: granted interventions under a reported paragraph whose period touches the month.
            let reported = ["82a", "82b", "85", "95", "96", "97", "98", "102", "103", "104", "107", "108"]
            var expected: [String: Int] = [:]
            for r in try await app.sql.raw("""
                SELECT paragraph, decided_on, delivery_start_on, expected_start_on, ended_on, expected_end_on, no_end_date FROM case_interventions
                WHERE status = 'granted' AND municipality_id = \(bind: DemoData.municipalityID)
                """).all() {
                guard let paragraph = try r.decode(column: "paragraph", as: String?.self), paragraph.hasPrefix("SEL § "),
                      reported.contains(String(paragraph.dropFirst(6))) else { continue }
                let start = try r.decode(column: "delivery_start_on", as: String?.self) ?? r.decode(column: "expected_start_on", as: String?.self)
                    ?? r.decode(column: "decided_on", as: String?.self)
                let end = try r.decode(column: "ended_on", as: String?.self)
                    ?? (try r.decode(column: "no_end_date", as: Bool.self) ? nil : r.decode(column: "expected_end_on", as: String?.self))
                guard let start, start <= month.last.description, end.map({ $0 >= month.first.description }) ?? true else { continue }
                expected[String(paragraph.dropFirst(6)), default: 0] += 1
            }
            try #require(!expected.isEmpty, "the imported history has services running last month")

            // Nobody has made it yet; switched on, the worker does.
            var list = try await app.send(.GET, "/api/v1/statistics/dst", token: admin).json()["months"] as? [[String: Any]] ?? []
            #expect(list.count == 12 && list.first?["month"] as? String == month.description && list.first?["state"] as? String == "notGenerated")
            #expect(list.first?["deadline"] as? String == month.deadline.description)
            #expect(try await OutboxWorker.statistics(app) == 0)
            let on = try await app.send(.PUT, "/api/v1/receivers/dst", token: admin, json: #"{"transport":"local","enabled":true}"#)
            try #require(on.status == .ok)
            #expect(try await OutboxWorker.statistics(app) == 1)
            #expect(try await OutboxWorker.statistics(app) == 0)
            var extract = try await app.send(.GET, "/api/v1/statistics/dst/\(month)", token: admin).json()
            #expect(extract["version"] as? Int == 1 && extract["state"] as? String == "awaitingApproval")
            var counted: [String: Int] = [:]
            for c in extract["counts"] as? [[String: Any]] ?? [] {
                let type = (c["serviceType"] as? String ?? "").replacingOccurrences(of: "-ABL105", with: "")
                counted[type, default: 0] += c["services"] as? Int ?? 0
            }
            #expect(counted == expected)
            #expect(extract["services"] as? Int == expected.values.reduce(0, +))

            // Made again, then approved: only the latest version, once.
            let again = try await app.send(.POST, "/api/v1/statistics/dst/\(month)", token: admin)
            let againVersion = try again.json()["version"] as? Int
            #expect(again.status == .created && againVersion == 2)
            let old = try await app.send(.POST, "/api/v1/statistics/dst/\(month)/approve", token: admin, json: #"{"version":1}"#)
            #expect(old.status == .conflict && old.body.string.contains("dst.not-awaiting-approval"))
            #expect(try await app.send(.POST, "/api/v1/statistics/dst/\(month)/approve", token: admin, json: "{}").status == .unprocessableEntity)
            let approved = try await app.send(.POST, "/api/v1/statistics/dst/\(month)/approve", token: admin, json: #"{"version":2}"#)
            extract = try approved.json()
            #expect(approved.status == .ok && extract["state"] as? String == "approved" && extract["approvedAt"] is String)
            #expect(try await app.send(.POST, "/api/v1/statistics/dst/\(month)/approve", token: admin, json: #"{"version":2}"#).status == .conflict)
            let refused = try await app.send(.POST, "/api/v1/statistics/dst/\(month)", token: admin)
            #expect(refused.status == .conflict && refused.body.string.contains("dst.approved"))
            let current = try await app.send(.POST, "/api/v1/statistics/dst/\(DSTExtract.Month(containing: today))", token: admin)
            #expect(current.status == .conflict && current.body.string.contains("dst.month-not-over"))
            #expect(try await app.send(.GET, "/api/v1/statistics/dst/2026-13", token: admin).status == .notFound)

            // Sent as approved: the local receiver gets the extract once, with every service and the approval.
            try await OutboxWorker.drain(app)
            let received = try await LocalReceiverStore.all(municipalityID: DemoData.municipalityID, receiver: .statistics, on: app.db)
            try #require(received.count == 1)
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(received[0].payload.utf8)) as? [String: Any])
            #expect(payload["periode"] as? String == month.description && payload["godkendt"] is String && payload["kommune"] as? String == "999")
            #expect((payload["ydelser"] as? [[String: Any]])?.count == expected.values.reduce(0, +))
            list = try await app.send(.GET, "/api/v1/statistics/dst", token: admin).json()["months"] as? [[String: Any]] ?? []
            #expect(list.first?["state"] as? String == "approved" && list.first?["version"] as? Int == 2)

            // The administrator's pages; the caseworker has no way in.
            let web = try await WebSessionClient.login(app, "admin")
            let page = try await web.get(app, "/admin/statistik").body.string
            #expect(page.contains(month.danishName) && page.contains("Godkendt og sendt"))
            let monthPage = try await web.get(app, "/admin/statistik/\(month)").body.string
            #expect(monthPage.contains("Valideringsrapport") && monthPage.contains("Ydelser pr. paragraf") && !monthPage.contains("Godkend version"))
            #expect(try await app.send(.GET, "/api/v1/statistics/dst", token: caseworker).status == .forbidden)
        }
    }
}
