import Foundation

/// Theme 2 of figures.md — economy and projection (T2.1–T2.6) — computed from an `EconomyLedger`. Keys are OpenVUM's
/// ids (lower-case UUIDs), account numbers (`none` when missing) and periods.
public enum EconomyFigures {
    public static let ids = [
        "t2.prices.by_intervention", "t2.prices.totals", "t2.prices.expected_total_by_recommendation",
        "t2.contract.totals",
        "t2.spend.by_period_account", "t2.spend.total", "t2.spend.by_citizen_month",
        "t2.projection.by_month", "t2.projection.by_account_month", "t2.projection.by_grant", "t2.projection.open_ended_grants",
        "t2.projection.pending_recommendations",
        "t2.costliest_citizens.actual", "t2.costliest_citizens.outturn",
        "t2.drift.by_grant", "t2.drift.total",
    ]

    public static func key(_ id: UUID) -> String { id.uuidString.lowercased() }
    public static func account(_ a: String?) -> String { a.flatMap { $0.isEmpty ? nil : $0 } ?? "none" }

    /// The figures of `ids` (all of theme 2 by default).
    public static func compute(_ ledger: EconomyLedger, ids: [String] = ids) -> [String: FigureValue] {
        let wanted = Set(ids)
        var out: [String: FigureValue] = [:]
        let periods = ledger.periods
        let months = periods.projectionMonths
        let projections = ledger.interventions.compactMap { x in ProjectionRules.project(x.facts, over: months).map { (x, $0) } }
        func put(_ id: String, _ value: @autoclosure () -> FigureValue) { if wanted.contains(id) { out[id] = value() } }

        put("t2.prices.by_intervention", prices(ledger))
        put("t2.prices.totals", priceTotals(ledger))
        put("t2.prices.expected_total_by_recommendation", {
            var totals: [String: Int] = [:]
            for x in ledger.interventions { totals[x.recommendation, default: 0] += x.expectedPrice ?? 0 }
            return FigureValue.amounts(totals) { $0 }
        }())
        put("t2.contract.totals", contractTotals(ledger))
        put("t2.spend.by_period_account", {
            var perMonth: [YearMonth: [String: Int]] = [:]
            for p in ledger.payments { perMonth[p.month, default: [:]][account(p.account), default: 0] += p.amount }
            return periods.byPeriod(perMonth, zero: [:], add: { $0.merging($1, uniquingKeysWith: +) }, value: { FigureValue.amounts($0) { $0 } })
        }())
        put("t2.spend.total", {
            var perMonth: [YearMonth: Int] = [:]
            for p in ledger.payments { perMonth[p.month, default: 0] += p.amount }
            return periods.byPeriod(perMonth, zero: 0, add: +, value: FigureValue.int)
        }())
        put("t2.spend.by_citizen_month", {
            var byCitizen: [UUID: [YearMonth: Int]] = [:]
            for p in ledger.payments { byCitizen[p.citizenID, default: [:]][p.month, default: 0] += p.amount }
            return .object(Dictionary(uniqueKeysWithValues: byCitizen.map { (key($0.key), FigureValue.amounts($0.value) { $0.description }) }))
        }())
        put("t2.projection.by_month", {
            let totals = ProjectionRules.byMonth(projections.map(\.1), months: months)
            return .object(Dictionary(uniqueKeysWithValues: totals.map { m, t in
                (m.description, FigureValue.object(["total": .int(t.total), "withEndDate": .int(t.withEndDate), "withoutEndDate": .int(t.withoutEndDate),
                                                    "basisActual": .int(t.basisActual), "basisContract": .int(t.basisContract), "basisExpected": .int(t.basisExpected)]))
            }))
        }())
        put("t2.projection.by_account_month", {
            var byAccount: [String: [YearMonth: Int]] = [:]
            for (x, p) in projections {
                var row = byAccount[account(x.accountNumber)] ?? Dictionary(uniqueKeysWithValues: months.map { ($0, 0) })
                for (m, a) in p.amounts { row[m, default: 0] += a }
                byAccount[account(x.accountNumber)] = row
            }
            return .object(byAccount.mapValues { FigureValue.amounts($0) { $0.description } })
        }())
        put("t2.projection.by_grant", .object(Dictionary(uniqueKeysWithValues: projections.map { x, p in (key(x.id), grant(p)) })))
        put("t2.projection.open_ended_grants", {
            let open = projections.filter { $0.1.noEndDate }
            var byMonth = Dictionary(uniqueKeysWithValues: months.map { ($0, 0) })
            for (_, p) in open { for (m, a) in p.amounts { byMonth[m, default: 0] += a } }
            return .object(["grants": .array(open.map { key($0.0.id) }.sorted().map(FigureValue.string)), "byMonth": FigureValue.amounts(byMonth) { $0.description }])
        }())
        put("t2.projection.pending_recommendations", {
            let pending = ledger.interventions.compactMap { x in ProjectionRules.projectPending(x.facts, over: months).map { (x, $0) } }
            var byMonth = Dictionary(uniqueKeysWithValues: months.map { ($0, 0) })
            for (_, p) in pending { for (m, a) in p.amounts { byMonth[m, default: 0] += a } }
            return .object(["interventions": .object(Dictionary(uniqueKeysWithValues: pending.map { (key($0.0.id), grant($0.1)) })),
                            "byMonth": FigureValue.amounts(byMonth) { $0.description }])
        }())
        if wanted.contains("t2.costliest_citizens.actual") || wanted.contains("t2.costliest_citizens.outturn") {
            let year = ledger.referenceDate.year
            var actual: [UUID: Int] = [:]
            for p in ledger.payments where p.month.year == year { actual[p.citizenID, default: 0] += p.amount }
            var outturn = actual
            for (x, p) in projections {
                for (m, a) in p.amounts where m.year == year { outturn[x.citizenID, default: 0] += a }
            }
            put("t2.costliest_citizens.actual", costliest(actual, cpr: ledger.cpr))
            put("t2.costliest_citizens.outturn", costliest(outturn, cpr: ledger.cpr))
        }
        if wanted.contains("t2.drift.by_grant") || wanted.contains("t2.drift.total") {
            let drifting = ledger.interventions.filter { $0.status == .granted && $0.order != nil && $0.expectedPrice != nil }
            put("t2.drift.by_grant", .object(Dictionary(uniqueKeysWithValues: drifting.map { x in
                (key(x.id), drift(expected: x.expectedPrice!, contract: x.order!.contractPrice))
            })))
            var byProvider: [UUID: (Int, Int)] = [:]
            for x in drifting {
                let sum = byProvider[x.order!.providerID] ?? (0, 0)
                byProvider[x.order!.providerID] = (sum.0 + x.expectedPrice!, sum.1 + x.order!.contractPrice)
            }
            let expected = drifting.map { $0.expectedPrice! }.reduce(0, +), contract = drifting.map { $0.order!.contractPrice }.reduce(0, +)
            var total = drift(expected: expected, contract: contract)
            if case .object(var o) = total {
                o["count"] = .int(drifting.count)
                o["byProvider"] = .object(Dictionary(uniqueKeysWithValues: byProvider.map { (key($0.key), drift(expected: $0.value.0, contract: $0.value.1)) }))
                total = .object(o)
            }
            put("t2.drift.total", total)
        }
        return out
    }

