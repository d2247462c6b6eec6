import Foundation
@testable import OpenVUMDomain
import Testing

/// The real FFB terminology (`shared/terminology/ffb.json`), read the way the product's import reads it: each concept
/// with the value sets it belongs to.
struct SharedFFBTerminology: TerminologyLookup {
    let valueSets: [String: Set<String>]

    static let loaded: SharedFFBTerminology = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/terminology/ffb.json")
        let json = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
        var sets: [String: Set<String>] = [:]
        for c in json["concepts"] as? [[String: Any]] ?? [] {
            guard let code = c["code"] as? String else { continue }
            sets[code] = Set(c["valueSets"] as? [String] ?? [])
        }
        return SharedFFBTerminology(valueSets: sets)
    }()

    func contains(_ system: TerminologySystem, code: String, valueSet: String?) -> Bool {
        guard system == .ffb, let sets = valueSets[code] else { return false }
        return valueSet.map { sets.contains($0) } ?? true
    }

    func display(_ system: TerminologySystem, code: String) -> String? { nil }
}

/// The FFB report of one citizen (issue 16 item 4): what each part of a case becomes, worked out by hand against the
/// profile document, and one test per rule of the profile: a Bundle that breaks it is found with the rule's name.
@Suite("FFB report: the Bundle of a citizen's case, and each rule of KL's FFB reporting profile 1.0.0")
struct FFBReportTests {
    static let terminology = SharedFFBTerminology.loaded
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    // Real FFB codes (ffb.json, CodeSystem version 20240530).
    static let adCode = "3f9da5ac-9686-4eeb-b517-b46e17fcb1d7"        // Indgå i samspil og kontakt (Aktivitet og deltagelse)
    static let ffCode = "17c35058-eb88-4a7a-8727-74cd12be42c7"        // Opmærksomhed og koncentrationsevne (Funktionsevne)
    static let targetGroup = "16075f99-3694-4878-a48d-b2f4b515cb76"   // Social isolation
    static let targetGroup2 = "122f3f8e-84a0-476f-b9c5-0e40b1dcf113"  // Prostitution
    static let service = "5af56051-8413-4115-aaa2-83a0767e1137"       // Længerevarende ophold
    static let offer = "d90f4da6-f87a-43b5-833f-646b4baf16d6"         // Mobilt tilbud
    static let need = "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76"          // Moderat støttebehov
    static let develop = "d41c8072-52f8-42b5-9375-ddbea454d27f"       // Udvikle funktionsevne
    static let continueCode = "1e971d84-10a4-4ef8-a8b3-0daa4c7d088a"  // fortsættelse af indsats

    static let citizenID = UUID(uuidString: "11111111-1111-4111-8111-111111111111")!
    static let caseID = UUID(uuidString: "22222222-2222-4222-8222-222222222222")!
    static let goalID = UUID(uuidString: "33333333-3333-4333-8333-333333333333")!
    static let interventionID = UUID(uuidString: "44444444-4444-4444-8444-444444444444")!
    static let followUpID = UUID(uuidString: "55555555-5555-4555-8555-555555555555")!
    static let organisation = UUID(uuidString: "66666666-6666-4666-8666-666666666666")!
    static let now = Date(timeIntervalSince1970: 1_796_428_800)  // 2026-12-05T00:00:00Z

