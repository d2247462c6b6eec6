import FluentKit
import Foundation
import OpenVUMDomain
@testable import OpenVUMSeeding
@testable import OpenVUMStore
import OpenVUMTestSupport
import SQLKit
import Testing

@Suite("The provider register in the database: rates and capacity")
struct ProviderStoreTests {
    static func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    @Test("rates are added by the register's rules (an overlap is refused and nothing saved); the rate on a day is found; another municipality's offer is unknown",
          arguments: Engine.available)
    func rates(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            let offer = DemoData.internalHousingSupportID, muni = DemoData.municipalityID
            try await ProviderStore.addRate(OfferRate(validFrom: Self.day("2026-01-01"), validTo: Self.day("2026-12-31"), unit: .hour, frequency: .perWeek, unitPrice: 45000),
                                            offerID: offer, municipalityID: muni, userID: nil, now: Date(), audit: nil, on: db)
            try await ProviderStore.addRate(OfferRate(validFrom: Self.day("2027-01-01"), unit: .hour, frequency: .perWeek, unitPrice: 46500),
                                            offerID: offer, municipalityID: muni, userID: nil, now: Date(), audit: nil, on: db)
            await #expect(throws: DomainError.self) {
                try await ProviderStore.addRate(OfferRate(validFrom: Self.day("2026-06-01"), validTo: Self.day("2026-06-30"), unit: .hour, frequency: .perWeek,
                                                          unitPrice: 50000), offerID: offer, municipalityID: muni, userID: nil, now: Date(), audit: nil, on: db)
            }
            let stored = try await ProviderStore.rates(offerID: offer, on: db)
            #expect(stored.map(\.unitPrice) == [45000, 46500])
            #expect(ProviderRegister.rate(on: Self.day("2027-03-01"), among: stored)?.unitPrice == 46500)
            await #expect(throws: DomainError.self) {
                try await ProviderStore.addRate(OfferRate(validFrom: Self.day("2030-01-01"), unit: .hour, frequency: .perWeek, unitPrice: 1),
                                                offerID: offer, municipalityID: UUID(), userID: nil, now: Date(), audit: nil, on: db)
            }
        }
    }

    @Test("capacity: places and vacant places are kept; more vacant than places is refused and nothing changes", arguments: Engine.available)
    func capacity(engine: Engine) async throws {
        try await withStore(engine) { db in
            try await DemoData.seed(passwordHash: "x", on: db)
            let offer = DemoData.internalResidentialID, muni = DemoData.municipalityID
            try await ProviderStore.setCapacity(OfferCapacity(places: 12, vacant: 2), offerID: offer, municipalityID: muni, on: db)
            await #expect(throws: DomainError.self) {
                try await ProviderStore.setCapacity(OfferCapacity(places: 1, vacant: 2), offerID: offer, municipalityID: muni, on: db)
            }
            #expect(try await ProviderStore.capacity(offerID: offer, on: db) == OfferCapacity(places: 12, vacant: 2))
        }
    }
}
