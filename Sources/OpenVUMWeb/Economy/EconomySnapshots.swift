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

    private let lock = NSLock()
    private var entries: [Key: (ledger: EconomyLedger, computedAt: Date)] = [:]
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

    /// Drops every kept ledger of the municipality (its payments changed).
    func invalidate(municipalityID: UUID) {
        lock.withLock { entries = entries.filter { $0.key.municipalityID != municipalityID } }
    }
}
