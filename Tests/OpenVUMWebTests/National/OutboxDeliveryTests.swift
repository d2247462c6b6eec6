import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// What a test receiver was sent and answers: a script of answers, one per attempt, then `.accepted`.
final class ScriptedReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Outbox.Outcome]
    private(set) var sent: [(id: UUID, kind: String)] = []

    init(_ script: [Outbox.Outcome] = []) { self.script = script }

    var client: ReceiverClient {
        ReceiverClient { [self] message, _ in
            lock.withLock {
                sent.append((message.id, message.kind))
                return script.isEmpty ? .accepted : script.removeFirst()
            }
        }
    }
}

/// The outbox (issue 16 item 1) and the Sags- og Dokumentindeks messages (item 2), on both engines: written with the
/// change, delivered in order per object, tried again with backoff, dead-lettered with the reason and sent again,
/// and delivered exactly once by idempotency key when a worker stops mid-delivery.
@Suite("Outbox: index messages written with the change, delivered once, retried, dead-lettered and sent again")
struct OutboxDeliveryTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var now: Date { lock.withLock { value } }
        func advance(_ seconds: TimeInterval) { lock.withLock { value += seconds } }
    }

    static func messages(_ app: Application) async throws -> [(id: UUID, kind: String, state: String, attempts: Int, objectKey: String)] {
        try await app.sql.raw("SELECT id, kind, state, attempts, object_key FROM outbox_messages ORDER BY seq").all().map { r in
            (try r.decode(column: "id", as: UUID.self), try r.decode(column: "kind", as: String.self), try r.decode(column: "state", as: String.self),
             try r.decode(column: "attempts", as: Int.self), try r.decode(column: "object_key", as: String.self))
        }
    }

    static func enableCaseIndex(_ app: Application, token: String) async throws {
        let res = try await app.send(.PUT, "/api/v1/receivers/sagsindeks", token: token, json: #"{"transport":"local","enabled":true}"#)
        try #require(res.status == .ok, "\(res.body.string)")
    }

    @Test("no receiver switched on: a case change writes nothing; switched on: a changed case is imported with its history, a KLE change corrects it, an unchanged entry writes nothing, the worker loads every other case once; the local receiver gets each once, in order",
          arguments: Engine.available)
    func indexMessages(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let clock = Clock()
            app.openvum.now = { clock.now }
            let admin = try await app.token("admin"), token = try await app.token("sagsbehandler")
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            #expect(try await Self.messages(app).isEmpty)

            try await Self.enableCaseIndex(app, token: admin)
            clock.advance(60)
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.36.04","facet":"G01"}"#))
            clock.advance(60)
            // A change the index does not see (the same KLE again is refused; a note is no index matter).
            _ = try await app.send(.POST, "/api/v1/cases/\(c.id)/notes", token: token, json: #"{"category":"internal","text":"Telefonsamtale"}"#)
            clock.advance(60)
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.57.12","facet":"G01"}"#))
            var written = try await Self.messages(app)
            let key = "sag:" + c.id.lowercased()
            #expect(written.map(\.kind) == [CaseIndex.importKind, CaseIndex.correctionKind] && written.allSatisfy { $0.objectKey == key && $0.state == "queued" })

            // The worker first loads the municipality's other cases (the demo's two), then delivers.
            func loading() async throws -> Bool? {
                let receivers = try await app.send(.GET, "/api/v1/outbox", token: admin).json()["receivers"] as? [[String: Any]]
                return receivers?.first { $0["receiver"] as? String == "sagsindeks" }?["loadingExistingCases"] as? Bool
            }
            #expect(try await loading() == true)
            let pass = try await OutboxWorker.drain(app)
            #expect(try await loading() == false)
            #expect(pass.delivered == 4 && pass.failed == 0)
            let all = try await Self.messages(app)
            written = all.filter { $0.objectKey == key }
            #expect(all.allSatisfy { $0.state == "delivered" && $0.attempts == 1 } && written.count == 2)
            let others = try await app.sql.raw("SELECT id FROM cases WHERE municipality_id = \(bind: DemoData.municipalityID)").all()
                .map { "sag:" + (try $0.decode(column: "id", as: UUID.self)).uuidString.lowercased() }.filter { $0 != key }
            let loaded = all.filter { $0.objectKey != key }
            #expect(Set(loaded.map(\.objectKey)) == Set(others) && loaded.count == others.count && loaded.allSatisfy { $0.kind == CaseIndex.importKind })
            #expect(try await OutboxWorker.load(app) == 0)
            let received = try await LocalReceiverStore.all(municipalityID: DemoData.municipalityID, on: app.db).filter { $0.objectKey == key }
            #expect(received.map(\.idempotencyKey) == written.map(\.id) && received.allSatisfy { $0.deliveries == 1 })
            // The import carries the case's whole history as it then stood; the correction the changed class.
            let first = try JSONSerialization.jsonObject(with: Data(try #require(received.first).payload.utf8)) as? [String: Any]
            #expect(first?["livscykluskode"] as? String == "Importeret")
            let sag = try #require(first?["sag"] as? [String: Any])
            let states = try #require(sag["tilstande"] as? [[String: Any]])
            #expect(states.map { $0["fremdrift"] as? String } == ["Opstaaet"])
            let klasse = (sag["relationer"] as? [String: Any])?["sagsklasse"] as? [[String: Any]]
            #expect(klasse?.map { $0["urn"] as? String } == ["urn:oio:kle:emne:27.36.04"])
            let last = try JSONSerialization.jsonObject(with: Data(try #require(received.last).payload.utf8)) as? [String: Any]
            let lastSag = try #require(last?["sag"] as? [String: Any])
            #expect(last?["livscykluskode"] as? String == "Rettet" && lastSag["uuid"] as? String == sag["uuid"] as? String)
            let classes = ((lastSag["relationer"] as? [String: Any])?["sagsklasse"] as? [[String: Any]])?.map { $0["urn"] as? String }
            #expect(classes == ["urn:oio:kle:emne:27.36.04", "urn:oio:kle:emne:27.57.12"])
            // No CPR number outside the payload: not in the object key, not in the API's view of the outbox.
            let overview = try await app.send(.GET, "/api/v1/outbox", token: admin)
            let delivered = try overview.json()["delivered"] as? Int
            #expect(overview.status == .ok && !overview.body.string.contains("0707") && delivered == 4)
            #expect(try await app.send(.GET, "/api/v1/outbox", token: token).status == .forbidden)
        }
    }

    @Test("an imported history: one import message per case with its whole state history (not one per replayed event); a second import writes nothing",
          arguments: Engine.available)
    func importedHistory(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            try await Self.enableCaseIndex(app, token: try await app.token("admin"))
            let (data, _) = try await HistoryImportTests.file(app, citizens: 6, seed: 5)
            let admin = try await HistoryImportTests.admin(app)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: admin, dryRun: false, app: app)
            let written = try await Self.messages(app)
            let cases = try await app.sql.raw("SELECT id FROM cases WHERE municipality_id = \(bind: DemoData.municipalityID)").all()
                .map { "sag:" + (try $0.decode(column: "id", as: UUID.self)).uuidString.lowercased() }
            // The demo's own two cases were made before the receiver was switched on: only the imported ones.
            #expect(written.count == cases.count - 2 && Set(written.map(\.objectKey)).count == written.count)
            #expect(written.allSatisfy { $0.kind == CaseIndex.importKind && cases.contains($0.objectKey) })
            // Each message holds every national state the case has had, in order.
            for m in written {
                let id = try #require(UUID(uuidString: String(m.objectKey.dropFirst(4))))
                let states = try await app.sql.raw("SELECT state FROM case_national_states WHERE case_id = \(bind: id) ORDER BY seq").all()
                    .map { NationalCaseState(rawValue: try $0.decode(column: "state", as: String.self))!.indexCode }
                let payload = try await app.sql.raw("SELECT payload FROM outbox_messages WHERE id = \(bind: m.id)").first()!.decode(column: "payload", as: String.self)
                let sag = (try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])?["sag"] as? [String: Any]
                let shown = (sag?["tilstande"] as? [[String: Any]])?.map { $0["fremdrift"] as? String ?? "" }
                // Consecutive equal states are one period in the index.
                let merged = states.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
                #expect(shown == merged && !merged.isEmpty)
            }
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: admin, dryRun: false, app: app)
            #expect(try await Self.messages(app).count == written.count)
        }
    }

    @Test("the Ydelsesindeks: one message per granted intervention of an imported history, related to its case's Sag; after the settings change to level 1 without the relation, the next change corrects it",
          arguments: Engine.available)
    func grantIndex(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let res = try await app.send(.PUT, "/api/v1/receivers/ydelsesindeks", token: admin, json: #"{"transport":"local","enabled":true}"#)
            try #require(res.status == .ok)
            let (data, _) = try await HistoryImportTests.file(app, citizens: 6, seed: 5)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            let granted = try await app.sql.raw("SELECT id, case_id FROM case_interventions WHERE status = 'granted'").all().map {
                (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "case_id", as: UUID.self))
            }
            try #require(!granted.isEmpty)
            let written = try await Self.messages(app)
            // Only the Ydelsesindeks is switched on: one import per grant, nothing for the Sags- og Dokumentindeks.
            #expect(Set(written.map(\.objectKey)) == Set(granted.map { GrantIndex.objectKey(interventionID: $0.0) }) && written.count == granted.count)
            #expect(written.allSatisfy { $0.kind == GrantIndex.importKind })
            func payload(_ id: UUID) async throws -> [String: Any] {
                let text = try await app.sql.raw("SELECT payload FROM outbox_messages WHERE id = \(bind: id)").first()!.decode(column: "payload", as: String.self)
                return try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["bevilling"] as? [String: Any])
            }
            for (intervention, caseID) in granted {
                let m = try #require(written.first { $0.objectKey == GrantIndex.objectKey(interventionID: intervention) })
                let b = try await payload(m.id)
                let sagKey = try await app.sql.raw("""
                    SELECT index_uuid FROM national_index_objects WHERE receiver = 'sagsindeks' AND object_key = \(bind: "sag:" + caseID.uuidString.lowercased())
                    """).first()?.decode(column: "index_uuid", as: UUID.self)
                #expect((b["sag"] as? [String: Any])?["uuid"] as? String == sagKey?.uuidString && sagKey != nil)
                #expect(b["ydelse"] is [Any] && b["hjemmel"] is String && b["status"] as? String != nil)
            }
            // Level 1, no relation to the case: the next change of a case corrects its grants.
            let etag = try #require(try await app.send(.GET, "/api/v1/settings", token: admin).headers.first(name: .eTag))
            let patch = try await app.send(.PATCH, "/api/v1/settings", token: admin, headers: ["If-Match": etag],
                                           json: #"{"grantIndexDetail":"level1","grantMustBelongToCase":false}"#)
            #expect(patch.status == .ok, "\(patch.body.string)")
            let (intervention, caseID) = granted[0]
            try await CaseIndexStore.caseChanged(caseID: caseID, now: Date(), on: app.db)
            let corrected = try #require(try await Self.messages(app).last { $0.objectKey == GrantIndex.objectKey(interventionID: intervention) && $0.kind == GrantIndex.correctionKind })
            let b = try await payload(corrected.id)
            #expect(b["ydelse"] == nil && b["sag"] == nil && b["hjemmel"] is String)
        }
    }

    @Test("a receiver that is down or busy: tried again after 30 s, then 60 s, the object's next message waits; a 4xx: dead-lettered with the answer, held back with its successors until sent again",
          arguments: Engine.available)
    func retriesAndDeadLetters(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let clock = Clock()
            app.openvum.now = { clock.now }
            let admin = try await app.token("admin"), token = try await app.token("sagsbehandler")
            try await Self.enableCaseIndex(app, token: admin)
            // The first load of the demo's cases, delivered before the receiver starts to misbehave.
            app.openvum.receivers = ScriptedReceiver().client
            try await OutboxWorker.drain(app)
            let loaded = try await Self.messages(app).count
            let receiver = ScriptedReceiver([.failed("connection refused"), .status(503, "Service Unavailable"), .accepted,
                                             .status(400, "Ugyldig Sagsklasse")])
            app.openvum.receivers = receiver.client
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.36.04"}"#))
            let ids = try await Self.messages(app).dropFirst(loaded).map(\.id)
            try #require(ids.count == 2)

            // Attempt 1 fails: the import waits 30 s, and the correction waits behind it.
            var pass = try await OutboxWorker.drain(app)
            #expect(pass.attempted == 1 && pass.failed == 1 && receiver.sent.map(\.id) == [ids[0]])
            clock.advance(29)
            #expect(try await OutboxWorker.drain(app).attempted == 0)
            clock.advance(1)
            // Attempt 2 (503) fails: 60 s more.
            pass = try await OutboxWorker.drain(app)
            #expect(pass.attempted == 1 && pass.failed == 1)
            clock.advance(59)
            #expect(try await OutboxWorker.drain(app).attempted == 0)
            clock.advance(1)
            // Attempt 3 is accepted; the correction goes next, and is refused (400): dead-lettered at once.
            pass = try await OutboxWorker.drain(app)
            #expect(pass.delivered == 1 && pass.deadLettered == 1 && receiver.sent.map(\.id) == [ids[0], ids[0], ids[0], ids[1]])
            var rows = Array(try await Self.messages(app).dropFirst(loaded))
            #expect(rows.map(\.state) == ["delivered", "deadLettered"] && rows.map(\.attempts) == [3, 1])
            // A later change of the case waits behind the dead letter.
            try c.accept(try await app.send(.PUT, "/api/v1/cases/\(c.id)/kle", token: token, headers: ["If-Match": c.etag], json: #"{"emne":"27.57.12"}"#))
            clock.advance(3600)
            #expect(try await OutboxWorker.drain(app).attempted == 0)

            let overview = try await app.send(.GET, "/api/v1/outbox", token: admin).json()
            let dead = try #require((overview["deadLetterMessages"] as? [[String: Any]])?.first)
            #expect(dead["lastAnswer"] as? String == "Modtageren afviste beskeden (HTTP 400): Ugyldig Sagsklasse" && overview["queued"] as? Int == 1)
            // Sent again (the administrator): tried at once with the same idempotency key, then its successor.
            #expect(try await app.send(.POST, "/api/v1/outbox/\(UUID())/resend", token: admin).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/outbox/\(ids[0])/resend", token: admin).status == .conflict)
            #expect(try await app.send(.POST, "/api/v1/outbox/\(ids[1])/resend", token: admin).status == .ok)
            pass = try await OutboxWorker.drain(app)
            rows = Array(try await Self.messages(app).dropFirst(loaded))
            #expect(pass.delivered == 2 && rows.map(\.state) == ["delivered", "delivered", "delivered"])
            #expect(receiver.sent.map(\.id).suffix(2) == [ids[1], rows[2].id])
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'outbox.resend'").first()!.decode(column: "n", as: Int.self)
            #expect(audited == 1)
        }
    }

    @Test("a worker that stops mid-delivery: the message stays under its lease, is sent again after it with the same idempotency key, and the receiver has it once",
          arguments: Engine.available)
    func stoppedMidDelivery(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let clock = Clock()
            app.openvum.now = { clock.now }
            let admin = try await app.token("admin"), token = try await app.token("sagsbehandler")
            try await Self.enableCaseIndex(app, token: admin)
            try await OutboxWorker.drain(app)
            var c = CaseClient(app: app, token: token)
            try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry"])
            let id = try #require(try await Self.messages(app).last?.id)
            // A worker claims the message and hands it to the receiver, then stops before it records the answer.
            let claimed = try #require(try await OutboxStore.claim(id: id, now: clock.now, leaseUntil: clock.now.addingTimeInterval(60), on: app.db))
            #expect(try await LocalReceiverStore.record(claimed, now: clock.now, on: app.db))
            // Another worker leaves it alone while the lease holds …
            #expect(try await OutboxWorker.drain(app).attempted == 0)
            clock.advance(61)
            // … and sends it again after: the receiver knows the key.
            #expect(try await OutboxWorker.drain(app).delivered == 1)
            let received = try await LocalReceiverStore.all(municipalityID: DemoData.municipalityID, on: app.db).filter { $0.idempotencyKey == id }
            #expect(received.count == 1 && received[0].deliveries == 2)
            let rows = try await Self.messages(app).filter { $0.id == id }
            #expect(rows.count == 1 && rows[0].state == "delivered" && rows[0].attempts == 2)
        }
    }

    @Test("the administrator's page: the figures, a dead letter with the receiver's answer and »Send igen«, a receiver's settings with Danish errors",
          arguments: Engine.available)
    func adminPage(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let id = try await OutboxStore.enqueue(municipalityID: DemoData.municipalityID, receiver: .caseIndex, objectKey: "borger:x", kind: CaseIndex.correctionKind,
                                                   payload: "{}", now: Date(), on: app.db)
            try await OutboxStore.record(id: id, verdict: .deadLetter(reason: "Modtageren afviste beskeden (HTTP 400): <b>nej</b>"), answer: "", now: Date(), on: app.db)
            var web = try await WebSessionClient.login(app, "admin")
            var page = try await web.get(app, "/admin/udbakke")
            let html = page.body.string
            #expect(page.status == .ok && html.contains("Afviste beskeder") && html.contains("&lt;b&gt;nej&lt;/b&gt;") && html.contains("Borgersag (én lang sag)"))
            #expect(html.contains("Send igen") && html.contains("Ret Sags- og Dokumentindeks"))
            // Each receiver's form posts the fields the handler reads.
            #expect(html.components(separatedBy: #"name="endpoint""#).count == 5 && html.components(separatedBy: #"name="credentialVariable""#).count == 5
                    && html.components(separatedBy: #"name="transport""#).count == 5)
            // An HTTP receiver without an endpoint: refused at the field, in Danish; nothing saved.
            page = try await web.post(app, "/admin/udbakke/modtagere/sagsindeks", form: ["transport": "http", "endpoint": "", "enabled": "true"], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Angiv modtagerens endepunkt.")
                    && page.body.string.contains(##"href="#modtager-sagsindeks-endpoint""##) && page.body.string.contains(#"id="modtager-sagsindeks-endpoint""#))
            #expect(try await OutboxStore.receivers(municipalityID: DemoData.municipalityID, on: app.db).isEmpty)
            page = try await web.post(app, "/admin/udbakke/modtagere/sagsindeks", form: ["transport": "local", "enabled": "true"], csrfFrom: page)
            #expect(page.status == .ok && page.body.string.contains("Sags- og Dokumentindeks: indstillingerne er gemt og modtageren er slået til."))
            page = try await web.post(app, "/admin/udbakke/\(id.uuidString.lowercased())/send-igen", form: [:], csrfFrom: page)
            #expect(page.status == .ok && page.body.string.contains("sat i kø igen") && page.body.string.contains("Ingen afviste beskeder."))
            // The caseworker has no way in.
            let cw = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await cw.get(app, "/admin/udbakke").status == .forbidden)
        }
    }
}
