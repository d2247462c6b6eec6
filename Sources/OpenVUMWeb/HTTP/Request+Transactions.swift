import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import SQLKit
import Vapor

extension Request {
    /// The database for reads of citizen data with their audit rows (`psqlReads` on PostgreSQL).
    var readDB: any Database {
        openvum.config.database.isSQLite ? db : db(.psqlReads)
    }

    /// Reads that need more than one statement besides their audit row (`Transactions.read`, on the read pool).
    func readTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await openvum.transactions.read(on: readDB, body)
    }

    /// A write transaction (`Transactions.write`).
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await openvum.transactions.write(on: db, body)
    }

    /// A write that is atomic by itself (`Transactions.atomic`).
    func atomicWrite<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await openvum.transactions.atomic(on: db, body)
    }
}
