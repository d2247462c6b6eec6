import Foundation

/// An asynchronous mutual exclusion, first come first served: at most one `run` body at a time. Used to
/// serialise write transactions on the embedded SQLite database (one writer at a time is SQLite's own
/// model; queuing in the application means a burst of writers waits instead of failing with "database is locked").
package final class AsyncGate: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package init() {}

    package func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if busy { waiters.append(c); return false }
                busy = true
                return true
            }
            if now { c.resume() }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiters.isEmpty { busy = false; return nil }
            return waiters.removeFirst()
        }
        next?.resume()
    }
}
