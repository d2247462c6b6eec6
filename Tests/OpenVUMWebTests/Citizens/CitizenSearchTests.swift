import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

@Suite("Finding a citizen by CPR number or name")
struct CitizenSearchTests {
    @Test("the search box reads a CPR number, or at least two letters of a name")
    func query() throws {
        #expect(try CitizenRules.searchQuery(" 030290-1118 ") == .cpr(try CPRNumber("0302901118")))
        #expect(try CitizenRules.searchQuery("  mads   Morten ") == .nameText("mads Morten"))
        for bad in ["", "m", "%_", "  a  "] {
            #expect(throws: DomainError.self) { try CitizenRules.searchQuery(bad) }
        }
        do {
            _ = try CitizenRules.searchQuery("3202901118")
            Issue.record("an impossible CPR number was accepted")
        } catch {
            #expect(error.fieldErrors.first?.field == "cpr")
        }
    }

    @Test("a name search finds the citizens in scope whose name holds the letters, in any case; LIKE's wildcards are plain letters",
          arguments: Engine.available)
    func byName(engine: Engine) async throws {
        try await withTestApp(engine, seed: true) { app in
            var web = try await WebSessionClient.login(app, "sagsbehandler")
            var page = try await web.get(app, "/borgere")
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": "morten"], csrfFrom: page)
            #expect(page.status == .ok)
            let result = try #require(page.body.string.components(separatedBy: "Søgeresultat").last?.components(separatedBy: "Alle borgere").first)
            #expect(result.contains("Mortensen") && !result.contains("Lund"))
            // Jonas Jensen is in the psychiatry team: not in the handicap caseworker's scope.
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": "jonas"], csrfFrom: page)
            #expect(page.body.string.contains("Ingen borger eller sag, som du har adgang til, passer på søgningen."))
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": "m%n"], csrfFrom: page)
            #expect(page.body.string.contains("Ingen borger eller sag, som du har adgang til, passer på søgningen."))
            page = try await web.post(app, "/borgere/soeg", form: ["cpr": "x"], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("mindst to bogstaver af borgerens navn"))
            #expect(try await app.auditCount("citizen.search") >= 3)
        }
    }
}
