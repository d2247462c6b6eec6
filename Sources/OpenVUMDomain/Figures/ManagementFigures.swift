import Foundation

/// Everything themes 1 and 3 and the meta figures are computed from: the cases in the viewer's scope, the
/// municipality's caseworkers and teams (listed with zeros, T1.3), its local settings, and the FFB support-need
/// levels in their order (T3.5).
public struct ManagementInput: Sendable {
    public var referenceDate: CalendarDate
    public var periods: FigurePeriods
    public var cases: [FigureCase]
    /// Every caseworker in scope with their team.
    public var caseworkers: [UUID: UUID]
    /// Every team in scope.
    public var teams: [UUID]
    public var settings: CaseSettings
    /// FFB støttebehov code → its rank (Intet 0 < Let 1 < Moderat 2 < Højt 3 < Fuldstændigt 4); a code not here (Ikke
    /// vurderet) is not assessed.
    public var supportNeedRank: [String: Int]
    /// Events counted outside the cases' own records (payments, status reports, delivered hours), by the format's type.
    public var otherEventCounts: [String: Int]

    public init(referenceDate: CalendarDate, periods: FigurePeriods, cases: [FigureCase], caseworkers: [UUID: UUID] = [:], teams: [UUID] = [],
                settings: CaseSettings = CaseSettings(), supportNeedRank: [String: Int] = [:], otherEventCounts: [String: Int] = [:]) {
        self.referenceDate = referenceDate
        self.periods = periods
        self.cases = cases
        self.caseworkers = caseworkers
        self.teams = teams
        self.settings = settings
        self.supportNeedRank = supportNeedRank
        self.otherEventCounts = otherEventCounts
    }

    /// G10: the first month of the figures — the month of the earliest opening on or before R (R's month without one).
    public static func firstMonth(_ cases: [FigureCase], referenceDate r: CalendarDate) -> YearMonth {
        cases.map(\.openedOn).filter { $0 <= r }.min().map(YearMonth.init) ?? YearMonth(r)
    }
}

/// Themes 1 and 3 of figures.md and its meta figures, computed from the cases (`FigureCase`) at a reference date R.
/// Keys are OpenVUM's ids (lower-case UUIDs), the case-history format's slugs, FFB codes and periods; `none` stands
/// for a missing value.
public enum ManagementFigures {
    public static let ids = [
        "meta.counts", "meta.cpr",
        "t1.inquiries.by_origin", "t1.inquiries.by_inquirer", "t1.cases.opened", "t1.open_cases.at_ref", "t1.open_cases.month_end",
        "t1.opening_to_decision", "t1.phase_durations", "t1.action_plans", "t1.consent_guardianship_representation",
        "t1.other_municipality", "t1.decisions", "t1.follow_ups.due", "t1.follow_ups.by_type", "t1.personal_supervision",
        "t3.target_groups.at_ref", "t3.target_groups.left", "t3.age_groups.at_ref", "t3.functional_level.by_subtheme_quarter",
        "t3.goals.expected_vs_latest", "t3.goals.summary_by_type", "t3.goal_types", "t3.support_need.transitions",
        "t3.follow_up_results", "t3.use_of_force", "t3.wellbeing",
    ]

    /// Figures the reports add to figures.md's, so that every VUM ID with a management purpose is reported
    /// (`ReportCatalogue`): clear cases by service and offer (IDs 5, 6), granted scope (65), goals' follow-up dates
    /// (32, 33), the current support need (59), relevant subthemes (26) and the recommended interventions (34–36, 38).
    public static let reportIds = ["x.clear_cases", "x.granted_scope", "x.goal_follow_up_dates", "x.current_support_need", "x.relevant_subthemes",
                                   "x.recommended_interventions"]

    static func key(_ id: UUID?) -> String { id.map(EconomyFigures.key) ?? "none" }

    /// The figures of `ids` (all of them by default).
    public static func compute(_ input: ManagementInput, ids: [String] = ids) -> [String: FigureValue] {
        let wanted = Set(ids)
        let r = input.referenceDate
        let cases = input.cases.filter { $0.openedOn <= r }   // G1
        let c = Computation(input: input, cases: cases)
        var out: [String: FigureValue] = [:]
        func put(_ id: String, _ value: @autoclosure () -> FigureValue) { if wanted.contains(id) { out[id] = value() } }
        put("meta.counts", c.metaCounts())
        put("meta.cpr", c.metaCPR())
        put("t1.inquiries.by_origin", c.inquiries(\.origin, keys: ["henvendelse", "opfoelgning", "egen_drift"]))
        put("t1.inquiries.by_inquirer", c.inquiries({ $0.inquirer ?? "none" }, keys: Slugs.inquirers + ["none"]))
        put("t1.cases.opened", c.opened())
        put("t1.open_cases.at_ref", c.openAtRef())
        put("t1.open_cases.month_end", c.openAtMonthEnds())
        put("t1.opening_to_decision", c.openingToDecision())
        put("t1.phase_durations", c.phaseDurations())
        put("t1.action_plans", c.actionPlans())
        put("t1.consent_guardianship_representation", c.consent())
        put("t1.other_municipality", c.otherMunicipality())
        put("t1.decisions", c.decisions())
        put("t1.follow_ups.due", c.followUpsDue())
        put("t1.follow_ups.by_type", c.followUpsByType())
        put("t1.personal_supervision", c.personalSupervision())
        put("t3.target_groups.at_ref", c.targetGroupsAtRef())
        put("t3.target_groups.left", c.targetGroupsLeft())
        put("t3.age_groups.at_ref", c.ageGroups())
        put("t3.functional_level.by_subtheme_quarter", c.functionalLevels())
        if wanted.contains("t3.goals.expected_vs_latest") || wanted.contains("t3.goals.summary_by_type") || wanted.contains("t3.goal_types") {
            let goals = c.goals()
            put("t3.goals.expected_vs_latest", c.goalsExpectedVsLatest(goals))
            put("t3.goals.summary_by_type", c.goalSummary(goals))
            put("t3.goal_types", c.goalTypes(goals))
        }
        put("t3.support_need.transitions", c.supportNeed())
        put("t3.follow_up_results", c.followUpResults())
        put("t3.use_of_force", c.useOfForce())
        put("t3.wellbeing", c.wellbeing())
        put("x.clear_cases", c.clearCases())
        put("x.granted_scope", c.grantedScope())
        put("x.goal_follow_up_dates", c.goalFollowUpDates())
        put("x.current_support_need", c.currentSupportNeed())
        put("x.relevant_subthemes", c.relevantSubthemes())
        put("x.recommended_interventions", c.recommendedInterventions())
        return out
    }

