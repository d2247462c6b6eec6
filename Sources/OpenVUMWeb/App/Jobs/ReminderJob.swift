import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The background job of `serve`: every `OPENVUM_REMINDER_INTERVAL_SECONDS` it turns deadlines that
/// fall due within the municipality's lead time into reminders (`ReminderStore.generate`, which the
/// tests call directly with a frozen clock).
final class ReminderJob: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let interval: Int

    init(interval: Int) { self.interval = interval }

    func didBootAsync(_ application: Application) async throws {
        guard interval > 0 else { return }
        let interval = self.interval
        let t = Task {
            while !Task.isCancelled {
                do {
                    let now = application.openvum.now()
                    let n = try await application.openvum.transactions.write(on: application.db) { tx in
                        try await ReminderStore.generate(today: CalendarDate(now), now: now, on: tx)
                    }
                    if n > 0 { application.logger.info("reminders generated", metadata: ["count": "\(n)"]) }
                } catch {
                    application.logger.error("reminder job failed", metadata: ["error": "\(String(describing: type(of: error)))"])
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
