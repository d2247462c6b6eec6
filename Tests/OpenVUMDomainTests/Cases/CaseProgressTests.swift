import Foundation
import OpenVUMDomain
import Testing

@Suite("Where a case stands in each phase")
struct CaseProgressTests {
    static func states(_ steps: [CaseProgress.Step]) -> [CaseProgress.State] { steps.map(\.state) }

    @Test("phases before the current one are done, later ones not reached; only reached phases ask for attention")
    func states() {
        var doc = CaseDocument()
        let opening = CaseProgress.steps(doc, phase: .opening)
        #expect(Self.states(opening) == [.current, .upcoming, .upcoming, .upcoming, .upcoming, .upcoming, .upcoming])
        #expect(opening[0].attention == ["Samtykke er ikke registreret"])
        #expect(opening.dropFirst().allSatisfy { $0.attention.isEmpty })

        doc.opening.consent = .given
        doc.investigation.startedOn = CalendarDate(year: 2026, month: 3, day: 2)
        let assessing = CaseProgress.steps(doc, phase: .assessment)
        #expect(Self.states(assessing) == [.done, .done, .current, .upcoming, .upcoming, .upcoming, .upcoming])
        #expect(assessing.map(\.attention) == [[], ["Ingen funktionsniveauer vurderet"], ["Ingen mål", "Ingen indsatser indstillet"], [], [], [], []])
    }

    @Test("a klar sag skips the investigation")
    func clearCase() {
        var doc = CaseDocument()
        doc.opening.clearCase = true
        doc.opening.consent = .refused
        let steps = CaseProgress.steps(doc, phase: .assessment)
        #expect(Self.states(steps).prefix(3) == [.done, .skipped, .current])
        #expect(steps[0].attention == ["Borgeren har ikke givet samtykke"] && steps[1].attention.isEmpty)
    }

    @Test("decisions, orders and starts still missing are counted in words")
    func missing() {
        var doc = CaseDocument()
        doc.opening.consent = .given
        func x(_ outcome: DecisionOutcome?, ordered: Bool = false, started: Bool = false) -> Intervention {
            var i = Intervention()
            if let outcome { var d = InterventionDecision(); d.outcome = outcome; i.decision = d }
            if ordered { i.order = InterventionOrder() }
            if started { var dl = InterventionDelivery(); dl.startDate = CalendarDate(year: 2026, month: 4, day: 1); i.delivery = dl }
            return i
        }
        doc.interventions = [x(nil), x(nil), x(.granted), x(.granted, ordered: true), x(.refused), x(.granted, ordered: true, started: true)]
        let steps = CaseProgress.steps(doc, phase: .delivery)
        #expect(steps[3].attention == ["2 indsatser mangler afgørelse"])
        #expect(steps[4].attention == ["1 bevilget indsats er ikke bestilt"])
        #expect(steps[5].attention == ["1 bestilt indsats uden startdato"])
        // Closed: the phases it reached are done; the rest were never reached.
        let closed = CaseProgress.steps(doc, phase: .closed)
        #expect(Self.states(closed) == [.done, .done, .done, .done, .done, .done, .upcoming])
    }
}
