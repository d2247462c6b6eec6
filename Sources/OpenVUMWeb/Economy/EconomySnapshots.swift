import Foundation
import OpenVUMDomain

/// The economy's figures are computed from every case, order and payment of the viewer's economy scope
/// (`EconomyStore.ledger`); at a large municipality that takes longer than a page may. The ledger is therefore kept
/// for a while per scope and reference date (`OPENVUM_ECONOMY_SNAPSHOT_SECONDS`, 0: off) and the pages and the API
/// show when it was computed (issue 14 item 9: "from maintained aggregates, with their freshness shown"). A payment
/// written through this server drops the municipality's snapshots at once; a change elsewhere (a case, an order,
/// another server) shows within the bound, or at once when the viewer asks for the figures anew.
final class EconomySnapshots: @unchecked Sendable {
    struct Key: Hashable {
        var municipalityID: UUID
        /// The economy scope: "municipality", or the units in order.
        var scope: String
        var referenceDate: CalendarDate
    }

    /// What the pages compute from a kept ledger (`EconomyOverview`), for the choices it was computed with.
    struct OverviewChoice: Equatable {
        var year: Int
        var grouping: ProjectionGrouping
        var threshold: Int
        var budget: [BudgetLine]
    }

    private let lock = NSLock()
    private var entries: [Key: (ledger: EconomyLedger, computedAt: Date)] = [:]
    /// Per kept ledger (by its key and when it was computed), the overviews computed from it, newest last.
    private var overviews: [Key: (computedAt: Date, items: [(OverviewChoice, EconomyOverview)])] = [:]
    /// The ledgers being computed anew in the background, by key.
    private var refreshing: [Key: Task<Void, Never>] = [:]
    /// Per municipality, how many times its kept figures were dropped: a computation that began before a drop keeps
    /// nothing (it may have read the payments from before it).
    private var generation: [UUID: Int] = [:]
    /// A ledger is kept as it is for `ttl` seconds. For `stale` seconds more it is still answered — with when it was
    /// computed — while a new one is computed in the background (one per key); older, the request computes it.
    let ttl: TimeInterval
    let stale: TimeInterval
    let capacity: Int
    /// How an overview is computed from a ledger (tests count the calls).
    let computeOverview: @Sendable (EconomyLedger, OverviewChoice) -> EconomyOverview

    init(ttl: TimeInterval, stale: TimeInterval = 0, capacity: Int = 32,
         computeOverview: @escaping @Sendable (EconomyLedger, OverviewChoice) -> EconomyOverview = EconomySnapshots.overview(of:choice:)) {
        self.ttl = ttl
        self.stale = ttl > 0 ? stale : 0
        self.capacity = capacity
        self.computeOverview = computeOverview
    }

    @Sendable static func overview(of ledger: EconomyLedger, choice: OverviewChoice) -> EconomyOverview {
        EconomyOverview(ledger: ledger, budget: choice.budget, year: choice.year, grouping: choice.grouping, changeThreshold: choice.threshold)
    }

    static func key(_ p: Principal, referenceDate: CalendarDate) -> Key {
        let scope: String
        switch p.economyScope {
        case .municipality: scope = "municipality"
        case .units(let ids): scope = ids.map { $0.uuidString }.sorted().joined(separator: ",")
        case .citizen(let id): scope = "citizen:\(id.uuidString)"
        case .nothing: scope = "nothing"
        }
        return Key(municipalityID: p.municipalityID, scope: scope, referenceDate: referenceDate)
    }

