import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// One citizen's events replayed through the store functions the API uses, each on its own date (noon,
/// Copenhagen): opening, inquiries, assignments, investigation, functional levels, assessment,
/// recommendation, action plan, decision, order, delivery start, follow-up, target groups, end of an
/// intervention, closing. Types a later issue imports are counted as skipped.
enum Replay {
    typealias File = CaseHistoryFile

    static func citizen(
        _ citizen: File.Citizen, file: File, org: Organisation.Map, principal: Principal, terminology: any TerminologyLookup, channel: String,
        on db: any Database
    ) async throws -> HistoryImporter.CitizenOutcome {
        var r = Runner(file: file, org: org, principal: principal, terminology: terminology, db: db, citizen: citizen)
        let municipality = principal.municipalityID
        if let id = try await ImportKeys.find(municipality, "case", citizen.case.caseId, on: db) {
            r.record = try await CaseStore.find(id: id, principal: principal, on: db)
        }
        var outcome = HistoryImporter.CitizenOutcome()
        // The events of this case already imported (a re-import skips them).
        var done = Set<String>()
        if let id = r.record?.id {
            done = Set(try await db.sql.raw("""
                SELECT key FROM import_keys WHERE municipality_id = \(bind: municipality) AND kind = 'event' AND internal_id = \(bind: id)
                """).all().map { try $0.decode(column: "key", as: String.self) })
        }
        var previous: CalendarDate?
        for e in citizen.case.events {
            if let p = previous, e.date < p {
                throw HistoryImporter.Refused(eventID: e.eventId, message: "Hændelse \(e.eventId) (\(e.type)) er dateret \(e.date.danish), før den forrige hændelse (\(p.danish)). Hændelserne skal stå i datoorden.")
            }
            previous = e.date
            if e.date > file.referenceDate {
                throw HistoryImporter.Refused(eventID: e.eventId, message: "Hændelse \(e.eventId) (\(e.type)) er dateret \(e.date.danish), efter filens referencedato (\(file.referenceDate.danish)).")
            }
            if File.skippedTypes.contains(e.type) {
                outcome.skipped[e.type, default: 0] += 1
                continue
            }
            if done.contains(e.eventId) { continue }
            do {
                try await r.apply(e)
            } catch let error as DomainError {
                let fields = error.fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
                throw HistoryImporter.Refused(eventID: e.eventId, message: "Hændelse \(e.eventId) (\(e.type), \(e.date.danish)) blev afvist: \(error.title). \(fields.isEmpty ? error.detail : fields)")
            }
            guard let record = r.record else { continue }
            try await ImportKeys.record(municipality, "event", e.eventId, record.id, on: db)
            outcome.applied[e.type, default: 0] += 1
        }
        if !outcome.applied.isEmpty, let record = r.record {
            let entry = AuditEntry(occurredAt: Date(), municipalityID: municipality, userID: principal.userID, unitID: nil, action: "import.history",
                                   objectType: "case", objectID: record.id.uuidString, citizenID: record.citizenID,
                                   criteria: "events=\(outcome.applied.values.reduce(0, +))", channel: channel)
            try await AuditStore.record(entry, on: db)
        }
        return outcome
    }

    static func refuse(_ field: String, _ message: String) -> DomainError { DomainError.validation([FieldError(field: field, message: message)]) }

    static func index(of id: UUID, in doc: CaseDocument) throws -> Int {
        guard let i = doc.interventions.firstIndex(where: { $0.id == id }) else { throw refuse("interventionId", "Indsatsen findes ikke på sagen.") }
        return i
    }

    struct Runner {
        let file: File
        let org: Organisation.Map
        let principal: Principal
        let terminology: any TerminologyLookup
        let db: any Database
        let citizen: File.Citizen
        var record: CaseRecord?
        /// The latest recommendation's date (ID 62), stamped when the case goes to decision.
        var lastRecommendationOn: CalendarDate?

        init(file: File, org: Organisation.Map, principal: Principal, terminology: any TerminologyLookup, db: any Database, citizen: File.Citizen) {
            self.file = file
            self.org = org
            self.principal = principal
            self.terminology = terminology
            self.db = db
            self.citizen = citizen
        }

