import Foundation
import OpenVUMDomain
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing
import VaporTesting

/// `SiteURL` registers every web route and prints every web link: each address is both, and nothing else
/// builds a web path.
@Suite("Site addresses")
struct SiteURLTests {
    static let id = UUID(uuidString: "12345678-1234-4234-8234-123456789ABC")!

    /// One example of every address. `kind` is an exhaustive switch: a new case does not compile until it is
    /// given a number there, and `everyAddressHasAnExample` fails until it has an example here.
    static let examples: [SiteURL] = [
        .home, .login(next: "/sager", expired: true, error: "oidc-state"), .oidcLogin(next: "/start"), .oidcCallback, .logout, .start,
        .citizens(after: "abc"), .citizenSearch, .citizen(id), .caseCreate(citizen: id), .adminUsers, .userActive(id), .cases,
        .case(id, saved: true), .casePhase(id, .opfoelgning, saved: true), .caseTransition(id), .caseKLE(id), .caseLetter(id),
        .reminderDismiss(id), .catalogue, .auditLog(after: "x y"), .stylesheet, .caseAssignment(id), .caseNotes(id),
        .caseNoteCorrection(id, note: id), .caseDocuments(id), .caseDocument(id, document: id), .caseComplaints(id), .casesOf(caseworker: id, overdueOnly: true),
        .dkfdsSupplement, .caseLetterPDF(id), .providers, .offer(id, saved: true), .offerCapacity(id), .offerRates(id),
        .caseOrders(id), .caseOrder(id, order: id), .orderInbox(saved: true), .inboxOrder(id, saved: true), .caseMatching(id), .matchingAnswer(id), .inboxOrderDocument(id, document: id), .inboxOrderHours(id),
        .inboxOrderStatus(id), .inboxOrderChange(id), .caseOrderChangeAnswer(id, order: id, change: id),
        .inboxOrderIncident(id), .caseOrderIncidentSeen(id, order: id, incident: id),
        .economy(EconomyQuery(year: 2026, date: CalendarDate(year: 2026, month: 10, day: 31), grouping: .provider), edit: "5.38.50|alle"),
        .economyGrants(EconomyQuery(year: 2026), key: "5.38.50", grant: id, caseID: id), .economyBudget, .economyPayments,
        .economyExport(EconomyQuery(grouping: .unit), table: "budget", format: "csv", semicolon: true),
        .reports, .report("aabne-sager", ReportQuery(date: CalendarDate(year: 2026, month: 10, day: 31), granularity: "year")),
        .reportCases("aabne-sager", ReportQuery(filter: ReportFilter(unit: id)), section: 1, cell: "byTeam/x"),
        .reportExport("aabne-sager", ReportQuery(), section: 0, format: "csv", semicolon: true, shared: true), .providerProgression,
        .outbox, .outboxResend(id), .outboxReceiver("sagsindeks"), .statistics, .statisticsMonth("2026-11"), .statisticsApprove("2026-11"), .citizenGoalView(id, goal: id),
        .citizenConsent(id), .citizenLetterPDF(id), .citizenSelf(id), .caseRepresentatives(id), .caseRepresentativeRemove(id, representative: id),
    ]

