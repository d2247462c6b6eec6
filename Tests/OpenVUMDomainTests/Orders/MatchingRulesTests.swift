import Foundation
import OpenVUMDomain
import Testing

@Suite("The matching request: an anonymised need to candidate offers, each answering available or not")
struct MatchingRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    static func document() -> CaseDocument {
        var doc = OrderRulesTests.document()
        doc.opening.ageGroup = .from25to34
        doc.assessment.targetGroups = ["tg1"]
        doc.assessment.currentSupportNeed = "need2"
        doc.interventions[0].services = [CodedService(code: "svc1", paragraph: "SEL § 85")]
        return doc
    }

    @Test("the need carries codes, scope and age group — the granted units and paragraph — and the caseworker's words, never a CPR number or the citizen's name")
    func need() throws {
        let n = try MatchingRules.need(of: Self.document(), interventionID: OrderRulesTests.interventionID,
                                       description: "  Ung mand, der har brug for støtte til indkøb og økonomi.  ", names: ["Mads", "Holm"])
        #expect(n == AnonymisedNeed(paragraph: "SEL § 85", services: ["svc1"], targetGroups: ["tg1"], supportNeed: "need2", ageGroup: .from25to34, unit: .hour,
                                    unitsPerPeriod: Decimal(string: "10.25"), frequency: .perWeek, expectedStartDate: Self.day("2026-03-02"), noEndDate: false,
                                    description: "Ung mand, der har brug for støtte til indkøb og økonomi."))
        for (text, expected) in [("Borger 010190-1234 har brug for støtte", "CPR-nummer"), ("cpr 0101901234", "CPR-nummer"),
                                 ("Mads har brug for støtte", "navn"), ("Familien holm ønsker hjælp", "navn")] {
            do {
                _ = try MatchingRules.need(of: Self.document(), interventionID: OrderRulesTests.interventionID, description: text, names: ["Mads", "Holm"])
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.fieldErrors.map(\.field) == ["description"] && error.fieldErrors[0].message.contains(expected), "\(text)")
            }
        }
        // A name inside another word is not the name ("Holmegaard" is a place); a refused intervention has no need to match.
        #expect(throws: Never.self) {
            try MatchingRules.need(of: Self.document(), interventionID: OrderRulesTests.interventionID, description: "Bor nær Holmegaard", names: ["Holm"])
        }
        #expect(throws: DomainError.self) {
            try MatchingRules.need(of: OrderRulesTests.document(outcome: .refused), interventionID: OrderRulesTests.interventionID, description: nil, names: [])
        }
    }

    @Test("candidates are 1–20 different offers of the register; an answer replaces the earlier one; a provider sees only their own candidates")
    func candidatesAndAnswers() throws {
        let a = UUID(), b = UUID(), pa = UUID(), pb = UUID()
        #expect(throws: DomainError.self) { try MatchingRules.candidates([], providers: [:]) }
        do {
            _ = try MatchingRules.candidates([a, a, UUID()], providers: [a: pa])
            Issue.record("duplicate and unknown offers were accepted")
        } catch { #expect(error.fieldErrors.map(\.field) == ["offerIds", "offerIds.2"]) }
        let candidates = try MatchingRules.candidates([a, b], providers: [a: pa, b: pb])
        var r = MatchingRequest(id: UUID(), caseID: UUID(), interventionID: UUID(), sentOn: Self.day("2026-03-02"), need: AnonymisedNeed(), candidates: candidates)
        r = try MatchingRules.answer(r, offerID: a, available: false, comment: nil, today: Self.day("2026-03-03"))
        r = try MatchingRules.answer(r, offerID: a, available: true, comment: " Plads fra 1. april ", today: Self.day("2026-03-04"))
        #expect(r.candidates[0] == MatchingCandidate(offerID: a, providerID: pa, answer: .available, answeredOn: Self.day("2026-03-04"), comment: "Plads fra 1. april"))
        #expect(r.candidates[1].answer == .pending)
        #expect(throws: DomainError.notFound("Forespørgslen")) { try MatchingRules.answer(r, offerID: UUID(), available: true, comment: nil, today: Self.day("2026-03-04")) }
        #expect(MatchingRules.seenBy(provider: [pb], r).candidates.map(\.offerID) == [b])
        #expect(MatchingRules.seenBy(provider: [a], r).candidates.map(\.offerID) == [a])
    }
}