        var municipality: UUID { principal.municipalityID }
        var caseKey: String { citizen.case.caseId }


        func current() throws -> CaseRecord {
            guard let record else { throw Replay.refuse("type", "Sagen er ikke åbnet endnu: den første hændelse skal være case_opened.") }
            return record
        }

        /// The OpenVUM id of an object of this case by its key in the file.
        func id(_ kind: String, _ key: String?) async throws -> UUID {
            guard let key, let id = try await ImportKeys.find(municipality, kind, "\(caseKey)/\(key)", on: db) else {
                throw Replay.refuse(kind, "Ukendt \(kind == "goal" ? "mål" : kind == "order" ? "bestilling" : "indsats") \(key ?? "(mangler)") på sagen.")
            }
            return id
        }

        func remember(_ kind: String, _ key: String, _ id: UUID) async throws {
            try await ImportKeys.record(municipality, kind, "\(caseKey)/\(key)", id, on: db)
        }

        mutating func update(_ now: Date, _ mutate: (inout CaseDocument) async throws -> Void) async throws {
            let c = try current()
            var doc = c.document
            try await mutate(&doc)
            if doc == c.document { return }
            record = try await CaseStore.update(id: c.id, expectedVersion: c.version, document: doc, principal: principal, now: now,
                                                terminology: terminology, audit: nil, on: db)
        }

        mutating func move(_ to: CasePhase, _ now: Date, reason: String? = nil, closeReason: CloseReason? = nil) async throws {
            let c = try current()
            record = try await CaseStore.transition(id: c.id, expectedVersion: c.version, to: to, reason: reason, closeReason: closeReason,
                                                    recommendationOn: to == .decision ? lastRecommendationOn : nil, principal: principal, now: now, audit: nil, on: db)
        }


