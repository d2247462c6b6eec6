import Foundation
@testable import OpenVUMDomain
import Testing

/// The input rules that left the handlers: each lists every problem at once, with Danish messages on the field.
@Suite("Input rules")
struct InputRulesTests {
    @Test("a citizen's registration: every missing or wrong field at once; a valid one comes back typed")
    func registration() throws {
        let error = #expect(throws: DomainError.self) {
            try CitizenRules.validateRegistration(cpr: "0101011234x", givenName: " ", familyName: nil, responsibleUnitID: nil)
        }
        #expect(error?.fieldErrors.map(\.field).sorted() == ["cpr", "familyName", "givenName", "responsibleUnitId"])
        #expect(error?.fieldErrors.first { $0.field == "givenName" }?.message == "Fornavn skal udfyldes.")
        let missingCPR = #expect(throws: DomainError.self) {
            try CitizenRules.validateRegistration(cpr: nil, givenName: "A", familyName: "B", responsibleUnitID: UUID())
        }
        #expect(missingCPR?.fieldErrors == [FieldError(field: "cpr", message: "CPR-nummer skal udfyldes.")])
        let unit = UUID()
        let valid = try CitizenRules.validateRegistration(cpr: "070761-4285", givenName: "Mads", familyName: "Holm", responsibleUnitID: unit)
        #expect(valid.cpr.digits == "0707614285" && valid.givenName == "Mads" && valid.responsibleUnitID == unit)
        #expect(throws: Never.self) { try CitizenRules.validateChanges(givenName: nil, familyName: "Holm") }
        #expect(throws: DomainError.self) { try CitizenRules.validateChanges(givenName: "", familyName: nil) }
    }

    @Test("an account change: unknown or citizen role refused; an administrator keeps their own role and account")
    func accountChanges() throws {
        #expect(try AccountRules.validateChanges(displayName: nil, role: "teamLeader", active: nil, changingOwnAccount: false, currentRole: .administrator).role == .teamLeader)
        #expect(try AccountRules.validateChanges(displayName: "Ny", role: nil, active: true, changingOwnAccount: true, currentRole: .administrator).role == nil)
        let own = #expect(throws: DomainError.self) {
            try AccountRules.validateChanges(displayName: " ", role: "caseworker", active: false, changingOwnAccount: true, currentRole: .administrator)
        }
        #expect(own?.fieldErrors.map(\.field).sorted() == ["active", "displayName", "role"])
        let citizen = #expect(throws: DomainError.self) {
            try AccountRules.validateChanges(displayName: nil, role: "citizen", active: nil, changingOwnAccount: false, currentRole: .administrator)
        }
        #expect(citizen?.fieldErrors.first?.message.hasPrefix("Ukendt rolle. Tilladte: caseworker") == true)
    }

    @Test("a new account as typed: missing role, unknown role and every other problem at once")
    func newAccount() throws {
        let error = #expect(throws: DomainError.self) {
            try AccountRules.validateNewAccount(username: "X", password: "kort", displayName: nil, role: nil, unitCount: 0)
        }
        #expect(error?.fieldErrors.map(\.field).sorted() == ["displayName", "password", "role", "username"])
        #expect(error?.fieldErrors.first { $0.field == "role" }?.message == "Rolle skal udfyldes.")
        let account = try AccountRules.validateNewAccount(
            username: "anna", password: "en lang nok adgangskode", displayName: "Anna", role: "caseworker", unitCount: 1)
        #expect(account.role == .caseworker && account.username == "anna")
    }

    @Test("a phase is named by its code; anything else lists the codes")
    func phaseNames() throws {
        #expect(try CaseProcess.phase(named: "followUp") == .followUp)
        let error = #expect(throws: DomainError.self) { try CaseProcess.phase(named: "Opfølgning") }
        #expect(error?.fieldErrors == [FieldError(field: "to", message: "Ukendt fase. Tilladte: opening, investigation, assessment, decision, order, delivery, followUp, closed.")])
        #expect(throws: DomainError.self) { try CaseProcess.phase(named: nil) }
    }

    @Test("the settings' field names are the API's")
    func settingsFields() {
        #expect(CaseSettings.fieldNames == ["caseConcept", "grantMustBelongToCase", "closingEvent", "kleLevels", "grantIndexDetail", "deadlineDays",
                                            "actionPlanValidityMonths", "personalSupervisionMonths", "reminderLeadDays", "statusReportLeadDays", "visitationCommitteeHoursPerWeek", "contact",
                                            "kombitOrganisationId"])
    }

    @Test("a value outside a value set is refused with the allowed values and their Danish names")
    func valueSetMessage() {
        let error = #expect(throws: DomainError.self) { try CasePatch.apply(["opening": ["origin": "somewhere"]], to: CaseDocument()) }
        #expect(error?.fieldErrors == [FieldError(field: "/opening/origin",
                                                  message: "Ugyldig værdi. Tilladte værdier: inquiry (Henvendelse), followUp (Opfølgning), ownInitiative (Egen drift).")])
    }
}
