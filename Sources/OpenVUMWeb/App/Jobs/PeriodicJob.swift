import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// A background job of `serve`: runs `work` every `interval` seconds from boot to shutdown (0: off). A failed run is
/// logged by its error's type (never its text, which may hold personal data) and the next run comes as usual.
/// The work itself is a plain function the tests call directly with a frozen clock.
final class PeriodicJob: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let name: String
    let interval: Int
    let work: @Sendable (Application) async throws -> Void

    init(_ name: String, interval: Int, work: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.interval = interval
        self.work = work
    }

    func didBootAsync(_ application: Application) async throws {
        guard interval > 0 else { return }
        let (interval, name, work) = (self.interval, self.name, self.work)
        let t = Task {
            while !Task.isCancelled {
                do {
                    try await work(application)
                } catch {
                    application.logger.error("\(name) failed", metadata: ["error": "\(String(describing: type(of: error)))"])
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        lock.withLock { task = t }
    }

    func shutdownAsync(_ application: Application) async {
        lock.withLock { task }?.cancel()
    }
}

extension PeriodicJob {
    /// Every `OPENVUM_REMINDER_INTERVAL_SECONDS`: deadlines that fall due within the municipality's lead time become
    /// reminders (`ReminderStore.generate`).
    static func reminders(interval: Int) -> PeriodicJob {
        PeriodicJob("reminder job", interval: interval) { app in
            let now = app.openvum.now()
            let n = try await app.openvum.transactions.write(on: app.db) { tx in
                try await ReminderStore.generate(today: CalendarDate(now), now: now, on: tx)
            }
            if n > 0 { app.logger.info("reminders generated", metadata: ["count": "\(n)"]) }
        }
    }

    /// Every `OPENVUM_OUTBOX_INTERVAL_SECONDS`: the outbox worker delivers what is due (`OutboxWorker.drain`).
    static func outbox(interval: Int) -> PeriodicJob {
        PeriodicJob("outbox pass", interval: interval) { app in
            let p = try await OutboxWorker.drain(app)
            if p.attempted > 0 {
                app.logger.info("outbox pass", metadata: [
                    "attempted": "\(p.attempted)", "delivered": "\(p.delivered)", "failed": "\(p.failed)", "deadLettered": "\(p.deadLettered)",
                ])
            }
        }
    }
}
