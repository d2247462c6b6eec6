import Fluent
import Foundation
import OpenVUMStore
import SQLKit
import SQLiteNIO
import Vapor

/// `openvum backup <file>` and `openvum restore <file>` (docs/operations.md):
/// - SQLite: a consistent snapshot of the live database (`VACUUM INTO`, safe while the server runs and
///   writes), checked with `PRAGMA integrity_check`; restore copies a checked snapshot to the configured path,
///   which must not exist yet (stop the server, move the old file away, restore, start).
/// - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot taken in one transaction) and `pg_restore`
///   into an empty database. The password is passed in `PGPASSWORD`, never on the command line.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the backup (must not exist)") var file: String
    }
    var help: String { "Back up the database to a file (SQLite: consistent snapshot; PostgreSQL: pg_dump)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let target = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            context.console.error("\(target.path) findes allerede; vælg et nyt filnavn.")
            throw ExitCode(1)
        }
        switch app.openvum.config.database {
        case .sqlite:
            let sql = app.db.sql
            try await sql.raw("VACUUM INTO \(bind: target.path)").run()
            try await Backup.checkSQLite(at: target.path)
        case .postgres(let url, _):
            try Backup.run("pg_dump", ["--format=custom", "--no-owner", "--file", target.path], url: url)
        }
        // A backup holds CPR numbers and case files: readable by its owner only.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.intValue ?? 0
        context.console.print("Backup written to \(target.path) (\(size) bytes).")
    }
}

struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A backup made by openvum backup") var file: String
    }
    var help: String { "Restore a backup into the configured database, which must be new (SQLite: no file yet; PostgreSQL: no tables)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let source = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard FileManager.default.fileExists(atPath: source.path) else {
            context.console.error("\(source.path) findes ikke.")
            throw ExitCode(1)
        }
        switch app.openvum.config.database {
        case .sqlite(let path):
            // `openvum restore` opens no database connection (main.swift), so the file is absent unless it was there.
            guard !FileManager.default.fileExists(atPath: path) else {
                context.console.error("\(path) findes allerede. Stop serveren, flyt den gamle fil væk, og gendan til en ny fil.")
                throw ExitCode(1)
            }
            try await Backup.checkSQLite(at: source.path)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source.path, toPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            try await Backup.checkSQLite(at: path)
        case .postgres(let url, _):
            let sql = app.db.sql
            let tables = try await sql.raw("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()").first()?
                .decode(column: "n", as: Int.self) ?? 0
            guard tables == 0 else {
                context.console.error("Databasen har allerede \(tables) tabeller. Gendan til en ny, tom database.")
                throw ExitCode(1)
            }
            try Backup.run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", source.path], url: url, database: true)
        }
        context.console.print("Restored \(source.path).")
    }
}

enum Backup {
    struct Failed: Error, CustomStringConvertible { var description: String }

    /// `PRAGMA integrity_check` of an SQLite file.
    static func checkSQLite(at path: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        var results: [String] = []
        do {
            for row in try await connection.query("PRAGMA integrity_check") { results.append(row.column("integrity_check")?.string ?? "?") }
        } catch {
            try? await connection.close()
            throw Failed(description: "\(path) is not an SQLite database OpenVUM can read")
        }
        try await connection.close()
        guard results == ["ok"] else { throw Failed(description: "integrity check of \(path) failed: \(results.prefix(5).joined(separator: "; "))") }
    }

    /// Runs a PostgreSQL client tool against `url` (host, port, user and database as options; the password in
    /// the environment). With `database`, the database is passed with `--dbname`.
    static func run(_ tool: String, _ arguments: [String], url: String, database: Bool = false) throws {
        guard let c = URLComponents(string: url), let host = c.host else { throw Failed(description: "DATABASE_URL is not a URL") }
        let name = String(c.path.dropFirst())
        var args = ["--host", host, "--port", String(c.port ?? 5432), "--username", c.user ?? "postgres"]
        args += database ? ["--dbname", name] : []
        args += arguments
        if !database { args.append(name) }
        var environment: [String: String] = [:]
        if let password = c.password { environment["PGPASSWORD"] = password }
        if let mode = c.queryItems?.first(where: { $0.name == "sslmode" })?.value { environment["PGSSLMODE"] = mode }
        try process("/usr/bin/env", [tool] + args, environment: environment)
    }

    /// Runs a program, returns its standard output; throws with its standard error when it fails.
    @discardableResult
    static func process(_ path: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failed(description: "\(arguments.first ?? path) failed (\(p.terminationStatus)): \(String(decoding: errors, as: UTF8.self).prefix(1000))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
