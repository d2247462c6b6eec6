import Foundation

extension CaseRules {
    // MARK: Validation

    /// Every problem in `doc`, each naming its field by JSON pointer. `old` is the stored document:
    /// sections that did not change are not re-checked for the phase they belong to.
    public static func validate(_ doc: CaseDocument, old: CaseDocument?, context ctx: CaseContext) -> [FieldError] {
        var c = Checker(ctx: ctx)
        validateOpening(doc.opening, &c)
        validateInvestigation(doc.investigation, &c)
        validateAssessment(doc.assessment, &c)
        validateGoals(doc.goals, &c)
        for (i, x) in doc.interventions.enumerated() { validateIntervention(x, at: "/interventions/\(i)", &c) }
        validateFollowUps(doc.followUps, goalIDs: Set(doc.goals.compactMap(\.id)),
                          grantedIDs: Set(doc.interventions.filter { $0.decision?.outcome == .granted }.compactMap(\.id)), &c)
        validateComplaints(doc.complaints, decided: Set(doc.interventions.filter { $0.decision?.outcome != nil }.compactMap(\.id)), &c)
        for (i, r) in (doc.assessment.committeeReviews ?? []).enumerated() {
            c.date(r.meetingOn, "/assessment/committeeReviews/\(i)/meetingOn")
            if r.meetingOn > c.ctx.today { c.add("/assessment/committeeReviews/\(i)/meetingOn", "Mødedatoen \(r.meetingOn.danish) ligger i fremtiden.") }
            c.text(r.note, "/assessment/committeeReviews/\(i)/note")
        }
        if let old {
            checkPhases(old: old, new: doc, &c)
            checkRemovals(old: old, new: doc, &c)
            checkEmptyItems(old: old, new: doc, &c)
        }
        return c.errors.errors
    }

    /// The checks every section uses, collecting problems by JSON pointer.
    struct Checker {
        let ctx: CaseContext
        var errors = FieldErrorCollector()

        mutating func add(_ path: String, _ message: String) { errors.add(path, message) }

        mutating func code(_ value: String?, _ valueSet: String, _ path: String, _ what: String) {
            guard let value else { return }
            if !ctx.terminology.contains(.ffb, code: value, valueSet: valueSet) { add(path, "Ukendt FFB-kode for \(what): \(value).") }
        }

        mutating func date(_ value: CalendarDate?, _ path: String) {
            guard let value else { return }
            if value < ctx.openedOn { add(path, "Datoen \(value.danish) ligger før sagens åbning (\(ctx.openedOn.danish)).") }
            if value > ctx.openedOn.adding(years: 50) { add(path, "Datoen \(value.danish) ligger mere end 50 år ude i fremtiden.") }
        }

        mutating func level(_ value: Decimal?, _ path: String) {
            guard let value else { return }
            if value < 0 || value > 4 || !value.hasAtMost(places: PriceRules.quantityPlaces) {
                add(path, "Funktionsevneniveauet skal være mellem 0 og 4 med højst to decimaler, fx 2,5.")
            }
        }

        mutating func units(_ value: Decimal?, _ path: String, _ what: String) {
            guard let value else { return }
            if value < 0 || value > 100_000 || !value.hasAtMost(places: PriceRules.quantityPlaces) {
                add(path, "\(what) skal være et tal fra 0 til 100.000 med højst to decimaler, fx 10,25.")
            }
        }

        mutating func text(_ value: String?, _ path: String, max: Int = 10_000) {
            if let value, value.count > max { add(path, "Teksten må højst være \(max) tegn.") }
        }


        mutating func paragraph(_ value: String?, _ path: String) {
            guard let value else { return }
            if LegalBasis.code(for: value) == nil {
                add(path, "Ukendt lovhjemmel: \"\(value.prefix(100))\". Skriv paragraffen som fx \"SEL § 85\" eller \"ABL § 105\" (listen står i API-beskrivelsen).")
            }
        }

        mutating func municipality(_ value: String?, _ path: String) {
            guard let value else { return }
            if MunicipalityCode.normalised(value) == nil { add(path, "Kommunekoden skal være tre cifre, fx 101 (fire cifre med foranstillet 0 accepteres).") }
        }
    }

