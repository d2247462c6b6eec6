import Foundation

/// What the provider reports happened while delivering (issue 13 item 6): a use of force, with the fields of
/// Socialstyrelsen's registration form (serviceloven §§ 124–137), or an unintended incident. Each reaches the case's
/// responsible caseworker as a task until marked seen, and the use of force since the last follow-up (ID 82) is
/// derived from the reports, never typed.

/// The kinds of use of force (the case-history format's `use_of_force.kind`, plus another kind).
public enum ForceKind: String, DanishLabelled {
    case restraint, escortToHome, detentionInHome, personalAlarm, protectiveDevice, other
    public var danishName: String {
        switch self {
        case .restraint: "Fastholdelse"
        case .escortToHome: "Føring til bolig"
        case .detentionInHome: "Tilbageholdelse i bolig"
        case .personalAlarm: "Personlig alarm- eller pejlesystem"
        case .protectiveDevice: "Beskyttelsesmiddel"
        case .other: "Anden magtanvendelse"
        }
    }

    /// The provision the kind is used under (serviceloven), when the provider names none.
    public var statute: String? {
        switch self {
        case .personalAlarm: "SEL § 125"
        case .restraint: "SEL § 126"
        case .escortToHome, .detentionInHome: "SEL § 127"
        case .protectiveDevice: "SEL § 128"
        case .other: nil
        }
    }
}

/// The kinds of unintended incident.
public enum UnintendedKind: String, DanishLabelled {
    case fall, medication, violence, selfHarm, missing, other
    public var danishName: String {
        switch self {
        case .fall: "Fald"
        case .medication: "Medicinering"
        case .violence: "Vold eller trusler"
        case .selfHarm: "Selvskade"
        case .missing: "Bortgang"
        case .other: "Anden hændelse"
        }
    }
}

public enum IncidentType: String, DanishLabelled {
    case useOfForce, unintended
    public var danishName: String { self == .useOfForce ? "Magtanvendelse" : "Utilsigtet hændelse" }
}

/// Socialstyrelsen's registration of a use of force.
public struct ForceDetails: Codable, Sendable, Equatable {
    public var kind: ForceKind
    /// "HH:MM".
    public var startTime: String
    public var endTime: String
    public var legalBasis: String?
    public var situationBefore: String
    public var situationDuring: String
    /// Who was present.
    public var present: String
    public var citizenAccount: String?
    /// The leader's assessment and follow-up.
    public var leaderAssessment: String?
    public init(kind: ForceKind, startTime: String, endTime: String, legalBasis: String? = nil, situationBefore: String, situationDuring: String,
                present: String, citizenAccount: String? = nil, leaderAssessment: String? = nil) {
        self.kind = kind
        self.startTime = startTime
        self.endTime = endTime
        self.legalBasis = legalBasis
        self.situationBefore = situationBefore
        self.situationDuring = situationDuring
        self.present = present
        self.citizenAccount = citizenAccount
        self.leaderAssessment = leaderAssessment
    }
}

public struct UnintendedDetails: Codable, Sendable, Equatable {
    public var kind: UnintendedKind
    /// 0 (no harm) – 5 (death).
    public var severity: Int
    public var description: String
    public var followUp: String?
    public init(kind: UnintendedKind, severity: Int, description: String, followUp: String? = nil) {
        self.kind = kind
        self.severity = severity
        self.description = description
        self.followUp = followUp
    }
}

public struct Incident: Codable, Sendable, Equatable {
    public var id: UUID
    public var orderID: UUID
    public var type: IncidentType
    public var occurredOn: CalendarDate
    /// The day it was reported (stamped).
    public var reportedOn: CalendarDate
    public var force: ForceDetails?
    public var unintended: UnintendedDetails?
    /// The day the caseworker marked it seen (the task ends).
    public var seenOn: CalendarDate?
    public init(id: UUID, orderID: UUID, type: IncidentType, occurredOn: CalendarDate, reportedOn: CalendarDate, force: ForceDetails? = nil,
                unintended: UnintendedDetails? = nil, seenOn: CalendarDate? = nil) {
        self.id = id
        self.orderID = orderID
        self.type = type
        self.occurredOn = occurredOn
        self.reportedOn = reportedOn
        self.force = force
        self.unintended = unintended
        self.seenOn = seenOn
    }

    /// The task's and the list's line: "Magtanvendelse: Fastholdelse".
    public var title: String {
        "\(type.danishName): \(force?.kind.danishName ?? unintended?.kind.danishName ?? "")"
    }
}

