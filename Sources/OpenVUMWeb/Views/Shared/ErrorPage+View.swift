import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    // MARK: Errors

    static func errorPage(_ problem: Problem, _ ctx: PageContext) -> WebPage {
        let title: String
        switch problem.status {
        case 404: title = "Siden findes ikke"
        case 403: title = problem.title
        case 422: title = "Ugyldige oplysninger"
        case 503: title = problem.title
        case 500...: title = "Der opstod en fejl"
        default: title = problem.title
        }
        return WebPage(title: title, status: HTTPResponseStatus(statusCode: problem.status),
            .p(.txt(problem.detail)),
            .unwrap(problem.errors) { errors in .ul(.forEach(errors) { .li(.txt($0.message)) }) },
            .if(problem.status >= 500, .p(.class("hint"), .txt("Fejl-id: \(problem.requestId ?? "")"))),
            .p(.a(.attr("href", (ctx.principal != nil) ? SiteURL.start.path : SiteURL.login(next: nil, expired: false).path), .txt("Gå til forsiden")))
        )
    }
}