    /// A case through investigation, assessment, decision, delivery and one follow-up.
    static func document() -> CaseDocument {
        var d = CaseDocument()
        d.investigation.startedOn = day("2026-02-01")
        d.investigation.assessedSubthemes = [ffCode, adCode]
        d.investigation.functionalLevels = [FunctionalLevel(subtheme: adCode, level: 2.6, assessedOn: day("2026-02-10"))]
        d.assessment.startedOn = day("2026-03-01")
        d.assessment.currentSupportNeed = need
        d.assessment.targetGroups = [targetGroup, targetGroup2]
        d.assessment.primaryTargetGroup = targetGroup
        var g = Goal()
        g.id = goalID
        g.primaryTheme = adCode
        g.goalType = develop
        g.expectedLevel = 1.4
        d.goals = [g]
        var draft = Goal()
        draft.id = UUID()
        draft.primaryTheme = adCode
        d.goals.append(draft)
        var i = Intervention()
        i.id = interventionID
        i.services = [CodedService(code: service, paragraph: "SEL § 108")]
        i.offers = [CodedService(code: offer)]
        i.expectedStartDate = day("2026-04-01")
        var decision = InterventionDecision()
        decision.outcome = .granted
        decision.decidedOn = day("2026-03-20")
        decision.followUpDate = day("2026-10-01")
        i.decision = decision
        var delivery = InterventionDelivery()
        delivery.startDate = day("2026-04-03")
        i.delivery = delivery
        var refused = Intervention()
        refused.id = UUID()
        refused.services = [CodedService(code: service)]
        var no = InterventionDecision()
        no.outcome = .refused
        refused.decision = no
        d.interventions = [i, refused]
        var f = FollowUp()
        f.id = followUpID
        f.followUpDate = day("2026-10-02")
        f.interventionStatuses = [InterventionStatus(interventionId: interventionID, status: continueCode)]
        f.nextFollowUpDate = day("2027-04-01")
        d.followUps = [f]
        return d
    }

    static func facts(_ d: CaseDocument = document(), organisation: UUID? = organisation, cpr: String = "0707614285") -> FFBReport.CitizenFacts {
        FFBReport.CitizenFacts(citizenID: citizenID, cpr: cpr, organisation: organisation,
                               cases: [FFBReport.CaseFacts(caseID: caseID, caseNumber: "2026-00042", openedOn: day("2026-01-15"), closed: false, document: d)])
    }

    static func bundle(_ f: FFBReport.CitizenFacts = facts()) -> FHIRValue {
        FFBReport.bundle(f, day: day("2026-12-04"), now: now, terminology: terminology)
    }

    static func resources(_ b: FHIRValue, _ profile: FFBReport.Profile) -> [FHIRValue] {
        b.all("entry.resource").filter { ($0["meta"]?.all("profile") ?? []).contains(.string(profile.url)) }
    }

    static func rules(_ b: FHIRValue) -> Set<String> { Set(FFBValidation.violations(b, terminology: terminology).map(\.rule)) }

    /// The Bundle with every resource of `profile` changed by `change`.
    static func mutate(_ b: FHIRValue, _ profile: FFBReport.Profile, _ change: (inout [String: FHIRValue]) -> Void) -> FHIRValue {
        guard var top = b.object, case .array(let entries) = top["entry"] else { return b }
        top["entry"] = .array(entries.map { e in
            guard var entry = e.object, var r = entry["resource"]?.object,
                  (r["meta"]?.all("profile") ?? []).contains(.string(profile.url)) else { return e }
            change(&r)
            entry["resource"] = .object(r)
            return .object(entry)
        })
        return .object(top)
    }

    static func top(_ b: FHIRValue, _ change: (inout [String: FHIRValue]) -> Void) -> FHIRValue {
        var o = b.object!
        change(&o)
        return .object(o)
    }

    // MARK: What the case becomes

    @Test("the terminology file is there (the rules below would pass vacuously without it)")
    func terminologyLoaded() {
        #expect(Self.terminology.valueSets.count == 220)
        #expect(Self.terminology.contains(.ffb, code: Self.adCode, valueSet: FFBValueSet.activityAndParticipation))
    }

