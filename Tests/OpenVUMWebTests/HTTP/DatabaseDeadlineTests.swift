import Foundation
@testable import OpenVUMWeb
import Testing

@Suite("The request deadline: twice the database timeout, longer for work that is long by nature")
struct DatabaseDeadlineTests {
    @Test("imports half an hour, payment files ten minutes, the economy's figures two minutes; everything else twice the database timeout")
    func bounds() {
        let deadline = DatabaseDeadline(seconds: 10)
        #expect(deadline.bound(for: "/api/v1/imports/case-history") == 1800)
        #expect(deadline.bound(for: "/api/v1/payments/import") == 600)
        #expect(deadline.bound(for: "/oekonomi/betalinger") == 600)
        for path in ["/api/v1/economy/projection", "/api/v1/budgets", "/api/v1/figures", "/oekonomi", "/oekonomi/bevillinger", "/oekonomi/eksport"] {
            #expect(deadline.bound(for: path) == 120, "\(path)")
        }
        for path in ["/api/v1/payments", "/api/v1/payments/9f0c", "/api/v1/cases", "/sager", "/", "/api/v1/orders"] {
            #expect(deadline.bound(for: path) == 10, "\(path)")
        }
        // A database timeout set longer than a long bound keeps its own.
        #expect(DatabaseDeadline(seconds: 300).bound(for: "/oekonomi") == 300)
    }
}
