import Foundation
import OpenVUMDomain

/// Figures computed from every case of a scope take longer at a large municipality than a page may, so what they are
/// computed from (a `Value`: the economy's ledger, the management figures' cases) is kept for a while per scope and
/// reference date, and so is what was derived from it per choice (an overview, a report's figures). The pages and the
/// API show when the value was computed ("from maintained aggregates, with their freshness shown": issues 14 and 15).
/// A write through this server that changes the value drops the municipality's snapshots at once (`invalidate`); a
/// change elsewhere shows within the bound, or at once when the viewer asks for the figures anew.
final class Snapshots<Value: Sendable, Choice: Equatable & Sendable, Derived: Sendable>: @unchecked Sendable {
    struct Key: Hashable {
        var municipalityID: UUID
        /// The scope: "municipality", or the units in order.
        var scope: String
        var referenceDate: CalendarDate
    }

    private let lock = NSLock()
    private var entries: [Key: (value: Value, computedAt: Date)] = [:]
    /// Per kept value (by its key and when it was computed), what was derived from it, newest last.
    private var derivations: [Key: (computedAt: Date, items: [(Choice, Derived)])] = [:]
    /// The values being computed anew in the background, by key.
    private var refreshing: [Key: Task<Void, Never>] = [:]
    /// Per municipality, how many times its kept values were dropped: a computation that began before a drop keeps
    /// nothing (it may have read the data from before it).
    private var generation: [UUID: Int] = [:]
    /// A value is kept as it is for `ttl` seconds. For `stale` seconds more it is still answered — with when it was
    /// computed — while a new one is computed in the background (one per key); older, the request computes it.
    let ttl: TimeInterval
    let stale: TimeInterval
    let capacity: Int
    /// How many derivations are kept per value.
    let derivedPerValue: Int
    /// How a choice is derived from a value (tests count the calls); nil: the choice is not kept across a background
    /// computation (the next request derives it).
    let derive: @Sendable (Value, Choice) -> Derived?

    init(ttl: TimeInterval, stale: TimeInterval = 0, capacity: Int = 32, derivedPerValue: Int = 8, derive: @escaping @Sendable (Value, Choice) -> Derived?) {
        self.ttl = ttl
        self.stale = ttl > 0 ? stale : 0
        self.capacity = capacity
        self.derivedPerValue = derivedPerValue
        self.derive = derive
    }

    static func key(_ p: Principal, referenceDate: CalendarDate) -> Key {
        let scope: String
        switch p.economyScope {
        case .municipality: scope = "municipality"
        case .units(let ids): scope = ids.map { $0.uuidString }.sorted().joined(separator: ",")
        case .citizens(let ids): scope = "citizens:" + ids.map { $0.uuidString }.sorted().joined(separator: ",")
        case .nothing: scope = "nothing"
        }
        return Key(municipalityID: p.municipalityID, scope: scope, referenceDate: referenceDate)
    }

    /// The kept value while it is younger than the bound (and `fresh` is not asked for); within the stale window
    /// after it, the kept one while a new one is computed in the background; else a newly computed one. Nil when the
    /// principal sees nothing. With it, when it was computed and whether a newer one is being computed.
    func value(_ p: Principal, referenceDate r: CalendarDate, now: Date, fresh: Bool = false,
               compute: @escaping @Sendable () async throws -> Value?) async throws -> (value: Value, computedAt: Date, computing: Bool)? {
        let key = Self.key(p, referenceDate: r)
        if ttl > 0, !fresh, let hit = lock.withLock({ entries[key] }), now >= hit.computedAt {
            let age = now.timeIntervalSince(hit.computedAt)
            if age < ttl { return (hit.value, hit.computedAt, false) }
            if age < ttl + stale {
                refreshInBackground(key, now: now, compute: compute)
                return (hit.value, hit.computedAt, true)
            }
        }
        let began = lock.withLock { generation[key.municipalityID, default: 0] }
        guard let value = try await compute() else { return nil }
        keep(value, key: key, computedAt: now, began: began)
        return (value, now, false)
    }

