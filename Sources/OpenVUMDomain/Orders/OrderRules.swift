import Foundation

/// The order's rules (issue 13 item 2): what a new order is pre-filled with, what its contract must satisfy, and
/// who moves it from one state to the next. Every refusal is a Danish message at its field.
public enum OrderRules {
    /// Who acts on an order: the authority that orders, or the provider that delivers.
    public enum Side: Sendable { case authority, provider }

    /// The draft order of a granted intervention from an offer, pre-filled from the decision and the assessment:
    /// the granted paragraph and units, the recommended start, end, unit, frequency and repetitions, the case's
    /// goals, the decision's follow-up date, and as unit price the offer's rate valid on the start date for the
    /// same unit and period — the recommendation's unit price when the offer has none. Refused for an intervention
    /// that is not granted.
    public static func draft(id: UUID, caseID: UUID, document doc: CaseDocument, interventionID: UUID, offerID: UUID, providerID: UUID,
                             rates: [OfferRate], today: CalendarDate) throws(DomainError) -> Order {
        guard let x = doc.interventions.first(where: { $0.id == interventionID }) else { throw DomainError.notFound("Indsatsen") }
        switch x.decision?.outcome {
        case .granted: break
        case .refused:
            throw DomainError.validation([FieldError(field: "interventionId", message: "Indsatsen er afslået; kun en bevilget indsats kan bestilles.")])
        case nil:
            throw DomainError.validation([FieldError(field: "interventionId", message: "Indsatsen er ikke afgjort endnu; kun en bevilget indsats kan bestilles.")])
        }
        var e = FieldErrorCollector()
        let units = x.decision?.grantedUnitsPerPeriod ?? x.unitsPerPeriod
        if x.unit == nil { e.add("contract.unit", "Indsatsen har ingen enhed i indstillingen; angiv den i bestillingen.") }
        if x.frequency == nil { e.add("contract.frequency", "Indsatsen har ingen periode i indstillingen; angiv den i bestillingen.") }
        if units == nil { e.add("contract.unitsPerPeriod", "Indsatsen har intet bevilget omfang; angiv antal enheder pr. periode i bestillingen.") }
        try e.throwIfAny()
        let start = x.expectedStartDate.map { max($0, today) } ?? today
        let end = x.noEndDate == true ? nil : x.expectedEndDate
        let frequency = x.frequency!
        let repetitions = end.flatMap { PriceRules.repetitions(from: start, to: $0, frequency: frequency) }
            ?? x.periodRepetitions ?? yearRepetitions(frequency, from: start)
        let rate = ProviderRegister.rate(on: start, among: rates.filter { $0.unit == x.unit && $0.frequency == frequency })
        let contract = OrderContract(
            startDate: start, endDate: end.flatMap { _ in PriceRules.expectedEnd(from: start, frequency: frequency, repetitions: repetitions) } ?? end,
            unit: x.unit!, unitsPerPeriod: units!, frequency: frequency, repetitions: repetitions,
            unitPrice: rate?.unitPrice ?? x.unitPrice ?? 0, supplements: x.supplements ?? [])
        return Order(id: id, caseID: caseID, interventionID: interventionID, offerID: offerID, providerID: providerID,
                     paragraph: x.decision?.paragraph, goalIDs: doc.goals.compactMap(\.id), contract: contract,
                     followUpDate: x.decision?.followUpDate)
    }

    /// The repetitions that cover a year from `start` (an intervention without end date is priced for its first
    /// year): 365 or 366 days, 52 weeks, 12 months, 1 year; a one-off service once.
    public static func yearRepetitions(_ frequency: ServiceFrequency, from start: CalendarDate) -> Int {
        switch frequency {
        case .perDay: start.days(until: start.adding(months: 12))
        case .perWeek: 52
        case .perMonth: 12
        case .perYear, .once: 1
        }
    }

