import Foundation

/// How a key of a report's rows or columns is read by people: a period, a slug of the case-history format, an FFB code,
/// an OpenVUM id of a caseworker, team or provider, a phase, a paragraph, or a name this catalogue gives.
public enum ReportKeyKind: String, Sendable, Codable {
    case period, slug, ffb, caseworker, team, provider, phase, paragraph, measure
}

/// One table of a report: a figure (or a part of it, `path`) laid out as rows and columns.
public struct ReportSection: Sendable, Codable, Equatable {
    public enum Layout: String, Sendable, Codable {
        /// `{"month"|"quarter"|"year": {period: number or {key: number}}}`: a row per period of the chosen granularity.
        case byPeriod
        /// `{key: number}`: a row per key, one column.
        case rows
        /// `{row: {column: number}}`: a row per key, a column per inner key.
        case grid
        /// `{column: number}`: one row.
        case single
    }

    public var title: String
    public var figure: String
    public var path: [String]
    public var layout: Layout
    public var rowKind: ReportKeyKind
    public var columnKind: ReportKeyKind
    /// The columns in order (nil: every key met, in key order).
    public var columns: [String]?
    /// Whether the page draws the first column (or the columns stacked) as bars.
    public var chart: Bool
    /// Where a cell is itself an object (`{n, mean}`), the key whose number the cell shows.
    public var leaf: String?
    /// What the rows are, as the table's first heading says it (else from `rowKind`).
    public var rowTitle: String?

    public init(_ title: String, figure: String, path: [String] = [], layout: Layout, rows: ReportKeyKind = .measure, columns: ReportKeyKind = .measure,
                only: [String]? = nil, chart: Bool = true, leaf: String? = nil, rowTitle: String? = nil) {
        self.leaf = leaf
        self.rowTitle = rowTitle
        self.title = title
        self.figure = figure
        self.path = path
        self.layout = layout
        self.rowKind = rows
        self.columnKind = columns
        self.columns = only
        self.chart = chart
    }
}

/// A report of the management information (issue 15 item 3): its figures as tables, its theme, and the VUM IDs whose
/// data it uses.
public struct ReportDefinition: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var theme: Int
    public var summary: String
    public var vumIDs: [Int]
    public var sections: [ReportSection]

    public init(id: String, title: String, theme: Int, summary: String, vumIDs: [Int], sections: [ReportSection]) {
        self.id = id
        self.title = title
        self.theme = theme
        self.summary = summary
        self.vumIDs = vumIDs
        self.sections = sections
    }

    /// The figures the report reads.
    public var figures: [String] { Array(Set(sections.map(\.figure))).sorted() }
}

/// The filters every report takes (issue 15 item 3). A case is in a filtered report when it matches every filter set.
public struct ReportFilter: Sendable, Equatable, Codable {
    public var from: YearMonth?
    public var to: YearMonth?
    /// The team holding the case on R.
    public var unit: UUID?
    /// The caseworker holding the case on R.
    public var caseworker: UUID?
    /// A paragraph an intervention of the case was granted under (ID 66, OpenVUM's format "SEL § 85").
    public var paragraph: String?
    /// The case's primary target group on R (ID 60).
    public var targetGroup: String?
    /// A provider the case ordered from by R.
    public var provider: UUID?
    /// An FFB tilbud of an intervention of the case (ID 36).
    public var offerType: String?

    public init(from: YearMonth? = nil, to: YearMonth? = nil, unit: UUID? = nil, caseworker: UUID? = nil, paragraph: String? = nil,
                targetGroup: String? = nil, provider: UUID? = nil, offerType: String? = nil) {
        self.from = from
        self.to = to
        self.unit = unit
        self.caseworker = caseworker
        self.paragraph = paragraph
        self.targetGroup = targetGroup
        self.provider = provider
        self.offerType = offerType
    }

    public var isEmpty: Bool { self == ReportFilter() }

