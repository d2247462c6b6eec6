import Foundation

/// Danmarks Statistik's "Handicap og udsatte voksne" (issue 16 item 5): the monthly extract of the services under the
/// reported paragraphs, each with its period, target groups, acting municipality and provider, due by the 14th of the
/// following month; and the validation report the municipality reads before it approves the extract for sending.
/// The layout is in `docs/dst.md`.
public enum DSTExtract {
    public static let kind = "DST.HandicapOgUdsatteVoksne"

    /// The statistic's service types: the Serviceloven paragraphs it counts, and § 85 support given in a dwelling under
    /// the Almenboligloven § 105 (socialpædagogisk støtte i botilbudslignende tilbud) as its own type.
    public enum ServiceType: String, Sendable, Codable, CaseIterable {
        case s82a = "82a", s82b = "82b", s85 = "85", s85InABL105 = "85-ABL105", s95 = "95", s96 = "96", s97 = "97", s98 = "98"
        case s102 = "102", s103 = "103", s104 = "104", s107 = "107", s108 = "108"

        public var danishName: String {
            switch self {
            case .s85InABL105: "SEL § 85 i bolig efter ABL § 105"
            default: "SEL § \(rawValue)"
            }
        }

        /// The FFB service type (KLServiceCodesFFB) "Almen ældre- og handicapvenlig bolig": the ABL § 105 dwelling.
        public static let abl105Offer = "a7cbf55b-6906-4b2a-872e-c48b4d728837"

        /// The type of a grant under `paragraph` (e.g. "SEL § 85") with the offers (tilbud, ID 36) it is given in; nil
        /// for a paragraph the statistic does not count.
        public static func of(paragraph: String?, offers: [CodedService]) -> ServiceType? {
            guard let code = paragraph.flatMap(LegalBasis.code(for:)), code.hasPrefix("SEL § ") else { return nil }
            let number = String(code.dropFirst("SEL § ".count))
            if number == "85", offers.contains(where: { $0.code == abl105Offer || LegalBasis.code(for: $0.paragraph ?? "") == "ABL § 105" }) {
                return .s85InABL105
            }
            return ServiceType(rawValue: number).flatMap { $0 == .s85InABL105 ? nil : $0 }
        }
    }

