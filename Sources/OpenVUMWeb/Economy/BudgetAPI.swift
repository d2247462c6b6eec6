import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The budget and its follow-up (issue 14 item 3): the economy consultant and the administrator set the original and
/// corrected budget per account, year and unit; they and the team leaders (over their teams) read it against spend to
/// date and expected outturn — the monthly follow-up done today in a spreadsheet.
enum BudgetAPI {
    /// `GET /api/v1/budgets?year=YYYY&date=R`: every line of the year with its follow-up on R (default today).
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let r = try req.dateQuery("date", what: "Referencedatoen") ?? CalendarDate(req.openvum.now())
        let year = try yearQuery(req) ?? r.year
        guard let (ledger, computedAt, _) = try await EconomyWebController.snapshot(req, principal: p, referenceDate: r) else { throw DomainError.forbidden }
        let rows = try await followUp(year: year, ledger: ledger, principal: p, on: req.db)
        try await req.audit(on: req.db, objectType: "budget", criteria: "year=\(year) date=\(r) lines=\(rows.count)")
        return try APIResponse.json(BudgetFollowUpList(year: year, referenceDate: r.description, computedAt: computedAt, items: rows.map { BudgetFollowUpDTO($0.0, id: $0.1) },
                                                       total: BudgetTotalDTO(rows.map(\.0))))
    }

    /// The year's lines of the viewer's economy scope, each with its follow-up, and its stored line when it has one.
    static func followUp(year: Int, ledger: EconomyLedger, principal p: Principal, on db: any Database) async throws
        -> [(BudgetFollowUp, StoredBudgetLine?)] {
        let stored = try await BudgetStore.lines(year: year, municipalityID: p.municipalityID, scope: p.economyScope, on: db)
        return BudgetRules.followUp(stored.map(\.line), ledger: ledger, year: year).map { f in
            (f, stored.first { $0.line.account == f.line.account && $0.line.unitID == f.line.unitID })
        }
    }

    /// `PUT /api/v1/budgets`: one line set — created (201), or changed with `If-Match` (200).
    static func save(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(BudgetRequest.self, from: req)
        let line = try body.line()
        let expected = req.headers.first(name: .ifMatch) == nil ? nil : try ETag.expectedVersion(req)
        let audit = try req.auditEntry(objectType: "budget", criteria: "year=\(line.year) account=\(line.account) unit=\(line.unitID?.uuidString.lowercased() ?? "all")")
        let now = req.openvum.now()
        let (saved, created) = try await req.writeTransaction { tx in
            try await BudgetStore.save(line, municipalityID: p.municipalityID, expectedVersion: expected, userID: p.userID, now: now, audit: audit, on: tx)
        }
        return try APIResponse.json(BudgetLineDTO(saved), status: created ? .created : .ok, version: saved.version)
    }

    static func yearQuery(_ req: Request) throws -> Int? {
        try req.query.get(String?.self, at: "year").map { raw in
            guard let y = Int(raw), (2000...2100).contains(y) else { throw DomainError.validation([FieldError(field: "year", message: "Året skal være et årstal mellem 2000 og 2100.")]) }
            return y
        }
    }
}

/// `PUT /api/v1/budgets`: a line in øre; `unitId` null for the whole municipality.
struct BudgetRequest: StrictBody {
    var year: Int?
    var account: String?
    var unitId: String?
    var originalOre: Int?
    var correctedOre: Int?
    static let fields: Set<String> = ["year", "account", "unitId", "originalOre", "correctedOre"]

    func line() throws -> BudgetLine {
        var e = FieldErrorCollector()
        if year == nil { e.add("year", "Angiv året.") }
        if account == nil { e.add("account", "Angiv kontoen, fx 5.38.50.") }
        if originalOre == nil { e.add("originalOre", "Angiv det oprindelige budget i øre.") }
        let unit = unitId.flatMap(UUID.init(uuidString:))
        if unitId != nil && unit == nil { e.add("unitId", "Enheden skal være et UUID eller null for hele kommunen.") }
        try e.throwIfAny()
        let line = BudgetLine(year: year!, account: account!.trimmingCharacters(in: .whitespaces), unitID: unit, original: originalOre!, corrected: correctedOre)
        try line.validate()
        return line
    }
}

struct BudgetLineDTO: Encodable, Sendable {
    var id: UUID
    var year: Int
    var account: String
    @Nullable var unitId: UUID?
    var originalOre: Int
    @Nullable var correctedOre: Int?
    var version: Int
    init(_ s: StoredBudgetLine) {
        id = s.id
        year = s.line.year
        account = s.line.account
        unitId = s.line.unitID
        originalOre = s.line.original
        correctedOre = s.line.corrected
        version = s.version
    }
}

struct BudgetFollowUpDTO: Encodable, Sendable {
    @Nullable var id: UUID?
    var account: String
    @Nullable var unitId: UUID?
    var originalOre: Int
    @Nullable var correctedOre: Int?
    var budgetOre: Int
    var spentOre: Int
    var projectedRestOre: Int
    var expectedOutturnOre: Int
    var deviationOre: Int
    @Nullable var deviationPercent: Decimal?
    @Nullable var spentShare: Decimal?
    @Nullable var version: Int?
    init(_ f: BudgetFollowUp, id stored: StoredBudgetLine?) {
        id = stored?.id
        account = f.line.account
        unitId = f.line.unitID
        originalOre = f.line.original
        correctedOre = f.line.corrected
        budgetOre = f.line.current
        spentOre = f.spent
        projectedRestOre = f.projectedRest
        expectedOutturnOre = f.expectedOutturn
        deviationOre = f.deviation
        deviationPercent = f.deviationPercent
        spentShare = f.spentShare
        version = stored?.version
    }
}

/// The year's total (`BudgetRules.total`).
struct BudgetTotalDTO: Encodable, Sendable {
    var budgetOre: Int
    var spentOre: Int
    var projectedRestOre: Int
    var expectedOutturnOre: Int
    var deviationOre: Int
    @Nullable var deviationPercent: Decimal?
    init(_ rows: [BudgetFollowUp]) {
        let t = BudgetRules.total(rows)
        budgetOre = t.line.current
        spentOre = t.spent
        projectedRestOre = t.projectedRest
        expectedOutturnOre = t.expectedOutturn
        deviationOre = t.deviation
        deviationPercent = t.deviationPercent
    }
}

struct BudgetFollowUpList: Encodable, Sendable {
    var year: Int
    var referenceDate: String
    /// When the spend and projection were computed from the cases (`EconomySnapshots`).
    var computedAt: Date
    var items: [BudgetFollowUpDTO]
    var total: BudgetTotalDTO
}
