import Foundation
@testable import OpenVUMDomain
import Testing

/// A terminology with just the codes these tests use.
struct FakeTerminology: TerminologyLookup {
    static let relations = "rel-1", mobility = "mob-1", physical = "phys-1"
    static let develop = "d41c8072-52f8-42b5-9375-ddbea454d27f"
    static let housingSupport = "ydelse-85", residential = "tilbud-108"
    static let moderateNeed = "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76"
    static let targetGroup = "mg-1", continueIntervention = "1e971d84-10a4-4ef8-a8b3-0daa4c7d088a"

    let sets: [String: Set<String>] = [
        FFBValueSet.activityAndParticipation: [relations, mobility],
        FFBValueSet.conditions: [relations, mobility, physical],
        FFBValueSet.changeValues: [develop],
        FFBValueSet.interventions: [housingSupport],
        FFBValueSet.services: [residential],
        FFBValueSet.needs: [moderateNeed],
        FFBValueSet.targetGroups: [targetGroup],
        FFBValueSet.followUp: [continueIntervention],
    ]

    func contains(_ system: TerminologySystem, code: String, valueSet: String?) -> Bool {
        guard let valueSet else { return sets.values.contains { $0.contains(code) } }
        return sets[valueSet]?.contains(code) == true
    }

    func display(_ system: TerminologySystem, code: String) -> String? { code }
}

func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

func context(_ phase: CasePhase, today: String = "2026-03-01") -> CaseContext {
    CaseContext(phase: phase, today: day(today), openedOn: day("2026-01-15"), citizenBirthDate: day("1990-02-03"),
                inquiryCount: 2, caseCount: 7, settings: CaseSettings(), terminology: FakeTerminology())
}

