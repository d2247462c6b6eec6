import Foundation
@testable import OpenVUMDomain
import Testing

/// figures.md T2.1–T2.6, G6 and G10 over a ledger small enough to work out by hand (the values in the comments).
@Suite("Economy figures: prices, contracts, spend, projection, costliest citizens and drift over a hand-computed ledger")
struct EconomyFiguresTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    /// R = 31 October 2026. Citizen 1 has grant A (ordered, paid for September and October) and a refused B; citizen 2
    /// has a pending C with no end date.
    static var ledger: EconomyLedger {
        let a = LedgerIntervention(
            facts: GrantFacts(interventionID: id(11), outcome: .granted,
                              expected: PricedPeriod(start: day("2026-09-01"), end: day("2026-12-09"), frequency: .perDay, repetitions: 100, price: 900_000),
                              contract: PricedPeriod(start: day("2026-09-01"), end: day("2026-12-09"), frequency: .perDay, repetitions: 100, price: 1_000_000),
                              deliveryStart: day("2026-09-01")),
            caseID: id(101), citizenID: id(1), recommendation: "r1", accountNumber: "5.38.50", unitsHundredths: 100, repetitions: 100,
            basePrice: 900_000, expectedPrice: 900_000,
            order: LedgerOrder(orderID: id(201), providerID: id(301), providerKind: .internal, orderedOn: day("2026-08-20"), contractPrice: 1_000_000))
        let b = LedgerIntervention(
            facts: GrantFacts(interventionID: id(12), outcome: .refused,
                              expected: PricedPeriod(start: day("2026-09-01"), end: day("2026-09-30"), frequency: .perDay, repetitions: 30, price: 60_000)),
            caseID: id(101), citizenID: id(1), recommendation: "r1", accountNumber: nil, unitsHundredths: 150, repetitions: 30,
            basePrice: 50_000, expectedPrice: 60_000, order: nil)
        let c = LedgerIntervention(
            facts: GrantFacts(interventionID: id(13), outcome: nil,
                              expected: PricedPeriod(start: day("2027-01-01"), end: nil, frequency: .perDay, repetitions: 365, price: 365_000)),
            caseID: id(102), citizenID: id(2), recommendation: "r2", accountNumber: "5.38.52", unitsHundredths: 100, repetitions: 365,
            basePrice: 365_000, expectedPrice: 365_000, order: nil)
        let payments = [
            LedgerPayment(citizenID: id(1), interventionID: id(11), account: "5.38.50", month: YearMonth("2026-09")!, amount: 290_000),
            LedgerPayment(citizenID: id(1), interventionID: id(11), account: "5.38.50", month: YearMonth("2026-10")!, amount: 310_000),
        ]
        return EconomyLedger(referenceDate: day("2026-10-31"), firstMonth: YearMonth("2026-08")!, interventions: [a, b, c], payments: payments,
                             cpr: [id(1): "0101801234", id(2): "0202902345"])
    }

    static func key(_ n: Int) -> String { id(n).uuidString.lowercased() }

    @Test("T2.1 and T2.2: prices per intervention and per status, ID 52 per recommendation, contract totals by provider, account, kind and year")
    func pricesAndContracts() {
        let f = EconomyFigures.compute(Self.ledger)
        let a = f["t2.prices.by_intervention"]?[Self.key(11)]
        // Scope 1.00 × 100 = 100 units; no supplements; the contract price beside the expected.
        #expect(a?["status"] == .string("granted") && a?["scopeUnits"] == .decimal(100) && a?["supplementsOre"] == .int(0))
        #expect(a?["contractPriceOre"] == .int(1_000_000) && a?["expectedPriceOre"] == .int(900_000))
        // B: 1.50 × 30 = 45 units; supplements 60,000 − 50,000; refused, so no contract; no account.
        let b = f["t2.prices.by_intervention"]?[Self.key(12)]
        #expect(b?["scopeUnits"] == .decimal(45) && b?["supplementsOre"] == .int(10_000) && b?["contractPriceOre"] == .null && b?["accountNumber"] == .null)
        #expect(f["t2.prices.by_intervention"]?[Self.key(13)]?["noEndDate"] == .bool(true))
        // all: 3 interventions, base 900,000 + 50,000 + 365,000 = 1,315,000; expected 900,000 + 60,000 + 365,000 = 1,325,000.
        #expect(f["t2.prices.totals"]?["all"] == .object(["count": .int(3), "basePriceOre": .int(1_315_000), "expectedPriceOre": .int(1_325_000)]))
        #expect(f["t2.prices.totals"]?["refused"] == .object(["count": .int(1), "basePriceOre": .int(50_000), "expectedPriceOre": .int(60_000)]))
        #expect(f["t2.prices.totals"]?["lapsed"]?["count"] == .int(0))
        #expect(f["t2.prices.expected_total_by_recommendation"] == .object(["r1": .int(960_000), "r2": .int(365_000)]))
        let contract = f["t2.contract.totals"]
        #expect(contract?["totalOre"] == .int(1_000_000) && contract?["count"] == .int(1))
        #expect(contract?["byProvider"] == .object([Self.key(301): .int(1_000_000)]) && contract?["byAccount"] == .object(["5.38.50": .int(1_000_000)]))
        #expect(contract?["byProviderKind"] == .object(["internal": .int(1_000_000)]) && contract?["byOrderYear"] == .object(["2026": .int(1_000_000)]))
    }

    @Test("T2.3 and G10: spend per month, quarter and year with every period listed, zeros too; per account; per citizen only months with a payment")
    func spend() {
        let f = EconomyFigures.compute(Self.ledger)
        // August has nothing; 2026-Q3 = 290,000 (September), 2026-Q4 = October only.
        #expect(f["t2.spend.total"] == .object([
            "month": .object(["2026-08": .int(0), "2026-09": .int(290_000), "2026-10": .int(310_000)]),
            "quarter": .object(["2026-Q3": .int(290_000), "2026-Q4": .int(310_000)]),
            "year": .object(["2026": .int(600_000)]),
        ]))
        #expect(f["t2.spend.by_period_account"]?["month"]?["2026-08"] == .object([:]))
        #expect(f["t2.spend.by_period_account"]?["year"]?["2026"] == .object(["5.38.50": .int(600_000)]))
        #expect(f["t2.spend.by_citizen_month"] == .object([Self.key(1): .object(["2026-09": .int(290_000), "2026-10": .int(310_000)])]))
        let p = Self.ledger.periods
        #expect(p.quarters == ["2026-Q3", "2026-Q4"] && p.years == ["2026"] && p.projectionMonths.count == 14)
    }

    @Test("T2.4: A by its latest full paid month (October, 310,000 / 31 days = 10,000 a day) to its contract end; C only as a pending what-if")
    func projection() {
        let f = EconomyFigures.compute(Self.ledger)
        // November 30 days × 10,000 = 300,000; 1–9 December 9 × 10,000 = 90,000; nothing after.
        #expect(f["t2.projection.by_grant"] == .object([Self.key(11): .object([
            "basis": .string("actual"), "noEndDate": .bool(false), "months": .object(["2026-11": .int(300_000), "2026-12": .int(90_000)]),
        ])]))
        #expect(f["t2.projection.by_month"]?["2026-11"] == .object(["total": .int(300_000), "withEndDate": .int(300_000), "withoutEndDate": .int(0),
                                                                   "basisActual": .int(300_000), "basisContract": .int(0), "basisExpected": .int(0)]))
        #expect(f["t2.projection.by_month"]?["2027-01"]?["total"] == .int(0))
        #expect(f["t2.projection.by_account_month"]?["5.38.50"]?["2026-12"] == .int(90_000))
        #expect(f["t2.projection.by_account_month"]?["5.38.50"]?["2027-05"] == .int(0))
        #expect(f["t2.projection.open_ended_grants"]?["grants"] == .array([]))
        // C: 365,000 over 365 days = 1,000 a day: January 31,000, February 28,000; nothing in 2026.
        let pending = f["t2.projection.pending_recommendations"]
        #expect(pending?["interventions"]?[Self.key(13)]?["months"]?["2027-01"] == .int(31_000))
        #expect(pending?["byMonth"]?["2027-02"] == .int(28_000) && pending?["byMonth"]?["2026-12"] == .int(0))
    }

    @Test("T2.5 and T2.6: costliest citizens actual and with outturn, ties to the lower id; drift per grant, in total and per provider (G6)")
    func costliestAndDrift() {
        let f = EconomyFigures.compute(Self.ledger)
        // Actual 2026: 290,000 + 310,000; outturn + November 300,000 + December 90,000 = 990,000. Citizen 2 has nothing.
        #expect(f["t2.costliest_citizens.actual"] == .array([.object(["rank": .int(1), "citizenId": .string(Self.key(1)), "cpr": .string("0101801234"),
                                                                      "amountOre": .int(600_000)])]))
        #expect(f["t2.costliest_citizens.outturn"]?.array?.first?["amountOre"] == .int(990_000))
        let tied = EconomyFigures.costliest([Self.id(3): 5, Self.id(2): 5, Self.id(1): 7, Self.id(4): 0], cpr: [:])
        #expect(tied.array?.compactMap { $0["citizenId"] } == [.string(Self.key(1)), .string(Self.key(2)), .string(Self.key(3))])
        // 1,000,000 − 900,000 = 100,000; 100 × 100,000 / 900,000 = 11.111… → 11.11.
        #expect(f["t2.drift.by_grant"]?[Self.key(11)] == .object(["expectedPriceOre": .int(900_000), "contractPriceOre": .int(1_000_000),
                                                               "driftOre": .int(100_000), "driftPercent": .decimal(Decimal(string: "11.11")!)]))
        #expect(f["t2.drift.total"]?["count"] == .int(1) && f["t2.drift.total"]?["byProvider"]?[Self.key(301)]?["driftOre"] == .int(100_000))
    }

    @Test("G6 percentages and shares halve away from zero; no denominator is null; ids select by exact id or prefix, unknown ones refused in Danish")
    func roundingAndSelection() throws {
        // 1/8 = 12.5 %; −1/3 = −33.333 → −33.33; 1/20,000 = 0.005 % → 0.01; −1/20,000 → −0.01; 1/80,000 = 0.00125 → 0.00.
        #expect(FigureRounding.percent(1, of: 8) == Decimal(string: "12.5"))
        #expect(FigureRounding.percent(-1, of: 3) == Decimal(string: "-33.33"))
        #expect(FigureRounding.percent(1, of: 20_000) == Decimal(string: "0.01") && FigureRounding.percent(-1, of: 20_000) == Decimal(string: "-0.01"))
        #expect(FigureRounding.percent(1, of: 80_000) == 0 && FigureRounding.percent(1, of: 0) == nil)
        // 2/3 = 0.66666 → 0.6667.
        #expect(FigureRounding.share(2, of: 3) == Decimal(string: "0.6667"))
        #expect(try FigureSelection.select("t2.spend.*", from: EconomyFigures.ids) == ["t2.spend.by_period_account", "t2.spend.total", "t2.spend.by_citizen_month"])
        #expect(try FigureSelection.select(nil, from: EconomyFigures.ids).count == 16)
        #expect(try FigureSelection.select(" t2.drift.total ,t2.drift.total", from: EconomyFigures.ids) == ["t2.drift.total"])
        #expect(throws: DomainError.self) { try FigureSelection.select("t2.drift.total,t9.*", from: EconomyFigures.ids) }
    }
}
