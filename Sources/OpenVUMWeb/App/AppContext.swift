import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The one dependency-injection mechanism of OpenVUM: a single `AppContext` value in Vapor's
/// application storage, read by handlers as `req.openvum`. Tests replace fields (the clock, say)
/// before the first request. Nothing else is global, except the process-wide metrics registry.
public struct AppContext: Sendable {
    public var config: AppConfig
    /// The current time. Tests freeze it.
    public var now: @Sendable () -> Date
    /// The active FFB and KLE terminologies, loaded on first use and reloaded after an import.
    public var terminology: TerminologyCache
    /// The principals behind API tokens (role, units, active), read from the database and briefly reused.
    var principals: PrincipalCache
    /// Failed-login throttling per username and client address.
    var loginGuard: LoginGuard
    /// A bcrypt hash of a random password made at start with the configured cost, verified against when a
    /// username is unknown, so that timing does not tell which usernames exist.
    var passwordDecoy: String
    /// How every writer opens transactions (the SQLite write queue and busy retry live there).
    public var transactions: Transactions
    /// OpenID Connect: the issuer's endpoints and keys, fetched on first use.
    var oidc: OIDCClient?
    /// Whether the database answers (requests fail fast with 503 while it does not).
    var databaseHealth: DatabaseHealth
    /// The API's JSON of stored orders, by stored text (the order list renders each order once, not on every read).
    var orderJSON: RenderedJSONMemo
    /// The economy's ledgers, kept for `economySnapshotSeconds` per scope and reference date.
    var economy: EconomySnapshots
    /// The management figures' cases, kept for `figureSnapshotSeconds` per scope and reference date.
    var figures: FigureSnapshots
    /// How outbox messages reach the national receivers (`ReceiverClient.live`; tests put in their own).
    public var receivers: ReceiverClient
    /// When the outbox worker tries a message again and when it gives up.
    public var outboxPolicy: Outbox.Policy

    public init(config: AppConfig, now: @escaping @Sendable () -> Date = { Date() }, terminology: TerminologyCache = TerminologyCache()) {
        self.config = config
        self.now = now
        self.terminology = terminology
        self.principals = PrincipalCache(ttl: TimeInterval(config.principalCacheSeconds))
        self.loginGuard = LoginGuard(perUser: config.loginFailuresPerUser, perAddress: config.loginFailuresPerAddress)
        self.passwordDecoy = ""
        self.transactions = Transactions()
        self.oidc = config.oidc.map { OIDCClient(settings: $0) }
        self.databaseHealth = DatabaseHealth()
        self.orderJSON = RenderedJSONMemo(capacity: 20_000)
        self.economy = EconomySnapshots(ttl: TimeInterval(config.economySnapshotSeconds), stale: TimeInterval(config.economyStaleSeconds))
        self.figures = FigureSnapshots(ttl: TimeInterval(config.figureSnapshotSeconds), stale: TimeInterval(config.figureStaleSeconds))
        self.receivers = .unconfigured
        self.outboxPolicy = Outbox.Policy(firstDelay: TimeInterval(config.outboxFirstRetrySeconds))
    }
}

extension Application {
    private struct ContextKey: StorageKey {
        typealias Value = AppContext
    }

    /// The application's dependencies. Set once by `configure`.
    public var openvum: AppContext {
        get {
            guard let value = storage[ContextKey.self] else { fatalError("configure(_:config:) has not run") }
            return value
        }
        set { storage[ContextKey.self] = newValue }
    }
}

extension Request {
    public var openvum: AppContext { application.openvum }

    /// Whether this request is an API request (problem+json errors, bearer tokens) or a web page.
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
