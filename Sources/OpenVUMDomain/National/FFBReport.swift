import Foundation

/// The FFB report of one citizen (issue 16 item 4): a `KLReportingFFBDeliveryReport` Bundle (KL's IG "FFB
/// reporting" 1.0.0; `shared/spec/ffb-reporting-profile.md`) built from what the citizen's cases hold — a snapshot,
/// sent the day after the citizen's data changed. Every id is a `StableID` of the case's own object, so a resource
/// reported again is an update. No free text goes: only the FFB codes the caseworker chose and KL's fixed codes.
///
/// What each part of the case becomes:
/// - the case (sagsåbning) → ServiceRequest, with the case number;
/// - the investigation (sagsoplysning) → InformationGathering, its assessed subthemes and functional levels → Condition
///   (Aktivitet og deltagelse with the severity of the level);
/// - the current support need (ID 59) and a follow-up's support need after (ID 84) → CareEvaluation;
/// - the target groups (ID 60) → TargetGroup; each goal (IDs 29–32) → InterventionGoal;
/// - each granted intervention → CarePlan (the indsats, intent `order`), each FFB ydelse of it → Intervention, each FFB
///   tilbud → ServicePerformer, its next follow-up → FollowUpEncounter, the follow-ups' status on it (ID 75) → FollowUp.
public enum FFBReport {
    public static let kind = "FFB.KLReportingFFBDeliveryReport"
    /// A Bundle that broke a rule of the profile: dead-lettered at once, never sent.
    public static let invalidKind = "FFB.KLReportingFFBDeliveryReport.ugyldig"

    public enum System {
        public static let ffb = "urn:oid:1.2.208.176.2.22"
        public static let klCommon = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes"
        public static let snomed = "http://snomed.info/sct"
        public static let cpr = "urn:oid:1.2.208.176.1.2"
        public static let kombitOrganisation = "https://www.kombit.dk/organisation"
        public static let conditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
        public static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    }

    /// KL's fixed codes (CareSocialCodes and SNOMED CT) the profiles require.
    public enum FixedCode {
        public static let supportNeedAssessment = "effe55c7-572c-4a99-8fb4-2a9dda2f6572"   // FFB støttebehovsvurdering
        public static let interventionGoal = "0bb3daef-538d-45dc-b444-abdbcb63f6bc"        // FFB indsatsmål
        public static let functionalLevel = "66959f77-6e2a-4574-8423-3ff097f8b9fa"          // funktionsevneniveau
        public static let goalType = "90c48f03-f194-4b2f-ad7d-6cba1069ae48"                 // måltype
        public static let followUpEncounter = "9f03dfbb-7a97-45a5-94db-d4c3501714a9"        // opfølgning
        public static let goalDescription = "410518001"                                    // SNOMED CT
        public static let followUpObservation = "712744002"                                // SNOMED CT
    }

    public enum Profile: String, CaseIterable, Sendable {
        case deliveryReport = "kl-reporting-ffb-deliveryReport"
        case citizen = "kl-reporting-ffb-citizen"
        case serviceRequest = "kl-reporting-ffb-serviceRequest"
        case informationGathering = "kl-reporting-ffb-informationGathering"
        case condition = "kl-reporting-ffb-condition"
        case targetGroup = "kl-reporting-ffb-targetGroup"
        case interventionGoal = "kl-reporting-ffb-interventionGoal"
        case carePlan = "kl-reporting-ffb-carePlan"
        case intervention = "kl-reporting-ffb-intervention"
        case servicePerformer = "kl-reporting-ffb-servicePerformer"
        case followUpEncounter = "kl-reporting-ffb-followUpEncounter"
        case careEvaluation = "kl-reporting-ffb-careEvaluation"
        case followUp = "kl-reporting-ffb-followUp"

        public var url: String { "http://fhir.kl.dk/ffbreporting/StructureDefinition/\(rawValue)" }
        public init?(url: String) {
            let prefix = "http://fhir.kl.dk/ffbreporting/StructureDefinition/"
            guard url.hasPrefix(prefix) else { return nil }
            self.init(rawValue: String(url.dropFirst(prefix.count)))
        }

