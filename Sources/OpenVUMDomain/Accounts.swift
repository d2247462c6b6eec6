import Foundation

/// Rules for user accounts.
public enum AccountRules {
    /// Usernames: 3–64 characters, lowercase a–z, digits, `.`, `-` and `_`, starting with a letter.
    public static func usernameProblem(_ username: String) -> String? {
        guard (3...64).contains(username.count) else { return "Brugernavnet skal være 3–64 tegn langt." }
        guard let first = username.unicodeScalars.first, ("a"..."z").contains(first) else {
            return "Brugernavnet skal starte med et bogstav (a–z)."
        }
        let allowed = username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
        return allowed ? nil : "Brugernavnet må kun indeholde små bogstaver a–z, tal, punktum, bindestreg og understregning."
    }

    /// Passwords: at least 12 characters (at most 128), not only whitespace.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < 12 { return "Adgangskoden skal være mindst 12 tegn lang." }
        if password.count > 128 { return "Adgangskoden må højst være 128 tegn lang." }
        if password.allSatisfy(\.isWhitespace) { return "Adgangskoden må ikke kun bestå af mellemrum." }
        return nil
    }

    /// Display names: 1–200 characters after trimming.
    public static func displayNameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Navnet skal udfyldes." }
        if trimmed.count > 200 { return "Navnet må højst være 200 tegn langt." }
        return nil
    }

    /// Validates a new account, listing every problem at once.
    public static func validateNewUser(username: String, password: String, displayName: String, role: Role, unitCount: Int) throws(DomainError) {
        var errors = FieldErrorCollector()
        if let p = usernameProblem(username) { errors.add("username", p) }
        if let p = passwordProblem(password) { errors.add("password", p) }
        if let p = displayNameProblem(displayName) { errors.add("displayName", p) }
        if role == .citizen { errors.add("role", "Borgerkonti oprettes ikke her, men knyttes til en borger.") }
        if (role == .caseworker || role == .teamLeader || role.isProvider) && unitCount == 0 {
            errors.add("unitIds", "Rollen \(role.danishName.lowercased()) skal tilknyttes mindst én enhed.")
        }
        try errors.throwIfAny()
    }
}

/// Web session lifetime: a session ends after `idle` without activity or `absolute` after login,
/// whichever comes first.
public struct SessionLifetime: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval
    public init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }

    public func isAlive(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idle && now.timeIntervalSince(createdAt) < absolute
    }
}

/// Audit retention: rows older than `months` calendar months before `now` may be purged.
public func auditPurgeCutoff(now: Date, months: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(byAdding: .month, value: -months, to: now)!
}
