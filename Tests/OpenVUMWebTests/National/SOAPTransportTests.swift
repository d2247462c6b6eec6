import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NIOConcurrencyHelpers
import NIOCore
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The Sags- og Dokumentindeks through Serviceplatformen's SOAP (issue 16 item 2), with the live receiver client and
/// an HTTP client that stands in for Serviceplatformen: what goes over the wire, and what each answer leads to.
@Suite("Sags- og Dokumentindeks over SOAP: the live client's envelope and the outbox's verdicts")
struct SOAPTransportTests {
    /// Serviceplatformen as the test scripts it: records each request and answers the next scripted answer (then 20).
    final class Serviceplatform: Client, @unchecked Sendable {
        struct Sent { var url: String; var headers: HTTPHeaders; var body: String }
        let eventLoop: any EventLoop
        let state: NIOLockedValueBox<(sent: [Sent], answers: [(Int, String)])>
        init(eventLoop: any EventLoop, answers: [(Int, String)]) {
            self.eventLoop = eventLoop
            state = .init(([], answers))
        }
        var sent: [Sent] { state.withLockedValue { $0.sent } }
        func script(_ answers: [(Int, String)]) { state.withLockedValue { $0.answers = answers } }
        func delegating(to eventLoop: any EventLoop) -> any Client { self }
        func send(_ request: ClientRequest) -> EventLoopFuture<ClientResponse> {
            let body = request.body.map { String(buffer: $0) } ?? ""
            let (code, text) = state.withLockedValue { s -> (Int, String) in
                s.sent.append(Sent(url: request.url.string, headers: request.headers, body: body))
                return s.answers.isEmpty ? (200, SOAPTransportTests.answer(20)) : s.answers.removeFirst()
            }
            return eventLoop.makeSucceededFuture(ClientResponse(status: HTTPResponseStatus(statusCode: code), headers: [:], body: ByteBuffer(string: text)))
        }
    }

    static func answer(_ code: Int, _ text: String? = nil) -> String {
        #"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><sdi:ImporterSagDokumentIndeksOutput xmlns:sdi="urn:oio:sts:sagdok:sagdokumentindeks:6"><sd:StandardRetur xmlns:sd="urn:oio:sagdok:3.0.0"><sd:StatusKode>\#(code)</sd:StatusKode>"#
            + (text.map { "<sd:FejlbeskedTekst>\($0)</sd:FejlbeskedTekst>" } ?? "") + "</sd:StandardRetur></sdi:ImporterSagDokumentIndeksOutput></soap:Body></soap:Envelope>"
    }

