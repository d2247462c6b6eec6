import Fluent
import FluentPostgresDriver
import Foundation
import OpenVUMDomain
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
        self.isPostgres = (db as! any SQLDatabase).dialect.name == "postgresql"
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
                let sql = tx as! any SQLDatabase
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

/// A small, fast, deterministic PRNG (SplitMix64), so `seed --scale N --seed S` always makes the same data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i))); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &self)] }
}

/// `openvum seed --scale N`: realistic cases for several municipalities — citizens, cases in every
/// phase in plausible proportions, inquiries, assessments with levels over time, goals, priced
/// interventions, decisions, orders, deliveries, follow-ups, deadlines, history and audit rows.
public enum ScaleSeeder {
    public struct Options: Sendable {
        public var cases: Int
        public var seed: UInt64
        public var municipalities: Int
        public var today: CalendarDate
        public var passwordHash: String
        public init(cases: Int, seed: UInt64 = 1, municipalities: Int? = nil, today: CalendarDate, passwordHash: String) {
            self.cases = cases
            self.seed = seed
            self.municipalities = municipalities ?? max(1, min(20, cases / 50_000 + 2))
            self.today = today
            self.passwordHash = passwordHash
        }
    }

    public struct Summary: Sendable, Equatable {
        public var municipalities: Int
        public var citizens: Int
        public var cases: Int
        public var rows: Int
        public var caseworkers: Int
    }

    /// Phase proportions of a running municipality's case stock (open cases weighted towards follow-up).
    static let phaseWeights: [(CasePhase, Double)] = [
        (.closed, 0.52), (.followUp, 0.20), (.delivery, 0.07), (.order, 0.03), (.decision, 0.04),
        (.assessment, 0.05), (.investigation, 0.06), (.opening, 0.03),
    ]

    static let tables = ["municipalities", "org_units", "users", "user_units", "citizens", "cases", "case_transitions", "case_national_states",
                         "case_inquiries", "functional_level_history", "case_deadlines", "audit_log"]

    struct Team: Sendable { var id: UUID; var caseworkers: [UUID] }
    struct Muni: Sendable { var id: UUID; var teams: [Team]; var offers: [UUID]; var admin: UUID }

    /// The codes cases are generated from, read once from the active terminology.
    struct Vocabulary: Sendable {
        var terminology: TerminologySnapshot
        var ad, conditions, change, ydelser, tilbud, needs, targets, followUpCodes, emner: [String]

        init(_ t: TerminologySnapshot) throws {
            terminology = t
            ad = t.valueSet(FFBValueSet.activityAndParticipation).map(\.code)
            conditions = t.valueSet(FFBValueSet.conditions).map(\.code)
            change = t.valueSet(FFBValueSet.changeValues).map(\.code)
            ydelser = t.valueSet(FFBValueSet.interventions).map(\.code)
            tilbud = t.valueSet(FFBValueSet.services).map(\.code)
            needs = t.valueSet(FFBValueSet.needs).map(\.code)
            targets = t.valueSet(FFBValueSet.targetGroups).map(\.code)
            followUpCodes = t.valueSet(FFBValueSet.followUp).map(\.code)
            emner = t.kle(level: "emne").map(\.code).filter { $0.hasPrefix("27.") }
            guard !ad.isEmpty, !ydelser.isEmpty, !needs.isEmpty else {
                throw DomainError(.validation, code: "terminology.missing", title: "Terminologi mangler", detail: "Importér FFB før data genereres.")
            }
        }
    }

    /// Counts generated cases across workers, for the progress line.
    actor Progress {
        var done = 0
        func add(_ n: Int) -> Int { done += n; return done }
    }

