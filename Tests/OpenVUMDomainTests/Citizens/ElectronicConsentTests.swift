import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("Electronic consent and representation rules")
struct ElectronicConsentTests {
    @Test("a decision as sent: give needs a party, only the offered ones, in the value set's order, each once; withdraw takes none; every problem at its field in Danish")
    func decision() throws {
        let d = try ElectronicConsent.decision(action: "give", collectFrom: ["hospital", "generalPractitioner", "hospital"], discloseTo: ["provider"])
        #expect(d == .init(action: .give, collectFrom: [.generalPractitioner, .hospital], discloseTo: [.provider]))
        #expect(try ElectronicConsent.decision(action: "withdraw", collectFrom: [], discloseTo: []) == .init(action: .withdraw, collectFrom: [], discloseTo: []))
        func fields(_ action: String?, _ c: [String], _ d: [String]) -> [String] {
            do { _ = try ElectronicConsent.decision(action: action, collectFrom: c, discloseTo: d); return [] } catch { return error.fieldErrors.map(\.field) }
        }
        #expect(fields("give", [], []) == ["collectFrom"])
        #expect(fields("give", ["other"], ["provider"]) == ["collectFrom"])
        #expect(fields("give", ["hospital"], ["nowhere"]) == ["discloseTo"])
        #expect(fields(nil, [], []) == ["action"])
        #expect(fields("approve", ["hospital"], []) == ["action"])
        #expect(fields("withdraw", ["hospital"], []) == ["action"])
        #expect(!ElectronicConsent.parties.contains(.other) && ElectronicConsent.parties.count == InformationParty.allCases.count - 1)
    }

    @Test("given: IDs 14–17 with the form digital, and sharing with the provider allowed only when the provider is a party; withdrawn: no consent, no form, no parties, no sharing — and the case rules accept both")
    func apply() {
        var o = OpeningData()
        o.consent = .given
        o.consentForm = .oral
        o.consentCollectFrom = [.psychiatry]
        let given = ElectronicConsent.apply(.init(action: .give, collectFrom: [.hospital], discloseTo: []), to: o)
        #expect(given.consent == .given && given.consentForm == .digital && given.consentCollectFrom == [.hospital] && given.consentDiscloseTo == nil)
        #expect(!SharingRules.consentAllows(given))
        let sharing = ElectronicConsent.apply(.init(action: .give, collectFrom: [], discloseTo: [.provider]), to: o)
        #expect(sharing.consentCollectFrom == nil && SharingRules.consentAllows(sharing))
        #expect(ElectronicConsent.canWithdraw(sharing))
        let withdrawn = ElectronicConsent.apply(.init(action: .withdraw, collectFrom: [], discloseTo: []), to: sharing)
        #expect(withdrawn.consent == .refused && withdrawn.consentForm == nil && withdrawn.consentCollectFrom == nil && withdrawn.consentDiscloseTo == nil)
        #expect(!SharingRules.consentAllows(withdrawn) && !ElectronicConsent.canWithdraw(withdrawn))
        // Everything else on the opening is left as it was.
        var other = o
        other.guardianship = .yes
        #expect(ElectronicConsent.apply(.init(action: .withdraw, collectFrom: [], discloseTo: []), to: other).guardianship == .yes)
        #expect(ElectronicConsent.isOpen(phase: .delivery) && !ElectronicConsent.isOpen(phase: .closed))
    }

    @Test("access for a representative rests on the case: a guardian on ID 7 yes; a party representative on ID 11 yes with ID 12 party representative or both; a supporter alone, or 'not assessed', gives none; refused at the kind in Danish")
    func representation() throws {
        var o = OpeningData()
        #expect(throws: DomainError.self) { try Representation.check(kind: "guardian", opening: o) }
        #expect(throws: DomainError.self) { try Representation.check(kind: "cousin", opening: o) }
        o.guardianship = .notAssessed
        #expect(!Representation.isRecorded(.guardian, in: o))
        o.guardianship = .yes
        #expect(try Representation.check(kind: "guardian", opening: o) == .guardian)
        o.represented = .yes
        o.representationForm = .supporter
        #expect(!Representation.isRecorded(.partyRepresentative, in: o))
        o.representationForm = .partyRepresentative
        #expect(Representation.isRecorded(.partyRepresentative, in: o))
        o.represented = .no
        #expect(!Representation.isRecorded(.partyRepresentative, in: o))
        do {
            _ = try Representation.check(kind: "partyRepresentative", opening: o)
            Issue.record("refused expected")
        } catch {
            #expect(error.fieldErrors.first?.field == "kind" && error.fieldErrors.first?.message.contains("partsrepræsentant") == true)
        }
    }
}
