import Foundation

/// Throttling of failed logins (OWASP ASVS 2.2.1): per key (a username, a client address), once `threshold`
/// failures have happened without a success in between, each further attempt must wait — 1 s after the
/// first failure over the threshold, doubling each time, at most `maxWait`. A key's failures are forgotten
/// `window` after its last failure. A blocked attempt is refused before the password is checked, so it costs
/// no bcrypt time (throttling is also the answer to bcrypt as a denial-of-service lever).
/// Backoff rather than lockout: a guessing attacker cannot lock the real user out for longer than `maxWait`.
public struct LoginThrottle: Sendable {
    public struct Entry: Sendable, Equatable {
        public var failures: Int
        public var lastFailure: Date
    }

    public var threshold: Int
    public var window: TimeInterval
    public var maxWait: TimeInterval
    public private(set) var entries: [String: Entry] = [:]
    /// At most this many keys are kept; beyond it, forgotten keys are pruned first, then the oldest.
    public var capacity = 50_000

    public init(threshold: Int, window: TimeInterval = 900, maxWait: TimeInterval = 900) {
        self.threshold = threshold
        self.window = window
        self.maxWait = maxWait
    }

    /// The wait before the next attempt after `failures` failures (nil: no wait).
    public static func wait(failures: Int, threshold: Int, maxWait: TimeInterval) -> TimeInterval? {
        guard failures >= threshold else { return nil }
        let doublings = min(failures - threshold, 30)
        return min(pow(2, Double(doublings)), maxWait)
    }

    /// Seconds until `key` may try again (rounded up), or nil when it may try now.
    public func retryAfter(_ key: String, now: Date) -> Int? {
        guard let e = entries[key], now.timeIntervalSince(e.lastFailure) < window,
              let wait = Self.wait(failures: e.failures, threshold: threshold, maxWait: maxWait) else { return nil }
        let remaining = e.lastFailure.addingTimeInterval(wait).timeIntervalSince(now)
        return remaining > 0 ? Int(remaining.rounded(.up)) : nil
    }

    public mutating func recordFailure(_ key: String, now: Date) {
        var e = entries[key] ?? Entry(failures: 0, lastFailure: now)
        if now.timeIntervalSince(e.lastFailure) >= window { e.failures = 0 }
        e.failures += 1
        e.lastFailure = now
        entries[key] = e
        if entries.count > capacity { prune(now: now) }
    }

    public mutating func recordSuccess(_ key: String) {
        entries[key] = nil
    }

    mutating func prune(now: Date) {
        entries = entries.filter { now.timeIntervalSince($0.value.lastFailure) < window }
        if entries.count > capacity {
            let keep = entries.sorted { $0.value.lastFailure > $1.value.lastFailure }.prefix(capacity)
            entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}

/// The checks an API access token must pass besides its signature and expiry.
public enum AccessTokenRules {
    public static let issuer = "openvum"
    public static let audience = "openvum-api"
    /// Clock skew tolerated between servers.
    public static let leeway: TimeInterval = 60

    /// Why a token with these claims is refused, or nil when it is acceptable. A token may live at most
    /// `lifetime` (the configured TTL), must not be issued in the future and must name this issuer and audience.
    public static func problem(issuer: String?, audiences: [String], issuedAt: Date?, expiresAt: Date, now: Date, lifetime: TimeInterval) -> String? {
        guard issuer == Self.issuer else { return "issuer" }
        guard audiences.contains(Self.audience) else { return "audience" }
        guard let issuedAt else { return "issued-at missing" }
        if issuedAt.timeIntervalSince(now) > leeway { return "issued in the future" }
        if expiresAt.timeIntervalSince(issuedAt) > lifetime + 1 { return "lifetime longer than the configured TTL" }
        if expiresAt <= now { return "expired" }
        return nil
    }
}

/// Where a browser may be sent after login: only a known local page (no open redirect).
public enum SafeRedirect {
    /// `candidate` when it is a local path of one of `pages` (path components; a component starting with ":"
    /// matches any one segment), made only of URL-safe characters; otherwise nil. Refuses `//host`, `/\host`,
    /// backslashes, control and white-space characters, percent-escapes, queries and fragments.
    public static func localPath(_ candidate: String?, pages: [[String]]) -> String? {
        guard let candidate, candidate.hasPrefix("/"), candidate.count <= 200 else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
        guard candidate.unicodeScalars.allSatisfy({ allowed.contains($0) }), !candidate.contains("//"), !candidate.contains("/../"),
              !candidate.hasSuffix("/..") else { return nil }
        let segments = candidate.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let path = segments == [""] ? [] : segments
        let known = pages.contains { pattern in
            pattern.count == path.count && zip(pattern, path).allSatisfy { p, s in p.hasPrefix(":") ? !s.isEmpty && s != "." && s != ".." : p == s }
        }
        return known ? candidate : nil
    }
}

/// A client's `X-Request-Id`, kept only when it is short and plain; the server always makes its own id.
public enum ClientRequestID {
    public static func bounded(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty, raw.count <= 64 else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
        return raw.unicodeScalars.allSatisfy { allowed.contains($0) } ? raw : nil
    }
}

/// NSIS assurance levels (Low, Substantial, High), as MitID and MitID Erhverv report them through the
/// national login (NemLog-in) in the `loa` or `acr` claim: either the bare name or the URI
/// `https://data.gov.dk/concept/core/nsis/loa/<Name>`.
public enum AssuranceLevel: Int, Sendable, Comparable, CaseIterable {
    case low = 1, substantial = 2, high = 3

    public static let uriPrefix = "https://data.gov.dk/concept/core/nsis/loa/"

    public init?(claim: String) {
        var name = claim.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix(Self.uriPrefix) { name.removeFirst(Self.uriPrefix.count) }
        switch name.lowercased() {
        case "low": self = .low
        case "substantial": self = .substantial
        case "high": self = .high
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .low: "Low"
        case .substantial: "Substantial"
        case .high: "High"
        }
    }

    public var danishName: String {
        switch self {
        case .low: "Lav"
        case .substantial: "Betydelig"
        case .high: "Høj"
        }
    }

    public static func < (a: AssuranceLevel, b: AssuranceLevel) -> Bool { a.rawValue < b.rawValue }
}