    @Test("a case in delivery: one citizen, the case request, the investigation, two conditions, support need, two target groups, the completed goal only, the grant with its ydelse, tilbud, next follow-up and the follow-up's status — and no rule broken")
    func wholeCase() throws {
        let b = Self.bundle()
        #expect(FFBValidation.violations(b, terminology: Self.terminology) == [])
        let types = b.all("entry.resource").compactMap { $0["resourceType"]?.string }
        // 1 Patient, 1 ServiceRequest, 2 Condition, 1 Observation (support need), 1 ClinicalImpression, 2 Condition (target groups),
        // 1 Goal (the draft is left out), 1 Encounter, 1 CareTeam, 1 CarePlan (the indsats), 1 CarePlan (the ydelse), 1 Observation (follow-up).
        #expect(types.count == 14)
        #expect(types.filter { $0 == "Condition" }.count == 4 && types.filter { $0 == "CarePlan" }.count == 2 && types.filter { $0 == "Goal" }.count == 1)
        #expect(b["type"] == "collection" && b["timestamp"] == "2026-12-05T00:00:00Z")

        let patient = try #require(Self.resources(b, .citizen).first)
        #expect(patient["identifier"] == [["use": "official", "system": "urn:oid:1.2.208.176.1.2", "value": "0707614285"]])
        #expect(patient["managingOrganization"]?["identifier"]?["value"] == "66666666-6666-4666-8666-666666666666")

        // The AD condition: its level 2.6 rounds to 3, Svært nedsat; reassessed on 10 Feb after the investigation began on 1 Feb.
        let conditions = Self.resources(b, .condition)
        let ad = try #require(conditions.first { $0.all("code.coding.code").contains(.string(Self.adCode)) })
        #expect(ad.all("severity.coding.code") == ["cae545f5-2813-4d79-98fc-0a7d770af3cd"])
        #expect(ad["recordedDate"] == "2026-02-01" && ad.all("extension.valueDateTime") == ["2026-02-10"])
        let ff = try #require(conditions.first { $0.all("code.coding.code").contains(.string(Self.ffCode)) })
        #expect(ff["severity"] == nil)

        let plan = try #require(Self.resources(b, .carePlan).first)
        #expect(plan["intent"] == "order" && plan["status"] == "active" && plan["period"] == ["start": "2026-04-03"])
        #expect(plan.all("extension.extension.valueIdentifier.value") == ["2026-00042"])
        #expect(plan.all("addresses.extension.valuePositiveInt") == [1, 2])
        // The next follow-up is the one planned at the follow-up (1 April 2027), not the decision's.
        let encounter = try #require(Self.resources(b, .followUpEncounter).first)
        #expect(encounter["period"] == ["start": "2027-04-01"])
        let ydelse = try #require(Self.resources(b, .intervention).first)
        #expect(ydelse["created"] == "2026-03-20" && ydelse.all("activity.detail.status") == ["in-progress"])
        #expect(ydelse.all("activity.detail.code.coding.code") == [.string(Self.service)])
        let goal = try #require(Self.resources(b, .interventionGoal).first)
        // Expected level 1.4 rounds to 1, Let nedsat.
        #expect(goal.all("target.detailCodeableConcept.coding.code") == ["8328ce4a-6238-4f73-bf1a-74aadb68eff8", .string(Self.develop)])
        #expect(Self.resources(b, .followUp).first?.all("valueCodeableConcept.coding.code") == [.string(Self.continueCode)])
    }

    @Test("the same case gives the same ids the next day (an update), other citizens' cases other ids, and no free text anywhere")
    func stableIDs() throws {
        let a = Self.bundle(), b = FFBReport.bundle(Self.facts(), day: Self.day("2026-12-05"), now: Self.now.addingTimeInterval(86_400), terminology: Self.terminology)
        let ids = { (x: FHIRValue) in x.all("entry.resource.id") }
        #expect(ids(a) == ids(b) && Set(ids(a)).count == ids(a).count)
        #expect(StableID.uuid("x") == StableID.uuid("x") && StableID.uuid("x") != StableID.uuid("y"))
        #expect(StableID.id("x").range(of: #"^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#, options: .regularExpression) != nil)
        var other = Self.facts()
        other.citizenID = UUID()
        other.cases[0].caseID = UUID()
        #expect(Set(ids(FFBReport.bundle(other, day: Self.day("2026-12-04"), now: Self.now, terminology: Self.terminology))).isDisjoint(with: ids(a)))
        let json = try a.json()
        #expect(!json.contains("\"text\"") && !json.contains("\"note\"") && !json.contains("\"display\""))
    }

    @Test("an ended grant: completed, with its end date, no planned follow-up needed; a closed case's request is completed")
    func ended() throws {
        var d = Self.document()
        d.interventions[0].end = InterventionEnd(endedOn: Self.day("2026-11-30"), reason: .endedAtFollowUp)
        var f = Self.facts(d)
        f.cases[0].closed = true
        let b = Self.bundle(f)
        #expect(FFBValidation.violations(b, terminology: Self.terminology) == [])
        let plan = try #require(Self.resources(b, .carePlan).first)
        #expect(plan["status"] == "completed" && plan["period"]?["end"] == "2026-11-30" && plan["extension"]?.items.count == 1)
        #expect(Self.resources(b, .followUpEncounter).isEmpty)
        #expect(Self.resources(b, .serviceRequest).first?["status"] == "completed")
        #expect(Self.resources(b, .intervention).first?.all("activity.detail.status") == ["completed"])
    }