        mutating func apply(_ e: File.Event) async throws {
            let now = e.date.date
            switch e.type {
            case "case_opened": try await open(e, now)
            case "inquiry_received":
                let c = try current()
                record = try await CaseStore.addInquiry(caseID: c.id, inquirer: try HistorySlugs.value(e.inquirer, in: HistorySlugs.inquirer, field: "inquirer"),
                                                        origin: try HistorySlugs.value(e.origin, in: HistorySlugs.origin, field: "origin") ?? .inquiry,
                                                        receivedOn: e.date, principal: principal, now: now, terminology: terminology, audit: nil, on: db)
            case "caseworker_assigned":
                let c = try current()
                guard let holder = e.caseworkerId.flatMap({ org.caseworkers[$0] }) else { throw Replay.refuse("caseworkerId", "Ukendt sagsbehandler: \(e.caseworkerId ?? "(mangler)").") }
                if holder.user == c.caseworkerID && holder.team == c.responsibleUnitID { return }
                record = try await CaseStore.assign(id: c.id, expectedVersion: c.version, unitID: holder.team, caseworkerID: holder.user,
                                                    reason: try HistorySlugs.value(e.reason, in: HistorySlugs.assignmentReason, field: "reason") ?? .redistribution,
                                                    principal: principal, now: now, audit: nil, on: db)
            case "investigation_started":
                try await move(.investigation, now)
                let subthemes = (e.relevantSubthemes ?? []).map(\.code)
                if !subthemes.isEmpty { try await update(now) { $0.investigation.assessedSubthemes = subthemes } }
            case "functional_assessment":
                try await update(now) { doc in
                    var levels = doc.investigation.functionalLevels ?? []
                    for l in e.levels ?? [] {
                        let level = FunctionalLevel(subtheme: l.subtheme.code, level: l.level, assessedOn: e.date)
                        if let i = levels.firstIndex(where: { $0.subtheme == l.subtheme.code }) { levels[i] = level } else { levels.append(level) }
                    }
                    doc.investigation.functionalLevels = levels
                }
            case "assessment_started":
                let phase = try current().phase
                if phase != .assessment { try await move(.assessment, now, reason: phase == .followUp ? "Genvisitation" : nil) }
            case "recommendation": try await recommend(e, now)
            case "action_plan":
                try await update(now) { doc in
                    doc.assessment.actionPlanOffered = HistorySlugs.tri(e.offered)
                    doc.assessment.actionPlanWish = HistorySlugs.tri(e.citizenWants)
                    doc.assessment.actionPlanStatus = try HistorySlugs.value(e.status, in: HistorySlugs.planStatus, field: "status")
                    doc.assessment.holisticPlanOffered = HistorySlugs.tri(e.holisticOffered)
                    doc.assessment.holisticPlanWish = HistorySlugs.tri(e.holisticCitizenWants)
                    doc.assessment.holisticPlanStatus = try HistorySlugs.value(e.holisticStatus, in: HistorySlugs.planStatus, field: "holisticStatus")
                    // ID 61 as the file has it (else derived from the completion and the local validity period).
                    doc.assessment.actionPlanValidUntil = doc.assessment.actionPlanStatus == .completed ? e.validUntil : nil
                }
            case "decision": try await decide(e, now)
            case "order": try await order(e, now)
            case "delivery_started": try await deliver(e, now)
            case "hours_delivered": try await hours(e, now)
            case "status_report": try await statusReport(e, now)
            case "use_of_force": try await useOfForce(e, now)
            case "payment": try await payment(e, now)
            case "follow_up": try await followUp(e, now)
            case "target_groups_updated":
                try await update(now) { doc in
                    doc.assessment.targetGroups = (e.targetGroups ?? []).map(\.code)
                    doc.assessment.primaryTargetGroup = e.targetGroups?.first { $0.primary == true }?.code
                }
            case "intervention_ended":
                let id = try await id("intervention", e.interventionId)
                let reason = try HistorySlugs.value(e.reason, in: HistorySlugs.endReason, field: "reason") ?? .expired
                let end = InterventionEnd(endedOn: e.date, reason: reason)
                // The intervention's order ends with it (the case reads the end from the order); without one, the case alone.
                let o = try await binding(interventionID: id)
                if let o, [.accepted, .started].contains(o.state) {
                    try await step(o, .end(o.state == .accepted && ![.movedAway, .caseClosed].contains(reason) ? InterventionEnd(endedOn: e.date, reason: .neverStarted) : end),
                                   by: .authority, now)
                } else if let o, o.state == .sent {
                    try await step(o, .withdraw, by: .authority, now)
                    try await update(now) { doc in doc.interventions[try Replay.index(of: id, in: doc)].end = end }
                } else {
                    try await update(now) { doc in doc.interventions[try Replay.index(of: id, in: doc)].end = end }
                }
            case "case_closed":
                try await move(.closed, now, closeReason: try HistorySlugs.value(e.reason, in: HistorySlugs.closeReason, field: "reason") ?? .withdrawn)
            default:
                throw Replay.refuse("type", "Ukendt hændelsestype: \(e.type).")
            }
        }

