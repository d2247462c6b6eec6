import Foundation
@testable import OpenVUMDomain
import Testing

/// figures.md T1.10 (follow-up due items) and T1.5 (local phase deadlines), every outcome worked out by hand in
/// the comment beside it.
@Suite("Due items")
struct DueItemsTests {
    static func d(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static let r = d("2026-10-31")

    @Test("a planned follow-up fulfils the outstanding date on time or late; a triggered one repeats it and fulfils nothing")
    func fulfilment() {
        let f1 = UUID(), f3 = UUID(), f4 = UUID()
        let items = DueItems.followUps([
            .decision(on: Self.d("2025-03-10"), followUpDate: Self.d("2025-06-10")),            // item 1, due 10 June
            .followUp(id: f1, on: Self.d("2025-06-05"), planned: true, next: Self.d("2025-12-05")), // fulfils 1 five days early; item 2
            .followUp(id: f3, on: Self.d("2025-09-01"), planned: false, next: Self.d("2025-12-05")), // triggered, same date: kept
            .followUp(id: f4, on: Self.d("2025-12-20"), planned: true, next: Self.d("2026-06-20")), // fulfils 2 fifteen days late; item 3
        ])
        #expect(items == [
            DueItem(kind: .followUp, setOn: Self.d("2025-03-10"), dueOn: Self.d("2025-06-10"), ending: .fulfilled, endedOn: Self.d("2025-06-05"), fulfilledBy: f1),
            DueItem(kind: .followUp, setOn: Self.d("2025-06-05"), dueOn: Self.d("2025-12-05"), ending: .fulfilled, endedOn: Self.d("2025-12-20"), fulfilledBy: f4),
            DueItem(kind: .followUp, setOn: Self.d("2025-12-20"), dueOn: Self.d("2026-06-20")),
        ])
        // On 31 October 2026 the third, due 20 June, is overdue.
        #expect(items.map { $0.classification(on: Self.r) } == [.onTime, .late, .overdue])
        #expect(DueItems.timeliness(items) == [f1: true, f4: false])
    }

    @Test("a new date supersedes an unfulfilled item: missed when after its due date, not counted when before; closing ends it")
    func supersededAndClosed() {
        let items = DueItems.followUps([
            .decision(on: Self.d("2025-01-10"), followUpDate: Self.d("2025-04-10")),            // item 1
            .followUp(id: nil, on: Self.d("2025-05-01"), planned: false, next: Self.d("2025-08-01")), // supersedes 1 after its date: missed
            .followUp(id: nil, on: Self.d("2025-06-01"), planned: false, next: Self.d("2025-09-01")), // supersedes 2 before its date
            .closed(on: Self.d("2025-09-01")),                                                  // closes 3 on its due date
        ])
        #expect(items.map(\.ending) == [.superseded, .superseded, .closed])
        #expect(items.map(\.endedOn) == [Self.d("2025-05-01"), Self.d("2025-06-01"), Self.d("2025-09-01")])
        #expect(items.map { $0.classification(on: Self.r) } == [.missed, nil, nil])
        // A decision that grants nothing (no date) supersedes the outstanding item and starts none.
        let refused = DueItems.followUps([
            .decision(on: Self.d("2025-01-01"), followUpDate: Self.d("2025-02-01")),
            .decision(on: Self.d("2025-03-01"), followUpDate: nil),
        ])
        #expect(refused.count == 1 && refused[0].ending == .superseded && refused[0].classification(on: Self.r) == .missed)
    }

    @Test("due today, upcoming, and done before a due date after R; same-day events in the format's order")
    func referenceDate() {
        #expect(DueItems.followUps([.decision(on: Self.d("2026-10-01"), followUpDate: Self.r)]).map { $0.classification(on: Self.r) } == [.dueToday])
        #expect(DueItems.followUps([.decision(on: Self.d("2026-10-01"), followUpDate: Self.d("2026-11-30"))]).map { $0.classification(on: Self.r) } == [.upcomingAfterRef])
        let early = DueItems.followUps([
            .decision(on: Self.d("2026-09-01"), followUpDate: Self.d("2026-12-01")),
            .followUp(id: nil, on: Self.d("2026-10-15"), planned: true, next: nil),
        ])
        #expect(early.map { $0.classification(on: Self.r) } == [.doneBeforeDueDateAfterRef])
        // Given out of order: the decision comes first, then the follow-up on 1 May (on its due date: on time,
        // setting 1 November), then the closing that same day, which ends the new item before its date.
        let sameDay = DueItems.followUps([
            .closed(on: Self.d("2025-05-01")),
            .followUp(id: nil, on: Self.d("2025-05-01"), planned: true, next: Self.d("2025-11-01")),
            .decision(on: Self.d("2025-02-01"), followUpDate: Self.d("2025-05-01")),
        ])
        #expect(sameDay.map { $0.classification(on: Self.r) } == [.onTime, nil])
        #expect(DueClass.allCases.filter(\.isDue) == [.onTime, .late, .overdue, .dueToday, .missed])
    }

    static func caseDocument(investigation: String?, assessment: String?, decision: String?, clear: Bool = false) -> CaseDocument {
        var doc = CaseDocument()
        doc.opening.clearCase = clear
        doc.investigation.startedOn = investigation.map(d)
        doc.assessment.startedOn = assessment.map(d)
        var x = Intervention()
        if let decision {
            var dec = InterventionDecision()
            dec.outcome = .granted
            dec.decidedOn = d(decision)
            x.decision = dec
        }
        doc.interventions = [x]
        return doc
    }

    @Test("T1.5 local deadlines: met by the milestone itself, so a case waiting in the decision phase still becomes overdue")
    func phaseDeadlines() {
        let settings = CaseSettings()   // 14, 30, 21, 60, 14, 30 days
        let opened = Self.d("2026-01-01")
        let r = Self.d("2026-03-10")
        // Investigation 10 January (due 15 January: on time); assessment 15 February (due 10 January + 30 = 9
        // February: late); no decision yet.
        var doc = Self.caseDocument(investigation: "2026-01-10", assessment: "2026-02-15", decision: nil)
        var items = CaseDeadlines.phaseItems(CaseMilestones(openedOn: opened, document: doc), closings: [], settings: settings)
        #expect(items.map(\.kind) == [.openingToInvestigation, .investigationToAssessment, .assessmentToDecision, .openingToDecision])
        #expect(items.map(\.dueOn) == [Self.d("2026-01-15"), Self.d("2026-02-09"), Self.d("2026-03-08"), Self.d("2026-03-02")])
        #expect(items.map { $0.classification(on: r) } == [.onTime, .late, .overdue, .overdue])
        // In the decision phase without a decision, "afgørelse truffet senest" stays (and is overdue).
        let waiting = CaseDeadlines.compute(phase: .decision, openedOn: opened, document: doc, settings: settings)
        #expect(waiting.map(\.dueOn) == [Self.d("2026-03-02"), Self.d("2026-03-08")])
        #expect(waiting.map(\.label) == ["Lokal frist: afgørelse truffet senest (fra sagsåbning)", "Lokal frist: afgørelse truffet senest (fra sagsvurdering)"])
        #expect(waiting.allSatisfy { $0.isOverdue(today: r) })
        // Decided 12 March: both decision deadlines met late, and the order deadline (26 March) starts.
        doc = Self.caseDocument(investigation: "2026-01-10", assessment: "2026-02-15", decision: "2026-03-12")
        items = CaseDeadlines.phaseItems(CaseMilestones(openedOn: opened, document: doc), closings: [], settings: settings)
        #expect(items.map { $0.classification(on: Self.r) } == [.onTime, .late, .late, .late, .overdue])
        #expect(items.last?.kind == .decisionToOrder && items.last?.dueOn == Self.d("2026-03-26"))
        // Closed 5 March without a decision: the assessment deadline (8 March) is not counted, the opening one
        // (2 March) is missed.
        doc = Self.caseDocument(investigation: "2026-01-10", assessment: "2026-02-15", decision: nil)
        items = CaseDeadlines.phaseItems(CaseMilestones(openedOn: opened, document: doc), closings: [Self.d("2026-03-05")], settings: settings)
        #expect(items.map { $0.classification(on: r) } == [.onTime, .late, nil, .missed])
        // A clear case has no investigation deadlines.
        doc = Self.caseDocument(investigation: nil, assessment: "2026-01-05", decision: nil, clear: true)
        items = CaseDeadlines.phaseItems(CaseMilestones(openedOn: opened, document: doc), closings: [], settings: settings)
        #expect(items.map(\.kind) == [.assessmentToDecision, .openingToDecision])
    }
}
