import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The principals behind API tokens, read from the database and reused for `OPENVUM_AUTH_CACHE_SECONDS`.
/// A token proves who the caller is; what they may do (role, units, whether the account is active) is
/// always the stored one. A change made through this server drops the user's entry at once.
final class PrincipalCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [UUID: (principal: Principal?, fetchedAt: Date)] = [:]
    let ttl: TimeInterval

    init(ttl: TimeInterval) { self.ttl = ttl }

    func principal(userID: UUID, now: Date, load: @Sendable () async throws -> Principal?) async throws -> Principal? {
        if ttl > 0, let hit = lock.withLock({ entries[userID] }), now.timeIntervalSince(hit.fetchedAt) < ttl, now >= hit.fetchedAt {
            return hit.principal
        }
        let loaded = try await load()
        if ttl > 0 {
            lock.withLock {
                if entries.count > 100_000 { entries.removeAll(keepingCapacity: true) }
                entries[userID] = (loaded, now)
            }
        }
        return loaded
    }

    func invalidate(_ userID: UUID) {
        _ = lock.withLock { entries.removeValue(forKey: userID) }
    }
}
