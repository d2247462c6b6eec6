import Foundation

/// Phone numbers, e-mail addresses and postal addresses as a letter prints them: a caseworker's direct line,
/// the municipality's switchboard, where a complaint is sent.
public enum ContactRules {
    /// A Danish number as eight digits in pairs ("70 10 20 30"), typed with or without spaces, dashes or
    /// "+45"/"0045" in front; a foreign number as "+" and 7–15 digits, kept with single spaces. Nil, with the
    /// message, for anything else.
    public static func phone(_ text: String) -> Result<String, PhoneProblem> {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "-" || $0 == "+" || $0 == "(" || $0 == ")" }) else { return .failure(.characters) }
        var digits = t.filter { $0.isASCII && $0.isNumber }
        let international = t.hasPrefix("+") || t.hasPrefix("00")
        if international {
            if t.hasPrefix("00") { digits.removeFirst(2) }
            if digits.hasPrefix("45") && digits.count == 10 { digits.removeFirst(2) } else {
                guard (7...15).contains(digits.count) else { return .failure(.length) }
                return .success("+" + digits)
            }
        }
        guard digits.count == 8 else { return .failure(.length) }
        let chars = Array(digits)
        return .success(stride(from: 0, to: 8, by: 2).map { String(chars[$0..<$0 + 2]) }.joined(separator: " "))
    }

    public enum PhoneProblem: Error, Sendable, Equatable {
        case characters, length
        public var message: String {
            switch self {
            case .characters: "Et telefonnummer må kun have cifre, mellemrum, bindestreg og + foran."
            case .length: "Et dansk telefonnummer har 8 cifre (fx 70 10 20 30); et udenlandsk skrives med + og landekode."
            }
        }
    }

    /// An e-mail address: one "@", something before it, a domain with a dot after it, no spaces; at most 254 characters.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    /// A postal address of one to four lines ("Rådhuspladsen 2\n7100 Vejle"), each at most 100 characters,
    /// without control characters.
    public static func addressProblem(_ text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if lines.isEmpty || lines.count > 4 { return "Skriv adressen på 1–4 linjer (fx \"Rådhuspladsen 2\" og \"7100 Vejle\")." }
        if lines.contains(where: { $0.count > 100 }) { return "Hver linje i adressen må højst have 100 tegn." }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" }) {
            return "Adressen indeholder et kontroltegn."
        }
        return nil
    }
}

/// How citizens reach the municipality's social authority, as the decision letter prints it: the postal
/// address (where a complaint is sent), the phone number and the e-mail address. Part of the municipal settings.
public struct MunicipalityContact: Codable, Sendable, Equatable {
    public var address: String?
    public var phone: String?
    public var email: String?

    public init(address: String? = nil, phone: String? = nil, email: String? = nil) {
        self.address = address
        self.phone = phone
        self.email = email
    }

    enum CodingKeys: String, CodingKey { case address, phone, email }

    /// Every field is written, `null` when empty (the API's convention).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(phone, forKey: .phone)
        try c.encode(email, forKey: .email)
    }

    /// The contact with its phone number written the one way (`ContactRules.phone`), every problem named by
    /// its field under `prefix` ("contact.phone").
    public func normalised(prefix: String = "contact") throws(DomainError) -> MunicipalityContact {
        var e = FieldErrorCollector()
        var out = self
        let blank = { (s: String?) in s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? true }
        if blank(address) { out.address = nil } else if let p = ContactRules.addressProblem(address!) { e.add("\(prefix).address", p) } else {
            out.address = address!.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if blank(phone) { out.phone = nil } else {
            switch ContactRules.phone(phone!) {
            case .success(let p): out.phone = p
            case .failure(let problem): e.add("\(prefix).phone", problem.message)
            }
        }
        if blank(email) { out.email = nil } else if !ContactRules.isEmail(email!.trimmingCharacters(in: .whitespaces)) {
            e.add("\(prefix).email", "Skriv en e-mailadresse som navn@kommune.dk.")
        } else { out.email = email!.trimmingCharacters(in: .whitespaces) }
        try e.throwIfAny()
        return out
    }
}
