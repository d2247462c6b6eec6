import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The economy pages' figures as JSON (issue 14 item 7): the projection by month and by group, the watch lists, the
/// grants behind a number or of one case, and the scenario "what if these grants end at their next follow-up". The
/// same model as the pages (`EconomyWebController.model`), over the viewer's economy scope.
enum EconomyAPI {
    /// `year`, `date` and `groupBy` as the API names them; Danish problems for anything else.
    static func query(_ req: Request) throws -> EconomyQuery {
        var q = EconomyQuery()
        q.year = try BudgetAPI.yearQuery(req)
        q.date = try req.dateQuery("date", what: "Referencedatoen")
        if let d = q.date, !(1900...2200).contains(d.year) {
            throw DomainError.validation([FieldError(field: "date", message: "Referencedatoen skal ligge mellem år 1900 og 2200.")])
        }
        if let raw = try req.query.get(String?.self, at: "groupBy") {
            guard let g = ProjectionGrouping(rawValue: raw) else {
                throw DomainError.validation([FieldError(field: "groupBy", message: "Gruppér efter \(ProjectionGrouping.allCases.map(\.rawValue).joined(separator: ", ")).")])
            }
            q.grouping = g
        }
        return q
    }

    /// `GET /api/v1/economy/projection?year=&date=&groupBy=`: per month from R's month to December of the year after
    /// `year`'s, by basis and by end date, with the pending recommendations' what-if beside it (never in the total);
    /// and per group, the rest of the year and the year after.
    static func projection(_ req: Request) async throws -> Response {
        let m = try await EconomyWebController.model(req, query: try query(req), naming: .nobody)
        let o = m.overview
        try await req.audit(on: req.db, objectType: "economy", criteria: "projection year=\(m.year) date=\(m.date) group=\(m.grouping.rawValue)")
        return try APIResponse.json(ProjectionDTO(
            year: m.year, referenceDate: m.date.description, computedAt: m.computedAt, groupBy: m.grouping.rawValue,
            months: o.months.map { month in
                let t = o.byMonth[month] ?? ProjectionMonthTotal()
                return .init(month: month.description, totalOre: t.total, withEndDateOre: t.withEndDate, withoutEndDateOre: t.withoutEndDate,
                             actualBasisOre: t.basisActual, contractBasisOre: t.basisContract, expectedBasisOre: t.basisExpected,
                             pendingOre: o.pendingByMonth[month] ?? 0)
            },
            groups: o.groups.map { .init(key: $0.key, name: m.groupName($0.key), restOfYearOre: $0.rest, nextYearOre: $0.next) }))
    }

    /// `GET /api/v1/economy/watch-lists?year=&date=&thresholdOre=`: the costliest citizens of the year (paid, and
    /// with expected outturn), the drift per provider, and the citizens whose spend changed from the month before by
    /// at least the threshold (10.000 kr. unless chosen).
    static func watchLists(_ req: Request) async throws -> Response {
        var thresholdOre = EconomyWebController.defaultThreshold * 100
        if let raw = try req.query.get(String?.self, at: "thresholdOre") {
            guard let t = Int(raw), (0...10_000_000_000).contains(t) else {
                throw DomainError.validation([FieldError(field: "thresholdOre", message: "Grænsen skal være et helt antal øre fra 0 til 10.000.000.000.")])
            }
            thresholdOre = t
        }
        let m = try await EconomyWebController.model(req, query: try query(req), thresholdOre: thresholdOre, naming: .watchLists)
        let o = m.overview
        func citizen(_ id: UUID, _ amount: Int) -> WatchListsDTO.Citizen {
            .init(citizenId: id, name: m.citizens[id]?.name ?? "", caseIds: m.citizens[id]?.cases.map(\.id) ?? [], amountOre: amount)
        }
        try await req.audit(on: req.db, objectType: "economy", criteria: "watch-lists year=\(m.year) date=\(m.date) threshold=\(thresholdOre) citizens=\(m.citizens.count)")
        return try APIResponse.json(WatchListsDTO(
            year: m.year, referenceDate: m.date.description, computedAt: m.computedAt,
            costliestPaid: o.costliestActual.map { citizen($0.citizenID, $0.amount) },
            costliestExpectedOutturn: o.costliestOutturn.map { citizen($0.citizenID, $0.amount) },
            driftByProvider: o.drift.map { .init(providerId: $0.providerID, name: m.name($0.providerID), expectedOre: $0.expected, contractOre: $0.contract,
                                                  driftOre: $0.contract - $0.expected, grants: $0.grants) },
            changes: .init(month: o.changeMonth.description, thresholdOre: thresholdOre, items: o.changes.map {
                .init(citizenId: $0.citizenID, name: m.citizens[$0.citizenID]?.name ?? "", previousOre: $0.previous, currentOre: $0.current, changeOre: $0.change)
            })))
    }

