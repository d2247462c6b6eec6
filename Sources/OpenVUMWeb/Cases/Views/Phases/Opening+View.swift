import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    static func opening(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let o = m.doc.opening
        func tri(_ key: String, _ label: String, _ stored: TriState?) -> Node<HTML.BodyContext> {
            Controls.triState("opening.\(key)", label, selected: m.entry("opening.\(key)", stored?.rawValue).flatMap(TriState.init), error: m.error("/opening/\(key)"))
        }
        func pick<E: DanishLabelled>(_ key: String, _ label: String, _ stored: E?) -> Node<HTML.BodyContext> {
            Controls.enumSelect("opening.\(key)", label, E.self, selected: m.entry("opening.\(key)", stored?.rawValue).flatMap(E.init(rawValue:)), error: m.error("/opening/\(key)"))
        }
        func code(_ key: String, _ label: String, _ valueSet: String, _ stored: String?) -> Node<HTML.BodyContext> {
            Controls.select("opening.\(key)", label, options: m.options(valueSet), selected: m.entry("opening.\(key)", stored), error: m.error("/opening/\(key)"))
        }
        let parties = InformationParty.allCases.map { ($0.rawValue, $0.danishName) }
        return .group(
            .h2(.txt("Registreret af systemet")),
            .dl(
                auto("Dato for sagsåbning", o.openedOn?.danish),
                auto("Antal henvendelser", o.inquiryCount.map(String.init)),
                auto("Antal åbne sager hos sagsbehandleren", o.caseCount.map(String.init)),
                auto("Aldersgruppe", o.ageGroup?.danishName)
            ),
            Controls.form(
                action: url(m, .sagsaabning), Controls.csrf(ctx), Controls.hidden("version", m.version),
                .h2(.txt("Henvendelsen")),
                pick("origin", "Henvendelse/opfølgning/egen drift", o.origin),
                pick("inquirer", "Hvem henvendte sig", o.inquirer),
                Controls.textarea("opening.paragraphsAppliedFor", "§§ på ansøgningen", value: m.lines("opening.paragraphsAppliedFor", o.paragraphsAppliedFor),
                                  error: m.error("/opening/paragraphsAppliedFor"), hint: "Én paragraf pr. linje, fx SEL § 85."),
                tri("citizenAgrees", "Er borger indforstået med, at sagen påbegyndes?", o.citizenAgrees),
                .h2(.txt("Klar sag")),
                Controls.yesNo("opening.clearCase", "Klar sag", selected: m.entry("opening.clearCase", o.clearCase.formValue).flatMap { $0.isEmpty ? nil : $0 == "true" },
                               error: m.error("/opening/clearCase")),
                conditional("clearcase", "Udfyldes kun for en klar sag.",
                            code("clearCaseServiceType", "Ydelsestype, klar sag", FFBValueSet.interventions, o.clearCaseServiceType),
                            code("clearCaseOfferType", "Tilbudstype, klar sag", FFBValueSet.services, o.clearCaseOfferType)),
                .h2(.txt("Værgemål og repræsentation")),
                tri("guardianship", "Værgemål", o.guardianship),
                conditional("guardianship", "Udfyldes kun, når borgeren har værgemål.", pick("guardianshipForm", "Værgemålsform", o.guardianshipForm)),
                tri("guardianshipInvestigation", "Nærmere undersøgelse af værgemål", o.guardianshipInvestigation),
                tri("informedOfRepresentationRight", "Informeret om ret til bisidder og partsrepræsentant", o.informedOfRepresentationRight),
                tri("represented", "Repræsentation", o.represented),
                conditional("represented", "Udfyldes kun, når borgeren er repræsenteret.", pick("representationForm", "Repræsentationsform", o.representationForm)),
                .h2(.txt("Samtykke og registrering")),
                tri("informedOfElectronicRegistration", "Informeret om elektronisk registrering", o.informedOfElectronicRegistration),
                pick("consent", "Samtykke", o.consent),
                conditional("consent", "Udfyldes kun, når borgeren har givet samtykke.", pick("consentForm", "Samtykkeform", o.consentForm)),
                Controls.checkboxes("opening.consentCollectFrom", "Indhentelse af oplysninger fra", options: parties,
                                    selected: m.chosen("opening.consentCollectFrom", o.consentCollectFrom?.map(\.rawValue)), error: m.error("/opening/consentCollectFrom")),
                Controls.checkboxes("opening.consentDiscloseTo", "Videregivelse af oplysninger til", options: parties,
                                    selected: m.chosen("opening.consentDiscloseTo", o.consentDiscloseTo?.map(\.rawValue)), error: m.error("/opening/consentDiscloseTo")),
                tri("holisticGuidance", "Vejledt om alle relevante muligheder – helhedssyn", o.holisticGuidance),
                .h2(.txt("Handle- og betalingskommune")),
                Controls.input("opening.otherActingMunicipality", "Anden handlekommune", value: m.entry("opening.otherActingMunicipality", o.otherActingMunicipality),
                               error: m.error("/opening/otherActingMunicipality"), hint: "Kommunekode, fx 101. Tom, hvis det er egen kommune."),
                Controls.input("opening.otherPayingMunicipality", "Anden betalingskommune", value: m.entry("opening.otherPayingMunicipality", o.otherPayingMunicipality),
                               error: m.error("/opening/otherPayingMunicipality")),
                saveButtons(m, "Gem sagsåbning", page: .sagsaabning)
            ),
            citizenPageAccess(m, ctx)
        )
    }

    /// Who besides the citizen sees the citizen's own page — guardians and party representatives given it here
    /// (issue 16 item 7) — and the consents the citizen or they gave or withdrew there (item 6).
    static func citizenPageAccess(_ m: CasePageModel, _ ctx: PageContext) -> Node<HTML.BodyContext> {
        let kinds = Representation.kinds(m.doc.opening)
        let echoed = m.echo?.covers("username") == true
        return .group(
            .h2(.id("repraesentanter"), .txt("Værge og partsrepræsentant: adgang til borgerens side")),
            .p(.class("hint"), .txt("En værge eller partsrepræsentant, der er registreret ovenfor, kan få samme adgang til borgerens side som borgeren selv: sager, hjælp, mål, samtykke, breve og hvem der har set oplysningerne. Adgangen gælder, så længe sagen har værgemålet eller partsrepræsentationen registreret, og indtil den fjernes her.")),
            m.representatives.isEmpty ? .p(.txt("Ingen værge eller partsrepræsentant har adgang til borgerens side.")) : .table(
                .caption(.txt("Har adgang til borgerens side")),
                Controls.tableHead("Navn", "Brugernavn", "Som", "Givet", ""),
                .tbody(.forEach(m.representatives) { r in
                    .tr(.td(.txt(r.displayName)), .td(.txt(r.username)),
                        .td(.txt(r.kind.danishName), .if(!r.recorded, .group(.br(), .strong(.txt("Virker ikke: sagen har ikke længere registreret \(r.kind == .guardian ? "værgemål" : "partsrepræsentant")."))))),
                        .td(.txt(DanishDate.string(r.grantedAt))),
                        .td(Controls.form(action: SiteURL.caseRepresentativeRemove(m.record.id, representative: r.id).path, Controls.csrf(ctx),
                                          Controls.secondarySubmit("Fjern adgang"))))
                })
            ),
            kinds.isEmpty
                ? .p(.txt("Registrér et værgemål eller en partsrepræsentant ovenfor (under Værgemål og repræsentation) for at kunne give adgang."))
                : Controls.form(action: SiteURL.caseRepresentatives(m.record.id).path, Controls.csrf(ctx),
                    .h3(.txt("Giv adgang")),
                    Controls.select("kind", "Som", options: kinds.map { ($0.rawValue, $0.danishName) }, selected: echoed ? m.echo?["kind"] : kinds.first?.rawValue,
                                    error: m.errors.first { $0.field == "kind" }?.message, allowEmpty: false),
                    Controls.input("username", "Brugernavn", value: echoed ? m.echo?["username"] : nil, error: m.errors.first { $0.field == "username" }?.message,
                                   hint: "Det brugernavn, værgen eller partsrepræsentanten logger ind med (via MitID). Findes kontoen ikke, oprettes den."),
                    Controls.input("displayName", "Navn (når kontoen oprettes)", value: echoed ? m.echo?["displayName"] : nil,
                                   error: m.errors.first { $0.field == "displayName" }?.message),
                    Controls.submit("Giv adgang til borgerens side")),
            .if(!m.consents.isEmpty, .group(
                .h3(.txt("Samtykke givet eller trukket tilbage på borgerens side")),
                .ul(.forEach(m.consents) { e in
                    .li(.txt("\(DanishDate.string(e.givenAt)): \(e.action.danishName) af \(e.representative?.danishName.lowercased() ?? "borgeren")"
                             + (e.action == .give ? ". Indhente fra: \(e.collectFrom.isEmpty ? "ingen" : e.collectFrom.map(\.danishName).joined(separator: ", ")); videregive til: \(e.discloseTo.isEmpty ? "ingen" : e.discloseTo.map(\.danishName).joined(separator: ", "))." : ".")))
                })
            ))
        )
    }

    /// Fields that apply only after an answer (værgemålsform when there is værgemål …): shown when they apply,
    /// by CSS alone (`:has`, no script); a browser without it shows them with the explanation.
    static func conditional(_ condition: String, _ explanation: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .div(.attr("class", "conditional if-\(condition)"), .p(.class("hint explain"), .txt(explanation)), .group(nodes))
    }
}