        public var resourceType: String {
            switch self {
            case .deliveryReport: "Bundle"
            case .citizen: "Patient"
            case .serviceRequest: "ServiceRequest"
            case .informationGathering: "ClinicalImpression"
            case .condition, .targetGroup: "Condition"
            case .interventionGoal: "Goal"
            case .carePlan, .intervention: "CarePlan"
            case .servicePerformer: "CareTeam"
            case .followUpEncounter: "Encounter"
            case .careEvaluation, .followUp: "Observation"
            }
        }
    }

    public enum Extension {
        public static let caseNumber = "http://fhir.kl.dk/ffbreporting/StructureDefinition/kl-reporting-ffb-municipalityCaseNumber"
        public static let followUpDate = "http://fhir.kl.dk/ffbreporting/StructureDefinition/kl-reporting-ffb-follow-up-date-extension"
        public static let basedOnServiceRequest = "http://fhir.kl.dk/core/StructureDefinition/BasedOnServiceRequest"
        public static let conditionRank = "http://fhir.kl.dk/core/StructureDefinition/ConditionRank"
        public static let lastAssertedDate = "http://fhir.kl.dk/core/StructureDefinition/ConditionLastAssertedDate"
    }

    /// What the report needs of one case.
    public struct CaseFacts: Sendable, Equatable {
        public var caseID: UUID
        public var caseNumber: String
        public var openedOn: CalendarDate
        /// The case is closed (Afsluttet): its ServiceRequest is completed.
        public var closed: Bool
        public var document: CaseDocument
        public init(caseID: UUID, caseNumber: String, openedOn: CalendarDate, closed: Bool, document: CaseDocument) {
            self.caseID = caseID
            self.caseNumber = caseNumber
            self.openedOn = openedOn
            self.closed = closed
            self.document = document
        }
    }

    /// What the report needs of the citizen.
    public struct CitizenFacts: Sendable, Equatable {
        public var citizenID: UUID
        public var cpr: String
        /// The municipality's organisation UUID in KOMBIT's STS Organisation (`CaseSettings.kombitOrganisationId`).
        public var organisation: UUID?
        public var cases: [CaseFacts]
        public init(citizenID: UUID, cpr: String, organisation: UUID?, cases: [CaseFacts]) {
            self.citizenID = citizenID
            self.cpr = cpr
            self.organisation = organisation
            self.cases = cases
        }
    }

    /// The Bundle of `citizen` at `now`, for the report of `day`.
    public static func bundle(_ citizen: CitizenFacts, day: CalendarDate, now: Date, terminology: any TerminologyLookup) -> FHIRValue {
        var b = Builder(citizen: citizen, lastUpdated: instant(now), terminology: terminology)
        b.build()
        let bundle: FHIRValue = [
            "resourceType": "Bundle",
            "id": .string(StableID.id("ffb/bundle/\(citizen.citizenID)/\(day)")),
            "meta": ["profile": [.string(Profile.deliveryReport.url)], "lastUpdated": .string(instant(now))],
            "type": "collection",
            "timestamp": .string(instant(now)),
            "entry": .array(b.entries.map { ["fullUrl": .string("\($0.type)/\($0.id)"), "resource": $0.resource] }),
        ]
        return bundle
    }

