import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Orders in the database: who sees them, versions, and the case's IDs 68–76 read from the order")
struct OrderStoreTests {
    /// A case of the demo caseworker walked to its decision: one intervention of 3 hours a week for 13 weeks from
    /// 1 April 2026, granted; returns the case and the intervention.
    static func grantedCase(_ app: Application, _ codes: Codes) async throws -> (CaseClient, UUID) {
        // Tokens are checked against the real clock; the case rules run on the frozen one (2 March 2026).
        var c = CaseClient(app: app, token: try await app.token("sagsbehandler"))
        app.openvum.now = { frozenNow }
        try await c.create(["citizenId": DemoData.citizenIDs[1].uuidString, "origin": "inquiry", "inquirer": "citizen", "paragraphsAppliedFor": ["SEL § 85"]])
        try await c.patch(["opening": ["citizenAgrees": "yes", "clearCase": false, "consent": "given", "consentForm": "written"]])
        try await c.move("investigation")
        try await c.move("assessment")
        try await c.patch([
            "goals": [["text": "Kan selv handle ind", "goalType": codes.first(FFBValueSet.changeValues)]],
            "interventions": [["services": [["code": codes.first(FFBValueSet.interventions), "paragraph": "SEL § 85"]],
                               "expectedStartDate": "2026-04-01", "expectedEndDate": "2026-06-30", "unit": "hour", "unitsPerPeriod": 3,
                               "frequency": "perWeek", "periodRepetitions": 13, "unitPrice": 45000]],
        ])
        try await c.move("decision")
        var interventions = try #require(c.value("/interventions") as? [[String: Any]])
        interventions[0]["decision"] = ["outcome": "granted", "grantedUnitsPerPeriod": 3, "paragraph": "SEL § 85", "followUpDate": "2026-07-01"]
        try await c.patch(["interventions": interventions.map(CaseWalkTests.writable)])
        return (c, try #require(UUID(uuidString: c.value("/interventions/0/id") as? String ?? "")))
    }

    static func principal(_ app: Application, _ username: String) async throws -> Principal {
        let u = try #require(try await UserStore.find(username: username, on: app.db))
        return try #require(try await UserStore.principal(userID: u.id, on: app.db))
    }

    /// Saves the order and carries it into its case, in one transaction.
    static func saveAndApply(_ o: Order, expectedVersion: Int, actor: Principal, terminology t: TerminologySnapshot, _ app: Application) async throws -> Order {
        try await app.db.transaction { tx in
            let saved = try await OrderStore.save(o, expectedVersion: expectedVersion, municipalityID: DemoData.municipalityID, now: frozenNow, audit: nil, on: tx)
            try await CaseStore.applyOrder(saved, actor: actor, now: frozenNow, terminology: t, on: tx)
            return saved
        }
    }

    @Test("an order to Bostøtte Nord: its provider's users see it once sent and for the grace period after it ends; another provider never; the case reads 68–76 from it",
          arguments: Engine.available)
    func lifecycle(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await Self.grantedCase(app, Codes(t: t))
            let caseID = try #require(UUID(uuidString: c.id))
            let worker = try await Self.principal(app, "sagsbehandler"), staff = try await Self.principal(app, "udfoerer")
            let other = try await Self.principal(app, "udfoerer-ekstern"), leader = try await Self.principal(app, "tilbudsleder")
            let today = CalendarDate(frozenNow), offer = DemoData.internalHousingSupportID
            guard case .some(let doc) = try await CaseStore.find(id: caseID, principal: worker, on: app.db)?.document else { throw DomainError.notFound() }
            let rate = OfferRate(validFrom: CalendarDate("2026-01-01")!, unit: .hour, frequency: .perWeek, unitPrice: 51250)

            var o = try OrderRules.draft(id: UUID(), caseID: caseID, document: doc, interventionID: interventionID, offerID: offer,
                                         providerID: DemoData.internalProviderID, rates: [rate], today: today)
            // By hand: 3 hours × 13 weeks × 512.50 kr. = 19,987.50 kr.
            #expect(o.contract.price == 1_998_750)
            try await OrderStore.create(o, municipalityID: DemoData.municipalityID, now: frozenNow, audit: nil, on: app.db)
            func sees(_ p: Principal, on day: CalendarDate = today) async throws -> Bool {
                let found = try await OrderStore.find(id: o.id, principal: p, graceDays: 30, today: day, on: app.db) != nil
                let listed = try await OrderStore.list(principal: p, graceDays: 30, today: day, on: app.db).contains { $0.id == o.id }
                #expect(found == listed)
                return found
            }
            // A draft is the authority's own.
            #expect(try await sees(worker))
            #expect(try await !sees(staff))

            let register = try #require(try await ProviderStore.offer(offer, municipalityID: DemoData.municipalityID, on: app.db)).register
            o = try OrderRules.apply(.send(on: today, register: register), to: o, by: .authority, today: today)
            o = try await Self.saveAndApply(o, expectedVersion: 1, actor: worker, terminology: t, app)
            #expect(o.version == 2)
            // Saving over a version someone else saved is refused.
            await #expect(throws: DomainError.staleVersion) {
                _ = try await OrderStore.save(o, expectedVersion: 1, municipalityID: DemoData.municipalityID, now: frozenNow, audit: nil, on: app.db)
            }
            var stored = try #require(try await CaseStore.find(id: caseID, principal: worker, on: app.db))
            #expect(stored.phase == .order)
            let ordered = try #require(stored.document.interventions.first?.order)
            #expect(ordered.orderedOn == today && ordered.providerUnitId == offer)
            #expect(ordered.providerPNumber == "1003388469" && ordered.providerEAN == "5798000001015" && ordered.providerAccount == "5.38.38")

            #expect(try await sees(staff))
            #expect(try await sees(leader))
            #expect(try await !sees(other))

            o = try OrderRules.apply(.accept, to: o, by: .provider, today: today)
            o = try OrderRules.apply(.start(on: today, serviceStart: nil, documentedOn: today), to: o, by: .provider, today: today)
            o = try await Self.saveAndApply(o, expectedVersion: 2, actor: staff, terminology: t, app)
            stored = try #require(try await CaseStore.find(id: caseID, principal: worker, on: app.db))
            #expect(stored.phase == .delivery)
            #expect(stored.document.interventions.first?.delivery?.startDate == today)
            #expect(stored.document.interventions.first?.delivery?.documentedOn == today)

            let end = today
            o = try OrderRules.apply(.end(InterventionEnd(endedOn: end, reason: .expired)), to: o, by: .authority, today: today)
            o = try await OrderStore.save(o, expectedVersion: 3, municipalityID: DemoData.municipalityID, now: frozenNow, audit: nil, on: app.db)
            // Thirty days after the end the provider still sees the order; the day after, no more. The authority always.
            #expect(try await sees(staff, on: end.adding(days: 30)))
            #expect(try await !sees(staff, on: end.adding(days: 31)))
            #expect(try await sees(worker, on: end.adding(days: 400)))
            #expect(try await OrderStore.list(principal: worker, caseID: caseID, state: .ended, graceDays: 30, today: today, on: app.db).map(\.id) == [o.id])
        }
    }

    @Test("a provider's list over several units: each order once (to one of their offers and to their provider both), newest first across the units, at most the limit; a draft and an order to another offer never",
          arguments: Engine.available)
    func providerListAcrossUnits(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.openvum.terminology.current(on: app.db)
            let (c, interventionID) = try await Self.grantedCase(app, Codes(t: t))
            let caseID = try #require(UUID(uuidString: c.id))
            let staff = try await Self.principal(app, "udfoerer"), leader = try await Self.principal(app, "tilbudsleder")
            let other = try await Self.principal(app, "udfoerer-ekstern")
            let today = CalendarDate(frozenNow)
            let contract = OrderContract(startDate: today, endDate: nil, unit: .hour, unitsPerPeriod: 3, frequency: .perWeek, repetitions: 52, unitPrice: 45000)
            // Five orders a minute apart, on the provider's two offers; the fourth is a draft (no provider sees it).
            let offers = [DemoData.internalHousingSupportID, DemoData.internalResidentialID, DemoData.internalHousingSupportID,
                          DemoData.internalResidentialID, DemoData.internalHousingSupportID]
            var ids: [UUID] = []
            for (i, offer) in offers.enumerated() {
                let draft = i == 3
                let o = Order(id: UUID(), caseID: caseID, interventionID: interventionID, offerID: offer, providerID: DemoData.internalProviderID,
                              state: draft ? .draft : .sent, orderedOn: draft ? nil : today, paragraph: "SEL § 85", goalIDs: [], contract: contract,
                              followUpDate: nil)
                try await OrderStore.create(o, municipalityID: DemoData.municipalityID, now: frozenNow.addingTimeInterval(Double(i) * 60),
                                            audit: nil, on: app.db)
                ids.append(o.id)
            }
            func listed(_ p: Principal, limit: Int = 100) async throws -> [UUID] {
                try await OrderStore.list(principal: p, graceDays: 30, today: today, limit: limit, on: app.db).map(\.id)
            }
            // The leader is on the provider and both offers: every sent order matches two or three of their units, listed once.
            #expect(try await listed(leader) == [ids[4], ids[2], ids[1], ids[0]])
            #expect(try await listed(leader, limit: 2) == [ids[4], ids[2]])
            // The kinds of the leader's units pick one branch each; without them every unit is read both ways, alike.
            #expect(leader.unitKinds[DemoData.internalProviderID] == .provider && leader.unitKinds[DemoData.internalResidentialID] == .offer)
            var unknown = leader
            unknown.unitKinds = [:]
            #expect(try await listed(unknown) == [ids[4], ids[2], ids[1], ids[0]])
            // The staff member is on the housing support only.
            #expect(try await listed(staff) == [ids[4], ids[2], ids[0]])
            #expect(try await listed(other).isEmpty)
            #expect(try await OrderStore.list(principal: leader, state: .sent, graceDays: 30, today: today, limit: 1, on: app.db).map(\.id) == [ids[4]])
        }
    }
}
