import Crypto
import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The pseudonymised BI dataset (issue 15 item 6; docs/bi-export.md): the structured data of a municipality's cases as
/// CSV files, one row per case, inquiry, assessed level, goal, intervention, decision, order, delivered month, status,
/// use of force, follow-up, due item and payment — no CPR number, no name, no free text. Every id is a keyed
/// pseudonym (HMAC-SHA-256 with the municipality's secret BI key over the kind and OpenVUM's id), so the same citizen
/// has the same pseudonym in every export made with the same key, and nothing links back without it.
public enum BIExport {
    /// The dataset's schema version: a new column or file raises the minor, a changed meaning the major.
    public static let version = "1.0"

    /// How a column's value is read from its row.
    public enum Kind: Sendable {
        /// An OpenVUM id, written as its pseudonym for the given kind of object.
        case id(String)
        /// A code, slug, date or account number (never free text).
        case text
        case integer
        /// A level or number of units stored as a decimal (written with a point).
        case decimal
        /// A level kept in hundredths.
        case hundredths
        case bool
        /// A JSON boolean of a document (SQLite reads it as 1 or 0, PostgreSQL as true or false).
        case flag
    }

    public struct Column: Sendable {
        public var name: String
        public var sql: String
        public var kind: Kind
        public var description: String
        public init(_ name: String, _ sql: String, _ kind: Kind, _ description: String) {
            self.name = name
            self.sql = sql
            self.kind = kind
            self.description = description
        }
    }

    /// One file: its rows come from `from` (aliases `c` for the case), each row keyed by `key` for paging.
    public struct Table: Sendable {
        public var file: String
        public var description: String
        public var key: String
        public var from: String
        public var columns: [Column]
        /// A second key (text) for a table whose rows are keyed by two columns (delivered hours: order and month).
        public var key2: String? = nil
    }

    /// The case document's opening and assessment facts, read in SQL on either engine.
    static func json(_ engine: SQLEngine, _ path: String) -> String {
        switch engine {
        case .postgres: "((c.document::jsonb)#>>'{\(path.split(separator: ".").joined(separator: ","))}')"
        case .sqlite: "json_extract(c.document, '$.\(path)')"
        }
    }

    static func orderJSON(_ engine: SQLEngine, _ path: String) -> String {
        switch engine {
        case .postgres: "((o.body::jsonb)#>>'{\(path.split(separator: ".").joined(separator: ","))}')"
        case .sqlite: "json_extract(o.body, '$.\(path)')"
        }
    }