    /// An instant as FHIR writes it (UTC, seconds).
    public static func instant(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    static func coding(_ system: String, _ code: String) -> FHIRValue { ["system": .string(system), "code": .string(code)] }
    static func concept(_ system: String, _ code: String) -> FHIRValue { ["coding": [coding(system, code)]] }
    static func reference(_ type: String, _ id: String) -> FHIRValue { ["reference": .string("\(type)/\(id)")] }

    struct Entry {
        var type: String
        var id: String
        var resource: FHIRValue
    }

    struct Builder {
        let citizen: CitizenFacts
        let lastUpdated: String
        let terminology: any TerminologyLookup
        var entries: [Entry] = []
        var patientID: String { StableID.id("ffb/patient/\(citizen.citizenID)") }
        var subject: FHIRValue { FFBReport.reference("Patient", patientID) }

        init(citizen: CitizenFacts, lastUpdated: String, terminology: any TerminologyLookup) {
            self.citizen = citizen
            self.lastUpdated = lastUpdated
            self.terminology = terminology
        }

        mutating func add(_ profile: Profile, id: String, _ fields: [String: FHIRValue]) {
            var resource = fields
            resource["resourceType"] = .string(profile.resourceType)
            resource["id"] = .string(id)
            resource["meta"] = ["profile": [.string(profile.url)], "lastUpdated": .string(lastUpdated)]
            entries.append(Entry(type: profile.resourceType, id: id, resource: .object(resource)))
        }

        func isActivityAndParticipation(_ code: String) -> Bool {
            terminology.contains(.ffb, code: code, valueSet: FFBValueSet.activityAndParticipation)
        }

        mutating func build() {
            var patient: [String: FHIRValue] = [
                "identifier": [["use": "official", "system": .string(System.cpr), "value": .string(citizen.cpr)]],
            ]
            if let org = citizen.organisation {
                patient["managingOrganization"] = ["identifier": ["use": "official", "system": .string(System.kombitOrganisation),
                                                                  "value": .string(org.uuidString.lowercased())]]
            }
            add(.citizen, id: patientID, patient)
            for c in citizen.cases { addCase(c) }
        }

        func caseNumberExtension(_ number: String) -> FHIRValue {
            ["url": .string(Extension.caseNumber),
             "extension": [["url": "municipalitySpecific", "valueIdentifier": ["use": "usual", "value": .string(number)]]]]
        }

        // swiftlint:disable:next function_body_length
        mutating func addCase(_ c: CaseFacts) {
            let doc = c.document
            let serviceRequestID = StableID.id("ffb/servicerequest/\(c.caseID)")
            add(.serviceRequest, id: serviceRequestID, [
                "extension": [caseNumberExtension(c.caseNumber)],
                "status": .string(c.closed ? "completed" : "active"),
                "intent": "proposal",
                "subject": subject,
            ])

            // Conditions: the subthemes assessed, those with a functional level, and each goal's theme.
            var conditionCodes: [String] = []
            for code in (doc.investigation.assessedSubthemes ?? []) + (doc.investigation.functionalLevels ?? []).map(\.subtheme)
                + doc.goals.compactMap(\.primaryTheme) where !conditionCodes.contains(code) {
                conditionCodes.append(code)
            }
            let investigated = doc.investigation.startedOn ?? (conditionCodes.isEmpty ? nil : c.openedOn)
            var conditionIDs: [String: String] = [:]
            for code in conditionCodes {
                let id = StableID.id("ffb/condition/\(c.caseID)/\(code)")
                conditionIDs[code] = id
                let level = doc.investigation.functionalLevels?.last { $0.subtheme == code }
                let recorded = investigated ?? c.openedOn
                var fields: [String: FHIRValue] = [
                    "clinicalStatus": FFBReport.concept(System.conditionClinical, "active"),
                    "code": FFBReport.concept(System.ffb, code),
                    "subject": subject,
                    "recordedDate": .string(recorded.description),
                ]
                if isActivityAndParticipation(code) {
                    let severity = level.flatMap { $0.severity ?? FFBSeverity.code(forLevel: $0.level) } ?? FFBSeverity.notAssessed
                    fields["severity"] = FFBReport.concept(System.ffb, severity)
                }
                if let asserted = level?.assessedOn, recorded < asserted {
                    fields["extension"] = [["url": .string(Extension.lastAssertedDate), "valueDateTime": .string(asserted.description)]]
                }
                add(.condition, id: id, fields)
            }

            // Support need: at the assessment, and after each follow-up that recorded one.
            var evaluations: [(id: String, on: CalendarDate)] = []
            if let need = doc.assessment.currentSupportNeed {
                let on = doc.assessment.startedOn ?? investigated ?? c.openedOn
                let id = StableID.id("ffb/careevaluation/\(c.caseID)")
                add(.careEvaluation, id: id, evaluation(need, on: on))
                evaluations.append((id, on))
            }
            for f in doc.followUps {
                guard let fid = f.id, let need = f.supportNeedAfter, let on = f.followUpDate else { continue }
                let id = StableID.id("ffb/careevaluation/\(c.caseID)/followup/\(fid)")
                add(.careEvaluation, id: id, evaluation(need, on: on))
                evaluations.append((id, on))
            }
            let latestEvaluation = evaluations.max { $0.on < $1.on }?.id

            if let investigated {
                var fields: [String: FHIRValue] = [
                    "extension": [["url": .string(Extension.basedOnServiceRequest), "valueReference": FFBReport.reference("ServiceRequest", serviceRequestID)]],
                    "status": .string(doc.assessment.startedOn != nil ? "completed" : "in-progress"),
                    "subject": subject,
                    "effectiveDateTime": .string(investigated.description),
                ]
                if !conditionCodes.isEmpty {
                    fields["finding"] = .array(conditionCodes.compactMap { conditionIDs[$0] }.map { ["itemReference": FFBReport.reference("Condition", $0)] })
                }
                if let first = evaluations.first {
                    fields["investigation"] = [["code": FFBReport.concept(System.klCommon, FixedCode.supportNeedAssessment),
                                                "item": [FFBReport.reference("Observation", first.id)]]]
                }
                add(.informationGathering, id: StableID.id("ffb/informationgathering/\(c.caseID)"), fields)
            }

            // Target groups, the primary one ranked 1.
            var targetGroups: [(id: String, rank: Int)] = []
            for code in doc.assessment.targetGroups ?? [] {
                let id = StableID.id("ffb/targetgroup/\(c.caseID)/\(code)")
                add(.targetGroup, id: id, [
                    "code": FFBReport.concept(System.ffb, code),
                    "subject": subject,
                    "recordedDate": .string((doc.assessment.startedOn ?? investigated ?? c.openedOn).description),
                ])
                targetGroups.append((id, code == doc.assessment.primaryTargetGroup ? 1 : 2))
            }

            // Goals: only those the caseworker has completed (theme, type and expected level); a draft is not reported.
            var goalIDs: [String] = []
            let decisions: [GoalDecision] = doc.followUps.flatMap { $0.goalDecisions ?? [] }
            let ended = Set(decisions.filter { $0.decision == .achieved || $0.decision == .delete }.map(\.goalId))
            for goal in doc.goals {
                guard let gid = goal.id, let theme = goal.primaryTheme, let type = goal.goalType, let expected = goal.expectedLevel,
                      let severity = FFBSeverity.code(forLevel: expected), let conditionID = conditionIDs[theme] else { continue }
                let id = StableID.id("ffb/goal/\(c.caseID)/\(gid)")
                goalIDs.append(id)
                add(.interventionGoal, id: id, [
                    "lifecycleStatus": .string(ended.contains(gid) ? "completed" : "active"),
                    "category": [FFBReport.concept(System.klCommon, FixedCode.interventionGoal)],
                    "description": FFBReport.concept(System.snomed, FixedCode.goalDescription),
                    "subject": subject,
                    "target": [
                        ["measure": FFBReport.concept(System.klCommon, FixedCode.functionalLevel), "detailCodeableConcept": FFBReport.concept(System.ffb, severity)],
                        ["measure": FFBReport.concept(System.klCommon, FixedCode.goalType), "detailCodeableConcept": FFBReport.concept(System.ffb, type)],
                    ],
                    "addresses": [["reference": .string("Condition/\(conditionID)"),
                                   "extension": [["url": .string(Extension.conditionRank), "valuePositiveInt": 1]]]],
                ])
            }

            for intervention in doc.interventions where intervention.decision?.outcome == .granted {
                guard let iid = intervention.id else { continue }
                addGrant(intervention, id: iid, c: c, targetGroups: targetGroups, goals: goalIDs, evaluation: latestEvaluation)
            }
        }

        func evaluation(_ need: String, on: CalendarDate) -> [String: FHIRValue] {
            ["status": "final",
             "code": FFBReport.concept(System.klCommon, FixedCode.supportNeedAssessment),
             "subject": subject,
             "valueCodeableConcept": FFBReport.concept(System.ffb, need),
             "effectiveDateTime": .string(on.description)]
        }

        mutating func addGrant(_ i: Intervention, id iid: UUID, c: CaseFacts, targetGroups: [(id: String, rank: Int)], goals: [String], evaluation: String?) {
            let doc = c.document
            let carePlanID = StableID.id("ffb/careplan/\(c.caseID)/\(iid)")
            let ended = i.end != nil
            let start = i.delivery?.startDate ?? i.expectedStartDate ?? i.decision?.decidedOn ?? c.openedOn
            var period: [String: FHIRValue] = ["start": .string(start.description)]
            if let end = i.end?.endedOn { period["end"] = .string(end.description) }

            var extensions: [FHIRValue] = [caseNumberExtension(c.caseNumber)]
            // The next follow-up: the latest planned at a follow-up, else the one set in the decision (ID 67).
            let next = doc.followUps.compactMap(\.nextFollowUpDate).max() ?? i.decision?.followUpDate
            if !ended, let next {
                let encounterID = StableID.id("ffb/followupencounter/\(c.caseID)/\(iid)")
                add(.followUpEncounter, id: encounterID, [
                    "status": "planned",
                    "class": FFBReport.coding(System.actCode, "HH"),
                    "type": [FFBReport.concept(System.klCommon, FixedCode.followUpEncounter)],
                    "subject": subject,
                    "period": ["start": .string(next.description)],
                ])
                extensions.append(["url": .string(Extension.followUpDate), "valueReference": FFBReport.reference("Encounter", encounterID)])
            }
            var careTeams: [FHIRValue] = []
            for offer in i.offers ?? [] {
                let id = StableID.id("ffb/serviceperformer/\(c.caseID)/\(iid)/\(offer.code)")
                add(.servicePerformer, id: id, ["category": [FFBReport.concept(System.ffb, offer.code)], "subject": subject])
                careTeams.append(FFBReport.reference("CareTeam", id))
            }
            var fields: [String: FHIRValue] = [
                "extension": .array(extensions),
                "status": .string(ended ? "completed" : "active"),
                "intent": "order",
                "subject": subject,
                "period": .object(period),
            ]
            if !careTeams.isEmpty { fields["careTeam"] = .array(careTeams) }
            if !targetGroups.isEmpty {
                fields["addresses"] = .array(targetGroups.map {
                    ["reference": .string("Condition/\($0.id)"), "extension": [["url": .string(Extension.conditionRank), "valuePositiveInt": .int($0.rank)]]]
                })
            }
            if !goals.isEmpty { fields["goal"] = .array(goals.map { FFBReport.reference("Goal", $0) }) }
            if let evaluation { fields["activity"] = [["outcomeReference": [FFBReport.reference("Observation", evaluation)]]] }
            add(.carePlan, id: carePlanID, fields)

            let detailStatus = ended ? "completed" : (i.delivery?.startDate != nil ? "in-progress" : "not-started")
            for service in i.services ?? [] {
                var f: [String: FHIRValue] = [
                    "basedOn": [FFBReport.reference("CarePlan", carePlanID)],
                    "status": .string(ended ? "completed" : "active"),
                    "intent": "order",
                    "subject": subject,
                    "period": .object(period),
                    "activity": [["detail": ["code": FFBReport.concept(System.ffb, service.code), "status": .string(detailStatus)]]],
                ]
                if let decided = i.decision?.decidedOn { f["created"] = .string(decided.description) }
                add(.intervention, id: StableID.id("ffb/intervention/\(c.caseID)/\(iid)/\(service.code)"), f)
            }

            for followUp in doc.followUps {
                guard let fid = followUp.id, let on = followUp.followUpDate,
                      let status = followUp.interventionStatuses?.first(where: { $0.interventionId == iid }) else { continue }
                add(.followUp, id: StableID.id("ffb/followup/\(c.caseID)/\(fid)/\(iid)"), [
                    "status": "final",
                    "code": FFBReport.concept(System.snomed, FixedCode.followUpObservation),
                    "subject": subject,
                    "focus": [FFBReport.reference("CarePlan", carePlanID)],
                    "effectiveDateTime": .string(on.description),
                    "valueCodeableConcept": FFBReport.concept(System.ffb, status.status),
                ])
            }
        }
    }
}
