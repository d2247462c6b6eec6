import Foundation
@testable import OpenVUMDomain
import Testing

/// Budget follow-up (issue 14 item 3) over `EconomyFiguresTests.ledger`, R = 31 October 2026: grant A on account
/// 5.38.50 has 600,000 paid for 2026 and 300,000 + 90,000 projected for November and December (10,000 a day); the
/// pending C is a what-if only and counts nowhere.
@Suite("Budget follow-up: spend to date, the rest of the year's projection, expected outturn and deviation")
struct BudgetRulesTests {
    static let team = EconomyFiguresTests.id(901), other = EconomyFiguresTests.id(902)
    static var ledger: EconomyLedger {
        var l = EconomyFiguresTests.ledger
        l.interventions[0].unitID = team
        return l
    }

    @Test("per line: the corrected budget counts once there is one; per unit only the unit's cases; an account spent on without a budget shows with 0")
    func followUp() {
        let lines = [
            BudgetLine(year: 2026, account: "5.38.50", unitID: nil, original: 1_000_000, corrected: 900_000),
            BudgetLine(year: 2026, account: "5.38.50", unitID: Self.team, original: 500_000, corrected: nil),
            BudgetLine(year: 2026, account: "5.38.50", unitID: Self.other, original: 100_000, corrected: nil),
            BudgetLine(year: 2026, account: "5.38.59", unitID: nil, original: 200_000, corrected: nil),
            BudgetLine(year: 2027, account: "5.38.50", unitID: nil, original: 7, corrected: nil),
        ]
        let rows = BudgetRules.followUp(lines, ledger: Self.ledger, year: 2026)
        #expect(rows.count == 4)
        let whole = rows.first { $0.line.account == "5.38.50" && $0.line.unitID == nil }!
        // 600,000 + 390,000 = 990,000 against 900,000: +90,000, 10.00 %; 600,000 / 900,000 = 0.6667 spent.
        #expect(whole.spent == 600_000 && whole.projectedRest == 390_000 && whole.expectedOutturn == 990_000)
        #expect(whole.deviation == 90_000 && whole.deviationPercent == 10 && whole.spentShare == Decimal(string: "0.6667"))
        // The team's line has A; the other team's nothing: 0 − 100,000 = −100.00 %.
        let mine = rows.first { $0.line.unitID == Self.team }!
        #expect(mine.expectedOutturn == 990_000 && mine.deviation == 490_000 && mine.deviationPercent == 98)
        let theirs = rows.first { $0.line.unitID == Self.other }!
        #expect(theirs.expectedOutturn == 0 && theirs.deviationPercent == -100)
        // Nothing on 5.38.59: −200,000.
        #expect(rows.first { $0.line.account == "5.38.59" }?.deviation == -200_000)
        // Total: 5.38.50 by its whole line only (900,000), plus 5.38.59 (200,000); 990,000 − 1,100,000 = −110,000, −10.00 %.
        let total = BudgetRules.total(rows)
        #expect(total.line.current == 1_100_000 && total.spent == 600_000 && total.projectedRest == 390_000)
        #expect(total.deviation == -110_000 && total.deviationPercent == -10)

        // Without any line, the account spent on still shows, with a budget of 0 (no percentage).
        let bare = BudgetRules.followUp([], ledger: Self.ledger, year: 2026)
        #expect(bare.map(\.line.account) == ["5.38.50"] && bare[0].line.current == 0 && bare[0].expectedOutturn == 990_000 && bare[0].deviationPercent == nil)
        // Next year: nothing paid, A ended in December: only the line, at −7.
        let next = BudgetRules.followUp(lines, ledger: Self.ledger, year: 2027)
        #expect(next.count == 1 && next[0].expectedOutturn == 0 && next[0].deviation == -7)
        // A team's total counts its unit lines when there is no whole line.
        let teamOnly = BudgetRules.followUp([lines[1]], ledger: Self.ledger, year: 2026)
        #expect(BudgetRules.total(teamOnly).line.current == 500_000 && BudgetRules.total(teamOnly).spent == 600_000)
    }

