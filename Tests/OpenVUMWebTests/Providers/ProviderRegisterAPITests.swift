import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("The provider register in the API: who reads, who keeps capacity and rates")
struct ProviderRegisterAPITests {
    @Test("authority users read every provider; a provider user reads their own; a provider leader keeps their own offers' capacity; the economy role keeps rates",
          arguments: Engine.available)
    func register(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let worker = try await app.token("sagsbehandler"), staff = try await app.token("udfoerer")
            let leader = try await app.token("tilbudsleder"), economy = try await app.token("oekonomi")
            func names(_ token: String) async throws -> [String] {
                let items = try await app.send(.GET, "/api/v1/providers", token: token).json()["items"] as? [[String: Any]] ?? []
                return items.flatMap { p in (p["offers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }.sorted()
            }
            #expect(try await names(worker).count == 3)
            #expect(try await names(staff) == ["Bostøtte Nord (SEL § 85)"])
            let own = DemoData.internalHousingSupportID.uuidString, other = DemoData.externalResidentialID.uuidString

            // Capacity: the provider leader's own offer; another provider's is answered as missing; more vacant
            // places than places is refused and nothing changes.
            var res = try await app.send(.PUT, "/api/v1/offers/\(own)/capacity", token: leader, json: #"{"places":12,"vacant":2}"#)
            #expect(res.status == .ok)
            #expect(try await app.send(.PUT, "/api/v1/offers/\(other)/capacity", token: leader, json: #"{"places":12,"vacant":2}"#).status == .notFound)
            res = try await app.send(.PUT, "/api/v1/offers/\(own)/capacity", token: leader, json: #"{"places":1,"vacant":2}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["vacant"])
            #expect(try await ProviderStore.capacity(offerID: DemoData.internalHousingSupportID, on: app.db) == OfferCapacity(places: 12, vacant: 2))
            #expect(try await app.send(.PUT, "/api/v1/offers/\(own)/capacity", token: economy, json: #"{"places":1}"#).status == .forbidden)

            // Rates: the economy role; an overlapping period or an unreadable date is refused at its field.
            res = try await app.send(.POST, "/api/v1/offers/\(other)/rates", token: economy,
                                     json: #"{"validFrom":"2026-01-01","validTo":"2026-12-31","unit":"day","frequency":"perDay","unitPrice":215000}"#)
            #expect(res.status == .created)
            res = try await app.send(.POST, "/api/v1/offers/\(other)/rates", token: economy,
                                     json: #"{"validFrom":"2026-06-01","unit":"day","frequency":"perDay","unitPrice":220000}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["validFrom"])
            res = try await app.send(.POST, "/api/v1/offers/\(other)/rates", token: economy, json: #"{"validFrom":"1. januar","unit":"day","frequency":"perDay","unitPrice":1}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["validFrom"])
            #expect(try await app.send(.POST, "/api/v1/offers/\(other)/rates", token: leader,
                                       json: #"{"validFrom":"2027-01-01","unit":"day","frequency":"perDay","unitPrice":1}"#).status == .forbidden)
            let offers = try await app.send(.GET, "/api/v1/providers", token: worker).json()["items"] as? [[String: Any]] ?? []
            let lysbro = offers.flatMap { $0["offers"] as? [[String: Any]] ?? [] }.first { $0["id"] as? String == other }
            #expect((lysbro?["rates"] as? [[String: Any]])?.map { $0["unitPrice"] as? Int } == [215000])
            #expect(try await app.auditCount("offer.rate.create") == 1)
            #expect(try await app.auditCount("offer.capacity") == 1)
        }
    }
}
