import Foundation
import OpenVUMDomain
import OpenVUMSeeding
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// The management figures' cases are kept per scope and reference date (issue 15 item 7), like the economy's ledger:
/// answered from what was read within the bound, with when it was read, read anew when asked or after an import.
@Suite("Kept management figures")
struct FigureSnapshotsTests {
    @Test("a case opened after the figures' cases were read shows only when asked anew (fresh=true) or after an import; Last-Modified, the report API and the report page say when they were read; past the bound the kept ones are answered while new ones are read in the background")
    func kept() async throws {
        try await withTestApp(.sqlite) { app in
            let t0 = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
            app.openvum.now = { t0 }
            app.openvum.figures = FigureSnapshots(ttl: 300, stale: 3_600)
            let admin = try await app.token("admin"), caseworker = try await app.token("sagsbehandler")
            func cases(_ query: String = "") async throws -> (n: Int, read: String?, body: String) {
                let res = try await app.send(.GET, "/api/v1/figures?ids=meta.counts\(query)", token: admin)
                #expect(res.status == .ok)
                let counts = try #require((res.json()["figures"] as? [String: Any])?["meta.counts"] as? [String: Any])
                return (try #require(counts["cases"] as? Int), res.headers.first(name: .lastModified), res.body.string)
            }
            let first = try await cases()
            #expect(first.read == APIResponse.httpDate(t0) && first.read?.hasSuffix(" GMT") == true)
            // The same answer again, from what was kept.
            #expect(try await cases().body == first.body)

            // Opens a case through the API for the first demo citizen of the caseworker's without one.
            func open() async throws {
                for citizen in DemoData.citizenIDs {
                    let res = try await app.send(.POST, "/api/v1/cases", token: caseworker, json: #"{"citizenId":"\#(citizen.uuidString)","origin":"inquiry"}"#)
                    if res.status == .created { return }
                }
                Issue.record("no demo citizen without an open case")
            }
            // A case opened after the cases were read: not in the kept figures…
            try await open()
            #expect(try await cases().n == first.n)
            // …nor in a report's…
            var report = try await app.send(.GET, "/api/v1/reports/aabne-sager", token: admin).json()
            #expect(report["cases"] as? Int == first.n)
            #expect(report["computedAt"] as? String == ISO8601DateFormatter().string(from: t0))
            // …until asked anew: then in both, kept from then.
            app.openvum.now = { t0.addingTimeInterval(10) }
            let anew = try await cases("&fresh=true")
            #expect(anew.n == first.n + 1 && anew.read == APIResponse.httpDate(t0.addingTimeInterval(10)))
            report = try await app.send(.GET, "/api/v1/reports/aabne-sager", token: admin).json()
            #expect(report["cases"] as? Int == first.n + 1)

            // Past the 5 minutes, within the stale window: the kept figures are answered, the page saying when they
            // were read and that newer ones are being read; the next read has them.
            app.openvum.figures = FigureSnapshots(ttl: 300, stale: 3_600)
            app.openvum.now = { t0 }
            let before = try await cases()
            try await open()
            app.openvum.now = { t0.addingTimeInterval(600) }
            var web = try await WebSessionClient.login(app, "admin")
            let page = try await web.get(app, "/rapporter/aabne-sager").body.string
            #expect(page.contains("Sagerne er læst \(DanishDate.string(t0))") && page.contains("Nyere tal er ved at blive beregnet"))
            #expect(page.contains("frisk=1"))
            await app.openvum.figures.settled()
            #expect(try await cases().n == before.n + 1)
            let after = try await web.get(app, "/rapporter/aabne-sager").body.string
            #expect(after.contains("Sagerne er læst \(DanishDate.string(t0.addingTimeInterval(600)))") && !after.contains("Nyere tal er ved at blive beregnet"))

            // An import through the server drops the kept cases at once.
            let (data, _) = try await HistoryImportTests.file(app, citizens: 5, seed: 51)
            let imported = try await app.send(.POST, "/api/v1/imports/history", token: admin, json: String(decoding: data, as: UTF8.self))
            #expect(imported.status == .ok, "\(imported.body.string.prefix(300))")
            let n = try await cases().n
            #expect(n == before.n + 1 + 5, "\(n) \(before.n)")
        }
    }

    @Test("the figures of a choice are derived once per kept set of cases; another filter, another set of figures, or newly read cases derive them again")
    func derivedOnce() async throws {
        let r = CalendarDate(year: 2026, month: 10, day: 31)!
        let p = Principal(userID: UUID(), municipalityID: UUID(), username: "u", displayName: "U", role: .economyConsultant, unitIDs: [], citizenID: nil)
        let input = ManagementInput(referenceDate: r, periods: FigurePeriods(first: YearMonth("2026-01")!, referenceDate: r), cases: [])
        let snapshots = FigureSnapshots(ttl: 300, stale: 0)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let kept = try #require(try await snapshots.value(p, referenceDate: r, now: t0) { input })
        let all = FigureChoice(ids: ["meta.counts"])
        #expect(snapshots.kept(p, referenceDate: r, computedAt: kept.computedAt, choice: all) == nil)
        _ = snapshots.figures(p, referenceDate: r, input: input, computedAt: kept.computedAt, choice: all)
        #expect(snapshots.kept(p, referenceDate: r, computedAt: kept.computedAt, choice: all) != nil)
        var filtered = all
        filtered.filter = ReportFilter()
        filtered.filter?.unit = UUID()
        #expect(snapshots.kept(p, referenceDate: r, computedAt: kept.computedAt, choice: filtered) == nil)
        #expect(snapshots.kept(p, referenceDate: r, computedAt: kept.computedAt, choice: FigureChoice(ids: ["t1.inquiries"])) == nil)
        // Read anew: nothing derived from the old cases is answered for the new.
        let again = try #require(try await snapshots.value(p, referenceDate: r, now: t0.addingTimeInterval(1), fresh: true) { input })
        #expect(snapshots.kept(p, referenceDate: r, computedAt: again.computedAt, choice: all) == nil)
        // Off: nothing kept.
        let off = FigureSnapshots(ttl: 0, stale: 0)
        let read = try #require(try await off.value(p, referenceDate: r, now: t0) { input })
        _ = off.figures(p, referenceDate: r, input: input, computedAt: read.computedAt, choice: all)
        #expect(off.kept(p, referenceDate: r, computedAt: read.computedAt, choice: all) == nil)
    }
}
