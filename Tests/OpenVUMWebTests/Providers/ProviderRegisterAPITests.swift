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

    @Test("the administrator keeps an offer's register entry; a provider leader only their own offer's description; bad fields are told together and nothing is saved",
          arguments: Engine.available)
    func offerEntry(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin"), leader = try await app.token("tilbudsleder"), worker = try await app.token("sagsbehandler")
            let t = try await app.openvum.terminology.current(on: app.db)
            let offerType = try #require(t.valueSet(FFBValueSet.services).first?.code), group = try #require(t.valueSet(FFBValueSet.targetGroups).first?.code)
            let own = DemoData.internalHousingSupportID, other = DemoData.externalResidentialID
            let before = try #require(try await ProviderStore.offer(own, municipalityID: DemoData.municipalityID, on: app.db))

            var res = try await app.send(.PATCH, "/api/v1/offers/\(own)", token: admin, json: """
                {"legalBasis":"serviceloven § 85","offerType":"\(offerType)","targetGroups":["\(group)"],"address":"Nørregade 4, 8000 Aarhus C","municipalityCode":"0751"}
                """)
            #expect(res.status == .ok)
            let body = try res.json()
            #expect(body["legalBasis"] as? String == "SEL § 85")
            #expect(body["municipalityCode"] as? String == "751")
            #expect(body["targetGroups"] as? [String] == [group])
            // Fields the patch left out are unchanged (the payment details the demo gave the offer).
            #expect(body["pNumber"] as? String == before.register.pNumber)

            // A wrong EAN check digit and an unknown paragraph: both told, nothing saved.
            res = try await app.send(.PATCH, "/api/v1/offers/\(own)", token: admin, json: #"{"ean":"5790000000001","legalBasis":"§ 999","address":"Et andet sted"}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["ean", "legalBasis"])
            var saved = try #require(try await ProviderStore.offer(own, municipalityID: DemoData.municipalityID, on: app.db))
            #expect(saved.details.address == "Nørregade 4, 8000 Aarhus C")
            #expect(saved.register == before.register)

            // The provider leader: the description of their own offer; the register's other fields are the authority's.
            res = try await app.send(.PATCH, "/api/v1/offers/\(own)", token: leader, json: #"{"description":"Støtte i eget hjem, dag og aften."}"#)
            #expect(res.status == .ok)
            res = try await app.send(.PATCH, "/api/v1/offers/\(own)", token: leader, json: #"{"description":"x","ean":null}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.problem().errors?.map(\.field) == ["ean"])
            #expect(try await app.send(.PATCH, "/api/v1/offers/\(other)", token: leader, json: #"{"description":"x"}"#).status == .notFound)
            #expect(try await app.send(.PATCH, "/api/v1/offers/\(own)", token: worker, json: #"{"description":"x"}"#).status == .forbidden)
            saved = try #require(try await ProviderStore.offer(own, municipalityID: DemoData.municipalityID, on: app.db))
            #expect(saved.details.description == "Støtte i eget hjem, dag og aften.")
            #expect(saved.register == before.register)

            // The provider's kind, by the administrator; an unknown kind is refused.
            res = try await app.send(.PATCH, "/api/v1/providers/\(DemoData.externalProviderID)", token: admin, json: #"{"providerKind":"privateProvider"}"#)
            #expect(res.status == .ok)
            #expect(try res.json()["providerKind"] as? String == "privateProvider")
            res = try await app.send(.PATCH, "/api/v1/providers/\(DemoData.externalProviderID)", token: admin, json: #"{"providerKind":"hospital"}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(try await app.send(.PATCH, "/api/v1/providers/\(own)", token: admin, json: #"{"providerKind":"regional"}"#).status == .notFound)
            #expect(try await app.auditCount("offer.update") == 2)
            #expect(try await app.auditCount("provider.update") == 1)
        }
    }
}