    /// Sagsåbning (IDs 2–20).
    static func validateOpening(_ o: OpeningData, _ c: inout Checker) {
        c.code(o.clearCaseServiceType, FFBValueSet.interventions, "/opening/clearCaseServiceType", "ydelsestype")
        c.code(o.clearCaseOfferType, FFBValueSet.services, "/opening/clearCaseOfferType", "tilbudstype")
        if o.clearCase != true {
            if o.clearCaseServiceType != nil { c.add("/opening/clearCaseServiceType", "Ydelsestype angives kun for en klar sag.") }
            if o.clearCaseOfferType != nil { c.add("/opening/clearCaseOfferType", "Tilbudstype angives kun for en klar sag.") }
        }
        if o.guardianshipForm != nil && o.guardianship != .yes { c.add("/opening/guardianshipForm", "Værgemålsform kan kun angives, når borgeren har værgemål.") }
        if o.representationForm != nil && o.represented != .yes { c.add("/opening/representationForm", "Repræsentationsform kan kun angives, når borgeren er repræsenteret.") }
        if o.consentForm != nil && o.consent != .given { c.add("/opening/consentForm", "Samtykkeform kan kun angives, når der er givet samtykke.") }
        if o.consent != .given {
            if !(o.consentCollectFrom ?? []).isEmpty { c.add("/opening/consentCollectFrom", "Der kan kun indhentes oplysninger med samtykke.") }
            if !(o.consentDiscloseTo ?? []).isEmpty { c.add("/opening/consentDiscloseTo", "Der kan kun videregives oplysninger med samtykke.") }
        }
        c.municipality(o.otherActingMunicipality, "/opening/otherActingMunicipality")
        c.municipality(o.otherPayingMunicipality, "/opening/otherPayingMunicipality")
        for (i, p) in (o.paragraphsAppliedFor ?? []).enumerated() { c.paragraph(p, "/opening/paragraphsAppliedFor/\(i)") }
    }

    /// Sagsoplysning (IDs 26, 27).
    static func validateInvestigation(_ investigation: InvestigationData, _ c: inout Checker) {
        for (i, subtheme) in (investigation.assessedSubthemes ?? []).enumerated() {
            c.code(subtheme, FFBValueSet.conditions, "/investigation/assessedSubthemes/\(i)", "undertema")
        }
        var seen = Set<String>()
        for (i, l) in (investigation.functionalLevels ?? []).enumerated() {
            c.code(l.subtheme, FFBValueSet.activityAndParticipation, "/investigation/functionalLevels/\(i)/subtheme", "aktivitet og deltagelse")
            c.level(l.level, "/investigation/functionalLevels/\(i)/level")
            if !seen.insert(l.subtheme).inserted { c.add("/investigation/functionalLevels/\(i)/subtheme", "Undertemaet er angivet to gange.") }
            if let day = l.assessedOn, day > c.ctx.today { c.add("/investigation/functionalLevels/\(i)/assessedOn", "Vurderingsdatoen kan ikke ligge i fremtiden.") }
        }
        c.text(investigation.overallFunctionalAssessment, "/investigation/overallFunctionalAssessment")
    }

    /// Sagsvurdering og indstilling (IDs 33–34, 53–60).
    static func validateAssessment(_ a: AssessmentData, _ c: inout Checker) {
        c.date(a.sharedGoalFollowUpDate, "/assessment/sharedGoalFollowUpDate")
        for (i, s) in (a.civilSocietyInterventions ?? []).enumerated() { c.text(s, "/assessment/civilSocietyInterventions/\(i)", max: 500) }
        c.code(a.currentSupportNeed, FFBValueSet.needs, "/assessment/currentSupportNeed", "støttebehov")
        for (i, g) in (a.targetGroups ?? []).enumerated() { c.code(g, FFBValueSet.targetGroups, "/assessment/targetGroups/\(i)", "målgruppe") }
        if let primary = a.primaryTargetGroup, !(a.targetGroups ?? []).contains(primary) {
            c.add("/assessment/primaryTargetGroup", "Den primære målgruppe skal være en af borgerens målgrupper.")
        }
        if a.actionPlanWish != nil && a.actionPlanOffered != .yes { c.add("/assessment/actionPlanWish", "Borgerens ønske registreres, når handleplanen er tilbudt.") }
        if a.holisticPlanWish != nil && a.holisticPlanOffered != .yes { c.add("/assessment/holisticPlanWish", "Borgerens ønske registreres, når den helhedsorienterede plan er tilbudt.") }
    }

