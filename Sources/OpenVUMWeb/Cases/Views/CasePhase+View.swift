import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    // MARK: Phase pages

    static func phasePage(_ slug: PhaseSlug, _ m: CasePageModel, on req: Request, status: HTTPResponseStatus = .ok) -> Response {
        let body: Node<HTML.BodyContext>
        switch slug {
        case .sagsaabning: body = opening(m, req)
        case .sagsoplysning: body = investigation(m, req)
        case .sagsvurdering: body = assessment(m, req)
        case .afgoerelse: body = decision(m, req)
        case .bestilling: body = order(m, req)
        case .levering: body = delivery(m, req)
        case .opfoelgning: body = followUp(m, req)
        }
        return Layout.page(
            title: "\(slug.phase.danishName): \(m.citizen.givenName) \(m.citizen.familyName)", req: req, current: .cases, status: status,
            .p(.a(.attr("href", url(m)), .txt("Tilbage til sagen"))),
            phaseNav(m),
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            Layout.errorSummary(m.errors.map { FieldError(field: Controls.id(Controls.name(forPointer: $0.field)), message: $0.message) }),
            body
        )
    }

    static func auto(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
        .group(.dt(.txt(label)), .dd(.txt(value ?? "–")))
    }
}
