import Foundation
@testable import OpenVUMDomain
import Testing

/// The Ydelsesindeks entry (issue 16 item 3), worked out by hand.
@Suite("Grant index: the BevillingIndeks of a granted intervention, at the chosen level, with or without its case, economic grants with a payment plan")
struct GrantIndexTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static let sag = UUID(), id = UUID()

    static func granted(_ paragraph: String) -> Intervention {
        var i = Intervention()
        i.id = id
        i.services = [CodedService(code: "KLI-1.2", paragraph: paragraph)]
        i.offers = [CodedService(code: "KLY-3", paragraph: paragraph)]
        i.expectedStartDate = day("2026-01-01")
        i.noEndDate = true
        i.unit = .hour
        i.unitsPerPeriod = 4
        i.frequency = .perWeek
        i.periodRepetitions = 52
        var d = InterventionDecision()
        d.outcome = .granted
        d.paragraph = paragraph
        d.decidedOn = day("2025-12-15")
        d.grantedUnitsPerPeriod = 3
        i.decision = d
        return i
    }

    static func grant(_ i: Intervention, provider: String? = "Bostøtte Nord") -> GrantIndex.Grant {
        GrantIndex.Grant(interventionID: id, cpr: "0707614285", intervention: i, sagUUID: sag, caseNumber: "2025-00009", providerName: provider)
    }

    @Test("level 2 with the case: period, legal basis, the FFB codes, the granted scope, the provider, the Sag; level 1 without: only that the grant exists")
    func levels() throws {
        let key = UUID()
        let e = try #require(GrantIndex.entry(uuid: key, grant: Self.grant(Self.granted("SEL § 85")), settings: CaseSettings()))
        #expect(e.uuid == key && e.status == "Bevilget" && e.hjemmel == "SEL § 85" && e.bevillingsdato == Self.day("2025-12-15"))
        #expect(e.bevillingsperiode == GrantIndex.Period(fra: Self.day("2026-01-01"), til: nil))
        #expect(e.ydelse == [.init(system: "KLInterventionsFFB", kode: "KLI-1.2"), .init(system: "KLServiceCodesFFB", kode: "KLY-3")])
        // The granted scope (3 hours), not the recommended (4).
        #expect(e.omfang == GrantIndex.Scope(enhed: "hour", antal: 3, frekvens: "perWeek") && e.leverandoer == "Bostøtte Nord")
        #expect(e.sag == GrantIndex.SagRelation(uuid: Self.sag, sagsnummer: "2025-00009") && e.borger == "urn:oio:cpr-nr:0707614285")
        #expect(e.betalingsplan == nil)

        var settings = CaseSettings()
        settings.grantIndexDetail = .level1
        settings.grantMustBelongToCase = false
        let bare = try #require(GrantIndex.entry(uuid: key, grant: Self.grant(Self.granted("SEL § 85")), settings: settings))
        #expect(bare.ydelse == nil && bare.omfang == nil && bare.leverandoer == nil && bare.sag == nil)
        #expect(bare.hjemmel == "SEL § 85" && bare.bevillingsperiode == e.bevillingsperiode)
    }

    @Test("an ended grant is »Ophoert« with its end day; a refused or undecided intervention has no entry")
    func endedAndRefused() throws {
        var i = Self.granted("SEL § 85")
        i.delivery = InterventionDelivery()
        i.delivery?.startDate = Self.day("2026-02-01")
        i.end = InterventionEnd(endedOn: Self.day("2026-06-30"), reason: .endedAtFollowUp)
        let e = try #require(GrantIndex.entry(uuid: UUID(), grant: Self.grant(i), settings: CaseSettings()))
        #expect(e.status == "Ophoert" && e.bevillingsperiode == GrantIndex.Period(fra: Self.day("2026-02-01"), til: Self.day("2026-06-30")))
        var refused = Self.granted("SEL § 85")
        refused.decision?.outcome = .refused
        #expect(GrantIndex.entry(uuid: UUID(), grant: Self.grant(refused), settings: CaseSettings()) == nil)
        refused.decision = nil
        #expect(GrantIndex.entry(uuid: UUID(), grant: Self.grant(refused), settings: CaseSettings()) == nil)
    }

    @Test("an economic grant (SEL § 100) carries its payment plan: the yearly price spread over the days of each month, the first twelve months")
    func paymentPlan() throws {
        var i = Self.granted("SEL § 100")
        i.frequency = .perMonth
        i.periodRepetitions = 12
        i.expectedPrice = 1_200_000 // 12,000 kr. a year from 1 January 2026: 365 days
        let e = try #require(GrantIndex.entry(uuid: UUID(), grant: Self.grant(i), settings: CaseSettings()))
        let plan = try #require(e.betalingsplan)
        // By hand: 1,200,000 × days of the month / 365, to the nearest øre (halves up).
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let expected = days.enumerated().map { n, d in
            GrantIndex.PaymentMonth(maaned: String(format: "2026-%02d", n + 1), beloebOere: (2 * 1_200_000 * d + 365) / (2 * 365))
        }
        #expect(plan == expected)
        #expect(plan.first?.beloebOere == 101_918 && plan[1].beloebOere == 92_055)
        // A contract replaces the recommendation's price: 24,000 kr. a year, and the plan stops at the grant's end.
        var ended = i
        ended.noEndDate = false
        ended.expectedEndDate = Self.day("2026-03-31")
        var g = Self.grant(ended)
        g.contract = PricedPeriod(start: Self.day("2026-01-01"), end: Self.day("2026-03-31"), frequency: .perMonth, repetitions: 12, price: 2_400_000)
        let withContract = try #require(GrantIndex.entry(uuid: UUID(), grant: g, settings: CaseSettings())?.betalingsplan)
        #expect(withContract.map(\.maaned) == ["2026-01", "2026-02", "2026-03"])
        #expect(withContract.map(\.beloebOere) == [31, 28, 31].map { (2 * 2_400_000 * $0 + 365) / (2 * 365) })
    }
}
