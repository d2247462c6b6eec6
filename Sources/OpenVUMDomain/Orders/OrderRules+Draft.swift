import Foundation

/// Changing a draft order before it is sent (issue 13 item 2), and the rule that the case's order and delivery
/// items (IDs 68–76) come from orders only.
extension OrderRules {
    /// What the caseworker may change on a draft: the contract's span, scope and negotiated price, co-payment (72)
    /// and coordination (73). Unit and period stay the granted ones. A nil field is left as it is; `endDate` and
    /// `coPayment`/`coordinationNeeded` may be set to nil (no end date, none given).
    public struct DraftChange: Sendable, Equatable {
        public var startDate: CalendarDate?
        public var endDate: CalendarDate??
        public var unitsPerPeriod: Decimal?
        public var repetitions: Int?
        public var unitPrice: Int?
        public var coPayment: Int??
        public var coordinationNeeded: Bool??
        /// The contract's supplements, replacing the recommendation's.
        public var supplements: [PriceSupplement]?
        /// What of the case travels with the order; checked against the case by `SharingRules.validate`.
        public var shared: SharedSelection?
        public init(startDate: CalendarDate? = nil, endDate: CalendarDate?? = nil, unitsPerPeriod: Decimal? = nil, repetitions: Int? = nil,
                    unitPrice: Int? = nil, coPayment: Int?? = nil, coordinationNeeded: Bool?? = nil, shared: SharedSelection? = nil) {
            self.startDate = startDate
            self.endDate = endDate
            self.unitsPerPeriod = unitsPerPeriod
            self.repetitions = repetitions
            self.unitPrice = unitPrice
            self.coPayment = coPayment
            self.coordinationNeeded = coordinationNeeded
            self.shared = shared
        }
    }

    /// The draft after `change`, or a refusal: an order that is no longer a draft (409), or a contract that breaks
    /// `validate` (422 at its fields). The end date and the repetitions are kept in agreement by the span rule
    /// (E2): a new end date gives the repetitions, new repetitions (or a new start) give the end date; given both,
    /// they must agree. Without an end date the contract is priced for its first year.
    public static func edit(_ order: Order, _ change: DraftChange) throws(DomainError) -> Order {
        guard order.state == .draft else {
            throw DomainError(.conflict, code: "order.state", title: "Bestillingen kan ikke ændres",
                              detail: "Bestillingen er \(order.state.danishName.lowercased()); kun en kladde kan ændres. Træk den tilbage og bestil igen.")
        }
        var o = order
        var c = o.contract
        if let s = change.startDate { c.startDate = s }
        if let u = change.unitsPerPeriod { c.unitsPerPeriod = u }
        if let p = change.unitPrice { c.unitPrice = p }
        if let s = change.supplements { c.supplements = s }
        switch (change.endDate, change.repetitions) {
        case (.some(.some(let e)), nil):
            c.endDate = e
            c.repetitions = PriceRules.repetitions(from: c.startDate, to: e, frequency: c.frequency) ?? c.repetitions
        case (.some(.some(let e)), .some(let r)):
            c.endDate = e
            c.repetitions = r
        case (.some(.none), let r):
            c.endDate = nil
            c.repetitions = r ?? yearRepetitions(c.frequency, from: c.startDate)
        case (.none, let r):
            c.repetitions = r ?? c.repetitions
            if let end = c.endDate { c.endDate = PriceRules.expectedEnd(from: c.startDate, frequency: c.frequency, repetitions: c.repetitions) ?? end }
            else if r == nil && change.startDate != nil { c.repetitions = yearRepetitions(c.frequency, from: c.startDate) }
        }
        var e = FieldErrorCollector()
        if case .some(.some(let pay)) = change.coPayment, !(0...100_000_000).contains(pay) {
            e.add("coPayment", "Egenbetalingen skal være mellem 0 og 1.000.000 kr. pr. måned.")
        }
        do { try validate(c) } catch { for f in error.fieldErrors { e.add(f.field, f.message) } }
        try e.throwIfAny()
        o.contract = c
        if let pay = change.coPayment { o.coPayment = pay }
        if let need = change.coordinationNeeded { o.coordinationNeeded = need }
        if let shared = change.shared { o.shared = shared.isEmpty ? nil : shared }
        return o
    }

    /// The case's order and delivery items (IDs 68–76) are read from orders: a change of them in `entered` against
    /// `stored` — an intervention's order or delivery added, changed or removed — is refused at the item, with
    /// where to do it instead. Interventions are matched by id; a new intervention carries none.
    /// The stamped dates (68, 74) are left out of the comparison: a client sends the list back without them.
    public static func typedCaseItems(entered: CaseDocument, stored: CaseDocument) -> [FieldError] {
        func plain(_ o: InterventionOrder?) -> InterventionOrder? { o.map { var o = $0; o.orderedOn = nil; return o } }
        func plain(_ d: InterventionDelivery?) -> InterventionDelivery? { d.map { var d = $0; d.documentedOn = nil; return d } }
        var errors: [FieldError] = []
        for (i, x) in entered.interventions.enumerated() {
            let before = stored.interventions.first { $0.id != nil && $0.id == x.id }
            if plain(x.order) != plain(before?.order) {
                errors.append(FieldError(field: "/interventions/\(i)/order",
                                         message: "Bestillingen (ID 68–73) registreres som en bestilling til udføreren på siden Bestilling (POST /api/v1/orders), ikke på sagen."))
            }
            if plain(x.delivery) != plain(before?.delivery) {
                errors.append(FieldError(field: "/interventions/\(i)/delivery",
                                         message: "Leveringen (ID 74–76) registreres af udføreren på bestillingen, ikke på sagen."))
            }
        }
        return errors
    }
}
