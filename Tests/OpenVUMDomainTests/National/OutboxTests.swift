import Foundation
@testable import OpenVUMDomain
import Testing

/// The outbox worker's decisions (issue 16 item 1), worked out by hand.
@Suite("Outbox: retries with backoff, dead letters, one message at a time per object")
struct OutboxTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the wait doubles from 30 s after each failed attempt and stops growing at 6 hours")
    func backoff() {
        let p = Outbox.Policy()
        // 30 · 2^(n−1): 30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, then 30720 > 21600 → 21600.
        #expect((1...11).map { p.delay(afterAttempt: $0) } == [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600])
        #expect(p.delay(afterAttempt: 19) == 21600 && p.delay(afterAttempt: 1_000) == 21600)
        #expect(Outbox.Policy(firstDelay: 1, longestDelay: 5, maxAttempts: 3).delay(afterAttempt: 4) == 5)
    }

    @Test("accepted or 2xx: delivered; 5xx, 408, 409, 429 or no answer: tried again after the wait; other 4xx: dead-lettered at once; the 20th failure: dead-lettered")
    func verdicts() {
        let p = Outbox.Policy()
        #expect(p.verdict(.accepted, attempt: 1, now: Self.t0) == .delivered)
        // Refused in the receiver's own terms (not HTTP): given up at once, with its reason.
        #expect(p.verdict(.refused("StatusKode 40 – ugyldig"), attempt: 1, now: Self.t0) == .deadLetter(reason: "Modtageren afviste beskeden: StatusKode 40 – ugyldig"))
        #expect(p.verdict(.status(204, ""), attempt: 3, now: Self.t0) == .delivered)
        #expect(p.verdict(.status(503, "Service Unavailable"), attempt: 1, now: Self.t0) == .retry(at: Self.t0.addingTimeInterval(30)))
        #expect(p.verdict(.failed("connection refused"), attempt: 3, now: Self.t0) == .retry(at: Self.t0.addingTimeInterval(120)))
        for code in [408, 409, 429] {
            #expect(p.verdict(.status(code, ""), attempt: 2, now: Self.t0) == .retry(at: Self.t0.addingTimeInterval(60)), "\(code)")
        }
        #expect(p.verdict(.status(400, "Ugyldig Sagsklasse\nlinje 2"), attempt: 1, now: Self.t0)
                == .deadLetter(reason: "Modtageren afviste beskeden (HTTP 400): Ugyldig Sagsklasse linje 2"))
        #expect(p.verdict(.status(500, ""), attempt: 19, now: Self.t0) == .retry(at: Self.t0.addingTimeInterval(21600)))
        #expect(p.verdict(.status(500, ""), attempt: 20, now: Self.t0) == .deadLetter(reason: "Opgivet efter 20 forsøg. Modtageren svarede HTTP 500: (tomt svar)"))
        // A long answer is kept as one line of at most 300 characters.
        let long = String(repeating: "x", count: 1_000)
        guard case .deadLetter(let reason) = p.verdict(.status(422, long), attempt: 1, now: Self.t0) else { Issue.record("not dead-lettered"); return }
        #expect(reason.hasSuffix("…") && reason.count == "Modtageren afviste beskeden (HTTP 422): ".count + 300)
        // A receiver that quotes the citizen's CPR number back: masked before it is kept or shown.
        #expect(Outbox.excerpt("Ukendt sagspart urn:oio:cpr-nr:0707614285\n(070761-4285)") == "Ukendt sagspart urn:oio:cpr-nr:070761-**** (070761-****)")
    }

    @Test("due: per receiver and object only the earliest message not delivered, when its time has come; a dead letter holds back its object's later messages; in the order written")
    func due() {
        func m(_ n: Int, _ object: String, _ state: Outbox.State = .queued, receiver: String = "sdi", at: TimeInterval? = nil) -> Outbox.Pending {
            Outbox.Pending(id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!, receiver: receiver, objectKey: object, sequence: n,
                           state: state, notBefore: at.map { Self.t0.addingTimeInterval($0) })
        }
        let messages = [
            m(1, "case-A", .delivered), m(2, "case-A"), m(3, "case-A"),           // A: 2 is next, 3 waits for it
            m(4, "case-B", at: 60), m(5, "case-B"),                              // B: 4 waits for its time, 5 for 4
            m(6, "case-C", .deadLettered), m(7, "case-C"),                       // C: held back by the dead letter
            m(8, "case-A", receiver: "ydelse"),                                  // another receiver: its own order
            m(9, "case-D", at: 0),                                               // due exactly now
        ]
        #expect(Outbox.due(messages, now: Self.t0).map(\.sequence) == [2, 8, 9])
        // A minute later B's first is due; once 2 is delivered, 3 is.
        var later = messages
        later[1].state = .delivered
        #expect(Outbox.due(later, now: Self.t0.addingTimeInterval(60)).map(\.sequence) == [3, 4, 8, 9])
        // The dead letter sent again (queued) goes first for its object; set aside (delivered by hand), the next goes.
        later[5].state = .queued
        #expect(Outbox.due(later, now: Self.t0).map(\.sequence) == [3, 6, 8, 9])
        later[5].state = .delivered
        #expect(Outbox.due(later, now: Self.t0).map(\.sequence) == [3, 7, 8, 9])
        #expect(Outbox.due([], now: Self.t0).isEmpty)
    }
}