    /// Whether the case is in the report on R.
    public func matches(_ c: FigureCase, on r: CalendarDate) -> Bool {
        let holder = c.holder(on: r)
        if let unit, holder?.team != unit { return false }
        if let caseworker, holder?.caseworker != caseworker { return false }
        if let paragraph, !c.document.interventions.contains(where: { FigureCase.decision(of: $0, asOf: r)?.outcome == .granted && $0.decision?.paragraph == paragraph }) {
            return false
        }
        if let targetGroup {
            let v = c.targetGroups(on: r)
            if (v?.primary ?? v?.codes.first) != targetGroup { return false }
        }
        if let provider, !c.orders.contains(where: { $0.on <= r && $0.providerID == provider }) { return false }
        if let offerType, !c.interventions(asOf: r).contains(where: { $0.offers?.contains { $0.code == offerType } == true }) { return false }
        return true
    }

    /// The periods shown: those from `from` through `to`.
    public func shows(_ m: YearMonth) -> Bool { (from.map { m >= $0 } ?? true) && (to.map { m <= $0 } ?? true) }
}

/// A report's table as computed: columns and rows of cells, each cell with its path in the figure (for the cases behind
/// it) and its value.
public struct ReportTable: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var path: [String]
        public var value: FigureValue
    }

    public struct Row: Sendable, Equatable {
        public var key: String
        public var cells: [Cell]
    }

    public var section: ReportSection
    public var columns: [String]
    public var rows: [Row]

    /// The section's figure laid out for `granularity` (`month`, `quarter`, `year`), periods filtered by `filter`.
    public init(_ section: ReportSection, figures: [String: FigureValue], granularity: String, filter: ReportFilter = ReportFilter()) {
        self.section = section
        var value = figures[section.figure]
        for p in section.path { value = value?[p] }
        func numbers(_ v: FigureValue?) -> [String: FigureValue] {
            guard case .object(var o)? = v else { return [:] }
            if let leaf = section.leaf { o = o.compactMapValues { $0[leaf] } }
            return o.filter { if case .object = $0.value { false } else if case .array = $0.value { false } else { true } }
        }
        func columnsOf(_ objects: [FigureValue?]) -> [String] {
            if let only = section.columns { return only }
            return Array(Set(objects.flatMap { numbers($0).keys })).sorted()
        }
        var cols: [String] = [], out: [Row] = []
        switch section.layout {
        case .byPeriod:
            var periods = value?[granularity].flatMap { v -> [String]? in if case .object(let o) = v { o.keys.sorted() } else { nil } } ?? []
            periods = periods.filter { p in
                let first = YearMonth(p) ?? Self.firstMonth(of: p), last = YearMonth(p) ?? Self.lastMonth(of: p)
                if let from = filter.from, let last, last < from { return false }
                if let to = filter.to, let first, first > to { return false }
                return true
            }
            let cells = periods.map { value?[granularity, $0] }
            let scalar = cells.contains { if case .int? = $0 { true } else { false } }
            cols = scalar ? ["count"] : columnsOf(cells)
            out = periods.map { p in
                let v = value?[granularity, p]
                if scalar { return Row(key: p, cells: [Cell(path: section.path + [granularity, p], value: v ?? .null)]) }
                let o = numbers(v)
                return Row(key: p, cells: cols.map { Cell(path: section.path + [granularity, p, $0], value: o[$0] ?? .int(0)) })
            }
        case .rows:
            let o = numbers(value)
            cols = ["count"]
            out = (section.columns ?? o.keys.sorted()).map { k in Row(key: k, cells: [Cell(path: section.path + [k], value: o[k] ?? .int(0))]) }
        case .grid:
            guard case .object(let o)? = value else { break }
            let keys = o.keys.sorted().filter { !numbers(o[$0]).isEmpty }
            cols = columnsOf(keys.map { o[$0] })
            out = keys.map { k in
                let inner = numbers(o[k])
                return Row(key: k, cells: cols.map { Cell(path: section.path + [k, $0] + (section.leaf.map { [$0] } ?? []), value: inner[$0] ?? .null) })
            }
        case .single:
            let o = numbers(value)
            cols = section.columns ?? o.keys.sorted()
            out = [Row(key: "total", cells: cols.map { Cell(path: section.path + [$0], value: o[$0] ?? .null) })]
        }
        columns = cols
        rows = out
    }

    static func firstMonth(of period: String) -> YearMonth? {
        if period.count == 4, let y = Int(period) { return YearMonth(year: y, month: 1) }
        if period.count == 7, let y = Int(period.prefix(4)), let q = Int(period.suffix(1)) { return YearMonth(year: y, month: (q - 1) * 3 + 1) }
        return nil
    }

    static func lastMonth(of period: String) -> YearMonth? { firstMonth(of: period)?.adding(months: period.count == 4 ? 11 : 2) }

    /// Columns whose numbers are counts of cases or items — the ones with cases behind them; means, medians, shares and
    /// deadlines are not.
    public static func isCount(_ column: String) -> Bool {
        !["median", "mean", "share", "shareWithinDeadline", "deadlineDays", "windowDays", "meanExpectedLevel", "meanLatestLevel", "expectedLevel",
          "baselineLevel", "latestLevel"].contains(column)
    }

    /// Suppresses small numbers for an export that leaves the unit: a count from 1 to `threshold` − 1 becomes nil.
    public static func suppressed(_ v: FigureValue, column: String, threshold: Int) -> FigureValue? {
        if case .int(let n) = v, isCount(column), n > 0, n < threshold { return nil }
        return v
    }
}

