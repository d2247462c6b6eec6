import Foundation

/// Electronic consent (issue 16 item 6; seed 003 "elektronisk indhentning af samtykke", requirements CG-01, CG-02,
/// CG-06): the citizen — or their guardian or party representative — gives or withdraws consent on their own page.
/// Giving records IDs 14–17 on the case (consent given, form digital, the parties information may be collected from
/// and disclosed to); withdrawing records that consent is no longer given and clears the parties, so nothing more is
/// collected or shared from that moment (`SharingRules.consentAllows`). Each decision is kept in the consent log.
public enum ElectronicConsent {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case give, withdraw
        public var danishName: String {
            switch self {
            case .give: "Samtykke givet digitalt"
            case .withdraw: "Samtykke trukket tilbage"
            }
        }
    }

    /// The parties a citizen may choose (ID 16 and 17's value set, "Andre" left out: a consent names who).
    public static let parties: [InformationParty] = InformationParty.allCases.filter { $0 != .other }

    public struct Decision: Sendable, Equatable, Codable {
        public var action: Action
        public var collectFrom: [InformationParty]
        public var discloseTo: [InformationParty]
        public init(action: Action, collectFrom: [InformationParty], discloseTo: [InformationParty]) {
            self.action = action
            self.collectFrom = collectFrom
            self.discloseTo = discloseTo
        }
    }

    /// The decision as the form or the API sent it: `give` needs at least one party and only known ones, in the
    /// value set's order, each once; `withdraw` takes no parties. Every problem at its field, in Danish.
    public static func decision(action: String?, collectFrom: [String], discloseTo: [String]) throws(DomainError) -> Decision {
        var e = FieldErrorCollector()
        let a = action.flatMap(Action.init(rawValue:))
        if a == nil { e.add("action", "Vælg, om du giver eller trækker dit samtykke tilbage.") }
        func pick(_ raw: [String], field: String) -> [InformationParty] {
            let known = raw.compactMap(InformationParty.init(rawValue:)).filter { ElectronicConsent.parties.contains($0) }
            if known.count != raw.count { e.add(field, "Vælg kun blandt de viste parter.") }
            return ElectronicConsent.parties.filter(known.contains)
        }
        let collect = pick(collectFrom, field: "collectFrom")
        let disclose = pick(discloseTo, field: "discloseTo")
        if a == .give && collect.isEmpty && disclose.isEmpty {
            e.add("collectFrom", "Vælg mindst én part, som vi må indhente oplysninger fra eller videregive oplysninger til.")
        }
        if a == .withdraw && !(collect.isEmpty && disclose.isEmpty) {
            e.add("action", "Når du trækker dit samtykke tilbage, skal du ikke vælge parter.")
        }
        try e.throwIfAny()
        return Decision(action: a!, collectFrom: collect, discloseTo: disclose)
    }

    /// The case's opening data with the decision recorded (IDs 14–17).
    public static func apply(_ d: Decision, to opening: OpeningData) -> OpeningData {
        var o = opening
        switch d.action {
        case .give:
            o.consent = .given
            o.consentForm = .digital
            o.consentCollectFrom = d.collectFrom.isEmpty ? nil : d.collectFrom
            o.consentDiscloseTo = d.discloseTo.isEmpty ? nil : d.discloseTo
        case .withdraw:
            o.consent = .refused
            o.consentForm = nil
            o.consentCollectFrom = nil
            o.consentDiscloseTo = nil
        }
        return o
    }

    /// Whether there is a consent to withdraw: consent given (in any form).
    public static func canWithdraw(_ opening: OpeningData) -> Bool { opening.consent == .given }

    /// Whether the citizen may decide on consent for a case: only while it is not closed.
    public static func isOpen(phase: CasePhase) -> Bool { phase != .closed }
}

/// A guardian or party representative recorded on a case (IDs 7–12, issue 16 item 7), given the citizen's own view for
/// that citizen by the caseworker. Access lasts while the case still records the guardianship or party
/// representation it rests on, and until the caseworker removes it.
public enum RepresentativeKind: String, DanishLabelled {
    case guardian, partyRepresentative
    public var danishName: String {
        switch self {
        case .guardian: "Værge"
        case .partyRepresentative: "Partsrepræsentant"
        }
    }
}

public enum Representation {
    /// Whether the case's opening data records what `kind` rests on: guardianship (ID 7 yes) for a guardian; the
    /// citizen represented (ID 11 yes) by a party representative (ID 12 partyRepresentative or both) for a party
    /// representative. A supporter (bisidder) alone is no party and gets no access.
    public static func isRecorded(_ kind: RepresentativeKind, in o: OpeningData) -> Bool {
        switch kind {
        case .guardian: o.guardianship == .yes
        case .partyRepresentative: o.represented == .yes && (o.representationForm == .partyRepresentative || o.representationForm == .both)
        }
    }

    /// The kinds of access the case allows giving, in the order offered.
    public static func kinds(_ o: OpeningData) -> [RepresentativeKind] { RepresentativeKind.allCases.filter { isRecorded($0, in: o) } }

    /// Refuses giving access of `kind` where the case does not record it, at the field, in Danish.
    public static func check(kind: String?, opening o: OpeningData) throws(DomainError) -> RepresentativeKind {
        guard let k = kind.flatMap(RepresentativeKind.init(rawValue:)) else {
            throw DomainError.validation([FieldError(field: "kind", message: "Vælg værge eller partsrepræsentant.")])
        }
        guard isRecorded(k, in: o) else {
            throw DomainError.validation([FieldError(field: "kind", message: k == .guardian
                ? "Sagen har ikke registreret et værgemål. Registrér det under Sagsåbning først."
                : "Sagen har ikke registreret en partsrepræsentant. Registrér det under Sagsåbning først.")])
        }
        return k
    }
}
