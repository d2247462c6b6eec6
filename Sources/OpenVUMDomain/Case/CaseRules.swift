import Foundation

/// Municipal settings that change how cases behave (seed 001: municipalities must not have to change practice).
public struct CaseSettings: Codable, Sendable, Equatable {
    public enum CaseConcept: String, Codable, Sendable, CaseIterable {
        /// One long citizen case that holds every application.
        case longCitizenCase
        /// A single case per application.
        case singleCases
        public var danishName: String { self == .longCitizenCase ? "Én lang borgersag" : "Enkeltsager pr. ansøgning" }
    }
    public enum KLELevels: String, Codable, Sendable, CaseIterable {
        /// One KLE emne per case.
        case single
        /// KLE emne plus further emner on several levels (e.g. a care-and-social KLE).
        case multiple
        public var danishName: String { self == .single ? "Ét niveau" : "Flere niveauer" }
    }

    public var caseConcept: CaseConcept = .singleCases
    public var grantMustBelongToCase = true
    public var closingEvent: ClosingEvent = .endOfDelivery
    public var kleLevels: KLELevels = .single
    /// Local deadlines: days from opening until the case must have reached each phase.
    public var phaseDeadlineDays: [String: Int] = ["investigation": 14, "assessment": 42, "decision": 56]
    /// Months an action plan (§ 141) is valid after it is completed (ID 61).
    public var actionPlanValidityMonths = 12
    /// Months between statutory personal supervisions (SEL § 148), per case in delivery or follow-up.
    public var personalSupervisionMonths = 12
    /// Reminders appear this many days before a deadline.
    public var reminderLeadDays = 14

    public init() {}

    enum CodingKeys: String, CodingKey {
        case caseConcept, grantMustBelongToCase, closingEvent, kleLevels, phaseDeadlineDays, actionPlanValidityMonths, personalSupervisionMonths, reminderLeadDays
    }

    /// Missing keys take their defaults, so settings stored before a new setting existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CaseSettings()
        caseConcept = try c.decodeIfPresent(CaseConcept.self, forKey: .caseConcept) ?? d.caseConcept
        grantMustBelongToCase = try c.decodeIfPresent(Bool.self, forKey: .grantMustBelongToCase) ?? d.grantMustBelongToCase
        closingEvent = try c.decodeIfPresent(ClosingEvent.self, forKey: .closingEvent) ?? d.closingEvent
        kleLevels = try c.decodeIfPresent(KLELevels.self, forKey: .kleLevels) ?? d.kleLevels
        phaseDeadlineDays = try c.decodeIfPresent([String: Int].self, forKey: .phaseDeadlineDays) ?? d.phaseDeadlineDays
        actionPlanValidityMonths = try c.decodeIfPresent(Int.self, forKey: .actionPlanValidityMonths) ?? d.actionPlanValidityMonths
        personalSupervisionMonths = try c.decodeIfPresent(Int.self, forKey: .personalSupervisionMonths) ?? d.personalSupervisionMonths
        reminderLeadDays = try c.decodeIfPresent(Int.self, forKey: .reminderLeadDays) ?? d.reminderLeadDays
    }

    public func validate() throws(DomainError) {
        var e = FieldErrorCollector()
        for (phase, days) in phaseDeadlineDays {
            if CasePhase(rawValue: phase) == nil || phase == "opening" || phase == "closed" {
                e.add("phaseDeadlineDays.\(phase)", "Ukendt fase: \(phase). Brug investigation, assessment, decision, order, delivery eller followUp.")
            }
            if !(1...730).contains(days) { e.add("phaseDeadlineDays.\(phase)", "Fristen skal være 1–730 dage.") }
        }
        if !(1...60).contains(actionPlanValidityMonths) { e.add("actionPlanValidityMonths", "Skal være 1–60 måneder.") }
        if !(1...60).contains(personalSupervisionMonths) { e.add("personalSupervisionMonths", "Skal være 1–60 måneder.") }
        if !(0...90).contains(reminderLeadDays) { e.add("reminderLeadDays", "Skal være 0–90 dage.") }
        try e.throwIfAny()
    }
}

/// What the rules need besides the document.
public struct CaseContext: Sendable {
    public var phase: CasePhase
    public var today: CalendarDate
    public var openedOn: CalendarDate
    public var citizenBirthDate: CalendarDate
    public var inquiryCount: Int
    public var caseCount: Int
    public var settings: CaseSettings
    public var terminology: any TerminologyLookup

