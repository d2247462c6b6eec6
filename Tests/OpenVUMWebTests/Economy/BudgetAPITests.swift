import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

@Suite("The budget through the API: lines set with versions, followed up against spend and expected outturn")
struct BudgetAPITests {
    static let r = HistoryImportTests.reference

    @Test("set a line (201, then 428 without If-Match, 200 with it, 412 when stale); the follow-up: payments of the year to date, the projection for the rest of it, the deviation",
          arguments: Engine.available)
    func budget(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let economy = try await app.token("oekonomi"), leader = try await app.token("teamleder"), caseworker = try await app.token("sagsbehandler")
            let (data, _) = try await HistoryImportTests.file(app, citizens: 40, seed: 23)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            let line = #"{"year":2026,"account":"5.38.50","unitId":null,"originalOre":4000000000,"correctedOre":null}"#
            var res = try await app.send(.PUT, "/api/v1/budgets", token: economy, json: line)
            #expect(res.status == .created && res.headers.first(name: .eTag) == "\"1\"", "\(res.body.string)")
            res = try await app.send(.PUT, "/api/v1/budgets", token: economy, json: line)
            #expect(res.status == .preconditionRequired)
            let corrected = #"{"year":2026,"account":"5.38.50","unitId":null,"originalOre":4000000000,"correctedOre":4500000000}"#
            res = try await app.send(.PUT, "/api/v1/budgets", token: economy, headers: ["If-Match": "\"1\""], json: corrected)
            let saved = try res.json()
            #expect(res.status == .ok && saved["correctedOre"] as? Int == 4_500_000_000 && saved["version"] as? Int == 2)
            res = try await app.send(.PUT, "/api/v1/budgets", token: economy, headers: ["If-Match": "\"1\""], json: corrected)
            #expect(res.status == .preconditionFailed)
            // Bad lines are Danish problems at their fields; only the economy roles set the budget.
            res = try await app.send(.PUT, "/api/v1/budgets", token: economy, json: #"{"year":2026,"account":"konto","originalOre":-5}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("kontonummer som 5.38.50") && res.body.string.contains("originalOre"))
            res = try await app.send(.PUT, "/api/v1/budgets", token: economy,
                                     json: #"{"year":2026,"account":"5.38.38","unitId":"\#(DemoData.internalHousingSupportID)","originalOre":1}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("myndighedsteams"))
            #expect(try await app.send(.PUT, "/api/v1/budgets", token: leader, json: line).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/budgets?year=2026", token: caseworker).status == .forbidden)

            res = try await app.send(.GET, "/api/v1/budgets?year=2026&date=\(Self.r)", token: economy)
            #expect(res.status == .ok)
            let items = try #require(try res.json()["items"] as? [[String: Any]])
            let row = try #require(items.first { $0["account"] as? String == "5.38.50" && $0["unitId"] is NSNull })
            // Spent: the payments of 2026's service months booked by R, summed here in SQL.
            let spent = try await app.sql.raw("""
                SELECT CAST(COALESCE(SUM(amount_ore), 0) AS BIGINT) AS s FROM payments WHERE account = '5.38.50' AND service_month LIKE '2026-%' AND booked_on <= \(bind: Self.r.description)
                """).first()!.decode(column: "s", as: Int.self)
            #expect(spent > 0 && row["spentOre"] as? Int == spent)
            // The rest of the year: the account's projection for November and December (t2.projection.by_account_month).
            let figures = try await app.send(.GET, "/api/v1/figures?ids=t2.projection.by_account_month&date=\(Self.r)", token: economy).json()
            let months = try #require(((figures["figures"] as? [String: Any])?["t2.projection.by_account_month"] as? [String: Any])?["5.38.50"] as? [String: Int])
            let rest = (months["2026-11"] ?? 0) + (months["2026-12"] ?? 0)
            #expect(row["projectedRestOre"] as? Int == rest && row["expectedOutturnOre"] as? Int == spent + rest)
            #expect(row["budgetOre"] as? Int == 4_500_000_000 && row["deviationOre"] as? Int == spent + rest - 4_500_000_000)
            #expect(row["id"] is String && row["version"] as? Int == 2)
            // Every account spent on is listed, with a budget of 0 when it has none.
            let accounts = try await app.sql.raw("SELECT DISTINCT account FROM payments WHERE service_month LIKE '2026-%' AND booked_on <= \(bind: Self.r.description)").all()
                .map { try $0.decode(column: "account", as: String.self) }
            #expect(Set(accounts).isSubset(of: Set(items.compactMap { $0["account"] as? String })))
            #expect(items.filter { $0["account"] as? String != "5.38.50" }.allSatisfy { $0["budgetOre"] as? Int == 0 && $0["id"] is NSNull })
            let answer = try res.json()
            let total = try #require(answer["total"] as? [String: Any])
            #expect(total["spentOre"] as? Int == items.compactMap { $0["spentOre"] as? Int }.reduce(0, +))
            // A team leader sees the lines of their teams only: not the municipality's line.
            let theirs = try #require(try await app.send(.GET, "/api/v1/budgets?year=2026&date=\(Self.r)", token: leader).json()["items"] as? [[String: Any]])
            #expect(!theirs.contains { $0["id"] is String })
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'budget.save'").first()!.decode(column: "n", as: Int.self)
            #expect(audited == 2)
        }
    }
}
