/// A case's number (sagsnummer): the year the case was opened and a running number within the
/// municipality and year, written "2026-00042". It is what a caseworker says on the phone, writes in a
/// letter and types in the search box, and what the Sags- og Dokumentindeks shows; the id stays internal.
public struct CaseNumber: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var year: Int
    public var sequence: Int

    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    /// "2026-00042": the year and the running number with at least five digits.
    public var description: String {
        let digits = String(sequence)
        return "\(year)-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits)"
    }

    /// A typed case number: the year, a dash (or a slash or a space) and the running number, leading
    /// zeros optional ("2026-42", "2026/00042", " 2026-00042 "). Nil for anything else — a CPR number
    /// ("010190-1234": six digits before the dash) is never a case number.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == " " })
        guard parts.count == 2, parts[0].count == 4, (1...9).contains(parts[1].count),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let sequence = Int(parts[1]), (1900...2999).contains(year), sequence > 0 else { return nil }
        self.init(year: year, sequence: sequence)
    }

    public static func < (a: CaseNumber, b: CaseNumber) -> Bool { (a.year, a.sequence) < (b.year, b.sequence) }
}

extension CaseRules {
    /// What a case is about, for lists and headers: the paragraphs of its granted interventions that have not
    /// ended; without any, those of the interventions recommended and not refused; without any, the
    /// paragraphs applied for. Each paragraph once, in the order it first appears; nil when none is known.
    public static func paragraphSummary(_ doc: CaseDocument) -> String? {
        func paragraphs(_ x: Intervention) -> [String] {
            if let p = x.decision?.paragraph, !p.isEmpty { return [p] }
            return (x.services ?? []).compactMap(\.paragraph).filter { !$0.isEmpty }
        }
        let granted = doc.interventions.filter { $0.decision?.outcome == .granted && $0.end == nil }.flatMap(paragraphs)
        let recommended = doc.interventions.filter { $0.decision == nil || $0.decision?.outcome == nil }.flatMap(paragraphs)
        let applied = (doc.opening.paragraphsAppliedFor ?? []).filter { !$0.isEmpty }
        let chosen = !granted.isEmpty ? granted : !recommended.isEmpty ? recommended : applied
        var seen = Set<String>()
        let unique = chosen.map { $0.trimmingCharacters(in: .whitespaces) }.filter { seen.insert($0).inserted }
        return unique.isEmpty ? nil : unique.joined(separator: ", ")
    }
}
