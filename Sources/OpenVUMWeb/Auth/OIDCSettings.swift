import Foundation
import OpenVUMDomain

/// OpenID Connect login through the national identity infrastructure (MitID Erhverv or the municipality's
/// own IdP for staff, MitID for citizens, both through NemLog-in or a broker): the authorization code flow
/// with PKCE. Configured by environment variables, read with the rest of `AppConfig`.
public struct OIDCSettings: Sendable, Equatable {
    /// The issuer; its `/.well-known/openid-configuration` names the endpoints and keys.
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// This server's callback address as registered at the IdP, e.g. `https://openvum.kommune.dk/login/oidc/callback`.
    public var redirectURL: String
    /// The claim whose value is an OpenVUM username (the claim → user mapping).
    public var usernameClaim: String
    /// The claim that carries the NSIS assurance level (`loa`; `acr` is read when it is absent).
    public var assuranceClaim: String
    /// The least assurance accepted for staff (NSIS "Betydelig" by default) and for citizens.
    public var staffAssurance: AssuranceLevel
    public var citizenAssurance: AssuranceLevel
    public var scopes: String
    /// The text of the login button.
    public var buttonLabel: String

    static let variables = [
        "OPENVUM_OIDC_ISSUER", "OPENVUM_OIDC_CLIENT_ID", "OPENVUM_OIDC_CLIENT_SECRET", "OPENVUM_OIDC_REDIRECT_URL",
        "OPENVUM_OIDC_USERNAME_CLAIM", "OPENVUM_OIDC_ASSURANCE_CLAIM", "OPENVUM_OIDC_STAFF_ASSURANCE", "OPENVUM_OIDC_CITIZEN_ASSURANCE",
        "OPENVUM_OIDC_SCOPES", "OPENVUM_OIDC_BUTTON_LABEL",
    ]

    /// The settings when `OPENVUM_OIDC_ISSUER` is set (nil otherwise); problems are added to `problems`.
    static func load(_ value: (String) -> String?, problems: inout [String]) -> OIDCSettings? {
        guard let issuer = value("OPENVUM_OIDC_ISSUER") else {
            for key in variables.dropFirst() where value(key) != nil { problems.append("\(key) is set but OPENVUM_OIDC_ISSUER is not") }
            return nil
        }
        func url(_ key: String, _ raw: String?) -> String {
            guard let raw else { problems.append("\(key) must be set when OPENVUM_OIDC_ISSUER is set"); return "" }
            guard let c = URLComponents(string: raw), c.host != nil, c.scheme == "https" || c.scheme == "http" else {
                problems.append("\(key)=\(raw) must be an absolute http(s) URL")
                return raw
            }
            return raw
        }
        func level(_ key: String, default d: AssuranceLevel) -> AssuranceLevel {
            guard let raw = value(key) else { return d }
            guard let l = AssuranceLevel(claim: raw) else { problems.append("\(key)=\(raw) must be Low, Substantial or High"); return d }
            return l
        }
        let clientID = value("OPENVUM_OIDC_CLIENT_ID") ?? ""
        if clientID.isEmpty { problems.append("OPENVUM_OIDC_CLIENT_ID must be set when OPENVUM_OIDC_ISSUER is set") }
        let secret = value("OPENVUM_OIDC_CLIENT_SECRET") ?? ""
        if secret.isEmpty { problems.append("OPENVUM_OIDC_CLIENT_SECRET must be set when OPENVUM_OIDC_ISSUER is set") }
        return OIDCSettings(
            issuer: url("OPENVUM_OIDC_ISSUER", issuer).trimmingSuffix("/"), clientID: clientID, clientSecret: secret,
            redirectURL: url("OPENVUM_OIDC_REDIRECT_URL", value("OPENVUM_OIDC_REDIRECT_URL")),
            usernameClaim: value("OPENVUM_OIDC_USERNAME_CLAIM") ?? "preferred_username",
            assuranceClaim: value("OPENVUM_OIDC_ASSURANCE_CLAIM") ?? "loa",
            staffAssurance: level("OPENVUM_OIDC_STAFF_ASSURANCE", default: .substantial),
            citizenAssurance: level("OPENVUM_OIDC_CITIZEN_ASSURANCE", default: .substantial),
            scopes: value("OPENVUM_OIDC_SCOPES") ?? "openid profile",
            buttonLabel: value("OPENVUM_OIDC_BUTTON_LABEL") ?? "Log ind med MitID")
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var s = self
        while s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        return s
    }
}
