import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

// MARK: - Web sessions

public struct WebSessionRecord: Sendable, Equatable {
    public var idHash: String
    public var userID: UUID
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
}

public enum WebSessionStore {
    public static func create(idHash: String, userID: UUID, csrfToken: String, now: Date, on db: any Database) async throws {
        let m = WebSessionModel()
        m.id = idHash
        m.userID = userID
        m.csrfToken = csrfToken
        m.createdAt = now
        m.lastSeenAt = now
        try await m.create(on: db)
    }

    /// The session and its user's principal in one round trip (every page view asks); the principal is
    /// nil when the user has been deactivated.
    public static func findWithPrincipal(idHash: String, on db: any Database) async throws -> (session: WebSessionRecord, principal: Principal?)? {
        let rows = try await db.sql.raw("""
            SELECT s.csrf_token, s.created_at, s.last_seen_at, \(UserStore.principalColumns)
            FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_units uu ON uu.user_id = u.id WHERE s.id = \(bind: idHash)
            """).all()
        guard let first = rows.first else { return nil }
        let session = WebSessionRecord(
            idHash: idHash, userID: try first.decode(column: "user_id", as: UUID.self), csrfToken: try first.decode(column: "csrf_token", as: String.self),
            createdAt: try first.decode(column: "created_at", as: Date.self), lastSeenAt: try first.decode(column: "last_seen_at", as: Date.self))
        return (session, try await UserStore.withRepresentations(try UserStore.principal(rows), on: db))
    }

    public static func touch(idHash: String, now: Date, on db: any Database) async throws {
        try await db.sql.update(WebSessionModel.schema).set("last_seen_at", to: now).where("id", .equal, idHash).run()
    }

    public static func delete(idHash: String, on db: any Database) async throws {
        try await db.sql.delete(from: WebSessionModel.schema).where("id", .equal, idHash).run()
    }

    /// Removes sessions that can no longer be used.
    public static func purgeExpired(lifetime: SessionLifetime, now: Date, on db: any Database) async throws {
        try await db.sql.delete(from: WebSessionModel.schema)
            .where("last_seen_at", .lessThan, now.addingTimeInterval(-lifetime.idle))
            .orWhere("created_at", .lessThan, now.addingTimeInterval(-lifetime.absolute))
            .run()
    }
}
