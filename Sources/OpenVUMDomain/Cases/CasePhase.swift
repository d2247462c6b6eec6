import Foundation

/// The VUM 2.0 phases a case moves through. Each phase owns the data items first entered in it
/// (see `DataCatalogue`); later phases show them without re-entry.
public enum CasePhase: String, Codable, Sendable, CaseIterable, Hashable {
    /// Sagsåbning.
    case opening
    /// Sagsoplysning.
    case investigation
    /// Sagsvurdering og indstilling.
    case assessment
    /// Afgørelse.
    case decision
    /// Bestilling.
    case order
    /// Levering (udfører).
    case delivery
    /// Opfølgning (repeats).
    case followUp
    /// Afsluttet.
    case closed

    public var danishName: String {
        switch self {
        case .opening: "Sagsåbning"
        case .investigation: "Sagsoplysning"
        case .assessment: "Sagsvurdering og indstilling"
        case .decision: "Afgørelse"
        case .order: "Bestilling"
        case .delivery: "Levering"
        case .followUp: "Opfølgning"
        case .closed: "Afsluttet"
        }
    }

    /// The phases whose data tables seed 002 lists, in order (closed owns no data).
    public static let dataPhases: [CasePhase] = [.opening, .investigation, .assessment, .decision, .order, .delivery, .followUp]
}

/// The national case states of Sags- og Dokumentindeks (KOMBIT SF1470), each valid from a time.
public enum NationalCaseState: String, Codable, Sendable, CaseIterable {
    case opstaaet = "Opstået"
    case oplyst = "Oplyst"
    case afgjort = "Afgjort"
    case afsluttet = "Afsluttet"
}

/// Which event sets the national state "Afsluttet" (seed 001, option A): the decision, or the end of delivery.
public enum ClosingEvent: String, Codable, Sendable, CaseIterable {
    case decision
    case endOfDelivery

    public var danishName: String {
        switch self {
        case .decision: "Afgørelsen"
        case .endOfDelivery: "Afslutning af leveringen"
        }
    }
}

/// What a transition needs to know about the case besides its phase.
public struct TransitionFacts: Sendable, Equatable {
    /// ID 4: the support needed is clear from the start.
    public var clearCase: Bool
    /// Interventions proposed in the recommendation.
    public var proposedInterventions: Int
    /// Of those, decided (granted or refused) and granted.
    public var decidedInterventions: Int
    public var grantedInterventions: Int
    /// Granted interventions ordered from a provider, and those whose delivery has started (ID 75).
    public var orderedInterventions: Int
    public var startedInterventions: Int

    public init(clearCase: Bool = false, proposedInterventions: Int = 0, decidedInterventions: Int = 0, grantedInterventions: Int = 0,
                orderedInterventions: Int = 0, startedInterventions: Int = 0) {
        self.clearCase = clearCase
        self.proposedInterventions = proposedInterventions
        self.decidedInterventions = decidedInterventions
        self.grantedInterventions = grantedInterventions
        self.orderedInterventions = orderedInterventions
        self.startedInterventions = startedInterventions
    }
}

/// The VUM 2.0 process as a state machine. `check` refuses an illegal transition with a Danish
/// explanation that names what is missing; nothing else decides whether a case may move.
public enum CaseProcess {
    /// The phase named by `raw` (its code), or a Danish validation error on `field` that lists the codes.
    public static func phase(named raw: String?, field: String = "to") throws(DomainError) -> CasePhase {
        guard let raw, let phase = CasePhase(rawValue: raw) else {
            throw DomainError.validation([FieldError(field: field, message: "Ukendt fase. Tilladte: \(CasePhase.allCases.map(\.rawValue).joined(separator: ", ")).")])
        }
        return phase
    }

    /// The phases a case in `phase` may move to, ignoring the facts.
    public static func successors(of phase: CasePhase) -> [CasePhase] {
        switch phase {
        case .opening: [.investigation, .assessment, .closed]
        case .investigation: [.assessment, .closed]
        case .assessment: [.decision, .investigation, .closed]
        case .decision: [.order, .closed]
        case .order: [.delivery, .closed]
        case .delivery: [.followUp, .order, .closed]
        case .followUp: [.followUp, .assessment, .order, .closed]
        case .closed: [.opening]
        }
    }

    /// The phase a case goes on to when its work in `phase` is done ("Gem og gå videre"): a klar sag skips the
    /// investigation; a follow-up and a closed case have no single next phase.
    public static func forward(from phase: CasePhase, clearCase: Bool) -> CasePhase? {
        switch phase {
        case .opening: clearCase ? .assessment : .investigation
        case .investigation: .assessment
        case .assessment: .decision
        case .decision: .order
        case .order: .delivery
        case .delivery: .followUp
        case .followUp, .closed: nil
        }
    }

