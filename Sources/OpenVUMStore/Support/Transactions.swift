import FluentKit
import Foundation
import SQLiteNIO

/// How OpenVUM opens transactions: one value per application (held by the web layer's context and the
/// commands), so that every writer — API, web form, command line, job — takes the same path.
public final class Transactions: Sendable {
    /// On SQLite, write transactions of this process run one at a time: one writer at a time is SQLite's
    /// own model, and queuing here means a burst of writers waits instead of failing with "database is locked".
    private let sqliteWriteGate = AsyncGate()

    public init() {}

    /// A write transaction. On SQLite a transaction that read before another process (or an autocommit
    /// statement) wrote cannot take the write lock ("busy snapshot"), so it is rolled back and run again, a
    /// few times with a short pause; PostgreSQL waits for locks itself.
    public func write<T: Sendable>(
        on db: any Database, attempts: Int = 20, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        switch db.engine {
        case .postgres:
            return try await db.transaction { tx in try await body(tx) }
        case .sqlite:
            return try await sqliteWriteGate.run {
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

    /// A write that is atomic by itself (one statement on PostgreSQL, its own transaction on SQLite, such as
    /// `CaseStore.create`): on SQLite it takes its turn like `write`; on PostgreSQL it runs as it is.
    public func atomic<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        switch db.engine {
        case .postgres: return try await body(db)
        case .sqlite: return try await write(on: db, body)
        }
    }

    /// Reads that need more than one statement besides their audit row: one transaction on PostgreSQL
    /// (on the read pool, `DatabaseID.psqlReads`, when the caller passes it). On SQLite the statements run
    /// one by one (a transaction that reads and then writes its audit row would be refused at once by a
    /// concurrent writer); the caller answers only after the audit row is written, so nothing is
    /// disclosed without one.
    public func read<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        switch db.engine {
        case .postgres: return try await db.transaction { tx in try await body(tx) }
        case .sqlite: return try await body(db)
        }
    }
}
