import Foundation
import OpenVUMDomain
import Testing

@Suite("Phone numbers, e-mail and postal addresses")
struct ContactRulesTests {
    @Test("a Danish number is eight digits in pairs, however typed", arguments: [
        ("70102030", "70 10 20 30"), ("70 10 20 30", "70 10 20 30"), ("7010-2030", "70 10 20 30"), ("+45 70 10 20 30", "70 10 20 30"),
        ("0045 70102030", "70 10 20 30"), (" 70 10 2030 ", "70 10 20 30"), ("+46 8 123 456 78", "+46812345678"),
    ])
    func written(typed: String, written: String) throws {
        let result = try ContactRules.phone(typed).get()
        #expect(result == written)
    }

    @Test("anything else is refused with why", arguments: [
        ("7010203", ContactRules.PhoneProblem.length), ("701020301", .length), ("+1 23", .length), ("70 10 20 3O", .characters), ("ring 70102030", .characters),
    ])
    func refused(typed: String, problem: ContactRules.PhoneProblem) {
        #expect(throws: problem) { try ContactRules.phone(typed).get() }
    }

    @Test("e-mail addresses and postal addresses")
    func emailAndAddress() {
        #expect(ContactRules.isEmail("socialomraadet@vejle.dk"))
        for bad in ["", "a@b", "@vejle.dk", "a b@vejle.dk", "a@vejle.", "a@@vejle.dk"] { #expect(!ContactRules.isEmail(bad), "\(bad)") }
        #expect(ContactRules.addressProblem("Rådhuspladsen 2\n7100 Vejle") == nil)
        #expect(ContactRules.addressProblem(" \n ") != nil)
        #expect(ContactRules.addressProblem("a\nb\nc\nd\ne") != nil)
        #expect(ContactRules.addressProblem(String(repeating: "x", count: 101)) != nil)
        #expect(ContactRules.addressProblem("Rådhuspladsen\u{7} 2") != nil)
    }

    @Test("the municipality's contact: written the one way, blanks as none, every problem at its field")
    func contact() throws {
        let written = try MunicipalityContact(address: " Rådhuspladsen 2\n7100 Vejle ", phone: "76815000", email: " ").normalised()
        #expect(written == MunicipalityContact(address: "Rådhuspladsen 2\n7100 Vejle", phone: "76 81 50 00", email: nil))
        do {
            _ = try MunicipalityContact(address: "", phone: "123", email: "x").normalised()
            Issue.record("a bad contact was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["contact.phone", "contact.email"])
        }
    }
}
