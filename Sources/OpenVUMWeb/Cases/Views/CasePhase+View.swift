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
            caseHeader(m, ctx),
            .p(.a(.attr("href", url(m)), .txt("Tilbage til sagen"))),
            phaseNav(m),
            .unwrap(m.notice) { .p(.class("notice"), .attr("role", "status"), .txt($0)) },
            body
        ).withErrors(m.errors.map { FieldError(field: anchor(for: $0.field), message: $0.message) })
    }

    /// The id of the form field an error's JSON pointer belongs to, so that the error summary's link lands on it:
    /// the goal, intervention, follow-up and committee forms name their fields by item, not by list position.
    static func anchor(for pointer: String) -> String {
        let parts = pointer.split(separator: "/").map(String.init)
        switch (parts.first, parts.count) {
        case ("goals", 3...): return "goal-\(parts[2])"
        case ("interventions", 3...) where !["decision", "order", "delivery", "end"].contains(parts[2]):
            switch parts[2] {
            case "services": return "x-service-\(parts.count > 3 ? parts[3] : "0")"
            case "offers": return "x-offer"
            default: return "x-\(parts[2])"
            }
        case ("followUps", 3...): return parts[2] == "interventionStatuses" || parts[2] == "goalDecisions" ? "f-outcome" : "f-\(parts[2])"
        case ("assessment", 4...) where parts[1] == "committeeReviews": return "committee-\(parts[3])"
        default: return Controls.id(Controls.name(forPointer: pointer))
        }
    }

    static func auto(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
        .group(.dt(.txt(label)), .dd(.txt(value ?? "–")))
    }
}