public enum IncidentRules {
    /// A use of force or an unintended incident on a started (or ended) order, on a day from the order's start up to
    /// `today`: times as HH:MM with the end not before the start; the situation, who was present and (for another
    /// kind) the legal basis; severity 0–5; texts within their limits. Every problem at its field.
    public static func report(id: UUID, order o: Order, occurredOn: CalendarDate, force: ForceDetails?, unintended: UnintendedDetails?,
                              today: CalendarDate) throws(DomainError) -> Incident {
        guard [.started, .ended].contains(o.state), let start = o.startDate else {
            throw DomainError(.conflict, code: "order.state", title: "Bestillingen er ikke startet",
                              detail: "Hændelser indberettes på en startet indsats; bestillingen er \(o.state.danishName.lowercased()).")
        }
        var e = FieldErrorCollector()
        if occurredOn > today { e.add("occurredOn", "Datoen kan ikke ligge efter i dag (\(today.danish)).") }
        if occurredOn < start { e.add("occurredOn", "Datoen ligger før indsatsens start \(start.danish).") }
        func text(_ value: String?, _ field: String, required: String?, max: Int) -> String? {
            let t = value?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            if t == nil, let required { e.add(field, required) }
            if let t, t.count > max { e.add(field, "Højst \(max >= 1_000 ? "\(max / 1_000).\(CalendarDate.pad(max % 1_000, 3))" : String(max)) tegn.") }
            return t
        }
        let type: IncidentType
        var cleanForce: ForceDetails?, cleanUnintended: UnintendedDetails?
        switch (force, unintended) {
        case (let f?, nil):
            type = .useOfForce
            let startTime = minutes(f.startTime), endTime = minutes(f.endTime)
            if startTime == nil { e.add("force.startTime", "Skriv klokkeslættet som TT:MM, fx 14:05.") }
            if endTime == nil { e.add("force.endTime", "Skriv klokkeslættet som TT:MM, fx 14:20.") }
            if let s = startTime, let t = endTime, t < s { e.add("force.endTime", "Sluttidspunktet \(f.endTime) ligger før starttidspunktet \(f.startTime).") }
            var c = f
            c.legalBasis = text(f.legalBasis, "force.legalBasis", required: f.kind == .other ? "Angiv hjemlen for magtanvendelsen." : nil, max: 200) ?? f.kind.statute
            c.situationBefore = text(f.situationBefore, "force.situationBefore", required: "Beskriv situationen før magtanvendelsen.", max: 4_000) ?? ""
            c.situationDuring = text(f.situationDuring, "force.situationDuring", required: "Beskriv situationen under magtanvendelsen.", max: 4_000) ?? ""
            c.present = text(f.present, "force.present", required: "Angiv, hvem der var til stede.", max: 1_000) ?? ""
            c.citizenAccount = text(f.citizenAccount, "force.citizenAccount", required: nil, max: 4_000)
            c.leaderAssessment = text(f.leaderAssessment, "force.leaderAssessment", required: nil, max: 4_000)
            cleanForce = c
        case (nil, let u?):
            type = .unintended
            if !(0...5).contains(u.severity) { e.add("unintended.severity", "Alvorligheden skal være fra 0 (ingen skade) til 5 (død).") }
            var c = u
            c.description = text(u.description, "unintended.description", required: "Beskriv hændelsen.", max: 4_000) ?? ""
            c.followUp = text(u.followUp, "unintended.followUp", required: nil, max: 4_000)
            cleanUnintended = c
        default:
            throw DomainError.validation([FieldError(field: "type", message: "Indberet enten en magtanvendelse eller en utilsigtet hændelse.")])
        }
        try e.throwIfAny()
        return Incident(id: id, orderID: o.id, type: type, occurredOn: occurredOn, reportedOn: today, force: cleanForce, unintended: cleanUnintended)
    }

    /// Minutes after midnight of "HH:MM"; nil when not a time of day.
    public static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// The caseworker has seen the report: its task ends. Seen once.
    public static func seen(_ i: Incident, today: CalendarDate) throws(DomainError) -> Incident {
        if let on = i.seenOn {
            throw DomainError(.conflict, code: "incident.seen", title: "Allerede set", detail: "Indberetningen blev markeret som set \(on.danish).")
        }
        var out = i
        out.seenOn = today
        return out
    }

    /// ID 82 for each follow-up of a case: whether a use of force was reported on a day after the previous
    /// follow-up (by date) up to and including the follow-up's own day.
    public static func useOfForceSinceLast(_ followUps: [FollowUp], forceDates: [CalendarDate]) -> [UUID: TriState] {
        var out: [UUID: TriState] = [:]
        var previous: CalendarDate?
        let never = CalendarDate(year: 1, month: 1, day: 1)!
        for f in followUps.sorted(by: { ($0.followUpDate ?? never) < ($1.followUpDate ?? never) }) {
            guard let id = f.id, let on = f.followUpDate else { continue }
            let since = previous
            out[id] = forceDates.contains { d in d <= on && (since.map { d > $0 } ?? true) } ? .yes : .no
            previous = on
        }
        return out
    }
}
