import Foundation

/// RFC 6901 JSON pointers over `JSONSerialization` values.
public enum JSONPointer {
    public static func resolve(_ pointer: String, in value: Any) -> Any? {
        guard pointer.hasPrefix("/") else { return pointer.isEmpty ? value : nil }
        var current: Any = value
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[token] {
                current = next
            } else if let array = current as? [Any], let index = Int(token), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current is NSNull ? nil : current
    }
}

extension CaseDocument {
    /// A document with every entered field filled in (codes are placeholders unless given), used to
    /// prove that every catalogue item has a place in the case resource.
    public static func fullySpecified(codes: [String: String] = [:], on day: CalendarDate) -> CaseDocument {
        func code(_ set: String) -> String { codes[set] ?? "code-\(set)" }
        var d = CaseDocument()
        d.opening.origin = .inquiry
        d.opening.inquirer = .relative
        d.opening.citizenAgrees = .yes
        d.opening.clearCase = true
        d.opening.clearCaseServiceType = code(FFBValueSet.interventions)
        d.opening.clearCaseOfferType = code(FFBValueSet.services)
        d.opening.guardianship = .yes
        d.opening.guardianshipForm = .economic
        d.opening.guardianshipInvestigation = .no
        d.opening.informedOfRepresentationRight = .yes
        d.opening.represented = .yes
        d.opening.representationForm = .supporter
        d.opening.informedOfElectronicRegistration = .yes
        d.opening.consent = .given
        d.opening.consentForm = .written
        d.opening.consentCollectFrom = [.generalPractitioner, .hospital]
        d.opening.consentDiscloseTo = [.provider]
        d.opening.holisticGuidance = .yes
        d.opening.otherActingMunicipality = "101"
        d.opening.otherPayingMunicipality = "751"
        d.opening.paragraphsAppliedFor = ["SEL § 85"]
        d.investigation.assessedSubthemes = [code(FFBValueSet.conditions)]
        d.investigation.functionalLevels = [FunctionalLevel(subtheme: code(FFBValueSet.activityAndParticipation), level: 2.5)]
        d.investigation.overallFunctionalAssessment = "Samlet vurdering"
        var goal = Goal()
        goal.text = "Kan selv handle ind"
        goal.goalType = code(FFBValueSet.changeValues)
        goal.primaryTheme = code(FFBValueSet.activityAndParticipation)
        goal.expectedLevel = 1.5
        goal.followUpDate = day.adding(months: 3)
        d.goals = [goal]
        d.assessment.sharedGoalFollowUpDate = day.adding(months: 6)
        d.assessment.civilSocietyInterventions = ["Besøgsven"]
        d.assessment.actionPlanOffered = .yes
        d.assessment.actionPlanWish = .yes
        d.assessment.actionPlanStatus = .completed
        d.assessment.holisticPlanOffered = .yes
        d.assessment.holisticPlanWish = .no
        d.assessment.holisticPlanStatus = .declined
        d.assessment.currentSupportNeed = code(FFBValueSet.needs)
        d.assessment.targetGroups = [code(FFBValueSet.targetGroups)]
        var x = Intervention()
        x.services = [CodedService(code: code(FFBValueSet.interventions), paragraph: "SEL § 85")]
        x.offers = [CodedService(code: code(FFBValueSet.services), paragraph: "SEL § 85")]
        x.accountNumber = "5.38.50"
        x.alternativesConsidered = "Botilbud blev overvejet"
        x.expectedStartDate = day.adding(days: 14)
        x.expectedEndDate = day.adding(years: 1)
        x.noEndDate = false
        x.serviceExpectedStartDate = day.adding(days: 14)
        x.serviceExpectedEndDate = day.adding(years: 1)
        x.unit = .hour
        x.unitsPerPeriod = 3
        x.frequency = .perWeek
        x.periodRepetitions = 52
        x.unitPrice = 45_000
        var decision = InterventionDecision()
        decision.outcome = .granted
        decision.grantedUnitsPerPeriod = 3
        decision.paragraph = "SEL § 85"
        decision.followUpDate = day.adding(months: 3)
        decision.reason = "Borgeren har behov for støtte til praktiske opgaver."
        x.decision = decision
        var order = InterventionOrder()
        order.providerUnitId = UUID()
        order.providerPNumber = "1003388469"
        order.providerEAN = "5798000416604"
        order.providerAccount = "1234-5678901"
        order.coPayment = 0
        order.coordinationNeeded = false
        x.order = order
        var delivery = InterventionDelivery()
        delivery.startDate = day.adding(days: 20)
        delivery.serviceStartDate = day.adding(days: 21)
        x.delivery = delivery
        var refused = Intervention()
        refused.services = [CodedService(code: code(FFBValueSet.interventions))]
        var no = InterventionDecision()
        no.outcome = .refused
        refused.decision = no
        d.interventions = [x, refused]
        var f = FollowUp()
        f.interventionStatus = code(FFBValueSet.followUp)
        f.followUpType = .planned
        f.nextFollowUpDate = day.adding(months: 9)
        f.personalSupervision = .yes
        f.wellbeing = .good
        f.useOfForce = .no
        f.supportNeedAtStart = code(FFBValueSet.needs)
        f.supportNeedAfter = code(FFBValueSet.needs)
        d.followUps = [f]
        return d
    }
}
