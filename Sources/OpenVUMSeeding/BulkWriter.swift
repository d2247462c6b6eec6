import FluentKit
import FluentPostgresDriver
import Foundation
import OpenVUMDomain
import OpenVUMStore
import PostgresKit
import SQLKit

/// A value for bulk loading.
enum BulkValue: Sendable {
    case null, text(String), int(Int), double(Double), bool(Bool), uuid(UUID), time(Date)

    var bind: any Encodable & Sendable {
        switch self {
        case .null: return Optional<String>.none
        case .text(let s): return s
        case .int(let i): return i
        case .double(let d): return d
        case .bool(let b): return b
        case .uuid(let u): return u
        case .time(let t): return t
        }
    }

    /// A value of the store's row builders (`CaseProjection.rows`): text, whole numbers, booleans, ids or nothing.
    init(encodable value: any Encodable & Sendable) {
        self.init(any: value)
    }

    private init(any value: Any) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let inner = mirror.children.first?.value else { self = .null; return }
            self.init(any: inner)
            return
        }
        switch value {
        case let s as String: self = .text(s)
        case let i as Int: self = .int(i)
        case let b as Bool: self = .bool(b)
        case let u as UUID: self = .uuid(u)
        case let d as Date: self = .time(d)
        case let d as Double: self = .double(d)
        default: self = .text(String(describing: value))
        }
    }

    /// Appends the value in PostgreSQL's COPY text format, escaping backslash, tab, newline and carriage return.
    func writeCopy(into buffer: inout ByteBuffer) {
        switch self {
        case .null: buffer.writeStaticString("\\N")
        case .text(let s):
            var needsEscape = false
            for b in s.utf8 where b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D { needsEscape = true; break }
            if !needsEscape { buffer.writeString(s); return }
            for b in s.utf8 {
                switch b {
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                default: buffer.writeInteger(b)
                }
            }
        case .int(let i): buffer.writeString(String(i))
        case .double(let d): buffer.writeString(String(d))
        case .bool(let b): buffer.writeStaticString(b ? "t" : "f")
        case .uuid(let u): buffer.writeString(u.uuidString)
        case .time(let t): buffer.writeString(BulkValue.utcTimestamp(t))
        }
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` by integer arithmetic (days-to-civil), far cheaper than a date formatter.
    static func utcTimestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        var secs = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let frac = Int(micros - secs * 1_000_000)
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        secs -= days * 86_400
        let (y, m, d) = CalendarDate.civil(fromDayNumber: Int(days))
        func pad(_ v: some BinaryInteger, _ width: Int) -> String { CalendarDate.pad(Int(v), width) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(secs / 3600, 2)):\(pad(secs % 3600 / 60, 2)):\(pad(secs % 60, 2)).\(pad(Int64(frac), 6))+00"
    }
}

/// Buffers rows per table and writes them in bulk: COPY on PostgreSQL, multi-row INSERTs in one
/// transaction per flush on SQLite.
final class BulkWriter {
    let db: any Database
    let isPostgres: Bool
    private(set) var buffers: [String: (columns: [String], rows: [[BulkValue]])] = [:]
    private(set) var written = 0
    let flushRows: Int

    /// Tables in foreign-key order: a full buffer flushes every table, parents first.
    let order: [String]

    init(db: any Database, order: [String], flushRows: Int = 20_000) {
        self.db = db
        self.isPostgres = db.engine == .postgres
        self.order = order
        self.flushRows = flushRows
    }

    func add(_ table: String, _ columns: [String], _ row: [BulkValue]) async throws {
        if buffers[table] == nil { buffers[table] = (columns, []) }
        buffers[table]!.rows.append(row)
        if buffers[table]!.rows.count >= flushRows { try await flushAll(order: order) }
    }

    func flushAll(order: [String]) async throws {
        for table in order where buffers[table] != nil { try await flush(table) }
    }

    func flush(_ table: String) async throws {
        guard let (columns, rows) = buffers[table], !rows.isEmpty else { return }
        buffers[table]!.rows.removeAll(keepingCapacity: true)
        if isPostgres {
            let pg = db as! any PostgresDatabase
            let logger = db.logger
            var lines = ByteBuffer()
            lines.reserveCapacity(rows.count * 120)
            for row in rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { lines.writeStaticString("\t") }
                    value.writeCopy(into: &lines)
                }
                lines.writeStaticString("\n")
            }
            let payload = lines
            try await pg.withConnection { conn in
                conn.eventLoop.makeFutureWithTask {
                    try await conn.copyFrom(table: table, columns: columns, logger: logger) { writer in
                        try await writer.write(payload)
                    }
                }
            }.get()
        } else {
            try await db.transaction { tx in
                let sql = tx.sql
                let perStatement = max(1, 30_000 / columns.count)
                var start = 0
                while start < rows.count {
                    let chunk = rows[start..<min(start + perStatement, rows.count)]
                    var insert = sql.insert(into: table).columns(columns)
                    for row in chunk { insert = insert.values(row.map { SQLBind($0.bind) }) }
                    try await insert.run()
                    start += perStatement
                }
            }
        }
        written += rows.count
    }
}
