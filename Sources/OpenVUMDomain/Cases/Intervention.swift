import Foundation

/// Omfang (ID 50): total units over the expected period, or per year for an intervention without end date.
public struct InterventionScope: Codable, Sendable, Equatable {
    public var units: Decimal
    public var unit: ServiceUnit
    public var perYear: Bool
}

/// A priced supplement to an intervention's base price (e.g. "særtakst i opstartsperioden"); the expected
/// price (ID 51) is the base price plus every supplement.
public struct PriceSupplement: Codable, Sendable, Equatable {
    public var text: String
    public var amount: Int                                    // øre
    public init(text: String, amount: Int) {
        self.text = text
        self.amount = amount
    }
}

/// An alternative intervention considered in the recommendation (ID 38), with what it would cost: its expected price
/// in øre over the same period as the recommended intervention's (ID 51), so the two compare side by side.
public struct AlternativeIntervention: Codable, Sendable, Equatable {
    public var description: String
    public var expectedPrice: Int?                            // øre
    public init(description: String, expectedPrice: Int?) {
        self.description = description
        self.expectedPrice = expectedPrice
    }

    /// What choosing the alternative would cost more (or, below zero, less) than the recommended intervention's
    /// expected price; nil when either has no price.
    public func difference(from recommended: Int?) -> Int? {
        guard let a = expectedPrice, let r = recommended else { return nil }
        return a - r
    }
}

/// Afgørelse for one intervention (IDs 63–67).
public struct InterventionDecision: Codable, Sendable, Equatable {
    public var outcome: DecisionOutcome?                      // 63/64
    public var grantedUnitsPerPeriod: Decimal?                // 65
    public var paragraph: String?                             // 66
    public var refusalReason: RefusalReason?                  // why refused (63)
    public var followUpDate: CalendarDate?                    // 67
    public var reason: String?                                // begrundelse (for the letter)
    public var decidedOn: CalendarDate?                       // auto
    public init() {}
}

/// Bestilling of one granted intervention (IDs 68–73).
public struct InterventionOrder: Codable, Sendable, Equatable {
    public var orderedOn: CalendarDate?                       // 68 (auto)
    public var providerUnitId: UUID?                          // the offer ordered from
    public var providerPNumber: String?                       // 69
    public var providerEAN: String?                           // 70
    public var providerAccount: String?                       // 71
    public var coPayment: Int?                                // 72 (øre per month)
    public var coordinationNeeded: Bool?                      // 73
    public init() {}
}

/// Levering, recorded by the provider (IDs 74–76 of the delivery table).
public struct InterventionDelivery: Codable, Sendable, Equatable {
    public var documentedOn: CalendarDate?                    // 74 (auto)
    public var startDate: CalendarDate?                       // 75
    public var serviceStartDate: CalendarDate?                // 76
    public init() {}
}

/// The end of a granted intervention: the last day of delivery and why (format event `intervention_ended`).
public struct InterventionEnd: Codable, Sendable, Equatable {
    public var endedOn: CalendarDate
    public var reason: InterventionEndReason
    public init(endedOn: CalendarDate, reason: InterventionEndReason) {
        self.endedOn = endedOn
        self.reason = reason
    }
}

/// An intervention (indsats) proposed in the recommendation, decided, ordered and delivered (IDs 35–51, 63–76).
public struct Intervention: Codable, Sendable, Equatable {
    public var id: UUID?
    /// The day the intervention was recommended (auto): the interventions recommended on the latest such day
    /// make up the current recommendation, whose expected total is ID 52.
    public var recommendedOn: CalendarDate?
    public var services: [CodedService]?                      // 35 (FFB, KLInterventionsFFB)
    public var offers: [CodedService]?                        // 36 (FFB, KLServiceCodesFFB)
    public var accountNumber: String?                         // 37
    public var alternativesConsidered: String?                // 38 (the considerations, as text)
    public var alternatives: [AlternativeIntervention]?       // 38 (each alternative with its price)
    public var expectedStartDate: CalendarDate?               // 39
    public var expectedEndDate: CalendarDate?                 // 40
    public var noEndDate: Bool?                               // 41
    public var serviceExpectedStartDate: CalendarDate?        // 42
    public var serviceExpectedEndDate: CalendarDate?          // 43
    public var unit: ServiceUnit?                             // 44
    public var unitsPerPeriod: Decimal?                       // 45
    public var frequency: ServiceFrequency?                   // 46
    public var periodRepetitions: Int?                        // 47
    public var unitPrice: Int?                                // 48 (øre)
    public var basePrice: Int?                                // 49 (auto, øre)
    public var scope: InterventionScope?                      // 50 (auto)
    public var supplements: [PriceSupplement]?                // priced supplements, part of 51
    public var expectedPrice: Int?                            // 51 (auto, øre)
    public var decision: InterventionDecision?
    public var order: InterventionOrder?
    public var delivery: InterventionDelivery?
    public var end: InterventionEnd?
    public init() {}
}

