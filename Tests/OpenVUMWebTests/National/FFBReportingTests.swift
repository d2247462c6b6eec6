import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// FFB reporting (issue 16 item 4) on both engines: a citizen whose case changed is reported the next day, one valid
/// Bundle per day changed, delivered in order through the outbox; a Bundle that breaks the profile is dead-lettered at
/// once with the rule, never sent, cannot be sent again, and holds back none of the citizen's later reports.
@Suite("FFB reporting: the next day's Bundle per changed citizen, through the outbox; an invalid one never sent")
struct FFBReportingTests {
    typealias Clock = OutboxDeliveryTests.Clock
    static let organisation = "0d3c2b1a-0000-4000-8000-0000000000ab"

    static func enable(_ app: Application, admin: String, organisation: String?) async throws {
        let res = try await app.send(.PUT, "/api/v1/receivers/ffb", token: admin, json: #"{"transport":"local","enabled":true}"#)
        try #require(res.status == .ok, "\(res.body.string)")
        if let organisation { try await setOrganisation(app, admin: admin, organisation) }
    }

    static func setOrganisation(_ app: Application, admin: String, _ organisation: String) async throws {
        let etag = try #require(try await app.send(.GET, "/api/v1/settings", token: admin).headers.first(name: .eTag))
        // Text that is no UUID: refused at the field, saying what it must be.
        let wrong = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag], json: #"{"kombitOrganisationId":"Demokommune"}"#)
        #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Værdien skal være et id (UUID)") && wrong.body.string.contains("kombitOrganisationId"))
        let patch = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag], json: #"{"kombitOrganisationId":"\#(organisation)"}"#)
        try #require(patch.status == .ok, "\(patch.body.string)")
        #expect((try patch.json()["kombitOrganisationId"] as? String)?.lowercased() == organisation)
    }

    static func ffbMessages(_ app: Application) async throws -> [(id: UUID, kind: String, state: String, objectKey: String, answer: String?)] {
        try await app.sql.raw("SELECT id, kind, state, object_key, last_answer FROM outbox_messages WHERE receiver = 'ffb' ORDER BY seq").all().map { r in
            (try r.decode(column: "id", as: UUID.self), try r.decode(column: "kind", as: String.self), try r.decode(column: "state", as: String.self),
             try r.decode(column: "object_key", as: String.self), try r.decode(column: "last_answer", as: String?.self))
        }
    }

    @Test("switched on: the citizen whose case changed is reported the next day, not the same day; a change on each of two days gives two reports, delivered in order; the Bundle is valid, names the citizen's CPR and the case number; a citizen not changed is not reported",
          arguments: Engine.available)
    func nextDayReports(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let clock = Clock()
            app.openvum.now = { clock.now }
            let admin = try await app.token("admin"), token = try await app.token("sagsbehandler")
            try await Self.enable(app, admin: admin, organisation: Self.organisation)
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let number = try #require(c.body["caseNumber"] as? String)

            // The same day: nothing yet.
            try await OutboxWorker.drain(app)
            #expect(try await Self.ffbMessages(app).isEmpty)

            clock.advance(86_400)
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.36.04","facet":"G01"}"#))
            let pass = try await OutboxWorker.drain(app)
            var written = try await Self.ffbMessages(app)
            let key = FFBReportStore.objectKey(citizenID: DemoData.citizenIDs[1])
            #expect(written.count == 1 && written[0].kind == FFBReport.kind && written[0].objectKey == key && written[0].state == "delivered")
            #expect(pass.delivered >= 1)

            clock.advance(86_400)
            try await OutboxWorker.drain(app)
            written = try await Self.ffbMessages(app)
            #expect(written.count == 2 && written.allSatisfy { $0.state == "delivered" && $0.objectKey == key })
            let received = try await LocalReceiverStore.all(municipalityID: DemoData.municipalityID, receiver: .ffbReporting, on: app.db)
            #expect(received.map(\.idempotencyKey) == written.map(\.id) && received.allSatisfy { $0.deliveries == 1 })

            // The Bundle: valid against the profile, the citizen's CPR, the case number, the municipality's organisation.
            let terminology = try await app.openvum.terminology.current(on: app.db)
            let bundle = try FHIRValue.parse(try #require(received.last).payload)
            #expect(FFBValidation.violations(bundle, terminology: terminology) == [])
            let cpr = try await app.sql.raw("SELECT cpr FROM citizens WHERE id = \(bind: DemoData.citizenIDs[1])").first()?.decode(column: "cpr", as: String.self)
            #expect(bundle.all("entry.resource.identifier.value") == [.string(try #require(cpr))])
            #expect(bundle.all("entry.resource.managingOrganization.identifier.value") == [.string(Self.organisation)])
            #expect(bundle.all("entry.resource.extension.extension.valueIdentifier.value").contains(.string(number)))
            // Nothing is left to report, and the other citizens were never marked.
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM ffb_changes").first()?.decode(column: "n", as: Int.self) == 0)
            clock.advance(86_400)
            try await OutboxWorker.drain(app)
            #expect(try await Self.ffbMessages(app).count == 2)
        }
    }

    @Test("a Bundle that breaks a rule (no KOMBIT organisation set): dead-lettered at once with the rule, never sent, refused when sent again (409, and no button on the page); the citizen's next, valid report is not held back",
          arguments: Engine.available)
    func invalidNeverSent(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let clock = Clock()
            app.openvum.now = { clock.now }
            let receiver = ScriptedReceiver()
            app.openvum.receivers = receiver.client
            let admin = try await app.token("admin"), token = try await app.token("sagsbehandler")
            try await Self.enable(app, admin: admin, organisation: nil)
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            clock.advance(86_400)
            try await OutboxWorker.drain(app)
            let written = try await Self.ffbMessages(app)
            try #require(written.count == 1)
            #expect(written[0].kind == FFBReport.invalidKind && written[0].state == Outbox.State.deadLettered.rawValue)
            #expect(written[0].answer?.contains("kl-reporting-ffb-citizen.managingOrganization") == true)
            #expect(receiver.sent.allSatisfy { $0.kind != FFBReport.invalidKind })

            let resend = try await app.send(.POST, "/api/v1/outbox/\(written[0].id.uuidString.lowercased())/resend", token: admin)
            #expect(resend.status == .conflict && resend.body.string.contains("outbox.invalid-report"))
            let web = try await WebSessionClient.login(app, "admin")
            let html = try await web.get(app, "/admin/udbakke").body.string
            #expect(html.contains("Sendes aldrig") && html.contains("kl-reporting-ffb-citizen.managingOrganization") && html.contains("FFB-rapport, sag "))
            #expect(!html.contains("/send-igen"))

            // Set right, the next day's change is reported and sent.
            try await Self.setOrganisation(app, admin: admin, Self.organisation)
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.36.04","facet":"G01"}"#))
            clock.advance(86_400)
            try await OutboxWorker.drain(app)
            let after = try await Self.ffbMessages(app)
            #expect(after.count == 2 && after[1].kind == FFBReport.kind && after[1].state == "delivered")
            #expect(receiver.sent.filter { $0.kind == FFBReport.kind }.count == 1)
        }
    }
}
