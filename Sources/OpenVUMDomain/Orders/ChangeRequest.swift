import Foundation

/// The provider's request to change the support of an order (issue 13 item 4), with its evidence: months of
/// delivered hours already reported on the order, and a week plan of the support the citizen needs. It reaches the
/// case's responsible caseworker as a task; the caseworker answers it. A changed scope itself is decided on the
/// case (a follow-up or a new decision), never by the request.

/// What the provider asks for.
public enum ChangeKind: String, DanishLabelled {
    case more, less, other, end
    public var danishName: String {
        switch self {
        case .more: "Mere støtte"
        case .less: "Mindre støtte"
        case .other: "Anden støtte"
        case .end: "Indsatsen afsluttes"
        }
    }

    /// Whether the request must propose hours per week.
    public var proposesHours: Bool { self == .more || self == .less }
}

/// The caseworker's answer to a change request.
public enum ChangeAnswerKind: String, DanishLabelled {
    case granted, refused, atFollowUp
    public var danishName: String {
        switch self {
        case .granted: "Imødekommet"
        case .refused: "Afvist"
        case .atFollowUp: "Tages op ved opfølgningen"
        }
    }
}

public enum Weekday: String, DanishLabelled {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday
    public var danishName: String {
        switch self {
        case .monday: "Mandag"
        case .tuesday: "Tirsdag"
        case .wednesday: "Onsdag"
        case .thursday: "Torsdag"
        case .friday: "Fredag"
        case .saturday: "Lørdag"
        case .sunday: "Søndag"
        }
    }
}

/// One day of the week plan: the hours of support the day needs and what they are for.
public struct WeekPlanDay: Codable, Sendable, Equatable {
    public var weekday: Weekday
    public var hours: Decimal
    public var activity: String?
    public init(weekday: Weekday, hours: Decimal, activity: String? = nil) {
        self.weekday = weekday
        self.hours = hours
        self.activity = activity
    }
}

/// Who asks for the change: the provider (answered by the caseworker) or the authority after a follow-up (answered by
/// the provider).
public enum ChangeOrigin: String, DanishLabelled {
    case provider, authority
    public var danishName: String { self == .provider ? "Udføreren" : "Myndigheden" }
}

public struct ChangeAnswer: Codable, Sendable, Equatable {
    public var kind: ChangeAnswerKind
    public var text: String?
    public var answeredOn: CalendarDate
    public init(kind: ChangeAnswerKind, text: String?, answeredOn: CalendarDate) {
        self.kind = kind
        self.text = text
        self.answeredOn = answeredOn
    }
}

public struct ChangeRequest: Codable, Sendable, Equatable {
    public var id: UUID
    public var orderID: UUID
    public var requestedOn: CalendarDate
    public var kind: ChangeKind
    /// The hours per week the provider proposes (more or less support).
    public var proposedPerWeek: Decimal?
    /// The hours per week the order allocated when the request was made (nil: not counted in hours).
    public var allocatedPerWeek: Decimal?
    public var reason: String
    public var weekPlan: [WeekPlanDay]
    /// The reported months (first days) the request points to as evidence.
    public var evidenceMonths: [CalendarDate]
    public var answer: ChangeAnswer?
    public var origin: ChangeOrigin

    public init(id: UUID, orderID: UUID, requestedOn: CalendarDate, kind: ChangeKind, proposedPerWeek: Decimal?, allocatedPerWeek: Decimal?, reason: String,
                weekPlan: [WeekPlanDay], evidenceMonths: [CalendarDate], answer: ChangeAnswer? = nil, origin: ChangeOrigin = .provider) {
        self.id = id
        self.orderID = orderID
        self.requestedOn = requestedOn
        self.kind = kind
        self.proposedPerWeek = proposedPerWeek
        self.allocatedPerWeek = allocatedPerWeek
        self.reason = reason
        self.weekPlan = weekPlan
        self.evidenceMonths = evidenceMonths
        self.answer = answer
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey {
        case id, orderID, requestedOn, kind, proposedPerWeek, allocatedPerWeek, reason, weekPlan, evidenceMonths, answer, origin
    }

    /// Requests stored before the authority could ask are the provider's.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(UUID.self, forKey: .id), orderID: try c.decode(UUID.self, forKey: .orderID),
                  requestedOn: try c.decode(CalendarDate.self, forKey: .requestedOn), kind: try c.decode(ChangeKind.self, forKey: .kind),
                  proposedPerWeek: try c.decodeIfPresent(Decimal.self, forKey: .proposedPerWeek),
                  allocatedPerWeek: try c.decodeIfPresent(Decimal.self, forKey: .allocatedPerWeek), reason: try c.decode(String.self, forKey: .reason),
                  weekPlan: try c.decode([WeekPlanDay].self, forKey: .weekPlan), evidenceMonths: try c.decode([CalendarDate].self, forKey: .evidenceMonths),
                  answer: try c.decodeIfPresent(ChangeAnswer.self, forKey: .answer),
                  origin: try c.decodeIfPresent(ChangeOrigin.self, forKey: .origin) ?? .provider)
    }

    public var isOpen: Bool { answer == nil }
    /// The week plan's hours in all.
    public var weekPlanHours: Decimal { weekPlan.reduce(0) { $0 + $1.hours } }
}

