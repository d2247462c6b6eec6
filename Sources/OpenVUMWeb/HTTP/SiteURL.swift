import Foundation
import OpenVUMDomain
import Vapor

/// Every web page and form address, used both to register its route (`pattern`) and to print links and
/// redirects (`path`), so that the two cannot drift apart (a test checks every case both ways). Nothing
/// else builds a web path. (CPR numbers never appear in a URL: searches by CPR are POSTed.)
enum SiteURL: Equatable {
    case home
    case login(next: String?, expired: Bool, error: String? = nil)
    case oidcLogin(next: String?)
    case oidcCallback
    case logout
    case start
    case citizens(after: String? = nil)
    case citizenSearch
    case citizen(UUID)
    /// Opening a case for a citizen (the form on the citizen's page).
    case caseCreate(citizen: UUID)
    case adminUsers
    case userActive(UUID)
    case cases
    /// The worklist with one caseworker's open cases (nil: the unassigned ones), or only the overdue ones: where
    /// a team leader's caseload counts lead.
    case casesOf(caseworker: UUID?, overdueOnly: Bool)
    /// The case page; `complaint`: the complaint whose form is shown filled in, to be brought up to date.
    case `case`(UUID, saved: Bool = false, complaint: UUID? = nil)
    /// A phase page; `edit`: the goal, intervention or follow-up whose form is shown filled in, to be corrected.
    case casePhase(UUID, PhaseSlug, saved: Bool = false, edit: UUID? = nil)
    case caseTransition(UUID)
    case caseKLE(UUID)
    case caseAssignment(UUID)
    case caseNotes(UUID)
    /// Correcting a journal note (a new version).
    case caseNoteCorrection(UUID, note: UUID)
    /// Attaching a document (the form posts `multipart/form-data`).
    case caseDocuments(UUID)
    /// Registering or bringing up to date a complaint about a decision.
    case caseComplaints(UUID)
    /// A document's content (a download).
    case caseDocument(UUID, document: UUID)
    case caseLetter(UUID)
    /// The decision letter as a PDF (for Digital Post or printing).
    case caseLetterPDF(UUID)
    case reminderDismiss(UUID)
    /// Creating an order for one of the case's granted interventions (the *Bestilling* page's form).
    case caseOrders(UUID)
    /// Changing, sending or withdrawing one of the case's orders.
    case caseOrder(UUID, order: UUID)
    /// Sending a matching request for one of the case's interventions (the *Bestilling* page's form).
    case caseMatching(UUID)
    /// A provider's answer to a matching request, for one of their offers.
    case matchingAnswer(UUID)
    /// The orders and matching requests a provider user's offers received: the provider's inbox; `saved`: an answer
    /// was just sent.
    case orderInbox(saved: Bool = false)
    /// One order in the provider's inbox, with what the provider can do with it; `saved`: a step was just taken.
    case inboxOrder(UUID, saved: Bool = false)
    /// A month's delivered hours of an order (the provider's form).
    case inboxOrderHours(UUID)
    /// The status report before the planned follow-up (the provider's form).
    case inboxOrderStatus(UUID)
    /// A request to change the support, with its evidence (the provider's form).
    case inboxOrderChange(UUID)
    /// A use of force or an unintended incident (the provider's form).
    case inboxOrderIncident(UUID)
    /// The caseworker marks a provider's incident report seen.
    case caseOrderIncidentSeen(UUID, order: UUID, incident: UUID)
    /// The caseworker's answer to a provider's change request on one of the case's orders.
    case caseOrderChangeAnswer(UUID, order: UUID, change: UUID)
    /// A document that travels with an order, as its provider downloads it.
    case inboxOrderDocument(UUID, document: UUID)
    case catalogue
    /// The provider register: providers and their offers.
    case providers
    /// An offer's page in the register; `saved`: a form on it was just saved.
    case offer(UUID, saved: Bool = false)
    /// An offer's places and vacant places (its provider leader).
    case offerCapacity(UUID)
    /// A new rate for an offer (the economy role).
    case offerRates(UUID)
    case auditLog(after: String? = nil)
    /// The outbox to the national receivers and their settings (the administrator; issue 16).
    case outbox
    /// A dead-lettered message sent again.
    case outboxResend(UUID)
    /// A receiver's settings saved.
    case outboxReceiver(String)
    /// Danmarks Statistik's monthly extracts: the months, their deadlines and states (the administrator; issue 16 item 5).
    case statistics
    /// One month's extract with its validation report (GET), or a new version of it made (POST); the month as YYYY-MM.
    case statisticsMonth(String)
    /// A month's extract approved for sending.
    case statisticsApprove(String)
    /// The citizen's own view on a goal of their case (the citizen's page; issue 16 item 6).
    case citizenGoalView(UUID, goal: UUID)
    /// The citizen's electronic consent on a case given or withdrawn (issue 16 item 6).
    case citizenConsent(UUID)
    /// The decision letter of a case of the citizen's, as a PDF (the citizen's letters).
    case citizenLetterPDF(UUID)
    /// The own page of a citizen the account represents as guardian or party representative (issue 16 item 7).
    case citizenSelf(UUID)
    /// A guardian's or party representative's access to the citizen's page given (the caseworker, on the case).
    case caseRepresentatives(UUID)
    /// Such an access removed.
    case caseRepresentativeRemove(UUID, representative: UUID)
    /// The economy: budget, spend, expected outturn, projection and watch lists for a year on a reference date.
    case economy(EconomyQuery = EconomyQuery(), edit: String? = nil)
    /// The grants behind a number (a group's key) or of one case (the economy's view of a case), or one grant with its
    /// payments.
    case economyGrants(EconomyQuery = EconomyQuery(), key: String? = nil, grant: UUID? = nil, caseID: UUID? = nil)
    /// Setting a budget line (the economy role).
    case economyBudget
    /// The finance system's payment file, uploaded (the economy role).
    case economyPayments
    /// A table of the economy page as CSV or XLSX.
    case economyExport(EconomyQuery = EconomyQuery(), table: String, format: String, semicolon: Bool = false)
    /// The provider leader's view of their citizens' progression (issue 15 item 4).
    case providerProgression
    /// The management reports, grouped by theme (issue 15).
    case reports
    /// One report with its filters.
    case report(String, ReportQuery = ReportQuery())
    /// The cases behind a number of a report: the section's index and the cell's path in its figure.
    case reportCases(String, ReportQuery = ReportQuery(), section: Int, cell: String)
    /// A section of a report as CSV or XLSX; `shared`: for use outside the unit, small numbers suppressed.
    case reportExport(String, ReportQuery = ReportQuery(), section: Int, format: String, semicolon: Bool = false, shared: Bool = false)
    case stylesheet
    /// OpenVUM's own layouts (case page, cards, lists on a phone) beside the official DKFDS stylesheet.
    case dkfdsSupplement

