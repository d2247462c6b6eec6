import Foundation
import OpenVUMDomain
import OpenVUMStore

/// The phase forms of the case pages, read into the JSON merge patch each means: the web's counterpart of an
/// API client's PATCH, so that the web and the API save through the same `CaseStore.update`. An empty field
/// clears its value; a value that cannot be read is reported on its field.
enum CaseForms {
    /// A stored list of the document as JSON, without the fields the system fills in (a form resends the list).
    static func writable(_ m: CasePageModel, _ pointer: String) -> [[String: Any]] {
        (CasePatch.removingAutoFields(stored(m, pointer), prefix: pointer) as? [[String: Any]]) ?? []
    }

    /// A stored list of the document as JSON.
    static func stored(_ m: CasePageModel, _ pointer: String) -> [[String: Any]] {
        JSONPointer.resolve(pointer, in: CasePatch.jsonObject(m.doc)) as? [[String: Any]] ?? []
    }

    /// Where a form's item goes in its stored list: the index of the item with the posted id (a correction), or
    /// the end of the list (a new item).
    static func slot(_ list: [[String: Any]], id: String?) -> (index: Int, existing: [String: Any]?) {
        if let id, let i = list.firstIndex(where: { ($0["id"] as? String)?.lowercased() == id.lowercased() }) { return (i, list[i]) }
        return (list.count, nil)
    }

    /// `list` with the form's item put in its slot: a correction keeps the item's id and every field the form
    /// does not show (cleared fields are removed); a new item is appended.
    static func placing(_ item: [String: Any], in list: [[String: Any]], at slot: (index: Int, existing: [String: Any]?)) -> [[String: Any]] {
        guard var merged = slot.existing else { return list + [item.filter { !($0.value is NSNull) }] }
        for (k, v) in item { if v is NSNull { merged.removeValue(forKey: k) } else { merged[k] = v } }
        var out = list
        out[slot.index] = merged
        return out
    }