        mutating func open(_ e: File.Event, _ now: Date) async throws {
            if record != nil { throw Replay.refuse("type", "Sagen er allerede åbnet.") }
            guard let holder = e.caseworkerId.flatMap({ org.caseworkers[$0] }) else { throw Replay.refuse("caseworkerId", "Ukendt sagsbehandler: \(e.caseworkerId ?? "(mangler)").") }
            let cpr = try CPRNumber(citizen.cpr)
            let citizenID: UUID
            do {
                citizenID = try await CitizenStore.create(.init(cpr: cpr, givenName: citizen.givenName, familyName: citizen.familyName, responsibleUnitID: holder.team),
                                                          principal: principal, now: now, audit: nil, on: db).citizen.id
            } catch let error as DomainError where error.code == "citizen.cpr.exists" {
                guard let existing = try await CitizenStore.search(cpr: cpr, principal: principal, on: db).first else { throw error }
                citizenID = existing.id
            }
            let created = try await CaseStore.create(
                .init(citizenID: citizenID, origin: try HistorySlugs.value(e.origin, in: HistorySlugs.origin, field: "origin"),
                      inquirer: try HistorySlugs.value(e.inquirer, in: HistorySlugs.inquirer, field: "inquirer"), responsibleUnitID: holder.team,
                      caseworkerID: holder.user),
                principal: principal, now: now, terminology: terminology, audit: nil, on: db)
            record = created
            try await ImportKeys.record(municipality, "case", caseKey, created.id, on: db)
            if try await ImportKeys.find(municipality, "citizen", citizen.citizenId, on: db) == nil {
                try await ImportKeys.record(municipality, "citizen", citizen.citizenId, citizenID, on: db)
            }
            if let kle = e.kle {
                guard let snapshot = terminology as? TerminologySnapshot else { throw Replay.refuse("kle", "KLE kan ikke slås op.") }
                record = try await CaseStore.setKLE(id: created.id, expectedVersion: created.version, emne: kle.number, facet: nil, principal: principal,
                                                    now: now, terminology: snapshot, audit: nil, on: db)
            }
            let own = MunicipalityCode.normalised(file.municipality.code) ?? file.municipality.code
            try await update(now) { doc in
                let o = e
                doc.opening.citizenAgrees = HistorySlugs.tri(o.citizenAgrees)
                doc.opening.clearCase = o.clearCase
                doc.opening.clearCaseServiceType = o.clearCaseServiceType?.code
                doc.opening.clearCaseOfferType = o.clearCaseOfferType?.code
                doc.opening.guardianship = HistorySlugs.tri(o.guardianship?.hasGuardian)
                doc.opening.guardianshipForm = try HistorySlugs.value(o.guardianship?.form, in: HistorySlugs.guardianshipForm, field: "guardianship.form")
                doc.opening.guardianshipInvestigation = HistorySlugs.tri(o.guardianship?.needsFurtherInvestigation)
                doc.opening.informedOfRepresentationRight = HistorySlugs.tri(o.representation?.informedOfRight)
                doc.opening.represented = HistorySlugs.tri(o.representation?.represented)
                doc.opening.representationForm = try HistorySlugs.value(o.representation?.form, in: HistorySlugs.representationForm, field: "representation.form")
                doc.opening.informedOfElectronicRegistration = HistorySlugs.tri(o.informedOfElectronicRegistration)
                doc.opening.consent = o.consent?.given.map { $0 ? .given : .refused }
                doc.opening.consentForm = try HistorySlugs.value(o.consent?.form, in: HistorySlugs.consentForm, field: "consent.form")
                doc.opening.consentCollectFrom = try o.consent?.collectFrom.map { try $0.compactMap { try HistorySlugs.value($0, in: HistorySlugs.party, field: "consent.collectFrom") } }
                doc.opening.consentDiscloseTo = try o.consent?.discloseTo.map { try $0.compactMap { try HistorySlugs.value($0, in: HistorySlugs.party, field: "consent.discloseTo") } }
                doc.opening.holisticGuidance = HistorySlugs.tri(o.holisticGuidance)
                func other(_ code: String?) -> String? {
                    guard let code else { return nil }
                    let normalised = MunicipalityCode.normalised(code) ?? code
                    return normalised == own ? nil : normalised
                }
                doc.opening.otherActingMunicipality = other(o.actingMunicipality)
                doc.opening.otherPayingMunicipality = other(o.payingMunicipality)
            }
        }