    public init(phase: CasePhase, today: CalendarDate, openedOn: CalendarDate, citizenBirthDate: CalendarDate, inquiryCount: Int,
                caseCount: Int, settings: CaseSettings, terminology: any TerminologyLookup) {
        self.phase = phase
        self.today = today
        self.openedOn = openedOn
        self.citizenBirthDate = citizenBirthDate
        self.inquiryCount = inquiryCount
        self.caseCount = caseCount
        self.settings = settings
        self.terminology = terminology
    }
}

/// The case rules: which fields are system-generated, derived values, and validation with Danish
/// messages that name the field by its JSON pointer.
public enum CaseRules {
    /// JSON pointers (with `*` for list positions) that only the system writes.
    public static let autoPaths: Set<String> = {
        var paths = Set(DataCatalogue.items.filter(\.autoGenerated).map { $0.apiPath.replacingOccurrences(of: "/0/", with: "/*/") })
        paths.formUnion([
            "/investigation/functionalLevels/*/severity",
            "/interventions/*/decision/decidedOn",
            "/assessment/actionPlanCompletedOn",
        ])
        return paths
    }()

    /// The phase in which each part of the document is recorded; it may not change before then.
    static func phase(ofSection path: String) -> CasePhase {
        if path.hasPrefix("/opening") { return .opening }
        if path.hasPrefix("/investigation") { return .investigation }
        if path.hasPrefix("/followUps") { return .followUp }
        if path.contains("/decision") { return .decision }
        if path.contains("/order") { return .order }
        if path.contains("/delivery") { return .delivery }
        return .assessment
    }

    public static let phaseOrder: [CasePhase] = [.opening, .investigation, .assessment, .decision, .order, .delivery, .followUp]

    // MARK: Derived values

