import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The one way a report is computed for the API, the pages and the exports (issue 15 items 2, 3, 5): the viewer's
/// cases on R (`FigureStore`, the economy scope), filtered, the report's figures over them, laid out as its tables.
enum ReportService {
    struct Computed {
        var report: ReportDefinition
        var query: ReportQuery
        var date: CalendarDate
        var granularity: String
        /// Every case in scope (kept: not copied per request), and how many of them the filter keeps.
        var all: ManagementInput
        var count: Int
        /// When the cases were read (they are kept a while, `FigureSnapshots`), and whether newer are being read.
        var computedAt: Date
        var computing: Bool
        var figures: [String: FigureValue]
        var tables: [ReportTable]
        var labels: ReportLabels
    }

    static let granularities = ["month", "quarter", "year"]

    /// The report's choices from the query — the pages' Danish names, or the API's (`api`).
    static func query(_ req: Request, api: Bool) throws -> ReportQuery {
        var e = FieldErrorCollector()
        var q = ReportQuery()
        func text(_ web: String, _ apiName: String) -> String? {
            (req.query[String.self, at: api ? apiName : web]).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        }
        func uuid(_ web: String, _ apiName: String, _ what: String) -> UUID? {
            guard let raw = text(web, apiName) else { return nil }
            guard let id = UUID(uuidString: raw) else { e.add(api ? apiName : web, "\(what) findes ikke."); return nil }
            return id
        }
        func month(_ web: String, _ apiName: String) -> YearMonth? {
            guard let raw = text(web, apiName) else { return nil }
            guard let m = YearMonth(raw), (1900...2200).contains(m.year) else { e.add(api ? apiName : web, "Angiv måneden som ÅÅÅÅ-MM."); return nil }
            return m
        }
        if let raw = text("dato", "date") {
            if let d = CalendarDate(raw), (1900...2200).contains(d.year) { q.date = d } else {
                e.add(api ? "date" : "dato", "Referencedatoen skal være en dato som ÅÅÅÅ-MM-DD mellem år 1900 og 2200.")
            }
        }
        if let g = text("periode", "granularity") {
            let value = api ? g : ["maaned": "month", "kvartal": "quarter", "aar": "year"][g] ?? g
            if granularities.contains(value) { q.granularity = value } else { e.add(api ? "granularity" : "periode", "Vælg måned, kvartal eller år.") }
        }
        q.filter.from = month("fra", "from")
        q.filter.to = month("til", "to")
        if let from = q.filter.from, let to = q.filter.to, from > to { e.add(api ? "to" : "til", "Til-måneden skal ligge efter fra-måneden.") }
        q.filter.unit = uuid("team", "unitId", "Teamet")
        q.filter.caseworker = uuid("sagsbehandler", "caseworkerId", "Sagsbehandleren")
        q.filter.provider = uuid("udfoerer", "providerId", "Udføreren")
        q.filter.paragraph = text("paragraf", "paragraph")
        q.filter.targetGroup = text("maalgruppe", "targetGroup")
        q.filter.offerType = text("tilbud", "offerType")
        try e.throwIfAny()
        return q
    }

    /// The report `id`, or 404.
    static func report(_ req: Request) throws -> ReportDefinition {
        guard let id = req.parameters.get("reportID"), let r = ReportCatalogue.report(id) else { throw Abort(.notFound) }
        return r
    }

    static func compute(_ req: Request, report: ReportDefinition, query q: ReportQuery) async throws -> Computed {
        let p = try req.principal()
        let r = q.date ?? CalendarDate(req.openvum.now())
        let terminology = try await req.openvum.terminology.current(on: req.db)
        let kept = try await input(req, referenceDate: r, terminology: terminology)
        let count = q.filter.isEmpty ? kept.input.cases.count : kept.input.cases.lazy.filter { q.filter.matches($0, on: r) }.count
        let figures = req.openvum.figures.figures(p, referenceDate: r, input: kept.input, computedAt: kept.computedAt,
                                                  choice: FigureChoice(ids: report.figures, filter: q.filter))
        let granularity = q.granularity ?? "quarter"
        let labels = ReportLabels(names: try await EconomyStore.names(municipalityID: p.municipalityID, on: req.db), terminology: terminology)
        let tables = report.sections.map { labels.ordered(ReportTable($0, figures: figures, granularity: granularity, filter: q.filter)) }
        return Computed(report: report, query: q, date: r, granularity: granularity, all: kept.input, count: count, computedAt: kept.computedAt,
                        computing: kept.computing, figures: figures, tables: tables, labels: labels)
    }