    /// Indsatsmål (IDs 29–32).
    static func validateGoals(_ goals: [Goal], _ c: inout Checker) {
        for (i, g) in goals.enumerated() {
            c.code(g.goalType, FFBValueSet.changeValues, "/goals/\(i)/goalType", "måltype")
            c.code(g.primaryTheme, FFBValueSet.activityAndParticipation, "/goals/\(i)/primaryTheme", "udredningstema")
            c.level(g.expectedLevel, "/goals/\(i)/expectedLevel")
            c.date(g.followUpDate, "/goals/\(i)/followUpDate")
            c.text(g.text, "/goals/\(i)/text", max: 2000)
        }
    }

    /// One intervention (IDs 35–51) with its decision (63–67), order (68–73) and delivery (74–76).
    static func validateIntervention(_ x: Intervention, at p: String, _ c: inout Checker) {
        for (j, s) in (x.services ?? []).enumerated() {
            c.code(s.code, FFBValueSet.interventions, "\(p)/services/\(j)/code", "ydelse")
            if s.paragraph != nil { c.paragraph(s.paragraph, "\(p)/services/\(j)/paragraph") }
        }
        for (j, s) in (x.offers ?? []).enumerated() {
            c.code(s.code, FFBValueSet.services, "\(p)/offers/\(j)/code", "tilbud")
            if s.paragraph != nil { c.paragraph(s.paragraph, "\(p)/offers/\(j)/paragraph") }
        }
        c.text(x.accountNumber, "\(p)/accountNumber", max: 40)
        c.text(x.alternativesConsidered, "\(p)/alternativesConsidered", max: 4000)
        if (x.alternatives?.count ?? 0) > 10 { c.add("\(p)/alternatives", "Angiv højst 10 alternative indsatser.") }
        for (j, a) in (x.alternatives ?? []).enumerated() {
            let t = a.description.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.count > 300 { c.add("\(p)/alternatives/\(j)/description", "Beskriv den alternative indsats med højst 300 tegn, fx \"Bostøtte efter § 85, 6 timer om ugen\".") }
            if let price = a.expectedPrice, !(0...100_000_000_00).contains(price) {
                c.add("\(p)/alternatives/\(j)/expectedPrice", "Den alternative indsats' forventede pris skal være fra 0 til 100 mio. kr. (i øre).")
            }
        }
        for (value, name) in [(x.expectedStartDate, "expectedStartDate"), (x.expectedEndDate, "expectedEndDate"),
                              (x.serviceExpectedStartDate, "serviceExpectedStartDate"), (x.serviceExpectedEndDate, "serviceExpectedEndDate")] {
            c.date(value, "\(p)/\(name)")
        }
        if let s = x.expectedStartDate, let end = x.expectedEndDate, end < s { c.add("\(p)/expectedEndDate", "Slutdatoen ligger før startdatoen.") }
        if let s = x.serviceExpectedStartDate, let end = x.serviceExpectedEndDate, end < s { c.add("\(p)/serviceExpectedEndDate", "Slutdatoen ligger før startdatoen.") }
        if x.noEndDate == true && x.expectedEndDate != nil { c.add("\(p)/expectedEndDate", "En indsats uden slutdato kan ikke have en forventet slutdato.") }
        if x.noEndDate != true, let start = x.expectedStartDate, let frequency = x.frequency, let reps = x.periodRepetitions, let end = x.expectedEndDate,
           end >= start, let spanEnd = PriceRules.expectedEnd(from: start, frequency: frequency, repetitions: reps), spanEnd != end {
            c.add("\(p)/expectedEndDate", "Forventet slutdato \(end.danish) passer ikke med \(reps) gentagelser \(frequency.danishName.lowercased()) fra \(start.danish), som slutter \(spanEnd.danish). Ret slutdatoen eller antallet af gentagelser.")
        }
        c.units(x.unitsPerPeriod, "\(p)/unitsPerPeriod", "Antal enheder")
        for (j, s) in (x.supplements ?? []).enumerated() {
            let t = s.text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.count > 200 { c.add("\(p)/supplements/\(j)/text", "Beskriv tillægget med højst 200 tegn, fx \"Særtakst i opstartsperioden\".") }
            if !(-100_000_000_00...100_000_000_00).contains(s.amount) { c.add("\(p)/supplements/\(j)/amount", "Tillæggets beløb skal være mellem −100 mio. og 100 mio. kr. (i øre).") }
        }
        if let r = x.periodRepetitions, !(1...10_000).contains(r) { c.add("\(p)/periodRepetitions", "Antal gentagelser skal være fra 1 til 10.000.") }
        if let price = x.unitPrice, !(0...100_000_000_00).contains(price) { c.add("\(p)/unitPrice", "Enhedsprisen skal være 0 eller mere (i øre).") }

        validateDecisionOrderDelivery(x, at: p, &c)
    }

