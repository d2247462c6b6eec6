import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The URL slug of each phase page (Danish, as the UI speaks).
enum PhaseSlug: String, CaseIterable {
    case sagsaabning, sagsoplysning, sagsvurdering, afgoerelse, bestilling, levering, opfoelgning

    var phase: CasePhase {
        switch self {
        case .sagsaabning: .opening
        case .sagsoplysning: .investigation
        case .sagsvurdering: .assessment
        case .afgoerelse: .decision
        case .bestilling: .order
        case .levering: .delivery
        case .opfoelgning: .followUp
        }
    }

    init?(phase: CasePhase) {
        guard let s = PhaseSlug.allCases.first(where: { $0.phase == phase }) else { return nil }
        self = s
    }
}

/// Everything a case page shows. `@unchecked Sendable`: the JSON value is built once per request and only read.
struct CasePageModel: @unchecked Sendable {
    var record: CaseRecord
    /// The case resource as JSON — or, after a refused save, the resource with the user's input merged in.
    var json: [String: Any]
    var citizen: CitizenRecord
    var terminology: TerminologySnapshot
    var units: [UnitRecord]
    var history: CaseHistory?
    var deadlines: [CaseDeadline] = []
    var errors: [FieldError] = []
    var notice: String?

    func value(_ pointer: String) -> String? {
        guard let v = JSONPointer.resolve(pointer, in: json) else { return nil }
        switch v {
        case let s as String: return s
        case let n as NSNumber:
            if ["c", "B"].contains(String(cString: n.objCType)) { return n.boolValue ? "true" : "false" }
            return Controls.number(n.doubleValue)
        default: return nil
        }
    }

    func values(_ pointer: String) -> Set<String> { Set((JSONPointer.resolve(pointer, in: json) as? [Any])?.compactMap { $0 as? String } ?? []) }

    func list(_ pointer: String) -> [[String: Any]] { JSONPointer.resolve(pointer, in: json) as? [[String: Any]] ?? [] }

    func error(_ pointer: String) -> String? { errors.first { $0.field == pointer || $0.field.hasPrefix(pointer + "/") }?.message }

    func options(_ valueSet: String) -> [(String, String)] { terminology.valueSet(valueSet).map { ($0.code, $0.display) } }

    func display(_ code: String?) -> String { code.flatMap { terminology.display(.ffb, code: $0) } ?? code ?? "–" }

    var phase: CasePhase { record.phase }
    var id: String { record.id.uuidString.lowercased() }
    var version: String { String(record.version) }
}

enum CaseViews {
    static func url(_ m: CasePageModel, _ slug: PhaseSlug? = nil) -> String {
        "/sager/\(m.id)" + (slug.map { "/\($0.rawValue)" } ?? "")
    }

    static func date(_ s: String?) -> String { s.flatMap(CalendarDate.init)?.danish ?? "–" }

    // MARK: Lists

    static func caseTable(_ items: [CaseSummary], today: CalendarDate, caption: String) -> Node<HTML.BodyContext> {
        if items.isEmpty { return .p(.txt("Ingen sager.")) }
        return .table(
            .caption(.txt(caption)),
            .thead(.tr(
                .th(.attr("scope", "col"), .txt("Borger")),
                .th(.attr("scope", "col"), .txt("Fase")),
                .th(.attr("scope", "col"), .txt("Åbnet")),
                .th(.attr("scope", "col"), .txt("Næste frist")))),
            .tbody(.forEach(items) { s in
                let overdue = s.nextDeadlineOn.map { $0 < today.description } ?? false
                return .tr(
                    .if(overdue, .class("overdue")),
                    .td(.a(.attr("href", "/sager/\(s.id.uuidString.lowercased())"), .txt(s.citizenName))),
                    .td(.txt(s.phase.danishName)),
                    .td(.txt(date(s.openedOn))),
                    .td(.txt(overdue ? "Overskredet: \(date(s.nextDeadlineOn))" : date(s.nextDeadlineOn)))
                )
            })
        )
    }

    // MARK: Overview

