import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The economy pages (issue 14 items 3–6): budget against spend and expected outturn, the projection by month and by
/// group, the watch lists, the grants and payments behind a number, the budget form and the exports. The economy
/// consultant and the administrator see the municipality, a team leader their teams (`Principal.economyScope`).
enum EconomyWebController {
    /// Everything the pages show for a year on a reference date.
    struct Model {
        var query: EconomyQuery
        var threshold: Int
        var year: Int
        var date: CalendarDate
        var grouping: ProjectionGrouping
        var overview: EconomyOverview
        var ledger: EconomyLedger
        /// When the ledger was computed from the cases (`EconomySnapshots`).
        var computedAt: Date
        var stored: [StoredBudgetLine]
        var names: [UUID: String]
        var citizens: [UUID: EconomyCitizen]
        var teams: [(id: UUID, name: String)]
        var terminology: TerminologySnapshot
        var canEdit: Bool
        /// Whether newer figures are being computed in the background (`EconomySnapshots`).
        var computing = false
        /// The budget line being corrected (`?ret=konto|enhed`), and a refused form as typed.
        var edit: StoredBudgetLine?
        var typed: FormData?
        var errors: [FieldError] = []

        func name(_ id: UUID?) -> String { id.flatMap { names[$0] } ?? "Ukendt" }

        /// A group key as people read it.
        func groupName(_ key: String, as grouping: ProjectionGrouping? = nil) -> String {
            if key == "none" { return "Ikke angivet" }
            switch grouping ?? self.grouping {
            case .account: return EconomyViews.account(key)
            case .paragraph: return key
            case .targetGroup: return terminology.display(.ffb, code: key) ?? key
            case .provider, .unit, .caseworker: return UUID(uuidString: key).flatMap { names[$0] } ?? key
            }
        }
    }

    /// `aar`, `dato`, `gruppe` from the query; Danish problems for anything else.
    static func query(_ req: Request) throws -> EconomyQuery {
        var e = FieldErrorCollector()
        var q = EconomyQuery()
        if let raw = req.query[String.self, at: "aar"], !raw.isEmpty {
            if let y = Int(raw), (2000...2100).contains(y) { q.year = y } else { e.add("aar", "Året skal være et årstal mellem 2000 og 2100.") }
        }
        if let raw = req.query[String.self, at: "dato"], !raw.isEmpty {
            if let d = CalendarDate(raw), (1900...2200).contains(d.year) { q.date = d } else { e.add("dato", "Referencedatoen skal være en dato som ÅÅÅÅ-MM-DD mellem år 1900 og 2200.") }
        }
        if let raw = req.query[String.self, at: "gruppe"], !raw.isEmpty {
            if let g = ProjectionGrouping(rawValue: raw) { q.grouping = g } else { e.add("gruppe", "Vælg en gruppering fra listen.") }
        }
        if let raw = req.query[String.self, at: "graense"], !raw.isEmpty {
            if let t = Int(raw), (0...100_000_000).contains(t) { q.threshold = t } else { e.add("graense", "Grænsen skal være et helt antal kroner fra 0 til 100.000.000.") }
        }
        try e.throwIfAny()
        return q
    }

    /// The monthly review's default threshold: 10.000 kr.
    static let defaultThreshold = 10_000

    /// The viewer's ledger on R as kept by `EconomySnapshots`, computed anew when older than the bound or when the
    /// request asks for it (`?frisk=1` on the pages, `?fresh=true` in the API); nil when the viewer sees no economy.
    static func snapshot(_ req: Request, principal p: Principal, referenceDate r: CalendarDate) async throws -> (EconomyLedger, Date, computing: Bool)? {
        let fresh = req.query[String.self, at: "frisk"] == "1" || req.query[String.self, at: "fresh"] == "true"
        let db = req.db
        return try await req.openvum.economy.ledger(p, referenceDate: r, now: req.openvum.now(), fresh: fresh) {
            try await EconomyStore.ledger(principal: p, referenceDate: r, on: db)
        }.map { ($0.ledger, $0.computedAt, $0.computing) }
    }

