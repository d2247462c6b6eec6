import Foundation

extension CaseRules {
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