    static func overview(_ m: CasePageModel, on req: Request) -> Response {
        let c = m.record
        let state = m.history?.nationalStates.last?.state.rawValue ?? "–"
        let unit = m.units.first { $0.id == c.responsibleUnitID }?.name ?? "–"
        let allowed = CaseProcess.successors(of: c.phase)
        return Layout.page(
            title: "Sag: \(m.citizen.givenName) \(m.citizen.familyName)", req: req, current: .cases,
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            Layout.errorSummary(m.errors),
            .dl(
                .dt(.txt("Fase")), .dd(.txt(c.phase.danishName)),
                .dt(.txt("National sagstilstand")), .dd(.txt(state)),
                .dt(.txt("Åbnet")), .dd(.txt(c.openedOn.danish)),
                .dt(.txt("Ansvarligt team")), .dd(.txt(unit)),
                .dt(.txt("KLE")), .dd(.txt([c.kleEmne.map { "\($0) \(m.terminology.display(.kle, code: $0) ?? "")" }, c.kleFacet].compactMap { $0 }.joined(separator: ", ").nilIfEmpty ?? "Ikke angivet")),
                .dt(.txt("Næste frist")), .dd(.txt(c.nextDeadlineOn?.danish ?? "Ingen"))
            ),
            .h2(.txt("Faser")),
            phaseNav(m),
            .p(.a(.attr("href", "\(url(m))/afgoerelsesbrev"), .txt("Afgørelsesbrev (til udskrift)"))),
            .if(!allowed.isEmpty && c.phase != .closed || c.phase == .closed, .group(
                .h2(.id("skift-fase"), .txt("Skift fase")),
                Controls.form(
                    action: "\(url(m))/fase",
                    Controls.csrf(req), Controls.hidden("version", m.version),
                    Controls.select("to", "Ny fase", options: allowed.map { ($0.rawValue, $0.danishName) }, selected: nil, error: m.error("to"), allowEmpty: false),
                    Controls.textarea("reason", "Begrundelse", value: nil, error: m.error("reason"),
                                      hint: "Skal udfyldes ved genåbning, ved afslutning før afgørelse og ved tilbagegang til sagsoplysning."),
                    Controls.submit("Skift fase")
                )
            )),
            .h2(.txt("Frister")),
            m.deadlines.isEmpty ? .p(.txt("Ingen åbne frister.")) : .ul(.forEach(m.deadlines) { d in
                .li(.if(d.isOverdue(today: CalendarDate(req.openvum.now())), .class("overdue")), .txt("\(d.dueOn.danish): \(d.label)"))
            }),
            .h2(.txt("KLE-klassifikation")),
            Controls.form(
                action: "\(url(m))/kle",
                Controls.csrf(req), Controls.hidden("version", m.version),
                Controls.input("emne", "KLE-emne", value: c.kleEmne, error: m.error("emne"), hint: "Fx 27.36.04. Kan sættes senere og ændres; ændringer gemmes i historikken."),
                Controls.input("facet", "Handlingsfacet", value: c.kleFacet, error: m.error("facet"), hint: "Fx G01."),
                Controls.submit("Gem KLE")
            ),
            .h2(.txt("Historik")),
            timeline(m)
        )
    }

    static func phaseNav(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        let order = CaseRules.phaseOrder
        let reached = order.firstIndex(of: m.phase) ?? (m.phase == .closed ? order.count : 0)
        return .element(named: "nav", nodes: [
            .attr("aria-label", "Sagens faser"),
            .ol(.class("phases"), .forEach(PhaseSlug.allCases) { slug in
                let index = order.firstIndex(of: slug.phase)!
                if index <= reached {
                    return .li(.a(.attr("href", url(m, slug)), .if(slug.phase == m.phase, .attr("aria-current", "step")), .txt(slug.phase.danishName)))
                }
                return .li(.class("future"), .txt(slug.phase.danishName))
            }),
        ])
    }

    static func timeline(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        guard let h = m.history else { return .empty }
        return .ol(.class("timeline"), .forEach(h.transitions) { t in
            .li(.txt("\(DanishDate.string(t.at)): \(t.from.map { "\($0.danishName) → " } ?? "")\(t.to.danishName)\(t.reason.map { " (\($0))" } ?? "")"))
        })
    }

    // MARK: Phase pages