    @Test("switched to SOAP: each case is imported as SF1470's importer envelope (SOAP 1.2 action, the message id as transaction and idempotency key, the municipality's KOMBIT organisation as actor, the token in WS-Security, the citizen by CPR); StatusKode 40 is dead-lettered with the service's text; a SOAP fault is tried again; a missing token or organisation is tried again with the reason",
          arguments: Engine.available)
    func soap(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let platform = Serviceplatform(eventLoop: app.eventLoopGroup.next(), answers: [])
            app.clients.use { _ in platform }
            app.openvum.receivers = .live(app)
            let admin = try await app.token("admin")
            // The token's variable, one per engine (the engines' runs share the process's environment).
            let variable = "OPENVUM_TEST_SDI_TOKEN_\(engine.rawValue.uppercased())"
            // SOAP is for the Sags- og Dokumentindeks only; it needs an endpoint.
            var res = try await app.send(.PUT, "/api/v1/receivers/ydelsesindeks", token: admin, json: #"{"transport":"soap","endpoint":"https://x.example/y","enabled":true}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("kun for Sags- og Dokumentindekset"))
            res = try await app.send(.PUT, "/api/v1/receivers/sagsindeks", token: admin,
                                     json: #"{"transport":"soap","endpoint":"https://sdi.example/sagdokumentindeks/6","credentialVariable":"\#(variable)","enabled":true}"#)
            try #require(res.status == .ok, "\(res.body.string)")

            // No token in the environment, no KOMBIT organisation: nothing is sent, each is tried again with the reason.
            unsetenv(variable)
            var pass = try await OutboxWorker.drain(app)
            #expect(pass.delivered == 0 && pass.failed > 0 && platform.sent.isEmpty)
            var answer = try await app.sql.raw("SELECT last_answer FROM outbox_messages ORDER BY seq LIMIT 1").first()!.decode(column: "last_answer", as: String?.self)
            #expect(answer?.contains(variable) == true)
            setenv(variable, #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="t1"/>"#, 1)
            defer { unsetenv(variable) }
            try await app.sql.raw("UPDATE outbox_messages SET not_before = \(bind: Date(timeIntervalSince1970: 0))").run()
            pass = try await OutboxWorker.drain(app)
            answer = try await app.sql.raw("SELECT last_answer FROM outbox_messages ORDER BY seq LIMIT 1").first()!.decode(column: "last_answer", as: String?.self)
            #expect(pass.delivered == 0 && platform.sent.isEmpty && answer?.contains("kombitOrganisationId") == true)

            var settings = try await CaseStore.settings(municipalityID: DemoData.municipalityID, on: app.db)
            let organisation = UUID(uuidString: "0D3C2B1A-0000-4000-8000-00000000D3E0")!
            settings.kombitOrganisationId = organisation
            _ = try await CaseStore.saveSettings(settings, municipalityID: DemoData.municipalityID, on: app.db)
            try await app.sql.raw("UPDATE outbox_messages SET not_before = \(bind: Date(timeIntervalSince1970: 0))").run()
            pass = try await OutboxWorker.drain(app)
            let messages = try await app.sql.raw("SELECT id, state FROM outbox_messages ORDER BY seq").all()
            #expect(pass.delivered == messages.count && platform.sent.count == messages.count && !messages.isEmpty)

            // What went over the wire.
            let first = try #require(platform.sent.first)
            let firstID = try messages[0].decode(column: "id", as: UUID.self).uuidString.lowercased()
            #expect(first.url == "https://sdi.example/sagdokumentindeks/6")
            #expect(first.headers.first(name: .contentType) == #"application/soap+xml; charset=utf-8; action="http://kombit.dk/sts/sagdokumentindeks/importer""#)
            #expect(first.headers.first(name: "Idempotency-Key") == firstID)
            let parser = XMLParser(data: Data(first.body.utf8))
            #expect(parser.parse(), "well-formed XML")
            #expect(first.body.contains("<h:TransactionUUID>\(firstID)</h:TransactionUUID>"))
            #expect(first.body.contains(#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" soap:mustUnderstand="true"><saml:Assertion"#))
            #expect(first.body.contains("<sd:AktoerRef><sd:UUIDIdentifikator>\(organisation.uuidString.lowercased())</sd:UUIDIdentifikator></sd:AktoerRef>"))
            #expect(first.body.contains("<sd:LivscyklusKode>Importeret</sd:LivscyklusKode>") && first.body.contains("<sag:FremdriftStatusKode>"))
            let cprs = try await app.sql.raw("SELECT cpr FROM citizens WHERE municipality_id = \(bind: DemoData.municipalityID)").all().map { try $0.decode(column: "cpr", as: String.self) }
            #expect(platform.sent.allSatisfy { s in cprs.contains { s.body.contains("urn:oio:cpr-nr:\($0)") } })

            // A change of a case: the service refuses it (StatusKode 40) — dead-lettered with its text; the next change
            // meets a SOAP fault — tried again.
            let token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            platform.script([(200, Self.answer(40, "Klassen findes ikke"))])
            pass = try await OutboxWorker.drain(app)
            #expect(pass.deadLettered == 1)
            answer = try await app.sql.raw("SELECT last_answer FROM outbox_messages WHERE state = 'deadLettered'").first()!.decode(column: "last_answer", as: String?.self)
            #expect(answer == "Modtageren afviste beskeden: StatusKode 40 – Klassen findes ikke")
            let fault = #"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Reason><env:Text>Tjenesten er ikke tilgængelig</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"#
            platform.script([(500, fault)])
            var other = CaseClient(app: app, token: token)
            try await other.create(["citizenId": DemoData.citizenIDs[2].uuidString, "origin": "inquiry"])
            pass = try await OutboxWorker.drain(app)
            #expect(pass.failed == 1 && pass.deadLettered == 0)
            answer = try await app.sql.raw("SELECT last_answer FROM outbox_messages WHERE state = 'queued'").first()?.decode(column: "last_answer", as: String?.self)
            #expect(answer == "HTTP 500: SOAP-fejl: Tjenesten er ikke tilgængelig")
        }
    }
}