    /// A contract as the authority may send it: units per period above 0 with at most two decimals, 1–10,000
    /// repetitions (one for a one-off service), a unit price above 0, supplements described, and an end date that
    /// agrees with the repetitions by the span rule (E2) — both values are named when they do not.
    public static func validate(_ c: OrderContract) throws(DomainError) {
        var e = FieldErrorCollector()
        if c.unitsPerPeriod <= 0 || !c.unitsPerPeriod.hasAtMost(places: PriceRules.quantityPlaces) || c.unitsPerPeriod > 100_000 {
            e.add("contract.unitsPerPeriod", "Antal enheder pr. periode skal være over 0 med højst to decimaler.")
        }
        if !(1...10_000).contains(c.repetitions) { e.add("contract.repetitions", "Antal gentagelser skal være fra 1 til 10.000.") }
        if c.frequency == .once && c.repetitions != 1 { e.add("contract.repetitions", "En enkeltstående ydelse leveres én gang.") }
        if !(1...1_000_000_000).contains(c.unitPrice) {
            e.add("contract.unitPrice", "Enhedsprisen skal være over 0 kr. og højst 10.000.000 kr.; tilbuddet har ingen takst for perioden, så angiv den aftalte pris.")
        }
        for (j, s) in c.supplements.enumerated() {
            let t = s.text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.count > 200 { e.add("contract.supplements.\(j).text", "Beskriv tillægget med højst 200 tegn, fx \"Særtakst i opstartsperioden\".") }
            if !(-100_000_000_00...100_000_000_00).contains(s.amount) { e.add("contract.supplements.\(j).amount", "Tillæggets beløb skal være mellem −100 mio. og 100 mio. kr.") }
        }
        if let end = c.endDate {
            if end < c.startDate {
                e.add("contract.endDate", "Slutdatoen \(end.danish) ligger før startdatoen \(c.startDate.danish).")
            } else if (1...10_000).contains(c.repetitions), let spanEnd = PriceRules.expectedEnd(from: c.startDate, frequency: c.frequency, repetitions: c.repetitions),
                      spanEnd != end {
                e.add("contract.endDate", "Slutdatoen \(end.danish) passer ikke med \(c.repetitions) gentagelser \(c.frequency.danishName.lowercased()) fra \(c.startDate.danish), som slutter \(spanEnd.danish). Ret slutdatoen eller antallet af gentagelser.")
            }
        }
        try e.throwIfAny()
    }

    /// What a state change needs besides the new state.
    public enum Step: Sendable, Equatable {
        case send(on: CalendarDate, register: OfferRegisterEntry)
        case accept
        case reject(reason: String)
        /// The provider records the actual start (75L) and, when a service starts later, its start (76L); the
        /// documentation date (74L) is the day it is recorded.
        case start(on: CalendarDate, serviceStart: CalendarDate?, documentedOn: CalendarDate)
        case end(InterventionEnd)
        case withdraw
    }

