import Foundation
import OpenVUMDomain
import Testing

@Suite("The provider register: rates and capacity")
struct ProviderRegisterTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }
    static func rate(_ from: String, _ to: String?, _ price: Int) -> OfferRate {
        OfferRate(validFrom: day(from), validTo: to.map(day), unit: .hour, frequency: .perWeek, unitPrice: price)
    }

    @Test("an order takes the rate valid on its start date; both ends of a period count; none when no rate is valid")
    func rateOnDay() {
        let rates = [Self.rate("2025-01-01", "2025-12-31", 45000), Self.rate("2026-01-01", nil, 47500)]
        #expect(ProviderRegister.rate(on: Self.day("2025-12-31"), among: rates)?.unitPrice == 45000)
        #expect(ProviderRegister.rate(on: Self.day("2026-01-01"), among: rates)?.unitPrice == 47500)
        #expect(ProviderRegister.rate(on: Self.day("2031-06-01"), among: rates)?.unitPrice == 47500)
        #expect(ProviderRegister.rate(on: Self.day("2024-12-31"), among: rates) == nil)
    }

    @Test("a rate is refused for a price of zero, an end before its start, or a day shared with another rate — each at its field")
    func rateRules() throws {
        let existing = [Self.rate("2025-01-01", "2025-12-31", 45000)]
        #expect(throws: Never.self) { try ProviderRegister.validate(Self.rate("2026-01-01", nil, 47500), others: existing) }
        do {
            try ProviderRegister.validate(Self.rate("2025-12-31", "2025-06-01", 0), others: existing)
            Issue.record("a bad rate was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["unitPrice", "validTo", "validFrom"])
            #expect(error.fieldErrors.last?.message.contains("01-01-2025–31-12-2025") == true)
        }
        // A rate without end date is succeeded by a later one: it ends the day before. One starting on the same day is still refused.
        let open = [Self.rate("2025-01-01", nil, 45000)]
        #expect(throws: Never.self) { try ProviderRegister.validate(Self.rate("2026-01-01", nil, 47500), others: open) }
        #expect(ProviderRegister.afterAdding(Self.rate("2026-01-01", nil, 47500), to: open)
                == [Self.rate("2025-01-01", "2025-12-31", 45000), Self.rate("2026-01-01", nil, 47500)])
        #expect(throws: DomainError.self) { try ProviderRegister.validate(Self.rate("2025-01-01", "2025-06-30", 47500), others: open) }
        // Open-ended periods overlap everything after their start.
        #expect(ProviderRegister.overlaps(Self.rate("2025-01-01", nil, 1), Self.rate("2030-01-01", "2030-02-01", 1)))
        #expect(!ProviderRegister.overlaps(Self.rate("2025-01-01", "2025-12-31", 1), Self.rate("2026-01-01", nil, 1)))
    }

    @Test("capacity: whole numbers within bounds, never more vacant places than places")
    func capacity() {
        #expect(throws: Never.self) { try ProviderRegister.validate(OfferCapacity(places: 12, vacant: 3)) }
        #expect(throws: Never.self) { try ProviderRegister.validate(OfferCapacity(places: nil, vacant: 2)) }
        do {
            try ProviderRegister.validate(OfferCapacity(places: 4, vacant: 5))
            Issue.record("more vacant places than places was accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["vacant"])
        }
        #expect(throws: DomainError.self) { try ProviderRegister.validate(OfferCapacity(places: -1)) }
    }

    @Test("offer details: the paragraph read as its code, FFB codes of the right value sets, a three-digit municipality, texts within limits")
    func details() throws {
        let t = FakeTerminology()
        let ok = try ProviderRegister.validated(OfferDetails(
            legalBasis: "servicelovens § 107, stk. 1", offerType: FakeTerminology.residential,
            targetGroups: [FakeTerminology.targetGroup, FakeTerminology.targetGroup], address: "  Søvej 3, 8000 Aarhus C ",
            municipalityCode: "0751", description: " "), terminology: t)
        #expect(ok == OfferDetails(legalBasis: "SEL § 107", offerType: FakeTerminology.residential, targetGroups: [FakeTerminology.targetGroup],
                                   address: "Søvej 3, 8000 Aarhus C", municipalityCode: "751", description: nil))
        do {
            _ = try ProviderRegister.validated(OfferDetails(
                legalBasis: "§ 999", offerType: FakeTerminology.housingSupport, targetGroups: ["x"], address: String(repeating: "a", count: 201),
                municipalityCode: "75", description: String(repeating: "b", count: 4001)), terminology: t)
            Issue.record("bad details were accepted")
        } catch {
            #expect(error.fieldErrors.map(\.field) == ["legalBasis", "offerType", "targetGroups/0", "municipalityCode", "address", "description"])
            // An intervention code is not an offer type: the value set decides.
            #expect(error.fieldErrors[1].message.contains(FakeTerminology.housingSupport))
        }
    }
}