@Suite("Case process")
struct CaseProcessTests {
    @Test("legal transitions pass, illegal ones are refused in Danish")
    func transitions() throws {
        try CaseProcess.check(from: .opening, to: .investigation, facts: .init(), reason: nil)
        try CaseProcess.check(from: .opening, to: .assessment, facts: .init(clearCase: true), reason: nil)
        do {
            try CaseProcess.check(from: .opening, to: .assessment, facts: .init(), reason: nil)
            Issue.record("klar sag only")
        } catch {
            #expect(error.detail.contains("klar sag"))
            #expect(error.kind == .conflict)
        }
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .opening, to: .decision, facts: .init(), reason: nil) }
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .assessment, to: .decision, facts: .init(), reason: nil) }
        try CaseProcess.check(from: .assessment, to: .decision, facts: .init(proposedInterventions: 1), reason: nil)
        // A pending intervention (e.g. at the visitation committee) does not hold back ordering a granted one.
        try CaseProcess.check(from: .decision, to: .order, facts: .init(proposedInterventions: 2, decidedInterventions: 1, grantedInterventions: 1), reason: nil)
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .decision, to: .order, facts: .init(proposedInterventions: 2, decidedInterventions: 1), reason: nil) }
        // A grant not yet ordered can be ordered from delivery or follow-up; with every grant ordered, not.
        try CaseProcess.check(from: .followUp, to: .order, facts: .init(grantedInterventions: 2, orderedInterventions: 1), reason: nil)
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .followUp, to: .order, facts: .init(grantedInterventions: 1, orderedInterventions: 1), reason: nil) }
        try CaseProcess.check(from: .decision, to: .order, facts: .init(proposedInterventions: 2, decidedInterventions: 2, grantedInterventions: 1), reason: nil)
        try CaseProcess.check(from: .decision, to: .closed, facts: .init(proposedInterventions: 1, decidedInterventions: 1), reason: nil, closeReason: .refused)
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .order, to: .delivery, facts: .init(), reason: nil) }
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .delivery, to: .followUp, facts: .init(orderedInterventions: 1), reason: nil) }
        try CaseProcess.check(from: .followUp, to: .followUp, facts: .init(), reason: nil)
        try CaseProcess.check(from: .followUp, to: .closed, facts: .init(), reason: nil, closeReason: .interventionEnded)
        // Re-opening needs a reason in words.
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .closed, to: .opening, facts: .init(), reason: " ") }
        try CaseProcess.check(from: .closed, to: .opening, facts: .init(), reason: "Ny ansøgning")
        // Every open phase can be closed, with a coded reason (and only closing takes one); undecided or granted
        // interventions do not hold a case open.
        for phase in CasePhase.allCases where phase != .closed {
            #expect(CaseProcess.successors(of: phase).contains(.closed), "\(phase) can be closed")
            try CaseProcess.check(from: phase, to: .closed, facts: .init(proposedInterventions: 2, decidedInterventions: 1, grantedInterventions: 1), reason: nil,
                                  closeReason: .movedAway)
            do {
                try CaseProcess.check(from: phase, to: .closed, facts: .init(), reason: "Flyttet")
                Issue.record("closing without a coded reason")
            } catch {
                #expect(error.fieldErrors.map(\.field) == ["closeReason"])
                #expect(error.fieldErrors.first?.message.hasPrefix("Vælg, hvorfor sagen afsluttes") == true)
            }
        }
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .opening, to: .investigation, facts: .init(), reason: nil, closeReason: .died) }
        #expect(throws: DomainError.self) { try CaseProcess.check(from: .closed, to: .followUp, facts: .init(), reason: "x") }
    }

    @Test("a closing takes effect today or on a given earlier day, never in the future nor before the last change of phase")
    func closingDate() throws {
        let opened = day("2026-01-10"), last = day("2026-02-01"), today = day("2026-03-01")
        #expect(try CaseProcess.closingDate(nil, today: today, openedOn: opened, lastTransitionOn: last) == today)
        #expect(try CaseProcess.closingDate(day("2026-02-15"), today: today, openedOn: opened, lastTransitionOn: last) == day("2026-02-15"))
        #expect(try CaseProcess.closingDate(last, today: today, openedOn: opened, lastTransitionOn: last) == last)
        for bad in ["2026-03-02", "2026-01-31"] {
            do {
                _ = try CaseProcess.closingDate(day(bad), today: today, openedOn: opened, lastTransitionOn: last)
                Issue.record("\(bad) accepted")
            } catch { #expect(error.fieldErrors.map(\.field) == ["effectiveOn"]) }
        }
        // Closing ends ordered grants on the closing day; refused and unordered ones are left alone.
        var doc = CaseDocument()
        var ordered = Intervention(), refused = Intervention(), unordered = Intervention()
        ordered.decision = InterventionDecision(); ordered.decision?.outcome = .granted; ordered.order = InterventionOrder()
        refused.decision = InterventionDecision(); refused.decision?.outcome = .refused
        unordered.decision = InterventionDecision(); unordered.decision?.outcome = .granted
        doc.interventions = [ordered, refused, unordered]
        let closed = CaseRules.endInterventionsOnClosing(doc, on: day("2026-02-15"))
        #expect(closed.interventions.map(\.end) == [InterventionEnd(endedOn: day("2026-02-15"), reason: .caseClosed), nil, nil])
    }

    @Test("phases map to national case states, depending on the closing event")
    func nationalStates() {
        #expect(CaseProcess.nationalState(for: .opening, closingEvent: .decision) == .opstaaet)
        #expect(CaseProcess.nationalState(for: .assessment, closingEvent: .decision) == .oplyst)
        #expect(CaseProcess.nationalState(for: .order, closingEvent: .endOfDelivery) == .afgjort)
        #expect(CaseProcess.nationalState(for: .order, closingEvent: .decision) == .afsluttet)
        #expect(CaseProcess.nationalState(for: .closed, closingEvent: .endOfDelivery) == .afsluttet)
    }
}

