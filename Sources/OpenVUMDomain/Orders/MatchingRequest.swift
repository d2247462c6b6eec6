import Foundation

/// A matching request (matchingsforespørgsel, issue 13 item 2): before ordering, the caseworker sends an anonymised
/// description of the need to candidate offers; each answers available or not. What travels is coded (paragraph,
/// FFB services, target groups, support need, age group, scope and start) plus a short description the caseworker
/// writes — never the citizen's name, CPR number or the case.

/// The need as the candidate offers read it.
public struct AnonymisedNeed: Codable, Sendable, Equatable {
    public var paragraph: String?
    /// FFB service codes (KLInterventionsFFB) of the intervention.
    public var services: [String]
    /// FFB target groups (ID 60) and the support need (ID 59) of the assessment.
    public var targetGroups: [String]
    public var supportNeed: String?
    /// ID 23, not the birth date.
    public var ageGroup: AgeGroup?
    public var unit: ServiceUnit?
    public var unitsPerPeriod: Decimal?
    public var frequency: ServiceFrequency?
    public var expectedStartDate: CalendarDate?
    public var noEndDate: Bool
    /// The caseworker's words about the need, without anything that identifies the citizen.
    public var description: String?

    public init(paragraph: String? = nil, services: [String] = [], targetGroups: [String] = [], supportNeed: String? = nil, ageGroup: AgeGroup? = nil,
                unit: ServiceUnit? = nil, unitsPerPeriod: Decimal? = nil, frequency: ServiceFrequency? = nil, expectedStartDate: CalendarDate? = nil,
                noEndDate: Bool = false, description: String? = nil) {
        self.paragraph = paragraph
        self.services = services
        self.targetGroups = targetGroups
        self.supportNeed = supportNeed
        self.ageGroup = ageGroup
        self.unit = unit
        self.unitsPerPeriod = unitsPerPeriod
        self.frequency = frequency
        self.expectedStartDate = expectedStartDate
        self.noEndDate = noEndDate
        self.description = description
    }
}

/// A candidate's answer.
public enum MatchingAnswer: String, DanishLabelled {
    case pending, available, notAvailable
    public var danishName: String {
        switch self {
        case .pending: "Afventer svar"
        case .available: "Kan tilbyde plads"
        case .notAvailable: "Kan ikke tilbyde plads"
        }
    }
}

/// One offer asked, and its answer.
public struct MatchingCandidate: Codable, Sendable, Equatable {
    public var offerID: UUID
    public var providerID: UUID
    public var answer: MatchingAnswer
    public var answeredOn: CalendarDate?
    public var comment: String?
    public init(offerID: UUID, providerID: UUID, answer: MatchingAnswer = .pending, answeredOn: CalendarDate? = nil, comment: String? = nil) {
        self.offerID = offerID
        self.providerID = providerID
        self.answer = answer
        self.answeredOn = answeredOn
        self.comment = comment
    }
}

public struct MatchingRequest: Codable, Sendable, Equatable {
    public var id: UUID
    public var caseID: UUID
    public var interventionID: UUID
    public var sentOn: CalendarDate
    public var need: AnonymisedNeed
    public var candidates: [MatchingCandidate]
    public init(id: UUID, caseID: UUID, interventionID: UUID, sentOn: CalendarDate, need: AnonymisedNeed, candidates: [MatchingCandidate]) {
        self.id = id
        self.caseID = caseID
        self.interventionID = interventionID
        self.sentOn = sentOn
        self.need = need
        self.candidates = candidates
    }
}

public enum MatchingRules {
    public static let descriptionLimit = 2_000
    public static let candidateLimit = 20

