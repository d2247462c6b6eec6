import Foundation
import Logging
import NIOCore
import NIOPosix
import OpenVUMWeb
import Vapor

// Run Swift concurrency on NIO's event loops, so that an awaiting handler resumes on the thread that
// does its I/O instead of hopping between thread pools on every await (docs/benchmarks.md). Must come
// before anything asynchronous.
let nioExecutor = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// openvum: serve, migrate, seed --demo, users create, audit purge.
// Configuration comes only from environment variables (see the README); it is read once, here.
let config: AppConfig
do {
    config = try AppConfig.load(from: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    exit(1)
}

let level = Logger.Level(rawValue: config.logLevel) ?? .info
LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }

var environment: Environment = config.mode == .production ? .production : .development
environment.arguments = CommandLine.arguments
let databaseWasNew = config.database.isNewSQLiteFile

let app = try await Application.make(environment)
app.logger.debug("Swift concurrency runs on \(nioExecutor ? "NIO's event loops" : "its default executor")")
do {
    let first = CommandLine.arguments.dropFirst().first
    let command = (first == nil || first!.hasPrefix("-")) ? "serve" : first!
    // A restore must find the SQLite file absent; opening the pool would create it.
    try await configure(app, config: config, prepareDatabase: command != "restore")
    if command == "serve" {
        try await prepareForServe(app, databaseWasNew: databaseWasNew)
    }
    try await app.execute()
    try await app.asyncShutdown()
} catch let exitCode as ExitCode {
    try? await app.asyncShutdown()
    exit(exitCode.code)
} catch {
    let message = String(describing: error)
    FileHandle.standardError.write(Data((message + "\n").utf8))
    try? await app.asyncShutdown()
    exit(1)
}