    /// Fills in every system-generated value of `doc`, given the stored `old` document.
    public static func derive(_ doc: CaseDocument, old: CaseDocument?, context ctx: CaseContext) -> CaseDocument {
        var d = doc
        d.opening.openedOn = ctx.openedOn
        d.opening.inquiryCount = ctx.inquiryCount
        d.opening.caseCount = ctx.caseCount
        d.opening.ageGroup = AgeGroup.of(birthDate: ctx.citizenBirthDate, on: ctx.openedOn)
        // Phase stamps are set by transitions only; keep what was stored.
        d.investigation.startedOn = old?.investigation.startedOn
        d.assessment.startedOn = old?.assessment.startedOn
        d.assessment.recommendationStartedOn = old?.assessment.recommendationStartedOn

        if var levels = d.investigation.functionalLevels {
            for i in levels.indices {
                levels[i].severity = FFBSeverity.code(forLevel: levels[i].level)
                if levels[i].assessedOn == nil { levels[i].assessedOn = ctx.today }
            }
            d.investigation.functionalLevels = levels
        }

        for i in d.goals.indices where d.goals[i].id == nil { d.goals[i].id = UUID() }

        let oldInterventions = Dictionary((old?.interventions ?? []).compactMap { i in i.id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for i in d.interventions.indices {
            var x = d.interventions[i]
            if x.id == nil { x.id = UUID() }
            let before = x.id.flatMap { oldInterventions[$0] }
            x.basePrice = basePrice(x)
            x.scope = scope(x)
            x.expectedPrice = expectedPrice(x)
            if var decision = x.decision {
                if decision.outcome == nil {
                    decision.decidedOn = nil
                } else if decision.outcome != before?.decision?.outcome || before?.decision?.decidedOn == nil {
                    decision.decidedOn = ctx.today
                } else {
                    decision.decidedOn = before?.decision?.decidedOn
                }
                x.decision = decision
            }
            if var order = x.order {
                order.orderedOn = before?.order?.orderedOn ?? (order.providerUnitId != nil ? ctx.today : nil)
                x.order = order
            }
            if var delivery = x.delivery {
                var oldDelivery = before?.delivery
                oldDelivery?.documentedOn = nil
                var newDelivery = delivery
                newDelivery.documentedOn = nil
                delivery.documentedOn = newDelivery == oldDelivery ? before?.delivery?.documentedOn : ctx.today
                x.delivery = delivery
            }
            d.interventions[i] = x
        }
        let prices = d.interventions.compactMap(\.expectedPrice)
        d.assessment.expectedTotalPrice = prices.isEmpty ? nil : prices.reduce(0, +)

        if d.assessment.actionPlanStatus == .completed {
            let completed = old?.assessment.actionPlanStatus == .completed ? (old?.assessment.actionPlanCompletedOn ?? ctx.today) : ctx.today
            d.assessment.actionPlanCompletedOn = completed
            d.assessment.actionPlanValidUntil = completed.adding(months: ctx.settings.actionPlanValidityMonths)
        } else {
            d.assessment.actionPlanCompletedOn = nil
            d.assessment.actionPlanValidUntil = nil
        }

        let oldFollowUps = Dictionary((old?.followUps ?? []).compactMap { f in f.id.map { ($0, f) } }, uniquingKeysWith: { a, _ in a })
        for i in d.followUps.indices {
            if d.followUps[i].id == nil { d.followUps[i].id = UUID() }
            let before = d.followUps[i].id.flatMap { oldFollowUps[$0] }
            d.followUps[i].statusDate = before?.statusDate ?? ctx.today
            d.followUps[i].followUpDate = before?.followUpDate ?? ctx.today
        }
        return d
    }

    /// ID 49: units per period × repetitions × unit price (øre).
    public static func basePrice(_ x: Intervention) -> Int? {
        guard let units = x.unitsPerPeriod, let reps = x.periodRepetitions, let price = x.unitPrice else { return nil }
        return Int((units * Double(reps) * Double(price)).rounded())
    }

    /// ID 50: total units over the expected period (start to end date), or per year without an end date;
    /// without dates, units per period × repetitions.
    public static func scope(_ x: Intervention) -> InterventionScope? {
        guard let units = x.unitsPerPeriod, let unit = x.unit else { return nil }
        let frequency = x.frequency ?? .once
        if x.noEndDate == true {
            return InterventionScope(units: round2(units * frequency.periodsPerYear), unit: unit, perYear: true)
        }
        if let start = x.expectedStartDate, let end = x.expectedEndDate, end >= start {
            return InterventionScope(units: round2(units * periods(from: start, to: end, frequency: frequency)), unit: unit, perYear: false)
        }
        if let reps = x.periodRepetitions {
            return InterventionScope(units: round2(units * Double(reps)), unit: unit, perYear: false)
        }
        return nil
    }

    /// ID 51: scope × unit price (øre); per year for an intervention without end date.
    public static func expectedPrice(_ x: Intervention) -> Int? {
        guard let scope = scope(x), let price = x.unitPrice else { return nil }
        return Int((scope.units * Double(price)).rounded())
    }

    /// The number of periods of `frequency` from `start` to `end`, both days included.
    public static func periods(from start: CalendarDate, to end: CalendarDate, frequency: ServiceFrequency) -> Double {
        let days = Double(start.days(until: end) + 1)
        switch frequency {
        case .perDay: return days
        case .perWeek: return (days / 7).rounded(.up)
        case .perMonth: return (days / (365.25 / 12)).rounded(.up)
        case .perYear: return (days / 365.25).rounded(.up)
        case .once: return 1
        }
    }

    static func round2(_ v: Double) -> Double { (v * 100).rounded() / 100 }

    // MARK: Validation

    /// Every problem in `doc`, each naming its field by JSON pointer. `old` is the stored document:
    /// sections that did not change are not re-checked for the phase they belong to.
    public static func validate(_ doc: CaseDocument, old: CaseDocument?, context ctx: CaseContext) -> [FieldError] {
        var e = FieldErrorCollector()
        let t = ctx.terminology

        func code(_ value: String?, _ valueSet: String, _ path: String, _ what: String) {
            guard let value else { return }
            if !t.contains(.ffb, code: value, valueSet: valueSet) {
                e.add(path, "Ukendt FFB-kode for \(what): \(value).")
            }
        }
        func date(_ value: CalendarDate?, _ path: String) {
            guard let value else { return }
            if value < ctx.openedOn { e.add(path, "Datoen \(value.danish) ligger før sagens åbning (\(ctx.openedOn.danish)).") }
            if value > ctx.openedOn.adding(years: 50) { e.add(path, "Datoen \(value.danish) ligger mere end 50 år ude i fremtiden.") }
        }
        func level(_ value: Double?, _ path: String) {
            guard let value else { return }
            if !value.isFinite || value < 0 || value > 4 { e.add(path, "Funktionsevneniveauet skal være mellem 0 og 4 (decimaler er tilladt).") }
        }
        func text(_ value: String?, _ path: String, max: Int = 10_000) {
            if let value, value.count > max { e.add(path, "Teksten må højst være \(max) tegn.") }
        }
        func municipality(_ value: String?, _ path: String) {
            guard let value else { return }
            if value.count != 3 || !value.allSatisfy({ $0.isASCII && $0.isNumber }) { e.add(path, "Kommunekoden skal være tre cifre, fx 101.") }
        }
        func paragraph(_ value: String?, _ path: String) {
            guard let value else { return }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.count > 100 { e.add(path, "Paragraffen skal udfyldes med højst 100 tegn, fx \"SEL § 85\".") }
        }

        // Opening (IDs 2–20)
        let o = doc.opening
        code(o.clearCaseServiceType, FFBValueSet.interventions, "/opening/clearCaseServiceType", "ydelsestype")
        code(o.clearCaseOfferType, FFBValueSet.services, "/opening/clearCaseOfferType", "tilbudstype")
        if o.clearCase != true {
            if o.clearCaseServiceType != nil { e.add("/opening/clearCaseServiceType", "Ydelsestype angives kun for en klar sag.") }
            if o.clearCaseOfferType != nil { e.add("/opening/clearCaseOfferType", "Tilbudstype angives kun for en klar sag.") }
        }
        if o.guardianshipForm != nil && o.guardianship != .yes { e.add("/opening/guardianshipForm", "Værgemålsform kan kun angives, når borgeren har værgemål.") }
        if o.representationForm != nil && o.represented != .yes { e.add("/opening/representationForm", "Repræsentationsform kan kun angives, når borgeren er repræsenteret.") }
        if o.consentForm != nil && o.consent != .given { e.add("/opening/consentForm", "Samtykkeform kan kun angives, når der er givet samtykke.") }
        if o.consent != .given {
            if !(o.consentCollectFrom ?? []).isEmpty { e.add("/opening/consentCollectFrom", "Der kan kun indhentes oplysninger med samtykke.") }
            if !(o.consentDiscloseTo ?? []).isEmpty { e.add("/opening/consentDiscloseTo", "Der kan kun videregives oplysninger med samtykke.") }
        }
        municipality(o.otherActingMunicipality, "/opening/otherActingMunicipality")
        municipality(o.otherPayingMunicipality, "/opening/otherPayingMunicipality")
        for (i, p) in (o.paragraphsAppliedFor ?? []).enumerated() { paragraph(p, "/opening/paragraphsAppliedFor/\(i)") }

        // Investigation (IDs 26, 27)
        for (i, c) in (doc.investigation.assessedSubthemes ?? []).enumerated() {
            code(c, FFBValueSet.conditions, "/investigation/assessedSubthemes/\(i)", "undertema")
        }
        var seen = Set<String>()
        for (i, l) in (doc.investigation.functionalLevels ?? []).enumerated() {
            code(l.subtheme, FFBValueSet.activityAndParticipation, "/investigation/functionalLevels/\(i)/subtheme", "aktivitet og deltagelse")
            level(l.level, "/investigation/functionalLevels/\(i)/level")
            if !seen.insert(l.subtheme).inserted { e.add("/investigation/functionalLevels/\(i)/subtheme", "Undertemaet er angivet to gange.") }
            if let day = l.assessedOn, day > ctx.today { e.add("/investigation/functionalLevels/\(i)/assessedOn", "Vurderingsdatoen kan ikke ligge i fremtiden.") }
        }
        text(doc.investigation.overallFunctionalAssessment, "/investigation/overallFunctionalAssessment")

        // Assessment (IDs 29–62)
        let a = doc.assessment
        date(a.sharedGoalFollowUpDate, "/assessment/sharedGoalFollowUpDate")
        for (i, s) in (a.civilSocietyInterventions ?? []).enumerated() { text(s, "/assessment/civilSocietyInterventions/\(i)", max: 500) }
        code(a.currentSupportNeed, FFBValueSet.needs, "/assessment/currentSupportNeed", "støttebehov")
        for (i, g) in (a.targetGroups ?? []).enumerated() { code(g, FFBValueSet.targetGroups, "/assessment/targetGroups/\(i)", "målgruppe") }
        if a.actionPlanWish != nil && a.actionPlanOffered != .yes { e.add("/assessment/actionPlanWish", "Borgerens ønske registreres, når handleplanen er tilbudt.") }
        if a.holisticPlanWish != nil && a.holisticPlanOffered != .yes { e.add("/assessment/holisticPlanWish", "Borgerens ønske registreres, når den helhedsorienterede plan er tilbudt.") }

        let goalIDs = Set(doc.goals.compactMap(\.id))
        for (i, g) in doc.goals.enumerated() {
            code(g.goalType, FFBValueSet.changeValues, "/goals/\(i)/goalType", "måltype")
            code(g.primaryTheme, FFBValueSet.activityAndParticipation, "/goals/\(i)/primaryTheme", "udredningstema")
            level(g.expectedLevel, "/goals/\(i)/expectedLevel")
            date(g.followUpDate, "/goals/\(i)/followUpDate")
            text(g.text, "/goals/\(i)/text", max: 2000)
        }

        for (i, x) in doc.interventions.enumerated() {
            let p = "/interventions/\(i)"
            for (j, s) in (x.services ?? []).enumerated() {
                code(s.code, FFBValueSet.interventions, "\(p)/services/\(j)/code", "ydelse")
                if s.paragraph != nil { paragraph(s.paragraph, "\(p)/services/\(j)/paragraph") }
            }
            for (j, s) in (x.offers ?? []).enumerated() {
                code(s.code, FFBValueSet.services, "\(p)/offers/\(j)/code", "tilbud")
                if s.paragraph != nil { paragraph(s.paragraph, "\(p)/offers/\(j)/paragraph") }
            }
            text(x.accountNumber, "\(p)/accountNumber", max: 40)
            text(x.alternativesConsidered, "\(p)/alternativesConsidered", max: 4000)
            for (value, name) in [(x.expectedStartDate, "expectedStartDate"), (x.expectedEndDate, "expectedEndDate"),
                                  (x.serviceExpectedStartDate, "serviceExpectedStartDate"), (x.serviceExpectedEndDate, "serviceExpectedEndDate")] {
                date(value, "\(p)/\(name)")
            }
            if let s = x.expectedStartDate, let end = x.expectedEndDate, end < s { e.add("\(p)/expectedEndDate", "Slutdatoen ligger før startdatoen.") }
            if let s = x.serviceExpectedStartDate, let end = x.serviceExpectedEndDate, end < s { e.add("\(p)/serviceExpectedEndDate", "Slutdatoen ligger før startdatoen.") }
            if x.noEndDate == true && x.expectedEndDate != nil { e.add("\(p)/expectedEndDate", "En indsats uden slutdato kan ikke have en forventet slutdato.") }
            if let u = x.unitsPerPeriod, !(u.isFinite && u >= 0 && u <= 100_000) { e.add("\(p)/unitsPerPeriod", "Antal enheder skal være et tal fra 0 til 100.000.") }
            if let r = x.periodRepetitions, !(1...10_000).contains(r) { e.add("\(p)/periodRepetitions", "Antal gentagelser skal være fra 1 til 10.000.") }
            if let price = x.unitPrice, !(0...100_000_000_00).contains(price) { e.add("\(p)/unitPrice", "Enhedsprisen skal være 0 eller mere (i øre).") }

            if let dec = x.decision {
                if dec.outcome != .granted {
                    if dec.grantedUnitsPerPeriod != nil { e.add("\(p)/decision/grantedUnitsPerPeriod", "Omfang angives kun for en bevilget indsats.") }
                    if dec.paragraph != nil && dec.outcome == nil { e.add("\(p)/decision/paragraph", "Angiv først, om indsatsen bevilges eller afslås.") }
                }
                if let u = dec.grantedUnitsPerPeriod, !(u.isFinite && u >= 0 && u <= 100_000) { e.add("\(p)/decision/grantedUnitsPerPeriod", "Omfanget skal være et tal fra 0 til 100.000.") }
                if dec.paragraph != nil { paragraph(dec.paragraph, "\(p)/decision/paragraph") }
                date(dec.followUpDate, "\(p)/decision/followUpDate")
                text(dec.reason, "\(p)/decision/reason", max: 10_000)
            }
            if let order = x.order {
                if x.decision?.outcome != .granted { e.add("\(p)/order", "Kun bevilgede indsatser kan bestilles.") }
                if let pn = order.providerPNumber, !(pn.count == 10 && pn.allSatisfy { $0.isASCII && $0.isNumber }) {
                    e.add("\(p)/order/providerPNumber", "P-nummeret skal være 10 cifre.")
                }
                if let ean = order.providerEAN, !isValidGLN(ean) { e.add("\(p)/order/providerEAN", "EAN-nummeret skal være 13 cifre med gyldigt kontrolciffer.") }
                text(order.providerAccount, "\(p)/order/providerAccount", max: 40)
                if let c = order.coPayment, c < 0 { e.add("\(p)/order/coPayment", "Egenbetalingen kan ikke være negativ.") }
            }
            if let delivery = x.delivery {
                if x.order?.orderedOn == nil && x.order?.providerUnitId == nil { e.add("\(p)/delivery", "Levering kan først registreres, når indsatsen er bestilt.") }
                date(delivery.startDate, "\(p)/delivery/startDate")
                date(delivery.serviceStartDate, "\(p)/delivery/serviceStartDate")
            }
        }

        for (i, f) in doc.followUps.enumerated() {
            let p = "/followUps/\(i)"
            code(f.interventionStatus, FFBValueSet.followUp, "\(p)/interventionStatus", "status på indsats")
            date(f.nextFollowUpDate, "\(p)/nextFollowUpDate")
            code(f.supportNeedAtStart, FFBValueSet.needs, "\(p)/supportNeedAtStart", "støttebehov")
            code(f.supportNeedAfter, FFBValueSet.needs, "\(p)/supportNeedAfter", "støttebehov")
            for (j, g) in (f.goalDecisions ?? []).enumerated() where !goalIDs.contains(g.goalId) {
                e.add("\(p)/goalDecisions/\(j)/goalId", "Målet findes ikke på sagen.")
            }
            text(f.note, "\(p)/note")
        }

        // Phase gating: a part of the case may change only once the case has reached its phase.
        if let old {
            let changed = changedSections(old: old, new: doc)
            for path in changed {
                let owner = phase(ofSection: path)
                if ctx.phase == .closed {
                    e.add(path, "Sagen er afsluttet. Genåbn sagen for at ændre den.")
                } else if let now = phaseOrder.firstIndex(of: ctx.phase), let needed = phaseOrder.firstIndex(of: owner), needed > now {
                    e.add(path, "Dette registreres i fasen \(owner.danishName.lowercased()); sagen er i fasen \(ctx.phase.danishName.lowercased()).")
                }
            }
        }
        return e.errors
    }

    /// The JSON-pointer sections that differ between two documents (whole sections, per list element part).
    static func changedSections(old: CaseDocument, new: CaseDocument) -> [String] {
        var paths: [String] = []
        if old.opening != new.opening { paths.append("/opening") }
        if old.investigation != new.investigation { paths.append("/investigation") }
        if old.assessment != new.assessment { paths.append("/assessment") }
        if old.goals != new.goals { paths.append("/goals") }
        let oldByID = Dictionary(old.interventions.compactMap { i in i.id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for (i, x) in new.interventions.enumerated() {
            let before = x.id.flatMap { oldByID[$0] }
            var baseNew = x, baseOld = before ?? Intervention()
            baseNew.decision = nil; baseNew.order = nil; baseNew.delivery = nil
            baseOld.decision = nil; baseOld.order = nil; baseOld.delivery = nil
            baseNew.id = nil; baseOld.id = nil
            if before == nil || baseNew != baseOld { paths.append("/interventions/\(i)") }
            if x.decision != before?.decision { paths.append("/interventions/\(i)/decision") }
            if x.order != before?.order { paths.append("/interventions/\(i)/order") }
            if x.delivery != before?.delivery { paths.append("/interventions/\(i)/delivery") }
        }
        if new.interventions.count < old.interventions.count { paths.append("/interventions") }
        if old.followUps != new.followUps { paths.append("/followUps") }
        return paths
    }

    /// A GS1 GLN/EAN-13 with a valid check digit.
    public static func isValidGLN(_ s: String) -> Bool {
        guard s.count == 13, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let digits = s.map { Int(String($0))! }
        let sum = digits.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10 == digits[12]
    }
}