@Suite("Data catalogue")
struct CatalogueTests {
    @Test("86 seed rows (ID 24 missing, 74–76 twice) plus the two seed-000 items without ID")
    func rows() {
        let items = DataCatalogue.items
        #expect(items.filter { $0.vumID != nil }.count == 86)
        #expect(items.count == 88)
        #expect(!items.contains { $0.vumID == 24 })
        for id in [74, 75, 76] { #expect(items.filter { $0.vumID == id }.map(\.phase) == [.delivery, .followUp]) }
        #expect(Set(items.map(\.key)).count == items.count)
        #expect(Set(items.map(\.apiPath)).count == items.count)
        #expect(DataCatalogue.item("followUp.74")?.nameDa == "Dato for status")
        #expect(DataCatalogue.item("delivery.74")?.nameDa == "Dato for dokumentation")
        let auto = items.filter(\.autoGenerated).compactMap(\.vumID)
        // 74 is the delivery's documentation date; the follow-up's 74 and 76 are entered (with defaults); 82 is derived
        // from the providers' reports of use of force.
        #expect(Set(auto) == [1, 21, 22, 23, 25, 28, 49, 50, 51, 52, 61, 62, 68, 74, 82])
    }
}

@Suite("Case rules")
struct CaseRulesTests {
    @Test("prices, scope and stamps are derived, never typed")
    func derivedValues() throws {
        var doc = CaseDocument()
        var x = Intervention()
        x.unit = .hour
        x.unitsPerPeriod = 3
        x.frequency = .perWeek
        x.periodRepetitions = 13
        x.unitPrice = 45_000 // 450 kr.
        x.expectedStartDate = day("2026-02-01")
        x.expectedEndDate = day("2026-05-02") // 13 weeks = 91 days, the last on 2 May (E2)
        doc.interventions = [x]
        doc.investigation.functionalLevels = [FunctionalLevel(subtheme: FakeTerminology.relations, level: 2.5)]
        doc.assessment.actionPlanStatus = .completed
        let d = CaseRules.derive(doc, old: nil, context: context(.assessment))
        #expect(d.opening.openedOn == day("2026-01-15"))
        #expect(d.opening.ageGroup == .from35to44)
        #expect(d.opening.inquiryCount == 2)
        #expect(d.opening.caseCount == 7)
        #expect(d.interventions[0].id != nil)
        #expect(d.interventions[0].basePrice == 3 * 13 * 45_000)
        #expect(d.interventions[0].scope == InterventionScope(units: 39, unit: .hour, perYear: false))
        #expect(d.interventions[0].expectedPrice == 39 * 45_000)
        #expect(d.assessment.expectedTotalPrice == 39 * 45_000)
        #expect(d.investigation.functionalLevels?[0].severity == FFBSeverity.severe)
        #expect(d.investigation.functionalLevels?[0].assessedOn == day("2026-03-01"))
        #expect(d.assessment.actionPlanValidUntil == day("2027-03-01"))

        var open = x
        open.periodRepetitions = 52
        open.expectedEndDate = nil
        open.noEndDate = true
        #expect(CaseRules.scope(open) == InterventionScope(units: 156, unit: .hour, perYear: true))
    }

    @Test("severity mapping rounds half up and refuses levels outside 0–4")
    func severities() {
        #expect(FFBSeverity.code(forLevel: 0) == FFBSeverity.none)
        #expect(FFBSeverity.code(forLevel: 1.49) == FFBSeverity.mild)
        #expect(FFBSeverity.code(forLevel: 1.5) == FFBSeverity.moderate)
        #expect(FFBSeverity.code(forLevel: 4) == FFBSeverity.complete)
        #expect(FFBSeverity.code(forLevel: 4.1) == nil)
        #expect(FFBSeverity.code(forLevel: -0.1) == nil)
    }