    /// Computes the key's value anew in the background unless that is under way, then what was derived from the old
    /// one, so that the next page finds both computed.
    private func refreshInBackground(_ key: Key, now: Date, compute: @escaping @Sendable () async throws -> Value?) {
        lock.withLock {
            guard refreshing[key] == nil else { return }
            let began = generation[key.municipalityID, default: 0]
            let choices = derivations[key]?.items.map(\.0) ?? []
            refreshing[key] = Task.detached(priority: .background) { [self] in
                defer { lock.withLock { _ = refreshing.removeValue(forKey: key) } }
                guard let value = try? await compute() else { return }
                let computed = choices.compactMap { choice in derive(value, choice).map { (choice, $0) } }
                keep(value, key: key, computedAt: now, began: began, derived: computed)
            }
        }
    }

    private func keep(_ value: Value, key: Key, computedAt: Date, began: Int, derived computed: [(Choice, Derived)] = []) {
        guard ttl > 0 else { return }
        lock.withLock {
            guard generation[key.municipalityID, default: 0] == began else { return }
            if let kept = entries[key], kept.computedAt > computedAt { return }
            if entries.count >= capacity, entries[key] == nil, let oldest = entries.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
                entries.removeValue(forKey: oldest)
            }
            entries[key] = (value, computedAt)
            derivations = derivations.filter { entries[$0.key] != nil && $0.key != key }
            if !computed.isEmpty { derivations[key] = (computedAt: computedAt, items: computed) }
        }
    }

    /// Waits for the background computations under way (tests).
    func settled() async {
        while let task = lock.withLock({ refreshing.values.first }) { await task.value }
    }

    /// What was derived for this choice from the kept value computed at `computedAt`, if it was.
    func kept(_ p: Principal, referenceDate r: CalendarDate, computedAt: Date, choice: Choice) -> Derived? {
        guard ttl > 0, let kept = lock.withLock({ derivations[Self.key(p, referenceDate: r)] }), kept.computedAt == computedAt else { return nil }
        return kept.items.first(where: { $0.0 == choice })?.1
    }

    /// Keeps what was derived for this choice from the value computed at `computedAt` (while that is the kept one).
    func keep(_ p: Principal, referenceDate r: CalendarDate, computedAt: Date, choice: Choice, derived: Derived) {
        guard ttl > 0 else { return }
        let key = Self.key(p, referenceDate: r)
        lock.withLock {
            guard entries[key]?.computedAt == computedAt else { return }
            let items = derivations[key].flatMap { $0.computedAt == computedAt ? $0.items : nil } ?? []
            derivations[key] = (computedAt: computedAt, items: Array((items.filter { $0.0 != choice } + [(choice, derived)]).suffix(derivedPerValue)))
        }
    }

    /// The derivation for this choice from a kept value (`derive`), derived once per value; derived every time when
    /// nothing is kept. Nil for a choice `derive` does not derive (the caller derives and `keep`s it).
    func derived(_ p: Principal, referenceDate r: CalendarDate, value: Value, computedAt: Date, choice: Choice) -> Derived? {
        if let hit = kept(p, referenceDate: r, computedAt: computedAt, choice: choice) { return hit }
        guard let derived = derive(value, choice) else { return nil }
        keep(p, referenceDate: r, computedAt: computedAt, choice: choice, derived: derived)
        return derived
    }

    /// Drops every kept value of the municipality (its data changed); one being computed keeps nothing.
    func invalidate(municipalityID: UUID) {
        lock.withLock {
            generation[municipalityID, default: 0] += 1
            entries = entries.filter { $0.key.municipalityID != municipalityID }
            derivations = derivations.filter { $0.key.municipalityID != municipalityID }
        }
    }
}
