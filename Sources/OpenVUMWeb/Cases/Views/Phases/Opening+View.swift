import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func opening(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        func tri(_ key: String, _ label: String) -> Node<HTML.BodyContext> {
            Controls.triState("opening.\(key)", label, selected: m.value("/opening/\(key)").flatMap(TriState.init), error: m.error("/opening/\(key)"))
        }
        func pick<E: DanishLabelled>(_ key: String, _ label: String, _ type: E.Type) -> Node<HTML.BodyContext> {
            Controls.enumSelect("opening.\(key)", label, type, selected: m.value("/opening/\(key)").flatMap(E.init(rawValue:)), error: m.error("/opening/\(key)"))
        }
        let parties = InformationParty.allCases.map { ($0.rawValue, $0.danishName) }
        return .group(
            .h2(.txt("Registreret af systemet")),
            .dl(
                auto("Dato for sagsåbning (ID 1)", m.value("/opening/openedOn").flatMap(CalendarDate.init)?.danish),
                auto("Antal henvendelser (ID 21)", m.value("/opening/inquiryCount")),
                auto("Antal åbne sager hos sagsbehandleren (ID 22)", m.value("/opening/caseCount")),
                auto("Aldersgruppe (ID 23)", m.value("/opening/ageGroup").flatMap(AgeGroup.init(rawValue:))?.danishName)
            ),
            Controls.form(
                action: url(m, .sagsaabning), Controls.csrf(req), Controls.hidden("version", m.version),
                .h2(.txt("Henvendelsen")),
                pick("origin", "Henvendelse/opfølgning/egen drift (ID 2)", CaseOrigin.self),
                pick("inquirer", "Hvem henvendte sig", Inquirer.self),
                Controls.textarea("opening.paragraphsAppliedFor", "§§ på ansøgningen", value: (JSONPointer.resolve("/opening/paragraphsAppliedFor", in: m.json) as? [String])?.joined(separator: "\n"),
                                  error: m.error("/opening/paragraphsAppliedFor"), hint: "Én paragraf pr. linje, fx SEL § 85."),
                tri("citizenAgrees", "Er borger indforstået med, at sagen påbegyndes? (ID 3)"),
                .h2(.txt("Klar sag")),
                Controls.yesNo("opening.clearCase", "Klar sag (ID 4)", selected: m.value("/opening/clearCase").map { $0 == "true" }, error: m.error("/opening/clearCase")),
                Controls.select("opening.clearCaseServiceType", "Ydelsestype, klar sag (ID 5)", options: m.options(FFBValueSet.interventions), selected: m.value("/opening/clearCaseServiceType"), error: m.error("/opening/clearCaseServiceType")),
                Controls.select("opening.clearCaseOfferType", "Tilbudstype, klar sag (ID 6)", options: m.options(FFBValueSet.services), selected: m.value("/opening/clearCaseOfferType"), error: m.error("/opening/clearCaseOfferType")),
                .h2(.txt("Værgemål og repræsentation")),
                tri("guardianship", "Værgemål (ID 7)"),
                pick("guardianshipForm", "Værgemålsform (ID 8)", GuardianshipForm.self),
                tri("guardianshipInvestigation", "Nærmere undersøgelse af værgemål (ID 9)"),
                tri("informedOfRepresentationRight", "Informeret om ret til bisidder og partsrepræsentant (ID 10)"),
                tri("represented", "Repræsentation (ID 11)"),
                pick("representationForm", "Repræsentationsform (ID 12)", RepresentationForm.self),
                .h2(.txt("Samtykke og registrering")),
                tri("informedOfElectronicRegistration", "Informeret om elektronisk registrering (ID 13)"),
                pick("consent", "Samtykke (ID 14)", ConsentStatus.self),
                pick("consentForm", "Samtykkeform (ID 15)", ConsentForm.self),
                Controls.checkboxes("opening.consentCollectFrom", "Indhentelse af oplysninger fra (ID 16)", options: parties, selected: m.values("/opening/consentCollectFrom"), error: m.error("/opening/consentCollectFrom")),
                Controls.checkboxes("opening.consentDiscloseTo", "Videregivelse af oplysninger til (ID 17)", options: parties, selected: m.values("/opening/consentDiscloseTo"), error: m.error("/opening/consentDiscloseTo")),
                tri("holisticGuidance", "Vejledt om alle relevante muligheder – helhedssyn (ID 18)"),
                .h2(.txt("Handle- og betalingskommune")),
                Controls.input("opening.otherActingMunicipality", "Anden handlekommune (ID 19)", value: m.value("/opening/otherActingMunicipality"), error: m.error("/opening/otherActingMunicipality"), hint: "Kommunekode, fx 101. Tom, hvis det er egen kommune."),
                Controls.input("opening.otherPayingMunicipality", "Anden betalingskommune (ID 20)", value: m.value("/opening/otherPayingMunicipality"), error: m.error("/opening/otherPayingMunicipality")),
                Controls.submit("Gem sagsåbning")
            )
        )
    }
}
