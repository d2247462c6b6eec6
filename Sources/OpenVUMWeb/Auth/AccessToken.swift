import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The claims of an API access token: a short-lived HS256 JWT that says who the caller is (`sub`) and for
/// whom it was issued (`iss`, `aud`). What the caller may do is not in the token: the principal (role, units,
/// active or not) is read from the database (`PrincipalCache`), so a deactivated account, a changed role or
/// changed units take effect at once on this server and within `OPENVUM_AUTH_CACHE_SECONDS` on others.
struct AccessToken: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var iss: IssuerClaim
    var aud: AudienceClaim

    init(userID: UUID, issuedAt: Date, expiresAt: Date) {
        sub = SubjectClaim(value: userID.uuidString.lowercased())
        exp = ExpirationClaim(value: expiresAt)
        iat = IssuedAtClaim(value: issuedAt)
        iss = IssuerClaim(value: AccessTokenRules.issuer)
        aud = AudienceClaim(value: AccessTokenRules.audience)
    }

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}

/// Authenticates `/api/v1` requests from `Authorization: Bearer <token>`. A present but malformed, forged,
/// expired, over-long-lived or foreign token, or one whose user no longer exists or is inactive, is refused
/// (401), never ignored.
struct BearerAuthMiddleware: AsyncMiddleware {
    static let invalid = DomainError(
        .unauthenticated, code: "auth.token.invalid", title: "Ugyldigt adgangstoken",
        detail: "Adgangstokenet er ugyldigt eller udløbet. Hent et nyt med POST /api/v1/auth/token.")

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.headers.first(name: .authorization) != nil {
            guard let bearer = req.headers.bearerAuthorization else {
                throw DomainError(.unauthenticated, code: "auth.header.invalid", title: "Ugyldig Authorization-header",
                                  detail: "Brug formen: Authorization: Bearer <token>.")
            }
            let token = try await req.jwt.verify(bearer.token, as: AccessToken.self)
            // Tokens live in real time (their expiry is checked against the system clock, like the signature's
            // library does), whatever clock the case rules run on.
            let now = Date()
            if let problem = AccessTokenRules.problem(
                issuer: token.iss.value, audiences: token.aud.value, issuedAt: token.iat.value, expiresAt: token.exp.value,
                now: now, lifetime: req.openvum.config.tokenLifetime) {
                req.logger.info("token refused", metadata: ["reason": .string(problem)])
                throw Self.invalid
            }
            guard let userID = UUID(uuidString: token.sub.value) else { throw Self.invalid }
            let db = req.db
            guard let principal = try await req.openvum.principals.principal(userID: userID, now: now, load: {
                try await UserStore.principal(userID: userID, on: db)
            }) else { throw Self.invalid }
            req.auth.login(principal)
        }
        return try await next.respond(to: req)
    }
}