    /// The route's path components, with `:name` for each parameter: what `Routes.swift` registers.
    var pattern: [PathComponent] {
        switch self {
        case .home: []
        case .login: ["login"]
        case .oidcLogin: ["login", "oidc"]
        case .oidcCallback: ["login", "oidc", "callback"]
        case .logout: ["logout"]
        case .start: ["start"]
        case .citizens: ["borgere"]
        case .citizenSearch: ["borgere", "soeg"]
        case .citizen: ["borgere", ":citizenID"]
        case .caseCreate: ["borgere", ":citizenID", "sager"]
        case .adminUsers: ["admin", "brugere"]
        case .userActive: ["admin", "brugere", ":userID", "aktiv"]
        case .cases, .casesOf: ["sager"]
        case .case: ["sager", ":caseID"]
        case .casePhase: ["sager", ":caseID", ":phase"]
        case .caseTransition: ["sager", ":caseID", "fase"]
        case .caseKLE: ["sager", ":caseID", "kle"]
        case .caseAssignment: ["sager", ":caseID", "fordeling"]
        case .caseNotes: ["sager", ":caseID", "notater"]
        case .caseNoteCorrection: ["sager", ":caseID", "notater", ":noteID"]
        case .caseDocuments: ["sager", ":caseID", "dokumenter"]
        case .caseComplaints: ["sager", ":caseID", "klager"]
        case .caseDocument: ["sager", ":caseID", "dokumenter", ":documentID"]
        case .caseLetter: ["sager", ":caseID", "afgoerelsesbrev"]
        case .caseLetterPDF: ["sager", ":caseID", "afgoerelsesbrev.pdf"]
        case .reminderDismiss: ["paamindelser", ":reminderID", "afvis"]
        case .caseOrders: ["sager", ":caseID", "bestillinger"]
        case .caseOrder: ["sager", ":caseID", "bestillinger", ":orderID"]
        case .caseMatching: ["sager", ":caseID", "forespoergsler"]
        case .matchingAnswer: ["bestillinger", "forespoergsler", ":requestID"]
        case .orderInbox: ["bestillinger"]
        case .inboxOrder: ["bestillinger", ":orderID"]
        case .inboxOrderDocument: ["bestillinger", ":orderID", "dokumenter", ":documentID"]
        case .inboxOrderHours: ["bestillinger", ":orderID", "timer"]
        case .inboxOrderStatus: ["bestillinger", ":orderID", "statusrapport"]
        case .inboxOrderChange: ["bestillinger", ":orderID", "aendring"]
        case .inboxOrderIncident: ["bestillinger", ":orderID", "haendelser"]
        case .caseOrderIncidentSeen: ["sager", ":caseID", "bestillinger", ":orderID", "haendelser", ":incidentID"]
        case .caseOrderChangeAnswer: ["sager", ":caseID", "bestillinger", ":orderID", "aendringer", ":changeID"]
        case .catalogue: ["datakatalog"]
        case .providers: ["tilbud"]
        case .offer: ["tilbud", ":offerID"]
        case .offerCapacity: ["tilbud", ":offerID", "pladser"]
        case .offerRates: ["tilbud", ":offerID", "takster"]
        case .auditLog: ["admin", "revisionslog"]
        case .outbox: ["admin", "udbakke"]
        case .outboxResend: ["admin", "udbakke", ":messageID", "send-igen"]
        case .outboxReceiver: ["admin", "udbakke", "modtagere", ":receiver"]
        case .statistics: ["admin", "statistik"]
        case .statisticsMonth: ["admin", "statistik", ":month"]
        case .statisticsApprove: ["admin", "statistik", ":month", "godkend"]
        case .citizenGoalView: ["mine-sager", ":caseID", "maal", ":goalID"]
        case .citizenConsent: ["mine-sager", ":caseID", "samtykke"]
        case .citizenLetterPDF: ["mine-sager", ":caseID", "afgoerelsesbrev.pdf"]
        case .citizenSelf: ["mine-sager", "borger", ":citizenID"]
        case .caseRepresentatives: ["sager", ":caseID", "repraesentanter"]
        case .caseRepresentativeRemove: ["sager", ":caseID", "repraesentanter", ":representativeID", "fjern"]
        case .economy: ["oekonomi"]
        case .economyGrants: ["oekonomi", "bevillinger"]
        case .economyBudget: ["oekonomi", "budget"]
        case .economyPayments: ["oekonomi", "betalinger"]
        case .economyExport: ["oekonomi", "eksport"]
        case .providerProgression: ["udfoerer", "udvikling"]
        case .reports: ["rapporter"]
        case .report: ["rapporter", ":reportID"]
        case .reportCases: ["rapporter", ":reportID", "sager"]
        case .reportExport: ["rapporter", ":reportID", "eksport"]
        case .stylesheet: ["static", "openvum.css"]
        case .dkfdsSupplement: ["static", "openvum-dkfds.css"]
        }
    }