    // MARK: One test per rule (profile document §§ 1–13)

    @Test("§1 Bundle: type collection, timestamp 1..1, no identifier/total/link/signature, entry.request 0..0, a resource per entry, fullUrls unique (bdl-7), only the allowed resource types")
    func bundleRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.top(b) { $0["type"] = "batch" }).contains("kl-reporting-ffb-deliveryReport.type"))
        #expect(Self.rules(Self.top(b) { $0["timestamp"] = nil }).contains("kl-reporting-ffb-deliveryReport.timestamp"))
        #expect(Self.rules(Self.top(b) { $0["total"] = 1 }).contains("kl-reporting-ffb-deliveryReport.total"))
        #expect(Self.rules(Self.top(b) { $0["identifier"] = ["value": "x"] }).contains("kl-reporting-ffb-deliveryReport.identifier"))
        let entries = b["entry"]!.items
        #expect(Self.rules(Self.top(b) { $0["entry"] = .array(entries + [["fullUrl": "x/1"]]) }).contains("kl-reporting-ffb-deliveryReport.entry.resource"))
        #expect(Self.rules(Self.top(b) { $0["entry"] = .array(entries + [entries[1]]) }).contains("bdl-7"))
        var request = entries[1].object!
        request["request"] = ["method": "POST"]
        #expect(Self.rules(Self.top(b) { $0["entry"] = .array(entries + [.object(request)]) }).contains("kl-reporting-ffb-deliveryReport.entry.request"))
        let medication: FHIRValue = ["fullUrl": "MedicationRequest/1", "resource": ["resourceType": "MedicationRequest", "id": "1"]]
        #expect(Self.rules(Self.top(b) { $0["entry"] = .array(entries + [medication]) }).contains("kl-reporting-ffb-deliveryReport.entry.resource"))
    }

    @Test("report-1/2/3 as intended: every Condition, CarePlan and Observation conforms to one of its two profiles")
    func conformsTo() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .targetGroup) { $0["meta"] = ["lastUpdated": "2026-12-05T00:00:00Z"] }).contains("kl-reporting-ffb-delivery-report-1"))
        #expect(Self.rules(Self.mutate(b, .intervention) { $0["meta"] = ["profile": ["http://example.org/x"], "lastUpdated": "2026-12-05T00:00:00Z"] })
            .contains("kl-reporting-ffb-delivery-report-2"))
        #expect(Self.rules(Self.mutate(b, .followUp) { $0["meta"] = ["lastUpdated": "2026-12-05T00:00:00Z"] }).contains("kl-reporting-ffb-delivery-report-3"))
    }

    @Test("§2 Citizen: exactly one per report, one official CPR identifier matching the profile's pattern, a KOMBIT STS organisation, nothing else (name 0..0)")
    func citizenRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.bundle(Self.facts(cpr: "3202611234"))).contains("cpr"))       // 32 February
        #expect(Self.rules(Self.bundle(Self.facts(organisation: nil))).contains("kl-reporting-ffb-citizen.managingOrganization"))
        #expect(Self.rules(Self.mutate(b, .citizen) { $0["name"] = [["family": "Holm"]] }).contains("kl-reporting-ffb-citizen.name"))
        #expect(Self.rules(Self.mutate(b, .citizen) { $0["identifier"] = [["use": "usual", "system": "urn:oid:1.2.208.176.1.2", "value": "0707614285"]] })
            .contains("kl-reporting-ffb-citizen.identifier"))
        let patient = b["entry"]!.items[0]
        var second = patient.object!
        second["fullUrl"] = "Patient/other"
        #expect(Self.rules(Self.top(b) { $0["entry"] = .array(b["entry"]!.items + [.object(second)]) }).contains("kl-reporting-ffb-citizen.count"))
    }

    @Test("§3 ServiceRequest: intent proposal, the case-number extension only (closed slicing), code 0..0")
    func serviceRequestRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .serviceRequest) { $0["intent"] = "order" }).contains("kl-reporting-ffb-serviceRequest.intent"))
        #expect(Self.rules(Self.mutate(b, .serviceRequest) { $0["extension"] = [["url": "http://example.org/x", "valueString": "y"]] })
            .contains("kl-reporting-ffb-serviceRequest.extension"))
        #expect(Self.rules(Self.mutate(b, .serviceRequest) { $0["code"] = ["coding": [["system": "x", "code": "y"]]] }).contains("kl-reporting-ffb-serviceRequest.code"))
    }

    @Test("§4 InformationGathering: based on the ServiceRequest (1..1), effectiveDateTime 1..1, findings only FFB conditions, at most one investigation")
    func informationGatheringRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .informationGathering) { $0["extension"] = nil }).contains("kl-reporting-ffb-informationGathering.extension:basedOnServiceRequest"))
        #expect(Self.rules(Self.mutate(b, .informationGathering) { $0["effectiveDateTime"] = nil }).contains("kl-reporting-ffb-informationGathering.effective[x]"))
        let tg = Self.resources(b, .targetGroup)[0]["id"]!.string!
        #expect(Self.rules(Self.mutate(b, .informationGathering) { $0["finding"] = [["itemReference": ["reference": .string("Condition/\(tg)")]]] })
            .contains("kl-reporting-ffb-informationGathering.finding.itemReference"))
        #expect(Self.rules(Self.mutate(b, .informationGathering) { $0["investigation"] = .array($0["investigation"]!.items + $0["investigation"]!.items) })
            .contains("kl-reporting-ffb-informationGathering.investigation"))
    }

    @Test("§5 Condition: clinicalStatus and recordedDate 1..1, code from KLConditionCodesFFB in the imported terminology, condition-1: severity exactly for Aktivitet og deltagelse")
    func conditionRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .condition) { $0["clinicalStatus"] = nil }).contains("kl-reporting-ffb-condition.clinicalStatus"))
        #expect(Self.rules(Self.mutate(b, .condition) { $0["recordedDate"] = nil }).contains("kl-reporting-ffb-condition.recordedDate"))
        var unknown = Self.document()
        unknown.investigation.assessedSubthemes = ["not-a-ffb-code"]
        #expect(Self.rules(Self.bundle(Self.facts(unknown))).contains("kl-reporting-ffb-condition.code"))
        #expect(Self.rules(Self.mutate(b, .condition) { $0["severity"] = nil }).contains("kl-reporting-ffb-condition-1"))
        #expect(Self.rules(Self.mutate(b, .condition) { $0["severity"] = FFBReport.concept(FFBReport.System.ffb, FFBSeverity.mild) })
            .contains("kl-reporting-ffb-condition-1"))
        #expect(Self.rules(Self.mutate(b, .condition) { $0["onsetDateTime"] = "2026-01-01" }).contains("kl-reporting-ffb-condition.onsetDateTime"))
    }

    @Test("§6 TargetGroup: a code from KLConditionsAndTargetGroupsFFB, recordedDate 1..1, severity 0..0")
    func targetGroupRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .targetGroup) { $0["code"] = FFBReport.concept(FFBReport.System.ffb, Self.service) }).contains("kl-reporting-ffb-targetGroup.code"))
        #expect(Self.rules(Self.mutate(b, .targetGroup) { $0["recordedDate"] = nil }).contains("kl-reporting-ffb-targetGroup.recordedDate"))
        #expect(Self.rules(Self.mutate(b, .targetGroup) { $0["severity"] = FFBReport.concept(FFBReport.System.ffb, FFBSeverity.mild) })
            .contains("kl-reporting-ffb-targetGroup.severity"))
    }

    @Test("§7 InterventionGoal: category and description patterns, both target slices with their bindings, goal-1 (only AD conditions), goal-2 (exactly one rank 1)")
    func goalRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .interventionGoal) { $0["category"] = [FFBReport.concept(FFBReport.System.klCommon, "x")] })
            .contains("kl-reporting-ffb-interventionGoal.category"))
        #expect(Self.rules(Self.mutate(b, .interventionGoal) { $0["description"] = FFBReport.concept(FFBReport.System.snomed, "1") })
            .contains("kl-reporting-ffb-interventionGoal.description"))
        #expect(Self.rules(Self.mutate(b, .interventionGoal) { $0["target"] = .array([$0["target"]!.items[1]]) })
            .contains("kl-reporting-ffb-interventionGoal.target:severitySlice"))
        #expect(Self.rules(Self.mutate(b, .interventionGoal) { $0["target"] = .array([$0["target"]!.items[0]]) })
            .contains("kl-reporting-ffb-interventionGoal.target:changeValueSlice"))
        var wrongType = Self.document()
        wrongType.goals[0].goalType = Self.need
        #expect(Self.rules(Self.bundle(Self.facts(wrongType))).contains("kl-reporting-ffb-interventionGoal.target:changeValueSlice"))
        var ffTheme = Self.document()
        ffTheme.goals[0].primaryTheme = Self.ffCode
        #expect(Self.rules(Self.bundle(Self.facts(ffTheme))).contains("kl-reporting-ffb-intervention-goal-1"))
        #expect(Self.rules(Self.mutate(b, .interventionGoal) { $0["addresses"] = [["reference": $0["addresses"]!.items[0]["reference"]!]] })
            .contains("kl-reporting-ffb-intervention-goal-2"))
    }

    @Test("§8 CarePlan: case number 1..1, period.start 1..1, ranked target groups with at most one primary (care-plan-2), and an open order needs a follow-up (1), a support need (4) and target groups (5)")
    func carePlanRules() {
        let b = Self.bundle()
        let noNumber = Self.mutate(b, .carePlan) { r in r["extension"] = .array(r["extension"]!.items.filter { $0["url"]?.string != FFBReport.Extension.caseNumber }) }
        #expect(Self.rules(noNumber).contains("kl-reporting-ffb-carePlan.extension:municipalityCaseNumber"))
        #expect(Self.rules(Self.mutate(b, .carePlan) { $0["period"] = ["end": "2027-01-01"] }).contains("kl-reporting-ffb-carePlan.period.start"))
        var twoPrimary = Self.document()
        twoPrimary.assessment.targetGroups = [Self.targetGroup]
        let one = Self.bundle(Self.facts(twoPrimary))
        #expect(Self.rules(Self.mutate(one, .carePlan) { $0["addresses"] = .array($0["addresses"]!.items + $0["addresses"]!.items) }).contains("kl-reporting-ffb-care-plan-2"))
        var noFollowUp = Self.document()
        noFollowUp.interventions[0].decision?.followUpDate = nil
        noFollowUp.followUps = []
        #expect(Self.rules(Self.bundle(Self.facts(noFollowUp))) == ["kl-reporting-ffb-care-plan-1"])
        var noNeed = Self.document()
        noNeed.assessment.currentSupportNeed = nil
        #expect(Self.rules(Self.bundle(Self.facts(noNeed))).contains("kl-reporting-ffb-care-plan-4"))
        var noGroups = Self.document()
        noGroups.assessment.targetGroups = nil
        #expect(Self.rules(Self.bundle(Self.facts(noGroups))) == ["kl-reporting-ffb-care-plan-5"])
        #expect(Self.rules(Self.mutate(b, .carePlan) { $0["title"] = "x" }).contains("kl-reporting-ffb-carePlan.title"))
    }

    @Test("§9 Intervention: basedOn a CarePlan, created 1..1, one activity.detail.code from KLInterventionsFFB")
    func interventionRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .intervention) { $0["basedOn"] = nil }).contains("kl-reporting-ffb-intervention.basedOn"))
        #expect(Self.rules(Self.mutate(b, .intervention) { $0["created"] = nil }).contains("kl-reporting-ffb-intervention.created"))
        var offerAsService = Self.document()
        offerAsService.interventions[0].services = [CodedService(code: Self.offer)]
        #expect(Self.rules(Self.bundle(Self.facts(offerAsService))).contains("kl-reporting-ffb-intervention.activity.detail.code"))
        #expect(Self.rules(Self.mutate(b, .intervention) { $0["activity"] = nil }).contains("kl-reporting-ffb-intervention.activity"))
    }

    @Test("§10 ServicePerformer: one category from KLServiceCodesFFB, subject the citizen")
    func servicePerformerRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .servicePerformer) { $0["category"] = [FFBReport.concept(FFBReport.System.ffb, Self.service)] })
            .contains("kl-reporting-ffb-servicePerformer.category"))
        #expect(Self.rules(Self.mutate(b, .servicePerformer) { $0["subject"] = nil }).contains("kl-reporting-ffb-servicePerformer.subject"))
    }

    @Test("§11 FollowUpEncounter: status planned, class HH, type opfølgning, period.start 1..1 and no end")
    func followUpEncounterRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .followUpEncounter) { $0["status"] = "finished" }).contains("kl-reporting-ffb-followUpEncounter.status"))
        #expect(Self.rules(Self.mutate(b, .followUpEncounter) { $0["class"] = FFBReport.coding(FFBReport.System.actCode, "AMB") })
            .contains("kl-reporting-ffb-followUpEncounter.class"))
        #expect(Self.rules(Self.mutate(b, .followUpEncounter) { $0["type"] = [FFBReport.concept(FFBReport.System.klCommon, "x")] })
            .contains("kl-reporting-ffb-followUpEncounter.type"))
        #expect(Self.rules(Self.mutate(b, .followUpEncounter) { $0["period"] = ["start": "2027-04-01", "end": "2027-04-02"] })
            .contains("kl-reporting-ffb-followUpEncounter.period.end"))
    }

    @Test("§12a CareEvaluation: code støttebehovsvurdering, value from KLNeedsAssessmentCodesFFB, effective 1..1")
    func careEvaluationRules() {
        let b = Self.bundle()
        var wrong = Self.document()
        wrong.assessment.currentSupportNeed = FFBSeverity.mild
        #expect(Self.rules(Self.bundle(Self.facts(wrong))).contains("kl-reporting-ffb-careEvaluation.valueCodeableConcept"))
        #expect(Self.rules(Self.mutate(b, .careEvaluation) { $0["effectiveDateTime"] = nil }).contains("kl-reporting-ffb-careEvaluation.effective[x]"))
        #expect(Self.rules(Self.mutate(b, .careEvaluation) { $0["code"] = FFBReport.concept(FFBReport.System.klCommon, "x") }).contains("kl-reporting-ffb-careEvaluation.code"))
    }

    @Test("§12b FollowUp: follow-up-1 (final or entered-in-error), code SCT 712744002, focus a CarePlan, value from KLFollowUpCodesFFB")
    func followUpRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .followUp) { $0["status"] = "preliminary" }).contains("kl-reporting-ffb-follow-up-1"))
        #expect(Self.rules(Self.mutate(b, .followUp) { $0["focus"] = nil }).contains("kl-reporting-ffb-followUp.focus"))
        var wrong = Self.document()
        wrong.followUps[0].interventionStatuses = [InterventionStatus(interventionId: Self.interventionID, status: Self.need)]
        #expect(Self.rules(Self.bundle(Self.facts(wrong))).contains("kl-reporting-ffb-followUp.value[x]"))
    }

    @Test("§13: every reference resolves in the Bundle, every resource has a UUID id, meta.profile and meta.lastUpdated, and no free text")
    func guideRules() {
        let b = Self.bundle()
        #expect(Self.rules(Self.mutate(b, .carePlan) { $0["goal"] = [["reference": "Goal/00000000-0000-4000-8000-000000000000"]] }).contains("kl-reporting-ffb-carePlan.reference"))
        #expect(Self.rules(Self.mutate(b, .servicePerformer) { $0["meta"] = ["profile": [.string(FFBReport.Profile.servicePerformer.url)]] })
            .contains("kl-reporting-ffb-servicePerformer.meta.lastUpdated"))
        #expect(Self.rules(Self.mutate(b, .careEvaluation) { $0["code"] = ["coding": $0["code"]!["coding"]!, "text": "Borgeren har det svært"] })
            .contains("kl-reporting-ffb.no-free-text"))
        #expect(Self.rules(Self.mutate(b, .serviceRequest) { $0["id"] = "sag-42" }).contains("kl-reporting-ffb-serviceRequest.id"))
    }
}