/// The reports, grouped by theme: every figure of themes 1 and 3, the economy pages for theme 2, and every VUM ID whose
/// purpose (seed 002 "Formål") is management information (`DataCatalogue`, theme 1–3) used by at least one.
public enum ReportCatalogue {
    public static let all: [ReportDefinition] = [
        ReportDefinition(id: "henvendelser", title: "Henvendelser og nye sager", theme: 1,
                         summary: "Henvendelser efter oprindelse og henvender, nye sager og klare sager pr. periode.", vumIDs: [1, 2, 4, 5, 6, 21],
                         sections: [
                            .init("Henvendelser efter oprindelse", figure: "t1.inquiries.by_origin", layout: .byPeriod, rows: .period, columns: .slug),
                            .init("Henvendelser efter henvender", figure: "t1.inquiries.by_inquirer", layout: .byPeriod, rows: .period, columns: .slug, chart: false),
                            .init("Nye sager og klare sager", figure: "t1.cases.opened", layout: .byPeriod, rows: .period, columns: .measure),
                            .init("Klare sager efter ydelse og tilbud", figure: "x.clear_cases", layout: .grid, rows: .measure, columns: .ffb, chart: false, rowTitle: "Klar sag"),
                         ]),
        ReportDefinition(id: "aabne-sager", title: "Åbne sager", theme: 1,
                         summary: "Sager åbne på referencedatoen efter sagsbehandler, team og fase, og ved hver måneds udgang.", vumIDs: [1, 22, 25, 28, 62, 68, 75],
                         sections: [
                            .init("Åbne sager efter sagsbehandler", figure: "t1.open_cases.at_ref", path: ["byCaseworker"], layout: .rows, rows: .caseworker),
                            .init("Åbne sager efter team", figure: "t1.open_cases.at_ref", path: ["byTeam"], layout: .rows, rows: .team),
                            .init("Åbne sager efter fase", figure: "t1.open_cases.at_ref", path: ["byPhase"], layout: .rows, rows: .phase,
                                  only: ["opening", "investigation", "assessment", "decision", "order", "delivery", "follow_up"]),
                            .init("Åbne sager ved månedens udgang", figure: "t1.open_cases.month_end", layout: .rows, rows: .period),
                         ]),
        ReportDefinition(id: "sagsforloeb", title: "Sagsforløb og lokale frister", theme: 1,
                         summary: "Dage fra sagsåbning til afgørelse og mellem faserne, mod kommunens lokale frister.", vumIDs: [1, 25, 28, 62, 63, 64, 68, 74, 75],
                         sections: [
                            .init("Fra sagsåbning til afgørelse", figure: "t1.opening_to_decision", layout: .grid, rows: .measure, columns: .measure, only: ["count", "median", "mean", "withinDeadline", "shareWithinDeadline"], rowTitle: "Sager"),
                            .init("Fra fase til fase", figure: "t1.phase_durations", layout: .grid, rows: .measure, columns: .measure, only: ["count", "median", "mean", "deadlineDays", "withinDeadline", "shareWithinDeadline"], chart: false, rowTitle: "Fra → til"),
                            .init("Afgørelser efter periode", figure: "t1.opening_to_decision", path: ["byDecisionPeriod"], layout: .byPeriod, rows: .period,
                                  columns: .measure, only: ["count", "median", "mean", "withinDeadline", "shareWithinDeadline"], chart: false),
                         ]),
        ReportDefinition(id: "handleplaner", title: "Handleplaner", theme: 1,
                         summary: "Tilbud om handleplan, borgerens ønsker, status og gyldighed.", vumIDs: [53, 54, 55, 56, 57, 58, 61, 62],
                         sections: [
                            .init("Handleplaner (§ 141)", figure: "t1.action_plans", layout: .single,
                                  only: ["casesWithRecommendation", "casesWithRecord", "offered", "wanted", "declined", "prepared", "validUntilPassed"]),
                            .init("Helhedsorienterede handleplaner", figure: "t1.action_plans", path: ["holistic"], layout: .single,
                                  only: ["offered", "wanted", "declined", "prepared"]),
                         ]),
        ReportDefinition(id: "samtykke-og-repraesentation", title: "Samtykke, værgemål og repræsentation", theme: 1,
                         summary: "Borgerens indforståelse, værgemål, repræsentation, samtykke og helhedssyn ved sagsåbning; anden handle- eller betalingskommune.",
                         vumIDs: [3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 73],
                         sections: [
                            .init("Ved sagsåbning, alle sager", figure: "t1.consent_guardianship_representation", path: ["all"], layout: .single,
                                  only: ["cases", "citizenAgrees", "citizenDoesNotAgree", "guardianship", "guardianshipNeedsInvestigation",
                                         "informedOfRightToRepresentation", "represented", "informedOfElectronicRegistration", "consentGiven", "holisticGuidance"]),
                            .init("Efter år for sagsåbning", figure: "t1.consent_guardianship_representation", path: ["byYearOpened"], layout: .grid, rows: .period,
                                  columns: .measure, only: ["cases", "citizenAgrees", "guardianship", "represented", "consentGiven", "holisticGuidance"], chart: false),
                            .init("Værgemålsform", figure: "t1.consent_guardianship_representation", path: ["all", "guardianshipForm"], layout: .rows, rows: .slug),
                            .init("Repræsentationsform", figure: "t1.consent_guardianship_representation", path: ["all", "representationForm"], layout: .rows, rows: .slug),
                            .init("Samtykkeform", figure: "t1.consent_guardianship_representation", path: ["all", "consentForm"], layout: .rows, rows: .slug),
                            .init("Samtykke til indhentning fra", figure: "t1.consent_guardianship_representation", path: ["all", "consentCollectFrom"], layout: .rows, rows: .slug),
                            .init("Samtykke til videregivelse til", figure: "t1.consent_guardianship_representation", path: ["all", "consentDiscloseTo"], layout: .rows, rows: .slug),
                            .init("Anden kommune og koordinering", figure: "t1.other_municipality", layout: .grid, rows: .measure, columns: .measure,
                                  only: ["cases", "otherActing", "otherPaying", "otherActingOrPaying", "otherActingAndPaying", "coordinationNeeded"]),
                         ]),
        ReportDefinition(id: "afgoerelser", title: "Afgørelser", theme: 1,
                         summary: "Bevilgede og afslåede indsatser pr. periode, efter bevillingsparagraf og afslagsgrund.", vumIDs: [63, 64, 65, 66],
                         sections: [
                            .init("Afgjorte indsatser", figure: "t1.decisions", path: ["byPeriod"], layout: .byPeriod, rows: .period, columns: .measure),
                            .init("Bevilget efter paragraf", figure: "t1.decisions", path: ["grantedByParagraph"], layout: .rows, rows: .paragraph),
                            .init("Afslået efter grund", figure: "t1.decisions", path: ["refusedByReason"], layout: .rows, rows: .slug),
                            .init("Bevilget omfang efter tilbud", figure: "x.granted_scope", layout: .grid, rows: .ffb, columns: .measure, chart: false, rowTitle: "Tilbud"),
                         ]),
        ReportDefinition(id: "opfoelgning", title: "Opfølgning og tilsyn", theme: 1,
                         summary: "Opfølgningsdatoer holdt til tiden, for sent, overskredne og missede; opfølgninger efter type; personrettet tilsyn.",
                         vumIDs: [32, 33, 67, 74, 76, 77, 78, 80],
                         sections: [
                            .init("Opfølgningsdatoer", figure: "t1.follow_ups.due", path: ["total"], layout: .single,
                                  only: ["due", "onTime", "late", "overdue", "dueToday", "missed", "upcomingAfterRef", "doneBeforeDueDateAfterRef"]),
                            .init("Opfølgningsdatoer efter sagsbehandler", figure: "t1.follow_ups.due", path: ["byCaseworker"], layout: .grid, rows: .caseworker,
                                  columns: .measure, only: ["due", "onTime", "late", "overdue", "dueToday", "missed"]),
                            .init("Opfølgningsdatoer efter forfaldsperiode", figure: "t1.follow_ups.due", path: ["byDuePeriod"], layout: .byPeriod, rows: .period,
                                  columns: .measure, only: ["due", "onTime", "late", "overdue", "dueToday", "missed"], chart: false),
                            .init("Opfølgninger efter type", figure: "t1.follow_ups.by_type", layout: .byPeriod, rows: .period, columns: .slug),
                            .init("Personrettet tilsyn", figure: "t1.personal_supervision", path: ["byPeriod"], layout: .byPeriod, rows: .period, columns: .measure),
                            .init("Personrettet tilsyn på referencedatoen", figure: "t1.personal_supervision", path: ["atRef"], layout: .single,
                                  only: ["casesInDelivery", "withSupervisionInWindow", "share"], chart: false),
                            .init("Mål med egen eller fælles opfølgningsdato", figure: "x.goal_follow_up_dates", layout: .single, chart: false),
                         ]),
        ReportDefinition(id: "maalgrupper", title: "Målgrupper og alder", theme: 3,
                         summary: "Åbne sagers målgrupper og aldersgrupper på referencedatoen, og hvor ofte en målgruppe forlades.", vumIDs: [23, 59, 60],
                         sections: [
                            .init("Primær målgruppe", figure: "t3.target_groups.at_ref", path: ["primary"], layout: .rows, rows: .ffb, rowTitle: "Målgruppe"),
                            .init("Alle målgrupper", figure: "t3.target_groups.at_ref", path: ["any"], layout: .rows, rows: .ffb, chart: false, rowTitle: "Målgruppe"),
                            .init("Målgrupper forladt", figure: "t3.target_groups.left", layout: .rows, rows: .ffb, rowTitle: "Målgruppe"),
                            .init("Aldersgrupper", figure: "t3.age_groups.at_ref", layout: .rows, rows: .slug, rowTitle: "Alder"),
                            .init("Aktuelt støttebehov", figure: "x.current_support_need", layout: .rows, rows: .ffb, chart: false, rowTitle: "Støttebehov"),
                         ]),
        ReportDefinition(id: "funktionsniveau", title: "Funktionsniveau og mål", theme: 3,
                         summary: "Funktionsniveau pr. undertema og kvartal, mål forventet mod opnået, måltyper.", vumIDs: [26, 27, 29, 30, 31],
                         sections: [
                            .init("Gennemsnitligt funktionsniveau pr. undertema og kvartal (0 = ingen nedsættelse, 4 = fuldstændig)",
                                  figure: "t3.functional_level.by_subtheme_quarter", layout: .grid, rows: .ffb, columns: .period, chart: false, leaf: "mean", rowTitle: "Undertema"),
                            .init("Borgere vurderet pr. undertema og kvartal", figure: "t3.functional_level.by_subtheme_quarter", layout: .grid, rows: .ffb,
                                  columns: .period, chart: false, leaf: "n", rowTitle: "Undertema"),
                            .init("Mål efter måltype", figure: "t3.goals.summary_by_type", layout: .grid, rows: .ffb, columns: .measure, only: ["goals", "followedUp", "achieved", "notAchieved", "meanExpectedLevel", "meanLatestLevel"], rowTitle: "Måltype"),
                            .init("Mål efter undertema og måltype", figure: "t3.goal_types", path: ["bySubthemeAndType"], layout: .grid, rows: .ffb, columns: .ffb,
                                  chart: false, rowTitle: "Undertema"),
                            .init("Relevante undertemaer i sagsoplysningen", figure: "x.relevant_subthemes", layout: .rows, rows: .ffb, chart: false, rowTitle: "Undertema"),
                         ]),
        ReportDefinition(id: "indsatser-og-effekt", title: "Indsatser og effekt", theme: 3,
                         summary: "Støttebehov før og efter, status på indsatser efter tilbud og udfører, trivsel, indsatser og ydelser.",
                         vumIDs: [34, 35, 36, 38, 50, 75, 81, 83, 84],
                         sections: [
                            .init("Støttebehov før og efter opfølgning", figure: "t3.support_need.transitions", path: ["summary"], layout: .single,
                                  only: ["improved", "unchanged", "worsened", "notAssessed"]),
                            .init("Støttebehov før (rækker) og efter (kolonner)", figure: "t3.support_need.transitions", path: ["matrix"], layout: .grid, rows: .ffb,
                                  columns: .ffb, chart: false, rowTitle: "Støttebehov før"),
                            .init("Status på indsats efter tilbud", figure: "t3.follow_up_results", path: ["byOfferType"], layout: .grid, rows: .ffb, columns: .ffb, rowTitle: "Tilbud"),
                            .init("Status på indsats efter udfører", figure: "t3.follow_up_results", path: ["byProvider"], layout: .grid, rows: .provider,
                                  columns: .ffb, chart: false),
                            .init("Trivsel ved seneste opfølgning", figure: "t3.wellbeing", path: ["latest"], layout: .single, only: ["citizens", "withProblems", "share"],
                                  chart: false),
                            .init("Trivsel pr. år", figure: "t3.wellbeing", path: ["byYear"], layout: .grid, rows: .period, columns: .measure),
                            .init("Anbefalede indsatser efter tilbud og ydelse", figure: "x.recommended_interventions", layout: .grid, rows: .ffb, columns: .measure,
                                  chart: false, rowTitle: "Tilbud"),
                         ]),
        ReportDefinition(id: "magtanvendelse", title: "Magtanvendelse", theme: 3,
                         summary: "Magtanvendelser pr. periode, efter udfører og borgerens primære målgruppe på tidspunktet.", vumIDs: [60, 69, 82],
                         sections: [
                            .init("Magtanvendelser pr. periode", figure: "t3.use_of_force", path: ["byPeriod"], layout: .byPeriod, rows: .period),
                            .init("Efter udfører", figure: "t3.use_of_force", path: ["byProvider"], layout: .rows, rows: .provider),
                            .init("Efter primær målgruppe", figure: "t3.use_of_force", path: ["byPrimaryTargetGroup"], layout: .rows, rows: .ffb, rowTitle: "Målgruppe"),
                            .init("Efter udfører og målgruppe", figure: "t3.use_of_force", path: ["byProviderAndTargetGroup"], layout: .grid, rows: .provider,
                                  columns: .ffb, chart: false),
                         ]),
    ]