    /// The values of the pattern's parameters.
    var parameters: [String: String] {
        switch self {
        case .citizen(let id), .caseCreate(let id), .citizenSelf(let id): ["citizenID": id.uuidString.lowercased()]
        case .caseRepresentativeRemove(let id, let r): ["caseID": id.uuidString.lowercased(), "representativeID": r.uuidString.lowercased()]
        case .userActive(let id): ["userID": id.uuidString.lowercased()]
        case .outboxResend(let id): ["messageID": id.uuidString.lowercased()]
        case .outboxReceiver(let r): ["receiver": r]
        case .statisticsMonth(let m), .statisticsApprove(let m): ["month": m]
        case .citizenGoalView(let id, let goal): ["caseID": id.uuidString.lowercased(), "goalID": goal.uuidString.lowercased()]
        case .citizenConsent(let id), .citizenLetterPDF(let id), .caseRepresentatives(let id): ["caseID": id.uuidString.lowercased()]
        case .case(let id, _, _), .caseComplaints(let id), .caseTransition(let id), .caseKLE(let id), .caseAssignment(let id), .caseNotes(let id), .caseLetter(let id), .caseLetterPDF(let id),
             .caseDocuments(let id), .caseOrders(let id), .caseMatching(let id): ["caseID": id.uuidString.lowercased()]
        case .matchingAnswer(let id): ["requestID": id.uuidString.lowercased()]
        case .caseOrder(let id, let order): ["caseID": id.uuidString.lowercased(), "orderID": order.uuidString.lowercased()]
        case .inboxOrder(let id, _), .inboxOrderHours(let id), .inboxOrderStatus(let id), .inboxOrderChange(let id), .inboxOrderIncident(let id):
            ["orderID": id.uuidString.lowercased()]
        case .caseOrderIncidentSeen(let id, let order, let incident):
            ["caseID": id.uuidString.lowercased(), "orderID": order.uuidString.lowercased(), "incidentID": incident.uuidString.lowercased()]
        case .caseOrderChangeAnswer(let id, let order, let change):
            ["caseID": id.uuidString.lowercased(), "orderID": order.uuidString.lowercased(), "changeID": change.uuidString.lowercased()]
        case .inboxOrderDocument(let id, let document): ["orderID": id.uuidString.lowercased(), "documentID": document.uuidString.lowercased()]
        case .caseNoteCorrection(let id, let note): ["caseID": id.uuidString.lowercased(), "noteID": note.uuidString.lowercased()]
        case .caseDocument(let id, let document): ["caseID": id.uuidString.lowercased(), "documentID": document.uuidString.lowercased()]
        case .casePhase(let id, let slug, _, _): ["caseID": id.uuidString.lowercased(), "phase": slug.rawValue]
        case .reminderDismiss(let id): ["reminderID": id.uuidString.lowercased()]
        case .offer(let id, _), .offerCapacity(let id), .offerRates(let id): ["offerID": id.uuidString.lowercased()]
        case .report(let id, _), .reportCases(let id, _, _, _), .reportExport(let id, _, _, _, _, _): ["reportID": id]
        default: [:]
        }
    }

