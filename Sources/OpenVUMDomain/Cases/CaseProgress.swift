/// Where a case stands in each phase of the method, for the case page's step indicator (DKFDS *trinindikator*):
/// done, the current phase, skipped (a klar sag goes straight to the assessment) or not reached yet — and, for the
/// phases the case has reached, what still wants attention there (consent not recorded, an intervention without a
/// decision, a granted one not ordered …), in the caseworker's words.
public enum CaseProgress {
    public enum State: String, Sendable, Equatable {
        case done, current, skipped, upcoming

        public var danishName: String {
            switch self {
            case .done: "Udført"
            case .current: "Aktuel fase"
            case .skipped: "Sprunget over (klar sag)"
            case .upcoming: "Ikke nået"
            }
        }
    }

    public struct Step: Sendable, Equatable {
        public var phase: CasePhase
        public var state: State
        /// What still wants attention in this phase; empty when nothing does (always empty for phases not reached).
        public var attention: [String]
    }

    public static func steps(_ doc: CaseDocument, phase: CasePhase) -> [Step] {
        let order = CaseRules.phaseOrder
        // A closed case has reached the last phase it holds data for.
        let reached: Int
        if let i = order.firstIndex(of: phase) { reached = i } else { reached = order.lastIndex { hasData($0, doc) } ?? 0 }
        return order.enumerated().map { i, p in
            var state: State = i < reached ? .done : i == reached ? (phase == .closed ? .done : .current) : .upcoming
            if p == .investigation, state == .done, doc.opening.clearCase == true, !hasData(.investigation, doc) { state = .skipped }
            return Step(phase: p, state: state, attention: state == .done || state == .current ? attention(p, doc) : [])
        }
    }

    static func hasData(_ p: CasePhase, _ d: CaseDocument) -> Bool {
        switch p {
        case .opening: true
        case .investigation: d.investigation.startedOn != nil || !(d.investigation.functionalLevels ?? []).isEmpty
        case .assessment: d.assessment.startedOn != nil || !d.interventions.isEmpty || !d.goals.isEmpty
        case .decision: d.interventions.contains { $0.decision?.outcome != nil }
        case .order: d.interventions.contains { $0.order != nil }
        case .delivery: d.interventions.contains { $0.delivery?.startDate != nil }
        case .followUp: !d.followUps.isEmpty
        case .closed: false
        }
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    static func attention(_ p: CasePhase, _ d: CaseDocument) -> [String] {
        let xs = d.interventions
        switch p {
        case .opening:
            switch d.opening.consent {
            case nil, .notAssessed?: return ["Samtykke er ikke registreret"]
            case .refused?: return ["Borgeren har ikke givet samtykke"]
            default: return []
            }
        case .investigation:
            return (d.investigation.functionalLevels ?? []).isEmpty ? ["Ingen funktionsniveauer vurderet"] : []
        case .assessment:
            return (d.goals.isEmpty ? ["Ingen mål"] : []) + (xs.isEmpty ? ["Ingen indsatser indstillet"] : [])
        case .decision:
            let open = xs.filter { $0.decision?.outcome == nil }.count
            return open > 0 ? ["\(count(open, "indsats mangler", "indsatser mangler")) afgørelse"] : []
        case .order:
            let missing = xs.filter { $0.decision?.outcome == .granted && $0.order == nil && $0.end == nil }.count
            return missing > 0 ? ["\(count(missing, "bevilget indsats er", "bevilgede indsatser er")) ikke bestilt"] : []
        case .delivery:
            let missing = xs.filter { $0.order != nil && $0.delivery?.startDate == nil && $0.end == nil }.count
            return missing > 0 ? ["\(count(missing, "bestilt indsats", "bestilte indsatser")) uden startdato"] : []
        case .followUp, .closed:
            return []
        }
    }
}
