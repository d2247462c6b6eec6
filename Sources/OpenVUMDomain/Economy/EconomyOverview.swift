import Foundation

/// What the projection can be grouped by (issue 14 item 4).
public enum ProjectionGrouping: String, DanishLabelled {
    case account, paragraph, targetGroup, provider, unit, caseworker
    public var danishName: String {
        switch self {
        case .account: "Konto"
        case .paragraph: "Paragraf"
        case .targetGroup: "Målgruppe"
        case .provider: "Leverandør"
        case .unit: "Team"
        case .caseworker: "Sagsbehandler"
        }
    }

    /// The key a grant is grouped under; `none` when it has none.
    public func key(_ x: LedgerIntervention) -> String {
        switch self {
        case .account: EconomyFigures.account(x.accountNumber)
        case .paragraph: x.paragraph.flatMap { $0.isEmpty ? nil : $0 } ?? "none"
        case .targetGroup: x.targetGroup.flatMap { $0.isEmpty ? nil : $0 } ?? "none"
        case .provider: x.order.map { EconomyFigures.key($0.providerID) } ?? "none"
        case .unit: x.unitID.map(EconomyFigures.key) ?? "none"
        case .caseworker: x.caseworkerID.map(EconomyFigures.key) ?? "none"
        }
    }
}

/// One grant's economy in a year (the drill-down behind a number): what was paid for its service months, what is
/// projected for the rest of the year and for the next, and on which basis.
public struct GrantEconomy: Sendable, Equatable {
    public var intervention: LedgerIntervention
    public var paidInYear: Int
    public var projectedRest: Int
    public var projectedNextYear: Int
    public var basis: ProjectionBasis?
    public var expectedInYear: Int { paidInYear + projectedRest }

    public init(intervention: LedgerIntervention, paidInYear: Int, projectedRest: Int, projectedNextYear: Int, basis: ProjectionBasis?) {
        self.intervention = intervention
        self.paidInYear = paidInYear
        self.projectedRest = projectedRest
        self.projectedNextYear = projectedNextYear
        self.basis = basis
    }
}

/// What a case's live grants cost in R's month (issue 14 item 5: the total monthly cost on the case page), each by its
/// best known price (E6) for the whole month.
public struct CaseMonthlyCost: Sendable, Equatable {
    public struct Grant: Sendable, Equatable {
        public var intervention: LedgerIntervention
        public var amount: Int
        public var basis: ProjectionBasis
    }
    public var month: YearMonth
    public var grants: [Grant]
    public var total: Int { grants.map(\.amount).reduce(0, +) }

    /// Nil when the case has no live grant with an amount this month.
    public init?(ledger: EconomyLedger) {
        month = YearMonth(ledger.referenceDate)
        grants = ledger.interventions.compactMap { x in
            guard let p = ProjectionRules.project(x.facts, over: [YearMonth(ledger.referenceDate)]), let a = p.amounts.values.first else { return nil }
            return Grant(intervention: x, amount: a, basis: p.basis)
        }
        if grants.isEmpty { return nil }
    }
}

/// The scenario "what if these grants end at their next follow-up" (issue 14 item 4): each chosen live grant's
/// projection from R's month to `through` (months already paid left out) as it stands and as it would be.
public struct FollowUpScenario: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var intervention: LedgerIntervention
        public var followUp: CalendarDate?
        public var baseline: Int
        public var scenario: Int
        public var saving: Int { baseline - scenario }
    }
    public var rows: [Row]
    public var baseline: Int { rows.map(\.baseline).reduce(0, +) }
    public var scenario: Int { rows.map(\.scenario).reduce(0, +) }
    public var saving: Int { baseline - scenario }

    public init(ledger: EconomyLedger, chosen: Set<UUID>, through last: YearMonth) {
        let r = ledger.referenceDate, months = YearMonth.through(YearMonth(r), last)
        rows = ledger.interventions.filter { chosen.contains($0.id) }.compactMap { x in
            guard let now = ProjectionRules.unpaid(x.facts, referenceDate: r, through: last) else { return nil }
            let base = now.amounts.values.reduce(0, +)
            // An overdue follow-up can end the grant no earlier than R.
            let cut = x.nextFollowUp.flatMap { ProjectionRules.project(x.facts, over: months, endingBy: Swift.max($0, r)) }
            let scenario = cut.map { $0.amounts.filter { x.facts.payments[$0.key] == nil }.values.reduce(0, +) } ?? base
            return Row(intervention: x, followUp: x.nextFollowUp, baseline: base, scenario: scenario)
        }
    }
}