        mutating func recommend(_ e: File.Event, _ now: Date) async throws {
            lastRecommendationOn = e.date
            let phase = try current().phase
            if phase == .followUp { try await move(.assessment, now, reason: "Genvisitation") }
            var newGoals: [(String, UUID)] = [], newInterventions: [(String, UUID)] = []
            try await update(now) { doc in
                if let groups = e.targetGroups {
                    doc.assessment.targetGroups = groups.map(\.code)
                    doc.assessment.primaryTargetGroup = groups.first { $0.primary == true }?.code
                }
                if let need = e.currentSupportNeed { doc.assessment.currentSupportNeed = need.code }
                if let civil = e.civilSocietyInterventions { doc.assessment.civilSocietyInterventions = civil.isEmpty ? nil : civil }
                if let committee = e.visitationCommittee { doc.assessment.visitationCommittee = committee }
                for g in e.goals ?? [] {
                    var goal = Goal()
                    goal.id = UUID()
                    goal.text = g.text
                    goal.goalType = g.goalType?.code
                    goal.primaryTheme = g.primarySubtheme?.code
                    goal.expectedLevel = g.expectedLevel
                    goal.followUpDate = g.followUp?.mode == "separat" ? g.followUp?.date : nil
                    doc.goals.append(goal)
                    newGoals.append((g.goalId, goal.id!))
                }
                for (n, x) in (e.interventions ?? []).enumerated() {
                    var i = Intervention()
                    i.id = UUID()
                    i.services = (x.services ?? []).map { CodedService(code: $0.code, paragraph: $0.legalBasis ?? x.legalBasis) }
                    i.offers = x.offerType.map { [CodedService(code: $0.code, paragraph: x.legalBasis)] }
                    i.accountNumber = x.accountNumber
                    i.expectedStartDate = x.expectedStart
                    i.expectedEndDate = x.noEndDate == true ? nil : x.expectedEnd
                    i.noEndDate = x.noEndDate
                    let later = (x.services ?? []).filter { $0.expectedStart != nil || $0.expectedEnd != nil }
                    i.serviceExpectedStartDate = later.compactMap(\.expectedStart).min()
                    i.serviceExpectedEndDate = later.compactMap(\.expectedEnd).max()
                    if let p = x.price {
                        i.unit = try HistorySlugs.value(p.unit, in: HistorySlugs.unit, field: "price.unit")
                        i.unitsPerPeriod = p.unitsPerPeriod
                        i.frequency = try HistorySlugs.value(p.frequency, in: HistorySlugs.frequency, field: "price.frequency")
                        i.periodRepetitions = p.repetitions
                        i.unitPrice = p.unitPriceOre
                        i.supplements = p.supplements.map { $0.map { PriceSupplement(text: $0.description, amount: $0.amountOre) } }
                    }
                    if n == 0, let alternatives = e.alternativeInterventions, !alternatives.isEmpty {
                        i.alternatives = alternatives.map { AlternativeIntervention(description: $0.description, expectedPrice: $0.expectedPriceOre) }
                    }
                    doc.interventions.append(i)
                    newInterventions.append((x.interventionId, i.id!))
                }
            }
            for (key, id) in newGoals { try await remember("goal", key, id) }
            for (key, id) in newInterventions { try await remember("intervention", key, id) }
            // A recommendation is its case's interventions of one day; its key is kept by its first intervention.
            if let key = e.recommendationId, let first = newInterventions.first { try await remember("recommendation", key, first.1) }
        }

        mutating func decide(_ e: File.Event, _ now: Date) async throws {
            var items: [(UUID, File.DecisionItem)] = []
            for item in e.items ?? [] { items.append((try await id("intervention", item.interventionId), item)) }
            if try current().phase == .assessment { try await move(.decision, now) }
            try await update(now) { doc in
                for (id, item) in items {
                    let i = try Replay.index(of: id, in: doc)
                    if doc.interventions[i].decision?.outcome != nil {
                        throw Replay.refuse("items", "Indsatsen \(item.interventionId) er allerede afgjort; en indsats afgøres kun én gang.")
                    }
                    var d = InterventionDecision()
                    d.outcome = try HistorySlugs.value(item.outcome, in: HistorySlugs.outcome, field: "items.outcome")
                    d.grantedUnitsPerPeriod = d.outcome == .granted ? item.grantedUnitsPerPeriod : nil
                    d.paragraph = item.grantParagraph   // read as its code by the case rules
                    d.refusalReason = try HistorySlugs.value(item.refusalReason, in: HistorySlugs.refusalReason, field: "items.refusalReason")
                    d.followUpDate = d.outcome == .granted ? e.followUpDate : nil
                    doc.interventions[i].decision = d
                }
                // Goals followed up "samme" (ID 33) follow the case's follow-up date.
                if let next = e.followUpDate, doc.goals.contains(where: { $0.followUpDate == nil }) { doc.assessment.sharedGoalFollowUpDate = next }
            }
        }

