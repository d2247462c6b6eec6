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
        endpoint(method, path, policy: policy, use: handler)
    }

    /// `endpoint` with the path as an array; `maxBody` raises the body limit for one route (a file upload).
    @discardableResult
    public func endpoint<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], policy: RoutePolicy, maxBody: ByteCount? = nil,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = self.on(method, path, body: maxBody.map { .collect(maxSize: $0) } ?? .collect) { req async throws -> Response in
            try policy.authorize(req)
            try MultipartGuard.check(req)
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
