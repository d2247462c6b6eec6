import Foundation
import OpenVUMDomain
import OpenVUMStore

extension DataCatalogue {
    private struct NoTerminology: TerminologyLookup {
        func contains(_ system: TerminologySystem, code: String, valueSet: String?) -> Bool { true }
        func display(_ system: TerminologySystem, code: String) -> String? { nil }
    }

    /// The catalogue keys whose `apiPath` holds a value in the case resource of a fully specified case,
    /// after the system has derived its values: computed from the real resource, not declared.
    static let capturedKeys: Set<String> = {
        let day = CalendarDate(year: 2026, month: 1, day: 15)!
        let ctx = CaseContext(phase: .followUp, today: day, openedOn: day, citizenBirthDate: CalendarDate(year: 1990, month: 2, day: 3)!,
                              inquiryCount: 1, caseCount: 1, settings: CaseSettings(), terminology: NoTerminology())
        var doc = CaseRules.derive(CaseDocument.fullySpecified(on: day), old: nil, context: ctx)
        doc.investigation.startedOn = day
        doc.assessment.startedOn = day
        doc.assessment.recommendationStartedOn = day
        doc.followUps[0].goalDecisions = [GoalDecision(goalId: doc.goals[0].id!, decision: .continue)]
        let record = CaseRecord(
            id: UUID(), municipalityID: UUID(), citizenID: UUID(), responsibleUnitID: UUID(), caseworkerID: UUID(), phase: .followUp,
            openedOn: day, closedOn: nil, nextDeadlineOn: nil, nextDeadlineKind: nil, kleEmne: nil, kleFacet: nil, document: doc, version: 1,
            createdAt: Date(), updatedAt: Date(), caseNumber: "2026-00001", paragraphs: CaseRules.paragraphSummary(doc))
        let object = CaseResource.object(record, terminology: nil)
        return Set(items.filter { JSONPointer.resolve($0.apiPath, in: object) != nil }.map(\.key))
    }()
}
