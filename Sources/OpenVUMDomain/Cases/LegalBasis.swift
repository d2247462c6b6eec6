import Foundation

/// Legal paragraphs (paragraphs applied for, the granted paragraph ID 66, a service's or an offer's legal
/// basis) are coded values from this one maintained list, written as "SEL § 85". Typed variants
/// ("Serviceloven § 85", "servicelovens §85, stk. 1", "sel 85") are read as their code; anything not on the
/// list is refused.
public struct LegalBasis: Sendable, Equatable {
    public var code: String
    public var title: String

    /// The laws, by their code and the names people write them with.
    static let laws: [(code: String, names: [String])] = [
        ("SEL", ["sel", "serviceloven", "servicelovens", "lov om social service", "lov om social services"]),
        ("ABL", ["abl", "almenboligloven", "almenboliglovens", "lov om almene boliger"]),
        ("SUL", ["sul", "sundhedsloven", "sundhedslovens"]),
    ]

    /// The maintained list for the adult social area.
    public static let all: [LegalBasis] = [
        ("SEL § 82a", "Gruppebaseret hjælp og støtte"), ("SEL § 82b", "Individuel tidsbegrænset socialpædagogisk støtte"),
        ("SEL § 82d", "Tidsbegrænset socialpædagogisk støtte til borgere i egen bolig"), ("SEL § 83", "Personlig og praktisk hjælp"),
        ("SEL § 83a", "Rehabiliteringsforløb"), ("SEL § 84", "Afløsning og aflastning"), ("SEL § 85", "Socialpædagogisk støtte"),
        ("SEL § 85a", "Helhedsorienteret støtte i botilbudslignende tilbud"), ("SEL § 95", "Tilskud til hjælp og ansat hjælp"),
        ("SEL § 96", "Borgerstyret personlig assistance"), ("SEL § 97", "Ledsagelse"), ("SEL § 98", "Kontaktperson for døvblinde"),
        ("SEL § 99", "Støtte- og kontaktperson"), ("SEL § 100", "Merudgifter"), ("SEL § 101", "Stofmisbrugsbehandling"),
        ("SEL § 101a", "Anonym ambulant stofmisbrugsbehandling"), ("SEL § 102", "Behandling"), ("SEL § 103", "Beskyttet beskæftigelse"),
        ("SEL § 104", "Aktivitets- og samværstilbud"), ("SEL § 105", "Betaling for ophold"), ("SEL § 107", "Midlertidigt botilbud"),
        ("SEL § 108", "Længerevarende botilbud"), ("SEL § 109", "Kvindekrisecentre"), ("SEL § 110", "Forsorgshjem"),
        ("SEL § 112", "Hjælpemidler"), ("SEL § 113", "Forbrugsgoder"), ("SEL § 114", "Støtte til køb af bil"),
        ("SEL § 116", "Boligindretning"), ("SEL § 141", "Handleplan"), ("ABL § 54", "Almene boliger med servicearealer"),
        ("ABL § 105", "Almene ældre- og handicapboliger"), ("ABL § 115", "Almene boliger til særlige grupper"),
        ("SUL § 141", "Alkoholbehandling"), ("SUL § 142", "Lægelig behandling af stofmisbrug"),
    ].map { LegalBasis(code: $0.0, title: $0.1) }

    static let codes = Set(all.map(\.code))

    /// The code for a typed paragraph, or nil when it is not one paragraph on the list.
    public static func code(for text: String) -> String? {
        var t = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        if t.contains("§§") { return nil }   // several paragraphs are not one
        // Sub-divisions ("stk. 1", "nr. 3") do not change the paragraph.
        if let stk = t.range(of: ",") { t = String(t[..<stk.lowerBound]) }
        for cut in [" stk", " med ", " og ", " with "] {
            if let r = t.range(of: cut) { t = String(t[..<r.lowerBound]) }
        }
        t = t.replacingOccurrences(of: "§", with: " ").split(separator: " ").joined(separator: " ")
        for law in laws {
            for name in law.names.sorted(by: { $0.count > $1.count }) where t.hasPrefix(name + " ") {
                let number = t.dropFirst(name.count).replacingOccurrences(of: " ", with: "")
                guard let first = number.first, first.isNumber,
                      number.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { return nil }
                let code = "\(law.code) § \(number)"
                return codes.contains(code) ? code : nil
            }
        }
        return nil
    }

    /// The title of a coded paragraph ("SEL § 85" → "Socialpædagogisk støtte").
    public static func title(of code: String) -> String? { all.first { $0.code == code }?.title }
}
