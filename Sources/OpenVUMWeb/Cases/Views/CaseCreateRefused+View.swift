import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseViews {
    /// Opening a case was refused: what was wrong, and the way back to the citizen.
    static func createRefused(_ error: DomainError, citizenID: UUID) -> WebPage {
        WebPage(            title: error.title, current: .cases, status: error.httpStatus,
            .p(.txt(error.detail)), .ul(.forEach(error.fieldErrors) { .li(.txt($0.message)) }),
            .p(.a(.attr("href", SiteURL.citizen(citizenID).path), .txt("Tilbage til borgeren"))))
    }
}