    /// Whether a transition needs a reason in words (re-opening, going back). Closing needs a coded reason.
    public static func needsReason(from: CasePhase, to: CasePhase) -> Bool {
        switch (from, to) {
        case (.closed, .opening): true
        case (.assessment, .investigation): true
        default: false
        }
    }

    /// The day a closing takes effect: the given day or today; refused in the future, before the opening, or
    /// before the case's last change of phase.
    public static func closingDate(_ given: CalendarDate?, today: CalendarDate, openedOn: CalendarDate, lastTransitionOn: CalendarDate) throws(DomainError) -> CalendarDate {
        let day = given ?? today
        if day > today { throw DomainError.validation([FieldError(field: "effectiveOn", message: "Afslutningsdatoen \(day.danish) ligger i fremtiden.")]) }
        if day < lastTransitionOn {
            throw DomainError.validation([FieldError(field: "effectiveOn", message: "Afslutningsdatoen \(day.danish) ligger før sagens seneste faseskift (\(lastTransitionOn.danish)).")])
        }
        if day < openedOn { throw DomainError.validation([FieldError(field: "effectiveOn", message: "Afslutningsdatoen ligger før sagens åbning (\(openedOn.danish)).")]) }
        return day
    }

    /// A case can be closed from any phase; closing needs a coded reason (`closeReason`).
    public static func check(from: CasePhase, to: CasePhase, facts: TransitionFacts, reason: String?, closeReason: CloseReason? = nil) throws(DomainError) {
        func refuse(_ detail: String) -> DomainError {
            DomainError(.conflict, code: "case.transition.illegal",
                        title: "Sagen kan ikke gå fra \(from.danishName.lowercased()) til \(to.danishName.lowercased())",
                        detail: detail, fieldErrors: [FieldError(field: "to", message: detail)])
        }
        guard successors(of: from).contains(to) else {
            let allowed = successors(of: from).map { $0.danishName.lowercased() }
            throw refuse("Fra \(from.danishName.lowercased()) kan sagen kun gå videre til: \(allowed.joined(separator: ", ")).")
        }
        if needsReason(from: from, to: to), (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw DomainError.validation([FieldError(field: "reason", message: "Angiv en begrundelse for at \(to == .opening ? "genåbne sagen" : "gå tilbage til \(to.danishName.lowercased())").")])
        }
        if to == .closed && closeReason == nil {
            throw DomainError.validation([FieldError(field: "closeReason", message: "Vælg, hvorfor sagen afsluttes: \(CloseReason.allCases.map { $0.danishName.lowercased() }.joined(separator: ", ")).")])
        }
        if to != .closed && closeReason != nil {
            throw DomainError.validation([FieldError(field: "closeReason", message: "En afslutningsårsag angives kun, når sagen afsluttes.")])
        }
        switch (from, to) {
        case (.opening, .assessment):
            guard facts.clearCase else {
                throw refuse("Kun en klar sag (ID 4) kan gå direkte fra sagsåbning til sagsvurdering. Markér sagen som klar sag, eller gå til sagsoplysning.")
            }
        case (.assessment, .decision):
            guard facts.proposedInterventions > 0 else {
                throw refuse("Indstillingen skal indeholde mindst én indsats, før der kan træffes afgørelse.")
            }
        case (.decision, .order):
            // Interventions still pending (e.g. waiting for the visitation committee) may be decided later.
            guard facts.grantedInterventions > 0 else {
                throw refuse(facts.decidedInterventions == facts.proposedInterventions
                             ? "Der er ingen bevilgede indsatser at bestille. Afslut sagen i stedet."
                             : "Der er ingen bevilgede indsatser at bestille endnu. Træf afgørelse om mindst én indsats.")
            }
        case (.delivery, .order), (.followUp, .order):
            // A grant not yet ordered (e.g. the second intervention of a decision) is ordered later.
            guard facts.grantedInterventions > facts.orderedInterventions else {
                throw refuse("Alle bevilgede indsatser er bestilt.")
            }
        case (.order, .delivery):
            guard facts.orderedInterventions > 0 else {
                throw refuse("Mindst én bevilget indsats skal være bestilt hos en udfører.")
            }
        case (.delivery, .followUp):
            guard facts.startedInterventions > 0 else {
                throw refuse("Udføreren skal have registreret startdato for mindst én indsats (ID 75), før der kan følges op.")
            }
        default:
            break
        }
    }

    /// The national case state a phase maps to, given which event closes a case nationally.
    public static func nationalState(for phase: CasePhase, closingEvent: ClosingEvent) -> NationalCaseState {
        switch phase {
        case .opening, .investigation: .opstaaet
        // The decision is made when the case leaves the decision phase.
        case .assessment, .decision: .oplyst
        case .order, .delivery, .followUp: closingEvent == .decision ? .afsluttet : .afgjort
        case .closed: .afsluttet
        }
    }
}
