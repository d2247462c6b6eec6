import Foundation

/// The citizen's own view (issue 16 item 6): what a citizen sees of their own cases, in plain Danish that never
/// misleads, and who looked at their data.
public enum CitizenPortal {
    /// A case's status as the citizen reads it. The phase alone may mislead — a municipality that sets "Afsluttet" at
    /// the decision (seed 001, option A) closes cases whose help has only just begun — so the status follows the help
    /// itself: help that runs is "Du får hjælp", whatever the phase; a case is only "afsluttet" when no help runs or
    /// waits to begin.
    public struct Status: Sendable, Equatable {
        public var title: String
        public var detail: String
    }

    public static func status(phase: CasePhase, document: CaseDocument, today: CalendarDate) -> Status {
        let granted = document.interventions.filter { $0.decision?.outcome == .granted }
        let running = granted.filter { i in
            guard let start = i.delivery?.startDate, start <= today else { return false }
            return i.end.map { today <= $0.endedOn } ?? true
        }
        let waiting = granted.filter { i in
            i.end.map { today <= $0.endedOn } ?? true && (i.delivery?.startDate.map { today < $0 } ?? true)
        }
        if let first = running.compactMap({ $0.delivery?.startDate }).min() {
            let next = nextFollowUp(document, today: today)
            return Status(title: "Du får hjælp", detail: "Hjælpen begyndte \(first.danish)."
                          + (waiting.isEmpty ? "" : " Noget af den hjælp, du har fået bevilget, er ikke begyndt endnu.")
                          + (next.map { " Næste opfølgning er planlagt til \($0.danish)." } ?? ""))
        }
        if !waiting.isEmpty {
            return Status(title: "Der er truffet afgørelse – hjælpen er ikke begyndt endnu",
                          detail: "Du har fået bevilget hjælp. Vi giver dig besked, når den begynder.")
        }
        switch phase {
        case .opening: return Status(title: "Vi har modtaget din henvendelse", detail: "Vi ser på, hvad du har brug for hjælp til.")
        case .investigation: return Status(title: "Vi er ved at undersøge din sag", detail: "Vi indhenter de oplysninger, der skal til for at vurdere din sag.")
        case .assessment: return Status(title: "Vi vurderer, hvilken hjælp der passer til dig", detail: "Derefter træffer vi afgørelse.")
        case .decision: return Status(title: "Vi træffer snart afgørelse i din sag", detail: "Du får afgørelsen skriftligt.")
        case .closed:
            return Status(title: "Sagen er afsluttet", detail: granted.isEmpty && !document.interventions.isEmpty
                          ? "Du har fået afslag. Afgørelsen fortæller, hvordan du klager." : "Der er ingen hjælp i gang på denne sag.")
        case .order, .delivery, .followUp:
            let refused = !document.interventions.isEmpty && granted.isEmpty
            return refused ? Status(title: "Der er truffet afgørelse: du har fået afslag", detail: "Afgørelsen fortæller, hvordan du klager.")
                : Status(title: "Din hjælp er afsluttet", detail: "Der er ingen hjælp i gang på denne sag lige nu.")
        }
    }

    /// The next follow-up from `today` on: the latest planned at a follow-up, or the decisions'.
    public static func nextFollowUp(_ document: CaseDocument, today: CalendarDate) -> CalendarDate? {
        let planned = document.followUps.compactMap(\.nextFollowUpDate) + document.interventions.compactMap { $0.decision?.followUpDate }
            + document.goals.compactMap(\.followUpDate)
        return planned.filter { today <= $0 }.min()
    }

    /// Who looked, where a guardian or party representative did (through the citizen's own view, issue 16 item 7).
    public static let representativeUnit = "Værge eller partsrepræsentant"

    /// Why somebody looked at the citizen's data, in the citizen's words, from the audit row's action. The staff
    /// member is never named (Datatilsynet's practice; CJEU C-579/21): the unit and the purpose are.
    public static func purpose(ofAction action: String) -> String {
        let prefix = action.split(separator: ".").first.map(String.init) ?? action
        switch prefix {
        case "case", "inquiry": return "Behandling af din sag"
        case "citizen": return "Opslag i dine personoplysninger"
        case "order", "matching": return "Bestilling og levering af din hjælp"
        case "economy", "payment": return "Økonomi og betaling for din hjælp"
        case "import": return "Overførsel af dine sager fra kommunens tidligere system"
        case "provider": return "Opfølgning på din udvikling"
        default: return "Opslag i dine oplysninger"
        }
    }
}

/// The citizen's own view on a goal (issue 16 item 6; seed 004 § 3.2.1): green, yellow or red, and a sentence in their
/// own words. It reaches the caseworker on the case and the provider's next status report.
public enum GoalColour: String, DanishLabelled {
    case green, yellow, red
    public var danishName: String {
        switch self {
        case .green: "Grøn – det går godt"
        case .yellow: "Gul – det går lidt"
        case .red: "Rød – det går ikke"
        }
    }

    /// The status report's "Borgerens egen vurdering" for this colour.
    public var citizenView: CitizenView {
        switch self {
        case .green: .satisfied
        case .yellow: .partly
        case .red: .notSatisfied
        }
    }
}

public struct CitizenGoalView: Sendable, Equatable, Codable {
    public var goalID: UUID
    public var colour: GoalColour
    public var sentence: String?
    public var givenOn: CalendarDate

    public static let maxSentenceLength = 500

    public init(goalID: UUID, colour: GoalColour, sentence: String?, givenOn: CalendarDate) {
        self.goalID = goalID
        self.colour = colour
        self.sentence = sentence
        self.givenOn = givenOn
    }

    /// The view as the citizen gave it: a colour is required; the sentence is trimmed, a blank one is none, at most
    /// 500 characters. Every problem at its field, in Danish.
    public static func given(goalID: UUID, colour: String?, sentence: String?, today: CalendarDate) throws(DomainError) -> CitizenGoalView {
        var e = FieldErrorCollector()
        let c = colour.flatMap(GoalColour.init(rawValue:))
        if c == nil { e.add("colour", "Vælg grøn, gul eller rød.") }
        let text = sentence?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text, text.count > maxSentenceLength { e.add("sentence", "Skriv højst \(maxSentenceLength) tegn.") }
        try e.throwIfAny()
        return CitizenGoalView(goalID: goalID, colour: c!, sentence: text.flatMap { $0.isEmpty ? nil : $0 }, givenOn: today)
    }
}

extension StatusReportRules {
    /// The status report's pre-filled goals, with the citizen's own view where the citizen gave one since the last
    /// report (or there is none): their colour as "Borgerens egen vurdering", their sentence as "Borgerens egne ord".
    public static func prefill(order o: Order, last: StatusReport?, views: [CitizenGoalView]) -> [GoalStatus] {
        prefill(order: o, last: last).map { g in
            guard let v = views.filter({ v in v.goalID == g.goalID && (last.map { $0.reportedOn <= v.givenOn } ?? true) })
                .max(by: { $0.givenOn < $1.givenOn }) else { return g }
            var out = g
            out.citizenView = v.colour.citizenView
            out.citizenText = v.sentence
            return out
        }
    }
}
