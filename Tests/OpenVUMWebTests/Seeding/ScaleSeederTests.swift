import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import SQLKit
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Scale data generator")
struct ScaleSeederTests {
    static func generate(_ app: Application, cases: Int, seed: UInt64) async throws -> ScaleSeeder.Summary {
        let t = try await app.openvum.terminology.current(on: app.db)
        return try await ScaleSeeder.run(.init(cases: cases, seed: seed, municipalities: 2, today: CalendarDate(year: 2026, month: 11, day: 1)!, passwordHash: try Bcrypt.hash("demo", cost: 4)),
                                         terminology: t, on: app.db) { _, _ in }
    }

    static func fingerprint(_ app: Application) async throws -> [String] {
        try await app.sql.raw("SELECT id, phase, opened_on, next_deadline_on FROM cases WHERE municipality_id <> \(bind: DemoData.municipalityID) ORDER BY id").all().map {
            "\(try $0.decode(column: "id", as: UUID.self)) \(try $0.decode(column: "phase", as: String.self)) \(try $0.decode(column: "opened_on", as: String.self)) \(try $0.decode(column: "next_deadline_on", as: String?.self) ?? "-")"
        }
    }

    @Test("generates every phase with valid, readable cases; the same seed gives the same data", arguments: Engine.available)
    func generator(engine: Engine) async throws {
        var first: [String] = []
        try await withTestApp(engine) { app in
            let summary = try await Self.generate(app, cases: 400, seed: 7)
            #expect(summary.cases == 400)
            #expect(summary.municipalities == 2)
            #expect(summary.citizens > 250 && summary.citizens < 400)
            let phases = try await app.sql.raw("SELECT phase, COUNT(*) AS n FROM cases WHERE municipality_id <> \(bind: DemoData.municipalityID) GROUP BY phase").all()
                .map { try $0.decode(column: "phase", as: String.self) }
            #expect(Set(phases) == Set(CasePhase.allCases.map(\.rawValue)))
            first = try await Self.fingerprint(app)

            // Every generated citizen has a valid CPR number; every document passes the case rules.
            let cprs = try await app.sql.raw("SELECT cpr FROM citizens").all().map { try $0.decode(column: "cpr", as: String.self) }
            #expect(cprs.allSatisfy { (try? CPRNumber($0)) != nil })
            let t = try await app.openvum.terminology.current(on: app.db)
            let admin = try #require(try await UserStore.find(username: "m1-admin", on: app.db))
            let principal = try #require(try await UserStore.principal(userID: admin.id, on: app.db))
            let page = try await CaseStore.list(principal: principal, filter: .init(), after: nil, limit: 60, on: app.db)
            #expect(page.items.count == 60)
            for summary in page.items {
                let c = try #require(try await CaseStore.find(id: summary.id, principal: principal, on: app.db))
                let ctx = CaseContext(phase: c.phase, today: CalendarDate(year: 2026, month: 11, day: 1)!, openedOn: c.openedOn,
                                      citizenBirthDate: CalendarDate(year: 1950, month: 1, day: 1)!, inquiryCount: 1, caseCount: 1,
                                      settings: CaseSettings(), terminology: t)
                #expect(CaseRules.validate(c.document, old: nil, context: ctx).isEmpty, "\(c.id) \(c.phase)")
                #expect(c.document.transitionFacts.proposedInterventions > 0 || [.opening, .investigation, .assessment, .closed].contains(c.phase))
                // The projection rows are those a save writes: one per intervention, goal and follow-up, with its E4 status.
                func rows(_ table: String, _ column: String = "id") async throws -> [String] {
                    try await app.sql.raw("SELECT \(ident: column) FROM \(ident: table) WHERE case_id = \(bind: c.id) ORDER BY seq").all()
                        .map { try $0.decode(column: column, as: String.self) }
                }
                #expect(try await rows("case_interventions", "status") == c.document.interventions.map { x in
                    x.decision?.outcome == .granted ? "granted" : x.decision?.outcome == .refused ? "refused" : c.phase == .closed ? "lapsed" : "pending"
                }, "\(c.id)")
                #expect(try await rows("case_goals").count == c.document.goals.count)
                // Every ordered intervention has an order of its own, which its IDs 68–76 agree with.
                let orders = try await OrderStore.list(principal: principal, caseID: c.id, graceDays: 0, today: CalendarDate(year: 2026, month: 11, day: 1)!, on: app.db)
                #expect(orders.count == c.document.interventions.filter { $0.order != nil }.count, "\(c.id)")
                for o in orders {
                    let x = c.document.interventions.first { $0.id == o.interventionID }
                    #expect(o.orderedOn == x?.order?.orderedOn && o.offerID == x?.order?.providerUnitId && o.startDate == x?.delivery?.startDate, "\(c.id)")
                    #expect(o.state == (c.phase == .closed ? (x?.delivery == nil ? .withdrawn : .ended) : x?.delivery == nil ? .sent : .started), "\(c.id)")
                    // Payments (issue 14 item 9): a started order is paid month by month from its start to October 2026 (the
                    // month before the generation's 1 November), never before it started nor after its case closed; a
                    // contract with an end date is never paid more than its price (each month rounded once).
                    let paid = try await app.sql.raw("SELECT service_month, amount_ore FROM payments WHERE order_id = \(bind: o.id) ORDER BY service_month").all()
                        .map { (try $0.decode(column: "service_month", as: String.self), try $0.decode(column: "amount_ore", as: Int.self)) }
                    guard let start = o.startDate else {
                        #expect(paid.isEmpty, "\(o.id)")
                        continue
                    }
                    let startMonth = String(start.description.prefix(7))
                    let lastMonth = min("2026-10", c.closedOn.map { String($0.description.prefix(7)) } ?? "2026-10", o.contract.endDate.map { String($0.description.prefix(7)) } ?? "2026-10")
                    #expect(paid.allSatisfy { $0.0 >= startMonth && $0.0 <= lastMonth && $0.1 > 0 }, "\(o.id)")
                    if o.contract.endDate != nil { #expect(paid.map(\.1).reduce(0, +) <= o.contract.price + paid.count, "\(o.id)") }
                }
                #expect(try await rows("case_follow_ups").count == c.document.followUps.count)
                let facts = try await app.sql.raw("SELECT fact FROM case_fact_history WHERE case_id = \(bind: c.id) ORDER BY fact").all().map { try $0.decode(column: "fact", as: String.self) }
                #expect(facts == (c.document.assessment.currentSupportNeed == nil ? [] : ["supportNeed"])
                        + (c.document.assessment.targetGroups == nil ? [] : ["targetGroups"]), "\(c.id)")
            }
            // Started orders are paid (the economy's actual price at scale).
            let paidOrders = try await app.sql.raw("SELECT COUNT(DISTINCT order_id) AS n FROM payments").first()!.decode(column: "n", as: Int.self)
            let startedOrders = try await app.sql.raw("SELECT COUNT(*) AS n FROM orders WHERE state IN ('started', 'ended') AND municipality_id <> \(bind: DemoData.municipalityID)").first()!
                .decode(column: "n", as: Int.self)
            #expect(startedOrders > 0 && paidOrders >= startedOrders / 2, "\(paidOrders) of \(startedOrders)")
            // A generated caseworker can log in and has a worklist of their own open cases, nearest deadline first.
            let token = try await app.token("m1-t1-sagsbehandler-1", password: "demo")
            let caseworker = try #require(try await UserStore.find(username: "m1-t1-sagsbehandler-1", on: app.db))
            let expectedOpen = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM cases WHERE caseworker_id = \(bind: caseworker.id) AND phase <> 'closed'
                """).first()!.decode(column: "n", as: Int.self)
            #expect(expectedOpen > 0)
            let res = try await app.send(.GET, "/api/v1/worklist?limit=200", token: token)
            #expect(res.status == .ok)
            let items = try #require(try res.json()["items"] as? [[String: Any]]).compactMap { $0["case"] as? [String: Any] }
            #expect(items.count == min(expectedOpen, 200))
            #expect(items.allSatisfy { ($0["caseworkerId"] as? String) == caseworker.id.uuidString && ($0["phase"] as? String) != "closed" })
            let deadlines = items.map { $0["nextDeadlineOn"] as? String ?? "9999-12-31" }
            #expect(deadlines == deadlines.sorted())
            // The provider's user sees the orders to its provider's offers (the benchmark's provider rows).
            let providerToken = try await app.token("m1-udfoerer", password: "demo")
            let inbox = try #require(try await app.send(.GET, "/api/v1/orders", token: providerToken).json()["items"] as? [[String: Any]])
            #expect(!inbox.isEmpty)
        }
        try await withTestApp(engine) { app in
            _ = try await Self.generate(app, cases: 400, seed: 7)
            #expect(try await Self.fingerprint(app) == first)
        }
    }
}