    /// The query, when the address has one.
    var query: [URLQueryItem] {
        switch self {
        case .login(let next, let expired, let error):
            var items: [URLQueryItem] = []
            if let next, next.hasPrefix("/"), !next.hasPrefix("//"), next != "/login" { items.append(URLQueryItem(name: "next", value: next)) }
            if expired { items.append(URLQueryItem(name: "udloebet", value: "1")) }
            if let error { items.append(URLQueryItem(name: "fejl", value: error)) }
            return items
        case .oidcLogin(let next): return next.map { [URLQueryItem(name: "next", value: $0)] } ?? []
        case .citizens(let after), .auditLog(let after): return after.map { [URLQueryItem(name: "efter", value: $0)] } ?? []
        case .casesOf(let caseworker, let overdueOnly):
            return [URLQueryItem(name: "sagsbehandler", value: caseworker?.uuidString.lowercased() ?? "ingen")]
                + (overdueOnly ? [URLQueryItem(name: "overskredne", value: "1")] : [])
        case .case(_, let saved, let complaint):
            return (saved ? [URLQueryItem(name: "gemt", value: "1")] : []) + (complaint.map { [URLQueryItem(name: "klage", value: $0.uuidString.lowercased())] } ?? [])
        case .offer(_, let saved), .inboxOrder(_, let saved), .orderInbox(let saved): return saved ? [URLQueryItem(name: "gemt", value: "1")] : []
        case .casePhase(_, _, let saved, let edit):
            return (saved ? [URLQueryItem(name: "gemt", value: "1")] : []) + (edit.map { [URLQueryItem(name: "ret", value: $0.uuidString.lowercased())] } ?? [])
        case .economy(let q, let edit): return q.items + (edit.map { [URLQueryItem(name: "ret", value: $0)] } ?? [])
        case .economyGrants(let q, let key, let grant, let caseID):
            return q.items + (key.map { [URLQueryItem(name: "noegle", value: $0)] } ?? []) + (grant.map { [URLQueryItem(name: "indsats", value: $0.uuidString.lowercased())] } ?? [])
                + (caseID.map { [URLQueryItem(name: "sag", value: $0.uuidString.lowercased())] } ?? [])
        case .economyExport(let q, let table, let format, let semicolon):
            return q.items + [URLQueryItem(name: "tabel", value: table), URLQueryItem(name: "format", value: format)]
                + (semicolon ? [URLQueryItem(name: "separator", value: "semikolon")] : [])
        case .report(_, let q): return q.items
        case .reportCases(_, let q, let section, let cell):
            return q.items + [URLQueryItem(name: "afsnit", value: String(section)), URLQueryItem(name: "celle", value: cell)]
        case .reportExport(_, let q, let section, let format, let semicolon, let shared):
            return q.items + [URLQueryItem(name: "afsnit", value: String(section)), URLQueryItem(name: "format", value: format)]
                + (semicolon ? [URLQueryItem(name: "separator", value: "semikolon")] : []) + (shared ? [URLQueryItem(name: "deling", value: "1")] : [])
        default: return []
        }
    }