    /// `GET /api/v1/economy/grants?year=&date=&groupBy=&key=` (the grants behind a group's number) or `?caseId=` (every
    /// recommended intervention of one case, to explain a number; audited as a read of the case).
    static func grants(_ req: Request) async throws -> Response {
        let m = try await EconomyWebController.model(req, query: try query(req), naming: .nobody)
        let items: [GrantEconomy]
        if let caseID = try req.uuidQuery("caseId", what: "Sagens id") {
            items = m.overview.grants(ofCase: caseID, in: m.ledger)
            guard let first = items.first?.intervention else { throw DomainError.notFound("Sagen") }
            try await req.audit(on: req.db, action: "economy.case", objectType: "case", objectID: caseID.uuidString, citizenID: first.citizenID,
                                criteria: "grants=\(items.count) year=\(m.year) date=\(m.date)")
        } else {
            let key = try req.query.get(String?.self, at: "key")
            items = m.overview.grants.filter { g in key.map { m.grouping.key(g.intervention) == $0 } ?? true }
            try await req.audit(on: req.db, objectType: "economy", criteria: "grants year=\(m.year) date=\(m.date) group=\(m.grouping.rawValue) key=\(key ?? "all") count=\(items.count)")
        }
        return try APIResponse.json(GrantsDTO(year: m.year, referenceDate: m.date.description, computedAt: m.computedAt, items: items.map(GrantDTO.init)))
    }

    /// `GET /api/v1/economy/scenarios/follow-up?date=&interventionIds=a,b`: each chosen live grant's projection from R's
    /// month to December of the year after R's, as it stands and as it would be if it ended at the case's next
    /// follow-up (an overdue one ends it on R).
    static func followUpScenario(_ req: Request) async throws -> Response {
        let raw = try req.query.get(String?.self, at: "interventionIds") ?? ""
        let parts = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let ids = parts.compactMap(UUID.init(uuidString:))
        guard !ids.isEmpty, ids.count == parts.count, ids.count <= 1000 else {
            throw DomainError.validation([FieldError(field: "interventionIds", message: "Angiv 1 til 1000 indsatsers id adskilt af komma.")])
        }
        var q = try query(req)
        q.year = nil
        let m = try await EconomyWebController.model(req, query: q, naming: .nobody)
        let through = m.overview.months.last ?? YearMonth(m.date)
        let s = FollowUpScenario(ledger: m.ledger, chosen: Set(ids), through: through)
        try await req.audit(on: req.db, objectType: "economy", criteria: "scenario follow-up date=\(m.date) chosen=\(ids.count) live=\(s.rows.count)")
        return try APIResponse.json(FollowUpScenarioDTO(
            referenceDate: m.date.description, computedAt: m.computedAt, through: through.description, baselineOre: s.baseline, scenarioOre: s.scenario, savingOre: s.saving,
            rows: s.rows.map { .init(interventionId: $0.intervention.id, caseId: $0.intervention.caseID, nextFollowUp: $0.followUp?.description,
                                     baselineOre: $0.baseline, scenarioOre: $0.scenario, savingOre: $0.saving) }))
    }
}

struct ProjectionDTO: Encodable, Sendable {
    struct Month: Encodable, Sendable {
        var month: String
        var totalOre: Int
        var withEndDateOre: Int
        var withoutEndDateOre: Int
        var actualBasisOre: Int
        var contractBasisOre: Int
        var expectedBasisOre: Int
        var pendingOre: Int
    }
    struct Group: Encodable, Sendable {
        var key: String
        var name: String
        var restOfYearOre: Int
        var nextYearOre: Int
    }
    var year: Int
    var referenceDate: String
    /// When the figures were computed from the cases (`EconomySnapshots`).
    var computedAt: Date
    var groupBy: String
    var months: [Month]
    var groups: [Group]
}

