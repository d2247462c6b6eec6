import Foundation

/// What travels with an order besides the order itself (issue 13 item 3): the caseworker chooses parts of the case,
/// and only what the recorded consent (IDs 14 and 17) allows may be chosen. The provider sees exactly that and
/// nothing else — and nothing at all once consent no longer allows it. Authority-internal notes never travel.

/// A part of the case that may go with an order.
public enum SharedPart: String, DanishLabelled {
    case goals, functionalLevels, functionalAssessment, conditions
    public var danishName: String {
        switch self {
        case .goals: "Målene for bestillingen (ID 29–32)"
        case .functionalLevels: "Funktionsniveauer (ID 27)"
        case .functionalAssessment: "Samlet funktionsvurdering"
        case .conditions: "Helbredsforhold og udredte temaer (ID 26)"
        }
    }
}

/// The caseworker's choice: parts of the case, and chosen documents and journal notes (by note id, the latest
/// version travels).
public struct SharedSelection: Codable, Sendable, Equatable {
    public var parts: [SharedPart]
    public var documentIDs: [UUID]
    public var noteIDs: [UUID]
    public init(parts: [SharedPart] = [], documentIDs: [UUID] = [], noteIDs: [UUID] = []) {
        self.parts = parts
        self.documentIDs = documentIDs
        self.noteIDs = noteIDs
    }
    public var isEmpty: Bool { parts.isEmpty && documentIDs.isEmpty && noteIDs.isEmpty }
}

/// What the provider reads of the case: the chosen parts as they are now.
public struct SharedContent: Sendable, Equatable {
    public var goals: [Goal] = []
    public var functionalLevels: [FunctionalLevel] = []
    public var functionalAssessment: String?
    public var conditions: [String] = []
    public var documentIDs: [UUID] = []
    public var noteIDs: [UUID] = []
    public init() {}
}

public enum SharingRules {
    /// Whether the recorded consent lets case information go to a provider: consent given (ID 14) with the
    /// provider among those it may be disclosed to (ID 17).
    public static func consentAllows(_ opening: OpeningData) -> Bool {
        opening.consent == .given && (opening.consentDiscloseTo ?? []).contains(.provider)
    }

    /// A selection the caseworker may make for a case: nothing beyond the order without consent; documents and notes
    /// of the case only; never an internal note. `notes`: the case's notes by id with their category.
    public static func validate(_ s: SharedSelection, opening: OpeningData, documentIDs: Set<UUID>, notes: [UUID: NoteCategory]) -> [FieldError] {
        var e = FieldErrorCollector()
        if !s.isEmpty && !consentAllows(opening) {
            e.add("shared", "Borgerens samtykke (ID 14 og 17) tillader ikke, at oplysninger fra sagen videregives til udføreren; kun bestillingen selv følger med. Registrér samtykket under sagsåbning først.")
        }
        for (i, id) in s.documentIDs.enumerated() where !documentIDs.contains(id) { e.add("shared.documentIds.\(i)", "Dokumentet findes ikke på sagen.") }
        for (i, id) in s.noteIDs.enumerated() {
            switch notes[id] {
            case nil: e.add("shared.noteIds.\(i)", "Notatet findes ikke på sagen.")
            case .internal: e.add("shared.noteIds.\(i)", "Et internt notat følger aldrig med en bestilling.")
            default: break
            }
        }
        if Set(s.parts).count != s.parts.count || Set(s.documentIDs).count != s.documentIDs.count || Set(s.noteIDs).count != s.noteIDs.count {
            e.add("shared", "Vælg hver del højst én gang.")
        }
        return e.errors
    }

    /// What the provider reads now: the chosen parts of the case as they stand, the order's own goals only; nothing
    /// when consent no longer allows it; never an internal note (even one recategorised since it was chosen).
    public static func content(_ s: SharedSelection?, order: Order, document doc: CaseDocument, notes: [UUID: NoteCategory]) -> SharedContent {
        var c = SharedContent()
        guard let s, consentAllows(doc.opening) else { return c }
        if s.parts.contains(.goals) { c.goals = doc.goals.filter { g in g.id.map(order.goalIDs.contains) ?? false } }
        if s.parts.contains(.functionalLevels) { c.functionalLevels = doc.investigation.functionalLevels ?? [] }
        if s.parts.contains(.functionalAssessment) { c.functionalAssessment = doc.investigation.overallFunctionalAssessment }
        if s.parts.contains(.conditions) { c.conditions = doc.investigation.assessedSubthemes ?? [] }
        c.documentIDs = s.documentIDs
        c.noteIDs = s.noteIDs.filter { notes[$0] != nil && notes[$0] != .internal }
        return c
    }
}
