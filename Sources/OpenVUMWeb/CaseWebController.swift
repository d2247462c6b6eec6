import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The case pages of the web UI: worklist, case overview, one guided form per phase, decision letter.
enum CaseWebController {
    static func model(_ c: CaseRecord, on req: Request, db: any Database, withHistory: Bool = false) async throws -> CasePageModel {
        let t = try await req.openvum.terminology.current(on: db)
        let p = try req.principal()
        guard let citizen = try await CitizenStore.find(id: c.citizenID, principal: p, on: db) else { throw DomainError.notFound("Sagen") }
        var m = CasePageModel(
            record: c, json: CaseResource.object(c, terminology: t), citizen: citizen, terminology: t,
            units: try await OrganisationStore.units(municipalityID: c.municipalityID, on: db),
            history: withHistory ? try await CaseStore.history(caseID: c.id, on: db) : nil)
        m.deadlines = (try await CaseStore.deadlines(caseIDs: [c.id], on: db))[c.id] ?? []
        if req.query[String.self, at: "gemt"] == "1" { m.notice = "Gemt." }
        return m
    }

    /// Loads a case in scope and writes the route's audit row, in one transaction.
    static func load(_ req: Request, withHistory: Bool = false) async throws -> CasePageModel {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        return try await req.readTransaction { tx in
            guard let c = try await CaseStore.find(id: id, principal: p, on: tx) else { throw DomainError.notFound("Sagen") }
            try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID)
            return try await model(c, on: req, db: tx, withHistory: withHistory)
        }
    }

    // MARK: Worklist

    static func home(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let today = CalendarDate(req.openvum.now())
        // One audit row for the page, written by the first read of citizen data (one statement on PostgreSQL).
        var audit: AuditEntry? = try req.auditEntry(objectType: "worklist")
        let db = req.readDB
        let own = p.role == .caseworker || p.role == .teamLeader
            ? try await CaseStore.worklist(caseworkerID: p.userID, principal: p, limit: 100, withDeadlines: false, audit: audit.take(), on: db).map(\.summary) : []
        let team = p.role != .caseworker
            ? try await CaseStore.list(principal: p, filter: .init(openOnly: true), after: nil, limit: 100, audit: audit.take(), on: db).items : []
        if let audit { try await AuditStore.record(audit, on: db) }
        let caseload = p.role == .caseworker ? [] : try await CaseStore.caseload(principal: p, today: today, on: db)
        let reminders = try await ReminderStore.open(userID: p.userID, today: today, on: db)
        return Layout.page(
            title: "Sager", req: req, current: .cases,
            .if(!reminders.isEmpty, .section(
                .attr("aria-labelledby", "paamindelser"),
                .h2(.id("paamindelser"), .txt("Påmindelser")),
                .ul(.forEach(reminders) { r in
                    .li(
                        .if(r.overdue, .class("overdue")),
                        .a(.attr("href", "/sager/\(r.caseID.uuidString.lowercased())"), .txt("\(CaseViews.date(r.dueOn)): \(r.label) – \(r.citizenName)")),
                        .txt(" "),
                        .element(named: "form", nodes: [
                            .attr("action", "/paamindelser/\(r.id.uuidString.lowercased())/afvis"), .attr("method", "post"), .class("inline"),
                            .element(named: "input", nodes: [.attr("type", "hidden"), .attr("name", CSRF.fieldName), .attr("value", CSRF.token(for: req))]),
                            .element(named: "button", nodes: [.attr("type", "submit"), .class("link"), .txt("Afvis")]),
                        ])
                    )
                })
            )),
            .if(p.role == .caseworker || p.role == .teamLeader, .group(
                .h2(.txt("Mine åbne sager")),
                .p(.class("hint"), .txt("Sorteret efter nærmeste frist; overskredne frister står øverst.")),
                CaseViews.caseTable(own, today: today, caption: "Mine sager")
            )),
            .if(p.role != .caseworker, .group(
                .h2(.txt("Sagsstamme pr. sagsbehandler")),
                caseload.isEmpty ? .p(.txt("Ingen åbne sager.")) : .table(
                    .caption(.txt("Åbne sager og sager med overskredet frist")),
                    .thead(.tr(.th(.attr("scope", "col"), .txt("Sagsbehandler")),
                               .th(.attr("scope", "col"), .txt("Åbne sager")),
                               .th(.attr("scope", "col"), .txt("Overskredne")))),
                    .tbody(.forEach(caseload) { row in
                        .tr(.td(.txt(row.caseworkerName ?? "Ikke fordelt")), .td(.txt(String(row.openCases))), .td(.txt(String(row.overdueCases))))
                    })
                )
            )),
            .if(p.role != .caseworker, .group(
                .h2(.txt(p.role == .administrator ? "Kommunens åbne sager" : "Teamets åbne sager")),
                CaseViews.caseTable(team, today: today, caption: "Åbne sager")
            ))
        )
    }

    static func dismissReminder(_ req: Request) async throws -> Response {
        let p = try req.principal()
        guard let raw = req.parameters.get("reminderID"), let id = UUID(uuidString: raw) else { throw DomainError.notFound("Påmindelsen") }
        guard try await ReminderStore.dismiss(id: id, userID: p.userID, now: req.openvum.now(), on: req.db) else { throw DomainError.notFound("Påmindelsen") }
        return req.redirect(to: SiteURL.cases.path, redirectType: .normal)
    }

    // MARK: Create

    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let citizenID = try req.uuidParameter("citizenID", what: "Borgeren")
        let form = try FormData.parse(req)
        let t = try await req.openvum.terminology.current(on: req.db)
        let paragraphs = (form["paragraphsAppliedFor"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            let audit = try req.auditEntry(objectType: "case")
            let new = CaseStore.NewCase(
                citizenID: citizenID, origin: form["origin"].flatMap(CaseOrigin.init(rawValue:)), inquirer: form["inquirer"].flatMap(Inquirer.init(rawValue:)),
                paragraphsAppliedFor: paragraphs.isEmpty ? nil : paragraphs)
            let c = try await req.atomicWrite { db in
                try await CaseStore.create(new, principal: p, now: req.openvum.now(), terminology: t, audit: audit, on: db)
            }
            return req.redirect(to: "/sager/\(c.id.uuidString.lowercased())/\(PhaseSlug.sagsaabning.rawValue)", redirectType: .normal)
        } catch let error as DomainError where error.kind == .validation || error.kind == .conflict {
            return Layout.page(
                title: error.title, req: req, current: .cases, status: error.kind == .conflict ? .conflict : .unprocessableEntity,
                .p(.txt(error.detail)), .ul(.forEach(error.fieldErrors) { .li(.txt($0.message)) }),
                .p(.a(.attr("href", SiteURL.citizen(citizenID).path), .txt("Tilbage til borgeren"))))
        }
    }

    // MARK: Overview, transitions, KLE

    static func overview(_ req: Request) async throws -> Response {
        CaseViews.overview(try await load(req, withHistory: true), on: req)
    }

    static func transition(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let to = form["to"].flatMap(CasePhase.init(rawValue:))
        let version = Int(form["version"] ?? "") ?? -1
        do {
            guard let to else { throw DomainError.validation([FieldError(field: "to", message: "Vælg den fase, sagen skal gå til.")]) }
            let c = try await req.writeTransaction { tx in
                let c = try await CaseStore.transition(id: id, expectedVersion: version, to: to, reason: form["reason"], principal: p, now: req.openvum.now(), on: tx)
                try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID, criteria: "to=\(to.rawValue)")
                return c
            }
            let target = PhaseSlug(phase: c.phase).map { "/sager/\(c.id.uuidString.lowercased())/\($0.rawValue)" } ?? "/sager/\(c.id.uuidString.lowercased())"
            return req.redirect(to: target, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict, .preconditionFailed].contains(error.kind) {
            var m = try await load(req, withHistory: true)
            // An illegal move is explained on the phase field; a missing reason on its own field.
            m.errors = error.kind == .conflict || error.fieldErrors.isEmpty ? [FieldError(field: "to", message: error.detail)] : error.fieldErrors
            return CaseViews.overview(m, on: req).withStatus(.unprocessableEntity)
        }
    }

    static func setKLE(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let version = Int(form["version"] ?? "") ?? -1
        let t = try await req.openvum.terminology.current(on: req.db)
        do {
            _ = try await req.writeTransaction { tx in
                let c = try await CaseStore.setKLE(id: id, expectedVersion: version, emne: form["emne"], facet: form["facet"], principal: p, now: req.openvum.now(), terminology: t, on: tx)
                try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID, criteria: "kle")
                return c
            }
            return req.redirect(to: "/sager/\(id.uuidString.lowercased())?gemt=1", redirectType: .normal)
        } catch let error as DomainError where [.validation, .preconditionFailed].contains(error.kind) {
            var m = try await load(req, withHistory: true)
            m.errors = error.fieldErrors.isEmpty ? [FieldError(field: "emne", message: error.detail)] : error.fieldErrors
            return CaseViews.overview(m, on: req).withStatus(.unprocessableEntity)
        }
    }

    // MARK: Phase pages

    static func slug(_ req: Request) throws -> PhaseSlug {
        guard let raw = req.parameters.get("phase"), let slug = PhaseSlug(rawValue: raw) else { throw DomainError.notFound("Siden") }
        return slug
    }

    static func phasePage(_ req: Request) async throws -> Response {
        let slug = try slug(req)
        return CaseViews.phasePage(slug, try await load(req), on: req)
    }

    static func savePhase(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let slug = try slug(req)
        let id = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let version = Int(form["version"] ?? "") ?? -1
        let t = try await req.openvum.terminology.current(on: req.db)
        let current = try await load(req)
        let (patch, formErrors) = buildPatch(slug, form: form, model: current)
        do {
            if !formErrors.isEmpty { throw DomainError.validation(formErrors) }
            nonisolated(unsafe) let body = patch
            _ = try await req.writeTransaction { tx in
                let c = try await CaseStore.update(id: id, expectedVersion: version, patch: body, principal: p, now: req.openvum.now(), terminology: t, on: tx)
                try await req.audit(on: tx, objectType: "case", objectID: c.id.uuidString, citizenID: c.citizenID, criteria: "form=\(slug.rawValue)")
                return c
            }
            return req.redirect(to: "/sager/\(id.uuidString.lowercased())/\(slug.rawValue)?gemt=1", redirectType: .normal)
        } catch let error as DomainError where [.validation, .preconditionFailed, .badRequest].contains(error.kind) {
            // Show the form again with what the user typed, so nothing is lost.
            var m = current
            m.json = CasePatch.merge(m.json, patch) as? [String: Any] ?? m.json
            m.errors = error.fieldErrors
            if error.kind == .preconditionFailed {
                m.errors = [FieldError(field: "version", message: "Sagen er ændret af en anden, siden du åbnede siden. Dine indtastninger står herunder og er ikke gemt; gem igen for at overskrive.")]
            }
            return CaseViews.phasePage(slug, m, on: req, status: error.kind == .preconditionFailed ? .preconditionFailed : .unprocessableEntity)
        }
    }

    static func writable(_ m: CasePageModel, _ pointer: String) -> [[String: Any]] {
        (CasePatch.removingAutoFields(m.list(pointer), prefix: pointer) as? [[String: Any]]) ?? []
    }

    /// The merge patch a phase form means, and any values that could not be read.
    static func buildPatch(_ slug: PhaseSlug, form: FormData, model m: CasePageModel) -> ([String: Any], [FieldError]) {
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
            let existing = Dictionary(m.list("/investigation/functionalLevels").compactMap { l in (l["subtheme"] as? String).map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
            var levels: [[String: Any]] = []
            for (i, s) in m.terminology.valueSet(FFBValueSet.activityAndParticipation).enumerated() {
                guard let raw = form["level.\(s.code)"] else { continue }
                guard let level = Double(raw.replacingOccurrences(of: ",", with: ".")) else {
                    b.errors.append(FieldError(field: "/investigation/functionalLevels/x\(i)", message: "\(s.display): skriv et tal fra 0 til 4, fx 2,5."))
                    levels.append(["subtheme": s.code, "level": raw])
                    continue
                }
                var entry: [String: Any] = ["subtheme": s.code, "level": level]
                if let old = existing[s.code], (old["level"] as? NSNumber)?.doubleValue == level, let on = old["assessedOn"] { entry["assessedOn"] = on }
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
                g.number("goal.expectedLevel", "expectedLevel", pointer: "/goals/\(m.list("/goals").count)/expectedLevel")
                g.string("goal.followUpDate", "followUpDate")
                let goal = g.object.filter { !($0.value is NSNull) }
                return (["goals": writable(m, "/goals") + [goal]], g.errors)
            case "intervention":
                let n = m.list("/interventions").count
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
            for key in ["interventionStatus", "followUpType", "nextFollowUpDate", "personalSupervision", "wellbeing", "useOfForce", "supportNeedAtStart", "supportNeedAfter", "note"] {
                f.string("f.\(key)", key)
            }
            var entry = f.object.filter { !($0.value is NSNull) }
            let decisions = m.list("/goals").compactMap { g -> [String: Any]? in
                guard let id = g["id"] as? String, let d = form["f.goal.\(id)"] else { return nil }
                return ["goalId": id, "decision": d]
            }
            if !decisions.isEmpty { entry["goalDecisions"] = decisions }
            return (["followUps": writable(m, "/followUps") + [entry]], f.errors)
        }
    }

    // MARK: Decision letter

    static func letter(_ req: Request) async throws -> Response {
        let m = try await load(req)
        let municipality = try await OrganisationStore.municipalityName(id: m.record.municipalityID, on: req.db) ?? ""
        let decided = m.list("/interventions").indices.filter { m.value("/interventions/\($0)/decision/outcome") != nil }
        let decidedOn = decided.compactMap { m.value("/interventions/\($0)/decision/decidedOn") }.max().flatMap(CalendarDate.init)
        func line(_ i: Int) -> Node<HTML.BodyContext> {
            let p = "/interventions/\(i)"
            let name = CaseViews.interventionName(m, i)
            if m.value("\(p)/decision/outcome") == "granted" {
                let unit = m.value("\(p)/unit").flatMap(ServiceUnit.init(rawValue:))?.danishPlural ?? "enheder"
                let freq = m.value("\(p)/frequency").flatMap(ServiceFrequency.init(rawValue:))?.danishName.lowercased() ?? ""
                let scope = m.value("\(p)/decision/grantedUnitsPerPeriod") ?? m.value("\(p)/unitsPerPeriod")
                return .group(
                    .h3(.txt("Bevilget: \(name)")),
                    .p(.txt("Du får bevilget \(name) efter \(m.value("\(p)/decision/paragraph") ?? "–").\(scope.map { " Omfanget er \($0) \(unit) \(freq)." } ?? "") Indsatsen forventes at starte \(CaseViews.date(m.value("\(p)/expectedStartDate")))\(m.value("\(p)/noEndDate") == "true" ? " og er uden slutdato" : " og slutte \(CaseViews.date(m.value("\(p)/expectedEndDate")))"). Vi følger op senest \(CaseViews.date(m.value("\(p)/decision/followUpDate"))).")),
                    .unwrap(m.value("\(p)/decision/reason")) { .p(.txt("Begrundelse: \($0)")) }
                )
            }
            return .group(
                .h3(.txt("Afslag: \(name)")),
                .p(.txt("Du får afslag på \(name).")),
                .unwrap(m.value("\(p)/decision/reason")) { .p(.txt("Begrundelse: \($0)")) }
            )
        }
        return Layout.page(
            title: "Afgørelse", req: req, current: .cases,
            .element(named: "article", nodes: [
                .class("letter"),
                .p(.txt(municipality)),
                .p(.txt("Til \(m.citizen.givenName) \(m.citizen.familyName)")),
                .p(.txt("Dato: \(decidedOn?.danish ?? "Der er endnu ikke truffet afgørelse")")),
                .h2(.txt("Afgørelse om hjælp efter serviceloven")),
                .p(.txt("Du har søgt om hjælp\((JSONPointer.resolve("/opening/paragraphsAppliedFor", in: m.json) as? [String]).map { " efter \($0.joined(separator: ", "))" } ?? ""). Vi har vurderet din ansøgning ud fra de oplysninger, vi har fået, og din funktionsevne, som vi har beskrevet sammen med dig.")),
                decided.isEmpty ? .p(.txt("Der er endnu ikke truffet afgørelse i sagen.")) : .group(.forEach(decided) { line($0) }),
                .if(!m.list("/goals").isEmpty, .group(
                    .h3(.txt("Mål for indsatsen")),
                    .ul(.forEach(m.list("/goals")) { g in .li(.txt("\(g["text"] as? String ?? "Mål") (\(m.display(g["goalType"] as? String)))")) })
                )),
                .h3(.txt("Klagevejledning")),
                .p(.txt("Du kan klage over afgørelsen inden 4 uger efter, at du har modtaget den. Klagen sendes til kommunen, som vurderer sagen igen. Fastholder vi afgørelsen, sender vi klagen videre til Ankestyrelsen.")),
            ]),
            .p(.class("no-print"), .a(.attr("href", CaseViews.url(m)), .txt("Tilbage til sagen")))
        )
    }

    // MARK: Catalogue page

    static func catalogue(_ req: Request) async throws -> Response {
        let captured = DataCatalogue.capturedKeys
        let themes = [1: "1 Sagsstyring", 2: "2 Økonomi", 3: "3 Viden om indsats og effekt"]
        return Layout.page(
            title: "Datakatalog", req: req, current: .catalogue,
            .p(.txt("Alle strukturerede data i VUM 2.0 (Underbilag F) og hvor de findes i API'et (GET /api/v1/cases/{id}). ID 24 findes ikke i kilden; ID 74–76 bruges både under levering og opfølgning.")),
            .table(
                .caption(.txt("\(DataCatalogue.items.count) dataelementer")),
                .thead(.tr(
                    .th(.attr("scope", "col"), .txt("ID")),
                    .th(.attr("scope", "col"), .txt("Fase")),
                    .th(.attr("scope", "col"), .txt("Dataelement")),
                    .th(.attr("scope", "col"), .txt("Tema")),
                    .th(.attr("scope", "col"), .txt("Automatisk")),
                    .th(.attr("scope", "col"), .txt("API-sti")),
                    .th(.attr("scope", "col"), .txt("Opsamles")))),
                .tbody(.forEach(DataCatalogue.items) { i in
                    .tr(
                        .td(.txt(i.vumID.map(String.init) ?? "–")), .td(.txt(i.phase.danishName)), .td(.txt(i.nameDa)),
                        .td(.txt(i.theme.flatMap { themes[$0] } ?? "–")), .td(.txt(i.autoGenerated ? "Ja" : "Nej")),
                        .td(.element(named: "code", txt: i.apiPath)), .td(.txt(captured.contains(i.key) ? "Ja" : "Nej"))
                    )
                })
            )
        )
    }
}

extension Response {
    func withStatus(_ status: HTTPResponseStatus) -> Response {
        self.status = status
        return self
    }
}
