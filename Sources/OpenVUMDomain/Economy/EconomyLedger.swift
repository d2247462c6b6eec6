import Foundation

/// The order of a grant as the economy reads it (E4: the grant's latest order on R; T2.2).
public struct LedgerOrder: Sendable, Equatable {
    public var orderID: UUID
    public var providerID: UUID
    /// Internal or external provider; nil where the register does not say.
    public var providerKind: ProviderOwnership?
    public var orderedOn: CalendarDate
    /// The contract price (øre for the contract's span, E1).
    public var contractPrice: Int
    /// The citizen's co-payment per month (ID 72): shown beside the price, never deducted from gross spend.
    public var coPayment: Int? = nil

    public init(orderID: UUID, providerID: UUID, providerKind: ProviderOwnership?, orderedOn: CalendarDate, contractPrice: Int) {
        self.orderID = orderID
        self.providerID = providerID
        self.providerKind = providerKind
        self.orderedOn = orderedOn
        self.contractPrice = contractPrice
    }
}

/// One recommended intervention as the economy figures read it on R: its E4–E6 facts, where it belongs and its
/// prices (IDs 37, 44–52).
public struct LedgerIntervention: Sendable, Equatable {
    public var facts: GrantFacts
    public var caseID: UUID
    public var citizenID: UUID
    /// The authority team responsible for its case (the budget's unit) and the case's caseworker.
    public var unitID: UUID?
    public var caseworkerID: UUID?
    /// The paragraph it was granted under (ID 66).
    public var paragraph: String?
    /// The case's next follow-up on R: the latest follow-up's next date (ID 78), else the decision's (ID 67).
    public var nextFollowUp: CalendarDate?
    /// The recommendation it was part of (T2.1's `expected_total_by_recommendation`): its case and day.
    public var recommendation: String
    public var accountNumber: String?
    /// ID 45 in hundredths and ID 47.
    public var unitsHundredths: Int?
    public var repetitions: Int?
    public var basePrice: Int?
    public var expectedPrice: Int?
    public var order: LedgerOrder?
    /// On R: the case's primary target group (ID 60; the first one where none is primary) and another acting or
    /// paying municipality (IDs 19–20; nil when it is this municipality).
    public var targetGroup: String? = nil
    public var actingMunicipality: String? = nil
    public var payingMunicipality: String? = nil
    /// The alternatives considered in the recommendation, with their prices (ID 38).
    public var alternatives: [AlternativeIntervention] = []

    public init(facts: GrantFacts, caseID: UUID, citizenID: UUID, recommendation: String, accountNumber: String?, unitsHundredths: Int?,
                repetitions: Int?, basePrice: Int?, expectedPrice: Int?, order: LedgerOrder?, unitID: UUID? = nil, caseworkerID: UUID? = nil, paragraph: String? = nil, nextFollowUp: CalendarDate? = nil) {
        self.nextFollowUp = nextFollowUp
        self.facts = facts
        self.unitID = unitID
        self.caseworkerID = caseworkerID
        self.paragraph = paragraph
        self.caseID = caseID
        self.citizenID = citizenID
        self.recommendation = recommendation
        self.accountNumber = accountNumber
        self.unitsHundredths = unitsHundredths
        self.repetitions = repetitions
        self.basePrice = basePrice
        self.expectedPrice = expectedPrice
        self.order = order
    }

    public var id: UUID { facts.interventionID }
    public var status: GrantStatus { ProjectionRules.status(facts) }
    /// ID 41: priced for its first year and never ending.
    public var noEndDate: Bool { facts.expected.map { $0.end == nil } ?? false }
}

/// A payment as the economy reads it (E3): whose, for which intervention, on which account and service month.
public struct LedgerPayment: Sendable, Equatable {
    public var citizenID: UUID
    public var interventionID: UUID
    public var account: String
    public var month: YearMonth
    public var amount: Int

    public init(citizenID: UUID, interventionID: UUID, account: String, month: YearMonth, amount: Int) {
        self.citizenID = citizenID
        self.interventionID = interventionID
        self.account = account
        self.month = month
        self.amount = amount
    }
}

/// Everything the `t2.*` figures are computed from, as it stood on the reference date (G1: nothing dated later).
public struct EconomyLedger: Sendable {
    public var referenceDate: CalendarDate
    /// The data window's first month (G10).
    public var firstMonth: YearMonth
    public var interventions: [LedgerIntervention]
    public var payments: [LedgerPayment]
    /// The citizens' CPR numbers (T2.5 names them).
    public var cpr: [UUID: String]

    /// Each intervention's facts get its payments summed per service month (E3, E6.1), so the payments are read once.
    public init(referenceDate: CalendarDate, firstMonth: YearMonth, interventions: [LedgerIntervention], payments: [LedgerPayment], cpr: [UUID: String]) {
        self.referenceDate = referenceDate
        self.firstMonth = firstMonth
        self.payments = payments
        self.cpr = cpr
        var paid: [UUID: [YearMonth: Int]] = [:]
        for p in payments { paid[p.interventionID, default: [:]][p.month, default: 0] += p.amount }
        self.interventions = interventions.map { x in
            var x = x
            x.facts.payments = paid[x.id] ?? [:]
            return x
        }
    }

    public var periods: FigurePeriods { FigurePeriods(first: firstMonth, referenceDate: referenceDate) }
}
