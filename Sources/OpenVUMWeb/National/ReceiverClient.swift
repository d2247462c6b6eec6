import Fluent
import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// How an outbox message reaches its receiver (issue 16 item 1): a value with a live implementation and test ones,
/// injected through `AppContext.receivers` like the rest. The live one sends over HTTP(S) to the endpoint in the
/// municipality's settings, as Serviceplatformen's SOAP message (the Sags- og Dokumentindeks, `SF1470SOAP`), or hands
/// the message to the local receiver that records it (tests and the demo).
public struct ReceiverClient: Sendable {
    public var send: @Sendable (OutboxStore.Message, ReceiverSettings) async -> Outbox.Outcome

    public init(send: @escaping @Sendable (OutboxStore.Message, ReceiverSettings) async -> Outbox.Outcome) {
        self.send = send
    }

    /// Before `configure` sets the live client: every attempt fails (and is tried again later).
    static let unconfigured = ReceiverClient { _, _ in .failed("Ingen modtagerklient er sat op.") }

    /// The live client. HTTP: `POST` of the payload to the endpoint with `Idempotency-Key: <message id>` (the same on
    /// every attempt), `X-OpenVUM-Message-Kind`, and `Authorization: Bearer <value of the credential variable>` when
    /// the settings name one; the receiver has half the lease (`OPENVUM_OUTBOX_LEASE_SECONDS`) to answer.
    static func live(_ app: Application) -> ReceiverClient {
        let timeout = TimeAmount.seconds(Int64(max(1, app.openvum.config.outboxLeaseSeconds / 2)))
        return ReceiverClient { message, settings in
            switch settings.transport {
            case .local:
                do {
                    try await app.openvum.transactions.write(on: app.db) { tx in
                        try await LocalReceiverStore.record(message, now: app.openvum.now(), on: tx)
                    }
                    return .accepted
                } catch {
                    return .failed("Den lokale modtager kunne ikke gemme beskeden.")
                }
            case .soap:
                return await soap(app, message, settings, timeout: timeout)
            case .http:
                guard let endpoint = settings.endpoint else { return .failed("Modtageren har intet endepunkt.") }
                var headers = HTTPHeaders()
                headers.add(name: .contentType, value: message.receiver == NationalReceiver.ffbReporting.rawValue ? "application/fhir+json" : "application/json")
                headers.add(name: "Idempotency-Key", value: message.id.uuidString.lowercased())
                headers.add(name: "X-OpenVUM-Message-Kind", value: message.kind)
                if let variable = settings.credentialVariable {
                    guard let secret = Environment.get(variable), !secret.isEmpty else {
                        return .failed("Miljøvariablen \(variable) med modtagerens legitimation er ikke sat.")
                    }
                    headers.bearerAuthorization = BearerAuthorization(token: secret)
                }
                do {
                    var request = ClientRequest(method: .POST, url: URI(string: endpoint), headers: headers, body: ByteBuffer(string: message.payload))
                    request.timeout = timeout
                    let response = try await app.client.send(request)
                    let answer = response.body.map { String(buffer: $0) } ?? ""
                    return .status(Int(response.status.code), answer)
                } catch {
                    return .failed("Modtageren kunne ikke nås (\(String(describing: type(of: error)))).")
                }
            }
        }
    }

    /// SOAP to Serviceplatformen (SF1470 `importer`): the message's entry as the envelope, `TransactionUUID` the
    /// message's id (the same on every attempt), the municipality's KOMBIT organisation as the registering actor, and
    /// the value of the credential variable — an issued token (XML) — in the WS-Security header. The answer is read by
    /// `SF1470SOAP.outcome`.
    static func soap(_ app: Application, _ message: OutboxStore.Message, _ settings: ReceiverSettings, timeout: TimeAmount) async -> Outbox.Outcome {
        guard let endpoint = settings.endpoint else { return .failed("Modtageren har intet endepunkt.") }
        guard message.receiver == NationalReceiver.caseIndex.rawValue,
              let parsed = try? CaseIndex.decoder.decode(CaseIndex.Message.self, from: Data(message.payload.utf8)) else {
            return .status(422, "Beskeden er ikke en SF1470-sag og kan ikke sendes som SOAP.")
        }
        var token: String?
        if let variable = settings.credentialVariable {
            guard let secret = Environment.get(variable), !secret.isEmpty else {
                return .failed("Miljøvariablen \(variable) med modtagerens legitimation er ikke sat.")
            }
            token = secret
        }
        guard let actor = try? await CaseStore.settings(municipalityID: message.municipalityID, on: app.db).kombitOrganisationId else {
            return .failed("Kommunens organisation i KOMBIT (kombitOrganisationId) er ikke sat.")
        }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: SF1470SOAP.contentType)
        headers.add(name: "Idempotency-Key", value: message.id.uuidString.lowercased())
        let envelope = SF1470SOAP.importer(parsed, actor: actor, transactionID: message.id, securityToken: token)
        do {
            var request = ClientRequest(method: .POST, url: URI(string: endpoint), headers: headers, body: ByteBuffer(string: envelope))
            request.timeout = timeout
            let response = try await app.client.send(request)
            return SF1470SOAP.outcome(httpStatus: Int(response.status.code), body: response.body.map { String(buffer: $0) } ?? "")
        } catch {
            return .failed("Modtageren kunne ikke nås (\(String(describing: type(of: error)))).")
        }
    }
}