    @Test("validation names each field: levels, codes, dates before opening, consistency")
    func validation() {
        var doc = CaseDocument()
        doc.investigation.functionalLevels = [FunctionalLevel(subtheme: FakeTerminology.relations, level: 4.5), FunctionalLevel(subtheme: "nope", level: 2)]
        var g = Goal()
        g.goalType = FakeTerminology.develop
        g.followUpDate = day("2026-01-01")
        doc.goals = [g]
        doc.opening.guardianshipForm = .economic
        doc.opening.consentCollectFrom = [.hospital]
        let errors = CaseRules.validate(doc, old: nil, context: context(.assessment))
        let fields = Set(errors.map(\.field))
        #expect(fields.contains("/investigation/functionalLevels/0/level"))
        #expect(fields.contains("/investigation/functionalLevels/1/subtheme"))
        #expect(fields.contains("/goals/0/followUpDate"))
        #expect(fields.contains("/opening/guardianshipForm"))
        #expect(fields.contains("/opening/consentCollectFrom"))
        #expect(errors.first { $0.field == "/goals/0/followUpDate" }?.message.contains("før sagens åbning") == true)
        #expect(errors.first { $0.field == "/investigation/functionalLevels/0/level" }?.message.contains("mellem 0 og 4") == true)
    }