    /// T2.1 per recommended intervention.
    static func prices(_ ledger: EconomyLedger) -> FigureValue {
        .object(Dictionary(uniqueKeysWithValues: ledger.interventions.map { x in
            let scope: Decimal? = x.unitsHundredths.flatMap { u in x.repetitions.map { Decimal(u * $0) / 100 } }
            let supplements: Int? = x.basePrice.flatMap { b in x.expectedPrice.map { $0 - b } }
            return (key(x.id), FigureValue.object([
                "status": .string(x.status.rawValue), "accountNumber": .optional(x.accountNumber), "noEndDate": .bool(x.noEndDate),
                "scopeUnits": .optional(scope), "basePriceOre": .optional(x.basePrice), "supplementsOre": .optional(supplements),
                "expectedPriceOre": .optional(x.expectedPrice), "contractPriceOre": .optional(x.status == .granted ? x.order?.contractPrice : nil),
                "caseId": .string(key(x.caseID)), "citizenId": .string(key(x.citizenID)),
            ]))
        }))
    }

    /// T2.1 totals: count, base and expected price for all and per status.
    static func priceTotals(_ ledger: EconomyLedger) -> FigureValue {
        var sums: [String: (count: Int, base: Int, expected: Int)] = ["all": (0, 0, 0)]
        for s in GrantStatus.allCases { sums[s.rawValue] = (0, 0, 0) }
        for x in ledger.interventions {
            for k in ["all", x.status.rawValue] {
                let t = sums[k]!
                sums[k] = (t.count + 1, t.base + (x.basePrice ?? 0), t.expected + (x.expectedPrice ?? 0))
            }
        }
        return .object(sums.mapValues { .object(["count": .int($0.count), "basePriceOre": .int($0.base), "expectedPriceOre": .int($0.expected)]) })
    }

    /// T2.2: the grants' contract prices, whatever has happened to the grant since.
    static func contractTotals(_ ledger: EconomyLedger) -> FigureValue {
        var total = 0, count = 0
        var byProvider: [String: Int] = [:], byAccount: [String: Int] = [:], byKind: [String: Int] = [:], byYear: [String: Int] = [:]
        for x in ledger.interventions where x.status == .granted {
            guard let o = x.order else { continue }
            total += o.contractPrice
            count += 1
            byProvider[key(o.providerID), default: 0] += o.contractPrice
            byAccount[account(x.accountNumber), default: 0] += o.contractPrice
            byKind[o.providerKind?.rawValue ?? "none", default: 0] += o.contractPrice
            byYear[CalendarDate.pad(o.orderedOn.year, 4), default: 0] += o.contractPrice
        }
        return .object(["count": .int(count), "totalOre": .int(total), "byProvider": .amounts(byProvider) { $0 }, "byAccount": .amounts(byAccount) { $0 },
                        "byProviderKind": .amounts(byKind) { $0 }, "byOrderYear": .amounts(byYear) { $0 }])
    }

    static func grant(_ p: GrantProjection) -> FigureValue {
        .object(["basis": .string(p.basis.rawValue), "noEndDate": .bool(p.noEndDate), "months": .amounts(p.amounts) { $0.description }])
    }

    /// T2.5: the ten largest amounts, largest first, ties to the lower citizen id; citizens with nothing left out.
    public static func costliest(_ amounts: [UUID: Int], cpr: [UUID: String], count: Int = 10) -> FigureValue {
        let ranked = amounts.filter { $0.value != 0 }.map { (key($0.key), $0.key, $0.value) }
            .sorted { ($0.2, $1.0) > ($1.2, $0.0) }
            .prefix(count)
        return .array(ranked.enumerated().map { i, e in
            .object(["rank": .int(i + 1), "citizenId": .string(e.0), "cpr": .optional(cpr[e.1]), "amountOre": .int(e.2)])
        })
    }

    /// T2.6: contract − expected, and that as a percentage of expected (G6).
    static func drift(expected: Int, contract: Int) -> FigureValue {
        .object(["expectedPriceOre": .int(expected), "contractPriceOre": .int(contract), "driftOre": .int(contract - expected),
                 "driftPercent": .optional(FigureRounding.percent(contract - expected, of: expected))])
    }
}
