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

    /// The merge patch a phase form means, and any values that could not be read.
    static func patch(_ slug: PhaseSlug, form: FormData, model m: CasePageModel) -> ([String: Any], [FieldError]) {
        var b = PatchBuilder(form)
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
                var g = PatchBuilder(form)
                g.string("goal.text", "text")
                g.string("goal.goalType", "goalType")
                g.string("goal.primaryTheme", "primaryTheme")
                g.number("goal.expectedLevel", "expectedLevel", pointer: "/goals/\(stored(m, "/goals").count)/expectedLevel")
                g.string("goal.followUpDate", "followUpDate")
                let goal = g.object.filter { !($0.value is NSNull) }
                return (["goals": writable(m, "/goals") + [goal]], g.errors)
            case "intervention":
                let n = stored(m, "/interventions").count
                var x = PatchBuilder(form)
                for key in ["accountNumber", "alternativesConsidered", "expectedStartDate", "expectedEndDate", "serviceExpectedStartDate", "serviceExpectedEndDate", "unit", "frequency"] {
                    x.string("x.\(key)", key)
                }
                x.bool("x.noEndDate", "noEndDate")
                x.number("x.unitsPerPeriod", "unitsPerPeriod", pointer: "/interventions/\(n)/unitsPerPeriod")
                x.integer("x.periodRepetitions", "periodRepetitions", pointer: "/interventions/\(n)/periodRepetitions")
                x.kroner("x.unitPrice", "unitPrice", pointer: "/interventions/\(n)/unitPrice")
                for (kind, key) in [("service", "services"), ("offer", "offers")] {
                    guard let code = form["x.\(kind)"] else { continue }
                    var coded: [String: Any] = ["code": code]
                    if let paragraph = form["x.\(kind)Paragraph"] { coded["paragraph"] = paragraph }
                    x.object[key] = [coded]
                }
                let intervention = x.object.filter { !($0.value is NSNull) }
                return (["interventions": writable(m, "/interventions") + [intervention]], x.errors)
            default:
                b.string("assessment.sharedGoalFollowUpDate", "sharedGoalFollowUpDate")
                b.lines("assessment.civilSocietyInterventions", "civilSocietyInterventions")
                for key in ["actionPlanOffered", "actionPlanWish", "actionPlanStatus", "holisticPlanOffered", "holisticPlanWish", "holisticPlanStatus", "currentSupportNeed"] {
                    b.string("assessment.\(key)", key)
                }
                b.strings("assessment.targetGroups", "targetGroups")
                return (["assessment": b.object], b.errors)
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
            var f = PatchBuilder(form)
            for key in ["followUpDate", "statusDate", "followUpType", "outcome", "nextFollowUpDate", "personalSupervision", "wellbeing", "useOfForce",
                        "supportNeedAtStart", "supportNeedAfter", "note"] {
                f.string("f.\(key)", key)
            }
            var entry = f.object.filter { !($0.value is NSNull) }
            let statuses = stored(m, "/interventions").compactMap { x -> [String: Any]? in
                guard let id = x["id"] as? String, let s = form["f.status.\(id)"] else { return nil }
                return ["interventionId": id, "status": s]
            }
            if !statuses.isEmpty { entry["interventionStatuses"] = statuses }
            var decisions: [[String: Any]] = []
            for g in stored(m, "/goals") {
                guard let id = g["id"] as? String, let d = form["f.goal.\(id)"] else { continue }
                var level = PatchBuilder(form)
                level.number("f.level.\(id)", "achievedLevel", pointer: "/followUps/\(stored(m, "/followUps").count)/goalDecisions/\(decisions.count)/achievedLevel")
                f.errors += level.errors
                decisions.append(["goalId": id, "decision": d].merging(level.object.filter { !($0.value is NSNull) }) { a, _ in a })
            }
            if !decisions.isEmpty { entry["goalDecisions"] = decisions }
            return (["followUps": writable(m, "/followUps") + [entry]], f.errors)
        }
    }
}
