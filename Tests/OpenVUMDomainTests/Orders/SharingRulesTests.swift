import Foundation
import OpenVUMDomain
import Testing

@Suite("What travels with an order: only what consent allows, exactly what was chosen, never an internal note")
struct SharingRulesTests {
    static let documentID = UUID(), noteID = UUID(), internalNote = UUID()

    static func opening(consent: ConsentStatus?, to parties: [InformationParty]?) -> OpeningData {
        var o = OpeningData()
        o.consent = consent
        o.consentDiscloseTo = parties
        return o
    }

    @Test("without consent to disclose to a provider nothing beyond the order may be chosen; an internal note or another case's document never")
    func validate() {
        let choice = SharedSelection(parts: [.goals], documentIDs: [Self.documentID], noteIDs: [Self.noteID])
        let notes: [UUID: NoteCategory] = [Self.noteID: .conversation, Self.internalNote: .internal]
        #expect(SharingRules.validate(choice, opening: Self.opening(consent: .given, to: [.provider]), documentIDs: [Self.documentID], notes: notes).isEmpty)
        for opening in [Self.opening(consent: .given, to: [.generalPractitioner]), Self.opening(consent: .refused, to: [.provider]),
                        Self.opening(consent: nil, to: nil), Self.opening(consent: .notAssessed, to: [.provider])] {
            #expect(SharingRules.validate(choice, opening: opening, documentIDs: [Self.documentID], notes: notes).map(\.field) == ["shared"])
        }
        // Without consent, choosing nothing is fine: the order itself always travels.
        #expect(SharingRules.validate(SharedSelection(), opening: Self.opening(consent: nil, to: nil), documentIDs: [], notes: [:]).isEmpty)
        let bad = SharedSelection(parts: [.goals, .goals], documentIDs: [UUID()], noteIDs: [Self.internalNote, UUID()])
        let errors = SharingRules.validate(bad, opening: Self.opening(consent: .given, to: [.provider]), documentIDs: [Self.documentID], notes: notes)
        #expect(errors.map(\.field) == ["shared.documentIds.0", "shared.noteIds.0", "shared.noteIds.1", "shared"])
        #expect(errors[1].message.contains("internt notat"))
    }

    @Test("the provider reads the chosen parts as they stand: the order's own goals only, nothing once consent is withdrawn, never a note made internal since")
    func content() throws {
        var doc = OrderRulesTests.document()
        doc.opening = Self.opening(consent: .given, to: [.provider])
        doc.investigation.functionalLevels = [FunctionalLevel(subtheme: "s1", level: 2)]
        doc.investigation.overallFunctionalAssessment = "Har brug for struktur."
        doc.investigation.assessedSubthemes = ["c1"]
        var order = try OrderRulesTests.draft()
        order.goalIDs = [OrderRulesTests.goalA]
        let all = SharedSelection(parts: [.goals, .functionalLevels, .functionalAssessment, .conditions], documentIDs: [Self.documentID], noteIDs: [Self.noteID])
        var c = SharingRules.content(all, order: order, document: doc, notes: [Self.noteID: .meeting])
        #expect(c.goals.map(\.id) == [OrderRulesTests.goalA])
        #expect(c.functionalLevels.count == 1 && c.functionalAssessment == "Har brug for struktur." && c.conditions == ["c1"])
        #expect(c.documentIDs == [Self.documentID] && c.noteIDs == [Self.noteID])
        // Only goals chosen: nothing else.
        c = SharingRules.content(SharedSelection(parts: [.goals]), order: order, document: doc, notes: [:])
        #expect(c.functionalLevels.isEmpty && c.functionalAssessment == nil && c.documentIDs.isEmpty)
        // The note made internal since it was chosen: it no longer travels.
        #expect(SharingRules.content(all, order: order, document: doc, notes: [Self.noteID: .internal]).noteIDs.isEmpty)
        // Consent withdrawn: nothing travels.
        doc.opening.consent = .refused
        #expect(SharingRules.content(all, order: order, document: doc, notes: [Self.noteID: .meeting]) == SharedContent())
    }
}
