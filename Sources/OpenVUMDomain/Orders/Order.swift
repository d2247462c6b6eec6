import Foundation

/// The order (bestilling) of a granted intervention from a provider's offer (issue 13 item 2): its own resource,
/// pre-filled from the decision and the assessment, carrying the contract the provider delivers by. The case's
/// order and delivery items (IDs 68–76) are read from it, never typed separately.

/// Where an order stands. draft → sent → accepted or rejected → started → ended; a draft or a sent order can be
/// withdrawn by the authority, an accepted one ended before it started.
public enum OrderState: String, DanishLabelled {
    case draft, sent, accepted, rejected, started, ended, withdrawn
    public var danishName: String {
        switch self {
        case .draft: "Kladde"
        case .sent: "Sendt"
        case .accepted: "Accepteret"
        case .rejected: "Afvist"
        case .started: "Startet"
        case .ended: "Afsluttet"
        case .withdrawn: "Trukket tilbage"
        }
    }

    /// Whether the order still binds the provider (what the provider portal and the grace period count from).
    public var isActive: Bool { [.sent, .accepted, .started].contains(self) }
}

/// The contract of an order: the scope the provider delivers, priced by the same rule as the base price (ID 49)
/// plus supplements — the contract price that supersedes the expected price in every sum (figures.md E6).
public struct OrderContract: Codable, Sendable, Equatable {
    public var startDate: CalendarDate
    /// Nil: no end date (priced for its first year, as the recommendation is).
    public var endDate: CalendarDate?
    public var unit: ServiceUnit
    public var unitsPerPeriod: Decimal
    public var frequency: ServiceFrequency
    public var repetitions: Int
    /// Øre per unit: the offer's rate valid on the start date, unless negotiated.
    public var unitPrice: Int
    public var supplements: [PriceSupplement]

    public init(startDate: CalendarDate, endDate: CalendarDate?, unit: ServiceUnit, unitsPerPeriod: Decimal, frequency: ServiceFrequency,
                repetitions: Int, unitPrice: Int, supplements: [PriceSupplement] = []) {
        self.startDate = startDate
        self.endDate = endDate
        self.unit = unit
        self.unitsPerPeriod = unitsPerPeriod
        self.frequency = frequency
        self.repetitions = repetitions
        self.unitPrice = unitPrice
        self.supplements = supplements
    }

    /// The contract price in øre: G5-round(units per period × repetitions × unit price) plus the supplements.
    public var price: Int {
        PriceRules.expectedPrice(basePrice: PriceRules.basePrice(unitsPerPeriod: unitsPerPeriod, repetitions: repetitions, unitPrice: unitPrice),
                                 supplements: supplements.map(\.amount))
    }
}

/// An order as the authority and the provider both see it.
public struct Order: Codable, Sendable, Equatable {
    public var id: UUID
    public var caseID: UUID
    public var interventionID: UUID
    public var offerID: UUID
    public var providerID: UUID
    public var state: OrderState
    /// ID 68: the day the order was sent (nil while a draft).
    public var orderedOn: CalendarDate?
    /// The granted paragraph (ID 66).
    public var paragraph: String?
    /// The case's goals the order works towards.
    public var goalIDs: [UUID]
    public var contract: OrderContract
    /// The decision's follow-up date (ID 67).
    public var followUpDate: CalendarDate?
    /// ID 72, øre per month.
    public var coPayment: Int?
    /// ID 73.
    public var coordinationNeeded: Bool?
    /// IDs 69–71, from the provider register when the order is sent.
    public var register: OfferRegisterEntry
    /// Why the provider rejected the order.
    public var rejectionReason: String?
    /// Levering (udfører), IDs 74–76: the documentation date (stamped), the actual start of the intervention and of
    /// the service that starts later.
    public var startDocumentedOn: CalendarDate?
    public var startDate: CalendarDate?
    public var serviceStartDate: CalendarDate?
    public var end: InterventionEnd?
    /// What of the case travels with the order (issue 13 item 3), chosen on the draft within the recorded consent.
    public var shared: SharedSelection?
    public var version: Int

    public init(id: UUID, caseID: UUID, interventionID: UUID, offerID: UUID, providerID: UUID, state: OrderState = .draft, orderedOn: CalendarDate? = nil,
                paragraph: String?, goalIDs: [UUID], contract: OrderContract, followUpDate: CalendarDate?, coPayment: Int? = nil,
                coordinationNeeded: Bool? = nil, register: OfferRegisterEntry = OfferRegisterEntry(), version: Int = 1) {
        self.id = id
        self.caseID = caseID
        self.interventionID = interventionID
        self.offerID = offerID
        self.providerID = providerID
        self.state = state
        self.orderedOn = orderedOn
        self.paragraph = paragraph
        self.goalIDs = goalIDs
        self.contract = contract
        self.followUpDate = followUpDate
        self.coPayment = coPayment
        self.coordinationNeeded = coordinationNeeded
        self.register = register
        self.version = version
    }
}
