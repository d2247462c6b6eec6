import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
import SQLKit
import Vapor

/// Sets up an application from a configuration: database, migrations, keys, middleware and routes.
/// The server, the commands and the tests all boot through this one function.
/// `prepareDatabase: false` (only `openvum restore`) opens no connection, so that an SQLite file is not created.
public func configure(_ app: Application, config: AppConfig, prepareDatabase: Bool = true) async throws {
    var context = AppContext(config: config)
    // The decoy that unknown usernames are verified against costs what a real hash costs.
    context.passwordDecoy = try Bcrypt.hash(Secrets.random(), cost: config.bcryptCost)
    app.openvum = context
    app.openvum.receivers = .live(app)
    MetricsRegistry.bootstrapOnce()

    switch config.database {
    case .sqlite(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        Connections.useSQLite(path: path, on: app.databases)
    case .postgres(let url, let schema):
        let timeout = TimeAmount.milliseconds(Int64(config.databaseTimeout * 1000))
        let direct = try Connections.usePostgres(url: url, schema: schema, poolSize: config.databasePoolSize, timeout: timeout, on: app.databases)
        app.openvum.databaseHealth = DatabaseHealth(directConnection: direct)
    }
    app.migrations.add(OpenVUMMigrations.all)
    if prepareDatabase { try await prepareConnections(app, config: config) }

    await app.jwt.keys.add(hmac: HMACKey(from: try JWTSecret.resolve(config, logger: app.logger)), digestAlgorithm: .sha256)
    app.routes.defaultMaxBodySize = ByteCount(integerLiteral: config.maxBodySize)
    app.routes.caseInsensitive = false

    app.middleware = Middlewares()
    app.middleware.use(RequestIdentityMiddleware())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(ResponseHeadersMiddleware())
    app.middleware.use(ErrorMappingMiddleware())
    app.middleware.use(DatabaseDeadline(seconds: config.databaseTimeout * 2))
    app.middleware.use(ChannelAuthMiddleware())

    DatabaseMetrics.record(config: config, eventLoops: app.eventLoopGroup.makeIterator().map { _ in 1 }.count)
    try routes(app)
    registerCommands(app)
}

/// Runs the web-session authenticator for pages and the bearer authenticator for `/api`.
struct ChannelAuthMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.isAPI {
            return try await BearerAuthMiddleware().respond(to: req, chainingTo: next)
        }
        return try await WebSessionMiddleware().respond(to: req, chainingTo: next)
    }
}

/// Prepares every pooled SQLite connection (`Connections.prepareSQLite`).
func prepareConnections(_ app: Application, config: AppConfig) async throws {
    guard config.database.isSQLite else { return }
    try await Connections.prepareSQLite(app.databases, eventLoops: Array(app.eventLoopGroup.makeIterator()), logger: app.logger)
}

/// What `serve` does before it listens. The embedded default (SQLite) is migrated on every start and,
/// when the file is new, seeded with the demo municipality; PostgreSQL is migrated by `openvum migrate`.
/// Production refuses to start while demo users exist.
public func prepareForServe(_ app: Application, databaseWasNew: Bool) async throws {
    let config = app.openvum.config
    if config.database.isSQLite {
        try await app.autoMigrate()
        if databaseWasNew && config.mode != .production {
            try await seedDemo(app)
            try await seedDemoHistory(app)
        }
    }
    if config.mode == .production, try await UserStore.demoUsersExist(on: app.db) {
        throw AppConfig.Invalid(problems: ["the database holds demo users (is_demo); remove them before starting in production"])
    }
    app.lifecycle.use(PeriodicJob.reminders(interval: config.reminderInterval))
    app.lifecycle.use(PeriodicJob.outbox(interval: config.outboxIntervalSeconds))
}

extension Application {
    /// Commands that need the schema migrate the embedded SQLite database themselves (as `serve` does).
    func autoMigrateIfEmbedded() async throws {
        if openvum.config.database.isSQLite { try await autoMigrate() }
    }
}

/// Imports the terminologies for the demo: the shared terminology folder when present, otherwise the
/// small built-in subset. Does nothing when a terminology is already active.
public func ensureDemoTerminology(_ app: Application) async throws {
    let current = try await TerminologyStore.loadActive(on: app.db)
    if current.versions[.ffb] != nil && current.versions[.kle] != nil { return }
    let candidates = [app.openvum.config.terminologyDirectory, "../shared/terminology"].compactMap { $0 }
    if let dir = candidates.first(where: { FileManager.default.fileExists(atPath: "\($0)/ffb.json") }) {
        _ = try await TerminologyStore.importDirectory(URL(fileURLWithPath: dir), now: app.openvum.now(), on: app.db)
    } else {
        _ = try await TerminologyStore.importBuiltInDemoSubset(now: app.openvum.now(), on: app.db)
    }
    app.openvum.terminology.invalidate()
}

