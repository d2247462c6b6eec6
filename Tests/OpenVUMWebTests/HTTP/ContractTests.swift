import Foundation
@testable import OpenVUMDomain
@testable import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing

/// The API's contract: the OpenAPI document (one file per capability, served joined) describes every field the
/// API writes. Each DTO is encoded twice — with every optional empty and with every field filled — and checked
/// against its schema: the same keys as the schema's properties (the one null policy: an empty field is `null`,
/// never left out), the right JSON types, and values inside the schema's enums.
@Suite("API contract")
struct ContractTests {
    nonisolated(unsafe) static let document: [String: Any] = { // read-only after first use
        let data = try! OpenAPIDocument.joined()
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static var schemas: [String: Any] { (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] }

    // MARK: A small JSON Schema check (the subset the document uses)

    static func jsonType(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case is String: return "string"
        case is [String: Any]: return "object"
        case is [Any]: return "array"
        case let n as NSNumber:
            let kind = String(cString: n.objCType)
            if kind == "c" { return "boolean" }
            return n.doubleValue == n.doubleValue.rounded() && kind != "d" && kind != "f" ? "integer" : "number"
        default: return "unknown"
        }
    }

    static func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = String(ref.dropFirst("#/components/schemas/".count))
        return resolve(schemas[name] as? [String: Any] ?? ["unresolved": ref])
    }

    /// Problems of `value` against `schema` at `path`; empty when it conforms.
    static func check(_ value: Any, _ raw: [String: Any], at path: String) -> [String] {
        let schema = resolve(raw)
        if let unresolved = schema["unresolved"] { return ["\(path): $ref \(unresolved) does not resolve"] }
        if let options = schema["oneOf"] as? [[String: Any]] {
            return options.contains { check(value, $0, at: path).isEmpty } ? [] : ["\(path): matches none of oneOf"]
        }
        var problems: [String] = []
        let actual = jsonType(value)
        let allowed: [String] = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        if !allowed.isEmpty && !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
            return ["\(path): \(actual), schema says \(allowed)"]
        }
        if let values = schema["enum"] as? [Any], actual != "null", !values.contains(where: { JSONPointer.same($0, value) }) {
            problems.append("\(path): \(value) is not one of \(values)")
        }
        if let object = value as? [String: Any], schema["properties"] == nil, let map = schema["additionalProperties"] as? [String: Any] {
            for (key, child) in object { problems += check(child, map, at: "\(path)/\(key)") }
        } else if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            let keys = Set(object.keys), declared = Set(properties.keys)
            if keys != declared {
                problems.append("\(path): keys differ from the schema's properties: written but undeclared \(keys.subtracting(declared).sorted()), declared but not written \(declared.subtracting(keys).sorted())")
            }
            for (key, child) in object {
                if let s = properties[key] as? [String: Any] { problems += check(child, s, at: "\(path)/\(key)") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { problems += check(element, items, at: "\(path)/\(i)") }
        }
        return problems
    }

    static func problems<T: Encodable>(_ value: T, schema name: String, encoder: JSONEncoder = APIResponse.encoder) throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: try encoder.encode(value), options: [.fragmentsAllowed])
        return check(json, ["$ref": "#/components/schemas/\(name)"], at: name)
    }

    // MARK: Samples: every optional empty, and every field filled

    static let day = CalendarDate(year: 2026, month: 3, day: 2)!

    static func caseRecord(_ doc: CaseDocument, filled: Bool) -> CaseRecord {
        CaseRecord(
            id: UUID(), municipalityID: UUID(), citizenID: UUID(), responsibleUnitID: UUID(), caseworkerID: filled ? UUID() : nil, phase: .followUp,
            openedOn: day, closedOn: filled ? day : nil, nextDeadlineOn: filled ? day : nil, nextDeadlineKind: filled ? "phase" : nil,
            kleEmne: filled ? "27.24.00" : nil, kleFacet: filled ? "G01" : nil, document: doc, version: 3, createdAt: Date(), updatedAt: Date(),
            caseNumber: "2026-00042", paragraphs: filled ? "SEL § 85" : nil)
    }

    static var fullDocument: CaseDocument {
        var doc = CaseDocument.fullySpecified(on: day)
        // Fields the rules derive are filled too, so that every schema property is exercised.
        doc = CaseRules.derive(doc, old: nil, context: CaseContext(
            phase: .followUp, today: day, openedOn: day, citizenBirthDate: CalendarDate(year: 1980, month: 1, day: 1)!, inquiryCount: 1, caseCount: 1,
            settings: CaseSettings(), terminology: EmptyTerminology()))
        return doc
    }

    struct EmptyTerminology: TerminologyLookup {
        func contains(_ system: TerminologySystem, code: String, valueSet: String?) -> Bool { true }
        func display(_ system: TerminologySystem, code: String) -> String? { nil }
    }

    @Test("the case resource, empty and fully specified: every section typed, every field written")
    func caseResource() throws {
        let empty = CaseResource.body(Self.caseRecord(CaseDocument(), filled: false), terminology: nil)
        let emptyProblems = try Self.problems(empty, schema: "Case", encoder: CaseResource.encoder)
        #expect(emptyProblems == [], "\(emptyProblems.joined(separator: "\n"))")
        var doc = Self.fullDocument
        doc.interventions[0].decision?.outcome = .granted
        let full = CaseResource.body(Self.caseRecord(doc, filled: true), terminology: nil)
        let problems = try Self.problems(full, schema: "Case", encoder: CaseResource.encoder)
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
        // Each item of the lists on its own (the item sub-resources answer with these schemas).
        #expect(try Self.problems(doc.goals[0], schema: "Goal", encoder: CaseResource.encoder) == [])
        #expect(try Self.problems(doc.interventions[0], schema: "Intervention", encoder: CaseResource.encoder) == [])
        #expect(try Self.problems(doc.followUps[0], schema: "FollowUp", encoder: CaseResource.encoder) == [])
        #expect(try Self.problems(Intervention(), schema: "Intervention", encoder: CaseResource.encoder) == [])
    }

    @Test("every DTO writes exactly its schema's properties, empty optionals as null")
    func dtos() throws {
        let unit = UnitRecord(id: UUID(), municipalityID: UUID(), kind: .offer, name: "Tilbud", ownership: nil, parentID: nil)
        let filledUnit = UnitRecord(id: UUID(), municipalityID: UUID(), kind: .offer, name: "Tilbud", ownership: .internal, parentID: UUID())
        let user = UserRecord(id: UUID(), municipalityID: UUID(), username: "anna", passwordHash: "x", displayName: "Anna", role: .caseworker,
                              isDemo: false, active: true, citizenID: nil, version: 1)
        let citizen = CitizenRecord(id: UUID(), municipalityID: UUID(), cpr: "0707614285", givenName: "Mads", familyName: "Holm",
                                    responsibleUnitID: UUID(), createdAt: nil, updatedAt: nil, version: 1)
        var filledCitizen = citizen
        filledCitizen.createdAt = Date()
        filledCitizen.updatedAt = Date()
        let bare = AuditEntry(occurredAt: Date(), municipalityID: nil, userID: nil, unitID: nil, action: "case.read")
        let full = AuditEntry(occurredAt: Date(), municipalityID: UUID(), userID: UUID(), unitID: UUID(), action: "case.read", objectType: "case",
                              objectID: UUID().uuidString, citizenID: UUID(), criteria: "x", requestID: "r", clientRequestID: "c", channel: "api")
        let principal = Principal(userID: UUID(), municipalityID: UUID(), username: "borger", displayName: "B", role: .citizen, unitIDs: [], citizenID: nil)
        let provider = Principal(userID: UUID(), municipalityID: UUID(), username: "udfoerer", displayName: "U", role: .providerStaff, unitIDs: [UUID()], citizenID: nil)
        var withCitizen = principal
        withCitizen.citizenID = UUID()
        let item = DataCatalogue.items[0]
        let history = CaseHistory(
            transitions: [.init(from: nil, to: .opening, at: Date(), userID: nil, reason: nil), .init(from: .opening, to: .closed, at: Date(), userID: UUID(), reason: "Flyttet")],
            nationalStates: [.init(state: .opstaaet, validFrom: Date(), validTo: nil), .init(state: .oplyst, validFrom: Date(), validTo: Date())],
            kle: [.init(emne: nil, facet: nil, validFrom: Date(), userID: nil), .init(emne: "27.24.00", facet: "G01", validFrom: Date(), userID: UUID())],
            functionalLevels: [.init(subtheme: "b1", level: 2, severity: nil, assessedOn: "2026-01-01", recordedAt: Date()),
                               .init(subtheme: "b1", level: 2.5, severity: "moderat", assessedOn: "2026-01-01", recordedAt: Date())])
        let samples: [(String, [String])] = [
            ("Unit", try Self.problems(UnitDTO(unit), schema: "Unit") + Self.problems(UnitDTO(filledUnit), schema: "Unit")),
            ("Provider", try Self.problems(ProviderDTO(.init(id: UUID(), name: "P", ownership: nil, kind: nil, offers: [])), schema: "Provider")
                + Self.problems(ProviderDTO(.init(id: UUID(), name: "P", ownership: .external, kind: .privateProvider, offers: [])), schema: "Provider")),
            ("Offer", try Self.problems(OfferDTO(.init(id: UUID(), name: "O", register: OfferRegisterEntry(), capacity: OfferCapacity(), rates: [])), schema: "Offer")
                + Self.problems(OfferDTO(.init(id: UUID(), name: "O", register: OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38"),
                                               capacity: OfferCapacity(places: 3, vacant: 1), rates: [])), schema: "Offer")),
            ("OfferRate", try Self.problems(RateDTO(OfferRate(validFrom: CalendarDate(year: 2026, month: 1, day: 1)!, unit: .hour, frequency: .perWeek, unitPrice: 1)),
                                            schema: "OfferRate")),
            ("Order", try {
                let contract = OrderContract(startDate: CalendarDate(year: 2026, month: 4, day: 1)!, endDate: nil, unit: .hour, unitsPerPeriod: 3, frequency: .perWeek,
                                             repetitions: 52, unitPrice: 45000)
                var full = Order(id: UUID(), caseID: UUID(), interventionID: UUID(), offerID: UUID(), providerID: UUID(), state: .ended,
                                 orderedOn: contract.startDate, paragraph: "SEL § 85", goalIDs: [UUID()], contract: contract, followUpDate: contract.startDate,
                                 coPayment: 0, coordinationNeeded: true, register: OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38"))
                full.startDate = contract.startDate
                full.serviceStartDate = contract.startDate
                full.startDocumentedOn = contract.startDate
                full.rejectionReason = "x"
                full.end = InterventionEnd(endedOn: contract.startDate, reason: .expired)
                full.contract.endDate = contract.startDate
                full.contract.supplements = [PriceSupplement(text: "Særtakst", amount: 100)]
                full.shared = SharedSelection(parts: [.goals, .functionalLevels], documentIDs: [UUID()], noteIDs: [UUID()])
                let bare = Order(id: UUID(), caseID: UUID(), interventionID: UUID(), offerID: UUID(), providerID: UUID(), paragraph: nil, goalIDs: [],
                                 contract: contract, followUpDate: nil)
                return try Self.problems(OrderDTO(full), schema: "Order") + Self.problems(OrderDTO(bare), schema: "Order")
                    + Self.problems(ListResponse(items: [OrderDTO(bare)], nextCursor: nil), schema: "OrderList")
            }()),
            ("HoursReport", try {
                let month = CalendarDate(year: 2026, month: 3, day: 1)!
                let full = HoursReport(orderID: UUID(), month: month, allocatedPerWeek: 3, weeks: [WeekHours(week: CalendarDate(year: 2026, month: 3, day: 2)!, delivered: 2.5)],
                                       cancelledByCitizen: 1, cancelledByProvider: 2, note: "x", recordedOn: month)
                let bare = HoursReport(orderID: UUID(), month: month, allocatedPerWeek: nil, weeks: [], recordedOn: month)
                return try Self.problems(HoursReportDTO(full), schema: "HoursReport") + Self.problems(HoursReportDTO(bare), schema: "HoursReport")
                    + Self.problems(ListResponse(items: [HoursReportDTO(full)], nextCursor: nil), schema: "HoursReportList")
            }()),
            ("ChangeRequest", try {
                let day = CalendarDate(year: 2026, month: 3, day: 2)!
                var full = ChangeRequest(id: UUID(), orderID: UUID(), requestedOn: day, kind: .more, proposedPerWeek: 4, allocatedPerWeek: 3, reason: "x",
                                         weekPlan: [WeekPlanDay(weekday: .monday, hours: 1, activity: "Indkøb"), WeekPlanDay(weekday: .friday, hours: 2)],
                                         evidenceMonths: [CalendarDate(year: 2026, month: 2, day: 1)!])
                let bare = ChangeRequest(id: UUID(), orderID: UUID(), requestedOn: day, kind: .end, proposedPerWeek: nil, allocatedPerWeek: nil, reason: "x",
                                         weekPlan: [], evidenceMonths: [])
                full.answer = ChangeAnswer(kind: .refused, text: "Nej", answeredOn: day)
                return try Self.problems(ChangeRequestDTO(full), schema: "ChangeRequest") + Self.problems(ChangeRequestDTO(bare), schema: "ChangeRequest")
                    + Self.problems(ListResponse(items: [ChangeRequestDTO(full)], nextCursor: nil), schema: "ChangeRequestList")
            }()),
            ("StatusReport", try {
                let day = CalendarDate(year: 2026, month: 6, day: 1)!
                let goal = UUID()
                let full = StatusReport(id: UUID(), orderID: UUID(), followUpDate: day, reportedOn: day.adding(days: -10),
                                        goals: [GoalStatus(goalID: goal, level: 2.5, citizenView: .partly, citizenText: "x", helpGiven: "y", nextStep: .adjust),
                                                GoalStatus(goalID: UUID())], significantChanges: "z")
                var g = Goal()
                g.id = goal
                let context = OrderReportsAPI.StatusContext(goals: [g], followUp: day, reports: [full], due: .received(full))
                let empty = OrderReportsAPI.StatusContext(goals: [], followUp: nil, reports: [], due: nil)
                return try Self.problems(StatusReportDTO(full), schema: "StatusReport") + Self.problems(StatusReportsDTO(context), schema: "StatusReports")
                    + Self.problems(StatusReportsDTO(empty), schema: "StatusReports")
            }()),
            ("Incident", try {
                let day = CalendarDate(year: 2026, month: 3, day: 2)!
                let force = Incident(id: UUID(), orderID: UUID(), type: .useOfForce, occurredOn: day, reportedOn: day,
                                     force: ForceDetails(kind: .restraint, startTime: "14:05", endTime: "14:10", legalBasis: "SEL § 126", situationBefore: "a",
                                                         situationDuring: "b", present: "c", citizenAccount: "d", leaderAssessment: "e"), seenOn: day)
                let bare = Incident(id: UUID(), orderID: UUID(), type: .unintended, occurredOn: day, reportedOn: day,
                                    unintended: UnintendedDetails(kind: .fall, severity: 0, description: "x"))
                return try Self.problems(IncidentDTO(force), schema: "Incident") + Self.problems(IncidentDTO(bare), schema: "Incident")
                    + Self.problems(ListResponse(items: [IncidentDTO(bare)], nextCursor: nil), schema: "IncidentList")
            }()),
            ("Payment", try {
                let p = Payment(voucherID: "B1", orderReference: UUID().uuidString, serviceMonth: YearMonth("2026-03")!, account: "5.38.50", amount: -100,
                                bookedOn: CalendarDate(year: 2026, month: 4, day: 1)!)
                let stored = StoredPayment(id: UUID(), payment: p, orderID: UUID(), caseID: UUID(), interventionID: UUID(), source: .manual, version: 1)
                let report = PaymentImportReport(dryRun: true, lines: 2, new: 1, unchanged: 0,
                                                 errors: [PaymentLineError(PaymentFileError(row: 2, column: "amount", message: "x")),
                                                          PaymentLineError(PaymentFileError(row: 1, column: nil, message: "y"))])
                return try Self.problems(PaymentDTO(stored), schema: "Payment") + Self.problems(ListResponse(items: [PaymentDTO(stored)], nextCursor: nil), schema: "PaymentList")
                    + Self.problems(report, schema: "PaymentImportReport")
            }()),
            ("Budget", try {
                let stored = StoredBudgetLine(id: UUID(), line: BudgetLine(year: 2026, account: "5.38.50", unitID: UUID(), original: 100, corrected: 90), version: 2)
                let open = BudgetFollowUp(line: BudgetLine(year: 2026, account: "5.38.52", unitID: nil, original: 0, corrected: nil), spent: 5, projectedRest: 1)
                let rows = [BudgetFollowUp(line: stored.line, spent: 50, projectedRest: 60), open]
                let list = BudgetFollowUpList(year: 2026, referenceDate: "2026-10-31", computedAt: Date(), items: [BudgetFollowUpDTO(rows[0], id: stored), BudgetFollowUpDTO(open, id: nil)],
                                              total: BudgetTotalDTO(rows))
                return try Self.problems(BudgetLineDTO(stored), schema: "BudgetLine") + Self.problems(list, schema: "BudgetFollowUpList")
            }()),
            ("Outbox", try {
                let bare = OutboxStore.Listed(id: UUID(), receiver: "sagsindeks", objectKey: "sag:x", kind: CaseIndex.importKind, state: .queued, attempts: 0,
                                              createdAt: Date(), lastAttemptAt: nil, deliveredAt: nil, notBefore: nil, lastAnswer: nil)
                var full = bare
                full.state = .deadLettered
                full.lastAttemptAt = Date()
                full.deliveredAt = Date()
                full.notBefore = Date()
                full.lastAnswer = "HTTP 400: nej"
                let overview = OutboxOverview(
                    queued: 1, delivered: 2, deadLettered: 1, oldestQueuedAt: nil, oldestQueuedSeconds: 0,
                    receivers: [ReceiverDTO(ReceiverSettings(receiver: .caseIndex, transport: .local, enabled: true)),
                                ReceiverDTO(ReceiverSettings(receiver: .grantIndex, transport: .http, endpoint: "https://x.example", credentialVariable: "X_TOKEN", enabled: false))],
                    deadLetterMessages: [OutboxMessageDTO(full)], queuedMessages: [OutboxMessageDTO(bare)])
                var dated = overview
                dated.oldestQueuedAt = Date()
                return try Self.problems(overview, schema: "OutboxOverview") + Self.problems(dated, schema: "OutboxOverview")
            }()),
            ("DST", try {
                let month = DSTMonthDTO(month: "2026-11", name: "november 2026", deadline: Self.day, state: "notGenerated", version: nil, records: 0, findings: 0,
                                        generatedAt: nil, approvedAt: nil)
                var made = month
                made.state = "approved"
                made.version = 2
                made.generatedAt = Date()
                made.approvedAt = Date()
                let extract = DSTExtractDTO(
                    month: "2026-11", name: "november 2026", deadline: Self.day, version: 1, state: "awaitingApproval", generatedAt: Date(), approvedAt: nil, services: 2,
                    counts: [.init(serviceType: "85-ABL105", name: "SEL § 85 i bolig efter ABL § 105", services: 2, citizens: 1)],
                    findings: [.init(kind: "overlap", name: "Overlappende ydelser", caseNumber: "2026-00001", caseId: UUID(), serviceType: "85", message: "x"),
                               .init(kind: "missingProvider", name: "Ydelse uden leverandør", caseNumber: "2026-00002", caseId: nil, serviceType: "108", message: "y")])
                var approved = extract
                approved.state = "approved"
                approved.approvedAt = Date()
                return try Self.problems(DSTMonthsDTO([month, made]), schema: "DSTMonths") + Self.problems(extract, schema: "DSTExtract")
                    + Self.problems(approved, schema: "DSTExtract")
            }()),
            ("Economy", try {
                let bare = LedgerIntervention(facts: GrantFacts(interventionID: UUID(), outcome: nil, expected: nil), caseID: UUID(), citizenID: UUID(), recommendation: "x",
                                              accountNumber: nil, unitsHundredths: nil, repetitions: nil, basePrice: nil, expectedPrice: nil, order: nil)
                var full = bare
                full.accountNumber = "5.38.50"
                full.paragraph = "SEL § 85"
                full.targetGroup = "tg"
                full.actingMunicipality = "0101"
                full.payingMunicipality = "0147"
                full.expectedPrice = 100
                full.nextFollowUp = Self.day
                full.alternatives = [AlternativeIntervention(description: "Botilbud", expectedPrice: 150), AlternativeIntervention(description: "Bostøtte", expectedPrice: nil)]
                var order = LedgerOrder(orderID: UUID(), providerID: UUID(), providerKind: .external, orderedOn: Self.day, contractPrice: 120)
                order.coPayment = 5
                full.order = order
                let grants = GrantsDTO(year: 2026, referenceDate: "2026-10-31", computedAt: Date(), items: [
                    GrantDTO(GrantEconomy(intervention: bare, paidInYear: 0, projectedRest: 0, projectedNextYear: 0, basis: nil)),
                    GrantDTO(GrantEconomy(intervention: full, paidInYear: 1, projectedRest: 2, projectedNextYear: 3, basis: .contract)),
                ])
                let projection = ProjectionDTO(year: 2026, referenceDate: "2026-10-31", computedAt: Date(), groupBy: "targetGroup",
                                               months: [.init(month: "2026-10", totalOre: 1, withEndDateOre: 1, withoutEndDateOre: 0, actualBasisOre: 0, contractBasisOre: 1,
                                                              expectedBasisOre: 0, pendingOre: 4)],
                                               groups: [.init(key: "none", name: "Ikke angivet", restOfYearOre: 1, nextYearOre: 2)])
                let watch = WatchListsDTO(year: 2026, referenceDate: "2026-10-31", computedAt: Date(), costliestPaid: [.init(citizenId: UUID(), name: "A B", caseIds: [UUID()], amountOre: 3)],
                                          costliestExpectedOutturn: [], driftByProvider: [.init(providerId: UUID(), name: "P", expectedOre: 1, contractOre: 2, driftOre: 1, grants: 1)],
                                          changes: .init(month: "2026-09", thresholdOre: 0, items: [.init(citizenId: UUID(), name: "A B", previousOre: 1, currentOre: 2, changeOre: 1)]))
                let scenario = FollowUpScenarioDTO(referenceDate: "2026-10-31", computedAt: Date(), through: "2027-12", baselineOre: 3, scenarioOre: 1, savingOre: 2,
                                                   rows: [.init(interventionId: UUID(), caseId: UUID(), nextFollowUp: nil, baselineOre: 3, scenarioOre: 1, savingOre: 2),
                                                          .init(interventionId: UUID(), caseId: UUID(), nextFollowUp: "2027-01-01", baselineOre: 0, scenarioOre: 0, savingOre: 0)])
                return try Self.problems(grants, schema: "EconomyGrantList") + Self.problems(projection, schema: "EconomyProjection")
                    + Self.problems(watch, schema: "EconomyWatchLists") + Self.problems(scenario, schema: "EconomyFollowUpScenario")
            }()),
            ("SharedContent", try {
                var doc = CaseDocument()
                doc.opening.consent = .given
                doc.opening.consentDiscloseTo = [.provider]
                var content = SharedContent()
                var goal = Goal()
                goal.id = UUID()
                goal.text = "Kan selv handle ind"
                goal.expectedLevel = 2
                goal.followUpDate = CalendarDate(year: 2026, month: 6, day: 1)
                content.goals = [goal, Goal()]
                content.functionalLevels = [FunctionalLevel(subtheme: "a", level: 2, severity: "b", assessedOn: CalendarDate(year: 2026, month: 3, day: 1)),
                                            FunctionalLevel(subtheme: "a", level: 1)]
                content.functionalAssessment = "Tekst"
                content.conditions = ["c"]
                let source = CaseStore.SharedSource(document: doc, citizenID: UUID(), notes: [], attachments: [])
                return try Self.problems(SharedContentDTO(content, source: source, parts: [.goals]), schema: "SharedContent")
                    + Self.problems(SharedContentDTO(SharedContent(), source: .init(document: CaseDocument(), citizenID: UUID(), notes: [], attachments: []), parts: nil),
                                    schema: "SharedContent")
            }()),
            ("MatchingRequest", try {
                let need = AnonymisedNeed(paragraph: "SEL § 85", services: ["x"], targetGroups: ["y"], supportNeed: "z", ageGroup: .from25to34, unit: .hour,
                                          unitsPerPeriod: 3, frequency: .perWeek, expectedStartDate: CalendarDate(year: 2026, month: 4, day: 1)!, noEndDate: true,
                                          description: "Behov for støtte til indkøb")
                let full = MatchingRequest(id: UUID(), caseID: UUID(), interventionID: UUID(), sentOn: CalendarDate(year: 2026, month: 3, day: 2)!, need: need,
                                           candidates: [MatchingCandidate(offerID: UUID(), providerID: UUID(), answer: .available,
                                                                          answeredOn: CalendarDate(year: 2026, month: 3, day: 3)!, comment: "Plads fra 1. april"),
                                                        MatchingCandidate(offerID: UUID(), providerID: UUID())])
                let bare = MatchingRequest(id: UUID(), caseID: UUID(), interventionID: UUID(), sentOn: full.sentOn, need: AnonymisedNeed(), candidates: [])
                return try Self.problems(MatchingRequestDTO(full, for: principal), schema: "MatchingRequest")
                    + Self.problems(MatchingRequestDTO(bare, for: provider), schema: "MatchingRequest")
                    + Self.problems(ListResponse(items: [MatchingRequestDTO(bare, for: principal)], nextCursor: nil), schema: "MatchingRequestList")
            }()),
            ("User", try Self.problems(UserDTO(user, unitIDs: []), schema: "User")),
            ("Citizen", try Self.problems(CitizenDTO(citizen), schema: "Citizen") + Self.problems(CitizenDTO(filledCitizen), schema: "Citizen")),
            ("AuditEntry", try Self.problems(AuditEntryDTO(bare), schema: "AuditEntry") + Self.problems(AuditEntryDTO(full), schema: "AuditEntry")),
            ("Me", try Self.problems(MeDTO(principal), schema: "Me") + Self.problems(MeDTO(withCitizen), schema: "Me")),
            ("Me (representative)", try {
                var representative = principal
                representative.representedCitizenIDs = [UUID(), UUID()]
                return try Self.problems(MeDTO(representative), schema: "Me")
            }()),
            ("CitizenSelf", try {
                var doc = CaseDocument()
                doc.opening.consent = .given
                doc.opening.consentForm = .digital
                doc.opening.consentCollectFrom = [.hospital]
                doc.opening.consentDiscloseTo = [.provider, .relatives]
                var goal = Goal()
                goal.id = UUID()
                goal.text = "Kunne handle ind selv"
                goal.primaryTheme = "code"
                goal.followUpDate = Self.day
                var bareGoal = Goal()
                bareGoal.id = UUID()
                doc.goals = [goal, bareGoal]
                let c = CitizenSelfStore.Case(id: UUID(), caseNumber: "2026-0001", phase: .delivery, openedOn: Self.day, document: doc)
                let grants = [CitizenSelfStore.Grant(caseNumber: "2026-0001", services: ["a"], offers: ["b"], paragraph: "SEL § 85", from: Self.day, to: Self.day,
                                                     ended: false, provider: "Bostøtte Nord", nextFollowUp: Self.day),
                              CitizenSelfStore.Grant(caseNumber: "2026-0001", services: [], offers: [], paragraph: nil, from: nil, to: nil, ended: true,
                                                     provider: nil, nextFollowUp: nil)]
                let full = CitizenSelfStore.Overview(
                    citizenID: UUID(), cases: [c], grants: grants, documents: [], lookups: [.init(at: Date(), unit: "Team Handicap", purpose: "Behandling af din sag"),
                                                                                         .init(at: Date(), unit: nil, purpose: "Opslag")],
                    goalViews: [CitizenGoalView(goalID: goal.id!, colour: .yellow, sentence: "Det går lidt", givenOn: Self.day)],
                    letters: [.init(caseID: c.id, caseNumber: c.caseNumber, decidedOn: Self.day), .init(caseID: c.id, caseNumber: c.caseNumber, decidedOn: nil)],
                    consents: [.init(caseID: c.id, action: .give, collectFrom: [.hospital], discloseTo: [.provider], givenOn: Self.day, givenAt: Date(), representative: .guardian),
                               .init(caseID: c.id, action: .withdraw, collectFrom: [], discloseTo: [], givenOn: Self.day, givenAt: Date(), representative: nil)])
                let bare = CitizenSelfStore.Overview(citizenID: UUID(), cases: [.init(id: UUID(), caseNumber: "2026-0002", phase: .closed, openedOn: Self.day,
                                                                                      document: CaseDocument())], grants: [], documents: [], lookups: [])
                return try Self.problems(CitizenSelfDTO(full, choice: .init(id: full.citizenID, name: "Birthe Borger", own: true), today: Self.day), schema: "CitizenSelf")
                    + Self.problems(CitizenSelfDTO(bare, choice: .init(id: bare.citizenID, name: "Mads", own: false), today: Self.day), schema: "CitizenSelf")
            }()),
            ("Representative", try {
                let r = RepresentativeStore.Representative(id: UUID(), caseID: UUID(), userID: UUID(), username: "vaerge", displayName: "Vagn Værge", kind: .guardian,
                                                           grantedAt: Date(), recorded: false)
                return try Self.problems(RepresentativeDTO(r), schema: "Representative")
                    + Self.problems(RepresentativeList(items: [RepresentativeDTO(r)]), schema: "RepresentativeList")
            }()),
            ("TokenResponse", try Self.problems(TokenResponse(token: "t", expiresAt: Date()), schema: "TokenResponse")),
            ("CatalogueEntry", try Self.problems(CatalogueEntryDTO(key: item.key, vumId: nil, phase: item.phase, nameDa: item.nameDa, theme: nil,
                                                                   autoGenerated: false, addedInVum2: true, apiPath: item.apiPath, captured: true), schema: "CatalogueEntry")
                + Self.problems(CatalogueEntryDTO(key: item.key, vumId: 1, phase: item.phase, nameDa: item.nameDa, theme: 1,
                                                  autoGenerated: true, addedInVum2: false, apiPath: item.apiPath, captured: false), schema: "CatalogueEntry")),
            ("CaseHistory", try Self.problems(CaseHistoryDTO(history), schema: "CaseHistory")),
            ("Settings", try Self.problems(CaseSettings(), schema: "Settings")),
            ("Problem", try Self.problems(Problem(type: "about:blank", title: "T", status: 404, detail: "D", code: "not-found"), schema: "Problem")
                + Self.problems(Problem(type: "about:blank", title: "T", status: 422, detail: "D", code: "validation",
                                        errors: [FieldError(field: "x", message: "y")], requestId: "r"), schema: "Problem")),
            ("CitizenList", try Self.problems(ListResponse(items: [CitizenDTO(citizen)], nextCursor: nil), schema: "CitizenList")
                + Self.problems(ListResponse(items: [CitizenDTO(citizen)], nextCursor: "abc"), schema: "CitizenList")),
        ]
        for (name, problems) in samples {
            #expect(problems.isEmpty, "\(name):\n\(problems.joined(separator: "\n"))")
        }
    }

    @Test("every value set of the case is an enum in the document, with each Danish label in its description")
    func valueSets() throws {
        func check<E: DanishLabelled>(_ type: E.Type) -> [String] {
            let name = String(describing: type)
            guard let schema = Self.schemas[name] as? [String: Any] else { return ["\(name): no schema"] }
            var problems: [String] = []
            if (schema["enum"] as? [String]) != E.allCases.map(\.rawValue) { problems.append("\(name): enum \(schema["enum"] ?? "-") ≠ \(E.allCases.map(\.rawValue))") }
            let description = schema["description"] as? String ?? ""
            for value in E.allCases where !description.contains("\(value.rawValue) = \(value.danishName)") {
                problems.append("\(name): the description lacks \"\(value.rawValue) = \(value.danishName)\"")
            }
            return problems
        }
        let problems = check(TriState.self) + check(CaseOrigin.self) + check(Inquirer.self) + check(GuardianshipForm.self) + check(RepresentationForm.self)
            + check(ConsentStatus.self) + check(ConsentForm.self) + check(InformationParty.self) + check(PlanStatus.self) + check(ServiceUnit.self)
            + check(ServiceFrequency.self) + check(DecisionOutcome.self) + check(FollowUpType.self) + check(GoalForwardDecision.self) + check(FollowUpOutcome.self) + check(CloseReason.self) + check(InterventionEndReason.self) + check(AssignmentReason.self) + check(RefusalReason.self)
            + check(CommitteeOutcome.self) + check(AppealOutcome.self) + check(NoteCategory.self) + check(DocumentKind.self)
            + check(Wellbeing.self) + check(AgeGroup.self) + check(OrderState.self) + check(MatchingAnswer.self) + check(SharedPart.self)
            + check(ChangeKind.self) + check(ChangeAnswerKind.self) + check(Weekday.self) + check(CitizenView.self) + check(ProposedNextStep.self)
            + check(IncidentType.self) + check(ForceKind.self) + check(UnintendedKind.self) + check(ChangeOrigin.self)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The kinds of deadline a worklist shows.
        let deadline = (Self.schemas["Deadline"] as? [String: Any])?["properties"] as? [String: Any]
        #expect((deadline?["kind"] as? [String: Any])?["enum"] as? [String] == CaseDeadline.Kind.allCases.map(\.rawValue))
    }

    @Test("the document joins without a conflict and every $ref in it resolves")
    func referencesResolve() throws {
        var refs: Set<String> = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { refs.insert(ref) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(Self.document)
        let components = Self.document["components"] as? [String: Any] ?? [:]
        let dangling = refs.filter { ref in
            let parts = ref.split(separator: "/").dropFirst().map(String.init) // components, section, name
            guard parts.count == 3 else { return true }
            return (components[parts[1]] as? [String: Any])?[parts[2]] == nil
        }
        #expect(dangling.isEmpty, "\(dangling.sorted())")
        #expect(refs.count > 60)
    }
}
