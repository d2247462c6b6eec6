import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import SQLKit
import OpenVUMTestSupport
import Testing
import VaporTesting

/// The access matrix, generated from the route table: every registered route × every role (and nobody) ×
/// an object in scope, one of another unit, one of another municipality and a missing id. Declared roles are
/// the only ones that get anything; for everyone else every variant answers alike; an object the caller may
/// not see answers byte for byte like a missing one; nobody in one municipality ever sees the other's data.
/// A new route is covered without touching this test — unless it has a path parameter of a new kind, which
/// then fails here until it is given objects.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Variant: String, CaseIterable { case inScope, otherUnit, otherMunicipality, missing }

    /// The second municipality's data: none of it may appear in an answer to the first municipality's users.
    static let foreignMarker = "Fremmedkommune-QZX"

    struct Fixture {
        var cases: [Variant: UUID]
        var citizens: [Variant: UUID]
        var users: [Variant: UUID]
        var reminders: [String: UUID] // by username (each user's own), plus "foreign" for the other municipality
        var otherUnitReminder: UUID
        /// Who owns each reminder (only its owner may dismiss it).
        var reminderOwners: [UUID: UUID]
        /// A goal, an intervention and a follow-up in each variant's case, by path parameter.
        var items: [Variant: [String: UUID]]
        /// Offers in the provider register: one the demo's provider leader holds, another provider's, one of the
        /// other municipality.
        var offers: [Variant: UUID] = [:]
        /// Providers: the demo's internal one (the provider leader's), the external one, the other municipality's.
        var providers: [Variant: UUID] = [:]
        /// Sent orders: on the in-scope case to the demo's Bostøtte Nord, on the other unit's case to Lysbro, on the
        /// other municipality's case to its offer.
        var orders: [Variant: UUID] = [:]
        /// Matching requests, each to the same offer as the variant's order.
        var matching: [Variant: UUID] = [:]
        /// Open change requests, one on each variant's order.
        var changes: [Variant: UUID] = [:]
        /// Unseen incident reports, one on each variant's order.
        var incidents: [Variant: UUID] = [:]
        /// Payments, one on each variant's order (in its municipality).
        var payments: [Variant: UUID] = [:]
        /// The DST extracts of March 2026 (`:month`), one in each municipality.
        var statistics: [UUID] = []
        /// Dead-lettered outbox messages: two of the demo municipality (in scope, other unit: an administrator sees
        /// the municipality's), one of the other municipality.
        var messages: [Variant: UUID] = [:]
        /// A guardian's access to the citizen's page, one on each variant's case (given to a spare citizen account; the
        /// cases record no guardianship, so it gives that account nothing).
        var representatives: [Variant: UUID] = [:]
    }

    /// An access to the citizen's page on `caseID` for the citizen account `userID` (issue 16 item 7).
    static func representative(caseID: UUID, citizenID: UUID, userID: UUID, municipality: UUID, _ app: Application) async throws -> UUID {
        let id = UUID()
        try await app.sql.raw("""
            INSERT INTO citizen_representatives (id, municipality_id, case_id, citizen_id, user_id, kind, granted_at, granted_by)
            VALUES (\(bind: id), \(bind: municipality), \(bind: caseID), \(bind: citizenID), \(bind: userID), 'guardian', \(bind: Date()), \(bind: userID))
            """).run()
        return id
    }

    /// A dead-lettered outbox message of `municipality` (as the worker would have left it).
    /// March 2026's DST extract of `municipality` (the matrix's `:month`).
    static func dstExtract(municipality: UUID, _ app: Application) async throws -> UUID {
        try await DSTStore.generate(municipalityID: municipality, month: DSTExtract.Month("2026-03")!, userID: nil, now: Date(), audit: nil, on: app.db).id
    }

    static func deadLetter(municipality: UUID, _ app: Application) async throws -> UUID {
        let id = try await OutboxStore.enqueue(municipalityID: municipality, receiver: .caseIndex, objectKey: "sag:\(UUID().uuidString.lowercased())",
                                               kind: CaseIndex.correctionKind, payload: "{}", now: Date(), on: app.db)
        try await OutboxStore.record(id: id, verdict: .deadLetter(reason: "Matrix"), answer: "", now: Date(), on: app.db)
        return id
    }

    /// A payment of `orderID` in `municipality` (as a payment file would have brought it).
    static func payment(orderID: UUID, caseID: UUID, municipality: UUID, _ app: Application) async throws -> UUID {
        let p = Payment(voucherID: "M-\(orderID.uuidString.prefix(8))", orderReference: orderID.uuidString, serviceMonth: YearMonth("2026-01")!,
                        account: "5.38.50", amount: 10_000, bookedOn: CalendarDate("2026-01-31")!)
        let ids = try await PaymentStore.insert([(p, PaidOrder(orderID: orderID, caseID: caseID, interventionID: UUID()))], source: .file,
                                                municipalityID: municipality, userID: nil, now: Date(), audit: nil, on: app.db)
        return try #require(ids.first)
    }

    /// An unintended incident on `orderID`, not yet seen (stored as the provider would have reported it).
    static func incident(orderID: UUID, _ app: Application) async throws -> UUID {
        let i = Incident(id: UUID(), orderID: orderID, type: .unintended, occurredOn: CalendarDate(Date()), reportedOn: CalendarDate(Date()),
                         unintended: UnintendedDetails(kind: .fall, severity: 1, description: "Matrix"))
        try await OrderStore.saveIncident(i, userID: nil, now: Date(), audit: nil, on: app.db)
        return i.id
    }

    /// An open change request on `orderID` (stored as the provider would have sent it).
    static func change(orderID: UUID, _ app: Application) async throws -> UUID {
        let r = ChangeRequest(id: UUID(), orderID: orderID, requestedOn: CalendarDate(Date()), kind: .other, proposedPerWeek: nil, allocatedPerWeek: 2,
                              reason: "Matrix", weekPlan: [WeekPlanDay(weekday: .monday, hours: 1)], evidenceMonths: [])
        try await OrderStore.saveChangeRequest(r, userID: nil, now: Date(), audit: nil, on: app.db)
        return r.id
    }

    /// A matching request of `caseID` to `offer`.
    static func matching(caseID: UUID, offer: UUID, provider: UUID, municipality: UUID, _ app: Application) async throws -> UUID {
        let r = MatchingRequest(id: UUID(), caseID: caseID, interventionID: UUID(), sentOn: CalendarDate(Date()), need: AnonymisedNeed(paragraph: "SEL § 85"),
                                candidates: [MatchingCandidate(offerID: offer, providerID: provider)])
        try await MatchingStore.create(r, municipalityID: municipality, now: Date(), audit: nil, on: app.db)
        return r.id
    }

    /// A sent order of `caseID` to `offer` (the store does not check the case; the matrix only needs it to exist).
    /// The case's document (`addItems`) travels with it, so the provider's document route has one to answer with.
    static func order(caseID: UUID, offer: UUID, provider: UUID, municipality: UUID, items: [String: UUID]?, _ app: Application) async throws -> UUID {
        let today = CalendarDate(Date())
        var o = Order(id: UUID(), caseID: caseID, interventionID: UUID(), offerID: offer, providerID: provider, state: .sent, orderedOn: today, paragraph: "SEL § 85",
                      goalIDs: [], contract: OrderContract(startDate: today, endDate: nil, unit: .hour, unitsPerPeriod: 2, frequency: .perWeek, repetitions: 52,
                                                           unitPrice: 45000), followUpDate: nil)
        o.shared = SharedSelection(parts: [.goals], documentIDs: items?["documentID"].map { [$0] } ?? [])
        try await OrderStore.create(o, municipalityID: municipality, now: Date(), audit: nil, on: app.db)
        return o.id
    }

    /// Adds an (empty) goal, intervention and follow-up to a case's document, returning their ids by path parameter.
    static func addItems(_ caseID: UUID, _ app: Application) async throws -> [String: UUID] {
        let ids = ["goalID": UUID(), "interventionID": UUID(), "followUpID": UUID(), "noteID": UUID(), "documentID": UUID()]
        let row = try #require(try await app.sql.raw("SELECT document FROM cases WHERE id = \(bind: caseID)").first())
        var doc = try JSONDecoder().decode(CaseDocument.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
        var goal = Goal(), intervention = Intervention(), followUp = FollowUp()
        goal.id = ids["goalID"]
        intervention.id = ids["interventionID"]
        followUp.id = ids["followUpID"]
        doc.goals.append(goal)
        doc.interventions.append(intervention)
        doc.followUps.append(followUp)
        // Consent to disclose to a provider: what an order shares (its document) may travel.
        doc.opening.consent = .given
        doc.opening.consentDiscloseTo = [.provider]
        let text = String(decoding: try CasePatch.encoder.encode(doc), as: UTF8.self)
        try await app.sql.raw("UPDATE cases SET document = \(bind: text) WHERE id = \(bind: caseID)").run()
        // A journal note (its first version's id is the note's id).
        let c = try #require(try await app.sql.raw("SELECT citizen_id, municipality_id FROM cases WHERE id = \(bind: caseID)").first())
        try await app.sql.raw("""
            INSERT INTO case_notes (id, chain_id, version, case_id, citizen_id, municipality_id, category, text, author_id, written_at)
            VALUES (\(bind: ids["noteID"]!), \(bind: ids["noteID"]!), 1, \(bind: caseID), \(bind: try c.decode(column: "citizen_id", as: UUID.self)),
                    \(bind: try c.decode(column: "municipality_id", as: UUID.self)), 'internal', 'Notat', NULL, \(bind: Date()))
            """).run()
        // A document (a PDF kept in the database).
        let pdf = Data("%PDF-1.4 matrix".utf8)
        try await app.sql.raw("""
            INSERT INTO case_attachments (id, case_id, citizen_id, municipality_id, title, kind, document_date, file_name, format, size, sha256,
                                          stored_in, content, uploaded_by, uploaded_at)
            VALUES (\(bind: ids["documentID"]!), \(bind: caseID), \(bind: try c.decode(column: "citizen_id", as: UUID.self)),
                    \(bind: try c.decode(column: "municipality_id", as: UUID.self)), 'Dokument', 'other', '2026-01-01', 'd.pdf', 'pdf', \(bind: pdf.count),
                    \(bind: CaseStore.sha256Hex(Array(pdf))), 'database', \(bind: pdf), NULL, \(bind: Date()))
            """).run()
        return ids
    }

    /// Builds a second municipality (unit, caseworker, administrator, citizen, case, reminder) and, in the
    /// demo municipality, a case in each team and a reminder for each caseworker and team leader.
    static func fixture(_ app: Application) async throws -> Fixture {
        let sql = app.sql
        let mun2 = UUID(), team2 = UUID()
        try await sql.raw("INSERT INTO municipalities (id, code, name) VALUES (\(bind: mun2), '0998', \(bind: foreignMarker))").run()
        try await sql.raw("INSERT INTO org_units (id, municipality_id, kind, name) VALUES (\(bind: team2), \(bind: mun2), 'authorityTeam', \(bind: "Team \(foreignMarker)"))").run()
        let hash = try Bcrypt.hash("demo", cost: 4)
        let cw2 = try await UserStore.create(.init(municipalityID: mun2, username: "fremmed.sagsbehandler", passwordHash: hash,
                                                   displayName: "Sagsbehandler \(foreignMarker)", role: .caseworker, unitIDs: [team2]), on: app.db)
        _ = try await UserStore.create(.init(municipalityID: mun2, username: "fremmed.admin", passwordHash: hash,
                                             displayName: "Admin \(foreignMarker)", role: .administrator, unitIDs: []), on: app.db)
        let cw2Principal = try #require(try await UserStore.principal(userID: cw2.id, on: app.db))
        let t = try await app.openvum.terminology.current(on: app.db)
        let citizen2 = try await CitizenStore.create(.init(cpr: try CPRNumber("0101804321"), givenName: "Borger", familyName: foreignMarker,
                                                           responsibleUnitID: team2), principal: cw2Principal, now: Date(), audit: nil, on: app.db).citizen
        let case2 = try await CaseStore.create(.init(citizenID: citizen2.id, origin: .inquiry, paragraphsAppliedFor: ["SEL § 85"]),
                                               principal: cw2Principal, now: Date(), terminology: t, on: app.db)

        func principal(_ username: String) async throws -> Principal {
            let u = try #require(try await UserStore.find(username: username, on: app.db))
            return try #require(try await UserStore.principal(userID: u.id, on: app.db))
        }
        let cw = try await principal("sagsbehandler"), leader = try await principal("teamleder")
        let handicap = try await CaseStore.create(.init(citizenID: DemoData.citizenIDs[2], origin: .inquiry), principal: cw, now: Date(), terminology: t, on: app.db)
        let psychiatry = try await CaseStore.create(.init(citizenID: DemoData.citizenIDs[4], origin: .inquiry, responsibleUnitID: DemoData.teamPsychiatryID),
                                                    principal: leader, now: Date(), terminology: t, on: app.db)
        func reminder(_ user: UUID, _ caseID: UUID) async throws -> UUID {
            let id = UUID()
            try await sql.raw("""
                INSERT INTO reminders (id, user_id, case_id, kind, due_on, label, created_at)
                VALUES (\(bind: id), \(bind: user), \(bind: caseID), 'phase', '2030-01-01', 'Frist', \(bind: Date()))
                """).run()
            return id
        }
        let admin = try #require(try await UserStore.find(username: "admin", on: app.db))
        // A spare account of the demo municipality: the user routes may change it without taking anyone's login away.
        let spare = try await UserStore.create(.init(municipalityID: DemoData.municipalityID, username: "matrix.reserve", passwordHash: hash,
                                                     displayName: "Reserve", role: .caseworker, unitIDs: [DemoData.teamHandicapID]), on: app.db)
        let guardian = try await UserStore.create(.init(municipalityID: DemoData.municipalityID, username: "matrix.vaerge", passwordHash: hash,
                                                        displayName: "Værge", role: .citizen, unitIDs: []), on: app.db)
        let provider2 = UUID(), offer2 = UUID()
        try await sql.raw("INSERT INTO org_units (id, municipality_id, kind, name, ownership) VALUES (\(bind: provider2), \(bind: mun2), 'provider', \(bind: "Udfører \(foreignMarker)"), 'internal')").run()
        try await sql.raw("INSERT INTO org_units (id, municipality_id, kind, name, parent_id) VALUES (\(bind: offer2), \(bind: mun2), 'offer', \(bind: "Tilbud \(foreignMarker)"), \(bind: provider2))").run()
        let mine = try await reminder(cw.userID, handicap.id), leaders = try await reminder(leader.userID, handicap.id)
        let foreign = try await reminder(cw2.id, case2.id), psychiatryReminder = try await reminder(leader.userID, psychiatry.id)
        let items: [Variant: [String: UUID]] = [.inScope: try await addItems(handicap.id, app), .otherUnit: try await addItems(psychiatry.id, app),
                                                .otherMunicipality: try await addItems(case2.id, app)]
        let orders: [Variant: UUID] = [
            .inScope: try await order(caseID: handicap.id, offer: DemoData.internalHousingSupportID, provider: DemoData.internalProviderID,
                                      municipality: DemoData.municipalityID, items: items[.inScope], app),
            .otherUnit: try await order(caseID: psychiatry.id, offer: DemoData.externalResidentialID, provider: DemoData.externalProviderID,
                                        municipality: DemoData.municipalityID, items: items[.otherUnit], app),
            .otherMunicipality: try await order(caseID: case2.id, offer: offer2, provider: provider2, municipality: mun2, items: items[.otherMunicipality], app),
            .missing: UUID()]
        return Fixture(
            cases: [.inScope: handicap.id, .otherUnit: psychiatry.id, .otherMunicipality: case2.id, .missing: UUID()],
            citizens: [.inScope: DemoData.citizenIDs[2], .otherUnit: DemoData.citizenIDs[4], .otherMunicipality: citizen2.id, .missing: UUID()],
            users: [.inScope: admin.id, .otherUnit: spare.id, .otherMunicipality: cw2.id, .missing: UUID()],
            reminders: ["sagsbehandler": mine, "teamleder": leaders, "foreign": foreign], otherUnitReminder: psychiatryReminder,
            reminderOwners: [mine: cw.userID, leaders: leader.userID, foreign: cw2.id, psychiatryReminder: leader.userID],
            items: items,
            offers: [.inScope: DemoData.internalHousingSupportID, .otherUnit: DemoData.externalResidentialID, .otherMunicipality: offer2, .missing: UUID()],
            providers: [.inScope: DemoData.internalProviderID, .otherUnit: DemoData.externalProviderID, .otherMunicipality: provider2, .missing: UUID()],
            orders: orders,
            matching: [.inScope: try await matching(caseID: handicap.id, offer: DemoData.internalHousingSupportID, provider: DemoData.internalProviderID,
                                                    municipality: DemoData.municipalityID, app),
                       .otherUnit: try await matching(caseID: psychiatry.id, offer: DemoData.externalResidentialID, provider: DemoData.externalProviderID,
                                                      municipality: DemoData.municipalityID, app),
                       .otherMunicipality: try await matching(caseID: case2.id, offer: offer2, provider: provider2, municipality: mun2, app), .missing: UUID()],
            changes: [.inScope: try await change(orderID: orders[.inScope]!, app), .otherUnit: try await change(orderID: orders[.otherUnit]!, app),
                      .otherMunicipality: try await change(orderID: orders[.otherMunicipality]!, app), .missing: UUID()],
            incidents: [.inScope: try await incident(orderID: orders[.inScope]!, app), .otherUnit: try await incident(orderID: orders[.otherUnit]!, app),
                        .otherMunicipality: try await incident(orderID: orders[.otherMunicipality]!, app), .missing: UUID()],
            payments: [.inScope: try await payment(orderID: orders[.inScope]!, caseID: handicap.id, municipality: DemoData.municipalityID, app),
                       .otherUnit: try await payment(orderID: orders[.otherUnit]!, caseID: psychiatry.id, municipality: DemoData.municipalityID, app),
                       .otherMunicipality: try await payment(orderID: orders[.otherMunicipality]!, caseID: case2.id, municipality: mun2, app),
                       .missing: UUID()],
            // Every municipality has each month of the DST statistic; March's extract is made in both.
            statistics: [try await dstExtract(municipality: DemoData.municipalityID, app), try await dstExtract(municipality: mun2, app)],
            messages: [.inScope: try await deadLetter(municipality: DemoData.municipalityID, app),
                       .otherUnit: try await deadLetter(municipality: DemoData.municipalityID, app),
                       .otherMunicipality: try await deadLetter(municipality: mun2, app), .missing: UUID()],
            representatives: [.inScope: try await representative(caseID: handicap.id, citizenID: DemoData.citizenIDs[2], userID: guardian.id,
                                                                  municipality: DemoData.municipalityID, app),
                              .otherUnit: try await representative(caseID: psychiatry.id, citizenID: DemoData.citizenIDs[4], userID: guardian.id,
                                                                   municipality: DemoData.municipalityID, app),
                              .otherMunicipality: try await representative(caseID: case2.id, citizenID: citizen2.id, userID: guardian.id, municipality: mun2, app),
                              .missing: UUID()])
    }

    /// The id a path parameter gets for a caller and a variant; nil: a parameter kind this test does not know.
    static func value(_ parameter: String, _ variant: Variant, username: String?, fixture f: Fixture) -> String? {
        switch parameter {
        case "caseID": return f.cases[variant]!.uuidString.lowercased()
        case "citizenID": return f.citizens[variant]!.uuidString.lowercased()
        case "userID": return f.users[variant]!.uuidString.lowercased()
        case "reminderID":
            switch variant {
            case .inScope: return (username.flatMap { f.reminders[$0] } ?? f.reminders["sagsbehandler"]!).uuidString.lowercased()
            case .otherUnit: return f.otherUnitReminder.uuidString.lowercased()
            case .otherMunicipality: return f.reminders["foreign"]!.uuidString.lowercased()
            case .missing: return UUID().uuidString.lowercased()
            }
        case "phase": return "sagsaabning"
        case "month": return "2026-03"
        // A report is no citizen's object: every municipality has each one; a missing one is an unknown id.
        case "reportID": return variant == .missing ? "findes-ikke" : "aabne-sager"
        case "offerID": return f.offers[variant]!.uuidString.lowercased()
        case "providerID": return f.providers[variant]!.uuidString.lowercased()
        case "orderID": return f.orders[variant]!.uuidString.lowercased()
        case "requestID": return f.matching[variant]!.uuidString.lowercased()
        case "changeID": return f.changes[variant]!.uuidString.lowercased()
        case "incidentID": return f.incidents[variant]!.uuidString.lowercased()
        case "paymentID": return f.payments[variant]!.uuidString.lowercased()
        case "messageID": return f.messages[variant]!.uuidString.lowercased()
        case "representativeID": return f.representatives[variant]!.uuidString.lowercased()
        // Every municipality has each receiver; a missing one is an unknown name.
        case "receiver": return variant == .missing ? "findes-ikke" : "sagsindeks"
        case "goalID", "interventionID", "followUpID", "noteID", "documentID": return (f.items[variant]?[parameter] ?? UUID()).uuidString.lowercased()
        default: return nil
        }
    }

    /// Whether the object behind a variant is one the caller may see (the store's own scope answers).
    static func visible(_ parameters: [String], _ variant: Variant, principal: Principal?, username: String?, fixture f: Fixture, app: Application) async throws -> Bool {
        guard variant != .missing, let p = principal else { return false }
        for parameter in parameters {
            switch parameter {
            case "caseID": if try await CaseStore.find(id: f.cases[variant]!, principal: p, on: app.db) == nil { return false }
            case "citizenID": if try await CitizenStore.find(id: f.citizens[variant]!, principal: p, on: app.db) == nil { return false }
            case "userID":
                let u = try await UserStore.find(id: f.users[variant]!, on: app.db)
                if u?.municipalityID != p.municipalityID { return false }
            case "reminderID":
                guard let raw = value("reminderID", variant, username: username, fixture: f), let id = UUID(uuidString: raw),
                      f.reminderOwners[id] == p.userID else { return false }
            case "offerID":
                // The municipality's offers; a provider user only their own (or their provider's).
                let offer = f.offers[variant]!
                guard let provider = try await ProviderStore.provider(ofOffer: offer, municipalityID: p.municipalityID, on: app.db) else { return false }
                if p.role.isProvider && !p.unitIDs.contains(offer) && !p.unitIDs.contains(provider) { return false }
            case "orderID":
                // The authority by the case's scope; a provider by its own offers (the store's own scope answers).
                if try await OrderStore.find(id: f.orders[variant]!, principal: p, graceDays: 30, today: CalendarDate(Date()), on: app.db) == nil { return false }
            case "requestID":
                // The authority by the case's scope; a provider by its own offers asked (the store's own scope answers).
                if try await MatchingStore.find(id: f.matching[variant]!, principal: p, on: app.db) == nil { return false }
            case "paymentID":
                // The municipality's payments (only the economy roles reach them).
                if try await PaymentStore.find(id: f.payments[variant]!, municipalityID: p.municipalityID, on: app.db) == nil { return false }
            case "messageID":
                // The municipality's outbox (only the administrator reaches it).
                let row = try await app.sql.raw("SELECT municipality_id FROM outbox_messages WHERE id = \(bind: f.messages[variant]!)").first()
                if try row?.decode(column: "municipality_id", as: UUID.self) != p.municipalityID { return false }
            case "providerID":
                // The municipality's providers (only the administrator writes them).
                let id = f.providers[variant]!
                if try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: [id], on: app.db).isEmpty { return false }
            default: break
            }
        }
        return true
    }

    /// What may differ between two answers that are otherwise the same: the server's request id, and the ids the
    /// caller put in the path itself (a page may link back to what was asked for).
    static func normalized(_ res: TestingHTTPResponse, ids: [String] = []) -> String {
        var body = res.body.string
        if let id = res.headers.first(name: "X-Request-Id") { body = body.replacingOccurrences(of: id, with: "<request-id>") }
        for id in ids where id.count == 36 { body = body.replacingOccurrences(of: id, with: "<asked-for>") }
        return "\(res.status.code) \(res.headers.contentType?.description ?? "")\n\(body)"
    }

    @Test("every route × every role × in scope, other unit, other municipality, missing", arguments: Engine.available)
    func matrix(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let f = try await Self.fixture(app)
            let roles: [String?] = [nil] + DemoData.users.map(\.username) + ["fremmed.sagsbehandler", "fremmed.admin"]
            var tokens: [String: String] = [:]
            var sessions: [String: (WebSessionClient, String)] = [:]
            var principals: [String: Principal] = [:]
            for case let username? in roles {
                tokens[username] = try await app.token(username)
                let web = try await WebSessionClient.login(app, username)
                let start = try await web.get(app, "/start")
                sessions[username] = (web, try #require(csrfToken(in: start.body.string)))
                let u = try #require(try await UserStore.find(username: username, on: app.db))
                principals[username] = try await UserStore.principal(userID: u.id, on: app.db)
            }

            // Logging out ends the session the rest of the matrix uses: it goes last.
            let routes = app.routes.all.sorted { a, b in
                let la = a.path.map(\.description) == ["logout"], lb = b.path.map(\.description) == ["logout"]
                return la == lb ? a.description < b.description : lb
            }
            var problems: [String] = []
            var requests = 0
            for route in routes {
                let policy = try #require(route.policy, "\(route.description) declares no policy")
                let parameters = route.path.compactMap { c -> String? in if case .parameter(let name) = c { return name } else { return nil } }
                let isAPI = route.path.first?.description == "api"
                let variants: [Variant] = parameters.isEmpty ? [.inScope] : Variant.allCases
                for username in roles {
                    let principal = username.flatMap { principals[$0] }
                    let allowed: Bool
                    switch policy.access {
                    case .anyone: allowed = true
                    case .anyAuthenticated: allowed = principal != nil
                    case .roles(let set): allowed = principal.map { set.contains($0.role) } ?? false
                    }
                    var answers: [Variant: TestingHTTPResponse] = [:]
                    var askedFor: [Variant: [String]] = [:]
                    // Missing first, in scope last: a write to the object must not change what the others answer.
                    for variant in variants.reversed() {
                        var path = ""
                        for component in route.path {
                            if case .parameter(let name) = component {
                                guard let v = Self.value(name, variant, username: username, fixture: f) else {
                                    Issue.record("\(route.description): no objects for the path parameter :\(name); add them to AccessMatrixTests")
                                    return
                                }
                                path += "/" + v
                                askedFor[variant, default: []].append(v)
                            } else {
                                path += "/" + component.description
                            }
                        }
                        if path.isEmpty { path = "/" }
                        var headers: HTTPHeaders = ["If-Match": "\"1\""]
                        var json: String?
                        var form: [String: String]?
                        var cookies: HTTPCookies?
                        var token: String?
                        if isAPI {
                            token = username.flatMap { tokens[$0] }
                            if route.method != .GET { json = "{}" }
                            if route.method == .PATCH { headers.contentType = HTTPMediaType(type: "application", subType: "merge-patch+json") }
                        } else if let username, let (web, csrf) = sessions[username] {
                            cookies = web.cookies
                            if route.method != .GET { form = ["_csrf": csrf, "version": "1"] }
                        } else if route.method != .GET {
                            form = ["_csrf": "x"]
                        }
                        let res = try await app.send(route.method, path, token: token, headers: headers, json: json, form: form, cookies: cookies)
                        requests += 1
                        answers[variant] = res
                        let who = username ?? "(nobody)"
                        let label = "\(route.method.rawValue) \(path) as \(who) [\(variant.rawValue)]"
                        if res.status.code >= 500 { problems.append("\(label): \(res.status.code)") }
                        // Nobody of the demo municipality ever sees the other municipality's data.
                        if principal?.municipalityID == DemoData.municipalityID && res.body.string.contains(Self.foreignMarker) {
                            problems.append("\(label): shows another municipality's data")
                        }
                        if !allowed && policy.access != .anyone {
                            let refused = [401, 403].contains(Int(res.status.code)) || (!isAPI && principal == nil && res.status == .seeOther
                                && (res.headers.first(name: .location) ?? "").hasPrefix("/login"))
                            if !refused { problems.append("\(label): \(res.status.code) for a role the route does not declare") }
                        }
                    }
                    guard policy.access != .anyone else { continue }
                    let last: Variant = variants.last == .missing ? .missing : .inScope
                    let missing = Self.normalized(answers[last]!, ids: askedFor[last] ?? [])
                    if !allowed {
                        // Refused alike whatever the object: the refusal tells nothing about what exists.
                        for v in variants where Self.normalized(answers[v]!, ids: askedFor[v] ?? []) != missing {
                            problems.append("\(route.description) as \(username ?? "(nobody)"): refusal for \(v.rawValue) differs from missing")
                        }
                        continue
                    }
                    guard !parameters.isEmpty else { continue }
                    for v in variants where v != .missing {
                        let seen = try await Self.visible(parameters, v, principal: principal, username: username, fixture: f, app: app)
                        let res = answers[v]!
                        if seen {
                            if [401, 403, 404].contains(Int(res.status.code)) {
                                problems.append("\(route.description) as \(username ?? "-") [\(v.rawValue)]: \(res.status.code) for an object in scope")
                            }
                        } else if Self.normalized(res, ids: askedFor[v] ?? []) != missing {
                            problems.append("\(route.description) as \(username ?? "-") [\(v.rawValue)]: differs from a missing id:\n  \(Self.normalized(res, ids: askedFor[v] ?? []).prefix(300))\n  vs\n  \(missing.prefix(300))")
                        }
                    }
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(routes.count > 40 && requests > 1000, "\(routes.count) routes, \(requests) requests")
        }
    }
}