    @Test("going on from each phase: a klar sag skips the investigation; follow-up and closed have no single next phase")
    func forward() {
        #expect(CaseProcess.forward(from: .opening, clearCase: false) == .investigation)
        #expect(CaseProcess.forward(from: .opening, clearCase: true) == .assessment)
        #expect([CasePhase.investigation, .assessment, .decision, .order, .delivery].map { CaseProcess.forward(from: $0, clearCase: false) }
                == [.assessment, .decision, .order, .delivery, .followUp])
        #expect(CaseProcess.forward(from: .followUp, clearCase: false) == nil && CaseProcess.forward(from: .closed, clearCase: false) == nil)
        for phase in CasePhase.allCases { if let next = CaseProcess.forward(from: phase, clearCase: false) { #expect(CaseProcess.successors(of: phase).contains(next)) } }
    }

    @Test("a goal or intervention that says nothing is refused when added or changed; one already stored stays")
    func emptyItems() {
        var old = CaseDocument()
        var empty = Goal()
        empty.id = UUID()
        old.goals = [empty]
        var doc = old
        var blank = Goal()
        blank.id = UUID()
        blank.text = "  "
        doc.goals.append(blank)
        var x = Intervention()
        x.id = UUID()
        x.unit = .hour
        doc.interventions = [x]
        let errors = CaseRules.validate(doc, old: old, context: context(.assessment))
        #expect(errors.map(\.field) == ["/goals/1/text", "/interventions/0/services"])
        #expect(errors.first?.message == "Målet er tomt. Skriv målet i borgerens ord, eller vælg måltype og tema.")
        doc.goals[1].goalType = FakeTerminology.develop
        doc.interventions[0].offers = [CodedService(code: FakeTerminology.residential)]
        #expect(CaseRules.validate(doc, old: old, context: context(.assessment)).isEmpty)
    }

    @Test("a part of the case cannot change before its phase, nor after the case is closed")
    func phaseGating() {
        let old = CaseDocument()
        var doc = old
        var x = Intervention()
        x.id = UUID()
        x.services = [CodedService(code: FakeTerminology.housingSupport)]
        var decision = InterventionDecision()
        decision.outcome = .granted
        x.decision = decision
        doc.interventions = [x]
        let early = CaseRules.validate(doc, old: old, context: context(.assessment))
        #expect(early.map(\.field) == ["/interventions/0/decision"])
        #expect(CaseRules.validate(doc, old: old, context: context(.decision)).isEmpty)
        var reopened = old
        reopened.opening.origin = .inquiry
        #expect(CaseRules.validate(reopened, old: old, context: context(.closed)).first?.message.contains("afsluttet") == true)
    }

    @Test("merge patch: unknown fields, system fields and wrong types are refused by JSON pointer")
    func patch() throws {
        let current = CaseDocument()
        let ok = try CasePatch.apply(["opening": ["origin": "inquiry", "citizenAgrees": "yes"]], to: current)
        #expect(ok.opening.origin == .inquiry)
        #expect(ok.opening.citizenAgrees == .yes)

        func fields(_ patch: Any) -> [String] {
            do { _ = try CasePatch.apply(patch, to: current); return [] } catch { return error.fieldErrors.map(\.field) }
        }
        #expect(fields(["opening": ["foo": 1]]) == ["/opening/foo"])
        #expect(fields(["bar": ["x": 1]]) == ["/bar"])
        #expect(fields(["opening": ["openedOn": "2026-01-01"]]) == ["/opening/openedOn"])
        #expect(fields(["interventions": [["basePrice": 5]]]) == ["/interventions/0/basePrice"])
        #expect(fields(["opening": ["clearCase": "ja"]]) == ["/opening/clearCase"])
        #expect(fields(["interventions": [["expectedStartDate": "2026-02-30"]]]) == ["/interventions/0/expectedStartDate"])
        #expect(fields(["opening": ["origin": "telefon"]]) == ["/opening/origin"])

        // null removes a value (RFC 7396); arrays replace.
        let cleared = try CasePatch.apply(["opening": ["origin": NSNull()]], to: ok)
        #expect(cleared.opening.origin == nil)
        #expect(cleared.opening.citizenAgrees == .yes)
    }

    @Test("GLN/EAN check digit")
    func gln() {
        #expect(CaseRules.isValidGLN("5798000416604"))
        #expect(!CaseRules.isValidGLN("5798000416605"))
        #expect(!CaseRules.isValidGLN("579800041660"))
    }

    @Test("age groups by birthday")
    func ageGroups() {
        #expect(AgeGroup.of(birthDate: day("2008-03-02"), on: day("2026-03-01")) == .under18)
        #expect(AgeGroup.of(birthDate: day("2008-03-01"), on: day("2026-03-01")) == .from18to24)
        #expect(AgeGroup.of(birthDate: day("1950-01-01"), on: day("2026-03-01")) == .from75)
    }

    @Test("calendar dates parse strictly")
    func calendarDates() {
        #expect(CalendarDate("2026-02-29") == nil)
        #expect(CalendarDate("2028-02-29") != nil)
        #expect(CalendarDate("2026-2-1") == nil)
        #expect(CalendarDate("2026-12-03") == CalendarDate(year: 2026, month: 12, day: 3))
        for bad in ["", "2026", "2026-12", "2026-12-031", "20261-12-03", "2026-12-03-", "-2026-12-03", "2026-1a-03", "+026-12-03", "2026-12--3",
                    "2026-13-01", "2026-12-00", "٢٠٢٦-12-03"] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
        #expect(YearMonth("2026-12") == YearMonth(year: 2026, month: 12))
        for bad in ["", "2026", "2026-1", "2026-123", "2026-12-01", "2026-00", "2026-13", "2026-+1", "2026-12-"] {
            #expect(YearMonth(bad) == nil, "\(bad)")
        }
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2026-01-01").days(until: day("2026-03-01")) == 59)
        #expect(day("2024-02-29").adding(years: 1) == day("2025-02-28"))
        #expect(day("2026-03-31").adding(months: -1) == day("2026-02-28"))
        #expect(day("2026-01-05").adding(days: -10, months: -1) == day("2025-11-25"))
        #expect(day("1970-07-29").adding(months: -29) == day("1968-02-29"))
        #expect(day("2078-05-31").adding(months: 21) == day("2080-02-29"))
        #expect(day("0999-12-31").description == "0999-12-31")
        #expect(day("2026-07-04").danish == "04-07-2026")
    }

    @Test("calendar arithmetic agrees with Foundation's Gregorian calendar, one unit at a time")
    func calendarArithmeticMatchesFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        func reference(_ d: CalendarDate, days: Int, months: Int, years: Int) -> CalendarDate {
            let noon = calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: 12))!
            let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: DateComponents(year: years, month: months, day: days), to: noon)!)
            return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
        }
        var rng = SystemRandomNumberGenerator()
        var start = day("1899-12-31")
        for _ in 0..<3000 {
            // One unit at a time, as the rules use it, within a year of months: Foundation's handling of mixed
            // units and of long month offsets across leap days is inconsistent (the explicit cases above pin ours).
            var days = 0, months = 0, years = 0
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: days = Int.random(in: -800...800, using: &rng)
            case 1: months = Int.random(in: -12...12, using: &rng)
            default: years = Int.random(in: -3...3, using: &rng)
            }
            #expect(start.adding(days: days, months: months, years: years) == reference(start, days: days, months: months, years: years),
                    "\(start) + \(years)y \(months)m \(days)d")
            let other = start.adding(days: Int.random(in: -5000...5000, using: &rng))
            let noon = { (d: CalendarDate) in calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: 12))! }
            #expect(start.days(until: other) == calendar.dateComponents([.day], from: noon(start), to: noon(other)).day!)
            start = start.adding(days: Int.random(in: 1...60, using: &rng))
        }
    }
}

