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

    /// One file: its rows come from `from` (`:m` is the municipality), in the order of `key` (and `key2`).
    public struct Table: Sendable {
        public var file: String
        public var description: String
        public var key: String
        public var from: String
        public var columns: [Column]
        /// A second key for a table whose rows are keyed by two columns (delivered hours: order and month).
        public var key2: String? = nil
    }

    /// The case document's opening and assessment facts, read in SQL on either engine.
    static func json(_ engine: SQLEngine, _ path: String) -> String {
        switch engine {
        case .postgres: "(cj.d#>>'{\(path.split(separator: ".").joined(separator: ","))}')"
        case .sqlite: "json_extract(c.document, '$.\(path)')"
        }
    }

    static func orderJSON(_ engine: SQLEngine, _ path: String) -> String {
        switch engine {
        case .postgres: "(oj.d#>>'{\(path.split(separator: ".").joined(separator: ","))}')"
        case .sqlite: "json_extract(o.body, '$.\(path)')"
        }
    }

    /// PostgreSQL parses a document once per row (`OFFSET 0` keeps the planner from parsing it again per column).
    static func parsed(_ engine: SQLEngine, _ column: String, as alias: String) -> String {
        engine == .postgres ? " CROSS JOIN LATERAL (SELECT \(column)::jsonb AS d OFFSET 0) \(alias)" : ""
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
            Table(file: "cases.csv", description: "Én række pr. sag.", key: "c.id", from: "cases c\(parsed(engine, "c.document", as: "cj")) WHERE c.municipality_id = :m", columns: [
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
                  from: "case_inquiries q WHERE q.municipality_id = :m", columns: [
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
                  from: "case_goals g WHERE g.municipality_id = :m", columns: [
                    Column("goal", "g.id", .id("goal"), "Målets pseudonym."), Column("case", "g.case_id", .id("case"), "Sagen."),
                    Column("goal_type", "g.goal_type", .text, "ID 29 (FFB)."), Column("subtheme", "g.primary_theme", .text, "ID 30 (FFB)."),
                    Column("expected_level", "g.expected_level_hundredths", .hundredths, "ID 31."), Column("follow_up_on", "g.follow_up_on", .text, "ID 32/33."),
                    Column("last_decision", "g.last_decision", .text, "ID 79: seneste beslutning."),
                    Column("last_achieved_level", "g.last_achieved_hundredths", .hundredths, "Seneste opnåede niveau."),
                    Column("last_decided_on", "g.last_decided_on", .text, "Dato for seneste beslutning."),
                  ]),
            Table(file: "interventions.csv", description: "Én række pr. indstillet indsats (ID 35–52) med status.", key: "i.id",
                  from: "case_interventions i WHERE i.municipality_id = :m", columns: [
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
                  from: "case_interventions i WHERE i.municipality_id = :m AND i.decided_on IS NOT NULL", columns: [
                    Column("intervention", "i.id", .id("intervention"), "Indsatsen."), Column("case", "i.case_id", .id("case"), "Sagen."),
                    Column("decided_on", "i.decided_on", .text, "Dato."), Column("outcome", "i.status", .text, "granted eller refused."),
                    Column("granted_units_per_period", "i.granted_units_hundredths", .hundredths, "ID 65."), Column("paragraph", "i.paragraph", .text, "ID 66."),
                    Column("refusal_reason", "i.refusal_reason", .text, "Afslagsgrund."), Column("follow_up_on", "i.follow_up_on", .text, "ID 67."),
                  ]),
            Table(file: "orders.csv", description: "Én række pr. bestilling (ID 68–73) med kontrakten.", key: "o.id",
                  from: "orders o\(parsed(engine, "o.body", as: "oj")) WHERE o.municipality_id = :m", columns: [
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
                  from: "delivered_hours h JOIN orders o ON o.id = h.order_id WHERE o.municipality_id = :m", columns: [
                    Column("order", "h.order_id", .id("order"), "Bestillingen."), Column("month", "h.month", .text, "Måned (første dag)."),
                  ], key2: "h.month"),
            Table(file: "status_reports.csv", description: "Én række pr. statusrapport fra udføreren.", key: "s.id",
                  from: "order_status_reports s JOIN orders o ON o.id = s.order_id WHERE o.municipality_id = :m", columns: [
                    Column("report", "s.id", .id("report"), "Rapportens pseudonym."), Column("order", "s.order_id", .id("order"), "Bestillingen."),
                    Column("follow_up_date", "s.follow_up_date", .text, "Opfølgningen, rapporten er til."),
                  ]),
            Table(file: "use_of_force.csv", description: "Én række pr. magtanvendelse (ID 82).", key: "x.id",
                  from: "order_incidents x JOIN orders o ON o.id = x.order_id WHERE o.municipality_id = :m AND x.type = 'useOfForce'",
                  columns: [
                    Column("incident", "x.id", .id("incident"), "Pseudonym."), Column("order", "x.order_id", .id("order"), "Bestillingen."),
                    Column("occurred_on", "x.occurred_on", .text, "Dato."),
                  ]),
            Table(file: "follow_ups.csv", description: "Én række pr. opfølgning (ID 74–84).", key: "f.id",
                  from: "case_follow_ups f WHERE f.municipality_id = :m", columns: [
                    Column("follow_up", "f.id", .id("followUp"), "Pseudonym."), Column("case", "f.case_id", .id("case"), "Sagen."),
                    Column("held_on", "f.held_on", .text, "ID 76."), Column("status_on", "f.status_on", .text, "ID 74."),
                    Column("type", "f.follow_up_type", .text, "ID 77."), Column("next_on", "f.next_on", .text, "ID 78."), Column("timely", "f.timely", .bool, "Til tiden."),
                    Column("personal_supervision", "f.personal_supervision", .text, "ID 80."), Column("wellbeing", "f.wellbeing", .text, "ID 81."),
                    Column("use_of_force", "f.use_of_force", .text, "ID 82."), Column("support_need_before", "f.support_need_before", .text, "ID 83 (FFB)."),
                    Column("support_need_after", "f.support_need_after", .text, "ID 84 (FFB)."), Column("outcome", "f.outcome", .text, "Resultat."),
                  ]),
            Table(file: "due_items.csv", description: "Én række pr. frist og opfølgningsdato med hvordan den endte.", key: "d.id",
                  from: "case_due_items d WHERE d.municipality_id = :m", columns: [
                    Column("case", "d.case_id", .id("case"), "Sagen."), Column("kind", "d.kind", .text, "follow_up eller en lokal frist."),
                    Column("set_on", "d.set_on", .text, "Sat."), Column("due_on", "d.due_on", .text, "Forfald."), Column("ending", "d.ending", .text, "fulfilled, superseded, closed."),
                    Column("ended_on", "d.ended_on", .text, "Endte."),
                  ]),
            Table(file: "payments.csv", description: "Én række pr. betaling (den faktiske pris).", key: "p.id",
                  from: "payments p WHERE p.municipality_id = :m", columns: [
                    Column("payment", "p.id", .id("payment"), "Pseudonym."), Column("order", "p.order_id", .id("order"), "Bestillingen."),
                    Column("case", "p.case_id", .id("case"), "Sagen."), Column("service_month", "p.service_month", .text, "Ydelsesmåneden."),
                    Column("account", "p.account", .text, "ID 37."), Column("amount_ore", "p.amount_ore", .integer, "Beløb i øre."),
                    Column("booked_on", "p.booked_on", .text, "Bogført."),
                  ]),
        ]
    }

    /// The keyed pseudonym of an id: the first 16 bytes of HMAC-SHA-256(key, "kind:id") in hex.
    public static func pseudonym(_ id: UUID, kind: String, key: SymmetricKey) -> String {
        var out: [UInt8] = []
        Pseudonyms(key: key).append(kind, Array(id.uuidString.lowercased().utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The pseudonyms of one file. HMAC's keyed state is computed once and copied per id (keying it anew for each of
    /// millions of ids was a sixth of an export's time). One file's rows use it one at a time. (Keeping the pseudonyms
    /// of recurring ids instead of computing them again was measured no faster: looking one up costs what HMAC does.)
    final class Pseudonyms: @unchecked Sendable {
        let keyed: HMAC<SHA256>
        private var scratch: [UInt8] = []
        init(key: SymmetricKey) {
            keyed = HMAC<SHA256>(key: key)
            scratch.reserveCapacity(64)
        }
        /// Appends the pseudonym of the id (as lower-case text) to `out`.
        func append<B: DataProtocol>(_ kind: String, _ id: B, to out: inout [UInt8]) {
            var mac = keyed
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: kind.utf8)
            scratch.append(0x3a)
            scratch.append(contentsOf: id)
            scratch.withUnsafeBytes { mac.update(data: $0) }
            for b in mac.finalize().prefix(16) {
                out.append(BIExport.hexDigits[Int(b >> 4)])
                out.append(BIExport.hexDigits[Int(b & 0x0f)])
            }
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends a value as the file writes it to `out`, from the bytes of the text the database gave (empty: none).
    /// Both engines' rows go through here, byte by byte (a string per value was most of an export's time), so the
    /// files are the same whichever holds the data.
    static func append(_ raw: UnsafeBufferPointer<UInt8>, _ kind: Kind, _ pseudonyms: Pseudonyms, to out: inout [UInt8]) {
        if raw.isEmpty { return }
        func text() -> String { String(decoding: raw, as: UTF8.self) }
        switch kind {
        case .id(let kind):
            pseudonyms.append(kind, UnsafeRawBufferPointer(raw), to: &out)
        case .text:
            if raw.contains(where: { $0 == 0x2c || $0 == 0x22 || $0 == 0x0a || $0 == 0x0d }) {
                out.append(0x22)
                for b in raw {
                    out.append(b)
                    if b == 0x22 { out.append(0x22) }
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: raw)
            }
        case .integer:
            out.append(contentsOf: raw)
        case .decimal:
            if let d = Double(text()) { out.append(contentsOf: "\(LevelColumn.decimal(d))".utf8) }
        case .hundredths:
            if let n = Int(text()) { out.append(contentsOf: hundredths(n).utf8) }
        case .bool, .flag:
            let t = text()
            if t == "1" || t == "true" || t == "t" { out.append(contentsOf: "true".utf8) }
            else if t == "0" || t == "false" || t == "f" { out.append(contentsOf: "false".utf8) }
        }
    }

    /// A number kept in hundredths as a decimal with a point and no trailing zeros (250 → 2.5, 300 → 3, 5 → 0.05).
    static func hundredths(_ n: Int) -> String {
        let whole = n.magnitude / 100, part = n.magnitude % 100
        let sign = n < 0 ? "-" : ""
        if part == 0 { return sign + String(whole) }
        return sign + String(whole) + "." + (part % 10 == 0 ? String(part / 10) : (part < 10 ? "0" : "") + String(part))
    }

    /// One file being written: rows are appended to a buffer that goes to disk a megabyte at a time. The database
    /// hands rows over one by one, in order, so the buffer is never touched by two at once.
    final class Sink: @unchecked Sendable {
        let handle: FileHandle
        var buffer: [UInt8] = []
        var rows = 0
        var failure: (any Error)?
        init(_ url: URL) throws {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteNoPermission) }
            handle = try FileHandle(forWritingTo: url)
            buffer.reserveCapacity(1 << 20 + 4096)
        }
        func line(_ fields: [String]) {
            for (i, f) in fields.enumerated() {
                if i > 0 { buffer.append(0x2c) }
                buffer.append(contentsOf: f.utf8)
            }
            endLine()
        }
        /// Ends the line the caller appended to `buffer`.
        func endLine() {
            buffer.append(0x0a)
            rows += 1
            if buffer.count >= 1 << 20 { flush() }
        }
        func flush() {
            guard !buffer.isEmpty, failure == nil else { return }
            do { try handle.write(contentsOf: buffer) } catch { failure = error }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes every file of the municipality's dataset into `directory` and a `schema.json`; returns the number of
    /// rows per file. Each file is one query whose rows stream from the database straight into the file, so memory
    /// stays flat whatever the size; two files are written at a time, so that the database reads one while the other
    /// is written.
    public static func write(municipalityID: UUID, key: SymmetricKey, to directory: URL, on db: any Database) async throws -> [String: Int] {
        let engine = db.engine
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The largest files first, so that the two streams end about together.
        let largest = ["payments.csv", "due_items.csv", "functional_levels.csv"]
        let all = tables(engine).sorted { (largest.firstIndex(of: $0.file) ?? largest.count) < (largest.firstIndex(of: $1.file) ?? largest.count) }
        var counts: [String: Int] = [:]
        try await withThrowingTaskGroup(of: (String, Int).self) { group in
            var next = all.makeIterator()
            for _ in 0..<2 {
                guard let table = next.next() else { break }
                group.addTask { (table.file, try await write(table, municipalityID: municipalityID, pseudonyms: Pseudonyms(key: key), to: directory, on: db)) }
            }
            while let (file, rows) = try await group.next() {
                counts[file] = rows
                if let table = next.next() {
                    group.addTask { (table.file, try await write(table, municipalityID: municipalityID, pseudonyms: Pseudonyms(key: key), to: directory, on: db)) }
                }
            }
        }
        try schema(engine).write(to: directory.appendingPathComponent("schema.json"))
        return counts
    }

    /// One file of the dataset; returns its number of rows.
    static func write(_ table: Table, municipalityID: UUID, pseudonyms: Pseudonyms, to directory: URL, on db: any Database) async throws -> Int {
        let engine = db.engine
        let sink = try Sink(directory.appendingPathComponent(table.file))
        defer { try? sink.handle.close() }
        sink.line(table.columns.map(\.name))
        let kinds = table.columns.map(\.kind)
        // PostgreSQL hands each row over as one text, its columns joined by a unit separator (U+001F, which no code,
        // date or id holds; text columns have it removed): decoding one value a row instead of one a column halves
        // an export's time.
        let select: String
        switch engine {
        case .postgres:
            select = "concat_ws(E'\\x1f', " + table.columns.map { c in
                if case .text = c.kind { return "coalesce(translate((\(c.sql))::text, E'\\x1f', ''), '')" }
                return "coalesce((\(c.sql))::text, '')"
            }.joined(separator: ", ") + ") AS l"
        case .sqlite:
            select = table.columns.enumerated().map { "\($0.element.sql) AS c\($0.offset)" }.joined(separator: ", ")
        }
        let parts = table.from.components(separatedBy: ":m")
        var query: SQLQueryString = "SELECT \(unsafeRaw: select) FROM \(unsafeRaw: parts[0])"
        for part in parts.dropFirst() { query = "\(query)\(bind: municipalityID)\(unsafeRaw: part)" }
        query = "\(query) ORDER BY \(unsafeRaw: ([table.key] + (table.key2.map { [$0] } ?? [])).joined(separator: ", "))"
        try await db.sql.raw(query).run { row in
            guard sink.failure == nil else { return }
            do {
                let start = sink.buffer.count
                switch engine {
                case .postgres:
                    var line = try row.decode(column: "l", as: String.self)
                    // The fields found byte by byte (a split into strings was a third of the time).
                    let fields = line.withUTF8 { bytes -> Int in
                        var field = 0, from = 0
                        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x1f {
                            guard field < kinds.count else { return field + 1 }
                            if field > 0 { sink.buffer.append(0x2c) }
                            append(UnsafeBufferPointer(rebasing: bytes[from..<i]), kinds[field], pseudonyms, to: &sink.buffer)
                            field += 1
                            from = i + 1
                        }
                        return field
                    }
                    guard fields == kinds.count else {
                        sink.buffer.removeSubrange(start...)
                        throw DomainError(.conflict, code: "export.bi.row", title: "En række kunne ikke læses", detail: table.file)
                    }
                case .sqlite:
                    for (i, kind) in kinds.enumerated() {
                        var raw: String = if case .id = kind {
                            try row.decode(column: "c\(i)", as: UUID?.self)?.uuidString.lowercased() ?? ""
                        } else {
                            try text(row, "c\(i)")
                        }
                        if i > 0 { sink.buffer.append(0x2c) }
                        raw.withUTF8 { append($0, kind, pseudonyms, to: &sink.buffer) }
                    }
                }
                sink.endLine()
            } catch { sink.failure = error }
        }
        sink.flush()
        if let failure = sink.failure { throw failure }
        return sink.rows
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
