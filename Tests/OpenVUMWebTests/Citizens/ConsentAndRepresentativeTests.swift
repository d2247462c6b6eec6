import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// Electronic consent and the decision letters on the citizen's own page (issue 16 item 6), and the guardian or party
/// representative given the same page (item 7), on both engines, through the web pages and the API.
@Suite("Citizen's own page: electronic consent, decision letters, guardians and party representatives")
struct ConsentAndRepresentativeTests {
    static func borgerCase(_ app: Application) async throws -> UUID {
        try #require(try await app.sql.raw("SELECT id FROM cases WHERE citizen_id = \(bind: DemoData.citizenIDs[0])").first()).decode(column: "id", as: UUID.self)
    }

    static func opening(_ app: Application, _ caseID: UUID) async throws -> OpeningData {
        let raw = try #require(try await app.sql.raw("SELECT document FROM cases WHERE id = \(bind: caseID)").first()).decode(column: "document", as: String.self)
        return try JSONDecoder().decode(CaseDocument.self, from: Data(raw.utf8)).opening
    }

    static func count(_ app: Application, _ table: String) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
    }

    /// The caseworker's merge patch of the case through the API, at its current version.
    static func patch(_ app: Application, _ caseID: UUID, _ json: String) async throws {
        let token = try await app.token("sagsbehandler")
        let version = try #require(try await app.sql.raw("SELECT version FROM cases WHERE id = \(bind: caseID)").first()).decode(column: "version", as: Int.self)
        let res = try await app.send(.PATCH, "/api/v1/cases/\(caseID.uuidString)", token: token, headers: ["If-Match": "\"\(version)\""], json: json)
        #expect(res.status == .ok, "\(res.body.string)")
    }

    @Test("consent: none chosen or an unknown party refused in Danish with nothing saved; given digitally with the parties recorded as IDs 14–17 and logged; shown to the caseworker; withdrawn, so nothing more may be shared; withdrawing again is a conflict; another citizen's case answers as missing",
          arguments: Engine.available)
    func consent(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let caseID = try await Self.borgerCase(app)
            let path = SiteURL.citizenConsent(caseID).path
            var web = try await WebSessionClient.login(app, "borger")
            var page = try await web.get(app, "/start")
            #expect(page.body.string.contains("Samtykke") && page.body.string.contains("Der er endnu ikke taget stilling til samtykke på denne sag."))

            // Refused: nothing chosen; a party not offered. The page again, the error at the form, nothing saved.
            page = try await web.post(app, path, pairs: [("action", "give")], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Vælg mindst én part"))
            page = try await web.post(app, path, pairs: [("action", "give"), ("collectFrom", "other"), ("discloseTo", "provider")], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Vælg kun blandt de viste parter."))
            #expect(try await Self.count(app, "citizen_consents") == 0)
            #expect(try await Self.opening(app, caseID).consent == nil)

            // Given: IDs 14–17 on the case, the form digital; the log; the audit row of the case.
            page = try await web.post(app, path, pairs: [("action", "give"), ("collectFrom", "hospital"), ("collectFrom", "generalPractitioner"),
                                                         ("discloseTo", "provider")], csrfFrom: page)
            #expect(page.status == .seeOther)
            var o = try await Self.opening(app, caseID)
            #expect(o.consent == .given && o.consentForm == .digital)
            #expect(o.consentCollectFrom == [.generalPractitioner, .hospital] && o.consentDiscloseTo == [.provider])
            #expect(SharingRules.consentAllows(o))
            #expect(try await Self.count(app, "citizen_consents") == 1)
            let audited = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_log WHERE action = 'citizen.consent' AND object_id = \(bind: caseID.uuidString) AND citizen_id = \(bind: DemoData.citizenIDs[0])
                """).first()!.decode(column: "n", as: Int.self)
            #expect(audited == 1)
            page = try await web.get(app, "/start")
            #expect(page.body.string.contains("Du har givet samtykke (digitalt") && page.body.string.contains("Træk mit samtykke tilbage"))

            // The caseworker's opening page shows it with who gave it.
            let cw = try await WebSessionClient.login(app, "sagsbehandler")
            let opening = try await cw.get(app, SiteURL.casePhase(caseID, .sagsaabning).path).body.string
            #expect(opening.contains("Samtykke givet digitalt af borgeren") && opening.contains("videregive til: Leverandør/udfører"))

            // Withdrawn: no consent, no parties — nothing more may be shared with a provider.
            page = try await web.post(app, path, pairs: [("action", "withdraw")], csrfFrom: page)
            #expect(page.status == .seeOther)
            o = try await Self.opening(app, caseID)
            #expect(o.consent == .refused && o.consentForm == nil && o.consentCollectFrom == nil && o.consentDiscloseTo == nil)
            #expect(!SharingRules.consentAllows(o))
            #expect(try await Self.count(app, "citizen_consents") == 2)

            // Withdrawing again: a conflict, said in Danish; nothing logged.
            page = try await web.get(app, "/start")
            page = try await web.post(app, path, pairs: [("action", "withdraw")], csrfFrom: page)
            #expect(page.status == .conflict && page.body.string.contains("Der er intet samtykke at trække tilbage."))
            #expect(try await Self.count(app, "citizen_consents") == 2)

            // Another citizen's case: as if missing.
            let other = try #require(try await app.sql.raw("SELECT id FROM cases WHERE citizen_id <> \(bind: DemoData.citizenIDs[0])").first()).decode(column: "id", as: UUID.self)
            let before = try await Self.opening(app, other)
            let foreign = try await web.post(app, SiteURL.citizenConsent(other).path, pairs: [("action", "give"), ("discloseTo", "provider")], csrfFrom: page)
            let missing = try await web.post(app, SiteURL.citizenConsent(UUID()).path, pairs: [("action", "give"), ("discloseTo", "provider")], csrfFrom: page)
            #expect(foreign.status == .notFound && missing.status == .notFound)
            #expect(try await Self.opening(app, other) == before)
        }
    }

    @Test("the decision letter: listed on the citizen's page once a decision is made, opens as the case's PDF; none before; another citizen's answers as missing",
          arguments: Engine.available)
    func letters(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let caseID = try await Self.borgerCase(app)
            let letter = SiteURL.citizenLetterPDF(caseID).path
            let web = try await WebSessionClient.login(app, "borger")
            #expect(!(try await web.get(app, "/start")).body.string.contains("Afgørelse på sag"))
            #expect(try await web.get(app, letter).status == .conflict)

            // A decision on her case, as the decision page would have written it.
            let raw = try #require(try await app.sql.raw("SELECT document FROM cases WHERE id = \(bind: caseID)").first()).decode(column: "document", as: String.self)
            var document = try JSONDecoder().decode(CaseDocument.self, from: Data(raw.utf8))
            var i = Intervention()
            i.id = UUID()
            var d = InterventionDecision()
            d.outcome = .granted
            d.paragraph = "SEL § 85"
            d.decidedOn = CalendarDate(year: 2026, month: 11, day: 20)
            i.decision = d
            document.interventions = [i]
            try await app.sql.raw("UPDATE cases SET document = \(bind: String(decoding: try JSONEncoder().encode(document), as: UTF8.self)) WHERE id = \(bind: caseID)").run()

            let number = try #require(try await app.sql.raw("SELECT case_number FROM cases WHERE id = \(bind: caseID)").first()).decode(column: "case_number", as: String.self)
            let page = try await web.get(app, "/start").body.string
            #expect(page.contains("Afgørelse på sag \(number) (PDF)") && page.contains("20-11-2026") && page.contains(letter))
            let pdf = try await web.get(app, letter)
            #expect(pdf.status == .ok && pdf.headers.contentType?.description == "application/pdf")
            #expect(pdf.body.string.hasPrefix("%PDF"))
            let other = try #require(try await app.sql.raw("SELECT id FROM cases WHERE citizen_id <> \(bind: DemoData.citizenIDs[0])").first()).decode(column: "id", as: UUID.self)
            #expect(try await web.get(app, SiteURL.citizenLetterPDF(other).path).status == .notFound)
        }
    }

    @Test("a guardian: refused until the case records guardianship; given by username (the account made, login by the national login only); sees the citizen's page and gives consent on her behalf, logged as the guardian's; the citizen sees the guardian's visit as such; another citizen not; removed — or the guardianship no longer recorded — and the page is gone",
          arguments: Engine.available)
    func guardian(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let caseID = try await Self.borgerCase(app)
            let token = try await app.token("sagsbehandler")
            let api = "/api/v1/cases/\(caseID.uuidString)/representatives"
            let body = #"{"username": "vagn.vaerge", "displayName": "Vagn Værge", "kind": "guardian"}"#

            // Before the case records guardianship (ID 7): refused at the kind, in Danish; no account made.
            var res = try await app.send(.POST, api, token: token, json: body)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Sagen har ikke registreret et værgemål"))
            #expect(try await UserStore.find(username: "vagn.vaerge", on: app.db) == nil)

            try await Self.patch(app, caseID, #"{"opening": {"guardianship": "yes", "guardianshipForm": "personal"}}"#)
            // A staff account's username, or a new account without a name: refused.
            res = try await app.send(.POST, api, token: token, json: #"{"username": "sagsbehandler", "kind": "guardian"}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Brugernavnet tilhører ikke en aktiv borgerkonto"))
            res = try await app.send(.POST, api, token: token, json: #"{"username": "vagn.vaerge", "kind": "guardian"}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Skriv værgens eller partsrepræsentantens navn"))

            res = try await app.send(.POST, api, token: token, json: body)
            #expect(res.status == .created)
            let accessID = try #require(try res.json()["id"] as? String)
            let account = try #require(try await UserStore.find(username: "vagn.vaerge", on: app.db))
            #expect(account.role == .citizen && account.citizenID == nil && account.displayName == "Vagn Værge" && !account.passwordHash.hasPrefix("$2"))
            // The same account again: a conflict.
            #expect(try await app.send(.POST, api, token: token, json: body).status == .conflict)
            let listed = try await app.send(.GET, api, token: token).json()["items"] as? [[String: Any]]
            #expect(listed?.count == 1 && listed?.first?["recorded"] as? Bool == true)

            // The guardian logs in (the national login in production; a password here, for the test's session).
            try await app.sql.raw("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'borger') WHERE id = \(bind: account.id)").run()
            var web = try await WebSessionClient.login(app, "vagn.vaerge")
            var page = try await web.get(app, "/start")
            #expect(page.status == .ok && page.body.string.contains("Birthe Borgers side") && page.body.string.contains("Du ser siden som værge eller partsrepræsentant for Birthe Borger"))
            // Another citizen's page: as if missing.
            #expect(try await web.get(app, SiteURL.citizenSelf(DemoData.citizenIDs[5]).path).status == .notFound)
            #expect(try await web.get(app, SiteURL.citizenSelf(DemoData.citizenIDs[0]).path).status == .ok)

            // Consent on her behalf: recorded on the case, logged as the guardian's; the caseworker reads it so.
            page = try await web.post(app, SiteURL.citizenConsent(caseID).path, pairs: [("action", "give"), ("discloseTo", "provider")], csrfFrom: page)
            #expect(page.status == .seeOther)
            #expect(try await Self.opening(app, caseID).consentDiscloseTo == [.provider])
            let by = try await app.sql.raw("SELECT representative FROM citizen_consents WHERE case_id = \(bind: caseID)").first()!.decode(column: "representative", as: String?.self)
            #expect(by == "guardian")
            let cw = try await WebSessionClient.login(app, "sagsbehandler")
            let opening = try await cw.get(app, SiteURL.casePhase(caseID, .sagsaabning).path).body.string
            #expect(opening.contains("Vagn Værge") && opening.contains("Samtykke givet digitalt af værge") && opening.contains("Fjern adgang"))

            // The API: the guardian's account names the citizen; her page as data, as the schema says.
            let guardianToken = try await app.token("vagn.vaerge")
            let me = try await app.send(.GET, "/api/v1/me", token: guardianToken).json()
            #expect((me["representedCitizenIds"] as? [String])?.map { $0.lowercased() } == [DemoData.citizenIDs[0].uuidString.lowercased()])
            res = try await app.send(.GET, "/api/v1/me/citizens/\(DemoData.citizenIDs[0].uuidString)", token: guardianToken)
            #expect(res.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(res.body.string.utf8))
            #expect(ContractTests.check(json, ["$ref": "#/components/schemas/CitizenSelf"], at: "CitizenSelf").isEmpty)
            #expect((json as? [String: Any])?["own"] as? Bool == false)
            #expect(try await app.send(.GET, "/api/v1/me/citizens/\(DemoData.citizenIDs[5].uuidString)", token: guardianToken).status == .notFound)

            // The citizen sees the guardian's visits as such — never a name.
            let borger = try await WebSessionClient.login(app, "borger")
            let own = try await borger.get(app, "/start").body.string
            #expect(own.contains(CitizenPortal.representativeUnit) && !own.contains("Vagn Værge"))
            #expect(own.contains("Samtykke givet digitalt af værge"))

            // The guardianship no longer recorded: the access stands but gives nothing; recorded again, it works again.
            try await Self.patch(app, caseID, #"{"opening": {"guardianship": "no", "guardianshipForm": null}}"#)
            #expect(try await web.get(app, SiteURL.citizenSelf(DemoData.citizenIDs[0]).path).status == .notFound)
            #expect(try await web.get(app, "/start").body.string.contains("Din konto er endnu ikke knyttet"))
            #expect(try await app.send(.GET, api, token: token).json()["items"].flatMap { ($0 as? [[String: Any]])?.first?["recorded"] as? Bool } == false)
            try await Self.patch(app, caseID, #"{"opening": {"guardianship": "yes", "guardianshipForm": "personal"}}"#)
            #expect(try await web.get(app, SiteURL.citizenSelf(DemoData.citizenIDs[0]).path).status == .ok)

            // Removed: gone at once; removing again answers the same; an unknown access is missing.
            res = try await app.send(.DELETE, "\(api)/\(accessID)", token: token)
            #expect(res.status == .ok)
            let remaining = try res.json()["items"] as? [[String: Any]]
            #expect(remaining?.isEmpty == true)
            #expect(try await web.get(app, SiteURL.citizenSelf(DemoData.citizenIDs[0]).path).status == .notFound)
            #expect(try await app.send(.DELETE, "\(api)/\(accessID)", token: token).status == .ok)
            #expect(try await app.send(.DELETE, "\(api)/\(UUID().uuidString)", token: token).status == .notFound)
        }
    }

    @Test("a party representative is given access only where the case records one (ID 11 yes, ID 12 party representative or both) — a supporter (bisidder) alone gets none — through the case's opening page, whose refused form keeps what was typed")
    func partyRepresentative() async throws {
        var o = OpeningData()
        #expect(Representation.kinds(o).isEmpty)
        o.represented = .yes
        o.representationForm = .supporter
        #expect(Representation.kinds(o).isEmpty)
        o.representationForm = .both
        #expect(Representation.kinds(o) == [.partyRepresentative])
        o.guardianship = .yes
        #expect(Representation.kinds(o) == [.guardian, .partyRepresentative])
        try await withTestApp(.sqlite) { app in
            let caseID = try await Self.borgerCase(app)
            try await Self.patch(app, caseID, #"{"opening": {"represented": "yes", "representationForm": "partyRepresentative"}}"#)
            var cw = try await WebSessionClient.login(app, "sagsbehandler")
            var page = try await cw.get(app, SiteURL.casePhase(caseID, .sagsaabning).path)
            // Only the kind the case records is offered.
            #expect(page.body.string.contains(#"<select id="kind" name="kind" class="form-select"><option value="partyRepresentative" selected="selected">Partsrepræsentant</option></select>"#))
            page = try await cw.post(app, SiteURL.caseRepresentatives(caseID).path, form: ["kind": "partyRepresentative", "username": "advokat.a"], csrfFrom: page)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Skriv værgens eller partsrepræsentantens navn") && page.body.string.contains("advokat.a"))
            page = try await cw.post(app, SiteURL.caseRepresentatives(caseID).path, form: ["kind": "partyRepresentative", "username": "advokat.a", "displayName": "Anne Advokat"],
                                     csrfFrom: page)
            #expect(page.status == .seeOther)
            page = try await cw.get(app, SiteURL.casePhase(caseID, .sagsaabning).path)
            #expect(page.body.string.contains("Anne Advokat") && page.body.string.contains("advokat.a"))
            let id = try #require(try await app.sql.raw("SELECT id FROM citizen_representatives WHERE case_id = \(bind: caseID)").first()).decode(column: "id", as: UUID.self)
            page = try await cw.post(app, SiteURL.caseRepresentativeRemove(caseID, representative: id).path, form: [:], csrfFrom: page)
            #expect(page.status == .seeOther)
            #expect(try await app.sql.raw("SELECT removed_at FROM citizen_representatives WHERE id = \(bind: id)").first()!.decode(column: "removed_at", as: Date?.self) != nil)
        }
    }
}