    /// The anonymised need of an intervention of the case: the decision's paragraph (or the recommendation's), the
    /// granted scope (or the recommended), the assessment's target groups and support need, the age group; and the
    /// caseworker's description, refused when it holds a CPR number or the citizen's name (`names`). An intervention
    /// that is refused cannot be matched; one not yet decided can (matching may come before the decision).
    public static func need(of doc: CaseDocument, interventionID: UUID, description: String?, names: [String]) throws(DomainError) -> AnonymisedNeed {
        guard let x = doc.interventions.first(where: { $0.id == interventionID }) else { throw DomainError.notFound("Indsatsen") }
        var e = FieldErrorCollector()
        if x.decision?.outcome == .refused { e.add("interventionId", "Indsatsen er afslået; der er intet behov at matche.") }
        let text = description?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let text {
            if text.count > descriptionLimit { e.add("description", "Beskrivelsen må højst være \(descriptionLimit) tegn.") }
            if maskCPRNumbers(in: text) != text {
                e.add("description", "Beskrivelsen må ikke indeholde et CPR-nummer: forespørgslen er anonym.")
            }
            let lower = text.lowercased()
            if names.contains(where: { $0.count >= 2 && lower.range(of: "\\b\(NSRegularExpression.escapedPattern(for: $0.lowercased()))\\b", options: .regularExpression) != nil }) {
                e.add("description", "Beskrivelsen må ikke nævne borgerens navn: forespørgslen er anonym.")
            }
        }
        try e.throwIfAny()
        return AnonymisedNeed(
            paragraph: x.decision?.paragraph ?? x.services?.compactMap(\.paragraph).first,
            services: (x.services ?? []).map(\.code), targetGroups: doc.assessment.targetGroups ?? [], supportNeed: doc.assessment.currentSupportNeed,
            ageGroup: doc.opening.ageGroup, unit: x.unit, unitsPerPeriod: x.decision?.grantedUnitsPerPeriod ?? x.unitsPerPeriod, frequency: x.frequency,
            expectedStartDate: x.expectedStartDate, noEndDate: x.noEndDate == true, description: text)
    }

    /// The candidates: 1–20 different offers, each with its provider (`providers`: offer → provider; an offer not in
    /// it is not in the register).
    public static func candidates(_ offerIDs: [UUID], providers: [UUID: UUID]) throws(DomainError) -> [MatchingCandidate] {
        var e = FieldErrorCollector()
        if offerIDs.isEmpty || offerIDs.count > candidateLimit { e.add("offerIds", "Vælg fra 1 til \(candidateLimit) tilbud, der spørges.") }
        if Set(offerIDs).count != offerIDs.count { e.add("offerIds", "Hvert tilbud spørges én gang.") }
        for (i, id) in offerIDs.enumerated() where providers[id] == nil { e.add("offerIds.\(i)", "Tilbuddet findes ikke i tilbudsregistret.") }
        try e.throwIfAny()
        return offerIDs.map { MatchingCandidate(offerID: $0, providerID: providers[$0]!) }
    }

    /// The request after `offerID`'s answer (a later answer replaces an earlier one); the comment at most 1,000
    /// characters. Refused for an offer that was not asked (answered as missing).
    public static func answer(_ r: MatchingRequest, offerID: UUID, available: Bool, comment: String?, today: CalendarDate) throws(DomainError) -> MatchingRequest {
        guard let i = r.candidates.firstIndex(where: { $0.offerID == offerID }) else { throw DomainError.notFound("Forespørgslen") }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let text, text.count > 1_000 {
            throw DomainError.validation([FieldError(field: "comment", message: "Bemærkningen må højst være 1.000 tegn.")])
        }
        var out = r
        out.candidates[i].answer = available ? .available : .notAvailable
        out.candidates[i].answeredOn = today
        out.candidates[i].comment = text
        return out
    }

    /// What a provider user sees of a request: the need and only the candidates among `units` (their own offers
    /// or provider) — not which case, not the other offers asked.
    public static func seenBy(provider units: Set<UUID>, _ r: MatchingRequest) -> MatchingRequest {
        var out = r
        out.candidates = r.candidates.filter { units.contains($0.offerID) || units.contains($0.providerID) }
        return out
    }
}