        /// An order of the granted intervention to the offer, sent on the event's day: its own resource, pre-filled from
        /// the decision and the assessment as the API's (`OrderRules.draft`), with the register's P-number, EAN and
        /// account as the file has them; the case reads IDs 68–73 from it.
        mutating func order(_ e: File.Event, _ now: Date) async throws {
            let id = try await id("intervention", e.interventionId)
            guard let offer = e.offerId.flatMap({ org.offers[$0] }) else { throw Replay.refuse("offerId", "Ukendt tilbud: \(e.offerId ?? "(mangler)").") }
            guard let provider = try await ProviderStore.provider(ofOffer: offer, municipalityID: municipality, on: db) else {
                throw Replay.refuse("offerId", "Tilbuddet \(e.offerId ?? "") har ingen udfører i tilbudsregistret.")
            }
            if [.decision, .delivery, .followUp].contains(try current().phase) { try await move(.order, now) }
            let c = try current()
            var o = try OrderRules.draft(id: UUID(), caseID: c.id, document: c.document, interventionID: id, offerID: offer, providerID: provider,
                                         rates: try await ProviderStore.rates(offerID: offer, on: db), today: e.date)
            var change = OrderRules.DraftChange()
            change.coPayment = .some(e.coPaymentOrePerMonth)
            change.coordinationNeeded = .some(e.coordinationNeeded)
            if let k = e.contract {
                // The contract as the file has it — the rate negotiated, the supplements, the dates — and its price as the formula gives it.
                guard try HistorySlugs.value(k.price.unit, in: HistorySlugs.unit, field: "contract.unit") == o.contract.unit,
                      try HistorySlugs.value(k.price.frequency, in: HistorySlugs.frequency, field: "contract.frequency") == o.contract.frequency else {
                    throw Replay.refuse("contract.unit", "Kontraktens enhed og frekvens skal være indsatsens (\(o.contract.unit.danishName.lowercased()), \(o.contract.frequency.danishName.lowercased())).")
                }
                change.startDate = k.startDate
                change.endDate = .some(k.endDate)
                change.unitsPerPeriod = k.price.unitsPerPeriod
                change.repetitions = k.price.repetitions
                change.unitPrice = k.price.unitPriceOre
                change.supplements = (k.price.supplements ?? []).map { PriceSupplement(text: $0.description, amount: $0.amountOre) }
            }
            o = try OrderRules.edit(o, change)
            if let k = e.contract, o.contract.price != k.contractPriceOre {
                throw Replay.refuse("contract.contractPriceOre", "Kontraktprisen \(Kroner.danish(k.contractPriceOre)) kr. svarer ikke til omfang gange enhedspris plus tillæg: \(Kroner.danish(o.contract.price)) kr.")
            }
            try await OrderStore.create(o, municipalityID: municipality, now: now, audit: nil, on: db)
            let register = OfferRegisterEntry(pNumber: e.pNumber, ean: e.ean, account: e.providerAccount)
            try await step(o, .send(on: e.date, register: register), by: .authority, now)
            if let key = e.orderId {
                try await remember("order", key, id)
                try await remember("order-row", key, o.id)
            }
        }

        /// The intervention's latest order that still binds (or the latest at all when none does).
        func binding(interventionID: UUID) async throws -> Order? {
            let c = try current()
            let orders = try await db.sql.raw("""
                SELECT o.body FROM orders o WHERE o.case_id = \(bind: c.id) AND o.intervention_id = \(bind: interventionID) ORDER BY o.created_at DESC
                """).all().map { try JSONDecoder().decode(Order.self, from: Data(try $0.decode(column: "body", as: String.self).utf8)) }
            return orders.first { $0.state.isActive } ?? orders.first
        }