    /// The decision (IDs 63–67), order (68–73) and delivery (74–76) of one intervention.
    static func validateDecisionOrderDelivery(_ x: Intervention, at p: String, _ c: inout Checker) {
        if let dec = x.decision {
            if dec.outcome != .granted {
                if dec.grantedUnitsPerPeriod != nil { c.add("\(p)/decision/grantedUnitsPerPeriod", "Omfang angives kun for en bevilget indsats.") }
                if dec.paragraph != nil && dec.outcome == nil { c.add("\(p)/decision/paragraph", "Angiv først, om indsatsen bevilges eller afslås.") }
            }
            if dec.outcome != .refused && dec.refusalReason != nil {
                c.add("\(p)/decision/refusalReason", "En afslagsgrund angives kun for en afslået indsats.")
            }
            c.units(dec.grantedUnitsPerPeriod, "\(p)/decision/grantedUnitsPerPeriod", "Omfanget")
            if dec.paragraph != nil { c.paragraph(dec.paragraph, "\(p)/decision/paragraph") }
            c.date(dec.followUpDate, "\(p)/decision/followUpDate")
            c.text(dec.reason, "\(p)/decision/reason", max: 10_000)
        }
        if let order = x.order {
            if x.decision?.outcome != .granted { c.add("\(p)/order", "Kun bevilgede indsatser kan bestilles.") }
            if let pn = order.providerPNumber, !isValidPNumber(pn) {
                c.add("\(p)/order/providerPNumber", "P-nummeret skal være 10 cifre.")
            }
            if let ean = order.providerEAN, !isValidGLN(ean) { c.add("\(p)/order/providerEAN", "EAN-nummeret skal være 13 cifre med gyldigt kontrolciffer.") }
            c.text(order.providerAccount, "\(p)/order/providerAccount", max: 40)
            if let payment = order.coPayment, payment < 0 { c.add("\(p)/order/coPayment", "Egenbetalingen kan ikke være negativ.") }
        }
        if let end = x.end {
            if x.decision?.outcome != .granted { c.add("\(p)/end", "Kun en bevilget indsats kan afsluttes.") }
            if let decided = x.decision?.decidedOn, end.endedOn < decided {
                c.add("\(p)/end/endedOn", "Slutdatoen \(end.endedOn.danish) ligger før afgørelsen (\(decided.danish)).")
            }
            if end.endedOn > c.ctx.today { c.add("\(p)/end/endedOn", "Slutdatoen \(end.endedOn.danish) ligger i fremtiden. Registrér afslutningen, når leveringen er slut.") }
        }
        if let delivery = x.delivery {
            if x.order?.orderedOn == nil && x.order?.providerUnitId == nil { c.add("\(p)/delivery", "Levering kan først registreres, når indsatsen er bestilt.") }
            c.date(delivery.startDate, "\(p)/delivery/startDate")
            c.date(delivery.serviceStartDate, "\(p)/delivery/serviceStartDate")
        }
    }

