import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// Migration 011 (issue 12, finding things): `cases.case_number`, the case's number ("2026-00042": the year it
/// was opened and a running number within the municipality and year), unique per municipality; the running
/// numbers handed out so far in `case_number_counters`; and `cases.paragraphs`, what the case is about
/// (`CaseRules.paragraphSummary`), which lists show without reading the document. Existing cases are numbered
/// in the order they were opened, and their paragraphs derived from their documents.
struct M011CaseNumbers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("ALTER TABLE cases ADD COLUMN case_number TEXT").run()
        try await sql.raw("ALTER TABLE cases ADD COLUMN paragraphs TEXT").run()
        try await database.schema("case_number_counters")
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, .id))
            .field("year", .int, .required)
            .field("last_value", .int, .required)
            .compositeIdentifier(over: "municipality_id", "year")
            .create()

        // Existing cases: numbered per municipality and year in the order they were opened; then their paragraphs,
        // read from their documents in batches.
        var counters: [String: (municipality: UUID, year: Int, last: Int)] = [:]
        var numbers: [(id: UUID, number: String)] = []
        for row in try await sql.raw("SELECT id, municipality_id, opened_on FROM cases ORDER BY municipality_id, opened_on, created_at, id").all() {
            let municipality = try row.decode(column: "municipality_id", as: UUID.self)
            let year = Int(try row.decode(column: "opened_on", as: String.self).prefix(4)) ?? 2000
            let key = "\(municipality.uuidString)|\(year)"
            let last = (counters[key]?.last ?? 0) + 1
            counters[key] = (municipality, year, last)
            numbers.append((try row.decode(column: "id", as: UUID.self), CaseNumber(year: year, sequence: last).description))
        }
        var index = 0
        while index < numbers.count {
            let batch = numbers[index..<min(index + 500, numbers.count)]
            index += batch.count
            let documents = try await sql.raw("SELECT id, document FROM cases WHERE id IN (\(binds: batch.map(\.id)))").all()
            var paragraphs: [UUID: String] = [:]
            for row in documents {
                let text = try row.decode(column: "document", as: String.self)
                if let doc = try? JSONDecoder().decode(CaseDocument.self, from: Data(text.utf8)), let p = CaseRules.paragraphSummary(doc) {
                    paragraphs[try row.decode(column: "id", as: UUID.self)] = p
                }
            }
            for c in batch {
                try await sql.raw("UPDATE cases SET case_number = \(bind: c.number), paragraphs = \(bind: paragraphs[c.id]) WHERE id = \(bind: c.id)").run()
            }
        }
        for c in counters.values {
            try await sql.insert(into: "case_number_counters").columns("municipality_id", "year", "last_value")
                .values(SQLBind(c.municipality), SQLBind(c.year), SQLBind(c.last)).run()
        }
        try await sql.create(index: "cases_number_idx").unique().on("cases").column("municipality_id").column("case_number").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.drop(index: "cases_number_idx").run()
        try await database.schema("case_number_counters").delete()
        try await sql.raw("ALTER TABLE cases DROP COLUMN paragraphs").run()
        try await sql.raw("ALTER TABLE cases DROP COLUMN case_number").run()
    }
}