@Suite("Deadlines")
struct DeadlineRuleTests {
    @Test("outstanding deadlines: the follow-up due date, goals until decided on, action plans and personal supervision")
    func deadlineRules() {
        var settings = CaseSettings()
        settings.deadlineDays = [:]     // the local phase deadlines are tested in DueItemsTests
        var d = CaseDocument()
        var g = Goal()
        g.id = UUID()
        g.followUpDate = day("2026-06-01")
        d.goals = [g]
        d.assessment.actionPlanValidUntil = day("2027-03-01")
        var x = Intervention()
        var decision = InterventionDecision()
        decision.outcome = .granted
        decision.decidedOn = day("2026-03-20")
        decision.followUpDate = day("2026-07-01")
        x.decision = decision
        var delivery = InterventionDelivery()
        delivery.startDate = day("2026-04-01")
        x.delivery = delivery
        d.interventions = [x]
        let inDelivery = CaseDeadlines.compute(phase: .delivery, openedOn: day("2026-03-01"), document: d, settings: settings)
        #expect(inDelivery.map(\.kind) == [.goalFollowUp, .followUp, .actionPlanExpiry, .personalSupervision])
        #expect(inDelivery.map(\.dueOn) == [day("2026-06-01"), day("2026-07-01"), day("2027-03-01"), day("2027-04-01")])
        #expect(inDelivery[1].label == "Opfølgning senest")
        #expect(inDelivery.last?.label == "Personrettet tilsyn (SEL § 148, lokal kadence)")
        // A planned follow-up on 1 July fulfils the due date and sets the next; supervision counts from it. The
        // goal was not decided on, so its follow-up stays.
        var f = FollowUp()
        f.id = UUID()
        f.followUpType = .planned
        f.followUpDate = day("2026-07-01")
        f.nextFollowUpDate = day("2027-01-01")
        f.personalSupervision = .yes
        d.followUps = [f]
        var later = CaseDeadlines.compute(phase: .followUp, openedOn: day("2026-03-01"), document: d, settings: settings)
        #expect(later.map(\.kind) == [.goalFollowUp, .followUp, .actionPlanExpiry, .personalSupervision])
        #expect(later.map(\.dueOn) == [day("2026-06-01"), day("2027-01-01"), day("2027-03-01"), day("2027-07-01")])
        // Decided on (continued) at the follow-up, the goal's date has passed; given a later date, it is due again.
        d.followUps[0].goalDecisions = [GoalDecision(goalId: g.id!, decision: .continue)]
        later = CaseDeadlines.compute(phase: .followUp, openedOn: day("2026-03-01"), document: d, settings: settings)
        #expect(later.map(\.kind) == [.followUp, .actionPlanExpiry, .personalSupervision])
        d.goals[0].followUpDate = day("2026-12-01")
        later = CaseDeadlines.compute(phase: .followUp, openedOn: day("2026-03-01"), document: d, settings: settings)
        #expect(later.first?.kind == .goalFollowUp && later.first?.dueOn == day("2026-12-01"))
        d.followUps[0].goalDecisions = [GoalDecision(goalId: g.id!, decision: .achieved)]
        later = CaseDeadlines.compute(phase: .followUp, openedOn: day("2026-03-01"), document: d, settings: settings)
        #expect(later.map(\.kind) == [.followUp, .actionPlanExpiry, .personalSupervision])
        #expect(CaseDeadlines.compute(phase: .closed, openedOn: day("2026-03-01"), document: d, settings: settings).isEmpty)
    }
}
