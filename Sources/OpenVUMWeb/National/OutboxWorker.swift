import Foundation
import Metrics
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The outbox worker (issue 16 item 1): chooses the messages that may be tried now (`Outbox.due`: one at a time per
/// receiver and object, in order), claims each under a lease, sends it with the injected `ReceiverClient`, and
/// records the policy's verdict (`Outbox.Policy`): delivered, tried again later, or dead-lettered with the reason.
/// Nothing is lost: a message leaves the queue only as delivered or as a dead letter, which the administrator can
/// send again.
enum OutboxWorker {
    struct Pass: Sendable, Equatable {
        var attempted = 0
        var delivered = 0
        var failed = 0
        var deadLettered = 0
    }

    /// The next step of each first load under way (a receiver just switched on loads the existing cases, `batch` at a
    /// time, each step its own transaction). Returns the cases taken.
    @discardableResult
    static func load(_ app: Application, batch: Int = 200) async throws -> Int {
        let ctx = app.openvum
        var taken = 0
        for l in try await OutboxStore.loadsUnderWay(on: app.db) {
            taken += try await ctx.transactions.write(on: app.db) { tx in
                try await OutboxStore.loadStep(municipalityID: l.municipalityID, receiver: l.receiver, after: l.after, batch: batch, now: ctx.now(), on: tx)
            }
        }
        return taken
    }

    /// The FFB reports of the days before today not yet reported (oldest first): each day's changed citizens, `batch`
    /// at a time, each step its own transaction. Returns the reports written (valid and invalid).
    @discardableResult
    static func reports(_ app: Application, batch: Int = 200) async throws -> Int {
        let ctx = app.openvum
        let terminology = try await ctx.terminology.current(on: app.db)
        var written = 0
        for (municipalityID, day) in try await FFBReportStore.dueDays(today: CalendarDate(ctx.now()), on: app.db) {
            while true {
                let (step, taken) = try await ctx.transactions.write(on: app.db) { tx in
                    try await FFBReportStore.reportStep(municipalityID: municipalityID, day: day, batch: batch, now: ctx.now(), terminology: terminology, on: tx)
                }
                written += step.queued + step.invalid
                if step.invalid > 0 { Counter(label: "openvum_ffb_reports_invalid_total").increment(by: step.invalid) }
                if taken < batch { break }
            }
        }
        return written
    }

    /// Last month's Danmarks Statistik extract of each municipality whose receiver is switched on, made once the month
    /// is over, so that it waits for the municipality's approval well before the 14th. Returns the extracts made.
    @discardableResult
    static func statistics(_ app: Application) async throws -> Int {
        let ctx = app.openvum
        var made = 0
        for (municipalityID, month) in try await DSTStore.dueMonths(today: CalendarDate(ctx.now()), on: app.db) {
            _ = try await ctx.transactions.write(on: app.db) { tx in
                try await DSTStore.generate(municipalityID: municipalityID, month: month, userID: nil, now: ctx.now(), audit: nil, on: tx)
            }
            made += 1
        }
        return made
    }

    /// One pass over the messages due now.
    static func pass(_ app: Application, limit: Int = 200) async throws -> Pass {
        let ctx = app.openvum
        let due = Outbox.due(try await OutboxStore.pending(now: ctx.now(), on: app.db), now: ctx.now())
        var result = Pass()
        for pending in due.prefix(limit) {
            let now = ctx.now()
            let lease = now.addingTimeInterval(TimeInterval(ctx.config.outboxLeaseSeconds))
            guard let message = try await ctx.transactions.write(on: app.db, { tx in
                try await OutboxStore.claim(id: pending.id, now: now, leaseUntil: lease, on: tx)
            }) else { continue }
            guard let receiver = NationalReceiver(rawValue: message.receiver),
                  let settings = try await OutboxStore.enabled(receiver, municipalityID: message.municipalityID, on: app.db) else { continue }
            result.attempted += 1
            let outcome = await ctx.receivers.send(message, settings)
            let answer: String
            switch outcome {
            case .accepted: answer = "Modtaget"
            case .status(let code, let body): answer = "HTTP \(code): \(body)"
            case .failed(let why), .refused(let why): answer = why
            }
            let verdict = ctx.outboxPolicy.verdict(outcome, attempt: message.attempts, now: ctx.now())
            try await ctx.transactions.write(on: app.db) { tx in
                try await OutboxStore.record(id: message.id, verdict: verdict, answer: answer, now: ctx.now(), on: tx)
            }
            let label: String
            switch verdict {
            case .delivered: result.delivered += 1; label = "delivered"
            case .retry: result.failed += 1; label = "retry"
            case .deadLetter: result.deadLettered += 1; label = "dead_lettered"
            }
            Counter(label: "openvum_outbox_attempts_total", dimensions: [("receiver", message.receiver), ("verdict", label)]).increment()
        }
        return result
    }

    /// Passes until one delivers nothing (a message's successor is due as soon as it is delivered), at most `passes`.
    @discardableResult
    static func drain(_ app: Application, passes: Int = 50) async throws -> Pass {
        try await load(app)
        try await reports(app)
        try await statistics(app)
        var total = Pass()
        for _ in 0..<passes {
            let p = try await pass(app)
            total.attempted += p.attempted
            total.delivered += p.delivered
            total.failed += p.failed
            total.deadLettered += p.deadLettered
            if p.delivered == 0 { break }
        }
        try await recordMetrics(app)
        return total
    }

    /// The outbox in `/metrics`: messages per state and the age of the oldest waiting, over all municipalities.
    static func recordMetrics(_ app: Application) async throws {
        let counts = try await OutboxStore.counts(municipalityID: nil, on: app.db)
        Gauge(label: "openvum_outbox_messages", dimensions: [("state", "queued")]).record(counts.queued)
        Gauge(label: "openvum_outbox_messages", dimensions: [("state", "delivered")]).record(counts.delivered)
        Gauge(label: "openvum_outbox_messages", dimensions: [("state", "dead_lettered")]).record(counts.deadLettered)
        let age = counts.oldestQueuedAt.map { max(0, app.openvum.now().timeIntervalSince($0)) } ?? 0
        Gauge(label: "openvum_outbox_oldest_queued_seconds").record(age)
    }
}
