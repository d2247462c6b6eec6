import Foundation
@testable import OpenVUMDomain
@testable import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import Testing

/// Every page, rendered from a fixture model with a fixed page context, as indented HTML under
/// `Tests/__Snapshots__/page-*.html`: a changed page shows in the diff.
@Suite("Page snapshots")
struct PageSnapshotTests {
    static func uuid(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    static let now = ISO8601DateFormatter().date(from: "2026-03-02T10:00:00Z")!
    static let day = CalendarDate(year: 2026, month: 3, day: 2)!
    static let municipality = uuid(1), teamH = uuid(2), offer = uuid(3)
    static let caseworker = Principal(userID: uuid(10), municipalityID: municipality, username: "sagsbehandler", displayName: "Sara Sagsbehandler",
                                      role: .caseworker, unitIDs: [teamH], citizenID: nil)
    static let admin = Principal(userID: uuid(11), municipalityID: municipality, username: "admin", displayName: "Anne Admin",
                                 role: .administrator, unitIDs: [], citizenID: nil)

    static func context(_ p: Principal?) -> PageContext { PageContext(principal: p, csrfToken: { "CSRF-TOKEN" }, now: now) }

    /// One concept per value set the forms use, and a KLE emne.
    static let terminology: TerminologySnapshot = {
        var ffb: [String: TerminologyConcept] = [:]
        for (i, set) in [FFBValueSet.conditions, FFBValueSet.activityAndParticipation, FFBValueSet.changeValues, FFBValueSet.interventions,
                         FFBValueSet.services, FFBValueSet.needs, FFBValueSet.targetGroups, FFBValueSet.followUp].enumerated() {
            ffb["c\(i)"] = TerminologyConcept(code: "c\(i)", display: "Begreb \(i) (\(set))", parent: nil, level: nil, valueSets: [set], paragraph: nil)
        }
        let kle = ["27.24.00": TerminologyConcept(code: "27.24.00", display: "Botilbud", parent: nil, level: "emne", valueSets: [], paragraph: nil)]
        return TerminologySnapshot(versions: [.ffb: "1", .kle: "1"], concepts: [.ffb: ffb, .kle: kle])
    }()

    static let codes = [FFBValueSet.conditions: "c0", FFBValueSet.activityAndParticipation: "c1", FFBValueSet.changeValues: "c2",
                        FFBValueSet.interventions: "c3", FFBValueSet.services: "c4", FFBValueSet.needs: "c5", FFBValueSet.targetGroups: "c6",
                        FFBValueSet.followUp: "c7"]

    static let citizen = CitizenRecord(id: uuid(20), municipalityID: municipality, cpr: "0707614285", givenName: "Mads", familyName: "Holm",
                                       responsibleUnitID: teamH, createdAt: now, updatedAt: now, version: 1)
    static let units = [
        UnitRecord(id: teamH, municipalityID: municipality, kind: .authorityTeam, name: "Team Handicap", ownership: nil, parentID: nil),
        UnitRecord(id: offer, municipalityID: municipality, kind: .offer, name: "Bostøtte Nord (SEL § 85)", ownership: .internal, parentID: nil),
    ]

    /// A case in follow-up with every field filled in, ids fixed.
    static var casePage: CasePageModel {
        var doc = CaseDocument.fullySpecified(codes: codes, on: day)
        for i in doc.goals.indices { doc.goals[i].id = uuid(100 + i) }
        for i in doc.interventions.indices { doc.interventions[i].id = uuid(200 + i) }
        for i in doc.followUps.indices { doc.followUps[i].id = uuid(300 + i) }
        let record = CaseRecord(id: uuid(30), municipalityID: municipality, citizenID: citizen.id, responsibleUnitID: teamH, caseworkerID: caseworker.userID,
                                phase: .followUp, openedOn: day, closedOn: nil, nextDeadlineOn: CalendarDate(year: 2026, month: 6, day: 1), nextDeadlineKind: "followUp",
                                kleEmne: "27.24.00", kleFacet: "G01", document: doc, version: 7, createdAt: now, updatedAt: now,
                                caseNumber: "2026-00042", paragraphs: "SEL § 85")
        let history = CaseHistory(
            transitions: [.init(from: nil, to: .opening, at: now, userID: caseworker.userID, reason: nil),
                          .init(from: .opening, to: .investigation, at: now, userID: caseworker.userID, reason: nil)],
            nationalStates: [.init(state: .opstaaet, validFrom: now, validTo: nil)], kle: [], functionalLevels: [])
        return CasePageModel(record: record, citizen: citizen, terminology: terminology, units: units, history: history,
                             deadlines: [CaseDeadline(kind: .followUp, dueOn: CalendarDate(year: 2026, month: 6, day: 1)!, label: "Opfølgning")])
    }

    static let summary = CaseSummary(id: uuid(30), citizenID: citizen.id, citizenName: "Mads Holm", responsibleUnitID: teamH, caseworkerID: caseworker.userID,
                                     phase: .followUp, openedOn: "2026-03-02", nextDeadlineOn: "2026-03-01", nextDeadlineKind: "followUp", version: 7,
                                     caseNumber: "2026-00042", paragraphs: "SEL § 85", caseworkerName: "Sara Sagsbehandler")

    static func expect(_ page: WebPage, _ principal: Principal?, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        Snapshot.expect(page.html(context(principal), indented: true) + "\n", named: "page-\(name).html", sourceLocation: sourceLocation)
    }

    @Test("login, start, citizens, users, audit log, error")
    func generalPages() {
        Self.expect(Pages.login(.init(next: "/sager"), Self.context(nil)), nil, "login")
        Self.expect(Pages.start(.init(principal: Self.caseworker, municipality: "Demokommune", units: Self.units, citizens: [Self.citizen]),
                                Self.context(Self.caseworker)), Self.caseworker, "start-caseworker")
        Self.expect(Pages.citizens(.init(page: Page(items: [Self.citizen], nextCursor: "next"), cpr: "070761-4285", searchResult: [Self.citizen]),
                                   Self.context(Self.caseworker)), Self.caseworker, "citizens")
        Self.expect(Pages.citizen(.init(citizen: Self.citizen, unitName: "Team Handicap", cases: [Self.summary], canOpenCase: true), Self.context(Self.caseworker)),
                    Self.caseworker, "citizen")
        let user = UserRecord(id: Self.uuid(10), municipalityID: Self.municipality, username: "sagsbehandler", passwordHash: "x", displayName: "Sara Sagsbehandler",
                              role: .caseworker, isDemo: false, active: true, citizenID: nil, version: 1)
        var users = Pages.UsersModel(users: [user], units: Self.units)
        users.errors = [FieldError(field: "username", message: "Brugernavnet er allerede i brug.")]
        users.form = ["username": "sagsbehandler", "displayName": "Ny", "role": "caseworker", "unitId": Self.teamH.uuidString]
        Self.expect(Pages.users(users, Self.context(Self.admin)), Self.admin, "admin-users")
        let entry = AuditEntry(id: Self.uuid(40), occurredAt: Self.now, municipalityID: Self.municipality, userID: Self.caseworker.userID, unitID: Self.teamH,
                               action: "case.read", objectType: "case", objectID: Self.uuid(30).uuidString, citizenID: Self.citizen.id, criteria: "limit=50",
                               requestID: "req-1", channel: "web")
        Self.expect(Pages.auditLog(.init(page: Page(items: [entry], nextCursor: nil), users: [Self.caseworker.userID: "sagsbehandler"]), Self.context(Self.admin)),
                    Self.admin, "audit-log")
        Self.expect(Pages.errorPage(Problem(type: "about:blank", title: "Ikke fundet", status: 404, detail: "Sagen findes ikke, eller du har ikke adgang til den.",
                                            code: "not-found", requestId: "req-2"), Self.context(Self.caseworker)), Self.caseworker, "error-404")
    }

    @Test("the worklist, the case overview, every phase page, the letter, the catalogue")
    func casePages() {
        let ctx = Self.context(Self.caseworker)
        let reminder = Reminder(id: Self.uuid(50), caseID: Self.uuid(30), citizenName: "Mads Holm", kind: "followUp", dueOn: "2026-03-01", label: "Opfølgning", overdue: true)
        Self.expect(CaseViews.worklist(.init(role: .caseworker, today: Self.day, own: [Self.summary], team: [], caseload: [], reminders: [reminder]), ctx),
                    Self.caseworker, "worklist")
        var overview = Self.casePage
        overview.notice = "Gemt."
        Self.expect(CaseViews.overview(overview, ctx), Self.caseworker, "case-overview")
        for slug in PhaseSlug.allCases {
            Self.expect(CaseViews.phasePage(slug, Self.casePage, ctx), Self.caseworker, "case-\(slug.rawValue)")
        }
        Self.expect(CaseViews.letter(Self.casePage, sender: .init(
            municipality: "Demokommune", contact: MunicipalityContact(address: "Rådhuset\nDemovej 1\n9999 Demoby", phone: "70 10 20 30", email: "social@demo.dk"),
            caseworkerPhone: "70 10 20 41"), ctx), Self.caseworker, "case-letter")
        Self.expect(CaseViews.catalogue(DataCatalogue.items, captured: DataCatalogue.capturedKeys, ctx), Self.caseworker, "catalogue")
    }

    static let providers = [ProviderStore.ProviderEntry(
        id: uuid(60), name: "Socialcenter Nord", ownership: .internal, kind: .municipal,
        offers: [.init(id: uuid(61), name: "Bostøtte Nord", register: OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38"),
                       capacity: OfferCapacity(places: 20, vacant: 2),
                       rates: [OfferRate(validFrom: CalendarDate(year: 2026, month: 1, day: 1)!, unit: .hour, frequency: .perWeek, unitPrice: 51250)])])]

    static var order: Order {
        Order(id: uuid(70), caseID: uuid(30), interventionID: uuid(200), offerID: uuid(61), providerID: uuid(60), paragraph: "SEL § 85", goalIDs: [],
              contract: OrderContract(startDate: CalendarDate(year: 2026, month: 4, day: 1)!, endDate: CalendarDate(year: 2026, month: 6, day: 30)!, unit: .hour,
                                      unitsPerPeriod: Decimal(string: "10.25")!, frequency: .perWeek, repetitions: 13, unitPrice: 51250),
              followUpDate: CalendarDate(year: 2026, month: 7, day: 1))
    }

    @Test("orders: a draft on Bestilling, the provider's inbox and an order waiting for the provider's answer")
    func orderPages() {
        var m = Self.casePage
        m.orders = [Self.order]
        m.providers = Self.providers
        Self.expect(CaseViews.phasePage(.bestilling, m, Self.context(Self.caseworker)), Self.caseworker, "case-bestilling-draft")
        var sent = Self.order
        sent.state = .sent
        sent.orderedOn = CalendarDate(year: 2026, month: 3, day: 2)
        sent.register = OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38")
        let staff = Principal(userID: Self.uuid(80), municipalityID: Self.municipality, username: "udfoerer", displayName: "Ulla Udfører", role: .providerStaff,
                              unitIDs: [Self.uuid(61)], citizenID: nil)
        let request = MatchingRequest(id: Self.uuid(71), caseID: Self.uuid(30), interventionID: Self.uuid(200), sentOn: CalendarDate(year: 2026, month: 3, day: 1)!,
                                      need: AnonymisedNeed(paragraph: "SEL § 85", ageGroup: .from25to34, unit: .hour, unitsPerPeriod: 3, frequency: .perWeek,
                                                           expectedStartDate: CalendarDate(year: 2026, month: 4, day: 1)!, description: "Støtte til indkøb."),
                                      candidates: [MatchingCandidate(offerID: Self.uuid(61), providerID: Self.uuid(60))])
        Self.expect(Pages.orderInbox(.init(orders: [sent], citizens: [sent.id: "Mads Holm"], providers: Self.providers, matching: [request]), Self.context(staff)),
                    staff, "order-inbox")
        Self.expect(Pages.inboxOrder(.init(order: sent, citizen: "Mads Holm", providers: Self.providers), Self.context(staff)), staff, "inbox-order")
    }

    @Test("a refused form shows what was typed, with the error on its field")
    func refusedForm() {
        var m = Self.casePage
        m.echo = FormData(values: ["opening.otherActingMunicipality": ["ikke en kode"], "opening.origin": ["ownInitiative"]])
        m.errors = [FieldError(field: "/opening/otherActingMunicipality", message: "Kommunekoden skal være tre cifre.")]
        let html = CaseViews.phasePage(.sagsaabning, m, Self.context(Self.caseworker), status: .unprocessableEntity).html(Self.context(Self.caseworker), indented: true)
        #expect(html.contains(#"value="ikke en kode""#))
        #expect(html.contains("Kommunekoden skal være tre cifre."))
        #expect(!html.contains(#"value="101""#), "the stored value must not replace what was typed")
        Snapshot.expect(html + "\n", named: "page-case-sagsaabning-refused.html")
    }
}