/// One citizen's spend in a month against the month before (the monthly CPR-level review VIVE describes).
public struct SpendChange: Sendable, Equatable {
    public var citizenID: UUID
    public var previous: Int
    public var current: Int
    public var change: Int { current - previous }

    /// Every citizen whose spend for service month `month` differs from the month before by at least `threshold`
    /// øre either way — a new grant, an ended one, a supplementary tariff — largest change first, ties to the lower id.
    public static func list(_ payments: [LedgerPayment], month: YearMonth, threshold: Int) -> [SpendChange] {
        let before = month.adding(months: -1)
        var sums: [UUID: (Int, Int)] = [:]
        for p in payments where p.month == month || p.month == before {
            let s = sums[p.citizenID] ?? (0, 0)
            sums[p.citizenID] = p.month == month ? (s.0, s.1 + p.amount) : (s.0 + p.amount, s.1)
        }
        return sums.map { SpendChange(citizenID: $0.key, previous: $0.value.0, current: $0.value.1) }
            .filter { $0.change != 0 && abs($0.change) >= threshold }
            .map { ($0, EconomyFigures.key($0.citizenID)) }
            .sorted { (abs($0.0.change), $1.1) > (abs($1.0.change), $0.1) }.map(\.0)
    }
}

/// The economy page's figures for a year on a reference date, from the ledger and the budget (issue 14 items 3–5):
/// the budget follow-up, the projection per month and per group, the pending what-if, the costliest citizens and the
/// drift per provider.
public struct EconomyOverview: Sendable {
    public var year: Int
    public var referenceDate: CalendarDate
    public var budget: [BudgetFollowUp]
    public var total: BudgetFollowUp
    /// R's month (what no payment covers yet) and T2.4's months, with their totals; the pending recommendations'
    /// what-if per month beside them.
    public var months: [YearMonth]
    public var byMonth: [YearMonth: ProjectionMonthTotal]
    public var pendingByMonth: [YearMonth: Int]
    /// Per group key: the projection for the rest of `year` and for the year after it.
    public var groups: [(key: String, rest: Int, next: Int)]
    public var costliestActual: [(citizenID: UUID, amount: Int)]
    public var costliestOutturn: [(citizenID: UUID, amount: Int)]
    /// Per provider: the expected and the contract prices of its ordered grants (T2.6).
    public var drift: [(providerID: UUID, expected: Int, contract: Int, grants: Int)]
    public var grants: [GrantEconomy]
    /// The latest month whose payments are normally booked by R (the month before R's) and the citizens whose spend
    /// changed from the month before by at least the threshold.
    public var changeMonth: YearMonth
    public var changes: [SpendChange]

