import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The URL slug of each phase page (Danish, as the UI speaks).
enum PhaseSlug: String, CaseIterable, Sendable {
    case sagsaabning, sagsoplysning, sagsvurdering, afgoerelse, bestilling, levering, opfoelgning

    var phase: CasePhase {
        switch self {
        case .sagsaabning: .opening
        case .sagsoplysning: .investigation
        case .sagsvurdering: .assessment
        case .afgoerelse: .decision
        case .bestilling: .order
        case .levering: .delivery
        case .opfoelgning: .followUp
        }
    }

    /// Whether the page shows the case's orders and what their providers reported (*Bestilling*, *Levering*,
    /// *Opfølgning*).
    var showsOrders: Bool { self == .bestilling || self == .levering || self == .opfoelgning }

    init?(phase: CasePhase) {
        guard let s = PhaseSlug.allCases.first(where: { $0.phase == phase }) else { return nil }
        self = s
    }
}

/// Everything a case page shows, typed: the stored case (`doc`), and — after a refused save — what the user
/// typed in the form that was sent (`echo`), which the form shows again instead of the stored values so that
/// nothing typed is lost.
struct CasePageModel: Sendable {
    var record: CaseRecord
    var citizen: CitizenRecord
    var terminology: TerminologySnapshot
    var units: [UnitRecord]
    /// Who may hold the case (for the team leader's allocation form and the caseworker's name).
    var holders: [CaseHolder] = []
    var history: CaseHistory?
    /// The journal notes (latest versions), on the case page.
    var notes: [JournalNote] = []
    /// The documents attached to the case, on the case page.
    var attachments: [CaseAttachment] = []
    /// The citizen's other cases in the reader's scope, on the case page.
    var otherCases: [CaseSummary] = []
    /// The case's orders in the reader's sight, newest first (the order and delivery pages).
    var orders: [Order] = []
    /// What the case's live grants cost this month (on the overview).
    var monthlyCost: CaseMonthlyCost?
    /// The citizen's functional levels over time against the goals (on the overview).
    var progression: Progression?
    /// The citizen's own latest view on each goal (issue 16 item 6), on the overview.
    var goalViews: [CitizenGoalView] = []
    /// The guardians and party representatives given the citizen's own page on this case, and the electronic consents
    /// given or withdrawn there (issue 16 items 6 and 7), on the opening page.
    var representatives: [RepresentativeStore.Representative] = []
    var consents: [CitizenSelfStore.Consent] = []
    /// The delivered hours of the case's started orders, by order (the delivery page).
    var hours: [UUID: [HoursReport]] = [:]
    /// The provider's change requests and status reports by order, and where the next status report stands.
    var changeRequests: [UUID: [ChangeRequest]] = [:]
    var statusReports: [UUID: [StatusReport]] = [:]
    var statusDue: [UUID: StatusReportDue] = [:]
    /// The provider's reports of use of force and unintended incidents, by order.
    var incidents: [UUID: [Incident]] = [:]
    /// The case's matching requests, newest first (the order page).
    var matching: [MatchingRequest] = []
    /// The municipality's providers and offers, with rates and places (what the order page offers to choose from).
    var providers: [ProviderStore.ProviderEntry] = []
    /// The largest document that may be attached (the server's setting).
    var documentMaxBytes = DocumentRules.defaultMaxBytes
    var deadlines: [CaseDeadline] = []
    var errors: [FieldError] = []
    var notice: String?
    /// The goal, intervention or follow-up whose form is shown filled in (`?ret=<id>`), to be corrected.
    var editing: UUID?
    /// The complaint whose form is shown filled in on the case page (`?klage=<id>`).
    var editingComplaint: UUID?
    /// The refused form as sent, by field name.
    var echo: FormData?
    /// Every theme of the investigation shown open ("Åbn alle").
    var allOpen = false

    var doc: CaseDocument { record.document }

    /// A user's name, or nil when not among the case holders.
    func holderName(_ id: UUID?) -> String? { id.flatMap { id in holders.first { $0.userID == id }?.displayName } }
    var phase: CasePhase { record.phase }
    var id: String { record.id.uuidString.lowercased() }
    var version: String { String(record.version) }

    /// A form field's value: what the user sent, when this field's form was the one refused; else `stored`.
    func entry(_ name: String, _ stored: String?) -> String? {
        guard let echo, echo.covers(name) else { return stored }
        return echo.values[name]?.first ?? ""
    }

    /// The chosen options of a checkbox group, by the same rule as `entry`.
    func chosen(_ name: String, _ stored: [String]?) -> Set<String> {
        guard let echo, echo.covers(name) else { return Set(stored ?? []) }
        return Set(echo.all(name))
    }

    /// A free-text list shown one per line.
    func lines(_ name: String, _ stored: [String]?) -> String? {
        entry(name, stored?.joined(separator: "\n"))
    }

    /// The error of a document field (by JSON pointer) or of anything under it.
    func error(_ pointer: String) -> String? { errors.first { $0.field == pointer || $0.field.hasPrefix(pointer + "/") }?.message }

    func options(_ valueSet: String) -> [(String, String)] { terminology.valueSet(valueSet).map { ($0.code, $0.display) } }

    func display(_ code: String?) -> String { code.flatMap { terminology.display(.ffb, code: $0) } ?? code ?? "–" }

    /// An intervention's name: its services and offers, with their paragraphs unless a sentence names the paragraph.
    func interventionName(_ i: Int, paragraphs: Bool = true) -> String {
        let x = doc.interventions[i]
        let names = ((x.services ?? []) + (x.offers ?? [])).map { display($0.code) + (paragraphs ? $0.paragraph.map { " (\($0))" } ?? "" : "") }
        return names.isEmpty ? "Indsats \(i + 1)" : names.joined(separator: ", ")
    }
}

extension FormData {
    /// Whether `name` belongs to the form that was sent: the form's fields share their first name part
    /// (`opening.…`, `goal.…`, `interventions.…`).
    func covers(_ name: String) -> Bool {
        let section = name.split(separator: ".").first
        return values.keys.contains { $0.split(separator: ".").first == section }
    }
}

extension Optional where Wrapped == CalendarDate {
    /// The date for a date input (ISO), or nil.
    var iso: String? { self?.description }
    /// The date as Danish text, or a dash.
    var danishOrDash: String { self?.danish ?? "–" }
}

extension Optional where Wrapped == Bool {
    /// "true"/"false" for a yes/no control.
    var formValue: String? { self.map { $0 ? "true" : "false" } }
}