    /// The viewer's cases on R as `FigureSnapshots` keeps them: read anew when older than the bound or when the
    /// request asks for it (`?frisk=1` on the pages, `?fresh=true` in the API); forbidden when the scope holds nothing.
    static func input(_ req: Request, referenceDate r: CalendarDate, terminology: TerminologySnapshot) async throws -> (input: ManagementInput, computedAt: Date, computing: Bool) {
        let p = try req.principal()
        let fresh = req.query[String.self, at: "frisk"] == "1" || req.query[String.self, at: "fresh"] == "true"
        let db = req.db
        guard let kept = try await req.openvum.figures.value(p, referenceDate: r, now: req.openvum.now(), fresh: fresh, compute: {
            try await FigureStore.input(principal: p, referenceDate: r, terminology: terminology, on: db)
        }) else { throw DomainError.forbidden }
        return (kept.value, kept.computedAt, kept.computing)
    }

    /// The cases behind a number: those whose own figure has a count at the cell's path (the counts are sums over cases).
    static func casesBehind(_ c: Computed, section: Int, cell: [String]) -> [FigureCase] {
        guard c.report.sections.indices.contains(section) else { return [] }
        let figure = c.report.sections[section].figure
        return c.all.cases.filter { one in
            guard c.query.filter.matches(one, on: c.date) else { return false }
            var single = c.all
            single.cases = [one]
            guard let value = ManagementFigures.compute(single, ids: [figure])[figure] else { return false }
            var v: FigureValue? = value
            for p in cell { v = v?[p] }
            if case .int(let n)? = v { return n > 0 }
            return false
        }
    }

    /// The small-number threshold of exports that leave the unit (`OPENVUM_SMALL_NUMBER_THRESHOLD`, default 5).
    static func threshold(_ req: Request) -> Int { req.openvum.config.smallNumberThreshold }

    /// A section as an export table; `shared` suppresses the small numbers (shown as empty cells).
    static func export(_ c: Computed, section: Int, shared: Bool, threshold: Int) -> ExportTable {
        let t = c.tables[section]
        let columns = [t.section.rowTitle ?? c.labels.rowTitle(t.section.rowKind)] + t.columns.map { c.labels.name($0, kind: t.section.columnKind) }
        let rows: [[ExportCell]] = t.rows.map { row in
            [.string(c.labels.name(row.key, kind: t.section.rowKind))] + zip(t.columns, row.cells).map { column, cell in
                let v = shared ? ReportTable.suppressed(cell.value, column: column, threshold: threshold) : cell.value
                switch v {
                case .int(let n)?: return .integer(n)
                case .decimal(let d)?: return .decimal(d)
                case .string(let s)?: return .string(s)
                case nil: return .string("<\(threshold)")
                default: return .decimal(nil)
                }
            }
        }
        let stem = "\(c.report.id)-\(section + 1)-\(c.date)" + (shared ? "-deling" : "")
        return ExportTable(name: stem, columns: columns, rows: rows)
    }
}

/// Keys of a report as people read them, in Danish.
struct ReportLabels {
    var names: [UUID: String]
    var terminology: TerminologySnapshot

