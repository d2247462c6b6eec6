import Fluent
import Foundation
import JWT
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// CSRF protection for web forms. Logged-in forms carry the session's token (synchronizer token);
/// the login form, which has no session yet, uses a double-submit cookie.
enum CSRF {
    static let fieldName = "_csrf"
    static let loginCookie = "openvum_login_csrf"

    static let invalid = DomainError(
        .forbidden, code: "csrf.invalid", title: "Formularen kunne ikke godkendes",
        detail: "Formularen er udløbet eller mangler sit sikkerhedsfelt. Gå tilbage, genindlæs siden og prøv igen.")

    /// The token to put in a form rendered for this request.
    static func token(for req: Request) -> String {
        if let session = req.storage[WebSession.CurrentKey.self] { return session.csrfToken }
        if let existing = req.storage[LoginTokenKey.self] { return existing }
        let existing = req.cookies[loginCookie]?.string ?? ""
        let token = existing.isEmpty ? Secrets.random() : existing
        req.storage[LoginTokenKey.self] = token
        return token
    }

    /// Sets the double-submit cookie when the page rendered a login token.
    static func attachLoginCookie(_ req: Request, to response: Response) {
        if let token = req.storage[LoginTokenKey.self] {
            response.cookies[loginCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.openvum.config.cookieSecure, isHTTPOnly: true, sameSite: .strict)
        }
    }

    struct LoginTokenKey: StorageKey {
        typealias Value = String
    }

    struct FormToken: Decodable {
        var _csrf: String?
    }

    /// Accepts the session's token; on the login form (`loginForm`), also the double-submit token (the login
    /// form may be posted by a browser that still carries an older session: logging in then replaces it).
    /// The login cookie is never accepted on any other form.
    static func verify(_ req: Request, loginForm: Bool) throws {
        let sent = (try? req.content.decode(FormToken.self))?._csrf ?? ""
        let candidates = [req.storage[WebSession.CurrentKey.self]?.csrfToken, loginForm ? req.cookies[loginCookie]?.string : nil]
            .compactMap { $0 }.filter { !$0.isEmpty }
        guard !sent.isEmpty, candidates.contains(where: { Secrets.equal(sent, $0) }) else { throw invalid }
    }
}
