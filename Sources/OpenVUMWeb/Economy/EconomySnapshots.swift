import Foundation
import OpenVUMDomain

/// The economy's figures are computed from every case, order and payment of the viewer's economy scope
/// (`EconomyStore.ledger`); the ledger is kept per scope and reference date (`OPENVUM_ECONOMY_SNAPSHOT_SECONDS`, 0:
/// off), and the overviews computed from it per choice. A payment written through this server drops the
/// municipality's snapshots at once.
typealias EconomySnapshots = Snapshots<EconomyLedger, EconomyOverviewChoice, EconomyOverview>

/// What the pages compute from a kept ledger (`EconomyOverview`), for the choices it was computed with.
struct EconomyOverviewChoice: Equatable, Sendable {
    var year: Int
    var grouping: ProjectionGrouping
    var threshold: Int
    var budget: [BudgetLine]
}

extension Snapshots where Value == EconomyLedger, Choice == EconomyOverviewChoice, Derived == EconomyOverview {
    typealias OverviewChoice = EconomyOverviewChoice

    convenience init(ttl: TimeInterval, stale: TimeInterval = 0, capacity: Int = 32,
                     computeOverview: @escaping @Sendable (EconomyLedger, EconomyOverviewChoice) -> EconomyOverview = EconomySnapshots.overview(of:choice:)) {
        self.init(ttl: ttl, stale: stale, capacity: capacity, derive: computeOverview)
    }

    @Sendable static func overview(of ledger: EconomyLedger, choice: EconomyOverviewChoice) -> EconomyOverview {
        EconomyOverview(ledger: ledger, budget: choice.budget, year: choice.year, grouping: choice.grouping, changeThreshold: choice.threshold)
    }

    /// The kept ledger (see `value`).
    func ledger(_ p: Principal, referenceDate r: CalendarDate, now: Date, fresh: Bool = false,
                compute: @escaping @Sendable () async throws -> EconomyLedger?) async throws -> (ledger: EconomyLedger, computedAt: Date, computing: Bool)? {
        try await value(p, referenceDate: r, now: now, fresh: fresh, compute: compute).map { ($0.value, $0.computedAt, $0.computing) }
    }

    /// The overview of a kept ledger for these choices, computed once per ledger (the budget lines are part of the
    /// choices, so a changed line computes it anew); computed every time when nothing is kept.
    func overview(_ p: Principal, referenceDate r: CalendarDate, ledger: EconomyLedger, computedAt: Date, choice: EconomyOverviewChoice) -> EconomyOverview {
        derived(p, referenceDate: r, value: ledger, computedAt: computedAt, choice: choice) ?? Self.overview(of: ledger, choice: choice)
    }
}