    static func kind(_ url: SiteURL) -> Int {
        switch url {
        case .home: 0
        case .login: 1
        case .oidcLogin: 2
        case .oidcCallback: 3
        case .logout: 4
        case .start: 5
        case .citizens: 6
        case .citizenSearch: 7
        case .citizen: 8
        case .caseCreate: 9
        case .adminUsers: 10
        case .userActive: 11
        case .cases: 12
        case .case: 13
        case .casePhase: 14
        case .caseTransition: 15
        case .caseKLE: 16
        case .caseLetter: 17
        case .reminderDismiss: 18
        case .catalogue: 19
        case .auditLog: 20
        case .stylesheet: 21
        case .caseAssignment: 22
        case .caseNotes: 23
        case .caseNoteCorrection: 24
        case .caseDocuments: 25
        case .caseDocument: 26
        case .caseComplaints: 27
        case .casesOf: 28
        case .dkfdsSupplement: 29
        case .caseLetterPDF: 30
        case .providers: 31
        case .offer: 32
        case .offerCapacity: 33
        case .offerRates: 34
        case .caseOrders: 35
        case .caseOrder: 36
        case .orderInbox: 37
        case .inboxOrder: 38
        case .caseMatching: 39
        case .matchingAnswer: 40
        case .inboxOrderDocument: 41
        case .inboxOrderHours: 42
        case .inboxOrderStatus: 43
        case .inboxOrderChange: 44
        case .caseOrderChangeAnswer: 45
        case .inboxOrderIncident: 46
        case .caseOrderIncidentSeen: 47
        case .economy: 48
        case .economyGrants: 49
        case .economyBudget: 50
        case .economyExport: 51
        case .economyPayments: 52
        case .reports: 53
        case .report: 54
        case .reportCases: 55
        case .reportExport: 56
        case .providerProgression: 57
        case .outbox: 58
        case .outboxResend: 59
        case .outboxReceiver: 60
        case .statistics: 61
        case .statisticsMonth: 62
        case .statisticsApprove: 63
        case .citizenGoalView: 64
        case .citizenConsent: 65
        case .citizenLetterPDF: 66
        case .citizenSelf: 67
        case .caseRepresentatives: 68
        case .caseRepresentativeRemove: 69
        }
    }

    @Test("every kind of address has an example")
    func everyAddressHasAnExample() {
        #expect(Set(Self.examples.map(Self.kind)) == Set(0...69))
    }

    @Test("every address is a registered route, and its printed path fits that route")
    func registeredAndPrinted() async throws {
        try await withTestApp(.sqlite, seed: false) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            for url in Self.examples {
                let pattern = "/" + url.pattern.map(\.description).joined(separator: "/")
                #expect(registered.contains(pattern), "\(url) is not registered as \(pattern)")
                let printed = try #require(URLComponents(string: url.path))
                let segments = printed.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                #expect(segments.count == url.pattern.count, "\(url.path) does not fit \(pattern)")
                for (segment, component) in zip(segments, url.pattern) {
                    switch component {
                    case .parameter(let name): #expect(segment == url.parameters[name] && !segment.isEmpty, "\(url.path): \(name)")
                    default: #expect(segment == component.description, "\(url.path) does not fit \(pattern)")
                    }
                }
            }
            #expect(SiteURL.casePhase(Self.id, .opfoelgning, saved: true).path == "/sager/12345678-1234-4234-8234-123456789abc/opfoelgning?gemt=1")
            #expect(SiteURL.casePhase(Self.id, .sagsvurdering, edit: Self.id).path
                    == "/sager/12345678-1234-4234-8234-123456789abc/sagsvurdering?ret=12345678-1234-4234-8234-123456789abc")
            #expect(SiteURL.auditLog(after: "x y").path == "/admin/revisionslog?efter=x%20y")
            #expect(SiteURL.casesOf(caseworker: nil, overdueOnly: true).path == "/sager?sagsbehandler=ingen&overskredne=1")
            #expect(SiteURL.login(next: "//evil", expired: false).path == "/login")
            #expect(SiteURL.economyExport(EconomyQuery(year: 2026), table: "budget", format: "xlsx").path == "/oekonomi/eksport?aar=2026&tabel=budget&format=xlsx")
        }
    }

    @Test("no web source outside SiteURL writes a web path by hand")
    func noHandBuiltPaths() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/OpenVUMWeb").standardized
        let files = try #require(FileManager.default.subpaths(atPath: dir.path)).filter { $0.hasSuffix(".swift") && !$0.hasSuffix("SiteURL.swift") }
        let literal = try Regex(#""/(sager|borgere|admin|paamindelser|login|start|datakatalog|logout|oekonomi)\b"#)
        var offences: [String] = []
        for file in files {
            let lines = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(literal) {
                offences.append("\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }
}