    /// The pages' model; `thresholdOre` (the API's) overrides the query's threshold in kroner.
    /// `naming`: whose names the view shows — naming thousands of citizens is most of a kept page's time.
    static func model(_ req: Request, query q: EconomyQuery, thresholdOre: Int? = nil, naming: Naming) async throws -> Model {
        let p = try req.principal()
        let date = q.date ?? CalendarDate(req.openvum.now())
        let year = q.year ?? date.year
        let grouping = q.grouping ?? .account
        guard let (ledger, computedAt, computing) = try await snapshot(req, principal: p, referenceDate: date) else { throw DomainError.forbidden }
        let stored = try await BudgetStore.lines(year: year, municipalityID: p.municipalityID, scope: p.economyScope, on: req.db)
        let choice = EconomySnapshots.OverviewChoice(year: year, grouping: grouping, threshold: thresholdOre ?? (q.threshold ?? defaultThreshold) * 100,
                                                     budget: stored.map(\.line))
        let overview = req.openvum.economy.overview(p, referenceDate: date, ledger: ledger, computedAt: computedAt, choice: choice)
        let costliest = overview.costliestActual.map(\.citizenID) + overview.costliestOutturn.map(\.citizenID)
        let shown: Set<UUID> = switch naming {
        case .nobody: []
        case .page: Set(costliest + overview.changes.prefix(EconomyViews.changesShown).map(\.citizenID))
        case .watchLists: Set(costliest + overview.changes.map(\.citizenID))
        case .grants: Set(costliest + overview.changes.map(\.citizenID) + overview.grants.map(\.intervention.citizenID))
        }
        let teams = try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db)
            .filter { $0.kind == .authorityTeam && (p.economyScope == .municipality || p.unitIDs.contains($0.id)) }.map { (id: $0.id, name: $0.name) }
        return Model(query: q, threshold: q.threshold ?? defaultThreshold, year: year, date: date, grouping: grouping, overview: overview, ledger: ledger,
                     computedAt: computedAt, stored: stored,
                     names: try await EconomyStore.names(municipalityID: p.municipalityID, on: req.db),
                     citizens: try await EconomyStore.citizens(Array(shown), principal: p, on: req.db), teams: teams,
                     terminology: try await req.openvum.terminology.current(on: req.db),
                     canEdit: [.economyConsultant, .administrator].contains(p.role),
                     computing: computing)
    }

    /// Whose names a view of the economy shows: nobody (the projection, the budget); the overview page's (the costliest
    /// citizens and the largest monthly changes it lists); everyone on the watch lists (their API and exports); or
    /// also everyone behind a grant (the grants page and its export).
    enum Naming { case nobody, page, watchLists, grants }

    /// `GET /oekonomi`.
    static func page(_ req: Request) async throws -> Response {
        let q = try query(req)
        var m = try await model(req, query: q, naming: .page)
        if let key = req.query[String.self, at: "ret"], m.canEdit {
            let parts = key.split(separator: "|").map(String.init)
            m.edit = m.stored.first { $0.line.account == parts.first && ($0.line.unitID?.uuidString.lowercased() ?? "alle") == parts.last }
        }
        try await req.audit(on: req.db, objectType: "economy", criteria: "year=\(m.year) date=\(m.date) citizens=\(m.citizens.count)")
        return req.render(EconomyViews.page(m, req.pageContext))
    }

    /// `GET /oekonomi/bevillinger?noegle=…` (the grants behind a group's number) or `?indsats=…` (one grant, its payments).
    static func grants(_ req: Request) async throws -> Response {
        let q = try query(req)
        let m = try await model(req, query: q, naming: .grants)
        let p = try req.principal()
        if let raw = req.query[String.self, at: "indsats"] {
            guard let id = UUID(uuidString: raw), let x = m.ledger.interventions.first(where: { $0.id == id }) else { throw DomainError.notFound("Bevillingen") }
            let payments = try await PaymentStore.list(municipalityID: p.municipalityID, caseID: x.caseID, on: req.db).filter { $0.interventionID == id }
            var citizens = m.citizens
            if citizens[x.citizenID] == nil { citizens.merge(try await EconomyStore.citizens([x.citizenID], principal: p, on: req.db)) { a, _ in a } }
            try await req.audit(on: req.db, action: "economy.grant", objectType: "intervention", objectID: id.uuidString, citizenID: x.citizenID,
                                criteria: "payments=\(payments.count)")
            return req.render(EconomyViews.grant(x, payments: payments, model: m, citizen: citizens[x.citizenID], req.pageContext))
        }
        if let raw = req.query[String.self, at: "sag"] {
            // The economy's view of one case: every grant of it, to explain a number (audited as a case read).
            guard let caseID = UUID(uuidString: raw), case let grants = m.overview.grants(ofCase: caseID, in: m.ledger),
                  let first = grants.first?.intervention else { throw DomainError.notFound("Sagen") }
            var citizens = m.citizens
            if citizens[first.citizenID] == nil { citizens.merge(try await EconomyStore.citizens([first.citizenID], principal: p, on: req.db)) { a, _ in a } }
            var shown = m
            shown.citizens = citizens
            try await req.audit(on: req.db, action: "economy.case", objectType: "case", objectID: caseID.uuidString, citizenID: first.citizenID,
                                criteria: "grants=\(grants.count) year=\(m.year) date=\(m.date)")
            return req.render(EconomyViews.grants(grants, key: nil, caseID: caseID, scenario: nil, model: shown, req.pageContext))
        }
        let key = req.query[String.self, at: "noegle"]
        let grants = m.overview.grants.filter { g in key.map { m.grouping.key(g.intervention) == $0 } ?? true }
        // The scenario "what if the chosen grants end at their next follow-up".
        let chosen = Set((req.query[[String].self, at: "scenarie"] ?? []).compactMap(UUID.init(uuidString:)))
        let scenario = chosen.isEmpty ? nil : FollowUpScenario(ledger: m.ledger, chosen: chosen, through: m.overview.months.last ?? YearMonth(m.date))
        try await req.audit(on: req.db, objectType: "economy",
                            criteria: "grants year=\(m.year) date=\(m.date) group=\(m.grouping.rawValue) key=\(key ?? "all") count=\(grants.count) scenario=\(chosen.count)")
        return req.render(EconomyViews.grants(grants, key: key, caseID: nil, scenario: scenario, model: m, req.pageContext))
    }

    /// `POST /oekonomi/budget`: a line set from the page's form, amounts in kroner; refused, the page again with the
    /// errors at their fields and the form as typed.
    static func saveBudget(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        var q = EconomyQuery()
        q.year = form["aar"].flatMap(Int.init)
        q.date = form["dato"].flatMap(CalendarDate.init)
        q.grouping = form["gruppe"].flatMap(ProjectionGrouping.init(rawValue:))
        do {
            var e = FieldErrorCollector()
            let original = form["oprindeligt"].flatMap(Kroner.øre(typed:)), corrected = form["korrigeret"].flatMap(Kroner.øre(typed:))
            if original == nil { e.add("oprindeligt", "Skriv det oprindelige budget i kroner, fx 12.500.000,00.") }
            if form["korrigeret"] != nil && corrected == nil { e.add("korrigeret", "Skriv det korrigerede budget i kroner, eller lad feltet stå tomt.") }
            let unit = form["enhed"].flatMap { $0 == "alle" ? nil : UUID(uuidString: $0) }
            if let raw = form["enhed"], raw != "alle", unit == nil { e.add("enhed", "Vælg en enhed fra listen.") }
            let line = BudgetLine(year: q.year ?? 0, account: form["konto"] ?? "", unitID: unit, original: original ?? 0, corrected: corrected)
            do { try line.validate() } catch {
                // The line's own rules, at the form's fields, beside what the form itself refused.
                let names = ["account": "konto", "originalOre": "oprindeligt", "correctedOre": "korrigeret", "year": "aar"]
                for f in error.fieldErrors where !e.errors.contains(where: { $0.field == (names[f.field] ?? f.field) }) { e.add(names[f.field] ?? f.field, f.message) }
            }
            try e.throwIfAny()
            let version = form["version"].flatMap(Int.init)
            let audit = try req.auditEntry(objectType: "budget", criteria: "year=\(line.year) account=\(line.account) unit=\(unit?.uuidString.lowercased() ?? "all")")
            let now = req.openvum.now()
            _ = try await req.writeTransaction { tx in
                try await BudgetStore.save(line, municipalityID: p.municipalityID, expectedVersion: version, userID: p.userID, now: now, audit: audit, on: tx)
            }
            return req.redirect(to: SiteURL.economy(q).path + "#budget", redirectType: .normal)
        } catch let error as DomainError where error.kind == .validation || error.kind == .preconditionRequired || error.kind == .preconditionFailed {
            var m = try await model(req, query: q, naming: .page)
            m.typed = form
            m.errors = error.kind == .validation ? error.fieldErrors
                : [FieldError(field: "konto", message: "Budgetlinjen findes allerede eller er ændret af en anden. Vælg »Ret« ud for linjen, og gem igen.")]
            return req.render(EconomyViews.page(m, req.pageContext).withErrors(m.errors).withStatus(error.kind == .validation ? .unprocessableEntity : .conflict))
        }
    }

    /// `GET /oekonomi/eksport?tabel=…&format=csv|xlsx[&separator=semikolon]`.
    static func export(_ req: Request) async throws -> Response {
        let q = try query(req)
        guard let format = req.query[String.self, at: "format"].flatMap(TableExport.Format.init(rawValue:)) else {
            throw DomainError.validation([FieldError(field: "format", message: "Vælg csv eller xlsx.")])
        }
        let name = req.query[String.self, at: "tabel"] ?? ""
        let m = try await model(req, query: q, naming: name == "bevillinger" ? .grants : .watchLists)
        guard let table = EconomyViews.exportTable(name, m) else {
            throw DomainError.validation([FieldError(field: "tabel", message: "Ukendt tabel: \(name). Vælg budget, fremskrivning, grupper, dyreste, aendringer, drift eller bevillinger.")])
        }
        try await req.audit(on: req.db, objectType: "economy", criteria: "export table=\(name) format=\(format.rawValue) year=\(m.year) date=\(m.date) rows=\(table.rows.count)")
        return try TableExport.response(table, format: format, semicolon: req.query[String.self, at: "separator"] == "semikolon")
    }

    /// `GET /oekonomi/betalinger`: the upload form for the finance system's payment file.
    static func paymentsForm(_ req: Request) async throws -> Response {
        req.render(EconomyViews.payments(report: nil, errors: [], dryRun: true, req.pageContext))
    }

    struct PaymentUpload: Content {
        var fil: File?
        var proeve: String?
    }

    /// `POST /oekonomi/betalinger`: the file read and checked; as a trial run it shows what would change, else it is
    /// imported — all or nothing: a file with errors shows every line's error and stores nothing.
    static func importPayments(_ req: Request) async throws -> Response {
        let upload: PaymentUpload
        do { upload = try req.content.decode(PaymentUpload.self) } catch {
            throw DomainError(.badRequest, code: "body.multipart", title: "Ugyldig forespørgsel", detail: "Formularen kunne ikke læses. Vælg filen, og prøv igen.")
        }
        let dryRun = upload.proeve != nil
        guard let file = upload.fil, file.data.readableBytes > 0 else {
            let errors = [FieldError(field: "fil", message: "Vælg betalingsfilen fra økonomisystemet (CSV).")]
            return req.render(EconomyViews.payments(report: nil, errors: errors, dryRun: dryRun, req.pageContext).withErrors(errors).withStatus(.unprocessableEntity))
        }
        do {
            let report = try await PaymentsAPI.run(try PaymentImport.utf8(file.data.readableBytesView), principal: try req.principal(), dryRun: dryRun, on: req)
            return req.render(EconomyViews.payments(report: report, errors: [], dryRun: dryRun, req.pageContext))
        } catch let error as DomainError where error.kind == .validation {
            let errors = error.fieldErrors.map { FieldError(field: "fil", message: Self.lineMessage($0)) }
            return req.render(EconomyViews.payments(report: nil, errors: errors, dryRun: dryRun, req.pageContext).withErrors(Array(errors.prefix(20)))
                .withStatus(.unprocessableEntity))
        }
    }

    /// `lines.4.amount: …` as »Linje 4: …«.
    static func lineMessage(_ e: FieldError) -> String {
        let parts = e.field.split(separator: ".")
        return parts.count >= 2 && parts[0] == "lines" ? "Linje \(parts[1]): \(e.message)" : e.message
    }
}