    /// The kept ledger while it is younger than the bound (and `fresh` is not asked for); within the stale window
    /// after it, the kept one while a new one is computed in the background; else a newly computed one. Nil when the
    /// principal sees no economy. With it, when it was computed and whether newer figures are being computed.
    func ledger(_ p: Principal, referenceDate r: CalendarDate, now: Date, fresh: Bool = false,
                compute: @escaping @Sendable () async throws -> EconomyLedger?) async throws -> (ledger: EconomyLedger, computedAt: Date, computing: Bool)? {
        let key = Self.key(p, referenceDate: r)
        if ttl > 0, !fresh, let hit = lock.withLock({ entries[key] }), now >= hit.computedAt {
            let age = now.timeIntervalSince(hit.computedAt)
            if age < ttl { return (hit.ledger, hit.computedAt, false) }
            if age < ttl + stale {
                refreshInBackground(key, now: now, compute: compute)
                return (hit.ledger, hit.computedAt, true)
            }
        }
        let began = lock.withLock { generation[key.municipalityID, default: 0] }
        guard let ledger = try await compute() else { return nil }
        keep(ledger, key: key, computedAt: now, began: began)
        return (ledger, now, false)
    }

    /// Computes the key's ledger anew in the background unless that is under way, then the overviews kept for the
    /// old one, so that the next page finds both computed.
    private func refreshInBackground(_ key: Key, now: Date, compute: @escaping @Sendable () async throws -> EconomyLedger?) {
        lock.withLock {
            guard refreshing[key] == nil else { return }
            let began = generation[key.municipalityID, default: 0]
            let choices = overviews[key]?.items.map(\.0) ?? []
            refreshing[key] = Task.detached(priority: .background) { [self] in
                defer { lock.withLock { _ = refreshing.removeValue(forKey: key) } }
                guard let ledger = try? await compute() else { return }
                let computed = choices.map { ($0, computeOverview(ledger, $0)) }
                keep(ledger, key: key, computedAt: now, began: began, overviews: computed)
            }
        }
    }

    private func keep(_ ledger: EconomyLedger, key: Key, computedAt: Date, began: Int, overviews computed: [(OverviewChoice, EconomyOverview)] = []) {
        guard ttl > 0 else { return }
        lock.withLock {
            guard generation[key.municipalityID, default: 0] == began else { return }
            if let kept = entries[key], kept.computedAt > computedAt { return }
            if entries.count >= capacity, entries[key] == nil, let oldest = entries.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
                entries.removeValue(forKey: oldest)
            }
            entries[key] = (ledger, computedAt)
            overviews = overviews.filter { entries[$0.key] != nil && $0.key != key }
            if !computed.isEmpty { overviews[key] = (computedAt: computedAt, items: computed) }
        }
    }

    /// Waits for the background computations under way (tests).
    func settled() async {
        while let task = lock.withLock({ refreshing.values.first }) { await task.value }
    }

    /// The overview of a kept ledger for these choices, computed once per ledger (the budget lines are part of the
    /// choices, so a changed line computes it anew); computed every time when nothing is kept.
    func overview(_ p: Principal, referenceDate r: CalendarDate, ledger: EconomyLedger, computedAt: Date, choice: OverviewChoice) -> EconomyOverview {
        guard ttl > 0 else { return computeOverview(ledger, choice) }
        let key = Self.key(p, referenceDate: r)
        if let kept = lock.withLock({ overviews[key] }), kept.computedAt == computedAt, let hit = kept.items.first(where: { $0.0 == choice }) {
            return hit.1
        }
        let overview = computeOverview(ledger, choice)
        lock.withLock {
            guard entries[key]?.computedAt == computedAt else { return }
            let items = overviews[key].flatMap { $0.computedAt == computedAt ? $0.items : nil } ?? []
            overviews[key] = (computedAt: computedAt, items: Array((items.filter { $0.0 != choice } + [(choice, overview)]).suffix(8)))
        }
        return overview
    }

    /// Drops every kept ledger of the municipality (its payments changed); one being computed keeps nothing.
    func invalidate(municipalityID: UUID) {
        lock.withLock {
            generation[municipalityID, default: 0] += 1
            entries = entries.filter { $0.key.municipalityID != municipalityID }
            overviews = overviews.filter { $0.key.municipalityID != municipalityID }
        }
    }
}
