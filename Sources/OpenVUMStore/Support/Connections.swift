import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Logging
import NIOCore
import SQLKit

extension DatabaseID {
    /// PostgreSQL connections for reads and their audit rows: `synchronous_commit = off` for the
    /// session, so a commit that wrote only a read's audit row does not wait for the WAL flush. A crash
    /// can lose at most the last fraction of a second of read-audit rows, never a write or its audit
    /// row: writes use the default pool, fully synchronous (docs/benchmarks.md, docs/architecture.md).
    public static let psqlReads = DatabaseID(string: "psql-reads")
}

/// The connection pools of each engine, and what every new connection needs.
public enum Connections {
    /// The embedded database: one SQLite file.
    public static func useSQLite(path: String, on databases: Databases) {
        databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    }

    /// PostgreSQL: the write pool (`.psql`, the default) and the read pool (`.psqlReads`). Returns the
    /// configuration for a direct connection outside the pools (the health probe uses it).
    public static func usePostgres(
        url: String, schema: String?, poolSize: Int, timeout: TimeAmount, on databases: Databases
    ) throws -> PostgresConnection.Configuration {
        var pg = try SQLPostgresConfiguration(url: url)
        if let schema { pg.searchPath = [schema] }
        pg.coreConfiguration.options.connectTimeout = timeout
        databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: poolSize, connectionPoolTimeout: timeout, sqlLogLevel: .debug), as: .psql)
        var reads = pg
        reads.coreConfiguration.options.additionalStartupParameters = [("synchronous_commit", "off")]
        databases.use(.postgres(configuration: reads, maxConnectionsPerEventLoop: poolSize, connectionPoolTimeout: timeout, sqlLogLevel: .debug), as: .psqlReads)
        var direct = pg.coreConfiguration
        direct.options.connectTimeout = .seconds(1)
        return direct
    }

    /// SQLite: WAL journal (persistent in the file) and `synchronous=FULL` on every pooled connection
    /// (one per event loop), plus a busy timeout so writers queue rather than fail.
    public static func prepareSQLite(_ databases: Databases, eventLoops: [any EventLoop], logger: Logger) async throws {
        for eventLoop in eventLoops {
            guard let db = databases.database(.sqlite, logger: logger, on: eventLoop) else { continue }
            let sql = db.sql
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=FULL").run()
            try await sql.raw("PRAGMA busy_timeout=5000").run()
        }
    }

    /// Whether the database answers a trivial query.
    public static func ping(_ db: any Database) async -> Bool {
        (try? await db.sql.raw("SELECT 1 AS ok").first()) != nil
    }
}