    /// Theme 2 is the economy pages (`/oekonomi`): budget, spend, projection, watch lists, drift — their VUM IDs.
    public static let economyVUMIDs = [37, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 52, 70, 71, 72]

    public static func report(_ id: String) -> ReportDefinition? { all.first { $0.id == id } }

    /// The reports (by id, and `oekonomi` for the economy pages) that use each VUM ID.
    public static var usage: [Int: [String]] {
        var out: [Int: [String]] = [:]
        for r in all { for id in r.vumIDs { out[id, default: []].append(r.id) } }
        for id in economyVUMIDs { out[id, default: []].append("oekonomi") }
        return out
    }
}

/// The codes the report filters offer, from every case in scope (not only the filtered ones): the paragraphs of
/// granted interventions, the primary (or first) target groups and the offer types.
public struct ReportCodes: Sendable, Equatable {
    public var paragraphs = Set<String>(), targetGroups = Set<String>(), offerTypes = Set<String>()

    public init(_ cases: [FigureCase]) {
        for one in cases {
            for x in one.document.interventions {
                if let para = x.decision?.paragraph, x.decision?.outcome == .granted { paragraphs.insert(para) }
                for o in x.offers ?? [] { offerTypes.insert(o.code) }
            }
            for v in one.targetGroups { if let g = v.primary ?? v.codes.first { targetGroups.insert(g) } }
        }
    }
}
