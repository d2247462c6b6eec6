import Foundation
@testable import OpenVUMDomain
import Testing

/// Danmarks Statistik's monthly extract (issue 16 item 5), worked out by hand.
@Suite("DST extract: the services under the reported paragraphs that run in the month, and the validation report")
struct DSTExtractTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static let november = DSTExtract.Month(year: 2026, month: 11)!

    static func grant(_ paragraph: String, start: String, end: String? = nil, ended: String? = nil, offers: [String] = [], outcome: DecisionOutcome = .granted,
                      cpr: String = "0707614285", number: String = "2026-00001", groups: [String] = ["tg-1", "tg-2"], primary: String? = "tg-2",
                      provider: String? = "1003456789") -> DSTExtract.Grant {
        var i = Intervention()
        i.id = UUID()
        i.services = [CodedService(code: "ffb-ydelse", paragraph: paragraph)]
        i.offers = offers.map { CodedService(code: $0) }
        i.expectedStartDate = day(start)
        if let end { i.expectedEndDate = day(end) } else { i.noEndDate = true }
        var d = InterventionDecision()
        d.outcome = outcome
        d.paragraph = paragraph
        d.decidedOn = day(start).adding(days: -10)
        i.decision = d
        if let ended { i.end = InterventionEnd(endedOn: day(ended), reason: .expired) }
        return DSTExtract.Grant(caseID: UUID(), caseNumber: number, cpr: cpr, intervention: i, targetGroups: groups, primaryTargetGroup: primary,
                                actingMunicipality: "0999", providerPNumber: provider, providerName: provider == nil ? nil : "Bostøtten")
    }

    @Test("the service types: the reported Serviceloven paragraphs, typed variants read as their code, § 85 in an ABL § 105 dwelling as its own type, others not counted")
    func serviceTypes() {
        #expect(DSTExtract.ServiceType.of(paragraph: "SEL § 85", offers: []) == .s85)
        #expect(DSTExtract.ServiceType.of(paragraph: "Serviceloven § 82 b", offers: []) == .s82b)
        #expect(DSTExtract.ServiceType.of(paragraph: "SEL § 85", offers: [CodedService(code: DSTExtract.ServiceType.abl105Offer)]) == .s85InABL105)
        #expect(DSTExtract.ServiceType.of(paragraph: "SEL § 85", offers: [CodedService(code: "x", paragraph: "ABL § 105")]) == .s85InABL105)
        #expect(DSTExtract.ServiceType.of(paragraph: "SEL § 108", offers: [CodedService(code: DSTExtract.ServiceType.abl105Offer)]) == .s108)
        for p in ["SEL § 95", "SEL § 96", "SEL § 97", "SEL § 98", "SEL § 102", "SEL § 103", "SEL § 104", "SEL § 107", "SEL § 82a"] {
            #expect(DSTExtract.ServiceType.of(paragraph: p, offers: []) != nil, "\(p)")
        }
        for p in ["SEL § 83", "SEL § 99", "SEL § 101", "ABL § 105", "SEL § 85a", "noget andet"] {
            #expect(DSTExtract.ServiceType.of(paragraph: p, offers: []) == nil, "\(p)")
        }
        #expect(DSTExtract.ServiceType.of(paragraph: nil, offers: []) == nil)
    }

    @Test("the month: YYYY-MM, its first and last day (29 February in a leap year), the deadline the 14th of the next month, across the new year")
    func months() {
        #expect(DSTExtract.Month("2026-11") == Self.november && DSTExtract.Month("2026-13") == nil && DSTExtract.Month("26-11") == nil)
        #expect(Self.november.first == Self.day("2026-11-01") && Self.november.last == Self.day("2026-11-30") && Self.november.deadline == Self.day("2026-12-14"))
        #expect(DSTExtract.Month("2026-12")!.deadline == Self.day("2027-01-14") && DSTExtract.Month("2028-02")!.last == Self.day("2028-02-29"))
        #expect(Self.november.previous.description == "2026-10" && DSTExtract.Month("2027-01")!.previous.description == "2026-12")
        #expect(Self.november.danishName == "november 2026")
    }

    @Test("the records of November: services running at some point in the month — started before and going on, ending in it, starting on its last day — and not those ended before it, starting after it, refused, or under a paragraph not counted; the primary target group first")
    func records() throws {
        let grants = [
            Self.grant("SEL § 85", start: "2026-01-01"),                                  // going on: in
            Self.grant("SEL § 108", start: "2026-03-01", ended: "2026-11-01", number: "2026-00002"), // ends on 1 Nov: in
            Self.grant("SEL § 104", start: "2026-11-30", number: "2026-00003"),           // starts on the last day: in
            Self.grant("SEL § 107", start: "2026-01-01", ended: "2026-10-31"),            // ended the day before: out
            Self.grant("SEL § 103", start: "2026-12-01"),                                 // starts after: out
            Self.grant("SEL § 85", start: "2026-01-01", outcome: .refused),              // refused: out
            Self.grant("SEL § 83", start: "2026-01-01"),                                  // not counted: out
            Self.grant("SEL § 97", start: "2026-06-01", end: "2026-10-31"),               // expected end before: out
        ]
        let r = DSTExtract.records(grants, month: Self.november)
        #expect(r.map(\.ydelsestype) == [.s85, .s108, .s104])
        #expect(r[0].maalgrupper == ["tg-2", "tg-1"] && r[0].slutdato == nil && r[0].startdato == Self.day("2026-01-01") && r[0].paragraf == "SEL § 85")
        #expect(r[1].slutdato == Self.day("2026-11-01"))
        #expect(r[0].handlekommune == "0999" && r[0].leverandoerPNummer == "1003456789" && r[0].ffbYdelser == ["ffb-ydelse"])
        let json = String(decoding: try JSONEncoder().encode(r[0]), as: UTF8.self)
        #expect(json.contains(#""slutdato":null"#) && json.contains(#""ydelsestype":"85""#))
    }

    @Test("the validation report: no target group, no provider, ending before it starts, and overlapping services of one type to one citizen — but not services that follow each other, nor the same type to another citizen")
    func findings() {
        let grants = [
            Self.grant("SEL § 85", start: "2026-01-01", groups: [], primary: nil),
            Self.grant("SEL § 104", start: "2026-02-01", number: "2026-00002", provider: nil),
            Self.grant("SEL § 108", start: "2026-11-10", ended: "2026-11-05", number: "2026-00003"),
            // One citizen, two § 85 at once (the second starts before the first ends): an overlap.
            Self.grant("SEL § 85", start: "2026-10-01", end: "2026-11-15", cpr: "0101801234", number: "2026-00004"),
            Self.grant("SEL § 85", start: "2026-11-15", cpr: "0101801234", number: "2026-00005"),
            // Another citizen: § 107 to 10 November, then § 107 from 11 November: no overlap.
            Self.grant("SEL § 107", start: "2026-01-01", ended: "2026-11-10", cpr: "0202801234", number: "2026-00006"),
            Self.grant("SEL § 107", start: "2026-11-11", cpr: "0202801234", number: "2026-00007"),
        ]
        let f = DSTExtract.findings(DSTExtract.records(grants, month: Self.november))
        #expect(f.map(\.kind) == [.missingTargetGroup, .missingProvider, .endsBeforeStart, .overlap])
        #expect(f[0].sagsnummer == "2026-00001" && f[0].message.contains("ingen målgruppe"))
        #expect(f[3].sagsnummer == "2026-00005" && f[3].message.contains("overlapper") && f[3].message.contains("2026-00004"))
        #expect(f.allSatisfy { !$0.message.contains("0101801234") })
        #expect(DSTExtract.counts(DSTExtract.records(grants, month: Self.november)).map { "\($0.type.rawValue):\($0.services):\($0.citizens)" }
                == ["85:3:2", "104:1:1", "107:2:1", "108:1:1"])
    }
}
