import Foundation
import OpenVUMDomain
import Testing

@Suite("The order: pre-filled from the decision, priced by the offer's rate, moved through its states")
struct OrderRulesTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static let caseID = UUID(), interventionID = UUID(), goalA = UUID(), goalB = UUID(), offerID = UUID(), providerID = UUID()

    /// A case with two goals and one intervention: 10 hours a week recommended, 10.25 granted, from 2 March 2026
    /// for 26 weeks (to 30 August), with a start-up supplement of 5,000 kr.
    static func document(outcome: DecisionOutcome? = .granted) -> CaseDocument {
        var doc = CaseDocument()
        var a = Goal(), b = Goal()
        a.id = goalA
        b.id = goalB
        doc.goals = [a, b]
        var x = Intervention()
        x.id = interventionID
        x.unit = .hour
        x.frequency = .perWeek
        x.unitsPerPeriod = 10
        x.periodRepetitions = 26
        x.expectedStartDate = day("2026-03-02")
        x.expectedEndDate = day("2026-08-30")
        x.unitPrice = 40000
        x.supplements = [PriceSupplement(text: "Særtakst i opstartsperioden", amount: 500_000)]
        if let outcome {
            var d = InterventionDecision()
            d.outcome = outcome
            d.grantedUnitsPerPeriod = Decimal(string: "10.25")
            d.paragraph = "SEL § 85"
            d.followUpDate = day("2026-06-01")
            x.decision = d
        }
        doc.interventions = [x]
        return doc
    }

    static let rates = [
        OfferRate(validFrom: day("2025-01-01"), validTo: day("2026-02-28"), unit: .hour, frequency: .perWeek, unitPrice: 45000),
        OfferRate(validFrom: day("2026-03-01"), unit: .hour, frequency: .perWeek, unitPrice: 51250),
        // Another unit's rate is never taken.
        OfferRate(validFrom: day("2026-03-01"), unit: .day, frequency: .perDay, unitPrice: 215000),
    ]

    static func draft(today: String = "2026-02-20") throws -> Order {
        try OrderRules.draft(id: UUID(), caseID: caseID, document: document(), interventionID: interventionID, offerID: offerID, providerID: providerID,
                             rates: rates, today: day(today))
    }

    @Test("a draft takes the granted units, the recommended span, the case's goals, the decision's paragraph and follow-up date, and the rate valid on the start date")
    func prefill() throws {
        let o = try Self.draft()
        #expect(o.state == .draft && o.orderedOn == nil)
        #expect(o.paragraph == "SEL § 85" && o.followUpDate == Self.day("2026-06-01"))
        #expect(o.goalIDs == [Self.goalA, Self.goalB])
        #expect(o.contract == OrderContract(startDate: Self.day("2026-03-02"), endDate: Self.day("2026-08-30"), unit: .hour,
                                            unitsPerPeriod: Decimal(string: "10.25")!, frequency: .perWeek, repetitions: 26, unitPrice: 51250,
                                            supplements: [PriceSupplement(text: "Særtakst i opstartsperioden", amount: 500_000)]))
        // By hand: 10.25 × 26 = 266.5 hours × 512.50 kr. = 136,581.25 kr. = 13,658,125 øre, plus 5,000 kr. = 14,158,125 øre.
        #expect(o.contract.price == 14_158_125)
        // Ordered after the recommended start, the contract starts on the day of ordering: 4 March + 26 weeks ends 1 September.
        let late = try Self.draft(today: "2026-03-04")
        #expect(late.contract.startDate == Self.day("2026-03-04") && late.contract.endDate == Self.day("2026-09-01") && late.contract.repetitions == 26)
    }

    @Test("no order from a refused or undecided intervention, nor from one that is not on the case")
    func onlyGranted() {
        for outcome in [DecisionOutcome.refused, nil] {
            do {
                _ = try OrderRules.draft(id: UUID(), caseID: Self.caseID, document: Self.document(outcome: outcome), interventionID: Self.interventionID,
                                         offerID: Self.offerID, providerID: Self.providerID, rates: [], today: Self.day("2026-02-20"))
                Issue.record("an order from an intervention that is not granted")
            } catch {
                #expect(error.kind == .validation && error.fieldErrors.map(\.field) == ["interventionId"])
            }
        }
        #expect(throws: DomainError.notFound("Indsatsen")) {
            try OrderRules.draft(id: UUID(), caseID: Self.caseID, document: Self.document(), interventionID: UUID(), offerID: Self.offerID,
                                 providerID: Self.providerID, rates: [], today: Self.day("2026-02-20"))
        }
    }

    @Test("a contract whose end date and repetitions disagree is refused with both values; a price of 0 or units with three decimals too")
    func contract() throws {
        var c = try Self.draft().contract
        #expect(throws: Never.self) { try OrderRules.validate(c) }
        c.endDate = Self.day("2026-08-31")
        c.unitPrice = 0
        c.unitsPerPeriod = Decimal(string: "1.125")!
        do {
            try OrderRules.validate(c)
            Issue.record("a bad contract was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["contract.unitsPerPeriod", "contract.unitPrice", "contract.endDate"])
            let message = error.fieldErrors.last?.message ?? ""
            #expect(message.contains("31-08-2026") && message.contains("26 gentagelser") && message.contains("30-08-2026"))
        }
    }

    @Test("draft → sent → accepted → started → ended, each step by its side; a start before the order date or in the future is refused")
    func states() throws {
        let today = Self.day("2026-03-10")
        var o = try Self.draft()
        let register = OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38")
        #expect(throws: DomainError.self) { try OrderRules.apply(.send(on: today, register: register), to: o, by: .provider, today: today) }
        o = try OrderRules.apply(.send(on: Self.day("2026-02-25"), register: register), to: o, by: .authority, today: today)
        #expect(o.state == .sent && o.orderedOn == Self.day("2026-02-25") && o.register == register)
        #expect(OrderRules.caseItems(o).order?.orderedOn == Self.day("2026-02-25"))
        #expect(OrderRules.caseItems(o).order?.providerEAN == "5798000001015")
        #expect(OrderRules.caseItems(o).delivery == nil)

        // The authority cannot accept on the provider's behalf; sending twice is a conflict.
        #expect(throws: DomainError.self) { try OrderRules.apply(.accept, to: o, by: .authority, today: today) }
        do {
            _ = try OrderRules.apply(.send(on: today, register: register), to: o, by: .authority, today: today)
            Issue.record("sent twice")
        } catch { #expect(error.kind == .conflict && error.detail.contains("sendt")) }

        o = try OrderRules.apply(.accept, to: o, by: .provider, today: today)
        do {
            _ = try OrderRules.apply(.start(on: Self.day("2026-02-24"), serviceStart: Self.day("2026-02-23"), documentedOn: today), to: o, by: .provider, today: today)
            Issue.record("a start before the order date was accepted")
        } catch { #expect(error.fieldErrors.map(\.field) == ["startDate", "serviceStartDate"]) }
        #expect(throws: DomainError.self) {
            try OrderRules.apply(.start(on: Self.day("2026-03-11"), serviceStart: nil, documentedOn: today), to: o, by: .provider, today: today)
        }
        o = try OrderRules.apply(.start(on: Self.day("2026-03-02"), serviceStart: Self.day("2026-03-09"), documentedOn: today), to: o, by: .provider, today: today)
        let delivery = try #require(OrderRules.caseItems(o).delivery)
        #expect(delivery.startDate == Self.day("2026-03-02") && delivery.serviceStartDate == Self.day("2026-03-09") && delivery.documentedOn == today)

        #expect(throws: DomainError.self) { try OrderRules.apply(.withdraw, to: o, by: .authority, today: today) }
        // An end in the future is refused (the case refuses it too); recorded when delivery is over.
        #expect(throws: DomainError.self) {
            try OrderRules.apply(.end(InterventionEnd(endedOn: Self.day("2026-08-30"), reason: .expired)), to: o, by: .authority, today: today)
        }
        o = try OrderRules.apply(.end(InterventionEnd(endedOn: Self.day("2026-08-30"), reason: .expired)), to: o, by: .authority, today: Self.day("2026-08-31"))
        #expect(o.state == .ended && o.end?.reason == .expired)
    }

    @Test("a rejection needs a reason and leaves the intervention unordered; an accepted order that never started ends only as never started, moved or closed")
    func rejectAndEnd() throws {
        let today = Self.day("2026-03-10")
        let sent = try OrderRules.apply(.send(on: today, register: OfferRegisterEntry()), to: try Self.draft(), by: .authority, today: today)
        #expect(throws: DomainError.self) { try OrderRules.apply(.reject(reason: "  "), to: sent, by: .provider, today: today) }
        let rejected = try OrderRules.apply(.reject(reason: "Ingen ledige pladser før juni."), to: sent, by: .provider, today: today)
        #expect(rejected.state == .rejected && rejected.rejectionReason == "Ingen ledige pladser før juni.")
        #expect(OrderRules.caseItems(rejected).order == nil)

        let accepted = try OrderRules.apply(.accept, to: sent, by: .provider, today: today)
        #expect(throws: DomainError.self) {
            try OrderRules.apply(.end(InterventionEnd(endedOn: today, reason: .expired)), to: accepted, by: .authority, today: today)
        }
        let ended = try OrderRules.apply(.end(InterventionEnd(endedOn: today, reason: .neverStarted)), to: accepted, by: .authority, today: today)
        #expect(ended.state == .ended)
    }

    @Test("a draft's end date and repetitions follow each other by the span rule; both given must agree; only a draft changes")
    func editDraft() throws {
        let o = try Self.draft()   // 2 March 2026, 26 weeks to 30 August, 10.25 hours a week at 512.50 kr.
        // A new end date gives the repetitions: 2 March to 27 September is 30 weeks (210 days).
        let longer = try OrderRules.edit(o, .init(endDate: .some(Self.day("2026-09-27"))))
        #expect(longer.contract.repetitions == 30 && longer.contract.endDate == Self.day("2026-09-27"))
        // New repetitions give the end date: 13 weeks from 2 March end 31 May.
        let shorter = try OrderRules.edit(o, .init(repetitions: 13))
        #expect(shorter.contract.endDate == Self.day("2026-05-31"))
        // A new start moves the end with the same repetitions: 9 March + 26 weeks ends 6 September.
        let later = try OrderRules.edit(o, .init(startDate: Self.day("2026-03-09")))
        #expect(later.contract.endDate == Self.day("2026-09-06") && later.contract.repetitions == 26)
        // No end date: priced for the first year, 52 weeks. By hand: 10.25 × 52 × 512.50 = 273,162.50 kr. + 5,000 kr.
        let open = try OrderRules.edit(o, .init(endDate: .some(nil)))
        #expect(open.contract.endDate == nil && open.contract.repetitions == 52 && open.contract.price == 27_816_250)
        // A negotiated price, co-payment and coordination. By hand: 266.5 hours × 480 kr. = 127,920 kr. + 5,000 kr.
        let negotiated = try OrderRules.edit(o, .init(unitPrice: 48000, coPayment: .some(125_000), coordinationNeeded: .some(true)))
        #expect(negotiated.contract.price == 13_292_000 && negotiated.coPayment == 125_000 && negotiated.coordinationNeeded == true)
        #expect(try OrderRules.edit(negotiated, .init(coPayment: .some(nil))).coPayment == nil)

        // Both given and disagreeing: refused with both values; a negative co-payment at its field, in the same answer.
        do {
            _ = try OrderRules.edit(o, .init(endDate: .some(Self.day("2026-08-31")), repetitions: 26, coPayment: .some(-1)))
            Issue.record("a disagreeing end date was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["coPayment", "contract.endDate"])
            #expect(error.fieldErrors.last?.message.contains("31-08-2026") == true && error.fieldErrors.last?.message.contains("30-08-2026") == true)
        }
        let sent = try OrderRules.apply(.send(on: Self.day("2026-02-25"), register: OfferRegisterEntry()), to: o, by: .authority, today: Self.day("2026-02-25"))
        do {
            _ = try OrderRules.edit(sent, .init(unitPrice: 1))
            Issue.record("a sent order was changed")
        } catch { #expect(error.kind == .conflict) }
    }

    @Test("the case's order and delivery items are never typed: adding, changing or removing them on the case is refused at the item")
    func typedItems() throws {
        var stored = Self.document()
        var order = InterventionOrder()
        order.orderedOn = Self.day("2026-02-25")
        order.providerUnitId = Self.offerID
        stored.interventions[0].order = order
        // Unchanged, and a change elsewhere: allowed.
        var entered = stored
        entered.interventions[0].unitPrice = 45000
        #expect(OrderRules.typedCaseItems(entered: entered, stored: stored).isEmpty)
        // The account typed, a delivery start typed: refused at each.
        entered.interventions[0].order?.providerAccount = "5.38.50"
        var d = InterventionDelivery()
        d.startDate = Self.day("2026-03-02")
        entered.interventions[0].delivery = d
        #expect(OrderRules.typedCaseItems(entered: entered, stored: stored).map(\.field) == ["/interventions/0/order", "/interventions/0/delivery"])
        // Removed: refused too; a new intervention carrying an order as well.
        entered = stored
        entered.interventions[0].order = nil
        var x = Intervention()
        x.id = UUID()
        x.order = order
        entered.interventions.append(x)
        #expect(OrderRules.typedCaseItems(entered: entered, stored: stored).map(\.field) == ["/interventions/0/order", "/interventions/1/order"])
    }

    @Test("closing the case withdraws a draft or an unanswered order and ends an accepted or started one that day, never before its start")
    func closedWithCase() throws {
        let today = Self.day("2026-03-10")
        let draft = try Self.draft()
        #expect(OrderRules.closedWithCase(draft, on: today)?.state == .withdrawn)
        let sent = try OrderRules.apply(.send(on: Self.day("2026-02-25"), register: OfferRegisterEntry()), to: draft, by: .authority, today: today)
        #expect(OrderRules.closedWithCase(sent, on: today)?.state == .withdrawn)
        let accepted = try OrderRules.apply(.accept, to: sent, by: .provider, today: today)
        #expect(OrderRules.closedWithCase(accepted, on: today)?.end == InterventionEnd(endedOn: today, reason: .caseClosed))
        let started = try OrderRules.apply(.start(on: Self.day("2026-03-09"), serviceStart: nil, documentedOn: today), to: accepted, by: .provider, today: today)
        #expect(OrderRules.closedWithCase(started, on: Self.day("2026-03-01"))?.end == InterventionEnd(endedOn: Self.day("2026-03-09"), reason: .caseClosed))
        let rejected = try OrderRules.apply(.reject(reason: "Ingen plads"), to: sent, by: .provider, today: today)
        #expect(OrderRules.closedWithCase(rejected, on: today) == nil)
    }
}
