import Foundation

/// One case as the management figures of themes 1 and 3 (figures.md T1.*, T3.*, meta.*) read it: the case document
/// as it stands now, whose lists carry their own dates (recommended, decided, ordered, started, ended, held), and the
/// dated histories kept beside it. `ManagementFigures` takes only what is dated on or before the reference date (G1).
public struct FigureCase: Sendable {
    /// A holder of the case from a day on (G2): the responsible caseworker and team.
    public struct Holder: Sendable, Equatable {
        public var from: CalendarDate
        public var caseworker: UUID?
        public var team: UUID
        public init(from: CalendarDate, caseworker: UUID?, team: UUID) {
            self.from = from
            self.caseworker = caseworker
            self.team = team
        }
    }

    /// An inquiry (ID 21) with its origin (ID 2) and inquirer, as the case-history format's slugs.
    public struct Inquiry: Sendable, Equatable {
        public var on: CalendarDate
        public var origin: String
        public var inquirer: String?
        public init(on: CalendarDate, origin: String, inquirer: String?) {
            self.on = on
            self.origin = origin
            self.inquirer = inquirer
        }
    }

    /// The case entered `phase` on `on` (G9).
    public struct PhaseChange: Sendable, Equatable {
        public var on: CalendarDate
        public var phase: CasePhase
        public init(on: CalendarDate, phase: CasePhase) {
            self.on = on
            self.phase = phase
        }
    }

    /// A version of the target groups (ID 60) from a day on.
    public struct TargetGroups: Sendable, Equatable {
        public var on: CalendarDate
        public var codes: [String]
        public var primary: String?
        public init(on: CalendarDate, codes: [String], primary: String?) {
            self.on = on
            self.codes = codes
            self.primary = primary
        }
    }

    /// A functional level (ID 27) assessed on a day.
    public struct Level: Sendable, Equatable {
        public var on: CalendarDate
        public var subtheme: String
        public var level: Decimal
        public init(on: CalendarDate, subtheme: String, level: Decimal) {
            self.on = on
            self.subtheme = subtheme
            self.level = level
        }
    }

    /// A snapshot of the action plans (IDs 53–58, 61) from a day on; a later one replaces it (T1.6).
    public struct ActionPlan: Sendable, Equatable, Codable {
        public var offered: TriState?
        public var wants: TriState?
        public var status: PlanStatus?
        public var holisticOffered: TriState?
        public var holisticWants: TriState?
        public var holisticStatus: PlanStatus?
        public var validUntil: CalendarDate?
        public init(offered: TriState? = nil, wants: TriState? = nil, status: PlanStatus? = nil, holisticOffered: TriState? = nil,
                    holisticWants: TriState? = nil, holisticStatus: PlanStatus? = nil, validUntil: CalendarDate? = nil) {
            self.offered = offered
            self.wants = wants
            self.status = status
            self.holisticOffered = holisticOffered
            self.holisticWants = holisticWants
            self.holisticStatus = holisticStatus
            self.validUntil = validUntil
        }

        /// The snapshot a case document holds.
        public init(_ a: AssessmentData) {
            self.init(offered: a.actionPlanOffered, wants: a.actionPlanWish, status: a.actionPlanStatus, holisticOffered: a.holisticPlanOffered,
                      holisticWants: a.holisticPlanWish, holisticStatus: a.holisticPlanStatus, validUntil: a.actionPlanValidUntil)
        }

        public var isEmpty: Bool { self == ActionPlan() }
    }

    /// An order of an intervention (ID 68) to a provider, with coordination (ID 73).
    public struct Order: Sendable, Equatable {
        public var interventionID: UUID
        public var on: CalendarDate
        public var providerID: UUID
        public var coordinationNeeded: Bool
        public init(interventionID: UUID, on: CalendarDate, providerID: UUID, coordinationNeeded: Bool) {
            self.interventionID = interventionID
            self.on = on
            self.providerID = providerID
            self.coordinationNeeded = coordinationNeeded
        }
    }

    /// A use of force (ID 82) on a day, under the order of a provider.
    public struct Force: Sendable, Equatable {
        public var on: CalendarDate
        public var providerID: UUID?
        public init(on: CalendarDate, providerID: UUID?) {
            self.on = on
            self.providerID = providerID
        }
    }

    public var id: UUID
    public var citizenID: UUID
    /// The citizen's CPR number (G8: age and birth century; meta.cpr).
    public var cpr: String
    public var openedOn: CalendarDate
    /// The case as it stands now.
    public var document: CaseDocument
    public var holders: [Holder]
    public var inquiries: [Inquiry]
    /// Every phase change, in order (reopening included).
    public var phases: [PhaseChange]
    public var targetGroups: [TargetGroups]
    /// Versions of the current support need (ID 59) from a day on.
    public var supportNeeds: [(on: CalendarDate, code: String?)] = []
    public var levels: [Level]
    public var actionPlans: [(on: CalendarDate, plan: ActionPlan)]
    public var orders: [Order]
    public var forces: [Force]

