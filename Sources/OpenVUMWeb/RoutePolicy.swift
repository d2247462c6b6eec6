import Fluent
import FluentSQLiteDriver
import Foundation
import OpenVUMDomain
import OpenVUMStore
import SQLKit
import Vapor

/// What a route declares about itself: who may call it and what it writes to the audit log.
/// Every route is registered through `endpoint(...)`, which stores the policy on the route and
/// enforces it before the handler runs. A test fails if any registered route lacks a policy.
public struct RoutePolicy: Sendable, CustomStringConvertible {
    public enum Access: Sendable, Equatable {
        /// Anyone, logged in or not (login page, health checks, the OpenAPI document).
        case anyone
        /// Any logged-in user.
        case anyAuthenticated
        /// Logged-in users with one of these roles.
        case roles(Set<Role>)
    }

    public enum Audit: Sendable, Equatable {
        /// Reads no citizen data and writes nothing worth auditing.
        case none
        /// Writes audit rows with these actions (e.g. `citizen.read`) in the handler's transaction; the first
        /// is the route's own action, the others outcomes it may record instead (e.g. `auth.login.failed`).
        case actions([String])

        public static func writes(_ action: String, _ others: String...) -> Audit { .actions([action] + others) }
    }

    /// Which token a web form posted here must carry.
    public enum CSRF: Sendable, Equatable {
        /// The session's synchronizer token (every state-changing web route).
        case session
        /// The login form's double-submit cookie (only the login form, which has no session yet).
        case loginForm
        /// None (API routes: bearer tokens are not sent by browsers on their own).
        case none
    }

    public var access: Access
    public var audit: Audit
    public var csrf: CSRF

    public init(_ access: Access, audit: Audit = .none, csrf: CSRF = .session) {
        self.access = access
        self.audit = audit
        self.csrf = csrf
    }

    public static let key = "openvum.policy"

    public var description: String {
        let who: String
        switch access {
        case .anyone: who = "anyone"
        case .anyAuthenticated: who = "any authenticated user"
        case .roles(let roles): who = roles.map(\.rawValue).sorted().joined(separator: ", ")
        }
        switch audit {
        case .none: return who
        case .actions(let actions): return "\(who); audits \(actions.joined(separator: ", "))"
        }
    }

    /// Checks access for `req`; throws `unauthenticated` or `forbidden` (mapped to 401/redirect and 403).
    func authorize(_ req: Request) throws {
        switch access {
        case .anyone:
            return
        case .anyAuthenticated:
            guard req.auth.has(Principal.self) else { throw DomainError.unauthenticated }
        case .roles(let roles):
            guard let principal = req.auth.get(Principal.self) else { throw DomainError.unauthenticated }
            guard roles.contains(principal.role) else { throw DomainError.forbidden }
        }
    }
}

extension Route {
    /// The policy declared for this route, if it was registered through `endpoint`.
    public var policy: RoutePolicy? { userInfo[RoutePolicy.key] as? RoutePolicy }
}

extension RoutesBuilder {
    /// Registers a route with its declared policy. The only way routes are added in OpenVUM.
    @discardableResult
    public func endpoint<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., policy: RoutePolicy,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = self.on(method, path) { req async throws -> Response in
            try policy.authorize(req)
            if policy.csrf != .none, !req.isAPI, method != .GET, method != .HEAD {
                try CSRF.verify(req, loginForm: policy.csrf == .loginForm)
            }
            req.storage[DeclaredAuditKey.self] = policy.audit
            return try await handler(req)
        }
        route.userInfo[RoutePolicy.key] = policy
        return route
    }
}

struct DeclaredAuditKey: StorageKey {
    typealias Value = RoutePolicy.Audit
}

extension Request {
    /// The authenticated principal; throws `unauthenticated` when there is none.
    func principal() throws -> Principal {
        guard let p = auth.get(Principal.self) else { throw DomainError.unauthenticated }
        return p
    }

