import Fluent
import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// `/admin/udbakke`: the administrator's view of the outbox to the national receivers — how many messages wait,
/// are delivered and are dead-lettered, each dead letter with the receiver's answer and »Send igen«, and each
/// receiver's settings.
enum OutboxWebController {
    static func page(_ req: Request) async throws -> Response {
        let p = try req.principal()
        return req.render(Pages.outbox(try await model(p, on: req), req.pageContext))
    }

    static func model(_ p: Principal, on req: Request) async throws -> Pages.OutboxModel {
        let overview = try await OutboxOverview.load(municipalityID: p.municipalityID, now: req.openvum.now(), on: req.db)
        let keys = overview.deadLetterMessages.map(\.objectKey) + overview.queuedMessages.map(\.objectKey)
        return Pages.OutboxModel(overview: overview, objects: try await OutboxObjects.labels(keys, municipalityID: p.municipalityID, on: req.db))
    }

    /// `POST /admin/udbakke/:messageID/send-igen`.
    static func resend(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("messageID", what: "Beskeden")
        do {
            try await OutboxAPI.resend(id: id, principal: p, on: req)
            var m = try await model(p, on: req)
            m.notice = "Beskeden er sat i kø igen og sendes ved næste forsøg."
            return req.render(Pages.outbox(m, req.pageContext))
        } catch let error as DomainError where error.kind == .conflict {
            var m = try await model(p, on: req)
            m.alert = error.code == "outbox.invalid-report" ? error.detail
                : "Beskeden er ikke længere blandt de afviste — den er allerede sendt igen eller leveret."
            return req.render(Pages.outbox(m, req.pageContext, status: error.httpStatus))
        }
    }

    /// `POST /admin/udbakke/modtagere/:receiver`.
    static func saveReceiver(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let receiver = try OutboxAPI.receiverParameter(req)
        let form = try FormData.parse(req)
        let transport = ReceiverTransport(rawValue: form["transport"] ?? "") ?? .local
        let settings = ReceiverSettings(receiver: receiver, transport: transport, endpoint: form["endpoint"], credentialVariable: form["credentialVariable"],
                                        enabled: form["enabled"] == "true")
        do {
            try await OutboxAPI.save(settings, principal: p, on: req)
            var m = try await model(p, on: req)
            m.notice = "\(receiver.danishName): indstillingerne er gemt" + (settings.enabled ? " og modtageren er slået til." : ". Modtageren er slået fra.")
            return req.render(Pages.outbox(m, req.pageContext))
        } catch let error as DomainError where error.kind == .validation {
            var m = try await model(p, on: req)
            m.editing = settings
            m.errors = error.fieldErrors
            return req.render(Pages.outbox(m, req.pageContext, status: error.httpStatus))
        }
    }
}

/// What an outbox message is about, in words: the case number, or the citizen's case (never a CPR number).
enum OutboxObjects {
    static func labels(_ keys: [String], municipalityID: UUID, on db: any Database) async throws -> [String: String] {
        var labels: [String: String] = [:]
        let caseIDs = keys.compactMap { $0.hasPrefix("sag:") ? UUID(uuidString: String($0.dropFirst(4))) : nil }
        for (id, number) in try await CaseStore.caseNumbers(ids: Array(Set(caseIDs)), municipalityID: municipalityID, on: db) {
            labels["sag:" + id.uuidString.lowercased()] = "Sag \(number)"
        }
        // An FFB report is about a citizen: named by the citizen's case numbers (never the CPR number or the name).
        let citizens = keys.compactMap(FFBReportStore.citizen(objectKey:))
        let numbers = try await FFBReportStore.caseNumbers(citizenIDs: Array(Set(citizens)), municipalityID: municipalityID, on: db)
        for key in keys {
            guard let citizen = FFBReportStore.citizen(objectKey: key) else { continue }
            let cases = numbers[citizen].map { "sag " + $0.joined(separator: ", ") } ?? "en borger"
            labels[key] = key.contains(":ugyldig:") ? "FFB-rapport, \(cases), for \(CalendarDate(key.components(separatedBy: ":").last ?? "")?.danish ?? "")" : "FFB-rapport, \(cases)"
        }
        for key in keys where labels[key] == nil {
            labels[key] = key.hasPrefix("borger:") ? "Borgersag (én lang sag)" : key
        }
        return labels
    }
}
