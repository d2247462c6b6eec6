import Foundation

/// One problem with one input field, in Danish, named by the field's JSON name (or JSON pointer).
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Every error a rule can raise. The web layer maps `kind` to an HTTP status in one place;
/// `title` and `detail` are Danish and safe to show to the user (never CPR numbers or internals).
public struct DomainError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The input breaks a rule (422).
        case validation
        /// The resource does not exist, or is outside the caller's scope (404: the two are indistinguishable).
        case notFound
        /// The resource already exists, or the write conflicts with its state (409).
        case conflict
        /// The caller's `If-Match` does not match the current version (412).
        case preconditionFailed
        /// An update was sent without `If-Match` (428).
        case preconditionRequired
        /// The caller is not authenticated (401).
        case unauthenticated
        /// The caller is authenticated but their role may not do this (403).
        case forbidden
        /// The request body is malformed (400).
        case badRequest
        /// The request body is too large (413).
        case payloadTooLarge
        /// Too many attempts; try again after `retryAfter` seconds (429).
        case tooManyRequests
        /// The service cannot answer now (its database is unreachable); try again after `retryAfter` seconds (503).
        case unavailable
    }

    public var kind: Kind
    /// A stable machine-readable code, e.g. `citizen.cpr.invalid`.
    public var code: String
    public var title: String
    public var detail: String
    public var fieldErrors: [FieldError]
    /// Seconds after which a retry may succeed (429 and 503 send it as `Retry-After`).
    public var retryAfter: Int?

    public init(_ kind: Kind, code: String, title: String, detail: String, fieldErrors: [FieldError] = [], retryAfter: Int? = nil) {
        self.kind = kind
        self.code = code
        self.title = title
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.retryAfter = retryAfter
    }

    /// A validation error listing every field problem at once.
    public static func validation(_ fieldErrors: [FieldError], detail: String? = nil) -> DomainError {
        DomainError(
            .validation, code: "validation", title: "Ugyldige oplysninger",
            detail: detail ?? "Et eller flere felter er ikke udfyldt korrekt. Ret dem og prøv igen.",
            fieldErrors: fieldErrors)
    }

    public static func notFound(_ what: String = "Ressourcen") -> DomainError {
        DomainError(.notFound, code: "not-found", title: "Ikke fundet", detail: "\(what) findes ikke, eller du har ikke adgang til den.")
    }

    public static let staleVersion = DomainError(
        .preconditionFailed, code: "version.stale", title: "Oplysningerne er ændret af en anden",
        detail: "Nogen har gemt en nyere udgave, siden du hentede den. Hent den igen, og gentag din ændring.")

    public static let versionRequired = DomainError(
        .preconditionRequired, code: "version.required", title: "Versionsangivelse mangler",
        detail: "Ændringer kræver headeren If-Match med den ETag, du fik, da du hentede ressourcen.")

    public static let unauthenticated = DomainError(
        .unauthenticated, code: "auth.required", title: "Log ind først",
        detail: "Du skal være logget ind for at bruge denne funktion.")

    /// The database cannot be reached (or did not answer in time): fail fast, and say when to try again.
    public static let databaseUnavailable = DomainError(
        .unavailable, code: "service.unavailable", title: "Tjenesten er midlertidigt utilgængelig",
        detail: "Databasen svarer ikke lige nu. Intet er gemt. Prøv igen om lidt.", retryAfter: 5)

    /// The database did not answer in time: a change may or may not have been saved.
    public static let databaseTimedOut = DomainError(
        .unavailable, code: "service.timeout", title: "Tjenesten svarede ikke i tide",
        detail: "Databasen svarede ikke i tide. En ændring kan være gemt eller ej: hent oplysningerne igen, før du gentager den.", retryAfter: 5)

    public static let forbidden = DomainError(
        .forbidden, code: "auth.forbidden", title: "Ingen adgang",
        detail: "Din rolle giver ikke adgang til denne funktion.")
}

/// Collects field errors so a rule can report every problem at once instead of the first.
public struct FieldErrorCollector: Sendable {
    public private(set) var errors: [FieldError] = []
    public init() {}
    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }
    /// Throws a validation error when any problem was collected.
    public func throwIfAny() throws(DomainError) {
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }
}