        /// A payment of the finance system (E3): the actual price of the order's service month, booked on the event's
        /// day, its voucher the file's `paymentId` (so a second import changes nothing).
        func payment(_ e: File.Event, _ now: Date) async throws {
            let o = try await order(of: e)
            guard let voucher = e.paymentId, !voucher.isEmpty else { throw Replay.refuse("paymentId", "Angiv betalingens id.") }
            guard let raw = e.month, let month = YearMonth(raw) else { throw Replay.refuse("month", "Angiv ydelsesmåneden som ÅÅÅÅ-MM.") }
            guard let amount = e.amountOre else { throw Replay.refuse("amountOre", "Angiv beløbet i øre.") }
            let p = Payment(voucherID: voucher, orderReference: o.id.uuidString, serviceMonth: month, account: e.accountNumber ?? "", amount: amount, bookedOn: e.date)
            if let stored = try await PaymentStore.find(voucherID: voucher, municipalityID: municipality, on: db) {
                guard stored.orderID == o.id, stored.payment.amount == amount, stored.payment.serviceMonth == month else {
                    throw Replay.refuse("paymentId", "Betalingen \(voucher) er allerede indlæst med andre oplysninger.")
                }
                return
            }
            _ = try await PaymentStore.insert([(p, PaidOrder(orderID: o.id, caseID: o.caseID, interventionID: o.interventionID))], source: .history,
                                              municipalityID: municipality, userID: principal.userID, now: now, audit: nil, on: db)
        }

        /// The order an event of the provider concerns: by its key, by its intervention, or the case's one started order.
        func order(of e: File.Event) async throws -> Order {
            if let key = e.orderId, let id = try await ImportKeys.find(municipality, "order-row", "\(caseKey)/\(key)", on: db) {
                if let o = try await OrderStore.find(id: id, principal: principal, graceDays: 36_500, today: e.date, on: db) { return o }
            }
            if e.interventionId != nil, let o = try await binding(interventionID: try await id("intervention", e.interventionId)) { return o }
            let started = try await OrderStore.list(principal: principal, caseID: try current().id, graceDays: 36_500, today: e.date, on: db)
                .filter { [.accepted, .started].contains($0.state) }
            guard started.count == 1 else { throw Replay.refuse("orderId", "Hændelsen siger ikke, hvilken bestilling den gælder.") }
            return started[0]
        }

        /// A step of an order on the event's day, saved and carried into the case (IDs 68–76, the phase, the end).
        mutating func step(_ o: Order, _ s: OrderRules.Step, by side: OrderRules.Side, _ now: Date) async throws {
            let changed = try OrderRules.apply(s, to: o, by: side, today: CalendarDate(now))
            let saved = try await OrderStore.save(changed, expectedVersion: o.version, municipalityID: municipality, now: now, audit: nil, on: db)
            try await CaseStore.applyOrder(saved, actor: principal, now: now, terminology: terminology, on: db)
            record = try await CaseStore.find(id: o.caseID, principal: principal, on: db)
        }

        /// The provider accepted and started: the order's start (75L, 76L) with the event's day as the documentation
        /// date (74L).
        mutating func deliver(_ e: File.Event, _ now: Date) async throws {
            var o = try await order(of: e)
            if o.state == .sent {
                try await step(o, .accept, by: .provider, now)
                o = try await order(of: e)
            }
            try await step(o, .start(on: e.interventionStartDate ?? e.date, serviceStart: e.serviceStartDates?.map(\.startDate).min(), documentedOn: e.date),
                           by: .provider, now)
        }

        /// A month of delivered hours: the month's average hours a week in each of its weeks (by Monday).
        mutating func hours(_ e: File.Event, _ now: Date) async throws {
            let o = try await order(of: e)
            guard let raw = e.month, raw.count == 7, let month = CalendarDate(raw + "-01") else { throw Replay.refuse("month", "Angiv måneden som ÅÅÅÅ-MM.") }
            let last = month.adding(months: 1).adding(days: -1)
            let weeks = HoursRules.weeks(of: month, until: min(last, e.date)).map { WeekHours(week: $0, delivered: e.deliveredHoursPerWeek ?? 0) }
            let report = try HoursRules.report(order: o, month: month, weeks: weeks, cancelledByCitizen: 0, cancelledByProvider: 0, note: nil, today: e.date)
            try await OrderStore.saveHours(report, userID: nil, now: now, audit: nil, on: db)
        }

