import Foundation
import OpenVUMDomain
import OpenVUMStore

/// Every setting, read once from environment variables at start (`AppConfig.load`). Invalid settings
/// stop the server with one message listing every problem. The README's configuration table mirrors this.
public struct AppConfig: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable {
        case development, production, testing
    }

    public enum DatabaseLocation: Sendable, Equatable {
        /// An SQLite file (created, migrated and seeded with the demo municipality by `serve` when new).
        case sqlite(path: String)
        /// A PostgreSQL URL; `schema` (tests only) sets the search path.
        case postgres(url: String, schema: String?)

        public var isSQLite: Bool { if case .sqlite = self { true } else { false } }
    }

    public var mode: Mode
    public var database: DatabaseLocation
    public var databasePoolSize: Int
    /// The HMAC secret of API tokens; nil when not configured (testing and development then generate one at
    /// start: `configure` keeps a development secret beside the SQLite file, see `JWTSecret`). Never compiled in.
    public var jwtSecret: String?
    public var tokenLifetime: TimeInterval
    public var sessionLifetime: SessionLifetime
    public var cookieSecure: Bool
    public var maxBodySize: Int
    public var auditRetentionMonths: Int
    public var demoPassword: String
    /// Citizens in the demo municipality's generated two-year history (0: none).
    public var demoCitizens: Int = 250
    /// Days a provider still sees an order after it stopped binding them (ended, rejected or withdrawn).
    public var providerGraceDays: Int = 30
    /// How long the economy's figures of a scope are kept before they are computed again from the cases (0: every
    /// request computes them; the default when testing).
    public var economySnapshotSeconds: Int = 300
    /// For how long after that the kept figures are still answered (saying when they were computed) while new ones
    /// are computed in the background, so that no page waits for them (0: the request computes them).
    public var economyStaleSeconds: Int = 3_600
    /// The same two bounds for the cases the management figures and reports are computed from (issue 15 item 7).
    public var figureSnapshotSeconds: Int = 300
    public var figureStaleSeconds: Int = 3_600
    /// Seconds between the outbox worker's passes in `serve` (0: off; issue 16).
    public var outboxIntervalSeconds: Int = 5
    /// How long an attempt holds its message: a worker stopped mid-delivery leaves it to be tried again after this.
    /// A receiver gets half of it to answer.
    public var outboxLeaseSeconds: Int = 60
    /// The wait after a message's first failed attempt; it doubles after each further failure, up to 6 hours.
    public var outboxFirstRetrySeconds: Int = 30
    /// Exports of a report that leave the unit show counts below this as »<N« (issue 15 item 3).
    public var smallNumberThreshold: Int = 5
    /// The secret key of the BI dataset's pseudonyms (`OPENVUM_BI_KEY`, at least 32 characters); nil in production
    /// until set (the export then refuses), a fixed development key otherwise.
    public var biKey: String?
    /// Development and tests only: pseudonyms made with it are not secret.
    public static let developmentBIKey = "openvum-development-bi-key-not-secret-0000"
    public var bcryptCost: Int
    public var logLevel: String
    /// A folder with ffb.json/kle.json imported for the demo (default: ../shared/terminology when present).
    public var terminologyDirectory: String?
    /// Seconds between runs of the reminder job in `serve` (0: off).
    public var reminderInterval: Int
    /// How long a user's principal (role, units, active) read for an API token is reused before it is read again.
    /// Changes made through this server take effect at once (the entry is dropped); changes made elsewhere
    /// (another server, the command line) within this bound.
    public var principalCacheSeconds: Int
    /// Failed logins per username, and per client address, before each further attempt must wait (429).
    public var loginFailuresPerUser: Int
    public var loginFailuresPerAddress: Int
    /// Peers whose `X-Forwarded-For` is trusted for the client address (a reverse proxy).
    public var trustedProxies: Set<String>
    /// `Strict-Transport-Security` max-age in seconds (0: no header).
    public var hstsSeconds: Int
    /// Who may read `/metrics`: client addresses, and/or a bearer token.
    public var metricsAllowedAddresses: Set<String>
    public var metricsToken: String?
    /// Whether users may log in with a local password (production: only when explicitly allowed).
    public var passwordLoginAllowed: Bool
    /// OpenID Connect login (MitID Erhverv / the municipality's IdP, MitID); nil when not configured.
    public var oidc: OIDCSettings?
    /// The longest a request waits for a database connection, and the longest a database call may take.
    public var databaseTimeout: TimeInterval
    /// The largest document that may be attached to a case.
    public var documentMaxBytes: Int = DocumentRules.defaultMaxBytes
    /// Where documents' content is kept: the database, or a directory (`OPENVUM_DOCUMENT_DIR`).
    public var documentStorage: AttachmentStorage = .database
    /// The official DKFDS stylesheet to load instead of OpenVUM's own (a path on this site, or an https URL whose
    /// origin the content security policy then allows for styles, fonts and images); nil: OpenVUM's own.
    public var dkfdsStylesheet: String?

    public static let defaultSQLitePath = "./data/openvum.sqlite"

    /// Every variable this reads, for the README's table and the error message.
    public static let variables = [
        "OPENVUM_ENV", "DATABASE_URL", "OPENVUM_DB_POOL_SIZE", "OPENVUM_JWT_SECRET", "OPENVUM_TOKEN_TTL_MINUTES",
        "OPENVUM_SESSION_IDLE_MINUTES", "OPENVUM_SESSION_ABSOLUTE_HOURS", "OPENVUM_COOKIE_SECURE", "OPENVUM_MAX_BODY_BYTES",
        "OPENVUM_AUDIT_RETENTION_MONTHS", "OPENVUM_DEMO_PASSWORD", "OPENVUM_DEMO_CITIZENS", "OPENVUM_PROVIDER_GRACE_DAYS", "OPENVUM_BCRYPT_COST", "OPENVUM_LOG_LEVEL",
        "OPENVUM_TERMINOLOGY_DIR", "OPENVUM_REMINDER_INTERVAL_SECONDS", "OPENVUM_AUTH_CACHE_SECONDS", "OPENVUM_LOGIN_USER_FAILURES",
        "OPENVUM_LOGIN_ADDRESS_FAILURES", "OPENVUM_TRUSTED_PROXIES", "OPENVUM_HSTS_SECONDS", "OPENVUM_METRICS_ALLOW", "OPENVUM_METRICS_TOKEN",
        "OPENVUM_PASSWORD_LOGIN", "OPENVUM_DB_TIMEOUT_SECONDS", "OPENVUM_DOCUMENT_MAX_BYTES", "OPENVUM_DOCUMENT_DIR",
        "OPENVUM_DKFDS_STYLESHEET", "OPENVUM_ECONOMY_SNAPSHOT_SECONDS", "OPENVUM_ECONOMY_STALE_SECONDS", "OPENVUM_FIGURE_SNAPSHOT_SECONDS", "OPENVUM_FIGURE_STALE_SECONDS",
        "OPENVUM_OUTBOX_INTERVAL_SECONDS", "OPENVUM_OUTBOX_LEASE_SECONDS", "OPENVUM_OUTBOX_FIRST_RETRY_SECONDS",
        "OPENVUM_SMALL_NUMBER_THRESHOLD", "OPENVUM_BI_KEY",
    ] + OIDCSettings.variables

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var problems: [String]
        public var description: String {
            "OpenVUM cannot start; fix these settings:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads the configuration from `env`, collecting every problem before failing.
    public static func load(from env: [String: String]) throws(Invalid) -> AppConfig {
        var problems: [String] = []
        func value(_ key: String) -> String? {
            guard let v = env[key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        func int(_ key: String, default d: Int, range: ClosedRange<Int>) -> Int {
            guard let raw = value(key) else { return d }
            guard let n = Int(raw), range.contains(n) else {
                problems.append("\(key)=\(raw) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return d
            }
            return n
        }
        func bool(_ key: String, default d: Bool) -> Bool {
            guard let raw = value(key)?.lowercased() else { return d }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(key)=\(raw) must be true or false")
                return d
            }
        }

        var mode = Mode.development
        if let raw = value("OPENVUM_ENV") {
            if let m = Mode(rawValue: raw.lowercased()) { mode = m } else {
                problems.append("OPENVUM_ENV=\(raw) must be development, production or testing")
            }
        }

        var database = DatabaseLocation.sqlite(path: defaultSQLitePath)
        if let raw = value("DATABASE_URL") {
            if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
                if URLComponents(string: raw)?.host == nil {
                    problems.append("DATABASE_URL is not a valid postgres:// URL (expected postgres://user:password@host:port/database)")
                }
                database = .postgres(url: raw, schema: nil)
            } else if raw.hasPrefix("sqlite://") {
                let path = String(raw.dropFirst("sqlite://".count))
                if !path.hasPrefix("/") {
                    problems.append("DATABASE_URL=sqlite://… must name an absolute path, as in sqlite:///var/lib/openvum/openvum.sqlite")
                }
                database = .sqlite(path: path)
            } else {
                problems.append("DATABASE_URL must start with postgres:// or sqlite:/// (the value is not shown, it may contain a password)")
            }
        }

        let poolSize = int("OPENVUM_DB_POOL_SIZE", default: 8, range: 1...200)
        let jwtSecret = value("OPENVUM_JWT_SECRET")
        if let s = jwtSecret, s.count < 32 { problems.append("OPENVUM_JWT_SECRET must be at least 32 characters") }
        let tokenMinutes = int("OPENVUM_TOKEN_TTL_MINUTES", default: 15, range: 1...1440)
        let idle = int("OPENVUM_SESSION_IDLE_MINUTES", default: 30, range: 1...1440)
        let absolute = int("OPENVUM_SESSION_ABSOLUTE_HOURS", default: 12, range: 1...168)
        let secure = bool("OPENVUM_COOKIE_SECURE", default: true)
        let maxBody = int("OPENVUM_MAX_BODY_BYTES", default: 1_048_576, range: 1024...104_857_600)
        let retention = int("OPENVUM_AUDIT_RETENTION_MONTHS", default: 6, range: 1...600)
        let demoPassword = value("OPENVUM_DEMO_PASSWORD") ?? "demo"
        let demoCitizens = int("OPENVUM_DEMO_CITIZENS", default: 250, range: 0...5000)
        let providerGraceDays = int("OPENVUM_PROVIDER_GRACE_DAYS", default: 30, range: 0...365)
        let economySeconds = int("OPENVUM_ECONOMY_SNAPSHOT_SECONDS", default: mode == .testing ? 0 : 300, range: 0...86_400)
        let economyStale = int("OPENVUM_ECONOMY_STALE_SECONDS", default: 3_600, range: 0...86_400)
        let figureSeconds = int("OPENVUM_FIGURE_SNAPSHOT_SECONDS", default: mode == .testing ? 0 : 300, range: 0...86_400)
        let figureStale = int("OPENVUM_FIGURE_STALE_SECONDS", default: 3_600, range: 0...86_400)
        let outboxInterval = int("OPENVUM_OUTBOX_INTERVAL_SECONDS", default: mode == .testing ? 0 : 5, range: 0...3_600)
        let outboxLease = int("OPENVUM_OUTBOX_LEASE_SECONDS", default: 60, range: 2...3_600)
        let outboxFirstRetry = int("OPENVUM_OUTBOX_FIRST_RETRY_SECONDS", default: 30, range: 1...3_600)
        let smallNumbers = int("OPENVUM_SMALL_NUMBER_THRESHOLD", default: 5, range: 1...100)
        let biKey = value("OPENVUM_BI_KEY")
        if let k = biKey, k.count < 32 { problems.append("OPENVUM_BI_KEY must be at least 32 characters") }
        let cost = int("OPENVUM_BCRYPT_COST", default: 12, range: 4...31)
        let logLevel = value("OPENVUM_LOG_LEVEL")?.lowercased() ?? "info"
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append("OPENVUM_LOG_LEVEL=\(logLevel) must be trace, debug, info, notice, warning, error or critical")
        }

        let terminologyDirectory = value("OPENVUM_TERMINOLOGY_DIR")
        if let dir = terminologyDirectory, !FileManager.default.fileExists(atPath: dir) {
            problems.append("OPENVUM_TERMINOLOGY_DIR=\(dir) does not exist")
        }
        let reminderInterval = int("OPENVUM_REMINDER_INTERVAL_SECONDS", default: 3600, range: 0...86400)
        let cacheSeconds = int("OPENVUM_AUTH_CACHE_SECONDS", default: 5, range: 0...300)
        let userFailures = int("OPENVUM_LOGIN_USER_FAILURES", default: 5, range: 1...1000)
        let addressFailures = int("OPENVUM_LOGIN_ADDRESS_FAILURES", default: 50, range: 1...100_000)
        func addresses(_ key: String, default d: String) -> Set<String> {
            let list = (value(key) ?? d).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for a in list where !ClientAddress.isIPAddress(a) { problems.append("\(key): \(a) is not an IP address") }
            return Set(list.map(ClientAddress.normalized))
        }
        let proxies = addresses("OPENVUM_TRUSTED_PROXIES", default: "")
        let hsts = int("OPENVUM_HSTS_SECONDS", default: 31_536_000, range: 0...63_072_000)
        let metricsAllow = addresses("OPENVUM_METRICS_ALLOW", default: "127.0.0.1,::1")
        let metricsToken = value("OPENVUM_METRICS_TOKEN")
        if let t = metricsToken, t.count < 32 { problems.append("OPENVUM_METRICS_TOKEN must be at least 32 characters") }
        let passwordLogin = bool("OPENVUM_PASSWORD_LOGIN", default: mode != .production)
        let dbTimeout = int("OPENVUM_DB_TIMEOUT_SECONDS", default: 5, range: 1...600)
        let oidc = OIDCSettings.load(value, problems: &problems)
        let documentMax = int("OPENVUM_DOCUMENT_MAX_BYTES", default: DocumentRules.defaultMaxBytes, range: 1024...104_857_600)
        let documentDir = value("OPENVUM_DOCUMENT_DIR")
        if let dir = documentDir {
            var isDirectory: ObjCBool = false
            if !dir.hasPrefix("/") {
                problems.append("OPENVUM_DOCUMENT_DIR=\(dir) must be an absolute path")
            } else if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problems.append("OPENVUM_DOCUMENT_DIR=\(dir) is not an existing directory")
            } else if !FileManager.default.isWritableFile(atPath: dir) {
                problems.append("OPENVUM_DOCUMENT_DIR=\(dir) is not writable by the server")
            }
        }

        let dkfds = value("OPENVUM_DKFDS_STYLESHEET")
        if let d = dkfds, AppConfig.stylesheetOrigin(d) == nil {
            problems.append("OPENVUM_DKFDS_STYLESHEET=\(d) must be a path on this site (/dkfds/css/dkfds.min.css) or an https:// URL")
        }

        if mode == .production {
            if jwtSecret == nil { problems.append("OPENVUM_JWT_SECRET must be set in production (at least 32 random characters)") }
            if let o = oidc, !o.issuer.hasPrefix("https://") || !o.redirectURL.hasPrefix("https://") {
                problems.append("OPENVUM_OIDC_ISSUER and OPENVUM_OIDC_REDIRECT_URL must be https:// URLs in production")
            }
            if oidc == nil && !passwordLogin {
                problems.append("nobody can log in: configure OpenID Connect (OPENVUM_OIDC_ISSUER …), or allow local passwords explicitly with OPENVUM_PASSWORD_LOGIN=true")
            }
            if !secure { problems.append("OPENVUM_COOKIE_SECURE=false is not allowed in production") }
            if value("OPENVUM_DEMO_PASSWORD") != nil { problems.append("OPENVUM_DEMO_PASSWORD is not allowed in production: there are no demo users") }
            if cost < 10 { problems.append("OPENVUM_BCRYPT_COST must be at least 10 in production") }
        }

        if !problems.isEmpty { throw Invalid(problems: problems) }
        var config = AppConfig(
            mode: mode, database: database, databasePoolSize: poolSize, jwtSecret: jwtSecret,
            tokenLifetime: TimeInterval(tokenMinutes * 60),
            sessionLifetime: SessionLifetime(idle: TimeInterval(idle * 60), absolute: TimeInterval(absolute * 3600)),
            cookieSecure: secure, maxBodySize: maxBody, auditRetentionMonths: retention, demoPassword: demoPassword,
            bcryptCost: cost, logLevel: logLevel, terminologyDirectory: terminologyDirectory, reminderInterval: reminderInterval,
            principalCacheSeconds: cacheSeconds, loginFailuresPerUser: userFailures, loginFailuresPerAddress: addressFailures,
            trustedProxies: proxies, hstsSeconds: hsts, metricsAllowedAddresses: metricsAllow, metricsToken: metricsToken,
            passwordLoginAllowed: passwordLogin, oidc: oidc, databaseTimeout: TimeInterval(dbTimeout))
        config.demoCitizens = demoCitizens
        config.providerGraceDays = providerGraceDays
        config.economySnapshotSeconds = economySeconds
        config.economyStaleSeconds = economyStale
        config.figureSnapshotSeconds = figureSeconds
        config.figureStaleSeconds = figureStale
        config.outboxIntervalSeconds = outboxInterval
        config.outboxLeaseSeconds = outboxLease
        config.outboxFirstRetrySeconds = outboxFirstRetry
        config.smallNumberThreshold = smallNumbers
        config.biKey = biKey ?? (mode == .production ? nil : AppConfig.developmentBIKey)
        config.documentMaxBytes = documentMax
        config.documentStorage = documentDir.map { .directory($0) } ?? .database
        config.dkfdsStylesheet = dkfds
        return config
    }

    /// Where a stylesheet setting loads from: "'self'" for a path on this site, the origin ("https://cdn.example.dk")
    /// for an https URL; nil for anything else (another scheme, a protocol-relative "//host", quotes or spaces).
    static func stylesheetOrigin(_ value: String) -> String? {
        guard !value.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" || $0 == ";" || $0 == "," }) else { return nil }
        if value.hasPrefix("/") && !value.hasPrefix("//") { return "'self'" }
        guard let url = URL(string: value), url.scheme == "https", let host = url.host, !host.isEmpty else { return nil }
        return "https://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }
}
