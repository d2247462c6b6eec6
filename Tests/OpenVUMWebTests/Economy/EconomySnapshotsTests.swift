import Foundation
import OpenVUMDomain
@testable import OpenVUMWeb
import Testing

@Suite("The economy's kept figures: computed once per scope and reference date within the bound, anew when asked or when payments change")
struct EconomySnapshotsTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int { lock.withLock { n += 1; return n } }
        var count: Int { lock.withLock { n } }
    }

    static let r = CalendarDate(year: 2026, month: 10, day: 31)!
    static func ledger(_ marker: Int) -> EconomyLedger {
        EconomyLedger(referenceDate: r, firstMonth: YearMonth("2026-01")!, interventions: [], payments: [], cpr: [:])
    }
    static func principal(_ role: Role, units: Set<UUID> = [], municipality: UUID = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!) -> Principal {
        Principal(userID: UUID(), municipalityID: municipality, username: "u", displayName: "U", role: role, unitIDs: units, citizenID: nil)
    }

    @Test("kept for the bound, per scope and date; fresh or stale computes anew; a municipality's payments drop only its own; nothing kept at 0 s")
    func keeping() async throws {
        let snapshots = EconomySnapshots(ttl: 300, capacity: 3)
        let calls = Counter()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let economy = Self.principal(.economyConsultant), admin = Self.principal(.administrator)
        func get(_ p: Principal, at seconds: TimeInterval, date: CalendarDate = Self.r, fresh: Bool = false) async throws -> Date? {
            try await snapshots.ledger(p, referenceDate: date, now: t0.addingTimeInterval(seconds), fresh: fresh) { _ = calls.next(); return Self.ledger(0) }?.computedAt
        }
        #expect(try await get(economy, at: 0) == t0 && calls.count == 1)
        // The same municipality's economy scope (the consultant and the administrator alike) within 5 minutes: kept.
        #expect(try await get(admin, at: 299) == t0 && calls.count == 1)
        // Asked for anew, or older than the bound: computed again and kept from then.
        #expect(try await get(economy, at: 10, fresh: true) == t0.addingTimeInterval(10) && calls.count == 2)
        #expect(try await get(economy, at: 310) == t0.addingTimeInterval(310) && calls.count == 3)
        // Another reference date, a team leader's units, another municipality: each its own.
        _ = try await get(economy, at: 311, date: CalendarDate(year: 2026, month: 9, day: 30)!)
        let leader = Self.principal(.teamLeader, units: [UUID()])
        _ = try await get(leader, at: 312)
        #expect(calls.count == 5)
        // A payment of the municipality drops its kept figures; the next read computes them.
        snapshots.invalidate(municipalityID: economy.municipalityID)
        _ = try await get(economy, at: 313)
        #expect(calls.count == 6)
        let other = Self.principal(.economyConsultant, municipality: UUID())
        _ = try await get(other, at: 314)
        snapshots.invalidate(municipalityID: economy.municipalityID)
        _ = try await get(other, at: 315)
        #expect(calls.count == 7)
        // No economy: nothing computed is kept, nil answered.
        #expect(try await snapshots.ledger(economy, referenceDate: Self.r, now: t0, fresh: true) { nil } == nil)
        // Off (0 s): every read computes.
        let off = EconomySnapshots(ttl: 0)
        let offCalls = Counter()
        for _ in 0..<3 { _ = try await off.ledger(economy, referenceDate: Self.r, now: t0) { _ = offCalls.next(); return Self.ledger(0) } }
        #expect(offCalls.count == 3)
    }

    @Test("an overview is computed once per kept ledger and choice; a changed budget line, another grouping or a newly computed ledger computes it again")
    func overviews() async throws {
        let calls = Counter()
        let counting: @Sendable (EconomyLedger, EconomySnapshots.OverviewChoice) -> EconomyOverview = { ledger, choice in
            _ = calls.next()
            return EconomySnapshots.overview(of: ledger, choice: choice)
        }
        let snapshots = EconomySnapshots(ttl: 300, computeOverview: counting)
        let p = Self.principal(.economyConsultant), t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func overview(_ choice: EconomySnapshots.OverviewChoice, at computedAt: Date, on kept: EconomySnapshots = snapshots) {
            _ = kept.overview(p, referenceDate: Self.r, ledger: Self.ledger(0), computedAt: computedAt, choice: choice)
        }
        _ = try await snapshots.ledger(p, referenceDate: Self.r, now: t0) { Self.ledger(0) }
        let byAccount = EconomySnapshots.OverviewChoice(year: 2026, grouping: .account, threshold: 1_000_000, budget: [])
        overview(byAccount, at: t0)
        overview(byAccount, at: t0)
        #expect(calls.count == 1)
        var budgeted = byAccount
        budgeted.budget = [BudgetLine(year: 2026, account: "5.38.50", unitID: nil, original: 100, corrected: nil)]
        overview(budgeted, at: t0)
        overview(EconomySnapshots.OverviewChoice(year: 2026, grouping: .provider, threshold: 1_000_000, budget: []), at: t0)
        #expect(calls.count == 3)
        overview(byAccount, at: t0)
        #expect(calls.count == 3)
        // The ledger computed anew: its overviews too.
        _ = try await snapshots.ledger(p, referenceDate: Self.r, now: t0.addingTimeInterval(400)) { Self.ledger(0) }
        overview(byAccount, at: t0.addingTimeInterval(400))
        #expect(calls.count == 4)
        // Nothing kept (0 s): computed every time.
        let off = EconomySnapshots(ttl: 0, computeOverview: counting)
        for _ in 0..<2 { overview(byAccount, at: t0, on: off) }
        #expect(calls.count == 6)
    }

    @Test("past the bound and within the stale window, the kept figures are answered at once while new ones — with the overviews — are computed in the background, once; a drop of the municipality's figures meanwhile keeps nothing of it")
    func staleWhileComputing() async throws {
        let overviewCalls = Counter()
        let snapshots = EconomySnapshots(ttl: 300, stale: 3_600, computeOverview: { ledger, choice in
            _ = overviewCalls.next()
            return EconomySnapshots.overview(of: ledger, choice: choice)
        })
        let p = Self.principal(.economyConsultant), t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let calls = Counter()
        // Each computation returns a ledger whose first month tells which computation it was.
        func get(at seconds: TimeInterval) async throws -> (firstMonth: String, computedAt: Date, computing: Bool)? {
            try await snapshots.ledger(p, referenceDate: Self.r, now: t0.addingTimeInterval(seconds)) {
                let n = calls.next()
                return EconomyLedger(referenceDate: Self.r, firstMonth: YearMonth(year: 2026, month: n)!, interventions: [], payments: [], cpr: [:])
            }.map { ($0.ledger.firstMonth.description, $0.computedAt, $0.computing) }
        }
        let choice = EconomySnapshots.OverviewChoice(year: 2026, grouping: .account, threshold: 1_000_000, budget: [])
        #expect(try await get(at: 0)?.firstMonth == "2026-01")
        _ = snapshots.overview(p, referenceDate: Self.r, ledger: Self.ledger(0), computedAt: t0, choice: choice)
        #expect(overviewCalls.count == 1)
        // 10 minutes later (past the 5 minutes): the kept one is answered, with when it was computed…
        let stale = try #require(try await get(at: 600))
        #expect(stale.firstMonth == "2026-01" && stale.computedAt == t0 && stale.computing)
        // …and asked again before the background computation is done, it is not started twice.
        _ = try await get(at: 601)
        await snapshots.settled()
        #expect(calls.count == 2)
        // The new ledger is kept as computed at the request that started it, and its overview is ready.
        let new = try #require(try await get(at: 602))
        #expect(new.firstMonth == "2026-02" && new.computedAt == t0.addingTimeInterval(600) && !new.computing)
        #expect(overviewCalls.count == 2)
        _ = snapshots.overview(p, referenceDate: Self.r, ledger: Self.ledger(0), computedAt: t0.addingTimeInterval(600), choice: choice)
        #expect(overviewCalls.count == 2)
        // Older than bound and window together: the request computes.
        #expect(try await get(at: 600 + 300 + 3_600)?.firstMonth == "2026-03")
        #expect(calls.count == 3)

        // A drop while a computation is under way: what it computed is not kept.
        let gate = Gate()
        let dropped = EconomySnapshots(ttl: 300, stale: 3_600)
        _ = try await dropped.ledger(p, referenceDate: Self.r, now: t0) { Self.ledger(0) }
        _ = try await dropped.ledger(p, referenceDate: Self.r, now: t0.addingTimeInterval(400)) {
            await gate.wait()
            return Self.ledger(0)
        }
        dropped.invalidate(municipalityID: p.municipalityID)
        gate.open()
        await dropped.settled()
        let after = Counter()
        _ = try await dropped.ledger(p, referenceDate: Self.r, now: t0.addingTimeInterval(401)) { _ = after.next(); return Self.ledger(0) }
        #expect(after.count == 1)
    }

    /// Holds a background computation until the test opens it.
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            await withCheckedContinuation { c in
                let go = lock.withLock { () -> Bool in
                    if isOpen { return true }
                    waiting.append(c)
                    return false
                }
                if go { c.resume() }
            }
        }
        func open() {
            let all = lock.withLock { isOpen = true; defer { waiting = [] }; return waiting }
            all.forEach { $0.resume() }
        }
    }
}
