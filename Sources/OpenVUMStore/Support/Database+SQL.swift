import FluentKit
import SQLKit

extension Database {
    /// The SQLKit view of a Fluent database: the only cast to `SQLDatabase` in the code. Both supported
    /// drivers (SQLite, PostgreSQL) are SQL databases.
    package var sql: any SQLDatabase { self as! any SQLDatabase }

    /// The engine behind this database.
    package var engine: SQLEngine { SQLEngine(sql) }
}

/// The two database engines OpenVUM runs on. The only place that reads the dialect's name: every
/// engine-specific statement is a `switch` over this value, so that a reader sees both branches.
public enum SQLEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    public init(_ db: any SQLDatabase) {
        self = db.dialect.name == "postgresql" ? .postgres : .sqlite
    }
}

extension SQLDatabase {
    package var engine: SQLEngine { SQLEngine(self) }
}

/// A constraint failure (unique, foreign key) from either engine.
func isConstraintFailure(_ error: any Error) -> Bool {
    if let dbError = error as? any DatabaseError, dbError.isConstraintFailure { return true }
    return false
}