    /// Every file of the dataset, in the order written.
    public static func tables(_ engine: SQLEngine) -> [Table] {
        let j = { json(engine, $0) }, o = { orderJSON(engine, $0) }
        return [
            Table(file: "units.csv", description: "Teams, udførere og tilbud (organisationens enheder; ingen personer).", key: "u.id",
                  from: "org_units u WHERE u.municipality_id = :m", columns: [
                    Column("unit", "u.id", .id("unit"), "Enhedens pseudonym."),
                    Column("kind", "u.kind", .text, "authorityTeam, provider, offer eller administration."),
                    Column("name", "u.name", .text, "Enhedens navn (en organisation, ikke en person)."),
                    Column("parent", "u.parent_id", .id("unit"), "Den overordnede enhed (et tilbuds udfører)."),
                  ]),
            Table(file: "cases.csv", description: "Én række pr. sag.", key: "c.id", from: "cases c WHERE c.municipality_id = :m", columns: [
                Column("case", "c.id", .id("case"), "Sagens pseudonym."),
                Column("citizen", "c.citizen_id", .id("citizen"), "Borgerens pseudonym (det samme i hver sag og hver eksport med samme nøgle)."),
                Column("team", "c.responsible_unit_id", .id("unit"), "Det ansvarlige team nu."),
                Column("caseworker", "c.caseworker_id", .id("caseworker"), "Sagsbehandlerens pseudonym nu."),
                Column("opened_on", "c.opened_on", .text, "ID 1: dato for sagsåbning."),
                Column("closed_on", "c.closed_on", .text, "Dato for sagens afslutning."),
                Column("phase", "c.phase", .text, "Fasen nu (opening … followUp, closed)."),
                Column("kle_emne", "c.kle_emne", .text, "KLE-emne."),
                Column("origin", j("opening.origin"), .text, "ID 2."),
                Column("inquirer", j("opening.inquirer"), .text, "Henvender."),
                Column("citizen_agrees", j("opening.citizenAgrees"), .text, "ID 3 (yes, no, notAssessed)."),
                Column("clear_case", j("opening.clearCase"), .flag, "ID 4."),
                Column("guardianship", j("opening.guardianship"), .text, "ID 7."),
                Column("guardianship_form", j("opening.guardianshipForm"), .text, "ID 8."),
                Column("represented", j("opening.represented"), .text, "ID 11."),
                Column("representation_form", j("opening.representationForm"), .text, "ID 12."),
                Column("consent", j("opening.consent"), .text, "ID 14."),
                Column("consent_form", j("opening.consentForm"), .text, "ID 15."),
                Column("other_acting_municipality", j("opening.otherActingMunicipality"), .text, "ID 19: kommunekode, tom for kommunen selv."),
                Column("other_paying_municipality", j("opening.otherPayingMunicipality"), .text, "ID 20."),
                Column("primary_target_group", j("assessment.primaryTargetGroup"), .text, "ID 60: primær målgruppe (FFB-kode) nu."),
                Column("current_support_need", j("assessment.currentSupportNeed"), .text, "ID 59 (FFB-kode) nu."),
                Column("action_plan_status", j("assessment.actionPlanStatus"), .text, "ID 55."),
              ]),
            Table(file: "inquiries.csv", description: "Én række pr. henvendelse (ID 21).", key: "q.id",
                  from: "case_inquiries q JOIN cases c ON c.id = q.case_id WHERE c.municipality_id = :m", columns: [
                    Column("inquiry", "q.id", .id("inquiry"), "Henvendelsens pseudonym."), Column("case", "q.case_id", .id("case"), "Sagen."),
                    Column("received_on", "q.received_on", .text, "Dato."), Column("origin", "q.origin", .text, "ID 2."), Column("inquirer", "q.inquirer", .text, "Henvender."),
                  ]),
            Table(file: "functional_levels.csv", description: "Én række pr. vurderet funktionsniveau (ID 27).", key: "l.id",
                  from: "functional_level_history l JOIN cases c ON c.id = l.case_id WHERE c.municipality_id = :m", columns: [
                    Column("case", "l.case_id", .id("case"), "Sagen."), Column("citizen", "l.citizen_id", .id("citizen"), "Borgeren."),
                    Column("subtheme", "l.subtheme", .text, "Undertema (FFB-kode)."), Column("level", "l.level", .decimal, "0–4."),
                    Column("severity", "l.severity", .text, "FFB-funktionsevneniveau."), Column("assessed_on", "l.assessed_on", .text, "Dato."),
                  ]),
            Table(file: "goals.csv", description: "Én række pr. indsatsmål (ID 29–33).", key: "g.id",
                  from: "case_goals g JOIN cases c ON c.id = g.case_id WHERE c.municipality_id = :m", columns: [
                    Column("goal", "g.id", .id("goal"), "Målets pseudonym."), Column("case", "g.case_id", .id("case"), "Sagen."),
                    Column("goal_type", "g.goal_type", .text, "ID 29 (FFB)."), Column("subtheme", "g.primary_theme", .text, "ID 30 (FFB)."),
                    Column("expected_level", "g.expected_level_hundredths", .hundredths, "ID 31."), Column("follow_up_on", "g.follow_up_on", .text, "ID 32/33."),
                    Column("last_decision", "g.last_decision", .text, "ID 79: seneste beslutning."),
                    Column("last_achieved_level", "g.last_achieved_hundredths", .hundredths, "Seneste opnåede niveau."),
                    Column("last_decided_on", "g.last_decided_on", .text, "Dato for seneste beslutning."),
                  ]),
            Table(file: "interventions.csv", description: "Én række pr. indstillet indsats (ID 35–52) med status.", key: "i.id",
                  from: "case_interventions i JOIN cases c ON c.id = i.case_id WHERE c.municipality_id = :m", columns: [
                    Column("intervention", "i.id", .id("intervention"), "Indsatsens pseudonym."), Column("case", "i.case_id", .id("case"), "Sagen."),
                    Column("recommended_on", "i.recommended_on", .text, "Indstillet."), Column("status", "i.status", .text, "granted, refused, pending, lapsed."),
                    Column("offer", "i.offer_unit_id", .id("unit"), "Tilbuddet bestilt hos."), Column("service_code", "i.service_code", .text, "ID 35 (FFB)."),
                    Column("account", "i.account_number", .text, "ID 37."), Column("expected_start_on", "i.expected_start_on", .text, "ID 39."),
                    Column("expected_end_on", "i.expected_end_on", .text, "ID 40."), Column("no_end_date", "i.no_end_date", .bool, "ID 41."),
                    Column("unit", "i.unit", .text, "ID 44."), Column("units_per_period", "i.units_hundredths", .hundredths, "ID 45."),
                    Column("frequency", "i.frequency", .text, "ID 46."), Column("repetitions", "i.repetitions", .integer, "ID 47."),
                    Column("unit_price_ore", "i.unit_price", .integer, "ID 48 (øre)."), Column("base_price_ore", "i.base_price", .integer, "ID 49."),
                    Column("expected_price_ore", "i.expected_price", .integer, "ID 51."), Column("ordered_on", "i.ordered_on", .text, "ID 68."),
                    Column("delivery_start_on", "i.delivery_start_on", .text, "ID 75."), Column("ended_on", "i.ended_on", .text, "Indsatsen sluttede."),
                    Column("end_reason", "i.end_reason", .text, "Hvorfor."),
                  ]),
            Table(file: "decisions.csv", description: "Én række pr. afgjort indsats (ID 63–67).", key: "i.id",
                  from: "case_interventions i JOIN cases c ON c.id = i.case_id WHERE c.municipality_id = :m AND i.decided_on IS NOT NULL", columns: [
                    Column("intervention", "i.id", .id("intervention"), "Indsatsen."), Column("case", "i.case_id", .id("case"), "Sagen."),
                    Column("decided_on", "i.decided_on", .text, "Dato."), Column("outcome", "i.status", .text, "granted eller refused."),
                    Column("granted_units_per_period", "i.granted_units_hundredths", .hundredths, "ID 65."), Column("paragraph", "i.paragraph", .text, "ID 66."),
                    Column("refusal_reason", "i.refusal_reason", .text, "Afslagsgrund."), Column("follow_up_on", "i.follow_up_on", .text, "ID 67."),
                  ]),
            Table(file: "orders.csv", description: "Én række pr. bestilling (ID 68–73) med kontrakten.", key: "o.id",
                  from: "orders o JOIN cases c ON c.id = o.case_id WHERE c.municipality_id = :m", columns: [
                    Column("order", "o.id", .id("order"), "Bestillingens pseudonym."), Column("case", "o.case_id", .id("case"), "Sagen."),
                    Column("intervention", "o.intervention_id", .id("intervention"), "Indsatsen."), Column("provider", "o.provider_unit_id", .id("unit"), "Udføreren."),
                    Column("offer", "o.offer_unit_id", .id("unit"), "Tilbuddet."), Column("state", "o.state", .text, "draft … ended."),
                    Column("ordered_on", "o.ordered_on", .text, "ID 68."), Column("closed_on", "o.closed_on", .text, "Afsluttet."),
                    Column("contract_start", o("contract.startDate"), .text, "Kontraktens start."), Column("contract_end", o("contract.endDate"), .text, "Kontraktens slut."),
                    Column("unit", o("contract.unit"), .text, "Enhed."), Column("units_per_period", o("contract.unitsPerPeriod"), .text, "Enheder pr. periode."),
                    Column("frequency", o("contract.frequency"), .text, "Frekvens."), Column("repetitions", o("contract.repetitions"), .text, "Gentagelser."),
                    Column("unit_price_ore", o("contract.unitPrice"), .text, "Enhedspris (øre)."),
                    Column("coordination_needed", o("coordinationNeeded"), .flag, "ID 73."), Column("co_payment_ore", o("coPayment"), .text, "ID 72 (øre pr. måned)."),
                  ]),
            Table(file: "delivery_months.csv", description: "Én række pr. bestilling og måned med leverede timer.", key: "h.order_id",
                  from: "delivered_hours h JOIN orders o ON o.id = h.order_id JOIN cases c ON c.id = o.case_id WHERE c.municipality_id = :m", columns: [
                    Column("order", "h.order_id", .id("order"), "Bestillingen."), Column("month", "h.month", .text, "Måned (første dag)."),
                  ], key2: "h.month"),
            Table(file: "status_reports.csv", description: "Én række pr. statusrapport fra udføreren.", key: "s.id",
                  from: "order_status_reports s JOIN orders o ON o.id = s.order_id JOIN cases c ON c.id = o.case_id WHERE c.municipality_id = :m", columns: [
                    Column("report", "s.id", .id("report"), "Rapportens pseudonym."), Column("order", "s.order_id", .id("order"), "Bestillingen."),
                    Column("follow_up_date", "s.follow_up_date", .text, "Opfølgningen, rapporten er til."),
                  ]),
            Table(file: "use_of_force.csv", description: "Én række pr. magtanvendelse (ID 82).", key: "x.id",
                  from: "order_incidents x JOIN orders o ON o.id = x.order_id JOIN cases c ON c.id = o.case_id WHERE c.municipality_id = :m AND x.type = 'useOfForce'",
                  columns: [
                    Column("incident", "x.id", .id("incident"), "Pseudonym."), Column("order", "x.order_id", .id("order"), "Bestillingen."),
                    Column("occurred_on", "x.occurred_on", .text, "Dato."),
                  ]),
            Table(file: "follow_ups.csv", description: "Én række pr. opfølgning (ID 74–84).", key: "f.id",
                  from: "case_follow_ups f JOIN cases c ON c.id = f.case_id WHERE c.municipality_id = :m", columns: [
                    Column("follow_up", "f.id", .id("followUp"), "Pseudonym."), Column("case", "f.case_id", .id("case"), "Sagen."),
                    Column("held_on", "f.held_on", .text, "ID 76."), Column("status_on", "f.status_on", .text, "ID 74."),
                    Column("type", "f.follow_up_type", .text, "ID 77."), Column("next_on", "f.next_on", .text, "ID 78."), Column("timely", "f.timely", .bool, "Til tiden."),
                    Column("personal_supervision", "f.personal_supervision", .text, "ID 80."), Column("wellbeing", "f.wellbeing", .text, "ID 81."),
                    Column("use_of_force", "f.use_of_force", .text, "ID 82."), Column("support_need_before", "f.support_need_before", .text, "ID 83 (FFB)."),
                    Column("support_need_after", "f.support_need_after", .text, "ID 84 (FFB)."), Column("outcome", "f.outcome", .text, "Resultat."),
                  ]),
            Table(file: "due_items.csv", description: "Én række pr. frist og opfølgningsdato med hvordan den endte.", key: "d.id",
                  from: "case_due_items d JOIN cases c ON c.id = d.case_id WHERE c.municipality_id = :m", columns: [
                    Column("case", "d.case_id", .id("case"), "Sagen."), Column("kind", "d.kind", .text, "follow_up eller en lokal frist."),
                    Column("set_on", "d.set_on", .text, "Sat."), Column("due_on", "d.due_on", .text, "Forfald."), Column("ending", "d.ending", .text, "fulfilled, superseded, closed."),
                    Column("ended_on", "d.ended_on", .text, "Endte."),
                  ]),
            Table(file: "payments.csv", description: "Én række pr. betaling (den faktiske pris).", key: "p.id",
                  from: "payments p JOIN cases c ON c.id = p.case_id WHERE c.municipality_id = :m", columns: [
                    Column("payment", "p.id", .id("payment"), "Pseudonym."), Column("order", "p.order_id", .id("order"), "Bestillingen."),
                    Column("case", "p.case_id", .id("case"), "Sagen."), Column("service_month", "p.service_month", .text, "Ydelsesmåneden."),
                    Column("account", "p.account", .text, "ID 37."), Column("amount_ore", "p.amount_ore", .integer, "Beløb i øre."),
                    Column("booked_on", "p.booked_on", .text, "Bogført."),
                  ]),
        ]
    }

