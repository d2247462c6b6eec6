import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    // MARK: Phase pages

    static func phasePage(_ slug: PhaseSlug, _ m: CasePageModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let body: Node<HTML.BodyContext>
        switch slug {
        case .sagsaabning: body = opening(m, ctx)
        case .sagsoplysning: body = investigation(m, ctx)
        case .sagsvurdering: body = assessment(m, ctx)
        case .afgoerelse: body = decision(m, ctx)
        case .bestilling: body = order(m, ctx)
        case .levering: body = delivery(m, ctx)
        case .opfoelgning: body = followUp(m, ctx)
        }
        return WebPage(title: "\(slug.phase.danishName): \(m.citizen.givenName) \(m.citizen.familyName)", current: .cases, status: status,
            .p(.a(.attr("href", url(m)), .txt("Tilbage til sagen"))),
            phaseNav(m),
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            Controls.errorSummary(m.errors.map { FieldError(field: Controls.id(Controls.name(forPointer: $0.field)), message: $0.message) }),
            body
        )
    }

    static func auto(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
        .group(.dt(.txt(label)), .dd(.txt(value ?? "–")))
    }
}
