import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting
import ZIPFoundation

@Suite("The economy pages: budget, projection and watch lists in Danish, the grants and payments behind them, exports")
struct EconomyWebTests {
    static let r = HistoryImportTests.reference
    static var q: String { "aar=2026&dato=\(r)" }

    @Test("the economy consultant sees budget, spend and outturn, sets a budget line by form (errors in Danish, nothing saved), drills into an account's grants and a grant's payments",
          arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let (data, _) = try await HistoryImportTests.file(app, citizens: 40, seed: 24)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            var web = try await WebSessionClient.login(app, "oekonomi")
            var page = try await web.get(app, "/oekonomi?\(Self.q)")
            #expect(page.status == .ok)
            var html = page.body.string
            for text in ["Økonomi og fremskrivning", "Budget og forventet regnskab 2026", "Fremskrivning pr. måned", "Dyreste borgere 2026 efter betalinger",
                         "Forskel mellem forventet pris og kontraktpris", "Sæt budget for en konto", "role=\"img\"", "Tallene står i tabellen"] {
                #expect(html.contains(text), "\(text)")
            }
            // When the figures were computed, and a way to have them computed anew.
            #expect(html.contains("Tallene er beregnet ") && html.contains("frisk=1") && html.contains("Beregn dem igen nu"))
            #expect(try await web.get(app, "/oekonomi?\(Self.q)&frisk=1").status == .ok)
            // The monthly review: September against August, at least 10.000 kr. by default; at 0 kr. every citizen who changed.
            #expect(html.contains("Ændret udgift pr. borger: aug. 2026 til sep. 2026") && html.contains("value=\"10000\""))
            let changed = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT c.citizen_id, SUM(CASE WHEN p.service_month = '2026-09' THEN p.amount_ore ELSE -p.amount_ore END) AS d
                FROM payments p JOIN cases c ON c.id = p.case_id WHERE p.service_month IN ('2026-08', '2026-09') AND p.booked_on <= \(bind: Self.r.description)
                GROUP BY c.citizen_id) x WHERE d <> 0
                """).first()!.decode(column: "n", as: Int.self)
            let all = try await web.get(app, "/oekonomi?\(Self.q)&graense=0").body.string
            #expect(changed > 0)
            // The page lists the largest 50 (saying how many there are when more); the export has them all.
            #expect(all.components(separatedBy: "data-title=\"Ændring\"").count - 1 == min(changed, EconomyViews.changesShown))
            #expect(all.contains("De \(EconomyViews.changesShown) største af \(changed) ændringer") == (changed > EconomyViews.changesShown))
            let csv = try await web.get(app, "/oekonomi/eksport?tabel=aendringer&format=csv&\(Self.q)&graense=0").body.string
            #expect(csv.split(whereSeparator: \.isNewline).count - 1 == changed)
            // R's month (October) is partly unpaid; the table starts there.
            #expect(html.contains("okt. 2026 (det ubetalte)") && html.contains("dec. 2027"))

            // A refused form: Danish errors at the fields, nothing saved.
            var res = try await web.post(app, "/oekonomi/budget", form: ["aar": "2026", "dato": Self.r.description, "konto": "53850", "enhed": "alle", "oprindeligt": "mange"], csrfFrom: page)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("kontonummer som 5.38.50") && res.body.string.contains("Skriv det oprindelige budget i kroner"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM budgets").first()!.decode(column: "n", as: Int.self) == 0)
            res = try await web.post(app, "/oekonomi/budget", form: ["aar": "2026", "dato": Self.r.description, "konto": "5.38.50", "enhed": "alle",
                                                                     "oprindeligt": "30.000.000,00", "korrigeret": ""], csrfFrom: page)
            #expect(res.status == .seeOther || res.status == .found, "\(res.status)")
            page = try await web.get(app, "/oekonomi?\(Self.q)")
            html = page.body.string
            #expect(html.contains("30.000.000,00 kr."))
            // The same line again without its version: refused with a way out, nothing changed.
            res = try await web.post(app, "/oekonomi/budget", form: ["aar": "2026", "dato": Self.r.description, "konto": "5.38.50", "enhed": "alle", "oprindeligt": "1,00"], csrfFrom: page)
            #expect(res.status == .conflict && res.body.string.contains("Vælg »Ret«"))
            // Corrected through the row's "Ret": the form carries the version.
            page = try await web.get(app, "/oekonomi?\(Self.q)&ret=5.38.50%7Calle")
            #expect(page.body.string.contains("Ret budget for 5.38.50") && page.body.string.contains("name=\"version\" value=\"1\""))
            res = try await web.post(app, "/oekonomi/budget", form: ["aar": "2026", "dato": Self.r.description, "konto": "5.38.50", "enhed": "alle", "version": "1",
                                                                     "oprindeligt": "30.000.000,00", "korrigeret": "31.500.000,00"], csrfFrom: page)
            #expect(res.status == .seeOther || res.status == .found)
            #expect(try await web.get(app, "/oekonomi?\(Self.q)").body.string.contains("31.500.000,00 kr. (korrigeret)"))

            // The grants behind 5.38.50, and one grant's payments with their vouchers.
            page = try await web.get(app, "/oekonomi/bevillinger?\(Self.q)&gruppe=account&noegle=5.38.50")
            #expect(page.status == .ok && page.body.string.contains("Bevillinger: konto 5.38.50"))
            let paid = try #require(try await app.sql.raw("""
                SELECT intervention_id, voucher_id FROM payments WHERE account = '5.38.50' AND service_month LIKE '2026-%' AND booked_on <= \(bind: Self.r.description) LIMIT 1
                """).first())
            let grant = try paid.decode(column: "intervention_id", as: UUID.self).uuidString.lowercased()
            #expect(page.body.string.contains(grant))
            page = try await web.get(app, "/oekonomi/bevillinger?\(Self.q)&indsats=\(grant)")
            let voucher = try paid.decode(column: "voucher_id", as: String.self)
            #expect(page.status == .ok && page.body.string.contains(voucher))
            #expect(try await web.get(app, "/oekonomi/bevillinger?\(Self.q)&indsats=\(UUID().uuidString)").status == .notFound)
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'economy.grant'").first()!.decode(column: "n", as: Int.self)
            #expect(audited == 1)
            // The grant names its case's target group, acting and paying municipality and co-payment; the case number
            // opens the case's economy — every grant of it — audited as a read of the case.
            #expect(page.body.string.contains("Målgruppe") && page.body.string.contains("Betalingskommune (ID 20)") && page.body.string.contains("Egenbetaling pr. måned (ID 72)"))
            let caseID = try #require(try await app.sql.raw("SELECT case_id FROM case_interventions WHERE id = \(bind: UUID(uuidString: grant)!)").first()?.decode(column: "case_id", as: UUID.self))
            let caseLink = "/oekonomi/bevillinger?\(Self.q)&sag=\(caseID.uuidString.lowercased())"
            #expect(page.body.string.contains(caseLink.replacingOccurrences(of: "&", with: "&amp;")))
            page = try await web.get(app, caseLink)
            let ofCase = try await app.sql.raw("SELECT COUNT(*) AS n FROM case_interventions WHERE case_id = \(bind: caseID) AND recommended_on <= \(bind: Self.r.description)").first()!
                .decode(column: "n", as: Int.self)
            #expect(page.status == .ok && page.body.string.contains("Sagens økonomi") && page.body.string.contains("Handlekommune (ID 19)"))
            #expect(page.body.string.contains("Sagens \(ofCase) "))
            // Neither the scenario nor the year's export: they belong to the grants page.
            #expect(!page.body.string.contains("name=\"scenarie[]\"") && !page.body.string.contains("Hvad hvis de valgte") && !page.body.string.contains("/oekonomi/eksport"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'economy.case' AND object_id = \(bind: caseID.uuidString)").first()!
                .decode(column: "n", as: Int.self) == 1)
            #expect(try await web.get(app, "/oekonomi/bevillinger?\(Self.q)&sag=\(UUID().uuidString)").status == .notFound)
            // Grouped by target group: each group named from the terminology, not by its code.
            page = try await web.get(app, "/oekonomi?\(Self.q)&gruppe=targetGroup")
            #expect(page.status == .ok && page.body.string.contains("Fremskrivning pr. målgruppe"))
            let codes = try await app.sql.raw("SELECT value FROM case_fact_history WHERE fact = 'targetGroups'").all().compactMap { row -> String? in
                let value = try row.decode(column: "value", as: String?.self) ?? "{}"
                return (try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])?["primary"] as? String
            }
            let terminology = try await app.openvum.terminology.current(on: app.db)
            #expect(!codes.isEmpty && codes.contains { code in terminology.display(.ffb, code: code).map { page.body.string.contains(">\($0)</a>") } == true })
            #expect(!codes.contains { page.body.string.contains(">\($0)</a>") })

            // The case page's monthly cost: a live grant without an end date, paid for all of October, costs this month
            // October's payment × this month's days / 31 (E6.1: the latest full month's daily rate).
            let live = try #require(try await app.sql.raw("""
                SELECT i.id, i.case_id, i.account_number, p.amount_ore FROM case_interventions i JOIN cases c ON c.id = i.case_id
                JOIN payments p ON p.intervention_id = i.id AND p.service_month = '2026-10'
                WHERE i.status = 'granted' AND i.ended_on IS NULL AND c.closed_on IS NULL AND i.no_end_date = \(bind: true)
                  AND i.delivery_start_on < '2026-10-01' AND NOT EXISTS (SELECT 1 FROM payments q WHERE q.intervention_id = i.id AND q.service_month > '2026-10')
                LIMIT 1
                """).first())
            // The scenario "ends at its next follow-up" for that live grant: both projections side by side, the grant ticked.
            let liveID = try live.decode(column: "id", as: UUID.self).uuidString.lowercased()
            let scenario = try await web.get(app, "/oekonomi/bevillinger?\(Self.q)&scenarie[]=\(liveID)").body.string
            #expect(scenario.contains("Hvis de valgte bevillinger slutter ved næste opfølgning") && scenario.contains("Scenariet pr. bevilling"))
            #expect(scenario.contains("value=\"\(liveID)\" form=\"scenarieformular\"") && scenario.contains("checked=\"checked\""))
            let today = CalendarDate(Date())
            let october = try live.decode(column: "amount_ore", as: Int.self)
            let amount = FiguresAPITests.round(october * FiguresAPITests.daysIn(today.year, today.month), 31)
            let admin = try await WebSessionClient.login(app, "admin")
            let casePage = try await admin.get(app, "/sager/\(try live.decode(column: "case_id", as: UUID.self).uuidString.lowercased())").body.string
            #expect(casePage.contains("Udgift i \(EconomyViews.month(YearMonth(today)))"))
            #expect(casePage.contains("Konto \(try live.decode(column: "account_number", as: String.self)): \(Kroner.danish(amount)) kr. — efter faktisk pris (betalinger)"), "\(amount)")
        }
    }

    @Test("who sees the pages: the team leader without the budget form; caseworkers and providers not at all; bad choices are Danish problems")
    func access() async throws {
        try await withTestApp(.sqlite) { app in
            let leader = try await WebSessionClient.login(app, "teamleder")
            let page = try await leader.get(app, "/oekonomi")
            #expect(page.status == .ok && page.body.string.contains("Du ser sagerne i dine teams.") && !page.body.string.contains("Sæt budget"))
            for user in ["sagsbehandler", "udfoerer", "tilbudsleder"] {
                let web = try await WebSessionClient.login(app, user)
                #expect(try await web.get(app, "/oekonomi").status == .forbidden, "\(user)")
                #expect(try await web.get(app, "/oekonomi/eksport?tabel=budget&format=csv").status == .forbidden, "\(user)")
            }
            let economy = try await WebSessionClient.login(app, "oekonomi")
            let bad = try await economy.get(app, "/oekonomi?aar=tyve&gruppe=planet")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Året skal være et årstal"))
            #expect(try await economy.get(app, "/oekonomi/eksport?tabel=hemmelig&format=csv").status == .unprocessableEntity)
            #expect(try await economy.get(app, "/oekonomi/eksport?tabel=budget&format=pdf").status == .unprocessableEntity)
        }
    }

    @Test("exports: CSV with BOM and ; or , (decimal comma or point), XLSX a real workbook; text that would be a formula is neutralised, numbers stay numbers")
    func exports() async throws {
        let t = ExportTable(name: "test", columns: ["Navn", "Beløb", "Antal", "Procent"],
                            rows: [[.string("=HYPERLINK(\"x\")"), .kroner(-123_456), .integer(7), .decimal(Decimal(string: "-4.5"))],
                                   [.string("Ida; \"Ib\""), .kroner(50), .integer(0), .decimal(nil)], [.string("+1"), .kroner(0), .integer(1), .decimal(0)],
                                   [.string("@sum"), .kroner(1), .integer(2), .decimal(1)], [.string("-2"), .kroner(2), .integer(3), .decimal(2)]])
        let semicolon = try TableExport.csv(t, semicolon: true)
        #expect(Array(semicolon.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: semicolon.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "Navn;Beløb;Antal;Procent")
        #expect(lines[1] == "\"'=HYPERLINK(\"\"x\"\")\";-1234,56;7;-4,5")
        #expect(lines[2] == "\"Ida; \"\"Ib\"\"\";0,5;0;")
        #expect(lines[3].hasPrefix("'+1;") && lines[4].hasPrefix("'@sum;") && lines[5].hasPrefix("'-2;"))
        let comma = String(decoding: try TableExport.csv(t, semicolon: false).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(comma[1] == "\"'=HYPERLINK(\"\"x\"\")\",-1234.56,7,-4.5")

        let workbook = try TableExport.xlsx(t)
        let archive = try Archive(data: workbook, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var body = Data()
            _ = try archive.extract(entry) { body.append($0) }
            parts[entry.path] = String(decoding: body, as: UTF8.self)
        }
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains(#"<c r="A2" t="inlineStr"><is><t xml:space="preserve">&#39;=HYPERLINK(&quot;x&quot;)</t></is></c>"#))
        #expect(sheet.contains(#"<c r="B2" s="2"><v>-1234.56</v></c>"#) && sheet.contains(#"<c r="C2"><v>7</v></c>"#))
        #expect(!sheet.contains("<f>"))
        #expect(TableExport.column(0) == "A" && TableExport.column(25) == "Z" && TableExport.column(26) == "AA")
    }

    @Test("the payment file uploaded on the page: a trial run saves nothing, the import stores it, a file with errors names each line and stores nothing",
          arguments: Engine.available)
    func upload(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let order = try await PaymentsAPITests.sentOrder(app)
            var web = try await WebSessionClient.login(app, "oekonomi")
            let form = try await web.get(app, "/oekonomi/betalinger")
            #expect(form.status == .ok && form.body.string.contains("enctype=\"multipart/form-data\"") && form.body.string.contains("Prøvekørsel"))
            let file = "Bilag;Bestilling;Ydelsesmåned;Konto;Beløb;Bogføringsdato\r\nW-1;\(order);2026-03;5.38.50;1.000,00;31-03-2026\r\nW-2;\(order);2026-04;5.38.50;2.000,00;30-04-2026\r\n"
            func send(_ text: String, trial: Bool) async throws -> TestingHTTPResponse {
                try await web.post(app, "/oekonomi/betalinger", multipart: Multipart(trial ? [("proeve", "1")] : [], file: (field: "fil", name: "betalinger.csv", type: "text/csv", bytes: Array(text.utf8))), csrfFrom: form)
            }
            func stored() async throws -> Int { try await app.sql.raw("SELECT COUNT(*) AS n FROM payments").first()!.decode(column: "n", as: Int.self) }
            var res = try await send(file, trial: true)
            #expect(res.status == .ok && res.body.string.contains("Prøvekørsel — intet er gemt.") && res.body.string.contains("2 betalingslinjer: 2 nye ville blive indlæst"))
            #expect(try await stored() == 0)
            res = try await send(file, trial: false)
            #expect(res.status == .ok && res.body.string.contains("Filen er indlæst.") && res.body.string.contains("2 nye er indlæst"))
            #expect(try await stored() == 2)
            res = try await send(file, trial: false)
            #expect(res.body.string.contains("0 nye er indlæst, 2 var allerede indlæst"))
            #expect(try await stored() == 2)
            res = try await send(file + "W-3;\(order);2026-13;5.38.50;tre;31-03-2026\r\n", trial: false)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Linje 4:") && res.body.string.contains("Intet er indlæst"))
            #expect(try await stored() == 2)
            res = try await web.post(app, "/oekonomi/betalinger", multipart: Multipart([("proeve", "1")]), csrfFrom: form)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Vælg betalingsfilen"))
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.import'").first()!.decode(column: "n", as: Int.self)
            #expect(audited == 3)
            #expect(PaymentImport.summary(PaymentImportReport(dryRun: false, lines: 3, new: 0, unchanged: 1,
                                                              errors: [PaymentLineError(PaymentFileError(row: 3, column: "amount", message: "Beløbet mangler."))]))
                    == "3 betalingslinjer: 0 nye indlæst, 1 allerede indlæst.\n1 fejl — intet er indlæst:\n  linje 3, amount: Beløbet mangler.")
        }
    }

    @Test("the page's export answers the table as a download", arguments: [Engine.sqlite])
    func download(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let (data, _) = try await HistoryImportTests.file(app, citizens: 20, seed: 25)
            _ = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
            let web = try await WebSessionClient.login(app, "oekonomi")
            let csv = try await web.get(app, "/oekonomi/eksport?\(Self.q)&tabel=fremskrivning&format=csv&separator=semikolon")
            #expect(csv.status == .ok && csv.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(csv.headers.first(name: .contentDisposition) == "attachment; filename=\"fremskrivning-2026-10-31.csv\"")
            let rows = String(decoding: Data(buffer: csv.body).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(rows[0].hasPrefix("Måned;I alt;Faktisk pris") && rows[1].hasPrefix("2026-10;") && rows.count == 16)
            let xlsx = try await web.get(app, "/oekonomi/eksport?\(Self.q)&tabel=bevillinger&format=xlsx")
            #expect(xlsx.status == .ok && Array(Data(buffer: xlsx.body).prefix(2)) == [0x50, 0x4B])
        }
    }

    @Test("the monthly changes: the page lists the 50 largest and says how many there are; 50 or fewer are all listed")
    func changesShown() {
        let r = CalendarDate(year: 2026, month: 10, day: 31)!
        func model(citizens: Int) -> EconomyWebController.Model {
            // Citizen i pays (i + 1) × m × 1.000 kr. in month m: from any month to the next, a change of (i + 1) × 1.000 kr.
            let ids = (0..<citizens).map { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", $0 + 1))! }
            let payments = ids.enumerated().flatMap { i, id in
                (1...10).map { m in LedgerPayment(citizenID: id, interventionID: id, account: "5.38.50", month: YearMonth(year: 2026, month: m)!, amount: (i + 1) * m * 100_000) }
            }
            let ledger = EconomyLedger(referenceDate: r, firstMonth: YearMonth(year: 2026, month: 1)!, interventions: [], payments: payments, cpr: [:])
            let overview = EconomyOverview(ledger: ledger, budget: [], year: 2026, grouping: .account, changeThreshold: 0)
            return EconomyWebController.Model(query: EconomyQuery(), threshold: 0, year: 2026, date: r, grouping: .account, overview: overview, ledger: ledger,
                                              computedAt: Date(), stored: [], names: [:], citizens: [:], teams: [], terminology: TerminologySnapshot(), canEdit: false)
        }
        let many = EconomyViews.changes(model(citizens: 60)).render()
        #expect(many.components(separatedBy: "data-title=\"Ændring\"").count - 1 == 50)
        #expect(many.contains("De 50 største af 60 ændringer på mindst 0,00 kr."))
        // The largest first: citizen 60's change of 60.000 kr. is listed, citizen 1's of 1.000 kr. is not.
        #expect(many.contains(">60.000,00 kr.<") && !many.contains(">1.000,00 kr.<"))
        let few = EconomyViews.changes(model(citizens: 50)).render()
        #expect(few.components(separatedBy: "data-title=\"Ændring\"").count - 1 == 50)
        #expect(!few.contains("største af") && few.contains("Borgere med en ændring på mindst 0,00 kr."))
    }
}
