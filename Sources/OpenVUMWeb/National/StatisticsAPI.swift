import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Danmarks Statistik's monthly extract in the API (issue 16 item 5), for the municipality's administrator: the months
/// with their deadlines and states, a month's extract made (again) with its validation report, and approved for sending.
enum StatisticsAPI {
    /// `GET /api/v1/statistics/dst`: the last twelve months, newest first.
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        return try APIResponse.json(DSTMonthsDTO(try await DSTMonthsDTO.months(municipalityID: p.municipalityID, today: CalendarDate(req.openvum.now()), on: req.db)))
    }

    /// `GET /api/v1/statistics/dst/{month}`: the month's latest extract with its validation report.
    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let month = try monthParameter(req)
        guard let stored = try await DSTStore.latest(municipalityID: p.municipalityID, month: month, on: req.db) else { throw DomainError.notFound("Udtrækket") }
        return try APIResponse.json(try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db))
    }

    /// `POST /api/v1/statistics/dst/{month}`: a new version of the month's extract.
    static func generate(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let stored = try await generate(month: try monthParameter(req), principal: p, on: req)
        return try APIResponse.json(try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db), status: .created)
    }

    /// `POST /api/v1/statistics/dst/{month}/approve` with `{"version": n}`: the version approved and sent.
    static func approve(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let month = try monthParameter(req)
        let body = try StrictJSON.decode(DSTApproveRequest.self, from: req)
        guard let version = body.version else { throw DomainError.validation([FieldError(field: "version", message: "Angiv den version, du godkender.")]) }
        let stored = try await approve(month: month, version: version, principal: p, on: req)
        return try APIResponse.json(try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db))
    }

    static func generate(month: DSTExtract.Month, principal p: Principal, on req: Request) async throws -> DSTStore.Stored {
        let audit = try req.auditEntry(objectType: "dst-extract", objectID: month.description)
        let now = req.openvum.now()
        return try await req.writeTransaction { tx in
            try await DSTStore.generate(municipalityID: p.municipalityID, month: month, userID: p.userID, now: now, audit: audit, on: tx)
        }
    }

    static func approve(month: DSTExtract.Month, version: Int, principal p: Principal, on req: Request) async throws -> DSTStore.Stored {
        let audit = try req.auditEntry(objectType: "dst-extract", objectID: month.description, criteria: "version=\(version)")
        let now = req.openvum.now()
        return try await req.writeTransaction { tx in
            try await DSTStore.approve(municipalityID: p.municipalityID, month: month, version: version, userID: p.userID, now: now, audit: audit, on: tx)
        }
    }

    static func monthParameter(_ req: Request) throws -> DSTExtract.Month {
        guard let raw = req.parameters.get("month"), let m = DSTExtract.Month(raw) else { throw DomainError.notFound("Måneden") }
        return m
    }
}

/// `POST /api/v1/statistics/dst/{month}/approve`.
struct DSTApproveRequest: StrictBody {
    var version: Int?
    static let fields: Set<String> = ["version"]
}

/// A month of the statistic: its deadline and the state of its latest extract.
struct DSTMonthDTO: Encodable, Sendable {
    var month: String
    var name: String
    var deadline: CalendarDate
    /// `notGenerated`, `awaitingApproval`, `approved`.
    var state: String
    @Nullable var version: Int?
    var records: Int
    var findings: Int
    @Nullable var generatedAt: Date?
    @Nullable var approvedAt: Date?
}

struct DSTMonthsDTO: Encodable, Sendable {
    var months: [DSTMonthDTO]
    init(_ months: [DSTMonthDTO]) { self.months = months }

    /// The twelve months before `today`'s, newest first, each with its latest extract.
    static func months(municipalityID: UUID, today: CalendarDate, on db: any Database) async throws -> [DSTMonthDTO] {
        let made = Dictionary(try await DSTStore.summaries(municipalityID: municipalityID, on: db).map { ($0.month, $0) }) { a, _ in a }
        var month = DSTExtract.Month(containing: today).previous
        var out: [DSTMonthDTO] = []
        for _ in 0..<12 {
            let s = made[month]
            out.append(DSTMonthDTO(month: month.description, name: month.danishName, deadline: month.deadline, state: s?.state.rawValue ?? "notGenerated",
                                   version: s?.version, records: s?.records ?? 0, findings: s?.findings ?? 0, generatedAt: s?.generatedAt,
                                   approvedAt: s?.approvedAt))
            month = month.previous
        }
        return out
    }
}

/// A month's extract as the administrator reads it: counts per service type and the validation report. The services
/// themselves (with CPR numbers) are not shown; they go to Danmarks Statistik.
struct DSTExtractDTO: Encodable, Sendable {
    struct Count: Encodable, Sendable {
        var serviceType: String
        var name: String
        var services: Int
        var citizens: Int
    }

    struct Finding: Encodable, Sendable {
        var kind: String
        var name: String
        var caseNumber: String
        @Nullable var caseId: UUID?
        var serviceType: String
        var message: String
    }

    var month: String
    var name: String
    var deadline: CalendarDate
    var version: Int
    var state: String
    var generatedAt: Date
    @Nullable var approvedAt: Date?
    var services: Int
    var counts: [Count]
    var findings: [Finding]

    static func load(_ s: DSTStore.Stored, municipalityID: UUID, on db: any Database) async throws -> DSTExtractDTO {
        let ids = try await DSTStore.caseIDs(numbers: Array(Set(s.findings.map(\.sagsnummer))), municipalityID: municipalityID, on: db)
        return DSTExtractDTO(
            month: s.month.description, name: s.month.danishName, deadline: s.month.deadline, version: s.version, state: s.state.rawValue,
            generatedAt: s.generatedAt, approvedAt: s.approvedAt, services: s.extract.ydelser.count,
            counts: DSTExtract.counts(s.extract.ydelser).map { Count(serviceType: $0.type.rawValue, name: $0.type.danishName, services: $0.services, citizens: $0.citizens) },
            findings: s.findings.map { Finding(kind: $0.kind.rawValue, name: $0.kind.danishName, caseNumber: $0.sagsnummer, caseId: ids[$0.sagsnummer],
                                               serviceType: $0.ydelsestype.rawValue, message: $0.message) })
    }
}