    /// A month of the statistic.
    public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
        public var year: Int
        public var month: Int
        public init?(year: Int, month: Int) {
            guard (2000...2200).contains(year), (1...12).contains(month) else { return nil }
            self.year = year
            self.month = month
        }
        /// "2026-11".
        public init?(_ text: String) {
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            self.init(year: y, month: m)
        }
        public init(containing day: CalendarDate) {
            year = day.year
            month = day.month
        }
        public var description: String { "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))" }
        public var first: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
        public var last: CalendarDate { next.first.adding(days: -1) }
        public var next: Month { month == 12 ? Month(year: year + 1, month: 1)! : Month(year: year, month: month + 1)! }
        public var previous: Month { month == 1 ? Month(year: year - 1, month: 12)! : Month(year: year, month: month - 1)! }
        /// The 14th of the following month: the day the extract must be reported by.
        public var deadline: CalendarDate { CalendarDate(year: next.year, month: next.month, day: 14)! }
        public var danishName: String {
            let names = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
            return "\(names[month - 1]) \(year)"
        }
        public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let m = Month(text) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "YYYY-MM")) }
            self = m
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(description)
        }
    }

    /// What the extract needs of one granted intervention.
    public struct Grant: Sendable, Equatable {
        public var caseID: UUID
        public var caseNumber: String
        public var cpr: String
        public var intervention: Intervention
        /// The case's target groups (ID 60) and the primary one.
        public var targetGroups: [String]
        public var primaryTargetGroup: String?
        /// The acting municipality (ID 19, else the municipality's own code).
        public var actingMunicipality: String
        /// The provider of the grant's latest order: its P-number (ID 69) and name.
        public var providerPNumber: String?
        public var providerName: String?

        public init(caseID: UUID, caseNumber: String, cpr: String, intervention: Intervention, targetGroups: [String], primaryTargetGroup: String?,
                    actingMunicipality: String, providerPNumber: String?, providerName: String?) {
            self.caseID = caseID
            self.caseNumber = caseNumber
            self.cpr = cpr
            self.intervention = intervention
            self.targetGroups = targetGroups
            self.primaryTargetGroup = primaryTargetGroup
            self.actingMunicipality = actingMunicipality
            self.providerPNumber = providerPNumber
            self.providerName = providerName
        }
    }

    /// One service in the extract.
    public struct Record: Sendable, Equatable, Codable {
        /// The service's stable id (the granted intervention's).
        public var ydelsesId: UUID
        public var sagsnummer: String
        public var cpr: String
        public var handlekommune: String
        public var ydelsestype: ServiceType
        public var paragraf: String
        public var startdato: CalendarDate
        /// The last day of the service; nil while it goes on.
        public var slutdato: CalendarDate?
        /// FFB target groups (KLTargetGroupsFFB, ID 60); the primary first.
        public var maalgrupper: [String]
        public var leverandoerPNummer: String?
        public var leverandoerNavn: String?
        /// The FFB ydelser granted (KLInterventionsFFB, ID 35).
        public var ffbYdelser: [String]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ydelsesId, forKey: .ydelsesId)
            try c.encode(sagsnummer, forKey: .sagsnummer)
            try c.encode(cpr, forKey: .cpr)
            try c.encode(handlekommune, forKey: .handlekommune)
            try c.encode(ydelsestype, forKey: .ydelsestype)
            try c.encode(paragraf, forKey: .paragraf)
            try c.encode(startdato, forKey: .startdato)
            try c.encodeField(slutdato, forKey: .slutdato, explicitNull: true)
            try c.encode(maalgrupper, forKey: .maalgrupper)
            try c.encodeField(leverandoerPNummer, forKey: .leverandoerPNummer, explicitNull: true)
            try c.encodeField(leverandoerNavn, forKey: .leverandoerNavn, explicitNull: true)
            try c.encode(ffbYdelser, forKey: .ffbYdelser)
        }
    }

    /// What the validation report finds.
    public enum FindingKind: String, Sendable, Codable, CaseIterable {
        case missingTargetGroup, missingProvider, overlap, endsBeforeStart

        public var danishName: String {
            switch self {
            case .missingTargetGroup: "Mangler målgruppe"
            case .missingProvider: "Ydelse uden leverandør"
            case .overlap: "Overlappende ydelser"
            case .endsBeforeStart: "Slutter før den starter"
            }
        }
    }

    public struct Finding: Sendable, Equatable, Codable {
        public var kind: FindingKind
        public var sagsnummer: String
        public var ydelsestype: ServiceType
        public var ydelsesId: UUID
        /// What is wrong, in Danish (no CPR number, no name).
        public var message: String
    }

    /// The services of `grants` in the statistic that run at some point in `month`: granted under a reported paragraph,
    /// started on or before the month's last day and not ended before its first. In case number and start order.
    public static func records(_ grants: [Grant], month: Month) -> [Record] {
        var out: [Record] = []
        for g in grants {
            let i = g.intervention
            guard let id = i.id, i.decision?.outcome == .granted else { continue }
            let paragraph = i.decision?.paragraph ?? i.services?.first?.paragraph
            guard let type = ServiceType.of(paragraph: paragraph, offers: i.offers ?? []), let period = GrantIndex.period(i),
                  period.fra <= month.last, period.til.map({ month.first <= $0 }) ?? true else { continue }
            var groups = g.targetGroups
            if let p = g.primaryTargetGroup, let at = groups.firstIndex(of: p) { groups.remove(at: at); groups.insert(p, at: 0) }
            out.append(Record(ydelsesId: id, sagsnummer: g.caseNumber, cpr: g.cpr, handlekommune: g.actingMunicipality, ydelsestype: type,
                              paragraf: paragraph.flatMap(LegalBasis.code(for:)) ?? "", startdato: period.fra, slutdato: period.til, maalgrupper: groups,
                              leverandoerPNummer: g.providerPNumber, leverandoerNavn: g.providerName, ffbYdelser: (i.services ?? []).map(\.code)))
        }
        return out.sorted { ($0.sagsnummer, $0.startdato, $0.ydelsesId.uuidString) < ($1.sagsnummer, $1.startdato, $1.ydelsesId.uuidString) }
    }

    /// The validation report: services without a target group, without a provider (none ordered), ending before they
    /// start, and two services of the same type to the same citizen whose periods overlap (DST counts them once).
    public static func findings(_ records: [Record]) -> [Finding] {
        var out: [Finding] = []
        func add(_ kind: FindingKind, _ r: Record, _ message: String) {
            out.append(Finding(kind: kind, sagsnummer: r.sagsnummer, ydelsestype: r.ydelsestype, ydelsesId: r.ydelsesId, message: message))
        }
        for r in records {
            if r.maalgrupper.isEmpty {
                add(.missingTargetGroup, r, "Sag \(r.sagsnummer): \(r.ydelsestype.danishName) fra \(r.startdato.danish) har ingen målgruppe (ID 60). Angiv målgruppen i sagsvurderingen.")
            }
            if r.leverandoerPNummer == nil && r.leverandoerNavn == nil {
                add(.missingProvider, r, "Sag \(r.sagsnummer): \(r.ydelsestype.danishName) fra \(r.startdato.danish) er ikke bestilt hos en leverandør.")
            }
            if let end = r.slutdato, end < r.startdato {
                add(.endsBeforeStart, r, "Sag \(r.sagsnummer): \(r.ydelsestype.danishName) slutter \(end.danish), før den starter \(r.startdato.danish).")
            }
        }
        let byCitizenAndType = Dictionary(grouping: records) { "\($0.cpr)|\($0.ydelsestype.rawValue)" }
        for (_, group) in byCitizenAndType.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let sorted = group.sorted { ($0.startdato, $0.ydelsesId.uuidString) < ($1.startdato, $1.ydelsesId.uuidString) }
            for (n, a) in sorted.enumerated() {
                for b in sorted[(n + 1)...] where a.slutdato.map({ b.startdato <= $0 }) ?? true {
                    add(.overlap, b, "Sag \(b.sagsnummer): \(b.ydelsestype.danishName) fra \(b.startdato.danish) overlapper samme borgers \(a.ydelsestype.danishName) fra \(a.startdato.danish) (sag \(a.sagsnummer)). Afslut den ene, eller ret perioderne.")
                }
            }
        }
        return out
    }

    /// The extract as sent.
    public struct Extract: Sendable, Equatable, Codable {
        public var statistik = "Handicap og udsatte voksne"
        public var periode: Month
        public var kommune: String
        public var dannet: Date
        public var godkendt: Date?
        public var ydelser: [Record]
        public init(periode: Month, kommune: String, dannet: Date, godkendt: Date? = nil, ydelser: [Record]) {
            self.periode = periode
            self.kommune = kommune
            self.dannet = dannet
            self.godkendt = godkendt
            self.ydelser = ydelser
        }
    }

    /// The extract's counts per service type, for the page and the API.
    public static func counts(_ records: [Record]) -> [(type: ServiceType, services: Int, citizens: Int)] {
        ServiceType.allCases.compactMap { t in
            let of = records.filter { $0.ydelsestype == t }
            return of.isEmpty ? nil : (t, of.count, Set(of.map(\.cpr)).count)
        }
    }
}