    /// The order after `step` taken by `side`, or a refusal: a step the state does not allow (409, saying where the
    /// order stands) or a value that breaks a rule (422 at its field).
    public static func apply(_ step: Step, to order: Order, by side: Side, today: CalendarDate) throws(DomainError) -> Order {
        var o = order
        func notNow(_ what: String) -> DomainError {
            DomainError(.conflict, code: "order.state", title: "Bestillingen kan ikke det nu",
                        detail: "Bestillingen er \(order.state.danishName.lowercased()); den kan ikke \(what).")
        }
        func only(_ s: Side, _ what: String) throws(DomainError) {
            if side != s {
                throw DomainError(.forbidden, code: "order.side", title: "Ingen adgang",
                                  detail: s == .provider ? "Kun udføreren kan \(what)." : "Kun myndigheden kan \(what).")
            }
        }
        switch step {
        case .send(let day, let register):
            try only(.authority, "sende bestillingen")
            guard o.state == .draft else { throw notNow("sendes") }
            try validate(o.contract)
            o.state = .sent
            o.orderedOn = day
            o.register = register
        case .accept:
            try only(.provider, "acceptere bestillingen")
            guard o.state == .sent else { throw notNow("accepteres") }
            o.state = .accepted
        case .reject(let reason):
            try only(.provider, "afvise bestillingen")
            guard o.state == .sent else { throw notNow("afvises") }
            let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text.count > 2_000 {
                throw DomainError.validation([FieldError(field: "reason", message: "Skriv hvorfor bestillingen afvises (højst 2.000 tegn).")])
            }
            o.state = .rejected
            o.rejectionReason = text
        case .start(let day, let serviceStart, let documented):
            try only(.provider, "registrere starten")
            guard o.state == .accepted else { throw notNow("startes") }
            var e = FieldErrorCollector()
            if let ordered = o.orderedOn, day < ordered { e.add("startDate", "Starten \(day.danish) ligger før bestillingsdatoen \(ordered.danish).") }
            if day > today { e.add("startDate", "Starten kan ikke ligge efter i dag (\(today.danish)); registrér den, når indsatsen er startet.") }
            if let s = serviceStart, s < day { e.add("serviceStartDate", "Ydelsens start \(s.danish) ligger før indsatsens start \(day.danish).") }
            if let s = serviceStart, s > today { e.add("serviceStartDate", "Ydelsens start kan ikke ligge efter i dag (\(today.danish)).") }
            try e.throwIfAny()
            o.state = .started
            o.startDate = day
            o.serviceStartDate = serviceStart
            o.startDocumentedOn = documented
        case .end(let end):
            guard [.accepted, .started].contains(o.state) else { throw notNow("afsluttes") }
            if end.endedOn > today {
                throw DomainError.validation([FieldError(field: "endedOn", message: "Slutdatoen \(end.endedOn.danish) ligger i fremtiden. Registrér afslutningen, når leveringen er slut.")])
            }
            if let start = o.startDate, end.endedOn < start {
                throw DomainError.validation([FieldError(field: "endedOn", message: "Slutdatoen \(end.endedOn.danish) ligger før starten \(start.danish).")])
            }
            if o.state == .accepted && end.reason != .neverStarted && end.reason != .caseClosed && end.reason != .movedAway {
                throw DomainError.validation([FieldError(field: "reason", message: "En bestilling, der ikke er startet, afsluttes med årsagen »\(InterventionEndReason.neverStarted.danishName)«, »\(InterventionEndReason.movedAway.danishName)« eller »\(InterventionEndReason.caseClosed.danishName)«.")])
            }
            o.state = .ended
            o.end = end
        case .withdraw:
            try only(.authority, "trække bestillingen tilbage")
            guard [.draft, .sent].contains(o.state) else { throw notNow("trækkes tilbage") }
            o.state = .withdrawn
        }
        return o
    }

    /// The order when its case is closed on `day`: a draft or an order not yet answered is withdrawn, an accepted or
    /// started one ends that day with the reason "the case is closed" (not before its start); nil when the order has
    /// already stopped.
    public static func closedWithCase(_ o: Order, on day: CalendarDate) -> Order? {
        var out = o
        switch o.state {
        case .draft, .sent: out.state = .withdrawn
        case .accepted, .started:
            out.state = .ended
            out.end = InterventionEnd(endedOn: max(day, o.startDate ?? day), reason: .caseClosed)
        case .rejected, .ended, .withdrawn: return nil
        }
        return out
    }

    /// The case's order and delivery items (IDs 68–76) as the order gives them: what the case shows and every
    /// figure counts, never typed on the case.
    /// A draft, a rejected or a withdrawn order gives none: the intervention is not ordered by it.
    public static func caseItems(_ o: Order) -> (order: InterventionOrder?, delivery: InterventionDelivery?) {
        guard [.sent, .accepted, .started, .ended].contains(o.state) else { return (nil, nil) }
        var order = InterventionOrder()
        order.orderedOn = o.orderedOn
        order.providerUnitId = o.offerID
        order.providerPNumber = o.register.pNumber
        order.providerEAN = o.register.ean
        order.providerAccount = o.register.account
        order.coPayment = o.coPayment
        order.coordinationNeeded = o.coordinationNeeded
        guard o.startDate != nil else { return (order, nil) }
        var delivery = InterventionDelivery()
        delivery.documentedOn = o.startDocumentedOn
        delivery.startDate = o.startDate
        delivery.serviceStartDate = o.serviceStartDate
        return (order, delivery)
    }
}