    /// The address to print: the pattern with its parameters filled in, and the query.
    var path: String {
        let segments = pattern.map { component -> String in
            switch component {
            case .parameter(let name): parameters[name] ?? ""
            default: component.description
            }
        }
        var c = URLComponents()
        c.path = "/" + segments.joined(separator: "/")
        c.queryItems = query.isEmpty ? nil : query
        return c.string ?? c.path
    }
}

/// The economy pages' choices: the year, the reference date and what the projection is grouped by (absent: today's
/// year, today, by account).
struct EconomyQuery: Equatable, Sendable {
    var year: Int?
    var date: CalendarDate?
    var grouping: ProjectionGrouping?
    /// The monthly review's threshold in whole kroner.
    var threshold: Int?
    /// Have the figures computed anew rather than kept (`EconomySnapshots`); only the page's own link sets it.
    var fresh = false

    init(year: Int? = nil, date: CalendarDate? = nil, grouping: ProjectionGrouping? = nil, threshold: Int? = nil) {
        self.year = year
        self.date = date
        self.grouping = grouping
        self.threshold = threshold
    }

    var items: [URLQueryItem] {
        (year.map { [URLQueryItem(name: "aar", value: String($0))] } ?? []) + (date.map { [URLQueryItem(name: "dato", value: $0.description)] } ?? [])
            + (grouping.map { [URLQueryItem(name: "gruppe", value: $0.rawValue)] } ?? []) + (threshold.map { [URLQueryItem(name: "graense", value: String($0))] } ?? [])
            + (fresh ? [URLQueryItem(name: "frisk", value: "1")] : [])
    }
}

/// A report's choices (issue 15): the reference date, the periods shown and their length, and the filters.
struct ReportQuery: Equatable, Sendable {
    var date: CalendarDate?
    /// `month`, `quarter` or `year` (absent: quarter).
    var granularity: String?
    var filter = ReportFilter()
    /// Have the cases read anew rather than kept (`FigureSnapshots`); only the page's own link sets it.
    var fresh = false

    init(date: CalendarDate? = nil, granularity: String? = nil, filter: ReportFilter = ReportFilter()) {
        self.date = date
        self.granularity = granularity
        self.filter = filter
    }

    var items: [URLQueryItem] {
        var items: [URLQueryItem] = []
        func add(_ name: String, _ value: String?) { if let value { items.append(URLQueryItem(name: name, value: value)) } }
        add("dato", date?.description)
        add("periode", granularity)
        add("fra", filter.from?.description)
        add("til", filter.to?.description)
        add("team", filter.unit?.uuidString.lowercased())
        add("sagsbehandler", filter.caseworker?.uuidString.lowercased())
        add("paragraf", filter.paragraph)
        add("maalgruppe", filter.targetGroup)
        add("udfoerer", filter.provider?.uuidString.lowercased())
        add("tilbud", filter.offerType)
        add("frisk", fresh ? "1" : nil)
        return items
    }
}

extension UUID {
    /// Any id: for registering a route whose path has an id (`SiteURL.citizen(.placeholder).pattern`).
    static let placeholder = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

extension RoutesBuilder {
    /// Registers a web route at a `SiteURL`'s pattern, with its declared policy.
    @discardableResult
    func endpoint<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ url: SiteURL, policy: RoutePolicy, use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        endpoint(method, url.pattern, policy: policy, use: handler)
    }
}
