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
