import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// `GET /api/v1/figures`: the `t2.*` figures of a generated history, checked against values computed here from the
/// file alone — figures.md's rules written out again in plain integer arithmetic, not by the code under test.
@Suite("Economy figures (t2.*) through the API")
struct FiguresAPITests {
    // MARK: figures.md, written out independently over the file's events

    static func date(_ any: Any?) -> CalendarDate? { (any as? String).flatMap(CalendarDate.init) }
    static func daysIn(_ y: Int, _ m: Int) -> Int {
        [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }
    static func parts(_ month: String) -> (Int, Int) { (Int(month.prefix(4))!, Int(month.suffix(2))!) }
    static func first(_ month: String) -> CalendarDate { let (y, m) = parts(month); return CalendarDate(year: y, month: m, day: 1)! }
    static func last(_ month: String) -> CalendarDate { let (y, m) = parts(month); return CalendarDate(year: y, month: m, day: daysIn(y, m))! }
    static func monthKey(_ y: Int, _ m: Int) -> String { String(format: "%04d-%02d", y, m) }
    static func months(from: String, through: String) -> [String] {
        var (y, m) = parts(from), out: [String] = []
        while monthKey(y, m) <= through { out.append(monthKey(y, m)); m += 1; if m == 13 { m = 1; y += 1 } }
        return out
    }
    /// G4.
    static func overlap(_ month: String, _ s: CalendarDate, _ e: CalendarDate?) -> Int {
        let from = max(s, first(month)), to = min(e ?? last(month), last(month))
        return from <= to ? from.days(until: to) + 1 : 0
    }
    /// E2 (the generated histories have døgn and uge).
    static func span(_ frequency: String, _ repetitions: Int) -> Int { frequency == "uge" ? 7 * repetitions : repetitions }
    /// G5 for non-negative amounts.
    static func round(_ n: Int, _ d: Int) -> Int { (2 * n + d) / (2 * d) }
    /// G6: a percentage in hundredths, halves away from zero.
    static func percentHundredths(_ n: Int, _ d: Int) -> Int { let q = (2 * abs(n) * 10_000 + d) / (2 * d); return n < 0 ? -q : q }
    static func hundredths(_ any: Any?) -> Int { Int((Decimal(string: (any as! NSNumber).stringValue)! * 100).description)! }

    struct X {
        var key: String, citizen: String, recommendation: String, account: String, noEndDate: Bool
        var start: CalendarDate, end: CalendarDate?, frequency: String, repetitions: Int, base: Int, expected: Int
        var outcome: String?
        var order: (provider: String, on: CalendarDate, start: CalendarDate, end: CalendarDate?, frequency: String, repetitions: Int, price: Int)?
        var deliveryStart: CalendarDate?
        var ended = false, closed = false
        var payments: [String: Int] = [:]
        var status: String { outcome == "bevilget" ? "granted" : outcome == "afslaaet" ? "refused" : closed ? "lapsed" : "pending" }
    }

    struct Expected {
        var xs: [String: X] = [:]
        var payments: [(citizen: String, account: String, month: String, amount: Int)] = []
        var firstMonth = ""
        var projectionMonths: [String] = []
        var projected: [String: (basis: String, amounts: [String: Int])] = [:]
        var pending: [String: [String: Int]] = [:]
    }

    /// Every fact of the file dated on or before R (G1), then E4–E6 and T2.4 for each intervention.
    static func expected(_ json: [String: Any], r: CalendarDate) -> Expected {
        var out = Expected()
        let providers = ((json["municipality"] as! [String: Any])["providers"] as! [[String: Any]])
        _ = providers
        var firstDay = r
        for citizen in json["citizens"] as! [[String: Any]] {
            let evs = ((citizen["case"] as! [String: Any])["events"] as! [[String: Any]]).filter { date($0["date"])! <= r }
            let who = citizen["citizenId"] as! String
            guard let opened = evs.first.flatMap({ date($0["date"]) }) else { continue }
            firstDay = min(firstDay, opened)
            let closed = evs.contains { $0["type"] as? String == "case_closed" }
            var keys: [String] = []
            for e in evs {
                let type = e["type"] as! String
                switch type {
                case "recommendation":
                    for i in e["interventions"] as! [[String: Any]] {
                        let p = i["price"] as! [String: Any]
                        let base = (hundredths(p["unitsPerPeriod"]) * (p["repetitions"] as! Int) * (p["unitPriceOre"] as! Int) + 50) / 100
                        let supplements = (p["supplements"] as? [[String: Any]] ?? []).map { $0["amountOre"] as! Int }.reduce(0, +)
                        let key = i["interventionId"] as! String
                        keys.append(key)
                        out.xs[key] = X(key: key, citizen: who, recommendation: e["recommendationId"] as! String, account: i["accountNumber"] as! String,
                                        noEndDate: i["noEndDate"] as! Bool, start: date(i["expectedStart"])!, end: date(i["expectedEnd"]),
                                        frequency: p["frequency"] as! String, repetitions: p["repetitions"] as! Int, base: base, expected: base + supplements)
                    }
                case "decision":
                    for item in e["items"] as! [[String: Any]] { out.xs[item["interventionId"] as! String]?.outcome = item["outcome"] as? String }
                case "order":
                    let c = e["contract"] as! [String: Any]
                    out.xs[e["interventionId"] as! String]?.order = (e["providerId"] as! String, date(e["date"])!, date(c["startDate"])!, date(c["endDate"]),
                                                                   c["frequency"] as! String, c["repetitions"] as! Int, c["contractPriceOre"] as! Int)
                case "delivery_started": out.xs[e["interventionId"] as! String]?.deliveryStart = date(e["interventionStartDate"])
                case "intervention_ended": out.xs[e["interventionId"] as! String]?.ended = true
                case "payment":
                    let month = e["month"] as! String, amount = e["amountOre"] as! Int
                    out.xs[e["interventionId"] as! String]?.payments[month, default: 0] += amount
                    out.payments.append((who, e["accountNumber"] as! String, month, amount))
                    if month < out.firstMonth || out.firstMonth.isEmpty { out.firstMonth = month }
                default: break
                }
            }
            for k in keys { out.xs[k]?.closed = closed }
        }
        let opening = monthKey(firstDay.year, firstDay.month)
        if out.firstMonth.isEmpty || opening < out.firstMonth { out.firstMonth = opening }
        let next = r.month == 12 ? monthKey(r.year + 1, 1) : monthKey(r.year, r.month + 1)
        out.projectionMonths = months(from: next, through: monthKey(r.year + 1, 12))
        for x in out.xs.values {
            // T2.4: live grants (E5) by their best known price (E6).
            if x.outcome == "bevilget" && !x.ended && !x.closed {
                let s = x.deliveryStart ?? x.order?.start ?? x.start
                let e = x.order != nil ? x.order!.end : (x.noEndDate ? nil : x.end)
                if let e, e < first(out.projectionMonths[0]) { continue }
                let full = x.payments.keys.filter { s <= first($0) && (e == nil || last($0) <= e!) }.max()
                let (basis, amount, days) = if let full { ("actual", x.payments[full]!, daysIn(parts(full).0, parts(full).1)) }
                    else if let o = x.order { ("contract", o.price, span(o.frequency, o.repetitions)) }
                    else { ("expected", x.expected, span(x.frequency, x.repetitions)) }
                var amounts: [String: Int] = [:]
                for m in out.projectionMonths where overlap(m, s, e) > 0 { amounts[m] = round(amount * overlap(m, s, e), days) }
                out.projected[x.key] = (basis, amounts)
            }
            if x.outcome == nil && !x.closed {
                var amounts: [String: Int] = [:]
                let e = x.noEndDate ? nil : x.end
                for m in out.projectionMonths where overlap(m, x.start, e) > 0 { amounts[m] = round(x.expected * overlap(m, x.start, e), span(x.frequency, x.repetitions)) }
                out.pending[x.key] = amounts
            }
        }
        return out
    }

    static func ints(_ any: Any?) -> [String: Int] { (any as? [String: Any] ?? [:]).compactMapValues { $0 as? Int } }

    /// The API's figures at R equal the independent ones, every figure of theme 2.
    static func check(_ figures: [String: Any], _ json: [String: Any], r: CalendarDate) throws {
        let want = expected(json, r: r)
        let f = try #require(figures["figures"] as? [String: Any])
        let keys = try #require(figures["importedKeys"] as? [String: String])
        func fileKey(_ id: String) -> String { keys[id] ?? "?\(id)" }
        func byFileKey(_ any: Any?) -> [String: Any] { Dictionary((any as? [String: Any] ?? [:]).map { (fileKey($0.key), $0.value) }) { a, _ in a } }
        #expect(figures["referenceDate"] as? String == r.description)
        #expect(Set(figures["figureIds"] as? [String] ?? []) == Set(EconomyFigures.ids))
        let periods = try #require(figures["periods"] as? [String: Any])
        let months = Self.months(from: want.firstMonth, through: monthKey(r.year, r.month))
        #expect(periods["months"] as? [String] == months)
        #expect(periods["projectionMonths"] as? [String] == want.projectionMonths)

        // T2.1
        let prices = byFileKey(f["t2.prices.by_intervention"])
        #expect(prices.count == want.xs.count)
        for x in want.xs.values {
            let p = try #require(prices[x.key] as? [String: Any], "\(x.key)")
            #expect(p["status"] as? String == x.status, "\(x.key)")
            #expect(p["basePriceOre"] as? Int == x.base && p["expectedPriceOre"] as? Int == x.expected && p["supplementsOre"] as? Int == x.expected - x.base)
            #expect(p["contractPriceOre"] as? Int == (x.status == "granted" ? x.order?.price : nil), "\(x.key)")
            #expect(p["noEndDate"] as? Bool == x.noEndDate && p["accountNumber"] as? String == x.account)
        }
        let totals = try #require(f["t2.prices.totals"] as? [String: [String: Int]])
        for status in ["granted", "refused", "pending", "lapsed"] {
            let xs = want.xs.values.filter { $0.status == status }
            #expect(totals[status] == ["count": xs.count, "basePriceOre": xs.map(\.base).reduce(0, +), "expectedPriceOre": xs.map(\.expected).reduce(0, +)], "\(status)")
        }
        #expect(totals["all"]?["count"] == want.xs.count)
        var byRecommendation: [String: Int] = [:]
        for x in want.xs.values { byRecommendation[x.recommendation, default: 0] += x.expected }
        #expect(byFileKey(f["t2.prices.expected_total_by_recommendation"]).compactMapValues { $0 as? Int } == byRecommendation)

        // T2.2
        let kinds = Dictionary(uniqueKeysWithValues: ((json["municipality"] as! [String: Any])["providers"] as! [[String: Any]]).map { ($0["id"] as! String, $0["kind"] as! String) })
        let ordered = want.xs.values.filter { $0.status == "granted" && $0.order != nil }
        let contract = try #require(f["t2.contract.totals"] as? [String: Any])
        #expect(contract["totalOre"] as? Int == ordered.map { $0.order!.price }.reduce(0, +) && contract["count"] as? Int == ordered.count)
        var byProvider: [String: Int] = [:], byAccount: [String: Int] = [:], byKind: [String: Int] = [:], byYear: [String: Int] = [:]
        for x in ordered {
            byProvider[x.order!.provider, default: 0] += x.order!.price
            byAccount[x.account, default: 0] += x.order!.price
            byKind[kinds[x.order!.provider]!, default: 0] += x.order!.price
            byYear[String(x.order!.on.year), default: 0] += x.order!.price
        }
        #expect(byFileKey(contract["byProvider"]).compactMapValues { $0 as? Int } == byProvider)
        #expect(ints(contract["byAccount"]) == byAccount && ints(contract["byProviderKind"]) == byKind && ints(contract["byOrderYear"]) == byYear)

        // T2.3
        var spendMonth: [String: Int] = [:], spendAccount: [String: [String: Int]] = [:], byCitizen: [String: [String: Int]] = [:]
        for p in want.payments {
            spendMonth[p.month, default: 0] += p.amount
            spendAccount[p.month, default: [:]][p.account, default: 0] += p.amount
            byCitizen[p.citizen, default: [:]][p.month, default: 0] += p.amount
        }
        let total = try #require(f["t2.spend.total"] as? [String: Any])
        #expect(ints(total["month"]) == Dictionary(uniqueKeysWithValues: months.map { ($0, spendMonth[$0] ?? 0) }))
        var years: [String: Int] = [:], quarters: [String: Int] = [:]
        for m in months {
            years[String(m.prefix(4)), default: 0] += spendMonth[m] ?? 0
            quarters["\(m.prefix(4))-Q\((parts(m).1 - 1) / 3 + 1)", default: 0] += spendMonth[m] ?? 0
        }
        #expect(ints(total["year"]) == years && ints(total["quarter"]) == quarters)
        let accounts = try #require((f["t2.spend.by_period_account"] as? [String: Any])?["month"] as? [String: Any])
        #expect(accounts.count == months.count)
        for m in months { #expect(ints(accounts[m]) == (spendAccount[m] ?? [:]), "\(m)") }
        #expect(byFileKey(f["t2.spend.by_citizen_month"]).mapValues(ints) == byCitizen)

        // T2.4
        let byGrant = byFileKey(f["t2.projection.by_grant"])
        #expect(Set(byGrant.keys) == Set(want.projected.keys))
        for (key, p) in want.projected {
            let g = try #require(byGrant[key] as? [String: Any])
            #expect(g["basis"] as? String == p.basis && ints(g["months"]) == p.amounts, "\(key)")
        }
        #expect(want.projected.values.contains { $0.basis == "actual" } && want.projected.values.contains { $0.basis == "contract" },
                "the history has grants projected from payments and from contracts")
        let byMonth = try #require(f["t2.projection.by_month"] as? [String: [String: Int]])
        var openEnded: [String: Int] = [:]
        for m in want.projectionMonths {
            var t = ["total": 0, "withEndDate": 0, "withoutEndDate": 0, "basisActual": 0, "basisContract": 0, "basisExpected": 0]
            for (key, p) in want.projected {
                guard let a = p.amounts[m] else { continue }
                let x = want.xs[key]!
                let open = x.order.map { $0.end == nil } ?? x.noEndDate
                t["total"]! += a
                t[open ? "withoutEndDate" : "withEndDate"]! += a
                t["basis" + p.basis.prefix(1).uppercased() + p.basis.dropFirst()]! += a
                if open { openEnded[m, default: 0] += a }
            }
            #expect(byMonth[m] == t, "\(m)")
        }
        let open = try #require(f["t2.projection.open_ended_grants"] as? [String: Any])
        #expect(ints(open["byMonth"]).filter { $0.value != 0 } == openEnded)
        let pending = try #require(f["t2.projection.pending_recommendations"] as? [String: Any])
        #expect(byFileKey(pending["interventions"]).mapValues { ints(($0 as? [String: Any])?["months"]) } == want.pending)

        // T2.5: amounts in order; each citizen has the amount it is listed with.
        var actual: [String: Int] = [:]
        for p in want.payments where p.month.hasPrefix(String(r.year)) { actual[p.citizen, default: 0] += p.amount }
        var outturn = actual
        for (key, p) in want.projected { for (m, a) in p.amounts where m.hasPrefix(String(r.year)) { outturn[want.xs[key]!.citizen, default: 0] += a } }
        for (id, amounts) in [("t2.costliest_citizens.actual", actual), ("t2.costliest_citizens.outturn", outturn)] {
            let list = try #require(f[id] as? [[String: Any]])
            let top = amounts.values.filter { $0 != 0 }.sorted(by: >).prefix(10)
            #expect(list.map { $0["amountOre"] as? Int } == top.map { $0 }, "\(id)")
            #expect(list.map { $0["rank"] as? Int } == Array(1...list.count))
            for e in list { #expect(amounts[fileKey(e["citizenId"] as! String)] == e["amountOre"] as? Int && (e["cpr"] as? String)?.count == 10) }
        }

        // T2.6
        let drift = byFileKey(f["t2.drift.by_grant"])
        #expect(drift.count == ordered.count)
        for x in ordered {
            let d = try #require(drift[x.key] as? [String: Any])
            #expect(d["driftOre"] as? Int == x.order!.price - x.expected, "\(x.key)")
            #expect(Int(((d["driftPercent"] as! NSNumber).doubleValue * 100).rounded()) == percentHundredths(x.order!.price - x.expected, x.expected), "\(x.key)")
        }
        let driftTotal = try #require(f["t2.drift.total"] as? [String: Any])
        let expectedSum = ordered.map(\.expected).reduce(0, +), contractSum = ordered.map { $0.order!.price }.reduce(0, +)
        #expect(driftTotal["driftOre"] as? Int == contractSum - expectedSum && driftTotal["expectedPriceOre"] as? Int == expectedSum)
        #expect(Int(((driftTotal["driftPercent"] as! NSNumber).doubleValue * 100).rounded()) == percentHundredths(contractSum - expectedSum, expectedSum))
        #expect(ordered.contains { $0.order!.price != $0.expected }, "the history has negotiated contracts that drift")
    }

    @Test("t2.* for a generated history equal values computed independently from the file, on the history's reference date and on an earlier one",
          arguments: Engine.available)
    func figures(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let economy = try await app.token("oekonomi")
            let (data, json) = try await HistoryImportTests.file(app, citizens: 120, seed: 21)
            let report = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app),
                                                     dryRun: false, app: app)
            #expect(report.refused.isEmpty, "\(report.refused.prefix(2))")
            for r in [HistoryImportTests.reference, CalendarDate(year: 2026, month: 2, day: 14)!] {
                let res = try await app.send(.GET, "/api/v1/figures?ids=t2.*&date=\(r)", token: economy)
                #expect(res.status == .ok, "\(res.body.string.prefix(300))")
                try Self.check(try res.json(), json, r: r)
            }
        }
    }

    @Test("who sees the figures: the economy consultant and the administrator the municipality, a team leader their teams' cases, nobody else; bad parameters are Danish problems",
          arguments: Engine.available)
    func access(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            var tokens: [String: String] = [:]
            for user in ["oekonomi", "admin", "teamleder", "sagsbehandler", "udfoerer", "tilbudsleder"] { tokens[user] = try await app.token(user) }
            let (data, _) = try await HistoryImportTests.file(app, citizens: 30, seed: 22)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            let path = "/api/v1/figures?ids=t2.prices.by_intervention&date=\(HistoryImportTests.reference)"
            func interventions(_ user: String) async throws -> [String: [String: Any]] {
                let res = try await app.send(.GET, path, token: tokens[user])
                #expect(res.status == .ok, "\(user)")
                return try #require((try res.json()["figures"] as? [String: Any])?["t2.prices.by_intervention"] as? [String: [String: Any]])
            }
            let all = try await interventions("oekonomi")
            let administrator = try await interventions("admin")
            #expect(!all.isEmpty && all.count == administrator.count)
            // The team leader: exactly the interventions of cases their teams are responsible for.
            let leader = try await UserStore.find(username: "teamleder", on: app.db)!
            let units = try await UserStore.unitIDs(userID: leader.id, on: app.db)
            var mine = Set<String>()
            for row in try await app.sql.raw("""
                SELECT i.id FROM case_interventions i JOIN cases c ON c.id = i.case_id
                WHERE c.responsible_unit_id IN (\(binds: Array(units))) AND (i.recommended_on IS NULL OR i.recommended_on <= \(bind: HistoryImportTests.reference.description))
                """).all() { mine.insert(try row.decode(column: "id", as: UUID.self).uuidString.lowercased()) }
            #expect(Set(try await interventions("teamleder").keys) == mine)
            #expect(mine.count < all.count)
            for user in ["sagsbehandler", "udfoerer", "tilbudsleder"] {
                #expect(try await app.send(.GET, path, token: tokens[user]).status == .forbidden, "\(user)")
            }
            #expect(try await app.send(.GET, path).status == .unauthorized)
            var res = try await app.send(.GET, "/api/v1/figures?ids=t9.nothing", token: tokens["oekonomi"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Ukendt nøgletal: t9.nothing"))
            res = try await app.send(.GET, "/api/v1/figures?date=31-10-2026", token: tokens["oekonomi"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("ÅÅÅÅ-MM-DD"))
            res = try await app.send(.GET, "/api/v1/figures?date=9999-12-31", token: tokens["oekonomi"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("mellem år 1900 og 2200"))
            // Each read answered is audited: the three above.
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'figures.read'").first()!.decode(column: "n", as: Int.self)
            #expect(audited == 3)
        }
    }
}
