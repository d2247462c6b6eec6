import Foundation
@testable import OpenVUMDomain
import Testing

/// The Sags- og Dokumentindeks entry (issue 16 item 2), worked out by hand.
@Suite("Case index: the SF1470 Sag of a case or of one long citizen case, with the whole state history")
struct CaseIndexTests {
    static func t(_ day: Int) -> Date { Date(timeIntervalSince1970: 1_780_000_000 + Double(day) * 86_400) }
    static let unit = UUID(), citizen = UUID()

    static func facts(_ number: String, paragraphs: String? = "SEL § 85", kle: [CaseIndex.KLEPeriod] = [], states: [CaseIndex.StatePeriod]) -> CaseIndex.CaseFacts {
        CaseIndex.CaseFacts(caseID: UUID(), caseNumber: number, citizenID: citizen, cpr: "0707614285", paragraphs: paragraphs, responsibleUnitID: unit,
                            responsibleUnitName: "Team Handicap", kle: kle, states: states)
    }

    @Test("one case: its states as they were, each with virkning from and to; the last one open")
    func oneCase() {
        let states = [CaseIndex.StatePeriod(state: .opstaaet, from: Self.t(0), to: Self.t(10)), .init(state: .oplyst, from: Self.t(10), to: Self.t(30)),
                      .init(state: .afgjort, from: Self.t(30))]
        #expect(CaseIndex.history([states]) == [.init(state: .opstaaet, from: Self.t(0), to: Self.t(10)), .init(state: .oplyst, from: Self.t(10), to: Self.t(30)),
                                                  .init(state: .afgjort, from: Self.t(30), to: nil)])
    }

    @Test("several cases: »Afsluttet« only while every case begun is closed; otherwise the least advanced state of the open ones")
    func combined() {
        // A: Opstået day 0, Oplyst day 5, Afsluttet day 20. B: Opstået day 10, Afgjort day 25, Afsluttet day 40.
        let a = [CaseIndex.StatePeriod(state: .opstaaet, from: Self.t(0), to: Self.t(5)), .init(state: .oplyst, from: Self.t(5), to: Self.t(20)),
                 .init(state: .afsluttet, from: Self.t(20))]
        let b = [CaseIndex.StatePeriod(state: .opstaaet, from: Self.t(10), to: Self.t(25)), .init(state: .afgjort, from: Self.t(25), to: Self.t(40)),
                 .init(state: .afsluttet, from: Self.t(40))]
        // Day 0 Opstået (A); day 5 Oplyst (A); day 10 Opstået (B is less advanced); day 20 still Opstået (A closed, B open);
        // day 25 Afgjort (B); day 40 Afsluttet (both closed).
        #expect(CaseIndex.history([a, b]) == [
            .init(state: .opstaaet, from: Self.t(0), to: Self.t(5)), .init(state: .oplyst, from: Self.t(5), to: Self.t(10)),
            .init(state: .opstaaet, from: Self.t(10), to: Self.t(25)), .init(state: .afgjort, from: Self.t(25), to: Self.t(40)),
            .init(state: .afsluttet, from: Self.t(40), to: nil),
        ])
        #expect(CaseIndex.history([]) == [])
    }

    @Test("single cases: number, title with the paragraphs, KLE emne and facet as classes with their periods, the citizen as Sagspart, the unit as Ansvarlig")
    func singleCaseEntry() throws {
        let kle = [CaseIndex.KLEPeriod(emne: "27.24.00", facet: "G01", from: Self.t(2)), .init(emne: "27.36.00", facet: "G01", from: Self.t(9))]
        let c = Self.facts("2026-00042", kle: kle, states: [.init(state: .opstaaet, from: Self.t(0))])
        let key = UUID()
        let e = try #require(CaseIndex.entry(uuid: key, cases: [c], settings: CaseSettings()))
        #expect(e.uuid == key && e.egenskaber.sagsnummer == "2026-00042" && e.egenskaber.titel == "Voksensag, socialområdet – SEL § 85")
        #expect(e.relationer.sagsklasse == [.init(urn: "urn:oio:kle:emne:27.24.00", virkning: .init(fra: Self.t(2), til: Self.t(9))),
                                            .init(urn: "urn:oio:kle:emne:27.36.00", virkning: .init(fra: Self.t(9), til: nil))])
        // The facet did not change: one period from its first day.
        #expect(e.relationer.handlingsfacet == [.init(urn: "urn:oio:kle:handlingsfacet:G01", virkning: .init(fra: Self.t(2), til: nil))])
        #expect(e.relationer.sagspart == [.init(urn: "urn:oio:cpr-nr:0707614285", rolle: "Sagspart")])
        #expect(e.relationer.ansvarlig == [.init(uuid: Self.unit, objekttype: "OrgEnhed", navn: "Team Handicap")])
        #expect(e.tilstande == [.init(fremdrift: "Opstaaet", virkning: .init(fra: Self.t(0), til: nil))])
        #expect(CaseIndex.objectKey(for: c, concept: .singleCases) == "sag:" + c.caseID.uuidString.lowercased())
        #expect(CaseIndex.entry(uuid: key, cases: [], settings: CaseSettings()) == nil)
        // The same entry is the same text (the outbox writes a message only when the text changes).
        #expect(try CaseIndex.json(e) == CaseIndex.json(e) && CaseIndex.json(e).contains(#""fremdrift":"Opstaaet""#))
    }

    @Test("one long citizen case: keyed by the citizen, numbered by the first case, every case listed; KLE on several levels keeps each case's emne")
    func longCitizenCase() throws {
        var settings = CaseSettings()
        settings.caseConcept = .longCitizenCase
        let first = Self.facts("2025-00007", kle: [.init(emne: "27.24.00", facet: nil, from: Self.t(1))],
                               states: [.init(state: .opstaaet, from: Self.t(0), to: Self.t(50)), .init(state: .afsluttet, from: Self.t(50))])
        let second = Self.facts("2026-00100", kle: [.init(emne: "27.36.00", facet: nil, from: Self.t(61))], states: [.init(state: .opstaaet, from: Self.t(60))])
        let e = try #require(CaseIndex.entry(uuid: UUID(), cases: [second, first], settings: settings))
        #expect(e.egenskaber.sagsnummer == "2025-00007" && e.sager == ["2025-00007", "2026-00100"] && e.egenskaber.titel == "Borgersag, voksne – socialområdet")
        #expect(e.tilstande.map(\.fremdrift) == ["Opstaaet", "Afsluttet", "Opstaaet"])
        #expect(e.tilstande.map(\.virkning) == [.init(fra: Self.t(0), til: Self.t(50)), .init(fra: Self.t(50), til: Self.t(60)), .init(fra: Self.t(60), til: nil)])
        // One level: the latest case's KLE only.
        #expect(e.relationer.sagsklasse.map(\.urn) == ["urn:oio:kle:emne:27.36.00"])
        settings.kleLevels = .multiple
        let several = try #require(CaseIndex.entry(uuid: UUID(), cases: [first, second], settings: settings))
        #expect(several.relationer.sagsklasse.map(\.urn) == ["urn:oio:kle:emne:27.24.00", "urn:oio:kle:emne:27.36.00"])
        #expect(CaseIndex.objectKey(for: first, concept: .longCitizenCase) == "borger:" + Self.citizen.uuidString.lowercased())
    }

    @Test("a receiver's settings: HTTP needs an https endpoint (http only on this machine); the credential setting is a variable's name")
    func receiverSettings() {
        func fields(_ s: ReceiverSettings) -> [String] { s.validationErrors().map(\.field) }
        #expect(fields(.init(receiver: .caseIndex, transport: .local, enabled: true)) == [])
        #expect(fields(.init(receiver: .caseIndex, transport: .http, enabled: true)) == ["endpoint"])
        #expect(fields(.init(receiver: .caseIndex, transport: .http, endpoint: "http://modtager.example/x", enabled: true)) == ["endpoint"])
        #expect(fields(.init(receiver: .caseIndex, transport: .http, endpoint: "ftp://modtager.example", enabled: true)) == ["endpoint"])
        #expect(fields(.init(receiver: .caseIndex, transport: .http, endpoint: "http://127.0.0.1:9000/sag", enabled: true)) == [])
        #expect(fields(.init(receiver: .caseIndex, transport: .http, endpoint: "https://modtager.example/sag", credentialVariable: "SAGS_TOKEN", enabled: true)) == [])
        #expect(fields(.init(receiver: .caseIndex, transport: .local, credentialVariable: "token; rm", enabled: true)) == ["credentialVariable"])
    }
}