    public init(ledger: EconomyLedger, budget lines: [BudgetLine], year: Int, grouping: ProjectionGrouping, changeThreshold: Int = 1_000_000) {
        self.year = year
        changeMonth = YearMonth(ledger.referenceDate).adding(months: -1)
        changes = SpendChange.list(ledger.payments, month: changeMonth, threshold: changeThreshold)
        referenceDate = ledger.referenceDate
        budget = BudgetRules.followUp(lines, ledger: ledger, year: year)
        total = BudgetRules.total(budget)
        let r = ledger.referenceDate, last = YearMonth(year: r.year + 1, month: 12)!
        months = YearMonth.through(YearMonth(r), last)
        var projections: [UUID: GrantProjection] = [:]
        for x in ledger.interventions { if let p = ProjectionRules.unpaid(x.facts, referenceDate: r, through: last) { projections[x.id] = p } }
        byMonth = ProjectionRules.byMonth(Array(projections.values), months: months)
        var pending = Dictionary(uniqueKeysWithValues: months.map { ($0, 0) })
        for x in ledger.interventions {
            for (m, a) in ProjectionRules.projectPending(x.facts, over: months)?.amounts ?? [:] { pending[m, default: 0] += a }
        }
        pendingByMonth = pending

        var groups: [String: (Int, Int)] = [:], paid: [UUID: Int] = [:], actual: [UUID: Int] = [:]
        for p in ledger.payments where p.month.year == year {
            paid[p.interventionID, default: 0] += p.amount
            actual[p.citizenID, default: 0] += p.amount
        }
        var outturn = actual
        var grants: [GrantEconomy] = []
        for x in ledger.interventions {
            let p = projections[x.id]
            let rest = p?.amounts.filter { $0.key.year == year }.values.reduce(0, +) ?? 0
            let next = p?.amounts.filter { $0.key.year == year + 1 }.values.reduce(0, +) ?? 0
            if p != nil {
                let g = groups[grouping.key(x)] ?? (0, 0)
                groups[grouping.key(x)] = (g.0 + rest, g.1 + next)
                outturn[x.citizenID, default: 0] += rest
            }
            if p != nil || paid[x.id] != nil {
                grants.append(GrantEconomy(intervention: x, paidInYear: paid[x.id] ?? 0, projectedRest: rest, projectedNextYear: next, basis: p?.basis))
            }
        }
        self.groups = groups.map { (key: $0.key, rest: $0.value.0, next: $0.value.1) }.sorted { ($0.rest + $0.next, $1.key) > ($1.rest + $1.next, $0.key) }
        // Ids' texts worked out once each, not in every comparison (that was most of an overview's time).
        self.grants = grants.map { ($0, $0.intervention.id.uuidString) }
            .sorted { ($0.0.expectedInYear, $1.1) > ($1.0.expectedInYear, $0.1) }.map(\.0)
        func top(_ amounts: [UUID: Int]) -> [(citizenID: UUID, amount: Int)] {
            amounts.filter { $0.value != 0 }.map { (citizenID: $0.key, amount: $0.value, key: EconomyFigures.key($0.key)) }
                .sorted { ($0.amount, $1.key) > ($1.amount, $0.key) }
                .prefix(10).map { (citizenID: $0.citizenID, amount: $0.amount) }
        }
        costliestActual = top(actual)
        costliestOutturn = top(outturn)
        var drift: [UUID: (Int, Int, Int)] = [:]
        for x in ledger.interventions where x.status == .granted {
            guard let o = x.order, let e = x.expectedPrice else { continue }
            let d = drift[o.providerID] ?? (0, 0, 0)
            drift[o.providerID] = (d.0 + e, d.1 + o.contractPrice, d.2 + 1)
        }
        self.drift = drift.map { (providerID: $0.key, expected: $0.value.0, contract: $0.value.1, grants: $0.value.2) }
            .sorted { (abs($0.contract - $0.expected), $1.providerID.uuidString) > (abs($1.contract - $1.expected), $0.providerID.uuidString) }
    }

    /// Every recommended intervention of one case in the ledger, with its year (nothing paid or projected where the
    /// year has none): the economy's view of a case, to explain a number. Empty when the case is not in the ledger.
    public func grants(ofCase caseID: UUID, in ledger: EconomyLedger) -> [GrantEconomy] {
        let known = Dictionary(grants.map { ($0.intervention.id, $0) }) { a, _ in a }
        return ledger.interventions.filter { $0.caseID == caseID }
            .map { known[$0.id] ?? GrantEconomy(intervention: $0, paidInYear: 0, projectedRest: 0, projectedNextYear: 0, basis: nil) }
    }

    /// The projection months of `year` after R's month (the rest of the year), and of the year after.
    public var restMonths: [YearMonth] { months.filter { $0.year == year } }
}
