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
    let ttl: TimeInterval
    let capacity: Int

    init(ttl: TimeInterval, capacity: Int = 32) {
        self.ttl = ttl
        self.capacity = capacity
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

    /// The kept ledger while it is younger than the bound (and `fresh` is not asked for), else a newly computed one;
    /// nil when the principal sees no economy. With it, when it was computed.
    func ledger(_ p: Principal, referenceDate r: CalendarDate, now: Date, fresh: Bool = false,
                compute: @Sendable () async throws -> EconomyLedger?) async throws -> (ledger: EconomyLedger, computedAt: Date)? {
        let key = Self.key(p, referenceDate: r)
        if ttl > 0, !fresh, let hit = lock.withLock({ entries[key] }), now >= hit.computedAt, now.timeIntervalSince(hit.computedAt) < ttl {
            return hit
        }
        guard let ledger = try await compute() else { return nil }
        if ttl > 0 {
            lock.withLock {
                if entries.count >= capacity, entries[key] == nil, let oldest = entries.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
                    entries.removeValue(forKey: oldest)
                }
                entries[key] = (ledger, now)
            }
        }
        return (ledger, now)
    }

    /// The overview of a kept ledger for these choices, computed once per ledger (the budget lines are part of the
    /// choices, so a changed line computes it anew); computed every time when nothing is kept.
    func overview(_ p: Principal, referenceDate r: CalendarDate, computedAt: Date, choice: OverviewChoice, compute: () -> EconomyOverview) -> EconomyOverview {
        guard ttl > 0 else { return compute() }
        let key = Self.key(p, referenceDate: r)
        if let kept = lock.withLock({ overviews[key] }), kept.computedAt == computedAt, let hit = kept.items.first(where: { $0.0 == choice }) {
            return hit.1
        }
        let overview = compute()
        lock.withLock {
            let items = overviews[key].flatMap { $0.computedAt == computedAt ? $0.items : nil } ?? []
            overviews[key] = (computedAt: computedAt, items: Array((items.filter { $0.0 != choice } + [(choice, overview)]).suffix(8)))
            overviews = overviews.filter { entries[$0.key] != nil || $0.key == key }
        }
        return overview
    }

    /// Drops every kept ledger of the municipality (its payments changed).
    func invalidate(municipalityID: UUID) {
        lock.withLock {
            entries = entries.filter { $0.key.municipalityID != municipalityID }
            overviews = overviews.filter { $0.key.municipalityID != municipalityID }
        }
    }
}