        /// The provider's status report before the case's planned follow-up, per goal: the provider's level and the
        /// citizen's view (the file carries no proposed next step).
        mutating func statusReport(_ e: File.Event, _ now: Date) async throws {
            let o = try await order(of: e)
            guard let followUp = StatusReportRules.plannedFollowUp(try current().document) else { return }
            var goals: [GoalStatus] = []
            for g in e.goals ?? [] {
                let id = try await id("goal", g.goalId)
                guard o.goalIDs.contains(id) else { throw Replay.refuse("goals.goalId", "Målet \(g.goalId) hører ikke til bestillingen.") }
                if let level = g.providerLevel, level < 0 || level > 4 { throw Replay.refuse("goals.providerLevel", "Niveauet skal være fra 0 til 4.") }
                goals.append(GoalStatus(goalID: id, level: g.providerLevel, citizenView: try HistorySlugs.value(g.citizenView, in: HistorySlugs.citizenView, field: "citizenView")))
            }
            let report = StatusReport(id: UUID(), orderID: o.id, followUpDate: followUp, reportedOn: e.date, goals: goals,
                                      significantChanges: e.significantChanges?.nilIfEmpty)
            try await OrderStore.saveStatusReport(report, userID: nil, now: now, audit: nil, on: db)
        }

        /// A use of force: its kind on its day (the file carries no more of Socialstyrelsen's form); already seen, it is
        /// history, not a task. ID 82 of the follow-ups is derived from it.
        mutating func useOfForce(_ e: File.Event, _ now: Date) async throws {
            let o = try await order(of: e)
            guard let kind = try HistorySlugs.value(e.kind, in: HistorySlugs.forceKind, field: "kind") else { throw Replay.refuse("kind", "Angiv formen for magtanvendelse.") }
            let i = Incident(id: UUID(), orderID: o.id, type: .useOfForce, occurredOn: e.date, reportedOn: e.date,
                             force: ForceDetails(kind: kind, startTime: "", endTime: "", legalBasis: kind.statute, situationBefore: "", situationDuring: "", present: ""),
                             seenOn: e.date)
            try await OrderStore.saveIncident(i, userID: nil, now: now, audit: nil, on: db)
            try await CaseStore.applyIncident(i, caseID: o.caseID, actor: principal, now: now, terminology: terminology, on: db)
            record = try await CaseStore.find(id: o.caseID, principal: principal, on: db)
        }

        mutating func followUp(_ e: File.Event, _ now: Date) async throws {
            var statuses: [InterventionStatus] = []
            for s in e.interventionStatuses ?? [] { statuses.append(InterventionStatus(interventionId: try await id("intervention", s.interventionId), status: s.status.code)) }
            var decisions: [GoalDecision] = []
            for g in e.goalDecisions ?? [] {
                decisions.append(GoalDecision(goalId: try await id("goal", g.goalId),
                                              decision: try HistorySlugs.value(g.decision, in: HistorySlugs.goalDecision, field: "goalDecisions.decision") ?? .continue,
                                              achievedLevel: g.achievedLevel))
            }
            try await move(.followUp, now)
            let fid = UUID()
            try await update(now) { doc in
                var f = FollowUp()
                f.id = fid
                f.followUpDate = e.date
                f.statusDate = e.statusDate
                f.followUpType = try HistorySlugs.value(e.followUpType, in: HistorySlugs.followUpType, field: "followUpType")
                f.interventionStatuses = statuses.isEmpty ? nil : statuses
                f.outcome = try HistorySlugs.value(e.outcome, in: HistorySlugs.followUpOutcome, field: "outcome")
                f.nextFollowUpDate = e.nextFollowUpDate
                f.goalDecisions = decisions.isEmpty ? nil : decisions
                f.personalSupervision = HistorySlugs.tri(e.personalSupervision)
                f.wellbeing = e.wellbeingProblems.map { $0 ? .someProblems : .good }
                // ID 82 is derived from the replayed use_of_force events, not taken from the file.
                f.supportNeedAtStart = e.supportNeedBefore?.code
                f.supportNeedAfter = e.supportNeedAfter?.code
                doc.followUps.append(f)
                if let next = e.nextFollowUpDate, doc.goals.contains(where: { $0.followUpDate == nil }) { doc.assessment.sharedGoalFollowUpDate = next }
            }
            if let key = e.followUpId { try await remember("followUp", key, fid) }
        }
    }
}
