import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("The provider register's payment details of an offer (IDs 69-71)")
struct OfferRegisterTests {
    @Test("an order to a registered offer takes its P-number, EAN and account; an unregistered one keeps what was typed")
    func orderTakesRegister() {
        let registered = UUID(), unregistered = UUID()
        var ctx = context(.order)
        ctx.offers = [registered: OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38")]
        var x = RemovalRulesTests.intervention(UUID(), decided: .granted)
        var order = InterventionOrder()
        order.providerUnitId = registered
        order.providerEAN = "5798000416604"
        x.order = order
        var doc = CaseDocument()
        doc.interventions = [x]
        let derived = CaseRules.derive(doc, old: nil, context: ctx).interventions[0].order
        #expect(derived?.providerPNumber == "1003388469" && derived?.providerEAN == "5798000001015" && derived?.providerAccount == "5.38.38")
        doc.interventions[0].order?.providerUnitId = unregistered
        doc.interventions[0].order?.providerAccount = "1234-5678901"
        let typed = CaseRules.derive(doc, old: nil, context: ctx).interventions[0].order
        #expect(typed?.providerPNumber == nil && typed?.providerEAN == "5798000416604" && typed?.providerAccount == "1234-5678901")
    }

    @Test("register entries are checked: 10-digit P-number, EAN with a valid GS1 check digit, account of at most 40 characters")
    func validation() throws {
        #expect(try OfferRegisterEntry.validated(pNumber: " 1003388469 ", ean: "5798000001015", account: "") == OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015"))
        do {
            _ = try OfferRegisterEntry.validated(pNumber: "123", ean: "5798000001016", account: String(repeating: "x", count: 41))
            Issue.record("accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["pNumber", "ean", "account"])
            #expect(error.fieldErrors[1].message == "EAN-nummeret skal være 13 cifre med gyldigt kontrolciffer.")
        }
    }
}
