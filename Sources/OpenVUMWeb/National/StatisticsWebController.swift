import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// `/admin/statistik`: Danmarks Statistik's monthly extracts for the administrator (issue 16 item 5) — the months and
/// their deadlines, a month's extract with its validation report, made again after the cases are put right, and
/// approved for sending.
enum StatisticsWebController {
    static func page(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let today = CalendarDate(req.openvum.now())
        return req.render(Pages.statistics(try await DSTMonthsDTO.months(municipalityID: p.municipalityID, today: today, on: req.db), today: today, req.pageContext))
    }

    /// `GET /admin/statistik/:month`.
    static func month(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let month = try StatisticsAPI.monthParameter(req)
        guard let stored = try await DSTStore.latest(municipalityID: p.municipalityID, month: month, on: req.db) else {
            return req.render(Pages.statisticsNotMade(month, today: CalendarDate(req.openvum.now()), req.pageContext))
        }
        return req.render(Pages.statisticsMonth(try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db), req.pageContext))
    }

    /// `POST /admin/statistik/:month`: the month's extract made (again).
    static func generate(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let month = try StatisticsAPI.monthParameter(req)
        do {
            let stored = try await StatisticsAPI.generate(month: month, principal: p, on: req)
            let dto = try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db)
            return req.render(Pages.statisticsMonth(dto, req.pageContext, notice: "Udtrækket for \(month.danishName) er dannet (version \(stored.version)) med \(dto.findings.count) fund."))
        } catch let error as DomainError where error.kind == .conflict {
            let today = CalendarDate(req.openvum.now())
            return req.render(Pages.statistics(try await DSTMonthsDTO.months(municipalityID: p.municipalityID, today: today, on: req.db), today: today,
                                               req.pageContext, alert: error.detail, status: error.httpStatus))
        }
    }

    /// `POST /admin/statistik/:month/godkend`: the version shown approved and sent.
    static func approve(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let month = try StatisticsAPI.monthParameter(req)
        let form = try FormData.parse(req)
        guard let version = form["version"].flatMap({ Int($0) }) else { throw DomainError.validation([FieldError(field: "version", message: "Angiv versionen.")]) }
        do {
            let stored = try await StatisticsAPI.approve(month: month, version: version, principal: p, on: req)
            return req.render(Pages.statisticsMonth(try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db), req.pageContext,
                                                    notice: "Udtrækket for \(month.danishName) er godkendt og lagt i udbakken til Danmarks Statistik."))
        } catch let error as DomainError where error.kind == .conflict {
            guard let stored = try await DSTStore.latest(municipalityID: p.municipalityID, month: month, on: req.db) else { throw error }
            return req.render(Pages.statisticsMonth(try await DSTExtractDTO.load(stored, municipalityID: p.municipalityID, on: req.db), req.pageContext,
                                                    alert: error.detail, status: error.httpStatus))
        }
    }
}