    /// The case-history format's slug of an OpenVUM value (the first, alphabetically, of the slugs naming it).
    enum Slugs {
        static func of<E: Equatable>(_ value: E?, in table: [String: E]) -> String {
            guard let value else { return "none" }
            return table.filter { $0.value == value }.keys.min() ?? "none"
        }
        static let inquirers = Array(Set(HistorySlugs.inquirer.keys)).sorted()
    }

    /// G7 statistics of durations in days: count, median, mean, and (with a deadline) those within it and their share.
    public static func durations(_ days: [Int], deadline: Int?) -> FigureValue {
        let sorted = days.sorted()
        var o: [String: FigureValue] = ["count": .int(days.count)]
        if sorted.isEmpty {
            o["median"] = .null
            o["mean"] = .null
        } else {
            let mid = sorted.count / 2
            let twiceMedian = sorted.count % 2 == 1 ? 2 * sorted[mid] : sorted[mid - 1] + sorted[mid]
            o["median"] = .decimal(Decimal(FigureRounding.halfAwayFromZero(twiceMedian * 100, 2)) / 100)
            o["mean"] = .decimal(Decimal(FigureRounding.halfAwayFromZero(sorted.reduce(0, +) * 100, sorted.count)) / 100)
        }
        if let deadline {
            let within = days.filter { $0 <= deadline }.count
            o["deadlineDays"] = .int(deadline)
            o["withinDeadline"] = .int(within)
            o["shareWithinDeadline"] = .optional(FigureRounding.share(within, of: days.count))
        }
        return .object(o)
    }

    /// The mean of levels (0–4 with up to two decimals) to 2 decimals (G6); null without any.
    public static func meanLevel(_ levels: [Decimal]) -> FigureValue {
        guard !levels.isEmpty else { return .null }
        let hundredths = levels.map { NSDecimalNumber(decimal: $0 * 100).intValue }.reduce(0, +)
        return .decimal(Decimal(FigureRounding.halfAwayFromZero(hundredths, levels.count)) / 100)
    }

    /// A count per key, every key of `keys` listed (zeros too) and any other key met.
    static func counts(_ values: [String: Int], keys: [String] = []) -> FigureValue {
        var all = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
        for (k, v) in values { all[k, default: 0] += v }
        return .object(all.mapValues(FigureValue.int))
    }

    /// T3.5: the rank of an FFB support-need level by its display text — Intet 0 < Let 1 < Moderat 2 < Højt 3 <
    /// Fuldstændigt 4; nil for "Ikke vurderet" and anything else.
    public static func supportNeedRank(display: String) -> Int? {
        switch display.split(separator: " ").first.map({ $0.lowercased() }) {
        case "intet": 0
        case "let": 1
        case "moderat": 2
        case "højt": 3
        case "fuldstændigt": 4
        default: nil
        }
    }

    /// G8's age groups on R (T3.2).
    public static let ageGroups = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]

    public static func ageGroup(_ age: Int) -> String? {
        switch age {
        case ..<18: nil
        case ..<25: "18-24"
        case ..<35: "25-34"
        case ..<45: "35-44"
        case ..<55: "45-54"
        case ..<65: "55-64"
        default: "65+"
        }
    }

    /// G8: the birth date of a CPR number (DDMMYY and the century from the 7th digit); nil when it is not one.
    public static func birthDate(cpr: String) -> CalendarDate? {
        guard let number = try? CPRNumber(cpr), let y = number.birthDate.year, let m = number.birthDate.month, let d = number.birthDate.day else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// Whole years from `birth` to `r`.
    public static func age(birth: CalendarDate, on r: CalendarDate) -> Int {
        r.year - birth.year - ((r.month, r.day) < (birth.month, birth.day) ? 1 : 0)
    }
}

/// The figures over one input; each function is one figure of figures.md (section named in its comment).
struct Computation {
    let input: ManagementInput
    let cases: [FigureCase]
    var r: CalendarDate { input.referenceDate }
    var periods: FigurePeriods { input.periods }
    let key = ManagementFigures.key

