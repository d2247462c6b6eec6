import Foundation

/// Rules for a citizen's basic record (name, CPR, responsible authority unit).
public enum CitizenRules {
    public static func nameProblem(_ name: String, field: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return field == "givenName" ? "Fornavn skal udfyldes." : "Efternavn skal udfyldes." }
        if trimmed.count > 200 { return "Navnet må højst være 200 tegn langt." }
        return nil
    }

    /// A registration as typed, once checked.
    public struct Registration: Sendable, Equatable {
        public var cpr: CPRNumber
        public var givenName: String
        public var familyName: String
        public var responsibleUnitID: UUID
    }

    /// Checks a citizen's registration as typed (API or form), listing every problem at once.
    public static func validateRegistration(
        cpr: String?, givenName: String?, familyName: String?, responsibleUnitID: UUID?
    ) throws(DomainError) -> Registration {
        var errors = FieldErrorCollector()
        var parsed: CPRNumber?
        if let cpr {
            do { parsed = try CPRNumber(cpr) } catch { errors.add("cpr", CPRNumber.message(for: error)) }
        } else { errors.add("cpr", "CPR-nummer skal udfyldes.") }
        if let p = nameProblem(givenName ?? "", field: "givenName") { errors.add("givenName", p) }
        if let p = nameProblem(familyName ?? "", field: "familyName") { errors.add("familyName", p) }
        if responsibleUnitID == nil { errors.add("responsibleUnitId", "Ansvarligt team skal udfyldes.") }
        try errors.throwIfAny()
        guard let parsed, let givenName, let familyName, let responsibleUnitID else { throw DomainError.validation([]) }
        return Registration(cpr: parsed, givenName: givenName, familyName: familyName, responsibleUnitID: responsibleUnitID)
    }

    /// Checks changed names (a name left out is not changed), listing every problem at once.
    public static func validateChanges(givenName: String?, familyName: String?) throws(DomainError) {
        var errors = FieldErrorCollector()
        if let g = givenName, let p = nameProblem(g, field: "givenName") { errors.add("givenName", p) }
        if let f = familyName, let p = nameProblem(f, field: "familyName") { errors.add("familyName", p) }
        try errors.throwIfAny()
    }

    /// What a search box holds: a case number (four digits of the year, a dash, the running number), a CPR number
    /// (anything else with a digit is read as one, with CPR's own messages) or at least two letters of a name.
    public enum SearchQuery: Sendable, Equatable {
        case cpr(CPRNumber)
        case nameText(String)
        /// A case number ("2026-00042"): the search finds the case's citizen.
        case caseNumber(CaseNumber)
    }

    public static func searchQuery(_ text: String, field: String = "cpr") throws(DomainError) -> SearchQuery {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let number = CaseNumber(t) { return .caseNumber(number) }
        if t.contains(where: \.isNumber) { return .cpr(try parseCPR(t, field: field)) }
        let words = t.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard words.filter(\.isLetter).count >= 2, words.count <= 100 else {
            throw DomainError.validation([FieldError(field: field, message: "Skriv et CPR-nummer (DDMMÅÅ-XXXX), et sagsnummer (ÅÅÅÅ-NNNNN) eller mindst to bogstaver af borgerens navn.")])
        }
        return .nameText(words)
    }

    /// Parses a CPR number from user input, turning the parse error into a Danish field error.
    public static func parseCPR(_ text: String, field: String = "cpr") throws(DomainError) -> CPRNumber {
        do { return try CPRNumber(text) } catch {
            throw DomainError.validation([FieldError(field: field, message: CPRNumber.message(for: error))])
        }
    }
}
