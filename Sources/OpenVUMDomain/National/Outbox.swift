import Foundation

/// The rules of the outbox (issue 16 item 1): a message to a national receiver (Sags- og Dokumentindeks,
/// Ydelsesindeks, FFB reporting, Danmarks Statistik) is written in the same transaction as the change that causes it
/// and delivered by a background worker. These are the worker's decisions, as plain functions: when a message is
/// tried again, when it is given up (dead-lettered), and which messages may be tried now (one at a time per object, in
/// order). A message's id, written with it, is its idempotency key: sent again after a worker stopped mid-delivery, it
/// is the same message to the receiver.
public enum Outbox {
    /// What a receiver answered one attempt.
    public enum Outcome: Sendable, Equatable {
        /// Accepted (2xx, or the receiver said it already had this idempotency key).
        case accepted
        /// An HTTP status other than 2xx, with (the start of) the receiver's answer.
        case status(Int, String)
        /// No usable answer: the receiver could not be reached, timed out, or answered something unreadable.
        case failed(String)
        /// The receiver read the message and refused it for good in its own terms (SF1470's StatusKode 40, say), with
        /// its reason: sending it again as it is would not help.
        case refused(String)
    }

    /// What becomes of a message after an attempt.
    public enum Verdict: Sendable, Equatable {
        case delivered
        /// Tried again at this time.
        case retry(at: Date)
        /// Given up, with the reason shown in the administrator's dead-letter list.
        case deadLetter(reason: String)
    }

    /// How long the worker waits between attempts and when it gives up.
    public struct Policy: Sendable, Equatable {
        /// The wait after the first failed attempt; each further failure doubles it, up to `longestDelay`.
        public var firstDelay: TimeInterval
        public var longestDelay: TimeInterval
        /// Attempts in all before a message that keeps failing is dead-lettered.
        public var maxAttempts: Int

        /// 30 s, 1 min, 2 min … up to 6 hours between attempts; 20 attempts (about 3½ days) before giving up.
        public init(firstDelay: TimeInterval = 30, longestDelay: TimeInterval = 6 * 3600, maxAttempts: Int = 20) {
            self.firstDelay = firstDelay
            self.longestDelay = longestDelay
            self.maxAttempts = maxAttempts
        }

        /// The wait after failed attempt number `attempt` (1 for the first).
        public func delay(afterAttempt attempt: Int) -> TimeInterval {
            let doublings = max(0, attempt - 1)
            // 2^doublings overflows nothing below 63; the cap is reached long before.
            return doublings >= 40 ? longestDelay : min(longestDelay, firstDelay * pow(2, Double(doublings)))
        }

        /// The verdict on attempt number `attempt` (1 for the first) made at `now`. A 4xx answer is the message's own
        /// fault and will not change by trying again — dead-lettered at once, except 408 (timeout), 409 (the receiver
        /// is busy with the object) and 429 (too many requests), which are tried again like a 5xx or no answer.
        public func verdict(_ outcome: Outcome, attempt: Int, now: Date) -> Verdict {
            let reason: String
            switch outcome {
            case .accepted:
                return .delivered
            case .status(let code, _) where (200...299).contains(code):
                return .delivered
            case .status(let code, let answer) where (400...499).contains(code) && ![408, 409, 429].contains(code):
                return .deadLetter(reason: "Modtageren afviste beskeden (HTTP \(code)): \(Outbox.excerpt(answer))")
            case .status(let code, let answer):
                reason = "Modtageren svarede HTTP \(code): \(Outbox.excerpt(answer))"
            case .failed(let why):
                reason = "Intet brugbart svar: \(Outbox.excerpt(why))"
            case .refused(let why):
                return .deadLetter(reason: "Modtageren afviste beskeden: \(Outbox.excerpt(why))")
            }
            if attempt >= maxAttempts { return .deadLetter(reason: "Opgivet efter \(attempt) forsøg. \(reason)") }
            return .retry(at: now.addingTimeInterval(delay(afterAttempt: attempt)))
        }
    }

    /// A receiver's answer as it is kept and shown: one line, at most 300 characters, anything that looks like a CPR
    /// number masked (a receiver may quote the message back).
    public static func excerpt(_ text: String) -> String {
        let line = maskCPRNumbers(in: text.split(whereSeparator: \.isNewline).joined(separator: " ")).trimmingCharacters(in: .whitespaces)
        return line.count > 300 ? String(line.prefix(299)) + "…" : (line.isEmpty ? "(tomt svar)" : line)
    }

    /// Where a message stands.
    public enum State: String, Sendable, Codable, CaseIterable {
        case queued, delivered, deadLettered
    }

    /// What the worker needs to know of a message to choose it.
    public struct Pending: Sendable, Equatable {
        public var id: UUID
        public var receiver: String
        /// The object the message is about (a case, a grant, a citizen's day): its messages go in order.
        public var objectKey: String
        /// The order the outbox's messages were written in (all of them, so also the object's own).
        public var sequence: Int
        public var state: State
        /// Not tried before this time (nil: at once).
        public var notBefore: Date?

        public init(id: UUID, receiver: String, objectKey: String, sequence: Int, state: State, notBefore: Date? = nil) {
            self.id = id
            self.receiver = receiver
            self.objectKey = objectKey
            self.sequence = sequence
            self.state = state
            self.notBefore = notBefore
        }
    }

    /// The messages to try now: per receiver and object only the earliest not delivered, and only when its time has
    /// come. A dead-lettered message holds back the object's later ones (an index must not get a later state before an
    /// earlier one) until the administrator sends it again or sets it aside. In the order written.
    public static func due(_ messages: [Pending], now: Date) -> [Pending] {
        var first: [String: Pending] = [:]
        for m in messages where m.state != .delivered {
            let key = m.receiver + "\u{1F}" + m.objectKey
            if let seen = first[key], seen.sequence <= m.sequence { continue }
            first[key] = m
        }
        return first.values
            .filter { $0.state == .queued && ($0.notBefore.map { $0 <= now } ?? true) }
            .sorted { ($0.sequence, $0.id.uuidString) < ($1.sequence, $1.id.uuidString) }
    }
}