    public init(id: UUID, citizenID: UUID, cpr: String, openedOn: CalendarDate, document: CaseDocument, holders: [Holder] = [],
                inquiries: [Inquiry] = [], phases: [PhaseChange] = [], targetGroups: [TargetGroups] = [], levels: [Level] = [],
                actionPlans: [(on: CalendarDate, plan: ActionPlan)] = [], orders: [Order] = [], forces: [Force] = []) {
        self.id = id
        self.citizenID = citizenID
        self.cpr = cpr
        self.openedOn = openedOn
        self.document = document
        self.holders = holders
        self.inquiries = inquiries
        self.phases = phases
        self.targetGroups = targetGroups
        self.levels = levels
        self.actionPlans = actionPlans
        self.orders = orders
        self.forces = forces
    }

    // MARK: The case on a day

    /// G9: the phase on day `d` — the latest phase change dated on or before it; nil before the opening.
    public func phase(on d: CalendarDate) -> CasePhase? {
        guard openedOn <= d else { return nil }
        return phases.last { $0.on <= d }?.phase ?? .opening
    }

    /// G2: open on `d` when opened on or before it and not closed on or before it.
    public func isOpen(on d: CalendarDate) -> Bool {
        guard let p = phase(on: d) else { return false }
        return p != .closed
    }

    /// The day the case was (last) closed, on or before `r`.
    public func closedOn(asOf r: CalendarDate) -> CalendarDate? {
        guard phase(on: r) == .closed else { return nil }
        return phases.last { $0.on <= r && $0.phase == .closed }?.on
    }

    /// Every closing on or before `r` (T1.10 ends the outstanding item at each).
    public func closings(asOf r: CalendarDate) -> [CalendarDate] {
        phases.filter { $0.on <= r && $0.phase == .closed }.map(\.on)
    }

    /// G2: the holder on `d` — the last holder from `d` or earlier.
    public func holder(on d: CalendarDate) -> Holder? {
        holders.last { $0.from <= d } ?? holders.first
    }

    /// The first day the case entered `phase`, on or before `r`.
    public func firstEntered(_ phase: CasePhase, asOf r: CalendarDate) -> CalendarDate? {
        phases.first { $0.phase == phase && $0.on <= r }?.on
    }

    /// The interventions recommended on or before `r`.
    public func interventions(asOf r: CalendarDate) -> [Intervention] {
        document.interventions.filter { ($0.recommendedOn ?? openedOn) <= r }
    }

    /// The intervention's decision, when it was taken on or before `r`.
    public static func decision(of x: Intervention, asOf r: CalendarDate) -> InterventionDecision? {
        guard let d = x.decision, d.outcome != nil, let on = d.decidedOn, on <= r else { return nil }
        return d
    }

    /// The follow-ups held on or before `r`, in the order held.
    public func followUps(asOf r: CalendarDate) -> [FollowUp] {
        document.followUps.filter { ($0.followUpDate.map { $0 <= r }) ?? false }
    }

    /// The latest order of an intervention dated on or before `r`.
    public func order(of interventionID: UUID?, asOf r: CalendarDate) -> Order? {
        orders.last { $0.interventionID == interventionID && $0.on <= r }
    }

    /// The day of the case's first recommendation: the first intervention recommended (nil without one).
    public var firstRecommendation: CalendarDate? { document.interventions.compactMap(\.recommendedOn).min() }

    /// The target groups as they stood at the end of day `d`, or — with `before` — just before a use of force on `d`:
    /// in the format's same-day order a recommendation comes before a use of force and a target-group update after it.
    public func targetGroups(on d: CalendarDate, beforeForce: Bool = false) -> TargetGroups? {
        let recommended = Set(document.interventions.compactMap(\.recommendedOn))
        return targetGroups.last { v in v.on < d || (v.on == d && (!beforeForce || recommended.contains(d))) }
    }

    /// Whether a target-group version came from a recommendation (T3.1: a new recommendation does not count as
    /// leaving): made on a day the case was recommended, or while it was still before its decision (G9).
    public func isRecommendation(_ v: TargetGroups) -> Bool {
        if document.interventions.contains(where: { $0.recommendedOn == v.on }) { return true }
        guard let p = phase(on: v.on) else { return true }
        return [.opening, .investigation, .assessment].contains(p)
    }
}
