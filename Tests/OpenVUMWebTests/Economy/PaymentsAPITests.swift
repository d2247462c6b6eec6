import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Payments through the API: the finance system's file with a dry run, idempotent by voucher; entered and corrected by hand")
struct PaymentsAPITests {
    /// A sent order of the demo caseworker's granted case; returns its id.
    static func sentOrder(_ app: Application) async throws -> String {
        let t = try await app.openvum.terminology.current(on: app.db)
        let (c, interventionID) = try await OrderStoreTests.grantedCase(app, Codes(t: t))
        var res = try await app.send(.POST, "/api/v1/orders", token: c.token,
                                     json: #"{"caseId":"\#(c.id)","interventionId":"\#(interventionID)","offerId":"\#(DemoData.internalHousingSupportID)"}"#)
        let id = try #require(try res.json()["id"] as? String)
        res = try await app.send(.POST, "/api/v1/orders/\(id)/transitions", token: c.token, headers: ["If-Match": "\"1\""], json: #"{"action":"send"}"#)
        #expect(res.status == .ok)
        return id
    }

    static func csv(_ app: Application, _ token: String, _ text: String, dryRun: Bool = false) async throws -> TestingHTTPResponse {
        try await app.send(.POST, "/api/v1/payments/import\(dryRun ? "?dryRun=true" : "")", token: token, headers: ["Content-Type": "text/csv"], text: text)
    }

    @Test("a file with BOM, semicolons and Danish headers: the dry run changes nothing, the import stores it, the same file again nothing; a file with errors nothing at all",
          arguments: Engine.available)
    func importFile(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            // Tokens first: they are checked against the real clock, and the order's rules run on a frozen one.
            let economy = try await app.token("oekonomi")
            var others: [String] = []
            for user in ["sagsbehandler", "udfoerer", "teamleder"] { others.append(try await app.token(user)) }
            let order = try await Self.sentOrder(app)
            let file = "\u{FEFF}Bilag;Bestilling;Ydelsesmåned;Konto;Beløb;Bogføringsdato\r\n"
                + "B-1001;\(order);2026-03;5.38.50;12.345,67;31-03-2026\r\n"
                + "B-1002;\(order);2026-02;5.38.50;-1.000,00;2026-03-15\r\n"
            // Only the economy roles.
            for token in others { #expect(try await Self.csv(app, token, file).status == .forbidden) }
            func stored() async throws -> [[String: Any]] {
                try #require(try await app.send(.GET, "/api/v1/payments?orderId=\(order)", token: economy).json()["items"] as? [[String: Any]])
            }
            var res = try await Self.csv(app, economy, file, dryRun: true)
            #expect(res.status == .ok)
            var report = try res.json()
            #expect(report["dryRun"] as? Bool == true && report["lines"] as? Int == 2 && report["new"] as? Int == 2 && report["unchanged"] as? Int == 0)
            #expect(try await stored().isEmpty)

            res = try await Self.csv(app, economy, file)
            #expect(res.status == .ok, "\(res.body.string)")
            report = try res.json()
            #expect(report["dryRun"] as? Bool == false && report["new"] as? Int == 2 && (report["errors"] as? [Any])?.isEmpty == true)
            // Oldest service month first: the credit note of February, then March's 12,345.67 kr.
            var payments = try await stored()
            #expect(payments.map { $0["voucherId"] as? String } == ["B-1002", "B-1001"])
            #expect(payments.map { $0["amount"] as? Int } == [-100_000, 1_234_567])
            #expect(payments.map { $0["serviceMonth"] as? String } == ["2026-02", "2026-03"])
            #expect(payments.first?["bookedOn"] as? String == "2026-03-15" && payments.first?["source"] as? String == "file")

            // The same file again: nothing new.
            report = try await Self.csv(app, economy, file).json()
            #expect(report["new"] as? Int == 0 && report["unchanged"] as? Int == 2)
            #expect(try await stored().count == 2)

            // Commas, English headers in another order, a quoted amount; one voucher changed, an unknown order, a bad month.
            let bad = "amount,voucherId,orderReference,account,serviceMonth,bookingDate\n"
                + "\"12.345,68\",B-1001,\(order),5.38.50,2026-03,2026-03-31\n"
                + "100,B-1003,\(UUID().uuidString),5.38.50,2026-03,2026-03-31\n"
                + "100,B-1004,\(order),5.38.50,2026-3,2026-03-31\n"
                + "\"1.000,00\",B-1005,\(order),5.38.50,2026-01,2026-02-01\n"
            res = try await Self.csv(app, economy, bad, dryRun: true)
            report = try res.json()
            #expect(report["new"] as? Int == 1 && report["lines"] as? Int == 4)
            let errors = try #require(report["errors"] as? [[String: Any]])
            #expect(errors.map { "\($0["line"] as? Int ?? 0):\($0["column"] as? String ?? "-")" } == ["2:voucherId", "3:orderReference", "4:serviceMonth"])
            res = try await Self.csv(app, economy, bad)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["lines.2.voucherId", "lines.3.orderReference", "lines.4.serviceMonth"])
            // Nothing of it was stored, not even its good line.
            payments = try await stored()
            #expect(payments.count == 2 && payments.last?["amount"] as? Int == 1_234_567)
            // Not CSV, or empty: refused.
            #expect(try await app.send(.POST, "/api/v1/payments/import", token: economy, json: "{}").status == .badRequest)
            #expect(try await app.auditCount("payment.import") == 4)
        }
    }

    @Test("a payment entered by hand, checked as a file line; corrected with If-Match; its voucher kept; a voucher twice refused",
          arguments: Engine.available)
    func byHand(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let order = try await Self.sentOrder(app)
            let body = #"{"voucherId":"H-1","orderId":"\#(order)","serviceMonth":"2026-03","account":"5.38.50","amount":50000,"bookedOn":"2026-04-02"}"#
            var res = try await app.send(.POST, "/api/v1/payments", token: admin, json: body)
            #expect(res.status == .created, "\(res.body.string)")
            #expect(res.headers.first(name: .eTag) == "\"1\"")
            let id = try #require(try res.json()["id"] as? String)
            #expect(try res.json()["source"] as? String == "manual")
            // The same voucher again.
            res = try await app.send(.POST, "/api/v1/payments", token: admin, json: body)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["voucherId"])
            // Every field's error at once; nothing saved.
            res = try await app.send(.POST, "/api/v1/payments", token: admin, json: #"{"voucherId":"","orderId":"\#(order)","serviceMonth":"2026-13","bookedOn":"31-02-2026"}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["account", "voucherId", "serviceMonth", "amount", "bookedOn"])
            res = try await app.send(.POST, "/api/v1/payments", token: admin, json: #"{"voucherId":"H-2","orderId":"\#(UUID())","serviceMonth":"2026-03","account":"5.38.50","amount":1,"bookedOn":"2026-04-02"}"#)
            #expect(try res.problem().errors?.map(\.field) == ["orderId"])

            // Corrected: 600.00 kr. instead of 500.00.
            let fix = #"{"orderId":"\#(order)","serviceMonth":"2026-03","account":"5.38.50","amount":60000,"bookedOn":"2026-04-02"}"#
            #expect(try await app.send(.PUT, "/api/v1/payments/\(id)", token: admin, json: fix).status == .preconditionRequired)
            res = try await app.send(.PUT, "/api/v1/payments/\(id)", token: admin, headers: ["If-Match": "\"1\""], json: fix)
            #expect(res.status == .ok, "\(res.body.string)")
            #expect(try res.json()["amount"] as? Int == 60_000 && res.json()["version"] as? Int == 2 && res.json()["voucherId"] as? String == "H-1")
            #expect(try await app.send(.PUT, "/api/v1/payments/\(id)", token: admin, headers: ["If-Match": "\"1\""], json: fix).status == .preconditionFailed)
            res = try await app.send(.PUT, "/api/v1/payments/\(id)", token: admin, headers: ["If-Match": "\"2\""],
                                     json: #"{"voucherId":"H-9","orderId":"\#(order)","serviceMonth":"2026-03","account":"5.38.50","amount":1,"bookedOn":"2026-04-02"}"#)
            #expect(try res.problem().errors?.map(\.field) == ["voucherId"])
            let listed = try #require(try await app.send(.GET, "/api/v1/payments?orderId=\(order)", token: admin).json()["items"] as? [[String: Any]])
            #expect(listed.map { $0["amount"] as? Int } == [60_000])
            #expect(try await app.auditCount("payment.create") == 1)
            #expect(try await app.auditCount("payment.correct") == 1)
            // Neither or both of orderId and caseId: refused.
            #expect(try await app.send(.GET, "/api/v1/payments", token: admin).status == .unprocessableEntity)
        }
    }
}
