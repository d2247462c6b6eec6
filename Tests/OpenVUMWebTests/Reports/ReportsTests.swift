import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// The reports (issue 15 items 2, 3, 5) over the hand-written history of `ManagementFiguresHandTests`, whose numbers
/// are worked out there: the catalogue, filters, the cases behind a number, exports with small numbers suppressed,
/// and who sees what.
@Suite("Reports")
struct ReportsTests {
    static let r = ManagementFiguresHandTests.r

    static func imported(_ app: Application) async throws -> [String: UUID] {
        let report = try await HistoryImport.run(try await ManagementFiguresHandTests.file(app), municipalityID: DemoData.municipalityID,
                                                 principal: try await HistoryImportTests.admin(app), dryRun: false, app: app)
        #expect(report.refused.isEmpty)
        var ids: [String: UUID] = [:]
        for row in try await app.sql.raw("SELECT key, internal_id FROM import_keys WHERE kind IN ('case', 'caseworker', 'authorityTeam', 'provider')").all() {
            ids[try row.decode(column: "key", as: String.self)] = try row.decode(column: "internal_id", as: UUID.self)
        }
        return ids
    }

    @Test("every VUM ID whose purpose is management information is used by a report, and every report reads figures that exist")
    func coverage() {
        let used = Set(ReportCatalogue.usage.keys)
        let wanted = Set(DataCatalogue.items.filter { $0.theme != nil }.compactMap(\.vumID))
        #expect(wanted.subtracting(used).isEmpty, "not reported: \(wanted.subtracting(used).sorted())")
        let known = Set(ManagementFigures.ids + ManagementFigures.reportIds)
        for r in ReportCatalogue.all { #expect(Set(r.figures).isSubset(of: known), "\(r.id)") }
        #expect(Set(ReportCatalogue.all.map(\.id)).count == ReportCatalogue.all.count)
    }

    @Test("the API lists the reports and answers one with its filters; bad filters are Danish problems", arguments: Engine.available)
    func api(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let ids = try await Self.imported(app)
            let admin = try await app.token("admin")
            var res = try await app.send(.GET, "/api/v1/reports", token: admin)
            #expect(res.status == .ok)
            let list = try res.json()
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.contains { $0["id"] as? String == "aabne-sager" && $0["theme"] as? Int == 1 && ($0["vumIds"] as? [Int])?.contains(22) == true })
            #expect((list["economy"] as? [String: Any])?["page"] as? String == "/oekonomi")

            // All six cases; open on R: A, C (CW1), F (CW2) in T1, E (CW3) in T2.
            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?date=\(Self.r)", token: admin)
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            var body = try res.json()
            var sections = try #require(body["sections"] as? [[String: Any]])
            func cell(_ section: Int, _ key: UUID) -> Int? {
                ((sections[section]["rows"] as? [[String: Any]])?.first { $0["key"] as? String == key.uuidString.lowercased() }?["cells"] as? [Int])?.first
            }
            #expect(body["cases"] as? Int == 6)
            #expect(cell(0, ids["CW1"]!) == 2 && cell(0, ids["CW2"]!) == 1 && cell(1, ids["T2"]!) == 1)
            let row = (sections[0]["rows"] as? [[String: Any]])?.first { $0["key"] as? String == ids["CW1"]!.uuidString.lowercased() }
            #expect(row?["label"] as? String == "Anne Andersen")

            // Team T1: A, C, F (B was T1's until its handover to CW3, but closed); the filter is the holder on R.
            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?date=\(Self.r)&unitId=\(ids["T1"]!)", token: admin)
            body = try res.json()
            sections = try #require(body["sections"] as? [[String: Any]])
            #expect(cell(1, ids["T1"]!) == 3 && cell(1, ids["T2"]!) == 0 && cell(0, ids["CW3"]!) == 0)
            // Granted under § 104: only E — one open case, in delivery… its phase is follow-up.
            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?date=\(Self.r)&paragraph=SEL%20%C2%A7%20104", token: admin)
            body = try res.json()
            #expect(body["cases"] as? Int == 1)
            // Use of force at provider P1 by year, only 2026 (A's): from/to restrict the periods.
            res = try await app.send(.GET, "/api/v1/reports/magtanvendelse?date=\(Self.r)&granularity=year&from=2026-01", token: admin)
            body = try res.json()
            let periods = try #require(((body["sections"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]]))
            #expect(periods.map { $0["key"] as? String } == ["2026"] && (periods.first?["cells"] as? [Int]) == [1])

            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?from=2026-13", token: admin)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("ÅÅÅÅ-MM"))
            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?from=2026-05&to=2026-01", token: admin)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("efter fra-måneden"))
            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?unitId=nope", token: admin)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Teamet findes ikke"))
            #expect(try await app.send(.GET, "/api/v1/reports/findes-ikke", token: admin).status == .notFound)

            // A team leader sees their own teams' cases — none of the history's; a caseworker or a provider no reports.
            res = try await app.send(.GET, "/api/v1/reports/aabne-sager?date=\(Self.r)", token: try await app.token("teamleder"))
            #expect(res.status == .ok)
            #expect(try res.json()["cases"] as? Int == 0)
            for user in ["sagsbehandler", "udfoerer"] {
                #expect(try await app.send(.GET, "/api/v1/reports", token: try await app.token(user)).status == .forbidden, "\(user)")
                #expect(try await app.send(.GET, "/api/v1/reports/aabne-sager", token: try await app.token(user)).status == .forbidden, "\(user)")
            }
        }
    }

    @Test("the pages: a report with its filters, a number leading to the cases behind it, and exports with small numbers suppressed for sharing",
          arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let ids = try await Self.imported(app)
            let admin = try await WebSessionClient.login(app, "admin")
            var res = try await admin.get(app, "/rapporter")
            #expect(res.status == .ok && res.body.string.contains("Tema 3: Viden om indsats og effekt") && res.body.string.contains("/rapporter/magtanvendelse"))

            res = try await admin.get(app, "/rapporter/aabne-sager?dato=\(Self.r)")
            let page = res.body.string
            #expect(res.status == .ok && page.contains("<svg") && page.contains("Åbne sager efter sagsbehandler") && page.contains("Anne Andersen"))
            // CW1's 2 links to the cases behind it.
            let cw1 = ids["CW1"]!.uuidString.lowercased()
            let link = SiteURL.reportCases("aabne-sager", ReportQuery(date: Self.r), section: 0, cell: "byCaseworker/\(cw1)").path
            #expect(page.contains(link.replacingOccurrences(of: "&", with: "&amp;")), "no link to the cases behind CW1's number")
            res = try await admin.get(app, link)
            #expect(res.status == .ok)
            var numbers: [String: String] = [:]
            for row in try await app.sql.raw("SELECT id, case_number FROM cases").all() {
                numbers[try row.decode(column: "id", as: UUID.self).uuidString] = try row.decode(column: "case_number", as: String?.self)
            }
            let a = numbers[ids["SAG-HA"]!.uuidString]!, c = numbers[ids["SAG-HC"]!.uuidString]!, f = numbers[ids["SAG-HF"]!.uuidString]!
            #expect(res.body.string.contains(a) && res.body.string.contains(c) && !res.body.string.contains(f), "A and C are CW1's, F is not")
            #expect(res.body.string.contains(SiteURL.case(ids["SAG-HA"]!).path), "the administrator opens the case itself")
            // The economy consultant may not open cases: the list leads to the case's economy.
            let economy = try await WebSessionClient.login(app, "oekonomi")
            res = try await economy.get(app, link)
            #expect(res.status == .ok && res.body.string.contains(a) && !res.body.string.contains(SiteURL.case(ids["SAG-HA"]!).path + "\""))
            #expect(res.body.string.contains("(økonomien)"))

            // Exports: the numbers as they are, or for sharing with every count below 5 as »<5«.
            res = try await admin.get(app, SiteURL.reportExport("aabne-sager", ReportQuery(date: Self.r), section: 1, format: "csv", semicolon: true).path)
            #expect(res.status == .ok && res.headers.contentType?.description.hasPrefix("text/csv") == true)
            var csv = String(decoding: Data(res.body.readableBytesView), as: UTF8.self)
            #expect(csv.hasPrefix("\u{FEFF}"))
            let lines = csv.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.contains("Myndighed Handicap;3") && lines.contains("Myndighed Socialpsykiatri og Udsatte;1"), "\(lines)")
            res = try await admin.get(app, SiteURL.reportExport("aabne-sager", ReportQuery(date: Self.r), section: 1, format: "csv", semicolon: true, shared: true).path)
            csv = String(decoding: Data(res.body.readableBytesView), as: UTF8.self)
            let shared = csv.split(whereSeparator: \.isNewline).map(String.init)
            #expect(shared.contains("Myndighed Handicap;<5") && shared.contains("Myndighed Socialpsykiatri og Udsatte;<5"), "\(shared)")
            res = try await admin.get(app, SiteURL.reportExport("aabne-sager", ReportQuery(date: Self.r), section: 1, format: "xlsx").path)
            #expect(res.status == .ok && res.body.readableBytes > 100)
            res = try await admin.get(app, "/rapporter/aabne-sager/eksport?afsnit=99&format=csv")
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Vælg en tabel"))
            res = try await admin.get(app, "/rapporter/aabne-sager?fra=maj")
            #expect(res.status == .unprocessableEntity && res.body.string.contains("ÅÅÅÅ-MM"))
            // A paragraph no case has stays shown as chosen (not »Alle« over figures filtered to nothing), as text.
            res = try await admin.get(app, "/rapporter/aabne-sager?paragraf=%22%3E%3Cb%3Ex%3C%2Fb%3E")
            #expect(res.status == .ok && res.body.string.contains("&lt;b&gt;x&lt;/b&gt; (ingen sager)") && !res.body.string.contains("<b>x</b>"))
            #expect(res.body.string.range(of: #"<option value="&quot;&gt;&lt;b&gt;x&lt;/b&gt;" selected"#) != nil
                    || res.body.string.range(of: #"selected[^>]*value="&quot;&gt;&lt;b&gt;x&lt;/b&gt;""#, options: .regularExpression) != nil)

            // The data catalogue names the reports that use each item.
            res = try await admin.get(app, "/datakatalog")
            #expect(res.body.string.contains("Bruges i rapport") && res.body.string.contains("/rapporter/magtanvendelse"))

            // The case page shows A's progression: S1 assessed 2.0 and 1.0, 1.0 and 0.8 at its follow-ups, against the
            // goal's expected 1.0.
            res = try await admin.get(app, SiteURL.case(ids["SAG-HA"]!).path)
            let casePage = res.body.string
            let s1 = try await app.openvum.terminology.current(on: app.db).display(.ffb, code: ManagementFiguresHandTests.s1) ?? "?"
            #expect(casePage.contains("Borgerens udvikling") && casePage.contains("Funktionsniveau: \(s1)") && casePage.contains("<polyline"))
            #expect(casePage.contains("20-01-2026") && casePage.contains("20-10-2026") && casePage.contains("0,8") && casePage.contains("Forventet niveau (mål)"))

            let caseworker = try await WebSessionClient.login(app, "sagsbehandler")
            #expect(try await caseworker.get(app, "/rapporter/aabne-sager").status == .forbidden)
            // The provider leader's own page of their citizens' progression; nobody else's.
            let leader = try await WebSessionClient.login(app, "tilbudsleder")
            res = try await leader.get(app, SiteURL.providerProgression.path)
            #expect(res.status == .ok && res.body.string.contains("Borgernes udvikling"))
            #expect(try await caseworker.get(app, SiteURL.providerProgression.path).status == .forbidden)
            #expect(try await leader.get(app, "/rapporter").status == .forbidden)
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'report.read'").first()!.decode(column: "n", as: Int.self)
            #expect(audited >= 5)
        }
    }
}