/// Seeds the demo municipality and prints the demo logins.
public func seedDemo(_ app: Application) async throws {
    let config = app.openvum.config
    guard config.mode != .production else {
        throw AppConfig.Invalid(problems: ["demo data is never seeded in production"])
    }
    if try await DemoData.exists(on: app.db) {
        print("Demokommunen findes allerede; intet er ændret.")
        return
    }
    let hash = try Bcrypt.hash(config.demoPassword, cost: config.bcryptCost)
    try await DemoData.seed(passwordHash: hash, on: app.db)
    try await ensureDemoTerminology(app)
    try await seedDemoCases(app)
    let shown = config.demoPassword == "demo" ? "demo" : "(OPENVUM_DEMO_PASSWORD)"
    var lines = ["", "Demokommune oprettet. Demo-logins (adgangskode: \(shown)):"]
    for user in DemoData.users {
        lines.append("  \(user.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(user.role.danishName)")
    }
    lines.append("")
    print(lines.joined(separator: "\n"))
}

/// The living demo municipality: a generated two-year history of `OPENVUM_DEMO_CITIZENS` citizens (default 250)
/// imported through `openvum import history`'s importer onto the demo organisation, so that every page has
/// something true to show. Does nothing when the demo already has an imported history.
public func seedDemoHistory(_ app: Application) async throws {
    let count = app.openvum.config.demoCitizens
    guard count > 0, app.openvum.config.mode != .production else { return }
    if try await app.db.sql.raw("SELECT 1 AS x FROM import_keys WHERE municipality_id = \(bind: DemoData.municipalityID) LIMIT 1").first() != nil { return }
    let t = try await app.openvum.terminology.current(on: app.db)
    var file = HistoryGenerator.generate(citizens: count, seed: 1, referenceDate: CalendarDate(app.openvum.now()), profile: HistoryGenerator.demo, terminology: t)
    file = demoBorgerHistory(file)
    let admin = try await HistoryImport.administrator(municipalityID: DemoData.municipalityID, username: "admin", on: app.db)
    // The demo's Sags- og Dokumentindeks, Ydelsesindeks and FFB reporting are the local receiver: the imported cases and
    // grants go to it with their whole history, every change after that, and the next day's FFB reports (issue 16).
    // The demo municipality's KOMBIT STS organisation is made up.
    var settings = try await CaseStore.settings(municipalityID: DemoData.municipalityID, on: app.db)
    if settings.kombitOrganisationId == nil {
        settings.kombitOrganisationId = UUID(uuidString: "0d3c2b1a-0000-4000-8000-00000000d3e0")
        _ = try await CaseStore.saveSettings(settings, municipalityID: DemoData.municipalityID, on: app.db)
    }
    for receiver in [NationalReceiver.caseIndex, .grantIndex, .ffbReporting] {
        try await OutboxStore.save(ReceiverSettings(receiver: receiver, transport: .local, enabled: true), municipalityID: DemoData.municipalityID,
                                   userID: admin.userID, now: app.openvum.now(), audit: nil, on: app.db)
    }
    let started = Date()
    print("Demokommunens historik: \(count) borgere importeres …")
    let report = try await HistoryImport.run(try JSONSerialization.data(withJSONObject: file), municipalityID: DemoData.municipalityID, principal: admin,
                                             dryRun: false, app: app)
    print("Demokommunens historik: \(report.imported) borgere med to års sager importeret på \(Int(Date().timeIntervalSince(started))) s"
          + (report.refused.isEmpty ? "." : "; \(report.refused.count) afvist (første: \(report.refused[0].message))."))
    try await seedDemoBudget(app, principal: admin)
    try await seedDemoGuardian(app, principal: admin)
}

