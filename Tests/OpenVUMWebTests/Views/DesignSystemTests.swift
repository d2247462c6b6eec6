import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Det Fælles Designsystem: its patterns and class names, and the official stylesheet on request")
struct DesignSystemTests {
    @Test("the header names the responsible authority and its phone; an error summary stands above the heading; each error carries a hidden 'Fejl:'")
    func patterns() async throws {
        try await withTestApp(.sqlite) { app in
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            var page = try await web.get(app, "/borgere")
            let header = try #require(page.body.string.components(separatedBy: "</header>").first)
            #expect(header.contains(#"<strong class="authority-name">Demokommune</strong>"#) && header.contains("Telefon 70 10 20 30"))
            #expect(header.contains(#"class="portal-header""#) && header.contains(#"class="solution-header""#) && header.contains(#"class="navigation-menu""#))
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": "x"], csrfFrom: page)
            let body = page.body.string
            let summary = try #require(body.range(of: #"class="error-summary alert alert-error""#)), heading = try #require(body.range(of: "<h1>"))
            #expect(summary.lowerBound < heading.lowerBound)
            #expect(body.contains(#"<p id="cpr-fejl" class="error form-error-message"><span class="sr-only">Fejl: </span>"#))
            #expect(body.contains(#"class="field has-error form-group form-error""#))
            // OpenVUM's own stylesheet by default; the content security policy allows no other origin.
            #expect(body.contains(#"<link rel="stylesheet" href="/static/openvum.css"/>"#))
            #expect(page.headers.first(name: "Content-Security-Policy") == ResponseHeadersMiddleware.contentSecurityPolicy)
        }
    }

    @Test("OPENVUM_DKFDS_STYLESHEET loads the official stylesheet and OpenVUM's supplement instead, and the policy allows its origin")
    func officialStylesheet() async throws {
        // Only a path on this site or an https URL.
        for bad in ["http://cdn.example.dk/dkfds.css", "//cdn.example.dk/dkfds.css", "javascript:alert(1)", "https://x.dk/a.css; script-src *", "dkfds.css"] {
            #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(from: ["OPENVUM_DKFDS_STYLESHEET": bad]) }
        }
        #expect(AppConfig.stylesheetOrigin("/dkfds/css/dkfds.min.css") == "'self'")
        #expect(AppConfig.stylesheetOrigin("https://cdn.example.dk:8443/dkfds/11.0.0/css/dkfds.min.css") == "https://cdn.example.dk:8443")
        try await withTestApp(.sqlite) { app in
            app.openvum.config.dkfdsStylesheet = "https://cdn.example.dk/dkfds/11.0.0/css/dkfds.min.css"
            let web = try await WebSessionClient.login(app, "sagsbehandler")
            let page = try await web.get(app, "/sager")
            let head = try #require(page.body.string.components(separatedBy: "</head>").first)
            #expect(head.contains(#"<link rel="stylesheet" href="https://cdn.example.dk/dkfds/11.0.0/css/dkfds.min.css"/><link rel="stylesheet" href="/static/openvum-dkfds.css"/>"#))
            #expect(!head.contains("/static/openvum.css"))
            let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("script-src 'none'") && csp.contains("style-src 'self' https://cdn.example.dk;") && csp.contains("font-src 'self' https://cdn.example.dk;"))
            let supplement = try await app.send(.GET, "/static/openvum-dkfds.css")
            #expect(supplement.status == .ok && supplement.body.string.contains(".case-layout"))
        }
    }
}
