import Foundation

/// One line of the budget (issue 14 item 3): what a year may cost on one account of the municipal chart of accounts
/// (e.g. 5.38.50), for the whole municipality (`unitID` nil) or one authority team; the original budget and, once
/// corrected during the year, the corrected one.
public struct BudgetLine: Sendable, Equatable, Codable {
    public var year: Int
    public var account: String
    public var unitID: UUID?
    /// Øre.
    public var original: Int
    public var corrected: Int?

    public init(year: Int, account: String, unitID: UUID?, original: Int, corrected: Int?) {
        self.year = year
        self.account = account
        self.unitID = unitID
        self.original = original
        self.corrected = corrected
    }

    /// The budget the year is followed up against: the corrected one once there is one.
    public var current: Int { corrected ?? original }

    /// A municipal account number: digits in groups separated by dots, like 5.38.50 (at most 20 characters).
    public static func validAccount(_ a: String) -> Bool {
        let groups = a.split(separator: ".", omittingEmptySubsequences: false)
        return a.count <= 20 && groups.count >= 2 && groups.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// The line's errors in Danish, at the API's field names.
    public func validate() throws(DomainError) {
        var e = FieldErrorCollector()
        if !(2000...2100).contains(year) { e.add("year", "Året skal være mellem 2000 og 2100.") }
        if !Self.validAccount(account) { e.add("account", "Kontoen skal være et kontonummer som 5.38.50.") }
        let limit = 100_000_000_000_00 // 100 mia. kr.
        if !(0...limit).contains(original) { e.add("originalOre", "Det oprindelige budget skal være mellem 0 og 100 mia. kr.") }
        if let c = corrected, !(0...limit).contains(c) { e.add("correctedOre", "Det korrigerede budget skal være mellem 0 og 100 mia. kr.") }
        try e.throwIfAny()
    }
}

/// The monthly budget follow-up of one line (Boks 5.1): the budget, what has been spent in the year so far, the
/// projection for the rest of the year, and the expected outturn against the budget.
public struct BudgetFollowUp: Sendable, Equatable {
    public var line: BudgetLine
    /// Payments for service months of the year, booked by R (E3).
    public var spent: Int
    /// The projection for the rest of the year: from R's month on, the months no payment covers yet
    /// (`ProjectionRules.unpaid`).
    public var projectedRest: Int
    public var expectedOutturn: Int { spent + projectedRest }
    /// Expected outturn − current budget: positive is an overrun.
    public var deviation: Int { expectedOutturn - line.current }
    /// The deviation as a percentage of the current budget (G6); nil for a budget of 0.
    public var deviationPercent: Decimal? { FigureRounding.percent(deviation, of: line.current) }
    /// The share of the current budget spent so far (G6, four decimals).
    public var spentShare: Decimal? { FigureRounding.share(spent, of: line.current) }
}

/// Budget against spend and expected outturn, from the ledger (issue 14 item 3).
public enum BudgetRules {
    /// Each line followed up on the ledger's reference date: its account's payments in the year and projection for the rest
    /// of it, within the line's unit when it has one; an account that has spend or projection but no line gets one with
    /// a budget of 0, so nothing spent is out of sight.
    public static func followUp(_ lines: [BudgetLine], ledger: EconomyLedger, year: Int) -> [BudgetFollowUp] {
        let r = ledger.referenceDate
        let december = YearMonth(year: year, month: 12)!
        let unitOf = Dictionary(ledger.interventions.map { ($0.id, $0.unitID) }) { a, _ in a }
        var spent: [String: [UUID?: Int]] = [:], projected: [String: [UUID?: Int]] = [:]
        for p in ledger.payments where p.month.year == year {
            spent[EconomyFigures.account(p.account), default: [:]][unitOf[p.interventionID] ?? nil, default: 0] += p.amount
        }
        for x in ledger.interventions {
            guard let p = ProjectionRules.unpaid(x.facts, referenceDate: r, through: december) else { continue }
            projected[EconomyFigures.account(x.accountNumber), default: [:]][x.unitID, default: 0] += p.amounts.filter { $0.key.year == year }.values.reduce(0, +)
        }
        func sum(_ values: [String: [UUID?: Int]], _ line: BudgetLine) -> Int {
            let byUnit = values[line.account] ?? [:]
            return line.unitID.map { byUnit[$0] ?? 0 } ?? byUnit.values.reduce(0, +)
        }
        var lines = lines.filter { $0.year == year }
        let budgeted = Set(lines.filter { $0.unitID == nil }.map(\.account))
        for account in Set(spent.keys).union(projected.keys).subtracting(budgeted).sorted() where !lines.contains(where: { $0.account == account }) {
            lines.append(BudgetLine(year: year, account: account, unitID: nil, original: 0, corrected: nil))
        }
        return lines.sorted { ($0.account, $0.unitID?.uuidString ?? "") < ($1.account, $1.unitID?.uuidString ?? "") }
            .map { BudgetFollowUp(line: $0, spent: sum(spent, $0), projectedRest: sum(projected, $0)) }
    }

    /// The year's total over followed-up lines: per account the line for the whole municipality when there is one, else
    /// the sum of its units' lines (a unit's line is part of the whole's, never added to it). Its line's account is empty.
    public static func total(_ rows: [BudgetFollowUp]) -> BudgetFollowUp {
        var budget = 0, spent = 0, projected = 0
        for account in Set(rows.map(\.line.account)) {
            let lines = rows.filter { $0.line.account == account }
            let counted = lines.filter { $0.line.unitID == nil }.prefix(1)
            for f in counted.isEmpty ? ArraySlice(lines) : counted {
                budget += f.line.current
                spent += f.spent
                projected += f.projectedRest
            }
        }
        return BudgetFollowUp(line: BudgetLine(year: rows.first?.line.year ?? 0, account: "", unitID: nil, original: budget, corrected: nil),
                              spent: spent, projectedRest: projected)
    }
}