/// The `vaerge` account's citizen (issue 16 item 7): Karim Hassan's case records a personal guardianship, and his
/// guardian is given his page — as a caseworker would on the case's opening page.
func seedDemoGuardian(_ app: Application, principal: Principal) async throws {
    guard let row = try await app.db.sql.raw("""
        SELECT id FROM cases WHERE citizen_id = \(bind: DemoData.citizenIDs[5]) AND municipality_id = \(bind: DemoData.municipalityID) ORDER BY opened_on LIMIT 1
        """).first(),
          let c = try await CaseStore.find(id: try row.decode(column: "id", as: UUID.self), principal: principal, on: app.db),
          c.document.opening.guardianship != .yes else { return }
    var changed = c.document
    changed.opening.guardianship = .yes
    changed.opening.guardianshipForm = .personal
    let document = changed
    let now = app.openvum.now()
    let t = try await app.openvum.terminology.current(on: app.db)
    try await app.db.transaction { tx in
        _ = try await CaseStore.update(id: c.id, expectedVersion: c.version, document: document, principal: principal, now: now, terminology: t, audit: nil, on: tx)
        _ = try await RepresentativeStore.grant(caseID: c.id, username: "vaerge", displayName: nil, kind: RepresentativeKind.guardian.rawValue, principal: principal,
                                                now: now, audit: nil, on: tx)
    }
}

/// The `borger` account's own history: the first generated citizen whose help is under way, with follow-ups, becomes
/// Birthe Borger (her CPR number and name), so that her own page has a case, help, a provider and a next follow-up.
func demoBorgerHistory(_ file: [String: Any]) -> [String: Any] {
    guard var citizens = file["citizens"] as? [[String: Any]] else { return file }
    let chosen = citizens.firstIndex { c in
        let types = ((c["case"] as? [String: Any])?["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        return types.contains("delivery_started") && types.contains("follow_up") && !types.contains("intervention_ended") && !types.contains("case_closed")
    }
    guard let i = chosen else { return file }
    let borger = DemoData.citizens[0]
    citizens[i]["cpr"] = borger.cpr
    citizens[i]["givenName"] = borger.given
    citizens[i]["familyName"] = borger.family
    var out = file
    out["citizens"] = citizens
    return out
}

/// This year's budget for the demo municipality: per account spent on, the expected outturn rounded to 100,000 kr.
/// and set a few per cent above or below it, the first account corrected during the year — so that the economy page
/// shows overruns and underruns.
func seedDemoBudget(_ app: Application, principal: Principal) async throws {
    let today = CalendarDate(app.openvum.now())
    guard try await BudgetStore.lines(year: today.year, municipalityID: principal.municipalityID, scope: .municipality, on: app.db).isEmpty,
          let ledger = try await EconomyStore.ledger(principal: principal, referenceDate: today, on: app.db) else { return }
    let factors = [104, 97, 102, 95, 101, 99]
    for (i, f) in BudgetRules.followUp([], ledger: ledger, year: today.year).enumerated() where f.line.account != "none" {
        let original = (f.expectedOutturn * factors[i % factors.count] / 100 + 5_000_000) / 10_000_000 * 10_000_000
        let line = BudgetLine(year: today.year, account: f.line.account, unitID: nil, original: original, corrected: i == 0 ? original / 100 * 103 : nil)
        _ = try await BudgetStore.save(line, municipalityID: principal.municipalityID, expectedVersion: nil, userID: principal.userID, now: app.openvum.now(),
                                       audit: nil, on: app.db)
    }
}

/// Two open cases for the demo caseworker, so the worklist and the team overview have content.
func seedDemoCases(_ app: Application) async throws {
    guard let user = try await UserStore.find(username: "sagsbehandler", on: app.db),
          let caseworker = try await UserStore.principal(userID: user.id, on: app.db) else { return }
    let t = try await app.openvum.terminology.current(on: app.db)
    let now = app.openvum.now()
    try await app.db.transaction { tx in
        _ = try await CaseStore.create(.init(citizenID: DemoData.citizenIDs[0], origin: .inquiry, inquirer: .citizen, paragraphsAppliedFor: ["SEL § 85"]),
                                       principal: caseworker, now: now, terminology: t, audit: nil, on: tx)
        let second = try await CaseStore.create(.init(citizenID: DemoData.citizenIDs[5], origin: .ownInitiative, paragraphsAppliedFor: ["SEL § 107"]),
                                                principal: caseworker, now: now, terminology: t, audit: nil, on: tx)
        _ = try await CaseStore.transition(
            id: second.id, expectedVersion: second.version, to: .investigation, reason: nil, principal: caseworker, now: now, audit: nil, on: tx)
    }
}

extension AppConfig.DatabaseLocation {
    /// For SQLite: whether the file does not exist yet (so `serve` seeds the demo municipality).
    public var isNewSQLiteFile: Bool {
        if case .sqlite(let path) = self { return !FileManager.default.fileExists(atPath: path) }
        return false
    }
}
