import Foundation
import OpenVUMDomain
import Plot
import Vapor

/// What a page needs from the request, and nothing else, so that a page can be rendered in a test: who is
/// looking, the form token, and the time.
struct PageContext: Sendable {
    var principal: Principal?
    /// The CSRF token for forms (asked for only by pages with a form: the login page sets its cookie then).
    var csrfToken: @Sendable () -> String
    var now: Date
    /// The stylesheets every page links: OpenVUM's own, or the official DKFDS stylesheet and OpenVUM's supplement
    /// (`OPENVUM_DKFDS_STYLESHEET`).
    var stylesheets: [String] = [SiteURL.stylesheet.path]

    var today: CalendarDate { CalendarDate(now) }
}

/// A rendered page before it becomes a response: title, the navigation item it belongs to, status and body.
/// Views return a `Page` from a model and a `PageContext`; `Request.render` turns it into a response.
struct WebPage {
    var title: String
    var current: SiteURL?
    var status: HTTPResponseStatus
    var content: Node<HTML.BodyContext>
    /// A refused form's errors: the error summary above the heading links each to its field.
    var errors: [FieldError] = []

    init(title: String, current: SiteURL? = nil, status: HTTPResponseStatus = .ok, _ content: Node<HTML.BodyContext>...) {
        self.title = title
        self.current = current
        self.status = status
        self.content = .group(content)
    }

    /// The whole HTML document (`indented` for snapshots a reviewer reads).
    func html(_ context: PageContext, indented: Bool = false) -> String {
        Layout.document(self, context, indented: indented)
    }

    /// The page with the error summary of a refused form above its heading.
    func withErrors(_ errors: [FieldError]) -> WebPage {
        var page = self
        page.errors = errors
        return page
    }

    func withStatus(_ status: HTTPResponseStatus) -> WebPage {
        var page = self
        page.status = status
        return page
    }
}

extension Request {
    /// The page context of this request.
    var pageContext: PageContext {
        PageContext(principal: auth.get(Principal.self), csrfToken: { CSRF.token(for: self) }, now: openvum.now(),
                    stylesheets: openvum.config.dkfdsStylesheet.map { [$0, SiteURL.dkfdsSupplement.path] } ?? [SiteURL.stylesheet.path])
    }

    /// The page as an HTML response (no caching; the login form's CSRF cookie when the page rendered one).
    func render(_ page: WebPage) -> Response {
        let response = Response(status: page.status)
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.body = .init(string: page.html(pageContext))
        CSRF.attachLoginCookie(self, to: response)
        return response
    }
}
