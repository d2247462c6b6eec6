import FluentKit
import FluentPostgresDriver
import Foundation
import OpenVUMDomain
import OpenVUMStore
import PostgresKit
import SQLKit

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

    static let tables = ["municipalities", "org_units", "users", "user_units", "citizens", "cases", "case_number_counters", "orders", "payments", "case_transitions",
                         "case_national_states", "case_inquiries", "functional_level_history", "case_deadlines", "case_assignments", "case_due_items", "case_fact_history",
                         "case_interventions", "case_goals", "case_follow_ups", "audit_log"]

    struct Team: Sendable { var id: UUID; var caseworkers: [UUID] }
    struct Muni: Sendable {
        var id: UUID; var teams: [Team]; var offers: [UUID]; var admin: UUID
        /// Each offer's provider (an order names both).
        var providerOf: [UUID: UUID] = [:]
    }

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
            var offers: [UUID] = [], providerOf: [UUID: UUID] = [:], providers: [UUID] = []
            for pIndex in 0..<3 {
                let pid = rng.uuid()
                providers.append(pid)
                try await w.add("org_units", ["id", "municipality_id", "kind", "name", "ownership", "parent_id"],
                                [.uuid(pid), .uuid(mid), .text(UnitKind.provider.rawValue), .text("Leverandør \(pIndex + 1)"), .text(pIndex == 0 ? "internal" : "external"), .null])
                for oIndex in 0..<2 {
                    let oid = rng.uuid()
                    offers.append(oid)
                    providerOf[oid] = pid
                    try await w.add("org_units", ["id", "municipality_id", "kind", "name", "ownership", "parent_id"],
                                    [.uuid(oid), .uuid(mid), .text(UnitKind.offer.rawValue), .text("Tilbud \(pIndex + 1).\(oIndex + 1)"), .null, .uuid(pid)])
                }
            }
            let admin = rng.uuid()
            try await addUser(w, id: admin, municipality: mid, username: "m\(m + 1)-admin", name: "Administrator \(m + 1)", role: .administrator, units: [], hash: o.passwordHash, rng: &rng)
            // The first provider's staff (the provider rows of the benchmark), from a stream of its own so that the rest of
            // the data stays as it was generated before providers had users.
            var own = SeededGenerator(seed: o.seed &+ UInt64(m) &* 7_919 &+ 13)
            try await addUser(w, id: own.uuid(), municipality: mid, username: "m\(m + 1)-udfoerer", name: "Udfører \(m + 1)", role: .providerStaff,
                              units: [providers[0]], hash: o.passwordHash, rng: &own)
            munis.append(Muni(id: mid, teams: teams, offers: offers, admin: admin, providerOf: providerOf))
        }
        try await w.flushAll(order: ["municipalities", "org_units", "users", "user_units"])

        let isPostgres = w.isPostgres
        let workerCount = isPostgres ? max(1, min(workers, munis.count)) : 1
        let secondary = isPostgres ? try await dropSecondaryIndexes(on: db.sql) : []
        let totals: (citizens: Int, rows: Int)
        do {
            totals = try await generateMunicipalities(munis, workers: workerCount, options: o, vocabulary: vocabulary, on: db, progress: progress)
        } catch {
            try? await recreate(secondary, on: db.sql)
            throw error
        }
        try await recreate(secondary, on: db.sql)
        if isPostgres {
            // The generated tables only: a database-wide ANALYZE fails when another user drops a table meanwhile.
            try await db.sql.raw("ANALYZE \(unsafeRaw: tables.map { "\"\($0)\"" }.joined(separator: ", "))").run()
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
    static let loadedTables = ["citizens", "cases", "case_number_counters", "orders", "payments", "case_transitions", "case_national_states", "case_inquiries", "functional_level_history",
                               "case_deadlines", "case_assignments", "case_due_items", "audit_log"]

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
}

extension ScaleSeeder {
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