struct WatchListsDTO: Encodable, Sendable {
    struct Citizen: Encodable, Sendable {
        var citizenId: UUID
        var name: String
        var caseIds: [UUID]
        var amountOre: Int
    }
    struct Drift: Encodable, Sendable {
        var providerId: UUID
        var name: String
        var expectedOre: Int
        var contractOre: Int
        var driftOre: Int
        var grants: Int
    }
    struct Change: Encodable, Sendable {
        var citizenId: UUID
        var name: String
        var previousOre: Int
        var currentOre: Int
        var changeOre: Int
    }
    struct Changes: Encodable, Sendable {
        var month: String
        var thresholdOre: Int
        var items: [Change]
    }
    var year: Int
    var referenceDate: String
    /// When the figures were computed from the cases (`EconomySnapshots`).
    var computedAt: Date
    var costliestPaid: [Citizen]
    var costliestExpectedOutturn: [Citizen]
    var driftByProvider: [Drift]
    var changes: Changes
}

/// One grant's economy: where it belongs, its prices (expected, contract, co-payment) and its year.
struct GrantDTO: Encodable, Sendable {
    var interventionId: UUID
    var caseId: UUID
    var citizenId: UUID
    var status: GrantStatus
    @Nullable var account: String?
    @Nullable var paragraph: String?
    @Nullable var targetGroup: String?
    @Nullable var actingMunicipality: String?
    @Nullable var payingMunicipality: String?
    @Nullable var providerId: UUID?
    @Nullable var providerKind: ProviderOwnership?
    @Nullable var expectedPriceOre: Int?
    @Nullable var contractPriceOre: Int?
    @Nullable var coPaymentOrePerMonth: Int?
    @Nullable var basis: ProjectionBasis?
    var paidInYearOre: Int
    var projectedRestOfYearOre: Int
    var projectedNextYearOre: Int
    @Nullable var nextFollowUp: String?
    /// The alternatives considered (ID 38), each with its price and the difference from the expected price.
    var alternatives: [Alternative]
    struct Alternative: Encodable, Sendable {
        var description: String
        @Nullable var expectedPriceOre: Int?
        @Nullable var differenceOre: Int?
    }
    init(_ g: GrantEconomy) {
        let x = g.intervention
        interventionId = x.id
        caseId = x.caseID
        citizenId = x.citizenID
        status = x.status
        account = x.accountNumber
        paragraph = x.paragraph
        targetGroup = x.targetGroup
        actingMunicipality = x.actingMunicipality
        payingMunicipality = x.payingMunicipality
        providerId = x.order?.providerID
        providerKind = x.order?.providerKind
        expectedPriceOre = x.expectedPrice
        contractPriceOre = x.order?.contractPrice
        coPaymentOrePerMonth = x.order?.coPayment
        basis = g.basis
        paidInYearOre = g.paidInYear
        projectedRestOfYearOre = g.projectedRest
        projectedNextYearOre = g.projectedNextYear
        nextFollowUp = x.nextFollowUp?.description
        alternatives = x.alternatives.map { .init(description: $0.description, expectedPriceOre: $0.expectedPrice, differenceOre: $0.difference(from: x.expectedPrice)) }
    }
}

struct GrantsDTO: Encodable, Sendable {
    var year: Int
    var referenceDate: String
    /// When the figures were computed from the cases (`EconomySnapshots`).
    var computedAt: Date
    var items: [GrantDTO]
}

struct FollowUpScenarioDTO: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var interventionId: UUID
        var caseId: UUID
        @Nullable var nextFollowUp: String?
        var baselineOre: Int
        var scenarioOre: Int
        var savingOre: Int
    }
    var referenceDate: String
    /// When the figures were computed from the cases (`EconomySnapshots`).
    var computedAt: Date
    var through: String
    var baselineOre: Int
    var scenarioOre: Int
    var savingOre: Int
    var rows: [Row]
}