    /// The merge patch a phase form means, and any values that could not be read.
    static func patch(_ slug: PhaseSlug, form: FormData, model m: CasePageModel) -> ([String: Any], [FieldError]) {
        var b = PatchBuilder(form)
        // A "Fjern" button: the list without that goal, intervention or follow-up (the case rules refuse
        // removing a decided intervention or a goal a follow-up has decided on).
        if let kind = form["remove.kind"], let id = form["remove.id"]?.lowercased() {
            let key = ["goal": "goals", "intervention": "interventions", "followUp": "followUps"][kind] ?? "goals"
            return ([key: writable(m, "/\(key)").filter { ($0["id"] as? String)?.lowercased() != id }], [])
        }
        switch slug {
        case .sagsaabning:
            for key in ["origin", "inquirer", "citizenAgrees", "clearCaseServiceType", "clearCaseOfferType", "guardianship", "guardianshipForm",
                        "guardianshipInvestigation", "informedOfRepresentationRight", "represented", "representationForm",
                        "informedOfElectronicRegistration", "consent", "consentForm", "holisticGuidance", "otherActingMunicipality", "otherPayingMunicipality"] {
                b.string("opening.\(key)", key)
            }
            b.bool("opening.clearCase", "clearCase")
            b.strings("opening.consentCollectFrom", "consentCollectFrom")
            b.strings("opening.consentDiscloseTo", "consentDiscloseTo")
            b.lines("opening.paragraphsAppliedFor", "paragraphsAppliedFor")
            return (["opening": b.object], b.errors)
        case .sagsoplysning:
            b.strings("investigation.assessedSubthemes", "assessedSubthemes")
            b.string("investigation.overallFunctionalAssessment", "overallFunctionalAssessment")
            let existing = Dictionary(stored(m, "/investigation/functionalLevels").compactMap { l in (l["subtheme"] as? String).map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
            var levels: [[String: Any]] = []
            for (i, s) in m.terminology.valueSet(FFBValueSet.activityAndParticipation).enumerated() {
                guard let raw = form["level.\(s.code)"] else { continue }
                guard let level = Decimal(typed: raw) else {
                    b.errors.append(FieldError(field: "/investigation/functionalLevels/x\(i)", message: "\(s.display): skriv et tal fra 0 til 4, fx 2,5."))
                    levels.append(["subtheme": s.code, "level": raw])
                    continue
                }
                var entry: [String: Any] = ["subtheme": s.code, "level": level]
                if let old = existing[s.code], (old["level"] as? NSNumber).flatMap({ Decimal(typed: $0.stringValue) }) == level, let on = old["assessedOn"] { entry["assessedOn"] = on }
                levels.append(entry)
            }
            b.object["functionalLevels"] = levels.isEmpty ? NSNull() : levels
            return (["investigation": b.object], b.errors)
        case .sagsvurdering:
            switch form["section"] {
            case "goal":
                let (goals, errors) = goalPart(form, into: writable(m, "/goals"))
                return (["goals": goals], errors)
            case "intervention":
                let (interventions, errors) = interventionPart(form, into: writable(m, "/interventions"))
                return (["interventions": interventions], errors)
            case "committee":
                let (reviews, errors) = committeePart(form, m)
                return (["assessment": ["committeeReviews": reviews]], errors)
            case "all":
                return assessmentPage(form, m)
            default:
                return (["assessment": assessmentPart(form).object], [])
            }
        case .afgoerelse, .bestilling, .levering:
            var xs = writable(m, "/interventions")
            let part = slug == .afgoerelse ? "decision" : slug == .bestilling ? "order" : "delivery"
            for i in xs.indices where form.values.keys.contains(where: { $0.hasPrefix("interventions.\(i).\(part).") }) {
                var sub = PatchBuilder(form)
                let n = "interventions.\(i).\(part)"
                let ptr = "/interventions/\(i)/\(part)"
                switch part {
                case "decision":
                    sub.string("\(n).outcome", "outcome")
                    sub.number("\(n).grantedUnitsPerPeriod", "grantedUnitsPerPeriod", pointer: "\(ptr)/grantedUnitsPerPeriod")
                    sub.string("\(n).paragraph", "paragraph")
                    sub.string("\(n).followUpDate", "followUpDate")
                    sub.string("\(n).reason", "reason")
                    sub.string("\(n).refusalReason", "refusalReason")
                    // The form fills in "bevilget som indstillet": scope belongs to a grant, a refusal reason to a refusal.
                    if form["\(n).outcome"] != DecisionOutcome.granted.rawValue { sub.object["grantedUnitsPerPeriod"] = NSNull() }
                    if form["\(n).outcome"] != DecisionOutcome.refused.rawValue { sub.object["refusalReason"] = NSNull() }
                    // The paragraph comes filled in from the recommendation: an intervention not yet decided on
                    // (no outcome chosen, none stored) gets no decision from it.
                    if form["\(n).outcome"] == nil && xs[i]["decision"] == nil { sub.object["paragraph"] = NSNull() }
                case "order":
                    for key in ["providerUnitId", "providerPNumber", "providerEAN", "providerAccount"] { sub.string("\(n).\(key)", key) }
                    sub.kroner("\(n).coPayment", "coPayment", pointer: "\(ptr)/coPayment")
                    sub.bool("\(n).coordinationNeeded", "coordinationNeeded")
                default:
                    sub.string("\(n).startDate", "startDate")
                    sub.string("\(n).serviceStartDate", "serviceStartDate")
                }
                b.errors += sub.errors
                let values = sub.object.filter { !($0.value is NSNull) }
                var merged = (xs[i][part] as? [String: Any]) ?? [:]
                for (k, v) in sub.object { if v is NSNull { merged.removeValue(forKey: k) } else { merged[k] = v } }
                xs[i][part] = values.isEmpty && merged.isEmpty ? nil : merged
            }
            return (["interventions": xs], b.errors)
        case .opfoelgning:
            var followUps = writable(m, "/followUps")
            // "Fjern" inside the page's one form (`remove=followUp:<id>`): the follow-up goes, and a new one is saved
            // with it only when something was typed in its fields.
            if let remove = form["remove"], remove.hasPrefix("followUp:") {
                let id = remove.dropFirst("followUp:".count).lowercased()
                followUps = followUps.filter { ($0["id"] as? String)?.lowercased() != id }
                if form.filled({ $0.hasPrefix("f.") && $0 != "f.id" }).isEmpty { return (["followUps": followUps], []) }
            }
            let at = slot(followUps, id: form["f.id"])
            var f = PatchBuilder(form)
            for key in ["followUpDate", "statusDate", "followUpType", "outcome", "nextFollowUpDate", "personalSupervision", "wellbeing",
                        "supportNeedAtStart", "supportNeedAfter", "note"] {
                f.string("f.\(key)", key)
            }
            var entry = f.object
            let statuses = stored(m, "/interventions").compactMap { x -> [String: Any]? in
                guard let id = x["id"] as? String, let s = form["f.status.\(id)"] else { return nil }
                return ["interventionId": id, "status": s]
            }
            entry["interventionStatuses"] = statuses.isEmpty ? NSNull() : statuses
            var decisions: [[String: Any]] = []
            for g in stored(m, "/goals") {
                guard let id = g["id"] as? String, let d = form["f.goal.\(id)"] else { continue }
                var level = PatchBuilder(form)
                level.number("f.level.\(id)", "achievedLevel", pointer: "/followUps/\(at.index)/goalDecisions/\(decisions.count)/achievedLevel")
                f.errors += level.errors
                decisions.append(["goalId": id, "decision": d].merging(level.object.filter { !($0.value is NSNull) }) { a, _ in a })
            }
            entry["goalDecisions"] = decisions.isEmpty ? NSNull() : decisions
            return (["followUps": placing(entry, in: followUps, at: at)], f.errors)
        }
    }

    // MARK: The assessment page

    /// The whole assessment page as one form (`section=all`): the assessment; a committee meeting, a goal and an
    /// intervention when anything was typed in their fields (or their add button was pressed: an empty goal is
    /// then refused by the case rules); and a removal (`remove=goal:<id>` or `intervention:<id>`). One save, so
    /// nothing typed in one part is lost when another part's button is pressed. A klar sag's service and offer,
    /// filled into a new intervention, are not "typed" (`x.prefill.*`).
    static func assessmentPage(_ form: FormData, _ m: CasePageModel) -> ([String: Any], [FieldError]) {
        var errors: [FieldError] = []
        var assessment = assessmentPart(form).object
        let add = form["add"]
        // A part counts as typed when one of its fields holds something other than what was filled in for it.
        func typed(_ prefix: String, except: String) -> Bool {
            !form.filled { key in
                key.hasPrefix(prefix) && key != except && !key.hasPrefix("\(prefix)prefill.")
                    && form[key] != form["\(prefix)prefill.\(key.dropFirst(prefix.count))"]
            }.isEmpty
        }
        if add == "committee" || typed("committee.", except: "") {
            let (reviews, e) = committeePart(form, m)
            assessment["committeeReviews"] = reviews
            errors += e
        }
        var patch: [String: Any] = ["assessment": assessment]
        var goals = writable(m, "/goals"), interventions = writable(m, "/interventions")
        var goalsChanged = false, interventionsChanged = false
        if add == "goal" || typed("goal.", except: "goal.id") {
            let (g, e) = goalPart(form, into: goals)
            goals = g; goalsChanged = true; errors += e
        }
        if add == "intervention" || typed("x.", except: "x.id") {
            let (x, e) = interventionPart(form, into: interventions)
            interventions = x; interventionsChanged = true; errors += e
        }
        if let remove = form["remove"], let colon = remove.firstIndex(of: ":") {
            let kind = remove[..<colon], id = remove[remove.index(after: colon)...].lowercased()
            if kind == "goal" { goals = goals.filter { ($0["id"] as? String)?.lowercased() != id }; goalsChanged = true }
            if kind == "intervention" { interventions = interventions.filter { ($0["id"] as? String)?.lowercased() != id }; interventionsChanged = true }
        }
        if goalsChanged { patch["goals"] = goals }
        if interventionsChanged { patch["interventions"] = interventions }
        return (patch, errors)
    }

    static func assessmentPart(_ form: FormData) -> PatchBuilder {
        var b = PatchBuilder(form)
        b.string("assessment.sharedGoalFollowUpDate", "sharedGoalFollowUpDate")
        b.lines("assessment.civilSocietyInterventions", "civilSocietyInterventions")
        for key in ["actionPlanOffered", "actionPlanWish", "actionPlanStatus", "holisticPlanOffered", "holisticPlanWish", "holisticPlanStatus", "currentSupportNeed"] {
            b.string("assessment.\(key)", key)
        }
        b.strings("assessment.targetGroups", "targetGroups")
        return b
    }

    /// The goal form's goal in its slot of `goals` (a correction by `goal.id`, or a new goal at the end).
    static func goalPart(_ form: FormData, into goals: [[String: Any]]) -> ([[String: Any]], [FieldError]) {
        let at = slot(goals, id: form["goal.id"])
        var g = PatchBuilder(form)
        g.string("goal.text", "text")
        g.string("goal.goalType", "goalType")
        g.string("goal.primaryTheme", "primaryTheme")
        g.number("goal.expectedLevel", "expectedLevel", pointer: "/goals/\(at.index)/expectedLevel")
        g.string("goal.followUpDate", "followUpDate")
        return (placing(g.object, in: goals, at: at), g.errors)
    }

    /// The intervention form's intervention in its slot of `interventions`: several services (x.service.0 …,
    /// each with its paragraph), one offer.
    static func interventionPart(_ form: FormData, into interventions: [[String: Any]]) -> ([[String: Any]], [FieldError]) {
        let at = slot(interventions, id: form["x.id"])
        let n = at.index
        var x = PatchBuilder(form)
        for key in ["accountNumber", "alternativesConsidered", "expectedStartDate", "expectedEndDate", "serviceExpectedStartDate", "serviceExpectedEndDate", "unit", "frequency"] {
            x.string("x.\(key)", key)
        }
        x.bool("x.noEndDate", "noEndDate")
        x.number("x.unitsPerPeriod", "unitsPerPeriod", pointer: "/interventions/\(n)/unitsPerPeriod")
        x.integer("x.periodRepetitions", "periodRepetitions", pointer: "/interventions/\(n)/periodRepetitions")
        x.kroner("x.unitPrice", "unitPrice", pointer: "/interventions/\(n)/unitPrice")
        var services: [[String: Any]] = []
        for i in 0..<20 {
            guard let code = form["x.service.\(i)"] else { continue }
            services.append(["code": code].merging(form["x.serviceParagraph.\(i)"].map { ["paragraph": $0] } ?? [:]) { a, _ in a })
        }
        x.object["services"] = services.isEmpty ? NSNull() : services
        // ID 38's alternatives: a row with a description or a price; the case rules check the rest.
        var alternatives: [[String: Any]] = []
        for i in 0..<10 {
            let text = form["x.alternative.\(i).description"], price = form["x.alternative.\(i).price"]
            guard text != nil || price != nil else { continue }
            var a: [String: Any] = ["description": text ?? "", "expectedPrice": NSNull()]
            if let price {
                if let øre = Kroner.øre(typed: price) { a["expectedPrice"] = øre } else {
                    x.errors.append(FieldError(field: "/interventions/\(n)/alternatives/\(alternatives.count)/expectedPrice", message: "Skriv prisen i kroner, fx 450.000,00."))
                }
            }
            alternatives.append(a)
        }
        x.object["alternatives"] = alternatives.isEmpty ? NSNull() : alternatives
        if let code = form["x.offer"] {
            x.object["offers"] = [["code": code].merging(form["x.offerParagraph"].map { ["paragraph": $0] } ?? [:]) { a, _ in a }]
        } else {
            x.object["offers"] = NSNull()
        }
        return (placing(x.object, in: interventions, at: at), x.errors)
    }

    /// The visitation committee's meeting and decision (WF-13), added to the assessment's list.
    static func committeePart(_ form: FormData, _ m: CasePageModel) -> ([[String: Any]], [FieldError]) {
        var r = PatchBuilder(form)
        r.string("committee.meetingOn", "meetingOn")
        r.string("committee.outcome", "outcome")
        r.string("committee.note", "note")
        let reviews = (CasePatch.jsonObject(m.doc)["assessment"] as? [String: Any])?["committeeReviews"] as? [[String: Any]] ?? []
        var errors: [FieldError] = []
        let n = reviews.count
        if form["committee.meetingOn"] == nil { errors.append(FieldError(field: "/assessment/committeeReviews/\(n)/meetingOn", message: "Angiv mødedatoen.")) }
        if form["committee.outcome"] == nil { errors.append(FieldError(field: "/assessment/committeeReviews/\(n)/outcome", message: "Vælg udvalgets afgørelse.")) }
        return (reviews + [r.object.filter { !($0.value is NSNull) }], errors)
    }
}
