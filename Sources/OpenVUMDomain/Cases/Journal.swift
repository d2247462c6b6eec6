import Foundation

/// The kind of a journal note (journalnotat).
public enum NoteCategory: String, DanishLabelled {
    case conversation, phoneCall, meeting, correspondence, `internal`, other
    public var danishName: String {
        switch self {
        case .conversation: "Samtale"
        case .phoneCall: "Telefonnotat"
        case .meeting: "Møde"
        case .correspondence: "Korrespondance"
        case .internal: "Internt notat"
        case .other: "Andet"
        }
    }
}

/// Journal notes on a case: dated, with author and category; a correction is a new version of the note,
/// never a silent edit.
public enum JournalRules {
    public static let maxLength = 20_000

    /// The note's text as saved (trimmed), or a Danish error naming the field.
    public static func validate(category: NoteCategory?, text: String?) throws(DomainError) -> (NoteCategory, String) {
        var e = FieldErrorCollector()
        let t = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if category == nil { e.add("category", "Vælg notatets art: \(NoteCategory.allCases.map { $0.danishName.lowercased() }.joined(separator: ", ")).") }
        if t.isEmpty { e.add("text", "Skriv notatet.") }
        if t.count > maxLength { e.add("text", "Notatet må højst være \(maxLength) tegn.") }
        try e.throwIfAny()
        return (category!, t)
    }
}