    /// Generates the organisation, then each municipality's citizens and cases. Municipalities are
    /// independent, so on PostgreSQL `workers` of them are generated at once (each with its own random
    /// stream and COPY connection: the same seed gives the same data whatever the interleaving). SQLite
    /// has one writer, so it uses one worker.
    public static func run(
        _ o: Options, workers: Int = ProcessInfo.processInfo.activeProcessorCount, terminology t: TerminologySnapshot, on db: any Database,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> Summary {
        var rng = SeededGenerator(seed: o.seed)
        let w = BulkWriter(db: db, order: tables)
        let vocabulary = try Vocabulary(t)
        var munis: [Muni] = []
        let casesPerMuni = max(1, o.cases / o.municipalities)
        for m in 0..<o.municipalities {
            let mid = rng.uuid()
            let code = String(format: "9%02d", m % 100)
            try await w.add("municipalities", ["id", "code", "name"], [.uuid(mid), .text("S\(code)-\(o.seed)"), .text("Skalakommune \(m + 1)")])
            let teamCount = max(2, casesPerMuni / 25_000)
            var teams: [Team] = []
            for tIndex in 0..<teamCount {
                let tid = rng.uuid()
                try await w.add("org_units", ["id", "municipality_id", "kind", "name", "ownership", "parent_id"],
                                [.uuid(tid), .uuid(mid), .text(UnitKind.authorityTeam.rawValue), .text("Team \(tIndex + 1)"), .null, .null])
                // About 60 open cases per caseworker.
                let caseworkersInTeam = max(2, (casesPerMuni / teamCount) * 48 / 100 / 60)
                var ids: [UUID] = []
                for k in 0..<caseworkersInTeam {
                    let uid = rng.uuid()
                    ids.append(uid)
                    try await addUser(w, id: uid, municipality: mid, username: "m\(m + 1)-t\(tIndex + 1)-sagsbehandler-\(k + 1)", name: "Sagsbehandler \(m + 1).\(tIndex + 1).\(k + 1)",
                                      role: .caseworker, units: [tid], hash: o.passwordHash, rng: &rng)
                }
                try await addUser(w, id: rng.uuid(), municipality: mid, username: "m\(m + 1)-t\(tIndex + 1)-teamleder", name: "Teamleder \(m + 1).\(tIndex + 1)",
                                  role: .teamLeader, units: [tid], hash: o.passwordHash, rng: &rng)
                teams.append(Team(id: tid, caseworkers: ids))
            }
            var offers: [UUID] = []
            for pIndex in 0..<3 {
                let pid = rng.uuid()
                try await w.add("org_units", ["id", "municipality_id", "kind", "name", "ownership", "parent_id"],
                                [.uuid(pid), .uuid(mid), .text(UnitKind.provider.rawValue), .text("Leverandør \(pIndex + 1)"), .text(pIndex == 0 ? "internal" : "external"), .null])
                for oIndex in 0..<2 {
                    let oid = rng.uuid()
                    offers.append(oid)
                    try await w.add("org_units", ["id", "municipality_id", "kind", "name", "ownership", "parent_id"],
                                    [.uuid(oid), .uuid(mid), .text(UnitKind.offer.rawValue), .text("Tilbud \(pIndex + 1).\(oIndex + 1)"), .null, .uuid(pid)])
                }
            }
            let admin = rng.uuid()
            try await addUser(w, id: admin, municipality: mid, username: "m\(m + 1)-admin", name: "Administrator \(m + 1)", role: .administrator, units: [], hash: o.passwordHash, rng: &rng)
            munis.append(Muni(id: mid, teams: teams, offers: offers, admin: admin))
        }
        try await w.flushAll(order: ["municipalities", "org_units", "users", "user_units"])

        let isPostgres = w.isPostgres
        let workerCount = isPostgres ? max(1, min(workers, munis.count)) : 1
        let secondary = isPostgres ? try await dropSecondaryIndexes(on: db as! any SQLDatabase) : []
        let totals: (citizens: Int, rows: Int)
        do {
            totals = try await generateMunicipalities(munis, workers: workerCount, options: o, vocabulary: vocabulary, on: db, progress: progress)
        } catch {
            try? await recreate(secondary, on: db as! any SQLDatabase)
            throw error
        }
        try await recreate(secondary, on: db as! any SQLDatabase)
        if isPostgres {
            // The generated tables only: a database-wide ANALYZE fails when another user drops a table meanwhile.
            try await (db as! any SQLDatabase).raw("ANALYZE \(unsafeRaw: tables.map { "\"\($0)\"" }.joined(separator: ", "))").run()
        }
        let caseworkers = munis.reduce(0) { $0 + $1.teams.reduce(0) { $0 + $1.caseworkers.count } }
        return Summary(municipalities: munis.count, citizens: totals.citizens, cases: o.cases, rows: w.written + totals.rows, caseworkers: caseworkers)
    }

