import Foundation

/// Rules for a citizen's basic record (name, CPR, responsible authority unit).
public enum CitizenRules {
    public static func nameProblem(_ name: String, field: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return field == "givenName" ? "Fornavn skal udfyldes." : "Efternavn skal udfyldes." }
        if trimmed.count > 200 { return "Navnet må højst være 200 tegn langt." }
        return nil
    }

    /// Parses a CPR number from user input, turning the parse error into a Danish field error.
    public static func parseCPR(_ text: String, field: String = "cpr") throws(DomainError) -> CPRNumber {
        do { return try CPRNumber(text) } catch {
            throw DomainError.validation([FieldError(field: field, message: CPRNumber.message(for: error))])
        }
    }
}