    static func phasePage(_ slug: PhaseSlug, _ m: CasePageModel, on req: Request, status: HTTPResponseStatus = .ok) -> Response {
        let body: Node<HTML.BodyContext>
        switch slug {
        case .sagsaabning: body = opening(m, req)
        case .sagsoplysning: body = investigation(m, req)
        case .sagsvurdering: body = assessment(m, req)
        case .afgoerelse: body = decision(m, req)
        case .bestilling: body = order(m, req)
        case .levering: body = delivery(m, req)
        case .opfoelgning: body = followUp(m, req)
        }
        return Layout.page(
            title: "\(slug.phase.danishName): \(m.citizen.givenName) \(m.citizen.familyName)", req: req, current: .cases, status: status,
            .p(.a(.attr("href", url(m)), .txt("Tilbage til sagen"))),
            phaseNav(m),
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            Layout.errorSummary(m.errors.map { FieldError(field: Controls.id(Controls.name(forPointer: $0.field)), message: $0.message) }),
            body
        )
    }

    static func auto(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
        .group(.dt(.txt(label)), .dd(.txt(value ?? "–")))
    }

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

    static func investigation(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let levels = Dictionary(m.list("/investigation/functionalLevels").compactMap { l in (l["subtheme"] as? String).map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
        let subthemes = m.terminology.valueSet(FFBValueSet.activityAndParticipation)
        return .group(
            .dl(auto("Dato for begyndt sagsoplysning (ID 25)", m.value("/investigation/startedOn").flatMap(CalendarDate.init)?.danish)),
            Controls.form(
                action: url(m, .sagsoplysning), Controls.csrf(req), Controls.hidden("version", m.version),
                Controls.checkboxes("investigation.assessedSubthemes", "Relevante undertemaer (ID 26)", options: m.options(FFBValueSet.conditions),
                                    selected: m.values("/investigation/assessedSubthemes"), error: m.error("/investigation/assessedSubthemes")),
                .h2(.txt("Funktionsevneniveau, aktivitet og deltagelse (ID 27)")),
                .p(.class("hint"), .txt("Skala 0–4, decimaler er tilladt (0 ingen, 1 let, 2 moderat, 3 svært, 4 fuldstændigt nedsat funktionsevne). Udfyld kun de temaer, der er relevante.")),
                .forEach(Array(subthemes.enumerated())) { (i, s) in
                    let level = levels[s.code]
                    let shown = level?["level"].flatMap { ($0 as? NSNumber).map { Controls.number($0.doubleValue) } ?? ($0 as? String) } ?? nil
                    let index = m.list("/investigation/functionalLevels").firstIndex { $0["subtheme"] as? String == s.code }
                    return Controls.input("level.\(s.code)", s.display, type: "text", value: shown,
                                          error: index.flatMap { m.error("/investigation/functionalLevels/\($0)") } ?? m.error("/investigation/functionalLevels/x\(i)"),
                                          hint: (level?["severity"] as? String).map { "FFB: \(m.display($0))" })
                },
                Controls.textarea("investigation.overallFunctionalAssessment", "Samlet funktionsvurdering", value: m.value("/investigation/overallFunctionalAssessment"), error: m.error("/investigation/overallFunctionalAssessment")),
                Controls.submit("Gem sagsoplysning")
            )
        )
    }

    static func assessment(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        func tri(_ key: String, _ label: String) -> Node<HTML.BodyContext> {
            Controls.triState("assessment.\(key)", label, selected: m.value("/assessment/\(key)").flatMap(TriState.init), error: m.error("/assessment/\(key)"))
        }
        let goals = m.list("/goals")
        let interventions = m.list("/interventions")
        let editable = m.phase == .assessment
        return .group(
            .dl(
                auto("Dato for begyndt sagsvurdering (ID 28)", m.value("/assessment/startedOn").flatMap(CalendarDate.init)?.danish),
                auto("Forventet pris for samlet indsats (ID 52)", Controls.kroner(m.value("/assessment/expectedTotalPrice").flatMap { Int($0) }).map { "\($0) kr." }),
                auto("Dato for handleplans gyldighed (ID 61)", m.value("/assessment/actionPlanValidUntil").flatMap(CalendarDate.init)?.danish),
                auto("Dato for gangsat indstilling (ID 62)", m.value("/assessment/recommendationStartedOn").flatMap(CalendarDate.init)?.danish)
            ),
            Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(req), Controls.hidden("version", m.version), Controls.hidden("section", "assessment"),
                Controls.input("assessment.sharedGoalFollowUpDate", "Fælles opfølgningstidspunkt på mål (ID 33)", type: "date", value: m.value("/assessment/sharedGoalFollowUpDate"), error: m.error("/assessment/sharedGoalFollowUpDate")),
                Controls.textarea("assessment.civilSocietyInterventions", "Indsatser i civilsamfundet (ID 34)", value: (JSONPointer.resolve("/assessment/civilSocietyInterventions", in: m.json) as? [String])?.joined(separator: "\n"), error: m.error("/assessment/civilSocietyInterventions"), hint: "Én pr. linje."),
                tri("actionPlanOffered", "Tilbud om § 141-handleplan (ID 53)"),
                tri("actionPlanWish", "Borgerens ønske til handleplan (ID 54)"),
                Controls.enumSelect("assessment.actionPlanStatus", "Status for handleplan (ID 55)", PlanStatus.self, selected: m.value("/assessment/actionPlanStatus").flatMap(PlanStatus.init), error: m.error("/assessment/actionPlanStatus")),
                tri("holisticPlanOffered", "Helhedsorienteret handleplan tilbudt (ID 56)"),
                tri("holisticPlanWish", "Borgerens ønske til helhedsorienteret handleplan (ID 57)"),
                Controls.enumSelect("assessment.holisticPlanStatus", "Status for helhedsorienteret handleplan (ID 58)", PlanStatus.self, selected: m.value("/assessment/holisticPlanStatus").flatMap(PlanStatus.init), error: m.error("/assessment/holisticPlanStatus")),
                Controls.select("assessment.currentSupportNeed", "Borgerens aktuelle støttebehov (ID 59)", options: m.options(FFBValueSet.needs), selected: m.value("/assessment/currentSupportNeed"), error: m.error("/assessment/currentSupportNeed")),
                Controls.checkboxes("assessment.targetGroups", "Borgerens målgruppe (ID 60)", options: m.options(FFBValueSet.targetGroups), selected: m.values("/assessment/targetGroups"), error: m.error("/assessment/targetGroups")),
                Controls.submit("Gem vurdering")
            ),
            .h2(.txt("Indsatsmål (ID 29–32)")),
            goals.isEmpty ? .p(.txt("Ingen mål endnu.")) : .ul(.forEach(Array(goals.enumerated())) { (i, g) in
                .li(.txt("\(g["text"] as? String ?? "Mål \(i + 1)"): \(m.display(g["goalType"] as? String)), tema \(m.display(g["primaryTheme"] as? String)), forventet niveau \(m.value("/goals/\(i)/expectedLevel") ?? "–"), opfølgning \(date(g["followUpDate"] as? String))"))
            }),
            .if(editable, Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(req), Controls.hidden("version", m.version), Controls.hidden("section", "goal"),
                .h3(.txt("Tilføj mål")),
                Controls.input("goal.text", "Målet i borgerens ord", value: nil, error: m.error("/goals/\(goals.count)/text")),
                Controls.select("goal.goalType", "Måltype (ID 29)", options: m.options(FFBValueSet.changeValues), selected: nil, error: m.error("/goals/\(goals.count)/goalType")),
                Controls.select("goal.primaryTheme", "Primært udredningstema (ID 30)", options: m.options(FFBValueSet.activityAndParticipation), selected: nil, error: m.error("/goals/\(goals.count)/primaryTheme")),
                Controls.input("goal.expectedLevel", "Forventet funktionsevneniveau 0–4 (ID 31)", value: nil, error: m.error("/goals/\(goals.count)/expectedLevel")),
                Controls.input("goal.followUpDate", "Opfølgningstidspunkt for målet (ID 32)", type: "date", value: nil, error: m.error("/goals/\(goals.count)/followUpDate")),
                Controls.submit("Tilføj mål")
            )),
            .h2(.txt("Indstillede indsatser (ID 35–51)")),
            interventions.isEmpty ? .p(.txt("Ingen indsatser endnu.")) : interventionTable(m),
            .if(editable, Controls.form(
                action: url(m, .sagsvurdering), Controls.csrf(req), Controls.hidden("version", m.version), Controls.hidden("section", "intervention"),
                .h3(.txt("Tilføj indsats")),
                Controls.select("x.service", "Ydelse (ID 35)", options: m.options(FFBValueSet.interventions), selected: nil, error: m.error("/interventions/\(interventions.count)/services")),
                Controls.input("x.serviceParagraph", "Lovhjemmel for ydelsen", value: nil, hint: "Fx SEL § 85."),
                Controls.select("x.offer", "Tilbud (ID 36)", options: m.options(FFBValueSet.services), selected: nil, error: m.error("/interventions/\(interventions.count)/offers")),
                Controls.input("x.offerParagraph", "Lovhjemmel for tilbuddet", value: nil),
                Controls.input("x.accountNumber", "Kontonummer (ID 37)", value: nil, hint: "Fx 5.38.50."),
                Controls.textarea("x.alternativesConsidered", "Alternative indsatser (ID 38)", value: nil),
                Controls.input("x.expectedStartDate", "Forventet startdato (ID 39)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/expectedStartDate")),
                Controls.input("x.expectedEndDate", "Forventet slutdato (ID 40)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/expectedEndDate")),
                Controls.yesNo("x.noEndDate", "Indsatsen er uden slutdato (ID 41)", selected: nil),
                Controls.input("x.serviceExpectedStartDate", "Forventet startdato for ydelser (ID 42)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/serviceExpectedStartDate")),
                Controls.input("x.serviceExpectedEndDate", "Forventet slutdato for ydelser (ID 43)", type: "date", value: nil, error: m.error("/interventions/\(interventions.count)/serviceExpectedEndDate")),
                Controls.enumSelect("x.unit", "Ydelsesenhed (ID 44)", ServiceUnit.self, selected: nil),
                Controls.input("x.unitsPerPeriod", "Antal enheder i hver periode (ID 45)", value: nil, error: m.error("/interventions/\(interventions.count)/unitsPerPeriod")),
                Controls.enumSelect("x.frequency", "Ydelsesfrekvens (ID 46)", ServiceFrequency.self, selected: nil),
                Controls.input("x.periodRepetitions", "Antal gentagelser af perioden (ID 47)", value: nil, error: m.error("/interventions/\(interventions.count)/periodRepetitions")),
                Controls.input("x.unitPrice", "Enhedspris i kr. (ID 48)", value: nil, error: m.error("/interventions/\(interventions.count)/unitPrice")),
                Controls.submit("Tilføj indsats")
            ))
        )
    }

    static func interventionTable(_ m: CasePageModel) -> Node<HTML.BodyContext> {
        .table(
            .caption(.txt("Indsatser")),
            .thead(.tr(
                .th(.attr("scope", "col"), .txt("Indsats")),
                .th(.attr("scope", "col"), .txt("Periode")),
                .th(.attr("scope", "col"), .txt("Omfang (ID 50)")),
                .th(.attr("scope", "col"), .txt("Basispris (ID 49)")),
                .th(.attr("scope", "col"), .txt("Forventet pris (ID 51)")),
                .th(.attr("scope", "col"), .txt("Afgørelse")))),
            .tbody(.forEach(Array(m.list("/interventions").enumerated())) { (i, x) in
                let p = "/interventions/\(i)"
                let unit = m.value("\(p)/scope/unit").flatMap(ServiceUnit.init(rawValue:))?.danishName.lowercased() ?? ""
                return .tr(
                    .td(.txt(interventionName(m, i))),
                    .td(.txt("\(date(x["expectedStartDate"] as? String)) – \(x["noEndDate"] as? Bool == true ? "uden slutdato" : date(x["expectedEndDate"] as? String))")),
                    .td(.txt(m.value("\(p)/scope/units").map { "\($0) \(unit)\(m.value("\(p)/scope/perYear") == "true" ? " pr. år" : "")" } ?? "–")),
                    .td(.txt(Controls.kroner(m.value("\(p)/basePrice").flatMap { Int($0) }).map { "\($0) kr." } ?? "–")),
                    .td(.txt(Controls.kroner(m.value("\(p)/expectedPrice").flatMap { Int($0) }).map { "\($0) kr." } ?? "–")),
                    .td(.txt(m.value("\(p)/decision/outcome").flatMap(DecisionOutcome.init(rawValue:))?.danishName ?? "Ikke afgjort"))
                )
            })
        )
    }

    static func interventionName(_ m: CasePageModel, _ i: Int) -> String {
        let names = (m.list("/interventions/\(i)/services") + m.list("/interventions/\(i)/offers")).compactMap { s -> String? in
            guard let code = s["code"] as? String else { return nil }
            return m.display(code) + ((s["paragraph"] as? String).map { " (\($0))" } ?? "")
        }
        return names.isEmpty ? "Indsats \(i + 1)" : names.joined(separator: ", ")
    }

    static func decision(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let xs = m.list("/interventions")
        return .group(
            .dl(auto("Dato for gangsat indstilling (ID 62)", m.value("/assessment/recommendationStartedOn").flatMap(CalendarDate.init)?.danish)),
            xs.isEmpty ? .p(.txt("Der er ingen indstillede indsatser.")) : Controls.form(
                action: url(m, .afgoerelse), Controls.csrf(req), Controls.hidden("version", m.version),
                .forEach(Array(xs.indices)) { i in
                    let p = "/interventions/\(i)/decision"
                    let n = "interventions.\(i).decision"
                    return .element(named: "fieldset", nodes: [
                        .element(named: "legend", txt: interventionName(m, i)),
                        Controls.enumSelect("\(n).outcome", "Afgørelse (ID 63/64)", DecisionOutcome.self, selected: m.value("\(p)/outcome").flatMap(DecisionOutcome.init), error: m.error("\(p)/outcome")),
                        Controls.input("\(n).grantedUnitsPerPeriod", "Omfang af tildelt indsats, enheder pr. periode (ID 65)", value: m.value("\(p)/grantedUnitsPerPeriod"), error: m.error("\(p)/grantedUnitsPerPeriod")),
                        Controls.input("\(n).paragraph", "Bevillingsparagraf (ID 66)", value: m.value("\(p)/paragraph"), error: m.error("\(p)/paragraph"), hint: "Fx SEL § 85."),
                        Controls.input("\(n).followUpDate", "Opfølgningsdato (ID 67)", type: "date", value: m.value("\(p)/followUpDate"), error: m.error("\(p)/followUpDate")),
                        Controls.textarea("\(n).reason", "Begrundelse (til afgørelsesbrevet)", value: m.value("\(p)/reason"), error: m.error("\(p)/reason")),
                    ])
                },
                Controls.submit("Gem afgørelse")
            )
        )
    }

    static func order(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let granted = m.list("/interventions").indices.filter { m.value("/interventions/\($0)/decision/outcome") == "granted" }
        let offers = m.units.filter { $0.kind == .offer }.map { ($0.id.uuidString, $0.name) }
        return granted.isEmpty ? .p(.txt("Der er ingen bevilgede indsatser at bestille.")) : Controls.form(
            action: url(m, .bestilling), Controls.csrf(req), Controls.hidden("version", m.version),
            .forEach(granted) { i in
                let p = "/interventions/\(i)/order"
                let n = "interventions.\(i).order"
                return .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: interventionName(m, i)),
                    .dl(auto("Dato for bestilling (ID 68)", m.value("\(p)/orderedOn").flatMap(CalendarDate.init)?.danish)),
                    Controls.select("\(n).providerUnitId", "Tilbud, der bestilles hos", options: offers, selected: m.value("\(p)/providerUnitId"), error: m.error("\(p)/providerUnitId")),
                    Controls.input("\(n).providerPNumber", "Udførers p-nummer (ID 69)", value: m.value("\(p)/providerPNumber"), error: m.error("\(p)/providerPNumber")),
                    Controls.input("\(n).providerEAN", "Udførers EAN-nummer (ID 70)", value: m.value("\(p)/providerEAN"), error: m.error("\(p)/providerEAN")),
                    Controls.input("\(n).providerAccount", "Udførers kontonummer (ID 71)", value: m.value("\(p)/providerAccount"), error: m.error("\(p)/providerAccount")),
                    Controls.input("\(n).coPayment", "Egenbetaling pr. måned i kr. (ID 72)", value: Controls.kroner(m.value("\(p)/coPayment").flatMap { Int($0) }) ?? m.value("\(p)/coPayment"), error: m.error("\(p)/coPayment")),
                    Controls.yesNo("\(n).coordinationNeeded", "Behov for koordinering (ID 73)", selected: m.value("\(p)/coordinationNeeded").map { $0 == "true" }, error: m.error("\(p)/coordinationNeeded")),
                ])
            },
            Controls.submit("Gem bestilling")
        )
    }

    static func delivery(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let ordered = m.list("/interventions").indices.filter { m.value("/interventions/\($0)/order/orderedOn") != nil }
        return ordered.isEmpty ? .p(.txt("Der er ingen bestilte indsatser.")) : Controls.form(
            action: url(m, .levering), Controls.csrf(req), Controls.hidden("version", m.version),
            .forEach(ordered) { i in
                let p = "/interventions/\(i)/delivery"
                let n = "interventions.\(i).delivery"
                return .element(named: "fieldset", nodes: [
                    .element(named: "legend", txt: interventionName(m, i)),
                    .dl(auto("Dato for dokumentation (ID 74)", m.value("\(p)/documentedOn").flatMap(CalendarDate.init)?.danish)),
                    Controls.input("\(n).startDate", "Startdato for indsats (ID 75)", type: "date", value: m.value("\(p)/startDate"), error: m.error("\(p)/startDate")),
                    Controls.input("\(n).serviceStartDate", "Startdato for ydelser, hvis den afviger (ID 76)", type: "date", value: m.value("\(p)/serviceStartDate"), error: m.error("\(p)/serviceStartDate")),
                ])
            },
            Controls.submit("Gem levering")
        )
    }

    static func followUp(_ m: CasePageModel, _ req: Request) -> Node<HTML.BodyContext> {
        let done = m.list("/followUps")
        let goals = m.list("/goals")
        let next = done.count
        return .group(
            .h2(.txt("Gennemførte opfølgninger")),
            done.isEmpty ? .p(.txt("Ingen endnu.")) : .ul(.forEach(Array(done.enumerated())) { (i, f) in
                .li(.txt("\(date(f["followUpDate"] as? String)): \(m.value("/followUps/\(i)/followUpType").flatMap(FollowUpType.init)?.danishName ?? "–"), status \(m.display(f["interventionStatus"] as? String)), næste opfølgning \(date(f["nextFollowUpDate"] as? String))"))
            }),
            .if(m.phase == .followUp, Controls.form(
                action: url(m, .opfoelgning), Controls.csrf(req), Controls.hidden("version", m.version),
                .h2(.txt("Ny opfølgning")),
                Controls.select("f.interventionStatus", "Status på indsats (ID 75)", options: m.options(FFBValueSet.followUp), selected: nil, error: m.error("/followUps/\(next)/interventionStatus")),
                Controls.enumSelect("f.followUpType", "Opfølgningstype (ID 77)", FollowUpType.self, selected: nil),
                Controls.input("f.nextFollowUpDate", "Dato for næste opfølgning (ID 78)", type: "date", value: nil, error: m.error("/followUps/\(next)/nextFollowUpDate")),
                .forEach(Array(goals.enumerated())) { (i, g) in
                    Controls.enumSelect("f.goal.\(g["id"] as? String ?? "")", "Fremadrettet for målet \"\(g["text"] as? String ?? "Mål \(i + 1)")\" (ID 79)", GoalForwardDecision.self, selected: nil)
                },
                Controls.triState("f.personalSupervision", "Personrettet tilsyn gennemført (ID 80)", selected: nil),
                Controls.enumSelect("f.wellbeing", "Borgerens trivsel (ID 81)", Wellbeing.self, selected: nil),
                Controls.triState("f.useOfForce", "Magtanvendelse (ID 82)", selected: nil),
                Controls.select("f.supportNeedAtStart", "Støttebehov ved opstart eller seneste opfølgning (ID 83)", options: m.options(FFBValueSet.needs), selected: nil, error: m.error("/followUps/\(next)/supportNeedAtStart")),
                Controls.select("f.supportNeedAfter", "Støttebehov efter opfølgning (ID 84)", options: m.options(FFBValueSet.needs), selected: nil, error: m.error("/followUps/\(next)/supportNeedAfter")),
                Controls.textarea("f.note", "Notat", value: nil),
                Controls.submit("Gem opfølgning")
            ))
        )
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