public enum ChangeRules {
    /// The provider's request, checked: the order is accepted or started and has no other open request; a reason;
    /// hours per week proposed for more or less support (0–168, more or less than allocated); evidence — at least
    /// one reported month of this order or a week plan (each day once, 0–24 hours). Every problem at its field.
    public static func request(id: UUID, order o: Order, kind: ChangeKind, proposedPerWeek: Decimal?, reason: String?, weekPlan: [WeekPlanDay],
                               evidenceMonths: [CalendarDate], reported: [HoursReport], open: [ChangeRequest], today: CalendarDate) throws(DomainError) -> ChangeRequest {
        guard [.accepted, .started].contains(o.state) else {
            throw DomainError(.conflict, code: "order.state", title: "Bestillingen kan ikke ændres nu",
                              detail: "Ændring af støtten kan anmodes om, når bestillingen er accepteret eller startet; den er \(o.state.danishName.lowercased()).")
        }
        if open.contains(where: { $0.orderID == o.id && $0.isOpen && $0.origin == .provider }) {
            throw DomainError(.conflict, code: "change.open", title: "Der er allerede en anmodning",
                              detail: "Bestillingen har en anmodning om ændring, som myndigheden ikke har svaret på endnu.")
        }
        var e = FieldErrorCollector()
        let allocated = HoursRules.allocatedPerWeek(o.contract)
        let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty { e.add("reason", "Begrund anmodningen: hvad har ændret sig, og hvad har borgeren brug for?") }
        if text.count > 4_000 { e.add("reason", "Begrundelsen må højst være 4.000 tegn.") }
        if kind.proposesHours {
            if let h = proposedPerWeek {
                if h < 0 || h > HoursRules.hoursInWeek || !h.hasAtMost(places: 2) {
                    e.add("proposedPerWeek", "Timer pr. uge skal være fra 0 til 168 med højst to decimaler.")
                } else if let a = allocated, kind == .more ? h <= a : h >= a {
                    e.add("proposedPerWeek", "\(kind == .more ? "Mere" : "Mindre") støtte skal være \(kind == .more ? "flere" : "færre") end de tildelte \(a.danish) timer pr. uge.")
                }
            } else {
                e.add("proposedPerWeek", "Angiv de timer pr. uge, der anmodes om.")
            }
        }
        if Set(weekPlan.map(\.weekday)).count != weekPlan.count { e.add("weekPlan", "Hver ugedag angives én gang i ugeplanen.") }
        for (i, d) in weekPlan.enumerated() {
            if d.hours < 0 || d.hours > 24 || !d.hours.hasAtMost(places: 2) {
                e.add("weekPlan.\(i).hours", "\(d.weekday.danishName): timer skal være fra 0 til 24 med højst to decimaler.")
            }
            if let a = d.activity, a.count > 200 { e.add("weekPlan.\(i).activity", "\(d.weekday.danishName): højst 200 tegn.") }
        }
        let months = Set(reported.filter { $0.orderID == o.id }.map(\.month))
        for (i, m) in evidenceMonths.enumerated() where !months.contains(m) {
            e.add("evidenceMonths.\(i)", "Der er ikke indberettet leverede timer for \(CalendarDate.pad(m.month, 2))-\(m.year) på bestillingen.")
        }
        if evidenceMonths.isEmpty && weekPlan.isEmpty {
            e.add("evidence", "Vedlæg dokumentation: de leverede timer for mindst én måned eller en ugeplan.")
        }
        try e.throwIfAny()
        return ChangeRequest(id: id, orderID: o.id, requestedOn: today, kind: kind, proposedPerWeek: kind.proposesHours ? proposedPerWeek : nil,
                             allocatedPerWeek: allocated, reason: text, weekPlan: weekPlan.sorted { Weekday.allCases.firstIndex(of: $0.weekday)! < Weekday.allCases.firstIndex(of: $1.weekday)! },
                             evidenceMonths: Array(Set(evidenceMonths)).sorted(), answer: nil)
    }

    /// The authority's request after a follow-up decided to change the intervention of a binding order.
    public static func fromFollowUp(id: UUID, order o: Order, reason: String, today: CalendarDate) -> ChangeRequest {
        ChangeRequest(id: id, orderID: o.id, requestedOn: today, kind: .other, proposedPerWeek: nil, allocatedPerWeek: HoursRules.allocatedPerWeek(o.contract),
                      reason: reason, weekPlan: [], evidenceMonths: [], origin: .authority)
    }

    /// The answer to an open request, by the other side than the one that asked (the caseworker answers the provider,
    /// the provider the authority): a refusal must say why; at most 2,000 characters.
    public static func answer(_ r: ChangeRequest, kind: ChangeAnswerKind, text: String?, by side: OrderRules.Side, today: CalendarDate) throws(DomainError) -> ChangeRequest {
        if (r.origin == .provider) != (side == .authority) {
            throw DomainError(.forbidden, code: "change.side", title: "Ingen adgang",
                              detail: r.origin == .provider ? "Kun myndigheden kan svare på udførerens anmodning." : "Kun udføreren kan svare på myndighedens anmodning.")
        }
        guard r.isOpen else {
            throw DomainError(.conflict, code: "change.answered", title: "Anmodningen er besvaret",
                              detail: "Anmodningen blev besvaret \(r.answer!.answeredOn.danish).")
        }
        let t = text?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        var e = FieldErrorCollector()
        if kind == .refused && t == nil { e.add("text", "Skriv hvorfor anmodningen afvises; udføreren ser begrundelsen.") }
        if let t, t.count > 2_000 { e.add("text", "Svaret må højst være 2.000 tegn.") }
        try e.throwIfAny()
        var out = r
        out.answer = ChangeAnswer(kind: kind, text: t, answeredOn: today)
        return out
    }
}
