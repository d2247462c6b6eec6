import Crypto
import Foundation
import OpenVUMDomain
import OpenVUMSeeding
@testable import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting
import ZIPFoundation

/// The pseudonymised BI dataset (issue 15 item 6): every file read back and searched for CPR-shaped strings, names and
/// free text — zero — its rows counted against the database, its pseudonyms stable and keyed.
@Suite("BI export")
struct BIExportTests {
    static func files(_ zip: Data) throws -> [String: String] {
        let archive = try Archive(data: zip, accessMode: .read)
        var out: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    /// A CSV line's fields: a field in quotes may hold commas, and a doubled quote is one quote.
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], field = "", quoted = false, previous: Character? = nil
        for ch in line {
            if quoted {
                if ch == "\"" { quoted = false } else { field.append(ch) }
            } else if ch == "\"" {
                if previous == "\"" { field.append("\"") }
                quoted = true
            } else if ch == "," {
                out.append(field)
                field = ""
            } else {
                field.append(ch)
            }
            previous = ch
        }
        out.append(field)
        return out
    }

    @Test("the administrator's zip: every file with its schema, one row per object, no CPR number, name or free text, the same pseudonyms each time",
          arguments: Engine.available)
    func export(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let (data, _) = try await HistoryImportTests.file(app, citizens: 40, seed: 41)
            let report = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app),
                                                     dryRun: false, app: app)
            #expect(report.refused.isEmpty)
            let admin = try await app.token("admin")
            let res = try await app.send(.GET, "/api/v1/exports/bi", token: admin)
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            #expect(res.headers.contentType?.description == "application/zip" && res.headers.first(name: .contentDisposition)?.contains("openvum-bi-") == true)
            let files = try Self.files(Data(res.body.readableBytesView))
            let schemaText = try #require(files["schema.json"])
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(schemaText.utf8)) as? [String: Any])
            #expect(schema["format"] as? String == "openvum-bi" && schema["version"] as? String == BIExport.version)
            let described = try #require(schema["files"] as? [[String: Any]])
            #expect(Set(described.map { $0["file"] as! String }) == Set(files.keys).subtracting(["schema.json"]))
            for f in described {
                let header = files[f["file"] as! String]!.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
                #expect(header == (f["columns"] as! [[String: String]]).map { $0["name"]! }.joined(separator: ","), "\(f["file"]!)")
            }
            // One row per object of the municipality.
            func rows(_ file: String) -> [[String]] {
                files[file]!.split(separator: "\n").dropFirst().map { Self.fields(String($0)) }
            }
            func count(_ sql: SQLQueryString) async throws -> Int { try await app.sql.raw(sql).first()!.decode(column: "n", as: Int.self) }
            let m = DemoData.municipalityID
            #expect(rows("cases.csv").count == (try await count("SELECT COUNT(*) AS n FROM cases WHERE municipality_id = \(bind: m)")))
            #expect(rows("interventions.csv").count == (try await count("SELECT COUNT(*) AS n FROM case_interventions WHERE municipality_id = \(bind: m)")))
            #expect(rows("payments.csv").count == (try await count("SELECT COUNT(*) AS n FROM payments WHERE municipality_id = \(bind: m)")))
            #expect(rows("follow_ups.csv").count == (try await count("SELECT COUNT(*) AS n FROM case_follow_ups WHERE municipality_id = \(bind: m)")))
            #expect(rows("payments.csv").count > 100 && rows("use_of_force.csv").count > 0 && rows("functional_levels.csv").count > 0)

            // No CPR-shaped number, no citizen's or staff member's name, no free text in any file.
            let everything = files.filter { $0.key != "schema.json" }.values.joined(separator: "\n")
            #expect(everything.range(of: #"(?<![0-9a-f])\d{6}-?\d{4}(?![0-9a-f])"#, options: .regularExpression) == nil, "a CPR-shaped number")
            var names = Set<String>()
            for row in try await app.sql.raw("SELECT given_name, family_name FROM citizens").all() {
                names.insert(try row.decode(column: "given_name", as: String.self))
                names.insert(try row.decode(column: "family_name", as: String.self))
            }
            for row in try await app.sql.raw("SELECT display_name FROM users").all() { names.insert(try row.decode(column: "display_name", as: String.self)) }
            let found = names.filter { $0.count > 2 && everything.contains($0) }
            #expect(found.isEmpty, "names in the export: \(found.prefix(5))")
            // The generated history's free texts: goals, civil-society interventions, supplements.
            let texts = ["Kan selv handle ind en gang om ugen", "Deltager i fællesspisning", "Holder styr på egen økonomi", "Tager selv bussen til arbejde",
                         "Har en fast døgnrytme", "Holder sin lejlighed ren", "Møder op til behandling", "Har kontakt med sin familie hver uge",
                         "Besøgsven", "Særtakst i opstartsperioden"]
            #expect(try await count("SELECT COUNT(*) AS n FROM cases WHERE document LIKE '%Kan selv handle%' OR document LIKE '%Deltager i fællesspisning%'") > 0,
                    "the history has goal texts to leave out")
            for text in texts {
                #expect(!everything.contains(text), "free text: \(text)")
            }

            // The citizen's pseudonym is HMAC-SHA-256 with the key over "citizen:<id>", and the same in a second export.
            let citizen = try await app.sql.raw("SELECT citizen_id FROM cases WHERE municipality_id = \(bind: m) LIMIT 1").first()!.decode(column: "citizen_id", as: UUID.self)
            let mac = HMAC<SHA256>.authenticationCode(for: Data("citizen:\(citizen.uuidString.lowercased())".utf8),
                                                      using: SymmetricKey(data: Data(AppConfig.developmentBIKey.utf8)))
            let expected = mac.prefix(16).map { String(format: "%02x", $0) }.joined()
            #expect(rows("cases.csv").contains { $0[1] == expected })

            // Every value has its column's type, whichever engine holds the data (PostgreSQL hands rows over as text).
            let patterns = ["pseudonym": #"^[0-9a-f]{32}$"#, "integer": #"^-?[0-9]+$"#, "decimal": #"^-?[0-9]+(\.[0-9]+)?$"#, "boolean": #"^(true|false)$"#]
            var typed: [String: Int] = [:]
            for f in described {
                let columns = f["columns"] as! [[String: String]]
                for row in rows(f["file"] as! String) {
                    #expect(row.count == columns.count, "\(f["file"]!): \(row)")
                    for (value, column) in zip(row, columns) where !value.isEmpty {
                        let type = column["type"]!.hasPrefix("pseudonym") ? "pseudonym" : column["type"]!
                        guard let pattern = patterns[type] else { continue }
                        typed[type, default: 0] += 1
                        #expect(value.range(of: pattern, options: .regularExpression) != nil, "\(f["file"]!).\(column["name"]!): \(value)")
                    }
                }
            }
            #expect(patterns.keys.allSatisfy { (typed[$0] ?? 0) > 0 }, "\(typed)")
            // A level kept in hundredths is written as a decimal: the goals' expected levels are those of the database.
            let expectedLevels = try await app.sql.raw("SELECT expected_level_hundredths AS h FROM case_goals WHERE municipality_id = \(bind: m) AND expected_level_hundredths IS NOT NULL").all()
                .map { try $0.decode(column: "h", as: Int.self) }
            let goalColumns = (described.first { $0["file"] as? String == "goals.csv" }!["columns"] as! [[String: String]]).map { $0["name"]! }
            let written = rows("goals.csv").compactMap { Decimal(string: $0[goalColumns.firstIndex(of: "expected_level")!]) }
            #expect(written.map { $0 * 100 }.sorted() == expectedLevels.map { Decimal($0) }.sorted() && !written.isEmpty)
            let again = try Self.files(Data(try await app.send(.GET, "/api/v1/exports/bi", token: admin).body.readableBytesView))
            #expect(again["cases.csv"] == files["cases.csv"])

            for user in ["oekonomi", "teamleder", "sagsbehandler"] {
                #expect(try await app.send(.GET, "/api/v1/exports/bi", token: try await app.token(user)).status == .forbidden, "\(user)")
            }
            let audited = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.bi'")
            #expect(audited == 2)
        }
    }

    @Test("docs/bi-export.md documents every file and column of the schema")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/bi-export.md"), encoding: .utf8)
        #expect(doc.contains("version \(BIExport.version)"))
        for t in BIExport.tables(.sqlite) {
            #expect(doc.contains("## `\(t.file)`"), "\(t.file)")
            for c in t.columns { #expect(doc.contains("| `\(c.name)` |"), "\(t.file): \(c.name)") }
        }
    }

    @Test("hundredths and values as written: 250 → 2.5, 300 → 3, 5 → 0.05; booleans of either engine; empty for none")
    func values() {
        #expect([250, 300, 5, 1234, -50, 0, 10].map(BIExport.hundredths) == ["2.5", "3", "0.05", "12.34", "-0.5", "0", "0.1"])
        let p = BIExport.Pseudonyms(key: SymmetricKey(data: Data(AppConfig.developmentBIKey.utf8)))
        func format(_ raw: String, _ kind: BIExport.Kind, _ p: BIExport.Pseudonyms) -> String {
            var out: [UInt8] = []
            Array(raw.utf8).withUnsafeBufferPointer { BIExport.append($0, kind, p, to: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        #expect(format("t", .bool, p) == "true" && format("0", .flag, p) == "false" && format("", .integer, p) == "")
        #expect(format("2.5", .decimal, p) == "2.5" && format("a,\"b", .text, p) == "\"a,\"\"b\"")
        let id = UUID()
        #expect(format(id.uuidString.lowercased(), .id("case"), p) == BIExport.pseudonym(id, kind: "case", key: SymmetricKey(data: Data(AppConfig.developmentBIKey.utf8))))
    }

    @Test("without a key in production the export is refused in Danish")
    func noKey() throws {
        var config = try AppConfig.load(from: ["OPENVUM_ENV": "development"])
        config.biKey = nil
        #expect(throws: DomainError.self) { try BIExportRun.key(config) }
    }
}