    /// Opfølgninger (IDs 74–84).
    static func validateFollowUps(_ followUps: [FollowUp], goalIDs: Set<UUID>, grantedIDs: Set<UUID>, _ c: inout Checker) {
        for (i, f) in followUps.enumerated() {
            let p = "/followUps/\(i)"
            if let held = f.followUpDate {
                c.date(held, "\(p)/followUpDate")
                if held > c.ctx.today {
                    c.add("\(p)/followUpDate", "Opfølgningsdatoen \(held.danish) ligger i fremtiden. Angiv datoen for opfølgningsmødet: i dag eller tidligere.")
                }
                if let status = f.statusDate, status > held {
                    c.add("\(p)/statusDate", "Statusdatoen \(status.danish) ligger efter opfølgningsdatoen \(held.danish). Status tages før eller på mødet.")
                }
                // A triggered follow-up keeps the outstanding date (T1.10), even one already passed.
                if let next = f.nextFollowUpDate, next <= held, f.followUpType != .significantChange {
                    c.add("\(p)/nextFollowUpDate", "Næste opfølgning (\(next.danish)) skal ligge efter denne opfølgning (\(held.danish)).")
                }
            }
            c.date(f.statusDate, "\(p)/statusDate")
            var seen = Set<UUID>()
            for (j, s) in (f.interventionStatuses ?? []).enumerated() {
                if !grantedIDs.contains(s.interventionId) { c.add("\(p)/interventionStatuses/\(j)/interventionId", "Indsatsen findes ikke som bevilget indsats på sagen.") }
                if !seen.insert(s.interventionId).inserted { c.add("\(p)/interventionStatuses/\(j)/interventionId", "Indsatsen har allerede en status i denne opfølgning.") }
                c.code(s.status, FFBValueSet.followUp, "\(p)/interventionStatuses/\(j)/status", "status på indsats")
            }
            c.date(f.nextFollowUpDate, "\(p)/nextFollowUpDate")
            c.code(f.supportNeedAtStart, FFBValueSet.needs, "\(p)/supportNeedAtStart", "støttebehov")
            c.code(f.supportNeedAfter, FFBValueSet.needs, "\(p)/supportNeedAfter", "støttebehov")
            for (j, g) in (f.goalDecisions ?? []).enumerated() {
                if !goalIDs.contains(g.goalId) { c.add("\(p)/goalDecisions/\(j)/goalId", "Målet findes ikke på sagen.") }
                c.level(g.achievedLevel, "\(p)/goalDecisions/\(j)/achievedLevel")
            }
            c.text(f.note, "\(p)/note")
        }
    }

    /// Klager (WF-31): dates in order and not in the future; the decision complained about exists.
    static func validateComplaints(_ complaints: [Complaint], decided: Set<UUID>, _ c: inout Checker) {
        for (i, k) in complaints.enumerated() {
            let p = "/complaints/\(i)"
            if k.receivedOn == nil { c.add("\(p)/receivedOn", "Angiv, hvornår klagen er modtaget.") }
            if let x = k.interventionId, !decided.contains(x) { c.add("\(p)/interventionId", "Der er ingen afgørelse om den indsats på sagen.") }
            var previous: (CalendarDate, String)?
            for (date, field, name) in [(k.receivedOn, "receivedOn", "modtaget"), (k.reconsideredOn, "reconsideredOn", "genvurderet"),
                                        (k.sentToAppealsBoardOn, "sentToAppealsBoardOn", "sendt til Ankestyrelsen"), (k.outcomeOn, "outcomeOn", "afgjort")] {
                guard let date else { continue }
                c.date(date, "\(p)/\(field)")
                if date > c.ctx.today { c.add("\(p)/\(field)", "Datoen \(date.danish) ligger i fremtiden.") }
                if let (before, what) = previous, date < before { c.add("\(p)/\(field)", "Klagen kan ikke være \(name) (\(date.danish)) før den er \(what) (\(before.danish)).") }
                previous = (date, name)
            }
            if k.outcome != nil && k.sentToAppealsBoardOn == nil { c.add("\(p)/outcome", "Ankestyrelsens afgørelse kræver, at klagen er sendt til Ankestyrelsen.") }
            if k.outcome != nil && k.outcomeOn == nil { c.add("\(p)/outcomeOn", "Angiv datoen for Ankestyrelsens afgørelse.") }
            c.text(k.note, "\(p)/note")
        }
    }

    /// Phase gating: a part of the case may change only once the case has reached its phase.
    static func checkPhases(old: CaseDocument, new doc: CaseDocument, _ c: inout Checker) {
        let changed = changedSections(old: old, new: doc)
        for path in changed {
            // A clear case has no investigation: its functional levels may be recorded from the opening on.
            let owner = path == "/investigation" && doc.opening.clearCase == true ? .opening : phase(ofSection: path)
            // A complaint may come after the case was closed (an afslag closes it).
            if c.ctx.phase == .closed && path == "/complaints" { continue }
            if c.ctx.phase == .closed {
                c.add(path, "Sagen er afsluttet. Genåbn sagen for at ændre den.")
            } else if let now = phaseOrder.firstIndex(of: c.ctx.phase), let needed = phaseOrder.firstIndex(of: owner), needed > now {
                c.add(path, "Dette registreres i fasen \(owner.danishName.lowercased()); sagen er i fasen \(c.ctx.phase.danishName.lowercased()).")
            }
        }
    }

