import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("The provider register in the browser: each role's forms on an offer's page")
struct ProviderRegisterWebTests {
    @Test("the provider leader keeps places and the description of their own offer; the economy role adds a rate in kroner; refusals keep what was typed and save nothing",
          arguments: Engine.available)
    func offerPage(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let own = DemoData.internalHousingSupportID, other = DemoData.externalResidentialID
            let offerPath = "/tilbud/\(own.uuidString.lowercased())"

            var leader = try await WebSessionClient.login(app, "tilbudsleder")
            let list = try await leader.get(app, "/tilbud")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Bostøtte Nord"))
            #expect(!list.body.string.contains("Lysbro"))
            // Another provider's offer answers as one that does not exist.
            #expect(try await leader.get(app, "/tilbud/\(other.uuidString.lowercased())").status == .notFound)

            var page = try await leader.get(app, offerPath)
            #expect(page.body.string.contains("Gem pladser"))
            #expect(!page.body.string.contains("Tilføj takst"))
            #expect(!page.body.string.contains("Gem registeroplysninger"))
            var res = try await leader.post(app, offerPath + "/pladser", form: ["places": "8", "vacant": "9"], csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Der kan ikke være flere ledige pladser (9) end pladser (8)."))
            #expect(res.body.string.contains(#"value="9""#))
            #expect(try await ProviderStore.capacity(offerID: own, on: app.db) == OfferCapacity())
            res = try await leader.post(app, offerPath + "/pladser", form: ["places": "8", "vacant": "3"], csrfFrom: page)
            #expect(res.status == .seeOther)
            #expect(try await ProviderStore.capacity(offerID: own, on: app.db) == OfferCapacity(places: 8, vacant: 3))
            page = try await leader.get(app, offerPath)
            res = try await leader.post(app, offerPath, form: ["description": "Bostøtte i eget hjem, hverdage 8–22."], csrfFrom: page)
            #expect(res.status == .seeOther)
            // A register field sent by the provider leader is not theirs to change: ignored by the form, kept as it was.
            res = try await leader.post(app, offerPath, form: ["description": "Ny tekst", "ean": "5790000000001"], csrfFrom: page)
            #expect(res.status == .seeOther)
            let saved = try #require(try await ProviderStore.offer(own, municipalityID: DemoData.municipalityID, on: app.db))
            #expect(saved.details.description == "Ny tekst")
            #expect(saved.register.ean == "5798000001015")

            var economy = try await WebSessionClient.login(app, "oekonomi")
            page = try await economy.get(app, offerPath)
            #expect(page.body.string.contains("Tilføj takst"))
            #expect(!page.body.string.contains("Gem pladser"))
            res = try await economy.post(app, offerPath + "/takster",
                                         form: ["validFrom": "2026-01-01", "validTo": "", "unit": "hour", "frequency": "perWeek", "unitPrice": "512,50"], csrfFrom: page)
            #expect(res.status == .seeOther)
            res = try await economy.post(app, offerPath + "/takster",
                                         form: ["validFrom": "2026-07-01", "unit": "hour", "frequency": "perWeek", "unitPrice": "5,125"], csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Skriv taksten i kroner"))
            res = try await economy.post(app, offerPath + "/takster",
                                         form: ["validFrom": "2025-12-01", "validTo": "2026-01-31", "unit": "hour", "frequency": "perWeek", "unitPrice": "530"],
                                         csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Perioden overlapper en anden takst"))
            #expect(try await ProviderStore.rates(offerID: own, on: app.db).map(\.unitPrice) == [51250])
            // A later rate succeeds the open-ended one, which ends the day before.
            res = try await economy.post(app, offerPath + "/takster",
                                         form: ["validFrom": "2027-01-01", "unit": "hour", "frequency": "perWeek", "unitPrice": "530"], csrfFrom: page)
            #expect(res.status == .seeOther)
            let rates = try await ProviderStore.rates(offerID: own, on: app.db)
            #expect(rates.map(\.unitPrice) == [51250, 53000])
            #expect(rates.first?.validTo == CalendarDate("2026-12-31"))
            // The provider leader cannot add a rate; the economy role cannot change places.
            #expect(try await leader.post(app, offerPath + "/takster", form: ["validFrom": "2030-01-01"], csrfFrom: page).status == .forbidden)
            #expect(try await economy.post(app, offerPath + "/pladser", form: ["places": "1"], csrfFrom: page).status == .forbidden)

            // The administrator keeps the register entry; a wrong check digit is told at its field and nothing changes.
            var admin = try await WebSessionClient.login(app, "admin")
            page = try await admin.get(app, offerPath)
            res = try await admin.post(app, offerPath, form: ["legalBasis": "SEL § 85", "ean": "5790000000001", "pNumber": "1003388469", "address": "Nørregade 4"],
                                       csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("EAN-nummeret skal være 13 cifre med gyldigt kontrolciffer."))
            #expect(res.body.string.contains(#"value="Nørregade 4""#))
            #expect(try await ProviderStore.offer(own, municipalityID: DemoData.municipalityID, on: app.db)?.details.address == nil)

            // The caseworker reads the register with today's rate.
            let worker = try await WebSessionClient.login(app, "sagsbehandler")
            let read = try await worker.get(app, "/tilbud").body.string
            // The rate runs from 1 January 2026 without end: it is today's.
            #expect(read.contains("512,50 kr. pr. time (pr. uge)"))
            #expect(try await app.auditCount("offer.capacity") == 1)
            #expect(try await app.auditCount("offer.update") == 2)
        }
    }
}