extension InterventionScope {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(units, forKey: .units)
        try c.encode(unit, forKey: .unit)
        try c.encode(perYear, forKey: .perYear)
    }
}

extension InterventionDecision {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(outcome, forKey: .outcome, explicitNull: nulls)
        try c.encodeField(grantedUnitsPerPeriod, forKey: .grantedUnitsPerPeriod, explicitNull: nulls)
        try c.encodeField(paragraph, forKey: .paragraph, explicitNull: nulls)
        try c.encodeField(refusalReason, forKey: .refusalReason, explicitNull: nulls)
        try c.encodeField(followUpDate, forKey: .followUpDate, explicitNull: nulls)
        try c.encodeField(reason, forKey: .reason, explicitNull: nulls)
        try c.encodeField(decidedOn, forKey: .decidedOn, explicitNull: nulls)
    }
}

extension InterventionOrder {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(orderedOn, forKey: .orderedOn, explicitNull: nulls)
        try c.encodeField(providerUnitId, forKey: .providerUnitId, explicitNull: nulls)
        try c.encodeField(providerPNumber, forKey: .providerPNumber, explicitNull: nulls)
        try c.encodeField(providerEAN, forKey: .providerEAN, explicitNull: nulls)
        try c.encodeField(providerAccount, forKey: .providerAccount, explicitNull: nulls)
        try c.encodeField(coPayment, forKey: .coPayment, explicitNull: nulls)
        try c.encodeField(coordinationNeeded, forKey: .coordinationNeeded, explicitNull: nulls)
    }
}

extension InterventionDelivery {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(documentedOn, forKey: .documentedOn, explicitNull: nulls)
        try c.encodeField(startDate, forKey: .startDate, explicitNull: nulls)
        try c.encodeField(serviceStartDate, forKey: .serviceStartDate, explicitNull: nulls)
    }
}

extension Intervention {
    public func encode(to encoder: any Encoder) throws {
        let nulls = encoder.userInfo[.explicitNulls] as? Bool ?? false
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeField(id, forKey: .id, explicitNull: nulls)
        try c.encodeField(recommendedOn, forKey: .recommendedOn, explicitNull: nulls)
        try c.encodeField(services, forKey: .services, explicitNull: nulls)
        try c.encodeField(offers, forKey: .offers, explicitNull: nulls)
        try c.encodeField(accountNumber, forKey: .accountNumber, explicitNull: nulls)
        try c.encodeField(alternativesConsidered, forKey: .alternativesConsidered, explicitNull: nulls)
        try c.encodeField(alternatives, forKey: .alternatives, explicitNull: nulls)
        try c.encodeField(expectedStartDate, forKey: .expectedStartDate, explicitNull: nulls)
        try c.encodeField(expectedEndDate, forKey: .expectedEndDate, explicitNull: nulls)
        try c.encodeField(noEndDate, forKey: .noEndDate, explicitNull: nulls)
        try c.encodeField(serviceExpectedStartDate, forKey: .serviceExpectedStartDate, explicitNull: nulls)
        try c.encodeField(serviceExpectedEndDate, forKey: .serviceExpectedEndDate, explicitNull: nulls)
        try c.encodeField(unit, forKey: .unit, explicitNull: nulls)
        try c.encodeField(unitsPerPeriod, forKey: .unitsPerPeriod, explicitNull: nulls)
        try c.encodeField(frequency, forKey: .frequency, explicitNull: nulls)
        try c.encodeField(periodRepetitions, forKey: .periodRepetitions, explicitNull: nulls)
        try c.encodeField(unitPrice, forKey: .unitPrice, explicitNull: nulls)
        try c.encodeField(basePrice, forKey: .basePrice, explicitNull: nulls)
        try c.encodeField(scope, forKey: .scope, explicitNull: nulls)
        try c.encodeField(supplements, forKey: .supplements, explicitNull: nulls)
        try c.encodeField(expectedPrice, forKey: .expectedPrice, explicitNull: nulls)
        try c.encodeField(decision, forKey: .decision, explicitNull: nulls)
        try c.encodeField(order, forKey: .order, explicitNull: nulls)
        try c.encodeField(delivery, forKey: .delivery, explicitNull: nulls)
        try c.encodeField(end, forKey: .end, explicitNull: nulls)
    }
}
