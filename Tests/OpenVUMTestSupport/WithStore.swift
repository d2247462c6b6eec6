import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix
import OpenVUMStore
import SQLKit

/// A migrated, empty database of its own: a temporary SQLite file, or a fresh PostgreSQL schema.
/// `logger` receives what the drivers log (every statement at debug level): SQL snapshots capture it.
package func withStore(_ engine: Engine, logger: Logger = Logger(label: "test.store"), _ body: (any Database) async throws -> Void) async throws {
    let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
    var cleanup: (() async throws -> Void)?
    switch engine {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("openvum-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        databases.use(.sqlite(.file(dir.appendingPathComponent("t.sqlite").path)), as: .sqlite)
        cleanup = { try? FileManager.default.removeItem(at: dir) }
    case .postgres:
        let url = ProcessInfo.processInfo.environment["OPENVUM_TEST_POSTGRES_URL"]!
        let schema = "store_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = [schema]
        databases.use(.postgres(configuration: config), as: .psql)
        let db = databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())! as! any SQLDatabase
        try await db.raw("CREATE SCHEMA \(ident: schema)").run()
        cleanup = { try await db.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
    }
    let migrations = Migrations()
    migrations.add(OpenVUMMigrations.all)
    let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
    do {
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        try await body(databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!)
    } catch {
        try? await cleanup?()
        await databases.shutdownAsync()
        throw error
    }
    try await cleanup?()
    await databases.shutdownAsync()
}
