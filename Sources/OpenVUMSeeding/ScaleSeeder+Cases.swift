import FluentKit
import FluentPostgresDriver
import Foundation
import OpenVUMDomain
import OpenVUMStore
import PostgresKit
import SQLKit

extension ScaleSeeder {
    /// One municipality's citizens and `count` cases, with their history, deadlines and audit rows.
    /// A started order's monthly payments from its start to the month before `today`'s (or its case's closing): the
    /// contract's price for the days of each month (E6.2), as the finance system would pay it.
    static func payments(_ order: Order, closedOn: CalendarDate?, today: CalendarDate) -> [(YearMonth, Int)] {
        guard let start = order.startDate, start < today else { return [] }
        let c = order.contract
        let facts = GrantFacts(interventionID: order.interventionID, outcome: .granted, expected: nil,
                               contract: PricedPeriod(start: c.startDate, end: c.endDate, frequency: c.frequency, repetitions: c.repetitions, price: c.price),
                               deliveryStart: start)
        let last = YearMonth(today).adding(months: -1)
        guard YearMonth(start) <= last else { return [] }
        let months = YearMonth.through(YearMonth(start), last)
        let projected = closedOn.map { ProjectionRules.project(facts, over: months, endingBy: $0) } ?? ProjectionRules.project(facts, over: months)
        return (projected?.amounts ?? [:]).filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func generateCases(
        _ count: Int, municipality m: Int, of munis: [Muni], options o: Options, vocabulary v: Vocabulary, on db: any Database,
        progress: (Int) async -> Void
    ) async throws -> (citizens: Int, rows: Int) {
        // Each municipality has its own random stream, so workers can run in any order.
        var rng = SeededGenerator(seed: o.seed &* 0x100_0000_01B3 &+ UInt64(m + 1))
        let w = BulkWriter(db: db, order: tables)
        let now = Date()
        let settings = CaseSettings()
        let t = v.terminology
        let (ad, conditions, change, ydelser, tilbud, needs, targets, followUpCodes, emner) =
            (v.ad, v.conditions, v.change, v.ydelser, v.tilbud, v.needs, v.targets, v.followUpCodes, v.emner)
        var citizens = 0
        // Per birth date: a valid serial (7th digit by the century rules), unique across municipalities:
        // municipality m takes the serials m, m + M, m + 2M, …
        var serials: [Int: Int] = [:]
        let startDay = o.today.adding(years: -6)
        let span = startDay.days(until: o.today)
        var citizen: (id: UUID, birth: CalendarDate, team: Int)?
        // The municipality's case numbers per year, in the order the cases are generated.
        var numbers: [Int: Int] = [:]
        for n in 0..<count {
            // 3 cases in 4 have a citizen of their own; the rest follow the previous citizen.
            if citizen == nil || rng.chance(0.75) {
                let team = Int.random(in: 0..<munis[m].teams.count, using: &rng)
                let birth = CalendarDate(year: Int.random(in: 1941...2007, using: &rng), month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
                let key = birth.year * 10_000 + birth.month * 100 + birth.day
                let local = serials[key, default: 0]
                serials[key] = local + 1
                let counter = local * munis.count + m
                let seventh = birth.year >= 2000 ? [4, 5, 6, 7, 8, 9][(counter / 1000) % 6] : (counter / 1000) % 4
                let cpr = CalendarDate.pad(birth.day, 2) + CalendarDate.pad(birth.month, 2) + CalendarDate.pad(birth.year % 100, 2)
                    + String(seventh) + CalendarDate.pad(counter % 1000, 3)
                let id = rng.uuid()
                try await w.add("citizens", ["id", "municipality_id", "cpr", "given_name", "family_name", "responsible_unit_id", "created_at", "updated_at", "version"],
                                [.uuid(id), .uuid(munis[m].id), .text(cpr), .text(rng.pick(givenNames)), .text(rng.pick(familyNames)),
                                 .uuid(munis[m].teams[team].id), .time(now), .time(now), .int(1)])
                citizens += 1
                citizen = (id, birth, team)
            }
            let c = citizen!
            let muni = munis[m]
            let team = muni.teams[c.team]
            let caseworker = rng.pick(team.caseworkers)
            var roll = Double.random(in: 0..<1, using: &rng)
            var phase = CasePhase.closed
            for (p, weight) in phaseWeights { roll -= weight; if roll < 0 { phase = p; break } }
            let ageDays = phase == .closed ? Int.random(in: 180...span, using: &rng)
                : phase == .followUp || phase == .delivery ? Int.random(in: 60...min(span, 1500), using: &rng) : Int.random(in: 0...90, using: &rng)
            let opened = o.today.adding(days: -ageDays)
            let caseID = rng.uuid()
            var doc = CaseDocument()
            doc.opening.origin = rng.pick([.inquiry, .inquiry, .inquiry, .followUp, .ownInitiative])
            doc.opening.inquirer = rng.pick(Inquirer.allCases)
            doc.opening.citizenAgrees = .yes
            doc.opening.consent = rng.chance(0.8) ? .given : .notRelevant
            if doc.opening.consent == .given { doc.opening.consentForm = rng.pick([.written, .oral, .digital]); doc.opening.consentCollectFrom = [.generalPractitioner] }
            doc.opening.guardianship = rng.chance(0.15) ? .yes : .no
            if doc.opening.guardianship == .yes { doc.opening.guardianshipForm = rng.pick(GuardianshipForm.allCases) }
            doc.opening.paragraphsAppliedFor = [rng.pick(["SEL § 85", "SEL § 107", "SEL § 108", "SEL § 97", "SEL § 103"])]
            doc.opening.openedOn = opened
            doc.opening.inquiryCount = 1
            doc.opening.caseCount = 60
            doc.opening.ageGroup = AgeGroup.of(birthDate: c.birth, on: opened)
            let order = CaseRules.phaseOrder
            let reached = phase == .closed ? order.count - 1 : order.firstIndex(of: phase)!
            var day = opened
            func step(_ days: ClosedRange<Int>) -> CalendarDate {
                day = min(o.today, day.adding(days: Int.random(in: days, using: &rng)))
                return day
            }
            var transitions: [(CasePhase?, CasePhase, CalendarDate)] = [(nil, .opening, opened)]
            var levelRows: [(String, Decimal, CalendarDate)] = []
            if reached >= 1 {
                doc.investigation.startedOn = step(1...14)
                transitions.append((.opening, .investigation, day))
                doc.investigation.assessedSubthemes = Array(Set((0..<4).map { _ in rng.pick(conditions.isEmpty ? ad : conditions) }))
                let subthemes = Array(Set((0..<Int.random(in: 3...6, using: &rng)).map { _ in rng.pick(ad) }))
                doc.investigation.functionalLevels = subthemes.map { s in
                    let level = Decimal(Int.random(in: 1...7, using: &rng)) / 2
                    levelRows.append((s, level, day))
                    return FunctionalLevel(subtheme: s, level: level, severity: FFBSeverity.code(forLevel: level), assessedOn: day)
                }
            }
            if reached >= 2 {
                doc.assessment.startedOn = step(7...30)
                transitions.append((.investigation, .assessment, day))
                doc.assessment.currentSupportNeed = rng.pick(needs)
                if !targets.isEmpty {
                    doc.assessment.targetGroups = [rng.pick(targets)]
                    doc.assessment.primaryTargetGroup = doc.assessment.targetGroups?.first
                }
                doc.assessment.actionPlanOffered = .yes
                doc.assessment.actionPlanStatus = rng.chance(0.6) ? .completed : .inProgress
                if doc.assessment.actionPlanStatus == .completed {
                    doc.assessment.actionPlanCompletedOn = day
                    doc.assessment.actionPlanValidUntil = day.adding(months: settings.actionPlanValidityMonths)
                }
                doc.goals = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                    var g = Goal()
                    g.id = rng.uuid()
                    g.goalType = change.isEmpty ? nil : rng.pick(change)
                    g.primaryTheme = rng.pick(ad)
                    g.expectedLevel = Decimal(Int.random(in: 1...6, using: &rng)) / 2
                    g.followUpDate = day.adding(months: rng.pick([3, 6, 12]))
                    return g
                }
                doc.interventions = (0..<(rng.chance(0.3) ? 2 : 1)).map { _ in
                    var x = Intervention()
                    x.id = rng.uuid()
                    let code = rng.pick(ydelser)
                    x.services = [CodedService(code: code, paragraph: t.concept(.ffb, code)?.paragraph.flatMap(LegalBasis.code(for:)) ?? doc.opening.paragraphsAppliedFor?.first)]
                    if !tilbud.isEmpty, rng.chance(0.4) { x.offers = [CodedService(code: rng.pick(tilbud))] }
                    x.accountNumber = rng.pick(["5.38.50", "5.38.52", "5.38.42", "5.38.45"])
                    x.expectedStartDate = day.adding(days: 14)
                    let weeks = rng.chance(0.5) ? 52 : rng.pick([26, 52, 104])
                    if weeks == 52 && rng.chance(0.5) { x.noEndDate = true } else { x.expectedEndDate = day.adding(days: 14 + 7 * weeks - 1) }
                    x.unit = .hour
                    x.unitsPerPeriod = Decimal(Int.random(in: 4...48, using: &rng)) / 4
                    x.frequency = .perWeek
                    x.periodRepetitions = weeks
                    x.unitPrice = Int.random(in: 350...650, using: &rng) * 100
                    x.basePrice = CaseRules.basePrice(x)
                    x.scope = CaseRules.scope(x)
                    x.expectedPrice = CaseRules.expectedPrice(x)
                    return x
                }
                doc.assessment.expectedTotalPrice = doc.interventions.compactMap(\.expectedPrice).reduce(0, +)
                for i in doc.interventions.indices { doc.interventions[i].recommendedOn = day }
            }
            if reached >= 3 {
                doc.assessment.recommendationStartedOn = step(3...21)
                transitions.append((.assessment, .decision, day))
            }
            var refusedAll = false
            if reached >= 4 || phase == .closed {
                if reached >= 3 {
                    let decided = step(1...14)
                    for i in doc.interventions.indices {
                        var d = InterventionDecision()
                        d.outcome = rng.chance(0.85) ? .granted : .refused
                        if d.outcome == .granted { d.grantedUnitsPerPeriod = doc.interventions[i].unitsPerPeriod; d.paragraph = doc.opening.paragraphsAppliedFor?.first; d.followUpDate = decided.adding(months: 3) }
                        d.decidedOn = decided
                        doc.interventions[i].decision = d
                    }
                    refusedAll = !doc.interventions.contains { $0.decision?.outcome == .granted }
                    if doc.interventions.isEmpty { refusedAll = true }
                }
            }
            if reached >= 4 && !refusedAll {
                let ordered = step(1...10)
                transitions.append((.decision, .order, day))
                for i in doc.interventions.indices where doc.interventions[i].decision?.outcome == .granted {
                    var ord = InterventionOrder()
                    ord.orderedOn = ordered
                    ord.providerUnitId = rng.pick(muni.offers)
                    ord.coPayment = 0
                    ord.coordinationNeeded = rng.chance(0.2)
                    doc.interventions[i].order = ord
                }
            }
            if reached >= 5 && !refusedAll {
                let started = step(5...30)
                transitions.append((.order, .delivery, day))
                for i in doc.interventions.indices where doc.interventions[i].order != nil {
                    var d = InterventionDelivery()
                    d.startDate = started
                    d.documentedOn = started
                    doc.interventions[i].delivery = d
                }
            }
            if reached >= 6 && !refusedAll {
                let cycles = Int.random(in: 1...3, using: &rng)
                var last = CasePhase.delivery
                for _ in 0..<cycles {
                    let at = step(60...200)
                    transitions.append((last, .followUp, at))
                    last = .followUp
                    var f = FollowUp()
                    f.id = rng.uuid()
                    f.statusDate = max(opened, at.adding(days: -14))
                    f.followUpDate = at
                    f.interventionStatuses = followUpCodes.isEmpty ? nil : doc.interventions.filter { $0.decision?.outcome == .granted }.compactMap { x in
                        x.id.map { InterventionStatus(interventionId: $0, status: rng.pick(followUpCodes)) }
                    }
                    f.outcome = rng.pick(FollowUpOutcome.allCases)
                    f.followUpType = rng.chance(0.85) ? .planned : .significantChange
                    f.nextFollowUpDate = at.adding(months: rng.pick([6, 12]))
                    f.personalSupervision = rng.chance(0.7) ? .yes : .no
                    f.wellbeing = rng.pick(Wellbeing.allCases)
                    f.useOfForce = rng.chance(0.05) ? .yes : .no
                    f.supportNeedAtStart = doc.assessment.currentSupportNeed
                    f.supportNeedAfter = rng.pick(needs)
                    f.goalDecisions = doc.goals.compactMap { g in g.id.map { GoalDecision(goalId: $0, decision: rng.pick(GoalForwardDecision.allCases)) } }
                    doc.followUps.append(f)
                }
            }
            var closedOn: CalendarDate?
            if phase == .closed {
                closedOn = step(30...400)
                transitions.append((transitions.last?.1, .closed, closedOn!))
            }
            let closings = closedOn.map { [$0] } ?? []
            let deadlines = CaseDeadlines.compute(phase: phase, openedOn: opened, document: doc, settings: settings, closings: closings)
            let dueItems = CaseDeadlines.history(openedOn: opened, document: doc, settings: settings, closings: closings)
            let docText = String(decoding: try CasePatch.encoder.encode(doc), as: UTF8.self)
            let openedAt = opened.date
            numbers[opened.year, default: 0] += 1
            try await w.add("cases", ["id", "municipality_id", "citizen_id", "responsible_unit_id", "caseworker_id", "phase", "opened_on", "closed_on",
                                      "next_deadline_on", "next_deadline_kind", "kle_emne", "kle_facet", "document", "version", "created_at", "updated_at",
                                      "case_number", "paragraphs"],
                            [.uuid(caseID), .uuid(muni.id), .uuid(c.id), .uuid(team.id), .uuid(caseworker), .text(phase.rawValue), .text(opened.description),
                             closedOn.map { .text($0.description) } ?? .null, deadlines.first.map { .text($0.dueOn.description) } ?? .null,
                             deadlines.first.map { .text($0.kind.rawValue) } ?? .null, emner.isEmpty ? .null : .text(rng.pick(emner)), .text("G01"),
                             .text(docText), .int(transitions.count + 2), .time(openedAt), .time(day.date),
                             .text(CaseNumber(year: opened.year, sequence: numbers[opened.year]!).description), CaseRules.paragraphSummary(doc).map { .text($0) } ?? .null])
            // The case's orders (its IDs 68–76 are read from them), in the state the case's phase gives them; an order's id is
            // derived from its intervention's, so that no random draw is added to the stream.
            for x in doc.interventions {
                guard let id = x.id, let ordered = x.order, let offer = ordered.providerUnitId, let orderedOn = ordered.orderedOn,
                      let start = x.expectedStartDate, let unit = x.unit, let units = x.unitsPerPeriod, let frequency = x.frequency,
                      let repetitions = x.periodRepetitions, let price = x.unitPrice else { continue }
                var u = id.uuid
                u.0 ^= 0xFF
                var order = Order(id: UUID(uuid: u), caseID: caseID, interventionID: id, offerID: offer, providerID: muni.providerOf[offer] ?? offer, state: .sent,
                                  orderedOn: orderedOn, paragraph: x.decision?.paragraph, goalIDs: doc.goals.compactMap(\.id),
                                  contract: OrderContract(startDate: start, endDate: x.expectedEndDate, unit: unit, unitsPerPeriod: units, frequency: frequency,
                                                          repetitions: repetitions, unitPrice: price),
                                  followUpDate: x.decision?.followUpDate, coPayment: ordered.coPayment, coordinationNeeded: ordered.coordinationNeeded)
                if let d = x.delivery {
                    order.state = .started
                    order.startDate = d.startDate
                    order.startDocumentedOn = d.documentedOn
                }
                if let closed = closedOn {
                    if order.state == .started { order.state = .ended; order.end = InterventionEnd(endedOn: closed, reason: .caseClosed) } else { order.state = .withdrawn }
                }
                let body = String(decoding: try JSONEncoder().encode(order), as: UTF8.self)
                try await w.add("orders", ["id", "municipality_id", "case_id", "intervention_id", "offer_unit_id", "provider_unit_id", "state", "ordered_on", "closed_on",
                                           "body", "version", "created_at", "updated_at"],
                                [.uuid(order.id), .uuid(muni.id), .uuid(caseID), .uuid(id), .uuid(offer), .uuid(order.providerID), .text(order.state.rawValue),
                                 .text(orderedOn.description), closedOn.map { .text($0.description) } ?? .null, .text(body), .int(1), .time(orderedOn.date),
                                 .time(orderedOn.date)])
                // The finance system's payments for the months delivered before this month (issue 14 item 9).
                for (month, amount) in Self.payments(order, closedOn: closedOn, today: o.today) {
                    let booked = month.adding(months: 1).firstDay.adding(days: 9)
                    try await w.add("payments", ["id", "municipality_id", "voucher_id", "order_id", "case_id", "intervention_id", "service_month", "account", "amount_ore",
                                                 "booked_on", "source", "version", "recorded_by", "recorded_at"],
                                    [.uuid(UUID()), .uuid(muni.id), .text("S-\(order.id.uuidString.lowercased())-\(month)"), .uuid(order.id), .uuid(caseID), .uuid(id),
                                     .text(month.description), .text(x.accountNumber ?? "5.38.50"), .int(amount), .text(booked.description), .text("file"), .int(1),
                                     .null, .time(booked.date)])
                }
            }
            for (i, tr) in transitions.enumerated() {
                let at = tr.2.date
                try await w.add("case_transitions", ["id", "case_id", "from_phase", "to_phase", "at", "at_us", "seq", "user_id", "reason"],
                                [.uuid(rng.uuid()), .uuid(caseID), tr.0.map { .text($0.rawValue) } ?? .null, .text(tr.1.rawValue), .time(at),
                                 .int(Int(at.timeIntervalSince1970 * 1_000_000)), .int(i + 1), .uuid(caseworker), .null])
            }
            var lastState: NationalCaseState?
            var stateRows: [(NationalCaseState, Date)] = []
            for tr in transitions {
                let s = CaseProcess.nationalState(for: tr.1, closingEvent: settings.closingEvent)
                if s != lastState { stateRows.append((s, tr.2.date)); lastState = s }
            }
            for (i, s) in stateRows.enumerated() {
                try await w.add("case_national_states", ["id", "case_id", "state", "seq", "valid_from", "valid_to", "published_at"],
                                [.uuid(rng.uuid()), .uuid(caseID), .text(s.0.rawValue), .int(i + 1), .time(s.1),
                                 i + 1 < stateRows.count ? .time(stateRows[i + 1].1) : .null, .null])
            }
            try await w.add("case_inquiries", ["id", "municipality_id", "citizen_id", "case_id", "received_on", "inquirer", "created_at"],
                            [.uuid(rng.uuid()), .uuid(muni.id), .uuid(c.id), .uuid(caseID), .text(opened.description), .text(doc.opening.inquirer!.rawValue), .time(openedAt)])
            for l in levelRows {
                try await w.add("functional_level_history", ["id", "case_id", "citizen_id", "subtheme", "level", "severity", "assessed_on", "recorded_at", "user_id"],
                                [.uuid(rng.uuid()), .uuid(caseID), .uuid(c.id), .text(l.0), .double(LevelColumn.value(l.1)), FFBSeverity.code(forLevel: l.1).map { .text($0) } ?? .null,
                                 .text(l.2.description), .time(l.2.date), .uuid(caseworker)])
            }
            try await w.add("case_assignments", ["id", "case_id", "seq", "unit_id", "caseworker_id", "valid_from", "reason", "assigned_by", "assigned_at"],
                            [.uuid(rng.uuid()), .uuid(caseID), .int(1), .uuid(team.id), .uuid(caseworker), .text(opened.description), .null, .null, .time(openedAt)])
            for (i, item) in dueItems.enumerated() {
                try await w.add("case_due_items", CaseStore.dueItemColumns,
                                [.uuid(rng.uuid()), .uuid(caseID), .uuid(muni.id), .text(item.kind.rawValue), .int(i + 1), .text(item.setOn.description),
                                 .text(item.dueOn.description), item.ending.map { .text($0.rawValue) } ?? .null, item.endedOn.map { .text($0.description) } ?? .null,
                                 item.fulfilledBy.map { .uuid($0) } ?? .null])
            }
            for d in deadlines {
                try await w.add("case_deadlines", ["id", "case_id", "municipality_id", "unit_id", "caseworker_id", "kind", "due_on", "label"],
                                [.uuid(rng.uuid()), .uuid(caseID), .uuid(muni.id), .uuid(team.id), .uuid(caseworker), .text(d.kind.rawValue), .text(d.dueOn.description), .text(d.label)])
            }
            // The document's lists as rows (exactly what a save writes), and the dated target groups and support need.
            for part in CaseProjection.rows(caseID: caseID, municipalityID: muni.id, citizenID: c.id, phase: phase, document: doc) {
                for row in part.rows { try await w.add(part.table, part.columns, row.map(BulkValue.init(encodable:))) }
            }
            if let assessed = doc.assessment.startedOn {
                var facts: [(String, String?)] = []
                if let groups = doc.assessment.targetGroups {
                    let version = TargetGroupsVersion(codes: groups, primary: doc.assessment.primaryTargetGroup)
                    facts.append(("targetGroups", String(decoding: try JSONEncoder().encode(version), as: UTF8.self)))
                }
                if let need = doc.assessment.currentSupportNeed { facts.append(("supportNeed", need)) }
                for (fact, value) in facts {
                    try await w.add("case_fact_history", ["id", "case_id", "citizen_id", "fact", "value", "valid_from", "recorded_at", "user_id"],
                                    [.uuid(rng.uuid()), .uuid(caseID), .uuid(c.id), .text(fact), value.map { .text($0) } ?? .null, .text(assessed.description),
                                     .time(assessed.date), .uuid(caseworker)])
                }
            }
            for (k, action) in ["case.create", "case.read", "case.update"].prefix(1 + transitions.count / 3).enumerated() {
                let at = openedAt.addingTimeInterval(TimeInterval(k * 3600))
                try await w.add("audit_log", ["id", "occurred_at", "occurred_us", "municipality_id", "user_id", "unit_id", "action", "object_type", "object_id",
                                              "citizen_id", "criteria", "request_id", "channel"],
                                [.uuid(rng.uuid()), .time(at), .int(Int(at.timeIntervalSince1970 * 1_000_000)), .uuid(muni.id), .uuid(caseworker), .uuid(team.id),
                                 .text(action), .text("case"), .text(caseID.uuidString), .uuid(c.id), .null, .null, .text("seed")])
            }
            if (n + 1) % 1000 == 0 { await progress(1000) }
        }
        for (year, last) in numbers.sorted(by: { $0.key < $1.key }) {
            try await w.add("case_number_counters", ["municipality_id", "year", "last_value"], [.uuid(munis[m].id), .int(year), .int(last)])
        }
        try await w.flushAll(order: tables)
        await progress(count % 1000)
        return (citizens, w.written)
    }
}