    /// Writes the audit row declared by this route's policy, on `db` (the action's own transaction).
    func audit(
        on db: any Database, action: String? = nil, objectType: String? = nil, objectID: String? = nil, citizenID: UUID? = nil,
        criteria: String? = nil, principal override: Principal? = nil
    ) async throws {
        try await AuditStore.record(
            try auditEntry(action: action, objectType: objectType, objectID: objectID, citizenID: citizenID, criteria: criteria, principal: override), on: db)
    }

    /// The audit row declared by this route's policy, for a write (`audit(on:)`) or an `AuditedRead`: the route's
    /// own action, or `action` when the route declares it among its outcomes.
    func auditEntry(
        action: String? = nil, objectType: String? = nil, objectID: String? = nil, citizenID: UUID? = nil, criteria: String? = nil,
        principal override: Principal? = nil
    ) throws -> AuditEntry {
        guard case .actions(let declared)? = storage[DeclaredAuditKey.self], let first = declared.first else {
            throw Abort(.internalServerError, reason: "route \(url.path) writes audit rows but declares none")
        }
        if let action, !declared.contains(action) {
            throw Abort(.internalServerError, reason: "route \(url.path) records \(action) but declares only \(declared)")
        }
        let principal = override ?? auth.get(Principal.self)
        return AuditEntry(
            occurredAt: openvum.now(), municipalityID: principal?.municipalityID, userID: principal?.userID,
            unitID: principal?.primaryUnitID, action: action ?? first, objectType: objectType, objectID: objectID,
            citizenID: citizenID, criteria: criteria, requestID: requestID, clientRequestID: clientRequestID, channel: isAPI ? "api" : "web")
    }
}

extension Principal: Authenticatable {}

extension DatabaseID {
    /// PostgreSQL connections for reads and their audit rows: `synchronous_commit = off` for the
    /// session, so a commit that wrote only a read's audit row does not wait for the WAL flush. A crash
    /// can lose at most the last fraction of a second of read-audit rows, never a write or its audit
    /// row: writes use the default pool, fully synchronous (docs/benchmarks.md, docs/architecture.md).
    static let psqlReads = DatabaseID(string: "psql-reads")
}

extension Request {
    /// The database for reads of citizen data with their audit rows (`psqlReads` on PostgreSQL).
    var readDB: any Database {
        openvum.config.database.isSQLite ? db : db(.psqlReads)
    }

    /// Reads that need more than one statement besides their audit row: one transaction on PostgreSQL's
    /// read pool. On SQLite the statements run one by one (a transaction that reads and then writes its
    /// audit row would be refused at once by a concurrent writer); the handler answers only after the
    /// audit row is written, so nothing is disclosed without one.
    func readTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        openvum.config.database.isSQLite ? try await body(db) : try await readDB.transaction { tx in try await body(tx) }
    }

    /// A write transaction. On SQLite write transactions run one at a time in this process (`AsyncGate`): one
    /// writer at a time is SQLite's model, and queuing here means a burst of writers waits instead of failing.
    /// A transaction that read before another process (or an autocommit statement) wrote cannot take the write
    /// lock ("busy snapshot"), so it is rolled back and run again, a few times with a short pause;
    /// PostgreSQL waits for locks itself.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await Self.writeTransaction(on: db, context: openvum, body)
    }

    /// A write that is atomic by itself (one statement on PostgreSQL, its own transaction on SQLite, such as
    /// `CaseStore.create`): on SQLite it takes its turn like `writeTransaction`; on PostgreSQL it runs as it is.
    func atomicWrite<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard openvum.config.database.isSQLite else { return try await body(db) }
        return try await Self.writeTransaction(on: db, context: openvum, body)
    }

    static func writeTransaction<T: Sendable>(
        on db: any Database, context: AppContext, attempts: Int = 20, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard context.config.database.isSQLite else { return try await db.transaction { tx in try await body(tx) } }
        return try await context.sqliteWriteGate.run {
            var attempt = 1
            while true {
                do {
                    return try await db.transaction { tx in try await body(tx) }
                } catch let error as SQLiteError where attempt < attempts && [.busy, .busyInSnapshot, .locked].contains(error.reason) {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
                }
            }
        }
    }
}
