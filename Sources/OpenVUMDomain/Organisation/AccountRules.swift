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

    /// A new account as typed in the API, on the administrator's page or on the command line, once checked.
    public struct NewAccount: Sendable, Equatable {
        public var username: String
        public var password: String
        public var displayName: String
        public var role: Role
    }

    /// Checks a new account as typed (the role as its code), listing every problem at once. The one check
    /// behind the API, the administrator's page and `openvum users create`.
    public static func validateNewAccount(
        username: String?, password: String?, displayName: String?, role rawRole: String?, unitCount: Int
    ) throws(DomainError) -> NewAccount {
        var errors = FieldErrorCollector()
        let role = rawRole.flatMap(Role.init(rawValue:))
        if rawRole == nil {
            errors.add("role", "Rolle skal udfyldes.")
        } else if role == nil {
            errors.add("role", "Ukendt rolle. Tilladte: \(Role.allCases.filter { $0 != .citizen }.map(\.rawValue).joined(separator: ", ")).")
        }
        do {
            try validateNewUser(
                username: username ?? "", password: password ?? "", displayName: displayName ?? "", role: role ?? .administrator, unitCount: unitCount)
        } catch { for e in error.fieldErrors { errors.add(e.field, e.message) } }
        try errors.throwIfAny()
        return NewAccount(username: username ?? "", password: password ?? "", displayName: displayName ?? "", role: role ?? .administrator)
    }

    /// Checks a change to an account (a value left out is not changed): the role as its code, and the rules that
    /// an administrator can neither deactivate their own account nor change their own role. Returns the new role.
    public static func validateChanges(
        displayName: String?, role rawRole: String?, active: Bool?, phone: String? = nil, changingOwnAccount: Bool, currentRole: Role
    ) throws(DomainError) -> (role: Role?, phone: String?) {
        var errors = FieldErrorCollector()
        // A phone number written the one way; blank removes it ("").
        var writtenPhone: String?
        if let phone {
            if phone.trimmingCharacters(in: .whitespaces).isEmpty { writtenPhone = "" } else {
                switch ContactRules.phone(phone) {
                case .success(let p): writtenPhone = p
                case .failure(let problem): errors.add("phone", problem.message)
                }
            }
        }
        var role: Role?
        if let raw = rawRole {
            role = Role(rawValue: raw)
            if role == nil || role == .citizen {
                errors.add("role", "Ukendt rolle. Tilladte: \(Role.allCases.filter { $0 != .citizen }.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let name = displayName, let p = displayNameProblem(name) { errors.add("displayName", p) }
        if changingOwnAccount {
            if active == false { errors.add("active", "Du kan ikke deaktivere din egen konto.") }
            if let role, role != currentRole { errors.add("role", "Du kan ikke ændre din egen rolle.") }
        }
        try errors.throwIfAny()
        return (role, writtenPhone)
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
