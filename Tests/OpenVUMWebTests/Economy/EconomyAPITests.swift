import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

@Suite("The economy through the API: projection by month and group, watch lists, a case's economy, the follow-up scenario")
struct EconomyAPITests {
    static let r = HistoryImportTests.reference

    @Test("the projection per month agrees with t2.projection, every grant gets its case's target group on R, the costliest citizens are the largest sums of payments, a case's economy is audited",
          arguments: Engine.available)
    func economy(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let economy = try await app.token("oekonomi"), provider = try await app.token("udfoerer"), caseworker = try await app.token("sagsbehandler")
            let (data, file) = try await HistoryImportTests.file(app, citizens: 40, seed: 31)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            let q = "year=2026&date=\(Self.r)"

            // Per month from R's month to December next year; each month's total split by basis and by end date.
            var res = try await app.send(.GET, "/api/v1/economy/projection?\(q)&groupBy=targetGroup", token: economy)
            #expect(res.status == .ok, "\(res.body.string)")
            let projection = try res.json()
            let months = try #require(projection["months"] as? [[String: Any]])
            #expect(months.first?["month"] as? String == "2026-10" && months.last?["month"] as? String == "2027-12" && months.count == 15)
            for m in months {
                let total = m["totalOre"] as? Int ?? -1
                #expect(total == (m["actualBasisOre"] as? Int ?? 0) + (m["contractBasisOre"] as? Int ?? 0) + (m["expectedBasisOre"] as? Int ?? 0))
                #expect(total == (m["withEndDateOre"] as? Int ?? 0) + (m["withoutEndDateOre"] as? Int ?? 0))
            }
            // November and December are wholly unpaid on R: their totals are t2.projection's (checked against the file in FiguresAPITests).
            let figures = try await app.send(.GET, "/api/v1/figures?ids=t2.projection.by_account_month&date=\(Self.r)", token: economy).json()
            let byAccount = try #require((figures["figures"] as? [String: Any])?["t2.projection.by_account_month"] as? [String: [String: Int]])
            for month in ["2026-11", "2026-12", "2027-06"] {
                let expected = byAccount.values.map { $0[month] ?? 0 }.reduce(0, +)
                #expect(months.first { $0["month"] as? String == month }?["totalOre"] as? Int == expected, "\(month)")
            }
            // The groups share out the same projection.
            let groups = try #require(projection["groups"] as? [[String: Any]])
            let grouped = groups.map { ($0["restOfYearOre"] as? Int ?? 0) + ($0["nextYearOre"] as? Int ?? 0) }.reduce(0, +)
            #expect(grouped == months.map { $0["totalOre"] as? Int ?? 0 }.reduce(0, +))

            // Each case's primary target group on R, read here from the dated versions.
            var targetGroup: [String: String] = [:]
            for row in try await app.sql.raw("""
                SELECT case_id, value FROM case_fact_history WHERE fact = 'targetGroups' AND valid_from <= \(bind: Self.r.description) ORDER BY valid_from, recorded_at, id
                """).all() {
                let value = try #require(try row.decode(column: "value", as: String?.self))
                let json = try #require(try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])
                targetGroup[try row.decode(column: "case_id", as: UUID.self).uuidString] = (json["primary"] as? String) ?? (json["codes"] as? [String])?.first
            }
            #expect(!targetGroup.isEmpty)
            res = try await app.send(.GET, "/api/v1/economy/grants?\(q)", token: economy)
            let grants = try #require(try res.json()["items"] as? [[String: Any]])
            #expect(!grants.isEmpty)
            for g in grants {
                let caseID = try #require(g["caseId"] as? String)
                #expect((g["targetGroup"] as? String) == targetGroup[caseID.uppercased()], "\(caseID)")
            }
            let keys = Set(groups.compactMap { $0["key"] as? String }), codes = Set(grants.map { ($0["targetGroup"] as? String) ?? "none" })
            #expect(keys.isSubset(of: codes))

            // The costliest citizens of 2026 by payments: the largest sums, computed here in SQL.
            res = try await app.send(.GET, "/api/v1/economy/watch-lists?\(q)&thresholdOre=0", token: economy)
            #expect(res.status == .ok)
            let watch = try res.json()
            let sums = try await app.sql.raw("""
                SELECT c.citizen_id, CAST(SUM(p.amount_ore) AS BIGINT) AS s FROM payments p JOIN cases c ON c.id = p.case_id
                WHERE p.service_month LIKE '2026-%' AND p.booked_on <= \(bind: Self.r.description) GROUP BY c.citizen_id
                """).all().map { try $0.decode(column: "s", as: Int.self) }.filter { $0 != 0 }.sorted(by: >)
            let paid = try #require(watch["costliestPaid"] as? [[String: Any]])
            #expect(paid.map { $0["amountOre"] as? Int ?? 0 } == Array(sums.prefix(10)))
            #expect(paid.allSatisfy { ($0["name"] as? String)?.isEmpty == false && ($0["caseIds"] as? [String])?.isEmpty == false })
            let changes = try #require(watch["changes"] as? [String: Any])
            #expect(changes["month"] as? String == "2026-09" && changes["thresholdOre"] as? Int == 0)
            let changed = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT c.citizen_id, SUM(CASE WHEN p.service_month = '2026-09' THEN p.amount_ore ELSE -p.amount_ore END) AS d
                FROM payments p JOIN cases c ON c.id = p.case_id WHERE p.service_month IN ('2026-08', '2026-09') AND p.booked_on <= \(bind: Self.r.description)
                GROUP BY c.citizen_id) x WHERE d <> 0
                """).first()!.decode(column: "n", as: Int.self)
            #expect((changes["items"] as? [Any])?.count == changed)
            let drift = try #require(watch["driftByProvider"] as? [[String: Any]])
            #expect(drift.allSatisfy { ($0["driftOre"] as? Int) == ($0["contractOre"] as? Int ?? 0) - ($0["expectedOre"] as? Int ?? 0) })

            // One case's economy: every intervention recommended by R, and the read is in the audit log against the case.
            let some = try #require(grants.first?["caseId"] as? String)
            let recommended = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM case_interventions WHERE case_id = \(bind: UUID(uuidString: some)!) AND (recommended_on IS NULL OR recommended_on <= \(bind: Self.r.description))
                """).first()!.decode(column: "n", as: Int.self)
            res = try await app.send(.GET, "/api/v1/economy/grants?\(q)&caseId=\(some)", token: economy)
            let ofCase = try res.json()["items"] as? [Any]
            #expect(res.status == .ok && ofCase?.count == recommended)
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'economy.case' AND object_id = \(bind: some)").first()!.decode(column: "n", as: Int.self)
            #expect(audited == 1)
            #expect(try await app.send(.GET, "/api/v1/economy/grants?\(q)&caseId=\(UUID().uuidString)", token: economy).status == .notFound)

            // ID 38: every recommendation of the file that named alternatives gave its first intervention them; a case's
            // economy shows each with its price and the difference from the intervention's expected price.
            let events = (file["citizens"] as? [[String: Any]] ?? []).flatMap { (($0["case"] as? [String: Any])?["events"] as? [[String: Any]]) ?? [] }
            let named = events.filter { $0["type"] as? String == "recommendation" && ($0["alternativeInterventions"] as? [Any])?.isEmpty == false }
            let stored = try await app.sql.raw("SELECT id, case_id, alternatives, expected_price FROM case_interventions WHERE alternatives IS NOT NULL").all()
            #expect(!named.isEmpty && stored.count == named.count)
            let withAlternatives = try #require(stored.first)
            let caseOf = try withAlternatives.decode(column: "case_id", as: UUID.self).uuidString
            let listed = try #require(try await app.send(.GET, "/api/v1/economy/grants?\(q)&caseId=\(caseOf)", token: economy).json()["items"] as? [[String: Any]])
            let interventionID = try withAlternatives.decode(column: "id", as: UUID.self).uuidString
            let priced = try #require(listed.first { $0["interventionId"] as? String == interventionID })
            #expect((priced["alternatives"] as? [Any])?.isEmpty == false)
            let expectedPrice = try withAlternatives.decode(column: "expected_price", as: Int?.self)
            for a in priced["alternatives"] as? [[String: Any]] ?? [] {
                let price = a["expectedPriceOre"] as? Int
                #expect((a["description"] as? String)?.isEmpty == false)
                #expect(a["differenceOre"] as? Int == price.flatMap { p in expectedPrice.map { p - $0 } })
            }

            // The scenario: as it stands, a chosen grant's projection is its rest of 2026 and its 2027.
            let live = try #require(grants.first { g in
                (g["basis"] as? String) != nil && (g["nextFollowUp"] as? String).map { $0 > Self.r.description } == true
            })
            let id = try #require(live["interventionId"] as? String)
            res = try await app.send(.GET, "/api/v1/economy/scenarios/follow-up?date=\(Self.r)&interventionIds=\(id),\(UUID().uuidString)", token: economy)
            #expect(res.status == .ok, "\(res.body.string)")
            let scenario = try res.json()
            let rows = try #require(scenario["rows"] as? [[String: Any]])
            #expect(rows.count == 1 && rows.first?["interventionId"] as? String == id && rows.first?["nextFollowUp"] as? String == live["nextFollowUp"] as? String)
            let baseline = (live["projectedRestOfYearOre"] as? Int ?? 0) + (live["projectedNextYearOre"] as? Int ?? 0)
            #expect(scenario["baselineOre"] as? Int == baseline && scenario["through"] as? String == "2027-12")
            let cut = try #require(scenario["scenarioOre"] as? Int)
            #expect(cut <= baseline && scenario["savingOre"] as? Int == baseline - cut)

            // Bad input is a Danish problem; only the economy roles and team leaders see any of it.
            res = try await app.send(.GET, "/api/v1/economy/projection?groupBy=borger", token: economy)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Gruppér efter"))
            res = try await app.send(.GET, "/api/v1/economy/scenarios/follow-up?interventionIds=x", token: economy)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("interventionIds"))
            res = try await app.send(.GET, "/api/v1/economy/watch-lists?thresholdOre=-1", token: economy)
            #expect(res.status == .unprocessableEntity)
            for path in ["projection", "watch-lists", "grants", "scenarios/follow-up?interventionIds=\(id)"] {
                #expect(try await app.send(.GET, "/api/v1/economy/\(path)", token: provider).status == .forbidden, "\(path)")
                #expect(try await app.send(.GET, "/api/v1/economy/\(path)", token: caseworker).status == .forbidden, "\(path)")
            }
        }
    }

    @Test("kept figures: a payment written behind the server's back shows only when asked anew (fresh=true); one imported through it at once; a dry run changes nothing; past the bound the kept ones are answered, the page saying newer ones are being computed, and the next read has them")
    func kept() async throws {
        try await withTestApp(.sqlite) { app in
            app.openvum.economy = EconomySnapshots(ttl: 300)
            let economy = try await app.token("oekonomi")
            let (data, _) = try await HistoryImportTests.file(app, citizens: 20, seed: 33)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            // The sum of the costliest citizens' payments in 2026.
            func paid(_ query: String = "") async throws -> Int {
                let json = try await app.send(.GET, "/api/v1/economy/watch-lists?date=\(Self.r)\(query)", token: economy).json()
                #expect(json["computedAt"] is String)
                return (json["costliestPaid"] as? [[String: Any]] ?? []).map { $0["amountOre"] as? Int ?? 0 }.reduce(0, +)
            }
            let first = try await paid()
            let order = try #require(try await app.sql.raw("""
                SELECT o.id, o.case_id, o.intervention_id FROM orders o JOIN payments p ON p.order_id = o.id
                GROUP BY o.id, o.case_id, o.intervention_id ORDER BY SUM(p.amount_ore) DESC LIMIT 1
                """).first())
            let orderID = try order.decode(column: "id", as: UUID.self)
            // 1.000.000,00 kr. written straight into the database: the kept figures do not know it yet.
            try await app.sql.raw("""
                INSERT INTO payments (id, municipality_id, voucher_id, order_id, case_id, intervention_id, service_month, account, amount_ore, booked_on, source, version, recorded_at)
                VALUES (\(bind: UUID()), \(bind: DemoData.municipalityID), 'BEHIND-1', \(bind: orderID), \(bind: try order.decode(column: "case_id", as: UUID.self)),
                        \(bind: try order.decode(column: "intervention_id", as: UUID.self)), '2026-09', '5.38.50', 100000000, '2026-10-15', 'file', 1, \(bind: Date()))
                """).run()
            #expect(try await paid() == first)
            let anew = try await paid("&fresh=true")
            #expect(anew == first + 100_000_000)
            // Through the server: a dry run keeps them; an import drops them at once.
            let csv = "bilag;bestilling;ydelsesmåned;konto;beløb;bogføringsdato\nKEPT-1;\(orderID.uuidString);2026-08;5.38.50;1.000.000,00;15-09-2026\n"
            var res = try await app.send(.POST, "/api/v1/payments/import?dryRun=true", token: economy, headers: ["Content-Type": "text/csv"], text: csv)
            #expect(res.status == .ok)
            #expect(try await paid() == anew)
            res = try await app.send(.POST, "/api/v1/payments/import", token: economy, headers: ["Content-Type": "text/csv"], text: csv)
            #expect(res.status == .ok)
            #expect(try await paid() == anew + 100_000_000)

            // Past the 5 minutes, within the stale window: the kept figures are answered with their time while new ones
            // are computed in the background, and the page says so; the next read has the new ones.
            let t0 = Date()
            app.openvum.now = { t0 }
            app.openvum.economy = EconomySnapshots(ttl: 300, stale: 3_600)
            let before = try await paid()
            try await app.sql.raw("""
                INSERT INTO payments (id, municipality_id, voucher_id, order_id, case_id, intervention_id, service_month, account, amount_ore, booked_on, source, version, recorded_at)
                VALUES (\(bind: UUID()), \(bind: DemoData.municipalityID), 'BEHIND-2', \(bind: orderID), \(bind: try order.decode(column: "case_id", as: UUID.self)),
                        \(bind: try order.decode(column: "intervention_id", as: UUID.self)), '2026-07', '5.38.50', 50000000, '2026-10-15', 'file', 1, \(bind: Date()))
                """).run()
            app.openvum.now = { t0.addingTimeInterval(600) }
            var web = try await WebSessionClient.login(app, "oekonomi")
            let page = try await web.get(app, "/oekonomi?dato=\(Self.r)").body.string
            #expect(page.contains("Nyere tal er ved at blive beregnet"))
            #expect(page.contains("Tallene er beregnet \(DanishDate.string(t0))"))
            await app.openvum.economy.settled()
            #expect(try await paid() == before + 50_000_000)
            let after = try await web.get(app, "/oekonomi?dato=\(Self.r)").body.string
            #expect(!after.contains("Nyere tal er ved at blive beregnet") && after.contains("Tallene er beregnet \(DanishDate.string(t0.addingTimeInterval(600)))"))
        }
    }

    @Test("a team leader sees the economy of their teams' cases only; another team's case answers as one that does not exist",
          arguments: Engine.available)
    func teamLeader(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let (data, _) = try await HistoryImportTests.file(app, citizens: 40, seed: 32)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            // The team leader leads the team of one case only.
            let team = try #require(try await app.sql.raw("SELECT c.responsible_unit_id AS u FROM case_interventions i JOIN cases c ON c.id = i.case_id ORDER BY c.responsible_unit_id LIMIT 1").first()?.decode(column: "u", as: UUID.self))
            try await app.sql.raw("""
                DELETE FROM user_units WHERE unit_id <> \(bind: team) AND user_id = (SELECT id FROM users WHERE username = 'teamleder')
                """).run()
            try await app.sql.raw("""
                INSERT INTO user_units (id, user_id, unit_id) SELECT \(bind: UUID()), u.id, \(bind: team) FROM users u WHERE u.username = 'teamleder'
                AND NOT EXISTS (SELECT 1 FROM user_units x WHERE x.user_id = u.id AND x.unit_id = \(bind: team))
                """).run()
            let leader = try await app.token("teamleder"), economy = try await app.token("oekonomi")
            let teams = [team]
            let all = try #require(try await app.send(.GET, "/api/v1/economy/grants?date=\(Self.r)", token: economy).json()["items"] as? [[String: Any]])
            let mine = try #require(try await app.send(.GET, "/api/v1/economy/grants?date=\(Self.r)", token: leader).json()["items"] as? [[String: Any]])
            var unit: [String: UUID] = [:]
            for row in try await app.sql.raw("SELECT id, responsible_unit_id FROM cases").all() {
                unit[try row.decode(column: "id", as: UUID.self).uuidString] = try row.decode(column: "responsible_unit_id", as: UUID.self)
            }
            let expected = all.filter { g in (g["caseId"] as? String).flatMap { unit[$0.uppercased()] }.map(teams.contains) == true }
            #expect(mine.count == expected.count)
            #expect(Set(mine.compactMap { $0["interventionId"] as? String }) == Set(expected.compactMap { $0["interventionId"] as? String }))
            #expect(!mine.isEmpty && mine.count < all.count)
            let other = try #require(all.first(where: { g in (g["caseId"] as? String).flatMap { unit[$0.uppercased()] }.map(teams.contains) == false })?["caseId"] as? String)
            #expect(try await app.send(.GET, "/api/v1/economy/grants?date=\(Self.r)&caseId=\(other)", token: leader).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/economy/grants?date=\(Self.r)&caseId=\(other)", token: economy).status == .ok)
        }
    }
}