    static let measures: [String: String] = [
        "count": "Antal", "opened": "Nye sager", "clearCase": "Klare sager", "notClearCase": "Ikke klare sager", "all": "Alle", "median": "Median (dage)",
        "mean": "Gennemsnit (dage)", "withinDeadline": "Inden for fristen", "shareWithinDeadline": "Andel inden for fristen", "deadlineDays": "Frist (dage)",
        "casesWithRecommendation": "Sager med indstilling", "casesWithRecord": "Sager med handleplan registreret", "offered": "Tilbudt", "wanted": "Ønsket",
        "declined": "Fravalgt", "prepared": "Udarbejdet", "validUntilPassed": "Gyldighed udløbet", "cases": "Sager", "citizenAgrees": "Borger indforstået",
        "citizenDoesNotAgree": "Borger ikke indforstået", "guardianship": "Værgemål", "guardianshipNeedsInvestigation": "Værgemål skal undersøges",
        "informedOfRightToRepresentation": "Oplyst om ret til repræsentation", "represented": "Repræsenteret",
        "informedOfElectronicRegistration": "Oplyst om elektronisk registrering", "consentGiven": "Samtykke givet", "holisticGuidance": "Helhedssyn",
        "otherActing": "Anden handlekommune", "otherPaying": "Anden betalingskommune", "otherActingOrPaying": "Anden handle- eller betalingskommune",
        "otherActingAndPaying": "Anden handle- og betalingskommune", "coordinationNeeded": "Behov for koordinering", "openAtRef": "Åbne på referencedatoen",
        "granted": "Bevilget", "refused": "Afslået", "due": "Forfaldne i alt", "onTime": "Til tiden", "late": "For sent", "overdue": "Overskredet",
        "dueToday": "Forfalder i dag", "missed": "Ikke holdt", "upcomingAfterRef": "Kommende", "doneBeforeDueDateAfterRef": "Holdt før en senere dato",
        "followUps": "Opfølgninger", "withPersonalSupervision": "Med personrettet tilsyn", "casesInDelivery": "Sager i levering",
        "withSupervisionInWindow": "Med tilsyn inden for 365 dage", "share": "Andel", "separate": "Egen opfølgningsdato", "shared": "Sagens opfølgningsdato",
        "goals": "Mål", "followedUp": "Fulgt op", "achieved": "Opnået", "notAchieved": "Ikke opnået", "meanExpectedLevel": "Gns. forventet niveau",
        "meanLatestLevel": "Gns. seneste niveau", "improved": "Mindre støttebehov", "unchanged": "Uændret", "worsened": "Større støttebehov",
        "notAssessed": "Ikke vurderet", "citizens": "Borgere", "withProblems": "Med trivselsproblemer", "interventions": "Indsatser", "services": "Ydelser",
        "withAlternatives": "Med alternative indsatser", "inCasesWithCivilSociety": "I sager med indsatser i civilsamfundet",
        "unitsPerPeriod": "Bevilgede enheder pr. periode", "serviceType": "Ydelsestype (klar sag)", "offerType": "Tilbudstype (klar sag)",
        "opening_to_investigation": "Sagsåbning → sagsoplysning", "investigation_to_assessment": "Sagsoplysning → sagsvurdering",
        "assessment_to_decision": "Sagsvurdering → afgørelse", "opening_to_decision": "Sagsåbning → afgørelse", "decision_to_order": "Afgørelse → bestilling",
        "order_to_delivery_start": "Bestilling → levering startet", "total": "I alt", "none": "Ikke angivet",
    ]

    /// The case-history format's slugs in Danish.
    static let slugs: [String: String] = {
        var out: [String: String] = [:]
        func add<E: DanishLabelled>(_ table: [String: E]) { for (k, v) in table { out[k] = v.danishName } }
        add(HistorySlugs.origin)
        add(HistorySlugs.inquirer)
        add(HistorySlugs.guardianshipForm)
        add(HistorySlugs.representationForm)
        add(HistorySlugs.consentForm)
        add(HistorySlugs.party)
        add(HistorySlugs.planStatus)
        add(HistorySlugs.refusalReason)
        add(HistorySlugs.followUpType)
        add(HistorySlugs.goalDecision)
        add(HistorySlugs.followUpOutcome)
        for g in ManagementFigures.ageGroups { out[g] = "\(g) år" }
        return out
    }()

    func name(_ key: String, kind: ReportKeyKind) -> String {
        if key == "none" { return "Ikke angivet" }
        switch kind {
        case .period, .paragraph: return key
        case .slug: return Self.slugs[key] ?? key
        case .ffb: return terminology.display(.ffb, code: key) ?? Self.measures[key] ?? key
        case .caseworker, .team, .provider: return UUID(uuidString: key).flatMap { names[$0] } ?? "Ukendt"
        case .phase: return CasePhase(rawValue: key == "follow_up" ? "followUp" : key)?.danishName ?? key
        case .measure: return Self.measures[key] ?? key
        }
    }

    /// The natural order of measures that are rows (the phase pairs in process order, all before its parts).
    static let order = ["all", "clearCase", "notClearCase", "openAtRef"] + DueKind.phasePairs.map(\.rawValue) + ["serviceType", "offerType"]

    /// The table's rows in the order people look for them: periods and listed rows as they are, measures in their
    /// natural order, names alphabetically; »Ikke angivet« last.
    func ordered(_ t: ReportTable) -> ReportTable {
        var t = t
        guard t.section.rowKind != .period, !(t.section.layout == .rows && t.section.columns != nil) else { return t }
        t.rows.sort { a, b in
            if (a.key == "none") != (b.key == "none") { return b.key == "none" }
            let (i, j) = (Self.order.firstIndex(of: a.key), Self.order.firstIndex(of: b.key))
            if let i, let j { return i < j }
            if t.section.rowKind == .slug && ManagementFigures.ageGroups.contains(a.key) { return a.key < b.key }
            return name(a.key, kind: t.section.rowKind).localizedStandardCompare(name(b.key, kind: t.section.rowKind)) == .orderedAscending
        }
        return t
    }

    func rowTitle(_ kind: ReportKeyKind) -> String {
        switch kind {
        case .period: "Periode"
        case .slug, .measure: ""
        case .ffb: "FFB"
        case .caseworker: "Sagsbehandler"
        case .team: "Team"
        case .provider: "Udfører"
        case .phase: "Fase"
        case .paragraph: "Paragraf"
        }
    }
}
