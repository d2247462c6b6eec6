import Foundation

/// The rules of KL's FFB reporting profile 1.0.0 (`shared/spec/ffb-reporting-profile.md` §§ 1–13, checklist § 16),
/// checked on a Bundle before it goes to the outbox: a Bundle that breaks one is never sent, and the administrator
/// sees the rule it broke. Each rule is named by the profile's own invariant id where it has one, else by the
/// profile id and element. The invariants whose expressions are defective as written (report-1/2/3, goal-2,
/// care-plan-2) are checked as intended, as the profile document says.
public enum FFBValidation {
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The rule, e.g. `kl-reporting-ffb-care-plan-1` or `kl-reporting-ffb-citizen.identifier`.
        public var rule: String
        /// The resource (`Type/id`), or `Bundle`.
        public var resource: String
        /// What is wrong, in Danish.
        public var message: String
        public var description: String { "\(rule) (\(resource)): \(message)" }
    }

    static let cprPattern = #"^((((0[1-9]|1[0-9]|2[0-9]|3[0-1])(01|03|05|07|08|10|12))|((0[1-9]|1[0-9]|2[0-9]|30)(04|06|09|11))|((0[1-9]|1[0-9]|2[0-9])(02)))[0-9]{6})$"#
    static let uuidPattern = #"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"#

    /// The elements each profile allows (besides `resourceType`, `id` and `meta`); anything else is 0..0.
    static let allowed: [FFBReport.Profile: Set<String>] = [
        .citizen: ["identifier", "managingOrganization"],
        .serviceRequest: ["extension", "status", "intent", "subject"],
        .informationGathering: ["extension", "status", "subject", "effectiveDateTime", "finding", "investigation"],
        .condition: ["extension", "clinicalStatus", "verificationStatus", "code", "severity", "subject", "recordedDate"],
        .targetGroup: ["extension", "clinicalStatus", "verificationStatus", "code", "subject", "recordedDate"],
        .interventionGoal: ["extension", "lifecycleStatus", "category", "description", "subject", "target", "addresses"],
        .carePlan: ["extension", "status", "intent", "subject", "period", "careTeam", "addresses", "goal", "activity"],
        .intervention: ["extension", "basedOn", "status", "intent", "subject", "period", "created", "activity"],
        .servicePerformer: ["extension", "category", "subject"],
        .followUpEncounter: ["extension", "status", "class", "type", "subject", "period"],
        .careEvaluation: ["extension", "status", "code", "subject", "valueCodeableConcept", "effectiveDateTime"],
        .followUp: ["extension", "status", "code", "subject", "focus", "effectiveDateTime", "valueCodeableConcept"],
    ]

    /// The profiles a resource of each type may conform to in the report (report-1/2/3 as intended).
    static let profilesByType: [String: [FFBReport.Profile]] = [
        "Patient": [.citizen], "ServiceRequest": [.serviceRequest], "ClinicalImpression": [.informationGathering],
        "Goal": [.interventionGoal], "CareTeam": [.servicePerformer], "Encounter": [.followUpEncounter],
        "Condition": [.condition, .targetGroup], "CarePlan": [.carePlan, .intervention], "Observation": [.careEvaluation, .followUp],
    ]

    /// Every rule `bundle` breaks; none when it may be sent.
    public static func violations(_ bundle: FHIRValue, terminology: any TerminologyLookup) -> [Violation] {
        var v = Checker(terminology: terminology)
        v.check(bundle)
        return v.found
    }

    struct Checker {
        let terminology: any TerminologyLookup
        var found: [Violation] = []
        /// The profile of each resource, by `Type/id`.
        var profiles: [String: FFBReport.Profile] = [:]
        var resources: [String: FHIRValue] = [:]

        init(terminology: any TerminologyLookup) { self.terminology = terminology }

        mutating func fail(_ rule: String, _ resource: String, _ message: String) {
            found.append(Violation(rule: rule, resource: resource, message: message))
        }

        func matches(_ text: String, _ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }

        func codes(_ value: FHIRValue?, system: String) -> [String] {
            (value?.all("coding") ?? []).filter { $0["system"]?.string == system }.compactMap { $0["code"]?.string }
        }

        func inFFB(_ code: String, _ valueSets: [String]) -> Bool {
            valueSets.contains { terminology.contains(.ffb, code: code, valueSet: $0) }
        }

        // MARK: The Bundle (§ 1, § 13)

        mutating func check(_ bundle: FHIRValue) {
            let rule = FFBReport.Profile.deliveryReport.rawValue
            if bundle["resourceType"]?.string != "Bundle" { fail(rule, "Bundle", "Rapporten skal være en Bundle.") }
            if bundle["type"]?.string != "collection" { fail("\(rule).type", "Bundle", "Bundle.type skal være »collection«.") }
            if bundle["timestamp"]?.string == nil { fail("\(rule).timestamp", "Bundle", "Bundle.timestamp skal være udfyldt (1..1).") }
            for key in ["identifier", "total", "link", "signature"] where bundle[key] != nil {
                fail("\(rule).\(key)", "Bundle", "Bundle.\(key) må ikke være med (0..0).")
            }
            var fullUrls = Set<String>()
            var patients = 0
            let entries = bundle["entry"]?.items ?? []
            for entry in entries {
                for key in ["search", "request", "response"] where entry[key] != nil {
                    fail("\(rule).entry.\(key)", "Bundle", "entry.\(key) må ikke være med (0..0).")
                }
                guard let resource = entry["resource"], let type = resource["resourceType"]?.string else {
                    fail("\(rule).entry.resource", "Bundle", "Hver entry skal have en ressource (1..1).")
                    continue
                }
                let id = resource["id"]?.string ?? ""
                let ref = "\(type)/\(id)"
                if let url = entry["fullUrl"]?.string {
                    if !fullUrls.insert(url).inserted { fail("bdl-7", ref, "fullUrl \(url) forekommer mere end én gang.") }
                }
                if type == "Patient" { patients += 1 }
                resources[ref] = resource
                guard let candidates = profilesByType[type] else {
                    fail("\(rule).entry.resource", ref, "Ressourcetypen \(type) må ikke indgå i rapporten.")
                    continue
                }
                let declared = (resource["meta"]?.all("profile") ?? []).compactMap { $0.string }.compactMap(FFBReport.Profile.init(url:))
                guard let profile = declared.first(where: candidates.contains) else {
                    let intended = ["Condition": "kl-reporting-ffb-delivery-report-1", "CarePlan": "kl-reporting-ffb-delivery-report-2",
                                    "Observation": "kl-reporting-ffb-delivery-report-3"][type] ?? "\(rule).meta.profile"
                    fail(intended, ref, "Ressourcen skal angive en af profilerne \(candidates.map(\.rawValue).joined(separator: ", ")) i meta.profile.")
                    continue
                }
                profiles[ref] = profile
            }
            if patients != 1 { fail("kl-reporting-ffb-citizen.count", "Bundle", "En rapport skal have præcis én borger (Patient); den har \(patients).") }
            for (ref, resource) in resources.sorted(by: { $0.key < $1.key }) {
                guard let profile = profiles[ref] else { continue }
                checkCommon(resource, ref: ref, profile: profile)
                checkProfile(resource, ref: ref, profile: profile)
            }
        }

        // MARK: Every resource (§ 13)

        mutating func checkCommon(_ r: FHIRValue, ref: String, profile: FFBReport.Profile) {
            let rule = profile.rawValue
            if !matches(r["id"]?.string ?? "", FFBValidation.uuidPattern) { fail("\(rule).id", ref, "Ressourcens id skal være en UUID.") }
            if r["meta"]?["lastUpdated"]?.string == nil { fail("\(rule).meta.lastUpdated", ref, "meta.lastUpdated skal være udfyldt.") }
            for key in (r.object ?? [:]).keys.sorted() where !["resourceType", "id", "meta"].contains(key) && !(FFBValidation.allowed[profile] ?? []).contains(key) {
                fail("\(rule).\(key)", ref, "Elementet \(key) må ikke være med i profilen (0..0).")
            }
            if containsFreeText(r) { fail("kl-reporting-ffb.no-free-text", ref, "Fritekst (text, note, display) indberettes aldrig.") }
            // Every reference resolves inside the Bundle (aggregation bundled; § 13).
            for target in references(r) where resources[target] == nil {
                fail("\(rule).reference", ref, "Referencen \(target) peger ikke på en ressource i rapporten.")
            }
            if profile != .citizen, profile != .deliveryReport {
                let subject = r["subject"]?["reference"]?.string ?? ""
                if !subject.hasPrefix("Patient/") || profiles[subject] != .citizen {
                    fail("\(rule).subject", ref, "subject skal pege på borgeren (Patient) i rapporten.")
                }
            }
        }

        func containsFreeText(_ v: FHIRValue) -> Bool {
            switch v {
            case .object(let o): return o.keys.contains { ["text", "note", "display", "description"].contains($0) && o[$0]?.string != nil }
                || o.values.contains(where: containsFreeText)
            case .array(let a): return a.contains(where: containsFreeText)
            default: return false
            }
        }

        func references(_ v: FHIRValue) -> [String] {
            switch v {
            case .object(let o):
                return (o["reference"]?.string.map { [$0] } ?? []) + o.filter { $0.key != "reference" }.values.flatMap(references)
            case .array(let a): return a.flatMap(references)
            default: return []
            }
        }

        func extensions(_ r: FHIRValue, _ url: String) -> [FHIRValue] { (r["extension"]?.items ?? []).filter { $0["url"]?.string == url } }

        func rank(_ address: FHIRValue) -> Int? { extensions(address, FFBReport.Extension.conditionRank).first?["valuePositiveInt"]?.int }

        func profileOf(_ reference: FHIRValue?) -> FFBReport.Profile? { reference?["reference"]?.string.flatMap { profiles[$0] } }

        mutating func requireBinding(_ value: FHIRValue?, _ valueSets: [String], rule: String, ref: String, element: String, exactlyOne: Bool = true) {
            let codings = value?.all("coding") ?? []
            if codings.isEmpty { fail(rule, ref, "\(element) skal være udfyldt."); return }
            if exactlyOne && codings.count != 1 { fail(rule, ref, "\(element) skal have præcis én kode.") }
            for c in codings {
                let code = c["code"]?.string ?? ""
                if c["system"]?.string != FFBReport.System.ffb || !inFFB(code, valueSets) {
                    fail(rule, ref, "\(element): koden \(code) findes ikke i FFB-værdisættet \(valueSets[0]) i den importerede terminologi.")
                }
            }
        }

        mutating func requirePattern(_ value: FHIRValue?, system: String, code: String, rule: String, ref: String, element: String) {
            if !codes(value, system: system).contains(code) { fail(rule, ref, "\(element) skal være \(system)#\(code).") }
        }

        mutating func requireDate(_ value: FHIRValue?, rule: String, ref: String, element: String) {
            guard let s = value?.string, matches(s, #"^\d{4}-\d{2}-\d{2}"#) else { fail(rule, ref, "\(element) skal være en dato (1..1)."); return }
        }

        // MARK: The profiles (§§ 2–12)

        // swiftlint:disable:next function_body_length cyclomatic_complexity
        mutating func checkProfile(_ r: FHIRValue, ref: String, profile: FFBReport.Profile) {
            let p = profile.rawValue
            switch profile {
            case .deliveryReport:
                break
            case .citizen:
                let ids = r["identifier"]?.items ?? []
                if ids.count != 1 { fail("\(p).identifier", ref, "Borgeren skal have præcis ét CPR-nummer (1..1).") }
                for id in ids {
                    if id["use"]?.string != "official" || id["system"]?.string != FFBReport.System.cpr {
                        fail("\(p).identifier", ref, "CPR-identifikatoren skal have use »official« og system \(FFBReport.System.cpr).")
                    }
                    if !matches(id["value"]?.string ?? "", FFBValidation.cprPattern) { fail("cpr", ref, "CPR-nummeret er ikke syntaktisk gyldigt.") }
                }
                let org = r["managingOrganization"]?["identifier"]
                if org == nil { fail("\(p).managingOrganization", ref, "Kommunens STS-organisations-UUID mangler (indstillingen kombitOrganisationId).") }
                else if org?["use"]?.string != "official" || org?["system"]?.string != FFBReport.System.kombitOrganisation
                            || !matches(org?["value"]?.string ?? "", FFBValidation.uuidPattern) {
                    fail("\(p).managingOrganization", ref, "managingOrganization.identifier skal være en KOMBIT STS-organisation (use official, system \(FFBReport.System.kombitOrganisation), en UUID).")
                }
                for key in ["reference", "type", "display"] where r["managingOrganization"]?[key] != nil {
                    fail("\(p).managingOrganization.\(key)", ref, "managingOrganization.\(key) må ikke være med (0..0).")
                }
            case .serviceRequest:
                if r["status"]?.string == nil { fail("\(p).status", ref, "status skal være udfyldt.") }
                if r["intent"]?.string != "proposal" { fail("\(p).intent", ref, "intent skal være »proposal«.") }
                for e in r["extension"]?.items ?? [] where e["url"]?.string != FFBReport.Extension.caseNumber {
                    fail("\(p).extension", ref, "Kun udvidelsen municipalityCaseNumber er tilladt (lukket slicing).")
                }
            case .informationGathering:
                let based = extensions(r, FFBReport.Extension.basedOnServiceRequest)
                if based.count != 1 || profileOf(based.first?["valueReference"]) != .serviceRequest {
                    fail("\(p).extension:basedOnServiceRequest", ref, "Udredningen skal bygge på præcis én ServiceRequest i rapporten (1..1).")
                }
                if !["in-progress", "completed", "entered-in-error"].contains(r["status"]?.string ?? "") { fail("\(p).status", ref, "status skal være in-progress, completed eller entered-in-error.") }
                requireDate(r["effectiveDateTime"], rule: "\(p).effective[x]", ref: ref, element: "effectiveDateTime")
                for f in r["finding"]?.items ?? [] where profileOf(f["itemReference"]) != .condition {
                    fail("\(p).finding.itemReference", ref, "Et fund skal pege på en FFB-tilstand (kl-reporting-ffb-condition).")
                }
                let investigations = r["investigation"]?.items ?? []
                if investigations.count > 1 { fail("\(p).investigation", ref, "Højst én investigation (0..1).") }
                for i in investigations {
                    if i["code"] == nil { fail("\(p).investigation.code", ref, "investigation.code skal være udfyldt.") }
                    for item in i["item"]?.items ?? [] where profileOf(item) != .careEvaluation {
                        fail("\(p).investigation.item", ref, "investigation.item skal pege på en støttebehovsvurdering.")
                    }
                }
            case .condition:
                if r["clinicalStatus"] == nil { fail("\(p).clinicalStatus", ref, "clinicalStatus skal være udfyldt (1..1).") }
                requireBinding(r["code"], [FFBValueSet.conditions], rule: "\(p).code", ref: ref, element: "code")
                requireDate(r["recordedDate"], rule: "\(p).recordedDate", ref: ref, element: "recordedDate")
                if let severity = r["severity"] { requireBinding(severity, [FFBValueSet.severities], rule: "\(p).severity", ref: ref, element: "severity") }
                let isAD = codes(r["code"], system: FFBReport.System.ffb).contains { inFFB($0, [FFBValueSet.activityAndParticipation]) }
                if isAD != (r["severity"] != nil) {
                    fail("kl-reporting-ffb-condition-1", ref, isAD ? "En tilstand under Aktivitet og deltagelse skal have en sværhedsgrad."
                         : "Kun tilstande under Aktivitet og deltagelse må have en sværhedsgrad.")
                }
                for e in r["extension"]?.items ?? [] where e["url"]?.string != FFBReport.Extension.lastAssertedDate {
                    fail("\(p).extension", ref, "Kun udvidelsen ConditionLastAssertedDate er tilladt (lukket slicing).")
                }
            case .targetGroup:
                requireBinding(r["code"], ["KLConditionsAndTargetGroupsFFB", FFBValueSet.targetGroups, FFBValueSet.conditions], rule: "\(p).code", ref: ref,
                               element: "code", exactlyOne: false)
                requireDate(r["recordedDate"], rule: "\(p).recordedDate", ref: ref, element: "recordedDate")
            case .interventionGoal:
                if r["lifecycleStatus"]?.string == nil { fail("\(p).lifecycleStatus", ref, "lifecycleStatus skal være udfyldt.") }
                if (r["category"]?.items ?? []).count != 1 { fail("\(p).category", ref, "category skal have præcis én værdi (1..1).") }
                requirePattern(r["category"], system: FFBReport.System.klCommon, code: FFBReport.FixedCode.interventionGoal, rule: "\(p).category", ref: ref,
                               element: "category")
                if (r["description"]?.all("coding") ?? []).count != 1 { fail("\(p).description", ref, "description skal have præcis én kode.") }
                requirePattern(r["description"], system: FFBReport.System.snomed, code: FFBReport.FixedCode.goalDescription, rule: "\(p).description",
                               ref: ref, element: "description")
                let targets = r["target"]?.items ?? []
                let severity = targets.filter { codes($0["measure"], system: FFBReport.System.klCommon).contains(FFBReport.FixedCode.functionalLevel) }
                let change = targets.filter { codes($0["measure"], system: FFBReport.System.klCommon).contains(FFBReport.FixedCode.goalType) }
                if severity.count != 1 { fail("\(p).target:severitySlice", ref, "Målet skal have præcis ét forventet funktionsevneniveau (1..1).") }
                if change.count != 1 { fail("\(p).target:changeValueSlice", ref, "Målet skal have præcis én måltype (1..1).") }
                for t in severity { requireBinding(t["detailCodeableConcept"], [FFBValueSet.severities], rule: "\(p).target:severitySlice", ref: ref, element: "target.detailCodeableConcept") }
                for t in change { requireBinding(t["detailCodeableConcept"], [FFBValueSet.changeValues], rule: "\(p).target:changeValueSlice", ref: ref, element: "target.detailCodeableConcept") }
                let addresses = r["addresses"]?.items ?? []
                for a in addresses {
                    let target = a["reference"]?.string.flatMap { resources[$0] }
                    let isAD = codes(target?["code"], system: FFBReport.System.ffb).contains { inFFB($0, [FFBValueSet.activityAndParticipation]) }
                    if profileOf(a) != .condition || !isAD {
                        fail("kl-reporting-ffb-intervention-goal-1", ref, "Et indsatsmål må kun vedrøre tilstande under Aktivitet og deltagelse.")
                    }
                }
                if addresses.filter({ rank($0) == 1 }).count != 1 {
                    fail("kl-reporting-ffb-intervention-goal-2", ref, "Et indsatsmål skal vedrøre præcis én tilstand med rang 1 (primær).")
                }
                for a in addresses where (rank(a) ?? 1) > 2 || (rank(a) ?? 1) < 1 {
                    fail("\(p).addresses.extension:conditionRank", ref, "ConditionRank skal være 1 eller 2.")
                }
            case .carePlan:
                if extensions(r, FFBReport.Extension.caseNumber).count != 1 {
                    fail("\(p).extension:municipalityCaseNumber", ref, "Indsatsen skal have kommunens sagsnummer (1..1).")
                }
                let followUp = extensions(r, FFBReport.Extension.followUpDate)
                if followUp.count > 1 { fail("\(p).extension:followUpDate", ref, "Højst én opfølgningsdato (0..1).") }
                for f in followUp where profileOf(f["valueReference"]) != .followUpEncounter {
                    fail("\(p).extension:followUpDate", ref, "Opfølgningsdatoen skal pege på en opfølgning (FollowUpEncounter) i rapporten.")
                }
                checkPlanBasics(r, ref: ref, profile: profile)
                requireDate(r["period"]?["start"], rule: "\(p).period.start", ref: ref, element: "period.start")
                let addresses = r["addresses"]?.items ?? []
                for a in addresses {
                    if profileOf(a) != .targetGroup { fail("\(p).addresses", ref, "addresses skal pege på en målgruppe (TargetGroup) i rapporten.") }
                    if rank(a) == nil || extensions(a, FFBReport.Extension.conditionRank).count != 1 {
                        fail("\(p).addresses.extension:conditionRank", ref, "Hver målgruppe skal have en rang (1..1).")
                    } else if let k = rank(a), !(1...2).contains(k) {
                        fail("\(p).addresses.extension:conditionRank", ref, "ConditionRank skal være 1 eller 2.")
                    }
                }
                if addresses.filter({ rank($0) == 1 }).count > 1 { fail("kl-reporting-ffb-care-plan-2", ref, "Højst én primær målgruppe (rang 1).") }
                for g in r["goal"]?.items ?? [] where profileOf(g) != .interventionGoal {
                    fail("\(p).goal", ref, "goal skal pege på et indsatsmål i rapporten.")
                }
                let activities = r["activity"]?.items ?? []
                if activities.count > 1 { fail("\(p).activity", ref, "Højst én activity (0..1).") }
                for a in activities {
                    let outcomes = a["outcomeReference"]?.items ?? []
                    if outcomes.count != 1 || profileOf(outcomes.first) != .careEvaluation {
                        fail("\(p).activity.outcomeReference", ref, "activity.outcomeReference skal pege på præcis én støttebehovsvurdering (1..1).")
                    }
                    for key in (a.object ?? [:]).keys where key != "outcomeReference" { fail("\(p).activity.\(key)", ref, "activity.\(key) må ikke være med (0..0).") }
                }
                let open = r["intent"]?.string == "order" && r["status"]?.string != "completed"
                if open && followUp.isEmpty {
                    fail("kl-reporting-ffb-care-plan-1", ref, "En bevilget indsats, der ikke er afsluttet, skal have en opfølgningsdato.")
                }
                if open && activities.isEmpty {
                    fail("kl-reporting-ffb-care-plan-4", ref, "En bevilget indsats, der ikke er afsluttet, skal have en støttebehovsvurdering (ID 59).")
                }
                if open && addresses.isEmpty {
                    fail("kl-reporting-ffb-care-plan-5", ref, "En bevilget indsats, der ikke er afsluttet, skal have målgrupper (ID 60).")
                }
            case .intervention:
                let basedOn = r["basedOn"]?.items ?? []
                if basedOn.isEmpty || basedOn.contains(where: { profileOf($0) != .carePlan }) {
                    fail("\(p).basedOn", ref, "Ydelsen skal bygge på en indsats (CarePlan) i rapporten (1..*).")
                }
                checkPlanBasics(r, ref: ref, profile: profile)
                if let period = r["period"] { requireDate(period["start"], rule: "\(p).period.start", ref: ref, element: "period.start") }
                requireDate(r["created"], rule: "\(p).created", ref: ref, element: "created")
                let activities = r["activity"]?.items ?? []
                if activities.isEmpty { fail("\(p).activity", ref, "Ydelsen skal have mindst én activity (1..*).") }
                for a in activities {
                    guard let detail = a["detail"] else { fail("\(p).activity.detail", ref, "activity.detail skal være udfyldt (1..1)."); continue }
                    requireBinding(detail["code"], [FFBValueSet.interventions], rule: "\(p).activity.detail.code", ref: ref, element: "activity.detail.code")
                    if detail["status"]?.string == nil { fail("\(p).activity.detail.status", ref, "activity.detail.status skal være udfyldt.") }
                    for key in (detail.object ?? [:]).keys where !["code", "status"].contains(key) {
                        fail("\(p).activity.detail.\(key)", ref, "activity.detail.\(key) må ikke være med (0..0).")
                    }
                }
            case .servicePerformer:
                if (r["category"]?.items ?? []).count != 1 { fail("\(p).category", ref, "category skal have præcis én værdi (1..1).") }
                requireBinding(r["category"], [FFBValueSet.services], rule: "\(p).category", ref: ref, element: "category")
            case .followUpEncounter:
                if r["status"]?.string != "planned" { fail("\(p).status", ref, "status skal være »planned«.") }
                if r["class"]?["system"]?.string != FFBReport.System.actCode || r["class"]?["code"]?.string != "HH" {
                    fail("\(p).class", ref, "class skal være v3-ActCode#HH.")
                }
                let types = r["type"]?.items ?? []
                if types.count != 1 || (types.first?.all("coding") ?? []).count != 1 {
                    fail("\(p).type", ref, "type skal have præcis én kode (1..1).")
                }
                requirePattern(r["type"], system: FFBReport.System.klCommon, code: FFBReport.FixedCode.followUpEncounter, rule: "\(p).type", ref: ref,
                               element: "type")
                requireDate(r["period"]?["start"], rule: "\(p).period.start", ref: ref, element: "period.start")
                if r["period"]?["end"] != nil { fail("\(p).period.end", ref, "period.end må ikke være med (0..0).") }
            case .careEvaluation:
                if r["status"]?.string == nil { fail("\(p).status", ref, "status skal være udfyldt.") }
                if (r["code"]?.all("coding") ?? []).count != 1 { fail("\(p).code", ref, "code skal have præcis én kode.") }
                requirePattern(r["code"], system: FFBReport.System.klCommon, code: FFBReport.FixedCode.supportNeedAssessment, rule: "\(p).code", ref: ref,
                               element: "code")
                requireBinding(r["valueCodeableConcept"], [FFBValueSet.needs], rule: "\(p).valueCodeableConcept", ref: ref, element: "valueCodeableConcept")
                requireDate(r["effectiveDateTime"], rule: "\(p).effective[x]", ref: ref, element: "effectiveDateTime")
            case .followUp:
                if !["final", "entered-in-error"].contains(r["status"]?.string ?? "") {
                    fail("kl-reporting-ffb-follow-up-1", ref, "status skal være »final« eller »entered-in-error«.")
                }
                if (r["code"]?.all("coding") ?? []).count != 1 { fail("\(p).code", ref, "code skal have præcis én kode.") }
                requirePattern(r["code"], system: FFBReport.System.snomed, code: FFBReport.FixedCode.followUpObservation, rule: "\(p).code", ref: ref,
                               element: "code")
                let focus = r["focus"]?.items ?? []
                if focus.isEmpty || focus.contains(where: { profileOf($0) != .carePlan }) {
                    fail("\(p).focus", ref, "focus skal pege på en indsats (CarePlan) i rapporten (1..*).")
                }
                requireBinding(r["valueCodeableConcept"], [FFBValueSet.followUp], rule: "\(p).value[x]", ref: ref, element: "valueCodeableConcept")
                requireDate(r["effectiveDateTime"], rule: "\(p).effective[x]", ref: ref, element: "effectiveDateTime")
            }
        }

        mutating func checkPlanBasics(_ r: FHIRValue, ref: String, profile: FFBReport.Profile) {
            let p = profile.rawValue
            let statuses = ["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"]
            if !statuses.contains(r["status"]?.string ?? "") { fail("\(p).status", ref, "status skal være en gyldig request-status.") }
            if !["proposal", "plan", "order", "option"].contains(r["intent"]?.string ?? "") {
                fail("\(p).intent", ref, "intent skal være proposal, plan, order eller option.")
            }
            if profile == .carePlan {
                for e in r["extension"]?.items ?? [] where ![FFBReport.Extension.caseNumber, FFBReport.Extension.followUpDate].contains(e["url"]?.string ?? "") {
                    fail("\(p).extension", ref, "Udvidelsen \(e["url"]?.string ?? "") er ikke tilladt.")
                }
            }
            if r["period"] == nil && profile == .carePlan { fail("\(p).period", ref, "period skal være udfyldt (1..1).") }
        }
    }
}