    @Test("the rest of the year starts in R's own month when no payment covers it yet; T2.4 starts after it")
    func currentMonth() {
        var l = Self.ledger
        l.referenceDate = CalendarDate(year: 2026, month: 11, day: 15)!
        // November is not paid yet: 30 days × 10,000 (October's rate) = 300,000, and December 90,000.
        let row = BudgetRules.followUp([], ledger: l, year: 2026)[0]
        #expect(row.spent == 600_000 && row.projectedRest == 390_000 && row.expectedOutturn == 990_000)
        #expect(ProjectionRules.project(l.interventions[0].facts, over: ProjectionRules.projectionMonths(referenceDate: l.referenceDate))?.amounts
                == [YearMonth("2026-12")!: 90_000])
        // On 31 October, October is paid: it is spend, not projection.
        #expect(ProjectionRules.unpaid(Self.ledger.interventions[0].facts, referenceDate: Self.ledger.referenceDate, through: YearMonth("2026-12")!)?.amounts
                == [YearMonth("2026-11")!: 300_000, YearMonth("2026-12")!: 90_000])
    }

    @Test("the monthly review: citizens whose spend changed from the month before by at least the threshold, largest first")
    func spendChanges() {
        var payments = Self.ledger.payments
        // Citizen 2: 50,000 in September, nothing in October (−50,000); citizen 3: new in October (+5,000).
        payments.append(LedgerPayment(citizenID: EconomyFiguresTests.id(2), interventionID: EconomyFiguresTests.id(13), account: "5.38.52", month: YearMonth("2026-09")!, amount: 50_000))
        payments.append(LedgerPayment(citizenID: EconomyFiguresTests.id(3), interventionID: EconomyFiguresTests.id(14), account: "5.38.52", month: YearMonth("2026-10")!, amount: 5_000))
        // Citizen 1: 290,000 → 310,000 (+20,000).
        let all = SpendChange.list(payments, month: YearMonth("2026-10")!, threshold: 1)
        #expect(all.map(\.citizenID) == [EconomyFiguresTests.id(2), EconomyFiguresTests.id(1), EconomyFiguresTests.id(3)])
        #expect(all.map(\.change) == [-50_000, 20_000, 5_000] && all[0].previous == 50_000 && all[0].current == 0)
        #expect(SpendChange.list(payments, month: YearMonth("2026-10")!, threshold: 20_000).count == 2)
        #expect(SpendChange.list(payments, month: YearMonth("2026-10")!, threshold: 20_001).map(\.change) == [-50_000])
        // On 31 October the page reviews September against August.
        #expect(EconomyOverview(ledger: Self.ledger, budget: [], year: 2026, grouping: .account, changeThreshold: 1).changeMonth == YearMonth("2026-09"))
    }

    @Test("grouped by target group: A's 390,000 under its case's primary target group; without one, under none; a case's economy lists all its interventions")
    func targetGroups() {
        var l = Self.ledger
        l.interventions[0].targetGroup = "psykisk"
        let o = EconomyOverview(ledger: l, budget: [], year: 2026, grouping: .targetGroup)
        // A: November 300,000 + December 90,000 this year; its contract ends before 2027.
        #expect(o.groups.first { $0.key == "psykisk" }.map { [$0.rest, $0.next] } == [390_000, 0])
        #expect(!o.groups.contains { $0.key != "psykisk" && $0.rest + $0.next != 0 && $0.key != "none" })
        l.interventions[0].targetGroup = nil
        #expect(EconomyOverview(ledger: l, budget: [], year: 2026, grouping: .targetGroup).groups.first { $0.key == "none" }?.rest ?? 0 >= 390_000)
        // The case's economy: every intervention of the case, the refused one with nothing paid or projected.
        let caseID = l.interventions[0].caseID
        let ofCase = o.grants(ofCase: caseID, in: l)
        #expect(ofCase.map(\.intervention.id) == l.interventions.filter { $0.caseID == caseID }.map(\.id))
        #expect(ofCase.first { $0.intervention.id == l.interventions[0].id }?.projectedRest == 390_000)
        #expect(o.grants(ofCase: Self.other, in: l).isEmpty)
    }

    @Test("scenario: a grant that ends at its next follow-up keeps its rate and loses the days after it")
    func endingAtFollowUp() {
        let a = Self.ledger.interventions[0].facts
        let months = ProjectionRules.projectionMonths(referenceDate: Self.ledger.referenceDate)
        // Ending 15 November: 15 days × 10,000 = 150,000 in November, nothing in December (was 300,000 + 90,000).
        let cut = ProjectionRules.project(a, over: months, endingBy: CalendarDate(year: 2026, month: 11, day: 15)!)
        #expect(cut?.amounts == [YearMonth("2026-11")!: 150_000] && cut?.basis == .actual)
        // A follow-up after the window's own end changes nothing.
        #expect(ProjectionRules.project(a, over: months, endingBy: CalendarDate(year: 2027, month: 3, day: 1)!)?.amounts
                == ProjectionRules.project(a, over: months)?.amounts)
        // The page's scenario: A's next follow-up on 15 November; December 2027 the horizon. 390,000 → 150,000.
        var l = Self.ledger
        l.interventions[0].nextFollowUp = CalendarDate(year: 2026, month: 11, day: 15)
        let s = FollowUpScenario(ledger: l, chosen: [l.interventions[0].id, l.interventions[1].id], through: YearMonth("2027-12")!)
        #expect(s.rows.count == 1 && s.baseline == 390_000 && s.scenario == 150_000 && s.saving == 240_000)
        // An overdue follow-up (before R) ends the grant on R: November and December are left out.
        l.interventions[0].nextFollowUp = CalendarDate(year: 2026, month: 9, day: 1)
        #expect(FollowUpScenario(ledger: l, chosen: [l.interventions[0].id], through: YearMonth("2027-12")!).scenario == 0)
        // A refused intervention has no projection to cut.
        #expect(ProjectionRules.project(Self.ledger.interventions[1].facts, over: months, endingBy: CalendarDate(year: 2026, month: 11, day: 15)!) == nil)
    }

    @Test("a line is checked in Danish: year, account number like 5.38.50, amounts from 0 to 100 bn. kr.")
    func validation() {
        #expect(BudgetLine.validAccount("5.38.50") && BudgetLine.validAccount("5.38.50.001"))
        #expect(!BudgetLine.validAccount("538") && !BudgetLine.validAccount("5..38") && !BudgetLine.validAccount("5.38.5x") && !BudgetLine.validAccount("٥.٣٨"))
        do {
            try BudgetLine(year: 1999, account: "x", unitID: nil, original: -1, corrected: -2).validate()
            Issue.record("an invalid line was accepted")
        } catch {
            #expect(Set(error.fieldErrors.map(\.field)) == ["year", "account", "originalOre", "correctedOre"])
            #expect(error.fieldErrors.contains { $0.message.contains("kontonummer som 5.38.50") })
        }
    }
}