    /// The keyed pseudonym of an id: the first 16 bytes of HMAC-SHA-256(key, "kind:id") in hex.
    public static func pseudonym(_ id: UUID, kind: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(kind):\(id.uuidString.lowercased())".utf8), using: key)
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A CSV field: quoted when it holds the separator, a quote or a line break.
    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Writes every file of the municipality's dataset into `directory`, page by page (memory stays flat whatever the
    /// size), and a `schema.json`; returns the number of rows per file.
    public static func write(municipalityID: UUID, key: SymmetricKey, to directory: URL, pageSize: Int = 5_000, on db: any Database) async throws -> [String: Int] {
        let engine = db.engine
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var counts: [String: Int] = [:]
        for table in tables(engine) {
            let url = directory.appendingPathComponent(table.file)
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data((table.columns.map(\.name).joined(separator: ",") + "\n").utf8))
            var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), after2 = "", rows = 0, first = true
            let keyColumn = "__key", key2Column = "__key2"
            let select = ([table.key + " AS " + keyColumn] + (table.key2.map { ["\($0) AS \(key2Column)"] } ?? [])
                + table.columns.enumerated().map { "\($0.element.sql) AS c\($0.offset)" }).joined(separator: ", ")
            let parts = table.from.components(separatedBy: ":m")
            while true {
                var query: SQLQueryString = "SELECT \(unsafeRaw: select) FROM \(unsafeRaw: parts[0])"
                for part in parts.dropFirst() { query = "\(query)\(bind: municipalityID)\(unsafeRaw: part)" }
                if let key2 = table.key2 {
                    if !first {
                        query = "\(query) AND (\(unsafeRaw: table.key) > \(bind: after) OR (\(unsafeRaw: table.key) = \(bind: after) AND \(unsafeRaw: key2) > \(bind: after2)))"
                    }
                    query = "\(query) ORDER BY \(unsafeRaw: table.key), \(unsafeRaw: key2) LIMIT \(unsafeRaw: String(pageSize))"
                } else {
                    query = "\(query) AND \(unsafeRaw: table.key) > \(bind: after) ORDER BY \(unsafeRaw: table.key) LIMIT \(unsafeRaw: String(pageSize))"
                }
                first = false
                let page = try await db.sql.raw(query).all()
                if page.isEmpty { break }
                var text = ""
                for row in page {
                    var fields: [String] = []
                    for (i, column) in table.columns.enumerated() {
                        let name = "c\(i)"
                        switch column.kind {
                        case .id(let kind):
                            fields.append(try row.decodeNil(column: name) ? "" : pseudonym(try row.decode(column: name, as: UUID.self), kind: kind, key: key))
                        case .text:
                            fields.append(field(try Self.text(row, name)))
                        case .integer:
                            fields.append(try row.decode(column: name, as: Int?.self).map(String.init) ?? "")
                        case .decimal:
                            fields.append(try row.decode(column: name, as: Double?.self).map { "\(LevelColumn.decimal($0))" } ?? "")
                        case .hundredths:
                            fields.append(try row.decode(column: name, as: Int?.self).map { "\(Decimal($0) / 100)" } ?? "")
                        case .bool:
                            fields.append(try row.decode(column: name, as: Bool?.self).map { $0 ? "true" : "false" } ?? "")
                        case .flag:
                            let t = try Self.text(row, name)
                            fields.append(t == "1" || t == "true" ? "true" : t == "0" || t == "false" ? "false" : "")
                        }
                    }
                    text += fields.joined(separator: ",") + "\n"
                    after = try row.decode(column: keyColumn, as: UUID.self)
                    if table.key2 != nil { after2 = try row.decode(column: key2Column, as: String.self) }
                }
                rows += page.count
                try handle.write(contentsOf: Data(text.utf8))
                if page.count < pageSize { break }
            }
            counts[table.file] = rows
        }
        try schema(engine).write(to: directory.appendingPathComponent("schema.json"))
        return counts
    }

    /// A column as text whatever the engine stored: text, a number or a JSON value.
    static func text(_ row: any SQLRow, _ name: String) throws -> String {
        if try row.decodeNil(column: name) { return "" }
        if let s = try? row.decode(column: name, as: String.self) { return s }
        if let i = try? row.decode(column: name, as: Int.self) { return String(i) }
        if let d = try? row.decode(column: name, as: Double.self) { return "\(d)" }
        if let b = try? row.decode(column: name, as: Bool.self) { return b ? "true" : "false" }
        if let u = try? row.decode(column: name, as: UUID.self) { return u.uuidString.lowercased() }
        return ""
    }

    /// `schema.json`: the version, and every file with its columns and what they hold.
    public static func schema(_ engine: SQLEngine = .sqlite) throws -> Data {
        let files: [[String: Any]] = tables(engine).map { t in
            ["file": t.file, "description": t.description,
             "columns": t.columns.map { c -> [String: String] in
                let kind: String = switch c.kind {
                case .id(let k): "pseudonym:\(k)"
                case .text: "text"
                case .integer: "integer"
                case .decimal, .hundredths: "decimal"
                case .bool, .flag: "boolean"
                }
                return ["name": c.name, "type": kind, "description": c.description]
             }]
        }
        return try JSONSerialization.data(withJSONObject: ["format": "openvum-bi", "version": version, "files": files], options: [.prettyPrinted, .sortedKeys])
    }
}