    /// The municipalities' citizens and cases, `workers` municipalities at a time (worker k takes k, k + workers, …).
    static func generateMunicipalities(
        _ munis: [Muni], workers: Int, options o: Options, vocabulary: Vocabulary, on db: any Database,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> (citizens: Int, rows: Int) {
        let counter = Progress()
        return try await withThrowingTaskGroup(of: (citizens: Int, rows: Int).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var sum = (citizens: 0, rows: 0)
                    for m in stride(from: worker, to: munis.count, by: workers) {
                        let count = o.cases / munis.count + (m < o.cases % munis.count ? 1 : 0)
                        let r = try await generateCases(count, municipality: m, of: munis, options: o, vocabulary: vocabulary, on: db) { n in
                            let done = await counter.add(n)
                            // About twenty progress lines in all.
                            if (done - n) * 20 / max(1, o.cases) != done * 20 / max(1, o.cases) { progress(done, o.cases) }
                        }
                        sum.citizens += r.citizens
                        sum.rows += r.rows
                    }
                    return sum
                }
            }
            return try await group.reduce(into: (citizens: 0, rows: 0)) { $0.citizens += $1.citizens; $0.rows += $1.rows }
        }
    }

    /// The tables the case generator fills.
    static let loadedTables = ["citizens", "cases", "case_transitions", "case_national_states", "case_inquiries", "functional_level_history",
                               "case_deadlines", "audit_log"]

    /// PostgreSQL: drops the loaded tables' secondary indexes (not primary keys, unique indexes or
    /// constraints) and returns their definitions. Building an index once over the loaded rows costs far
    /// less than maintaining it row by row during COPY. Only for the generator, which production refuses.
    static func dropSecondaryIndexes(on sql: any SQLDatabase) async throws -> [(name: String, definition: String)] {
        // From the catalog tables, filtered to this schema before pg_get_indexdef runs: another
        // database user (a parallel test, say) may be dropping indexes in its own schema meanwhile.
        let rows = try await sql.raw("""
            SELECT ic.relname AS indexname, pg_get_indexdef(ic.oid) AS indexdef
            FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                 JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relname IN (\(binds: loadedTables)) AND NOT x.indisunique AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ic.oid)
            ORDER BY ic.relname
            """).all()
        let indexes = try rows.map { (name: try $0.decode(column: "indexname", as: String.self), definition: try $0.decode(column: "indexdef", as: String.self)) }
        for index in indexes { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        return indexes
    }

    static func recreate(_ indexes: [(name: String, definition: String)], on sql: any SQLDatabase) async throws {
        for index in indexes { try await sql.raw("\(unsafeRaw: index.definition)").run() }
    }

    /// One municipality's citizens and `count` cases, with their history, deadlines and audit rows.
    static func generateCases(
        _ count: Int, municipality m: Int, of munis: [Muni], options o: Options, vocabulary v: Vocabulary, on db: any Database,
        progress: (Int) async -> Void
    ) async throws -> (citizens: Int, rows: Int) {
        // Each municipality has its own random stream, so workers can run in any order.
        var rng = SeededGenerator(seed: o.seed &* 0x100_0000_01B3 &+ UInt64(m + 1))
        let w = BulkWriter(db: db, order: tables)
        let now = Date()
        let settings = CaseSettings()
        let t = v.terminology
        let (ad, conditions, change, ydelser, tilbud, needs, targets, followUpCodes, emner) =
            (v.ad, v.conditions, v.change, v.ydelser, v.tilbud, v.needs, v.targets, v.followUpCodes, v.emner)
        var citizens = 0
        // Per birth date: a valid serial (7th digit by the century rules), unique across municipalities:
        // municipality m takes the serials m, m + M, m + 2M, …
        var serials: [Int: Int] = [:]
        let startDay = o.today.adding(years: -6)
        let span = startDay.days(until: o.today)
        var citizen: (id: UUID, birth: CalendarDate, team: Int)?
        for n in 0..<count {
            // 3 cases in 4 have a citizen of their own; the rest follow the previous citizen.
            if citizen == nil || rng.chance(0.75) {
                let team = Int.random(in: 0..<munis[m].teams.count, using: &rng)
                let birth = CalendarDate(year: Int.random(in: 1941...2007, using: &rng), month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
                let key = birth.year * 10_000 + birth.month * 100 + birth.day
                let local = serials[key, default: 0]
                serials[key] = local + 1
                let counter = local * munis.count + m
                let seventh = birth.year >= 2000 ? [4, 5, 6, 7, 8, 9][(counter / 1000) % 6] : (counter / 1000) % 4
                let cpr = CalendarDate.pad(birth.day, 2) + CalendarDate.pad(birth.month, 2) + CalendarDate.pad(birth.year % 100, 2)
                    + String(seventh) + CalendarDate.pad(counter % 1000, 3)
                let id = rng.uuid()
                try await w.add("citizens", ["id", "municipality_id", "cpr", "given_name", "family_name", "responsible_unit_id", "created_at", "updated_at", "version"],
                                [.uuid(id), .uuid(munis[m].id), .text(cpr), .text(rng.pick(givenNames)), .text(rng.pick(familyNames)),
                                 .uuid(munis[m].teams[team].id), .time(now), .time(now), .int(1)])
                citizens += 1
                citizen = (id, birth, team)
            }
            let c = citizen!
            let muni = munis[m]
            let team = muni.teams[c.team]
            let caseworker = rng.pick(team.caseworkers)
            var roll = Double.random(in: 0..<1, using: &rng)
            var phase = CasePhase.closed
            for (p, weight) in phaseWeights { roll -= weight; if roll < 0 { phase = p; break } }
            let ageDays = phase == .closed ? Int.random(in: 180...span, using: &rng)
                : phase == .followUp || phase == .delivery ? Int.random(in: 60...min(span, 1500), using: &rng) : Int.random(in: 0...90, using: &rng)
            let opened = o.today.adding(days: -ageDays)
            let caseID = rng.uuid()
            var doc = CaseDocument()
            doc.opening.origin = rng.pick([.inquiry, .inquiry, .inquiry, .followUp, .ownInitiative])
            doc.opening.inquirer = rng.pick(Inquirer.allCases)
            doc.opening.citizenAgrees = .yes
            doc.opening.consent = rng.chance(0.8) ? .given : .notRelevant
            if doc.opening.consent == .given { doc.opening.consentForm = rng.pick([.written, .oral, .digital]); doc.opening.consentCollectFrom = [.generalPractitioner] }
            doc.opening.guardianship = rng.chance(0.15) ? .yes : .no
            if doc.opening.guardianship == .yes { doc.opening.guardianshipForm = rng.pick(GuardianshipForm.allCases) }
            doc.opening.paragraphsAppliedFor = [rng.pick(["SEL § 85", "SEL § 107", "SEL § 108", "SEL § 97", "SEL § 103"])]
            doc.opening.openedOn = opened
            doc.opening.inquiryCount = 1
            doc.opening.caseCount = 60
            doc.opening.ageGroup = AgeGroup.of(birthDate: c.birth, on: opened)
            let order = CaseRules.phaseOrder
            let reached = phase == .closed ? order.count - 1 : order.firstIndex(of: phase)!
            var day = opened
            func step(_ days: ClosedRange<Int>) -> CalendarDate {
                day = min(o.today, day.adding(days: Int.random(in: days, using: &rng)))
                return day
            }
            var transitions: [(CasePhase?, CasePhase, CalendarDate)] = [(nil, .opening, opened)]
            var levelRows: [(String, Double, CalendarDate)] = []
            if reached >= 1 {
                doc.investigation.startedOn = step(1...14)
                transitions.append((.opening, .investigation, day))
                doc.investigation.assessedSubthemes = Array(Set((0..<4).map { _ in rng.pick(conditions.isEmpty ? ad : conditions) }))
                let subthemes = Array(Set((0..<Int.random(in: 3...6, using: &rng)).map { _ in rng.pick(ad) }))
                doc.investigation.functionalLevels = subthemes.map { s in
                    let level = (Double.random(in: 0.5...3.5, using: &rng) * 2).rounded() / 2
                    levelRows.append((s, level, day))
                    return FunctionalLevel(subtheme: s, level: level, severity: FFBSeverity.code(forLevel: level), assessedOn: day)
                }
            }
            if reached >= 2 {
                doc.assessment.startedOn = step(7...30)
                transitions.append((.investigation, .assessment, day))
                doc.assessment.currentSupportNeed = rng.pick(needs)
                if !targets.isEmpty { doc.assessment.targetGroups = [rng.pick(targets)] }
                doc.assessment.actionPlanOffered = .yes
                doc.assessment.actionPlanStatus = rng.chance(0.6) ? .completed : .inProgress
                if doc.assessment.actionPlanStatus == .completed {
                    doc.assessment.actionPlanCompletedOn = day
                    doc.assessment.actionPlanValidUntil = day.adding(months: settings.actionPlanValidityMonths)
                }
                doc.goals = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                    var g = Goal()
                    g.id = rng.uuid()
                    g.goalType = change.isEmpty ? nil : rng.pick(change)
                    g.primaryTheme = rng.pick(ad)
                    g.expectedLevel = (Double.random(in: 0.5...3, using: &rng) * 2).rounded() / 2
                    g.followUpDate = day.adding(months: rng.pick([3, 6, 12]))
                    return g
                }
                doc.interventions = (0..<(rng.chance(0.3) ? 2 : 1)).map { _ in
                    var x = Intervention()
                    x.id = rng.uuid()
                    let code = rng.pick(ydelser)
                    x.services = [CodedService(code: code, paragraph: t.concept(.ffb, code)?.paragraph ?? doc.opening.paragraphsAppliedFor?.first)]
                    if !tilbud.isEmpty, rng.chance(0.4) { x.offers = [CodedService(code: rng.pick(tilbud))] }
                    x.accountNumber = rng.pick(["5.38.50", "5.38.52", "5.38.42", "5.38.45"])
                    x.expectedStartDate = day.adding(days: 14)
                    if rng.chance(0.5) { x.noEndDate = true } else { x.expectedEndDate = day.adding(months: rng.pick([6, 12, 24])) }
                    x.unit = .hour
                    x.unitsPerPeriod = Double(Int.random(in: 1...12, using: &rng))
                    x.frequency = .perWeek
                    x.periodRepetitions = 52
                    x.unitPrice = Int.random(in: 350...650, using: &rng) * 100
                    x.basePrice = CaseRules.basePrice(x)
                    x.scope = CaseRules.scope(x)
                    x.expectedPrice = CaseRules.expectedPrice(x)
                    return x
                }
                doc.assessment.expectedTotalPrice = doc.interventions.compactMap(\.expectedPrice).reduce(0, +)
            }
            if reached >= 3 {
                doc.assessment.recommendationStartedOn = step(3...21)
                transitions.append((.assessment, .decision, day))
            }
            var refusedAll = false
            if reached >= 4 || phase == .closed {
                if reached >= 3 {
                    let decided = step(1...14)
                    for i in doc.interventions.indices {
                        var d = InterventionDecision()
                        d.outcome = rng.chance(0.85) ? .granted : .refused
                        if d.outcome == .granted { d.grantedUnitsPerPeriod = doc.interventions[i].unitsPerPeriod; d.paragraph = doc.opening.paragraphsAppliedFor?.first; d.followUpDate = decided.adding(months: 3) }
                        d.decidedOn = decided
                        doc.interventions[i].decision = d
                    }
                    refusedAll = !doc.interventions.contains { $0.decision?.outcome == .granted }
                    if doc.interventions.isEmpty { refusedAll = true }
                }
            }
            if reached >= 4 && !refusedAll {
                let ordered = step(1...10)
                transitions.append((.decision, .order, day))
                for i in doc.interventions.indices where doc.interventions[i].decision?.outcome == .granted {
                    var ord = InterventionOrder()
                    ord.orderedOn = ordered
                    ord.providerUnitId = rng.pick(muni.offers)
                    ord.coPayment = 0
                    ord.coordinationNeeded = rng.chance(0.2)
                    doc.interventions[i].order = ord
                }
            }
            if reached >= 5 && !refusedAll {
                let started = step(5...30)
                transitions.append((.order, .delivery, day))
                for i in doc.interventions.indices where doc.interventions[i].order != nil {
                    var d = InterventionDelivery()
                    d.startDate = started
                    d.documentedOn = started
                    doc.interventions[i].delivery = d
                }
            }
            if reached >= 6 && !refusedAll {
                let cycles = Int.random(in: 1...3, using: &rng)
                var last = CasePhase.delivery
                for _ in 0..<cycles {
                    let at = step(60...200)
                    transitions.append((last, .followUp, at))
                    last = .followUp
                    var f = FollowUp()
                    f.id = rng.uuid()
                    f.statusDate = at
                    f.followUpDate = at
                    f.interventionStatus = followUpCodes.isEmpty ? nil : rng.pick(followUpCodes)
                    f.followUpType = rng.chance(0.85) ? .planned : .significantChange
                    f.nextFollowUpDate = at.adding(months: rng.pick([6, 12]))
                    f.personalSupervision = rng.chance(0.7) ? .yes : .no
                    f.wellbeing = rng.pick(Wellbeing.allCases)
                    f.useOfForce = rng.chance(0.05) ? .yes : .no
                    f.supportNeedAtStart = doc.assessment.currentSupportNeed
                    f.supportNeedAfter = rng.pick(needs)
                    f.goalDecisions = doc.goals.compactMap { g in g.id.map { GoalDecision(goalId: $0, decision: rng.pick(GoalForwardDecision.allCases)) } }
                    doc.followUps.append(f)
                }
            }
            var closedOn: CalendarDate?
            if phase == .closed {
                closedOn = step(30...400)
                transitions.append((transitions.last?.1, .closed, closedOn!))
            }
            let deadlines = CaseDeadlines.compute(phase: phase, openedOn: opened, document: doc, settings: settings)
            let docText = String(decoding: try CasePatch.encoder.encode(doc), as: UTF8.self)
            let openedAt = opened.date
            try await w.add("cases", ["id", "municipality_id", "citizen_id", "responsible_unit_id", "caseworker_id", "phase", "opened_on", "closed_on",
                                      "next_deadline_on", "next_deadline_kind", "kle_emne", "kle_facet", "document", "version", "created_at", "updated_at"],
                            [.uuid(caseID), .uuid(muni.id), .uuid(c.id), .uuid(team.id), .uuid(caseworker), .text(phase.rawValue), .text(opened.description),
                             closedOn.map { .text($0.description) } ?? .null, deadlines.first.map { .text($0.dueOn.description) } ?? .null,
                             deadlines.first.map { .text($0.kind.rawValue) } ?? .null, emner.isEmpty ? .null : .text(rng.pick(emner)), .text("G01"),
                             .text(docText), .int(transitions.count + 2), .time(openedAt), .time(day.date)])
            for (i, tr) in transitions.enumerated() {
                let at = tr.2.date
                try await w.add("case_transitions", ["id", "case_id", "from_phase", "to_phase", "at", "at_us", "seq", "user_id", "reason"],
                                [.uuid(rng.uuid()), .uuid(caseID), tr.0.map { .text($0.rawValue) } ?? .null, .text(tr.1.rawValue), .time(at),
                                 .int(Int(at.timeIntervalSince1970 * 1_000_000)), .int(i + 1), .uuid(caseworker), .null])
            }
            var lastState: NationalCaseState?
            var stateRows: [(NationalCaseState, Date)] = []
            for tr in transitions {
                let s = CaseProcess.nationalState(for: tr.1, closingEvent: settings.closingEvent)
                if s != lastState { stateRows.append((s, tr.2.date)); lastState = s }
            }
            for (i, s) in stateRows.enumerated() {
                try await w.add("case_national_states", ["id", "case_id", "state", "seq", "valid_from", "valid_to", "published_at"],
                                [.uuid(rng.uuid()), .uuid(caseID), .text(s.0.rawValue), .int(i + 1), .time(s.1),
                                 i + 1 < stateRows.count ? .time(stateRows[i + 1].1) : .null, .null])
            }
            try await w.add("case_inquiries", ["id", "municipality_id", "citizen_id", "case_id", "received_on", "inquirer", "created_at"],
                            [.uuid(rng.uuid()), .uuid(muni.id), .uuid(c.id), .uuid(caseID), .text(opened.description), .text(doc.opening.inquirer!.rawValue), .time(openedAt)])
            for l in levelRows {
                try await w.add("functional_level_history", ["id", "case_id", "citizen_id", "subtheme", "level", "severity", "assessed_on", "recorded_at", "user_id"],
                                [.uuid(rng.uuid()), .uuid(caseID), .uuid(c.id), .text(l.0), .double(l.1), FFBSeverity.code(forLevel: l.1).map { .text($0) } ?? .null,
                                 .text(l.2.description), .time(l.2.date), .uuid(caseworker)])
            }
            for d in deadlines {
                try await w.add("case_deadlines", ["id", "case_id", "municipality_id", "unit_id", "caseworker_id", "kind", "due_on", "label"],
                                [.uuid(rng.uuid()), .uuid(caseID), .uuid(muni.id), .uuid(team.id), .uuid(caseworker), .text(d.kind.rawValue), .text(d.dueOn.description), .text(d.label)])
            }
            for (k, action) in ["case.create", "case.read", "case.update"].prefix(1 + transitions.count / 3).enumerated() {
                let at = openedAt.addingTimeInterval(TimeInterval(k * 3600))
                try await w.add("audit_log", ["id", "occurred_at", "occurred_us", "municipality_id", "user_id", "unit_id", "action", "object_type", "object_id",
                                              "citizen_id", "criteria", "request_id", "channel"],
                                [.uuid(rng.uuid()), .time(at), .int(Int(at.timeIntervalSince1970 * 1_000_000)), .uuid(muni.id), .uuid(caseworker), .uuid(team.id),
                                 .text(action), .text("case"), .text(caseID.uuidString), .uuid(c.id), .null, .null, .text("seed")])
            }
            if (n + 1) % 1000 == 0 { await progress(1000) }
        }
        try await w.flushAll(order: tables)
        await progress(count % 1000)
        return (citizens, w.written)
    }

    static func addUser(_ w: BulkWriter, id: UUID, municipality: UUID, username: String, name: String, role: Role, units: [UUID], hash: String, rng: inout SeededGenerator) async throws {
        try await w.add("users", ["id", "municipality_id", "username", "password_hash", "display_name", "role", "is_demo", "active", "citizen_id", "created_at", "version"],
                        [.uuid(id), .uuid(municipality), .text(username), .text(hash), .text(name), .text(role.rawValue), .bool(true), .bool(true), .null, .time(Date()), .int(1)])
        for u in units {
            try await w.add("user_units", ["id", "user_id", "unit_id"], [.uuid(rng.uuid()), .uuid(id), .uuid(u)])
        }
    }

    static let givenNames = ["Anne", "Peter", "Mette", "Lars", "Hanne", "Jens", "Susanne", "Michael", "Camilla", "Søren", "Louise", "Rasmus", "Ida", "Mohammed", "Fatima", "Emil"]
    static let familyNames = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Ali"]
}