    /// A figure by period (G10) of counts per key, from each month's counts.
    func byPeriod(_ perMonth: [YearMonth: [String: Int]], keys: [String]) -> FigureValue {
        periods.byPeriod(perMonth, zero: Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) }), add: { a, b in a.merging(b, uniquingKeysWith: +) },
                         value: { ManagementFigures.counts($0, keys: keys) })
    }

    // MARK: Meta

    func metaCounts() -> FigureValue {
        var byType: [String: Int] = input.otherEventCounts
        func add(_ t: String, _ n: Int) { if n > 0 { byType[t, default: 0] += n } }
        var interventions = 0, orders = 0
        for c in cases {
            add("case_opened", 1)
            add("inquiry_received", max(0, c.inquiries.filter { $0.on <= r }.count - 1))
            add("caseworker_assigned", max(0, c.holders.filter { $0.from <= r }.count - 1))
            add("investigation_started", c.phases.filter { $0.on <= r && $0.phase == .investigation }.count)
            add("functional_assessment", Set(c.levels.filter { $0.on <= r }.map(\.on)).count)
            // A re-visitation's recommendation moves the case back to assessment itself: that is no assessment_started.
            let recommended = Set(c.document.interventions.compactMap(\.recommendedOn))
            add("assessment_started", c.phases.indices.filter { i in
                let p = c.phases[i]
                return p.on <= r && p.phase == .assessment && !(i > 0 && c.phases[i - 1].phase == .followUp && recommended.contains(p.on))
            }.count)
            let xs = c.interventions(asOf: r)
            interventions += xs.count
            add("recommendation", Set(xs.compactMap(\.recommendedOn)).count)
            add("action_plan", c.actionPlans.filter { $0.on <= r }.count)
            add("decision", Set(xs.compactMap { FigureCase.decision(of: $0, asOf: r)?.decidedOn }).count)
            let o = c.orders.filter { $0.on <= r }.count
            orders += o
            add("order", o)
            add("delivery_started", xs.filter { ($0.delivery?.documentedOn ?? $0.delivery?.startDate).map { $0 <= r } ?? false }.count)
            add("use_of_force", c.forces.filter { $0.on <= r }.count)
            add("follow_up", c.followUps(asOf: r).count)
            add("target_groups_updated", c.targetGroups.filter { $0.on <= r && !c.isRecommendation($0) }.count)
            add("intervention_ended", xs.filter { ($0.end?.endedOn).map { $0 <= r } ?? false }.count)
            add("case_closed", c.closings(asOf: r).count)
        }
        return .object([
            "citizens": .int(Set(cases.map(\.citizenID)).count),
            "cases": .int(cases.count),
            "events": .object(["total": .int(byType.values.reduce(0, +)), "byType": ManagementFigures.counts(byType)]),
            "interventions": .int(interventions),
            "orders": .int(orders),
        ])
    }

    func metaCPR() -> FigureValue {
        var failing: [String] = [], centuries: [String: Int] = [:], seen = Set<UUID>()
        for c in cases where seen.insert(c.citizenID).inserted {
            guard let number = try? CPRNumber(c.cpr) else { continue }
            if !number.passesModulus11 { failing.append(key(c.citizenID)) }
            if let y = number.birthDate.year { centuries[String(y / 100 * 100), default: 0] += 1 }
        }
        return .object([
            "modulus11Failures": .object(["count": .int(failing.count), "citizenIds": .array(failing.sorted().map(FigureValue.string))]),
            "birthCenturies": ManagementFigures.counts(centuries, keys: ["1800", "1900", "2000"]),
        ])
    }

    // MARK: Theme 1

    /// T1.1: every inquiry (the opening's and each further one) on its date, by origin or inquirer.
    func inquiries(_ by: (FigureCase.Inquiry) -> String, keys: [String]) -> FigureValue {
        var perMonth: [YearMonth: [String: Int]] = [:]
        for c in cases { for q in c.inquiries where q.on <= r { perMonth[YearMonth(q.on), default: [:]][by(q), default: 0] += 1 } }
        return byPeriod(perMonth, keys: keys)
    }

    /// T1.2: cases opened and clear cases, by the opening's period.
    func opened() -> FigureValue {
        var perMonth: [YearMonth: [String: Int]] = [:]
        for c in cases {
            perMonth[YearMonth(c.openedOn), default: [:]]["opened", default: 0] += 1
            if c.document.opening.clearCase == true { perMonth[YearMonth(c.openedOn), default: [:]]["clearCase", default: 0] += 1 }
        }
        return byPeriod(perMonth, keys: ["opened", "clearCase"])
    }

    /// T1.3: the cases open on R by caseworker and team on R (every one listed) and by phase (G9).
    func openAtRef() -> FigureValue {
        var byCaseworker = Dictionary(uniqueKeysWithValues: input.caseworkers.keys.map { (key($0), 0) })
        var byTeam = Dictionary(uniqueKeysWithValues: input.teams.map { (key($0), 0) })
        var byPhase = Dictionary(uniqueKeysWithValues: CasePhase.allCases.filter { $0 != .closed }.map { (Self.phaseSlug($0), 0) })
        var total = 0
        for c in cases where c.isOpen(on: r) {
            total += 1
            let h = c.holder(on: r)
            byCaseworker[key(h?.caseworker), default: 0] += 1
            byTeam[key(h?.team), default: 0] += 1
            byPhase[Self.phaseSlug(c.phase(on: r) ?? .opening), default: 0] += 1
        }
        return .object(["total": .int(total), "byCaseworker": ManagementFigures.counts(byCaseworker), "byTeam": ManagementFigures.counts(byTeam),
                        "byPhase": ManagementFigures.counts(byPhase)])
    }

    static func phaseSlug(_ p: CasePhase) -> String { p == .followUp ? "follow_up" : p.rawValue }

    /// T1.3: the cases open on each month's last day (R for R's own month: nothing after R exists).
    func openAtMonthEnds() -> FigureValue {
        .object(Dictionary(uniqueKeysWithValues: periods.months.map { m in
            let day = Swift.min(m.lastDay, r)
            return (m.description, FigureValue.int(cases.filter { $0.isOpen(on: day) }.count))
        }))
    }

    /// The first decision of a case on or before R.
    func firstDecision(_ c: FigureCase) -> CalendarDate? {
        c.document.interventions.compactMap { FigureCase.decision(of: $0, asOf: r)?.decidedOn }.min()
    }

    /// T1.4: days from opening to the first decision; the cases still open without one, and those past the deadline.
    func openingToDecision() -> FigureValue {
        let deadline = input.settings.deadlineDays(.openingToDecision)
        var all: [Int] = [], clear: [Int] = [], notClear: [Int] = [], perMonth: [YearMonth: [Int]] = [:]
        var pending = 0, over = 0
        for c in cases {
            if let d = firstDecision(c) {
                let days = c.openedOn.days(until: d)
                all.append(days)
                if c.document.opening.clearCase == true { clear.append(days) } else { notClear.append(days) }
                perMonth[YearMonth(d), default: []].append(days)
            } else if c.isOpen(on: r) {
                pending += 1
                if let deadline, c.openedOn.days(until: r) > deadline { over += 1 }
            }
        }
        let stats = { (days: [Int]) in ManagementFigures.durations(days, deadline: deadline) }
        var quarters: [String: [Int]] = [:], years: [String: [Int]] = [:]
        for (m, days) in perMonth {
            quarters[FigurePeriods.quarter(m), default: []] += days
            years[FigurePeriods.year(m), default: []] += days
        }
        return .object([
            "all": stats(all), "clearCase": stats(clear), "notClearCase": stats(notClear),
            "byDecisionPeriod": .object([
                "month": .object(Dictionary(uniqueKeysWithValues: periods.months.map { ($0.description, stats(perMonth[$0] ?? [])) })),
                "quarter": .object(Dictionary(uniqueKeysWithValues: periods.quarters.map { ($0, stats(quarters[$0] ?? [])) })),
                "year": .object(Dictionary(uniqueKeysWithValues: periods.years.map { ($0, stats(years[$0] ?? [])) })),
            ]),
            "pendingAtRef": .int(pending), "overDeadline": .int(over),
        ])
    }

    /// T1.5: each pair of first occurrences with its local deadline.
    func phaseDurations() -> FigureValue {
        var pairs: [DueKind: [Int]] = [:]
        for c in cases {
            let investigation = c.firstEntered(.investigation, asOf: r)
            let assessment = c.firstEntered(.assessment, asOf: r)
            let decision = firstDecision(c)
            let firstOrder = c.orders.filter { $0.on <= r }.min { $0.on < $1.on }
            func add(_ kind: DueKind, _ from: CalendarDate?, _ to: CalendarDate?) {
                if let from, let to { pairs[kind, default: []].append(from.days(until: to)) }
            }
            add(.openingToInvestigation, c.openedOn, investigation)
            add(.investigationToAssessment, investigation, investigation == nil ? nil : assessment)
            add(.assessmentToDecision, assessment, decision)
            add(.openingToDecision, c.openedOn, decision)
            add(.decisionToOrder, decision, firstOrder?.on)
            if let o = firstOrder, let x = c.document.interventions.first(where: { $0.id == o.interventionID }),
               let started = x.delivery?.startDate, (x.delivery?.documentedOn ?? started) <= r {
                add(.orderToDeliveryStart, o.on, started)
            }
        }
        return .object(Dictionary(uniqueKeysWithValues: DueKind.phasePairs.map { kind in
            (kind.rawValue, ManagementFigures.durations(pairs[kind] ?? [], deadline: input.settings.deadlineDays(kind)))
        }))
    }

    /// T1.6: each case's latest action-plan snapshot on R.
    func actionPlans() -> FigureValue {
        var n = ["casesWithRecord": 0, "offered": 0, "wanted": 0, "declined": 0, "prepared": 0, "validUntilPassed": 0, "casesWithRecommendation": 0]
        var h = ["offered": 0, "wanted": 0, "declined": 0, "prepared": 0]
        var status: [String: Int] = [:], holisticStatus: [String: Int] = [:]
        for c in cases {
            if c.document.interventions.contains(where: { ($0.recommendedOn).map { $0 <= r } ?? false }) { n["casesWithRecommendation"]! += 1 }
            guard let plan = c.actionPlans.last(where: { $0.on <= r })?.plan, !plan.isEmpty else { continue }
            n["casesWithRecord"]! += 1
            if plan.offered == .yes { n["offered"]! += 1 }
            if plan.wants == .yes { n["wanted"]! += 1 }
            if plan.wants == .no { n["declined"]! += 1 }
            if plan.status == .completed { n["prepared"]! += 1 }
            if let s = plan.status { status[ManagementFigures.Slugs.of(s, in: HistorySlugs.planStatus), default: 0] += 1 }
            if let until = plan.validUntil, until < r { n["validUntilPassed"]! += 1 }
            if plan.holisticOffered == .yes { h["offered"]! += 1 }
            if plan.holisticWants == .yes { h["wanted"]! += 1 }
            if plan.holisticWants == .no { h["declined"]! += 1 }
            if plan.holisticStatus == .completed { h["prepared"]! += 1 }
            if let s = plan.holisticStatus { holisticStatus[ManagementFigures.Slugs.of(s, in: HistorySlugs.planStatus), default: 0] += 1 }
        }
        var o = n.mapValues(FigureValue.int)
        o["status"] = ManagementFigures.counts(status)
        var holistic = h.mapValues(FigureValue.int)
        holistic["status"] = ManagementFigures.counts(holisticStatus)
        o["holistic"] = .object(holistic)
        return .object(o)
    }

    /// T1.7: the opening's consent, guardianship and representation, for all cases and by the year opened.
    func consent() -> FigureValue {
        func tally(_ cs: [FigureCase]) -> FigureValue {
            var n: [String: Int] = [:]
            var forms: [String: [String: Int]] = ["guardianshipForm": [:], "representationForm": [:], "consentForm": [:], "consentCollectFrom": [:], "consentDiscloseTo": [:]]
            for c in cs {
                let o = c.document.opening
                n["cases", default: 0] += 1
                func flag(_ name: String, _ b: Bool) { n[name, default: 0] += b ? 1 : 0 }
                flag("citizenAgrees", o.citizenAgrees == .yes)
                flag("citizenDoesNotAgree", o.citizenAgrees == .no)
                flag("guardianship", o.guardianship == .yes)
                flag("guardianshipNeedsInvestigation", o.guardianshipInvestigation == .yes)
                flag("informedOfRightToRepresentation", o.informedOfRepresentationRight == .yes)
                flag("represented", o.represented == .yes)
                flag("informedOfElectronicRegistration", o.informedOfElectronicRegistration == .yes)
                flag("consentGiven", o.consent == .given)
                flag("holisticGuidance", o.holisticGuidance == .yes)
                if let f = o.guardianshipForm { forms["guardianshipForm"]![ManagementFigures.Slugs.of(f, in: HistorySlugs.guardianshipForm), default: 0] += 1 }
                if let f = o.representationForm { forms["representationForm"]![ManagementFigures.Slugs.of(f, in: HistorySlugs.representationForm), default: 0] += 1 }
                if let f = o.consentForm { forms["consentForm"]![ManagementFigures.Slugs.of(f, in: HistorySlugs.consentForm), default: 0] += 1 }
                for p in Set((o.consentCollectFrom ?? []).map { ManagementFigures.Slugs.of($0, in: HistorySlugs.party) }) { forms["consentCollectFrom"]![p, default: 0] += 1 }
                for p in Set((o.consentDiscloseTo ?? []).map { ManagementFigures.Slugs.of($0, in: HistorySlugs.party) }) { forms["consentDiscloseTo"]![p, default: 0] += 1 }
            }
            var out = ManagementFigures.counts(n, keys: ["cases", "citizenAgrees", "citizenDoesNotAgree", "guardianship", "guardianshipNeedsInvestigation",
                                                        "informedOfRightToRepresentation", "represented", "informedOfElectronicRegistration",
                                                        "consentGiven", "holisticGuidance"])
            if case .object(var o) = out {
                for (name, counts) in forms { o[name] = ManagementFigures.counts(counts) }
                out = .object(o)
            }
            return out
        }
        return .object([
            "all": tally(cases),
            "byYearOpened": .object(Dictionary(uniqueKeysWithValues: periods.years.map { y in (y, tally(cases.filter { FigurePeriods.year(YearMonth($0.openedOn)) == y })) })),
        ])
    }

    /// T1.8: another acting or paying municipality, and coordination, for all cases and those open on R.
    func otherMunicipality() -> FigureValue {
        func tally(_ cs: [FigureCase]) -> FigureValue {
            var n = ["cases": 0, "otherActing": 0, "otherPaying": 0, "otherActingOrPaying": 0, "otherActingAndPaying": 0, "coordinationNeeded": 0]
            for c in cs {
                let acting = c.document.opening.otherActingMunicipality != nil, paying = c.document.opening.otherPayingMunicipality != nil
                n["cases"]! += 1
                if acting { n["otherActing"]! += 1 }
                if paying { n["otherPaying"]! += 1 }
                if acting || paying { n["otherActingOrPaying"]! += 1 }
                if acting && paying { n["otherActingAndPaying"]! += 1 }
                if c.orders.contains(where: { $0.on <= r && $0.coordinationNeeded }) { n["coordinationNeeded"]! += 1 }
            }
            return .object(n.mapValues(FigureValue.int))
        }
        return .object(["all": tally(cases), "openAtRef": tally(cases.filter { $0.isOpen(on: r) })])
    }

    /// T1.9: decided interventions by the decision's period; granted by paragraph (ID 66), refused by reason.
    func decisions() -> FigureValue {
        var perMonth: [YearMonth: [String: Int]] = [:], paragraphs: [String: Int] = [:], reasons: [String: Int] = [:]
        for c in cases {
            for x in c.document.interventions {
                guard let d = FigureCase.decision(of: x, asOf: r), let on = d.decidedOn else { continue }
                let granted = d.outcome == .granted
                perMonth[YearMonth(on), default: [:]][granted ? "granted" : "refused", default: 0] += 1
                if granted {
                    paragraphs[d.paragraph.flatMap { $0.isEmpty ? nil : $0 } ?? "none", default: 0] += 1
                } else {
                    reasons[ManagementFigures.Slugs.of(d.refusalReason, in: HistorySlugs.refusalReason), default: 0] += 1
                }
            }
        }
        return .object([
            "byPeriod": byPeriod(perMonth, keys: ["granted", "refused"]),
            "grantedByParagraph": ManagementFigures.counts(paragraphs),
            "refusedByReason": ManagementFigures.counts(reasons),
        ])
    }

    /// T1.10: the follow-up due items of each case from its events dated on or before R, classified on R.
    func followUpsDue() -> FigureValue {
        let classes = DueClass.allCases.map(\.rawValue) + ["due"]
        var total: [String: Int] = [:], perMonth: [YearMonth: [String: Int]] = [:]
        var byCaseworker = Dictionary(uniqueKeysWithValues: input.caseworkers.keys.map { (key($0), [String: Int]()) })
        for c in cases {
            var doc = c.document
            doc.interventions = doc.interventions.map { x in
                var x = x
                if FigureCase.decision(of: x, asOf: r) == nil { x.decision = nil }
                return x
            }
            doc.followUps = c.followUps(asOf: r)
            for item in DueItems.followUps(CaseDeadlines.dueEvents(doc, closings: c.closings(asOf: r))) {
                guard let cls = item.classification(on: r) else { continue }
                var add = [cls.rawValue: 1]
                if cls.isDue { add["due"] = 1 }
                total.merge(add, uniquingKeysWith: +)
                perMonth[YearMonth(item.dueOn), default: [:]].merge(add, uniquingKeysWith: +)
                byCaseworker[key(c.holder(on: Swift.min(item.dueOn, r))?.caseworker), default: [:]].merge(add, uniquingKeysWith: +)
            }
        }
        return .object([
            "total": ManagementFigures.counts(total, keys: classes),
            "byDuePeriod": byPeriod(perMonth, keys: classes),
            "byCaseworker": .object(byCaseworker.mapValues { ManagementFigures.counts($0, keys: classes) }),
        ])
    }

    /// T1.11: follow-ups by period and type (ID 77).
    func followUpsByType() -> FigureValue {
        var perMonth: [YearMonth: [String: Int]] = [:]
        for c in cases {
            for f in c.followUps(asOf: r) {
                perMonth[YearMonth(f.followUpDate!), default: [:]][ManagementFigures.Slugs.of(f.followUpType, in: HistorySlugs.followUpType), default: 0] += 1
            }
        }
        return byPeriod(perMonth, keys: ["planlagt", "markant_aendring"])
    }

    /// T1.11: follow-ups with personal supervision (ID 80) by period; on R, the cases in delivery and those with a
    /// supervision in the window of 365 days ending on R.
    func personalSupervision() -> FigureValue {
        let window = 365
        var perMonth: [YearMonth: [String: Int]] = [:]
        var inDelivery = 0, supervised = 0
        for c in cases {
            let held = c.followUps(asOf: r)
            for f in held {
                perMonth[YearMonth(f.followUpDate!), default: [:]]["followUps", default: 0] += 1
                if f.personalSupervision == .yes { perMonth[YearMonth(f.followUpDate!), default: [:]]["withPersonalSupervision", default: 0] += 1 }
            }
            guard c.isOpen(on: r) else { continue }
            let delivering = c.document.interventions.contains { x in
                guard FigureCase.decision(of: x, asOf: r)?.outcome == .granted, let started = x.delivery?.startDate,
                      (x.delivery?.documentedOn ?? started) <= r else { return false }
                return !((x.end?.endedOn).map { $0 <= r } ?? false)
            }
            guard delivering else { continue }
            inDelivery += 1
            let from = r.adding(days: -(window - 1))
            if held.contains(where: { $0.personalSupervision == .yes && $0.followUpDate! >= from }) { supervised += 1 }
        }
        return .object([
            "byPeriod": byPeriod(perMonth, keys: ["followUps", "withPersonalSupervision"]),
            "atRef": .object(["casesInDelivery": .int(inDelivery), "withSupervisionInWindow": .int(supervised),
                              "share": .optional(FigureRounding.share(supervised, of: inDelivery)), "windowDays": .int(window)]),
        ])
    }

    // MARK: Theme 3

    /// T3.1: the latest target groups of each case open on R.
    func targetGroupsAtRef() -> FigureValue {
        var primary: [String: Int] = [:], any: [String: Int] = [:], notRecorded = 0, open = 0
        for c in cases where c.isOpen(on: r) {
            open += 1
            guard let v = c.targetGroups(on: r), !v.codes.isEmpty else { notRecorded += 1; continue }
            primary[v.primary ?? v.codes[0], default: 0] += 1
            for code in Set(v.codes) { any[code, default: 0] += 1 }
        }
        return .object(["openCases": .int(open), "primary": ManagementFigures.counts(primary), "any": ManagementFigures.counts(any),
                        "notRecorded": .int(notRecorded)])
    }

    /// T3.1: per code, how many updates (not recommendations) dropped it from the previous set.
    func targetGroupsLeft() -> FigureValue {
        var left: [String: Int] = [:]
        for c in cases {
            var previous: [String] = []
            for v in c.targetGroups where v.on <= r {
                if !c.isRecommendation(v) { for code in Set(previous).subtracting(v.codes) { left[code, default: 0] += 1 } }
                previous = v.codes
            }
        }
        return ManagementFigures.counts(left)
    }

    /// T3.2: cases open on R by the citizen's age on R (G8).
    func ageGroups() -> FigureValue {
        var n: [String: Int] = [:]
        for c in cases where c.isOpen(on: r) {
            guard let birth = ManagementFigures.birthDate(cpr: c.cpr), let group = ManagementFigures.ageGroup(ManagementFigures.age(birth: birth, on: r)) else {
                n["none", default: 0] += 1
                continue
            }
            n[group, default: 0] += 1
        }
        return ManagementFigures.counts(n, keys: ManagementFigures.ageGroups)
    }

    /// T3.3: per subtheme and quarter, the citizens assessed in the quarter (each by their latest level in it) and
    /// the mean level.
    func functionalLevels() -> FigureValue {
        // (subtheme, quarter, citizen) → the day and level of the latest assessment.
        struct Cell: Hashable { var subtheme: String, quarter: String, citizen: UUID }
        var latest: [Cell: (CalendarDate, Decimal)] = [:]
        var subthemes = Set<String>()
        for c in cases {
            for l in c.levels where l.on <= r {
                subthemes.insert(l.subtheme)
                let cell = Cell(subtheme: l.subtheme, quarter: FigurePeriods.quarter(YearMonth(l.on)), citizen: c.citizenID)
                if let have = latest[cell], have.0 > l.on { continue }
                latest[cell] = (l.on, l.level)
            }
        }
        var levels: [String: [String: [Decimal]]] = [:]
        for (cell, v) in latest { levels[cell.subtheme, default: [:]][cell.quarter, default: []].append(v.1) }
        return .object(Dictionary(uniqueKeysWithValues: subthemes.map { s in
            (s, FigureValue.object(Dictionary(uniqueKeysWithValues: periods.quarters.map { q in
                let ls = levels[s]?[q] ?? []
                return (q, FigureValue.object(["n": .int(ls.count), "mean": ManagementFigures.meanLevel(ls)]))
            })))
        }))
    }

    struct GoalRow {
        var id: UUID
        var type: String
        var subtheme: String
        var baseline: Decimal?
        var expected: Decimal?
        var latest: Decimal?
        var latestOn: CalendarDate?
        var followedUp: Bool
        var achieved: Bool? {
            guard followedUp, let latest, let expected else { return nil }
            return latest <= expected
        }
    }

    /// T3.4: each goal recommended on or before R, with the level before the recommendation, the expected level and
    /// the latest level a follow-up recorded for it.
    func goals() -> [GoalRow] {
        var rows: [GoalRow] = []
        for c in cases {
            let held = c.followUps(asOf: r)
            for g in c.document.goals {
                guard let id = g.id, let recommended = g.recommendedOn ?? c.firstRecommendation, recommended <= r else { continue }
                let baseline = c.levels.filter { $0.subtheme == g.primaryTheme && $0.on <= recommended }.last?.level
                var latest: (Decimal?, CalendarDate)?
                for f in held { if let d = f.goalDecisions?.last(where: { $0.goalId == id }) { latest = (d.achievedLevel, f.followUpDate!) } }
                rows.append(GoalRow(id: id, type: g.goalType ?? "none", subtheme: g.primaryTheme ?? "none", baseline: baseline, expected: g.expectedLevel,
                                    latest: latest?.0, latestOn: latest?.1, followedUp: latest != nil))
            }
        }
        return rows
    }

    func goalsExpectedVsLatest(_ goals: [GoalRow]) -> FigureValue {
        .object(Dictionary(uniqueKeysWithValues: goals.map { g in
            (key(g.id), FigureValue.object([
                "goalType": .string(g.type), "primarySubtheme": .string(g.subtheme), "baselineLevel": .optional(g.baseline),
                "expectedLevel": .optional(g.expected), "latestLevel": .optional(g.latest), "latestDate": .optional(g.latestOn?.description),
                "achieved": g.achieved.map(FigureValue.bool) ?? .null,
            ]))
        }))
    }

    func goalSummary(_ goals: [GoalRow]) -> FigureValue {
        .object(Dictionary(grouping: goals, by: \.type).mapValues { gs in
            let followed = gs.filter(\.followedUp)
            return .object([
                "goals": .int(gs.count), "followedUp": .int(followed.count),
                "achieved": .int(followed.filter { $0.achieved == true }.count), "notAchieved": .int(followed.filter { $0.achieved == false }.count),
                "meanExpectedLevel": ManagementFigures.meanLevel(followed.compactMap(\.expected)),
                "meanLatestLevel": ManagementFigures.meanLevel(followed.compactMap(\.latest)),
            ])
        })
    }

    func goalTypes(_ goals: [GoalRow]) -> FigureValue {
        var byType: [String: Int] = [:], bySubtheme: [String: [String: Int]] = [:]
        for g in goals {
            byType[g.type, default: 0] += 1
            bySubtheme[g.subtheme, default: [:]][g.type, default: 0] += 1
        }
        return .object(["byType": ManagementFigures.counts(byType), "bySubthemeAndType": .object(bySubtheme.mapValues { ManagementFigures.counts($0) })])
    }

    /// T3.5: support need before and after (IDs 83, 84) over every follow-up.
    func supportNeed() -> FigureValue {
        var matrix: [String: [String: Int]] = [:]
        var summary = ["improved": 0, "unchanged": 0, "worsened": 0, "notAssessed": 0]
        for c in cases {
            for f in c.followUps(asOf: r) {
                let before = f.supportNeedAtStart ?? "none", after = f.supportNeedAfter ?? "none"
                matrix[before, default: [:]][after, default: 0] += 1
                guard let b = input.supportNeedRank[before], let a = input.supportNeedRank[after] else { summary["notAssessed"]! += 1; continue }
                summary[a < b ? "improved" : a == b ? "unchanged" : "worsened"]! += 1
            }
        }
        return .object(["matrix": .object(matrix.mapValues { ManagementFigures.counts($0) }), "summary": .object(summary.mapValues(FigureValue.int))])
    }

    /// T3.6: every intervention status of every follow-up, by status and by offer type or provider; the follow-ups'
    /// outcomes and the goal decisions.
    func followUpResults() -> FigureValue {
        var byStatus: [String: Int] = [:], byOffer: [String: [String: Int]] = [:], byProvider: [String: [String: Int]] = [:]
        var outcomes: [String: Int] = [:], goalDecisions: [String: Int] = [:]
        for c in cases {
            for f in c.followUps(asOf: r) {
                for s in f.interventionStatuses ?? [] {
                    let x = c.document.interventions.first { $0.id == s.interventionId }
                    byStatus[s.status, default: 0] += 1
                    byOffer[x?.offers?.first?.code ?? "none", default: [:]][s.status, default: 0] += 1
                    byProvider[key(c.order(of: s.interventionId, asOf: r)?.providerID), default: [:]][s.status, default: 0] += 1
                }
                outcomes[ManagementFigures.Slugs.of(f.outcome, in: HistorySlugs.followUpOutcome), default: 0] += 1
                for d in f.goalDecisions ?? [] { goalDecisions[ManagementFigures.Slugs.of(d.decision, in: HistorySlugs.goalDecision), default: 0] += 1 }
            }
        }
        return .object([
            "byStatus": ManagementFigures.counts(byStatus),
            "byOfferType": .object(byOffer.mapValues { ManagementFigures.counts($0) }),
            "byProvider": .object(byProvider.mapValues { ManagementFigures.counts($0) }),
            "followUpOutcome": ManagementFigures.counts(outcomes),
            "goalDecisions": ManagementFigures.counts(goalDecisions),
        ])
    }

    /// T3.7: uses of force by period, provider and the citizen's primary target group at the time of the event.
    func useOfForce() -> FigureValue {
        var perMonth: [YearMonth: [String: Int]] = [:], byProvider: [String: Int] = [:], byGroup: [String: Int] = [:]
        var crossed: [String: [String: Int]] = [:]
        var total = 0
        for c in cases {
            for f in c.forces where f.on <= r {
                total += 1
                perMonth[YearMonth(f.on), default: [:]]["count", default: 0] += 1
                let provider = key(f.providerID)
                let v = c.targetGroups(on: f.on, beforeForce: true)
                let group = v.flatMap { $0.primary ?? $0.codes.first } ?? "none"
                byProvider[provider, default: 0] += 1
                byGroup[group, default: 0] += 1
                crossed[provider, default: [:]][group, default: 0] += 1
            }
        }
        let periodCounts = periods.byPeriod(perMonth.mapValues { $0["count"] ?? 0 }, zero: 0, add: +, value: FigureValue.int)
        return .object([
            "total": .int(total), "byPeriod": periodCounts, "byProvider": ManagementFigures.counts(byProvider),
            "byPrimaryTargetGroup": ManagementFigures.counts(byGroup), "byProviderAndTargetGroup": .object(crossed.mapValues { ManagementFigures.counts($0) }),
        ])
    }

    /// T3.8: wellbeing problems (ID 81) at each citizen's latest follow-up, and per year.
    func wellbeing() -> FigureValue {
        var latest: [UUID: (CalendarDate, Bool)] = [:]
        var years: [String: [UUID: Bool]] = [:]
        for c in cases {
            for f in c.followUps(asOf: r) {
                let problems = f.wellbeing == .someProblems || f.wellbeing == .seriousProblems
                if let have = latest[c.citizenID], have.0 > f.followUpDate! {} else { latest[c.citizenID] = (f.followUpDate!, problems) }
                let y = FigurePeriods.year(YearMonth(f.followUpDate!))
                years[y, default: [:]][c.citizenID] = (years[y]?[c.citizenID] ?? false) || problems
            }
        }
        let withProblems = latest.values.filter(\.1).count
        return .object([
            "latest": .object(["citizens": .int(latest.count), "withProblems": .int(withProblems),
                               "share": .optional(FigureRounding.share(withProblems, of: latest.count))]),
            "byYear": .object(Dictionary(uniqueKeysWithValues: periods.years.map { y in
                (y, FigureValue.object(["citizens": .int(years[y]?.count ?? 0), "withProblems": .int(years[y]?.values.filter { $0 }.count ?? 0)]))
            })),
        ])
    }

    // MARK: The reports' own figures

    /// Clear cases opened by R by their service type (ID 5) and offer type (ID 6).
    func clearCases() -> FigureValue {
        var service: [String: Int] = [:], offer: [String: Int] = [:]
        for c in cases where c.document.opening.clearCase == true {
            service[c.document.opening.clearCaseServiceType ?? "none", default: 0] += 1
            offer[c.document.opening.clearCaseOfferType ?? "none", default: 0] += 1
        }
        return .object(["serviceType": ManagementFigures.counts(service), "offerType": ManagementFigures.counts(offer)])
    }

    /// Granted interventions by offer type (ID 36): how many, and the units per period granted (ID 65) summed.
    func grantedScope() -> FigureValue {
        var n: [String: Int] = [:], units: [String: Decimal] = [:]
        for c in cases {
            for x in c.document.interventions where FigureCase.decision(of: x, asOf: r)?.outcome == .granted {
                let k = x.offers?.first?.code ?? "none"
                n[k, default: 0] += 1
                units[k, default: 0] += x.decision?.grantedUnitsPerPeriod ?? 0
            }
        }
        return .object(Dictionary(uniqueKeysWithValues: n.keys.map { k in
            (k, FigureValue.object(["granted": .int(n[k]!), "unitsPerPeriod": .decimal(units[k] ?? 0)]))
        }))
    }

    /// Goals recommended by R with their own follow-up date (ID 32) or the case's shared one (ID 33).
    func goalFollowUpDates() -> FigureValue {
        var separate = 0, shared = 0
        for c in cases {
            for g in c.document.goals where (g.recommendedOn ?? c.firstRecommendation).map({ $0 <= r }) ?? false {
                if g.followUpDate != nil { separate += 1 } else { shared += 1 }
            }
        }
        return .object(["separate": .int(separate), "shared": .int(shared)])
    }

    /// Cases open on R by the citizen's current support need (ID 59) as it stood on R.
    func currentSupportNeed() -> FigureValue {
        var n: [String: Int] = [:]
        for c in cases where c.isOpen(on: r) {
            let code = c.supportNeeds.last { $0.on <= r }?.code ?? (c.supportNeeds.isEmpty ? c.document.assessment.currentSupportNeed : nil)
            n[code ?? "none", default: 0] += 1
        }
        return ManagementFigures.counts(n)
    }

    /// Cases whose investigation had started by R, by the subthemes found relevant (ID 26).
    func relevantSubthemes() -> FigureValue {
        var n: [String: Int] = [:]
        for c in cases where c.firstEntered(.investigation, asOf: r) != nil {
            for code in Set(c.document.investigation.assessedSubthemes ?? []) { n[code, default: 0] += 1 }
        }
        return ManagementFigures.counts(n)
    }

    /// Interventions recommended by R by offer type (ID 36): how many, the services in them (ID 35), those with
    /// alternatives considered (ID 38), and those in cases that name interventions in civil society (ID 34).
    func recommendedInterventions() -> FigureValue {
        var o: [String: [String: Int]] = [:]
        for c in cases {
            let civil = !(c.document.assessment.civilSocietyInterventions ?? []).isEmpty
            for x in c.interventions(asOf: r) {
                let k = x.offers?.first?.code ?? "none"
                o[k, default: [:]]["interventions", default: 0] += 1
                o[k, default: [:]]["services", default: 0] += x.services?.count ?? 0
                o[k, default: [:]]["withAlternatives", default: 0] += (x.alternatives ?? []).isEmpty ? 0 : 1
                o[k, default: [:]]["inCasesWithCivilSociety", default: 0] += civil ? 1 : 0
            }
        }
        return .object(o.mapValues { ManagementFigures.counts($0) })
    }
}