    /// A goal or intervention that says nothing is refused when it is added or changed (one stored before this
    /// rule stays readable): a goal needs its text, type, theme or expected level; an intervention a service or offer.
    static func checkEmptyItems(old: CaseDocument, new doc: CaseDocument, _ c: inout Checker) {
        let oldGoals = Dictionary(old.goals.compactMap { g in g.id.map { ($0, g) } }, uniquingKeysWith: { a, _ in a })
        for (i, g) in doc.goals.enumerated() where g.id.flatMap({ oldGoals[$0] }) != g {
            let blank = (g.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if blank && g.goalType == nil && g.primaryTheme == nil && g.expectedLevel == nil {
                c.add("/goals/\(i)/text", "Målet er tomt. Skriv målet i borgerens ord, eller vælg måltype og tema.")
            }
        }
        // An intervention's recommendation, not its decision, order or delivery.
        func base(_ x: Intervention?) -> Intervention? {
            guard var x else { return nil }
            x.decision = nil; x.order = nil; x.delivery = nil; x.end = nil
            return x
        }
        let oldInterventions = Dictionary(old.interventions.compactMap { x in x.id.map { ($0, x) } }, uniquingKeysWith: { a, _ in a })
        for (i, x) in doc.interventions.enumerated() where base(x.id.flatMap { oldInterventions[$0] }) != base(x) {
            if (x.services ?? []).isEmpty && (x.offers ?? []).isEmpty {
                c.add("/interventions/\(i)/services", "Vælg mindst én ydelse eller ét tilbud for indsatsen.")
            }
        }
    }

    /// What may not be removed from a case: an intervention that has been decided on (it is part of the
    /// decision; end it instead), and a goal a follow-up has decided on.
    static func checkRemovals(old: CaseDocument, new doc: CaseDocument, _ c: inout Checker) {
        let kept = Set(doc.interventions.compactMap(\.id))
        for (i, x) in old.interventions.enumerated() where x.decision?.outcome != nil {
            guard let id = x.id, !kept.contains(id) else { continue }
            let name = (x.services?.first?.code).flatMap { c.ctx.terminology.display(.ffb, code: $0) } ?? "nr. \(i + 1)"
            c.add("/interventions", "Indsatsen \"\(name)\" er afgjort og kan ikke fjernes. Afslut den i stedet.")
        }
        let goals = Set(doc.goals.compactMap(\.id))
        let decided = Set(old.followUps.flatMap { ($0.goalDecisions ?? []).map(\.goalId) })
        for (i, g) in old.goals.enumerated() {
            guard let id = g.id, !goals.contains(id), decided.contains(id) else { continue }
            c.add("/goals", "Målet \"\(g.text ?? "nr. \(i + 1)")\" indgår i en opfølgning og kan ikke fjernes.")
        }
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
            baseNew.decision = nil; baseNew.order = nil; baseNew.delivery = nil; baseNew.end = nil
            baseOld.decision = nil; baseOld.order = nil; baseOld.delivery = nil; baseOld.end = nil
            baseNew.id = nil; baseOld.id = nil
            if before == nil || baseNew != baseOld { paths.append("/interventions/\(i)") }
            if x.decision != before?.decision { paths.append("/interventions/\(i)/decision") }
            if x.order != before?.order { paths.append("/interventions/\(i)/order") }
            if x.delivery != before?.delivery { paths.append("/interventions/\(i)/delivery") }
            if x.end != before?.end { paths.append("/interventions/\(i)/end") }
        }
        if new.interventions.count < old.interventions.count { paths.append("/interventions") }
        if old.followUps != new.followUps { paths.append("/followUps") }
        if old.complaints != new.complaints { paths.append("/complaints") }
        return paths
    }

    /// A production unit's P-number: 10 digits.
    public static func isValidPNumber(_ s: String) -> Bool { s.count == 10 && s.allSatisfy { $0.isASCII && $0.isNumber } }

    /// A GS1 GLN/EAN-13 with a valid check digit.
    public static func isValidGLN(_ s: String) -> Bool {
        guard s.count == 13, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let digits = s.map { Int(String($0))! }
        let sum = digits.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10 == digits[12]
    }
}
