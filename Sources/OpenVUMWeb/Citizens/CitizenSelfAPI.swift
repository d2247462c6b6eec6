import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The citizen's own view in the API (issue 16 items 6 and 7), for a citizen account and its guardian or party
/// representative: a citizen's page as data, electronic consent and the view on a goal. The same store calls and
/// rules as the web pages; a citizen the account does not act for is not found.
enum CitizenSelfAPI {
    /// `GET /api/v1/me/citizens/{citizenID}`: the page of a citizen the account acts for, audited as one read.
    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let citizenID = try req.uuidParameter("citizenID", what: "Borgeren")
        let audit = try req.auditEntry(objectType: "citizen")
        return try APIResponse.json(try await load(req, p, citizenID: citizenID, audit: audit))
    }

    /// `POST /api/v1/me/cases/{caseID}/consent` with `{"action": "give"|"withdraw", "collectFrom": [...], "discloseTo": [...]}`:
    /// the consent recorded on the case; the citizen's page after it.
    static func consent(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let body = try StrictJSON.decode(ConsentRequest.self, from: req)
        let decision = try ElectronicConsent.decision(action: body.action, collectFrom: body.collectFrom ?? [], discloseTo: body.discloseTo ?? [])
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let t = try await req.openvum.terminology.current(on: req.db)
        let citizenID = try await req.writeTransaction { tx in
            try await CitizenSelfStore.recordConsent(decision, caseID: caseID, principal: p, now: now, terminology: t, audit: audit, on: tx)
        }
        guard let citizenID else { throw DomainError.notFound("Sagen") }
        return try APIResponse.json(try await load(req, p, citizenID: citizenID, audit: nil))
    }

    /// `POST /api/v1/me/cases/{caseID}/goals/{goalID}/view` with `{"colour": "green"|"yellow"|"red", "sentence": "..."}`.
    static func goalView(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let goalID = try req.uuidParameter("goalID", what: "Målet")
        let body = try StrictJSON.decode(GoalViewRequest.self, from: req)
        let view = try CitizenGoalView.given(goalID: goalID, colour: body.colour, sentence: body.sentence, today: CalendarDate(req.openvum.now()))
        let audit = try req.auditEntry(objectType: "case")
        let now = req.openvum.now()
        let citizenID = try await req.writeTransaction { tx in
            try await CitizenSelfStore.recordGoalView(view, caseID: caseID, principal: p, now: now, audit: audit, on: tx)
        }
        guard let citizenID else { throw DomainError.notFound("Målet") }
        return try APIResponse.json(try await load(req, p, citizenID: citizenID, audit: nil))
    }

    static func load(_ req: Request, _ p: Principal, citizenID: UUID, audit: AuditEntry?) async throws -> CitizenSelfDTO {
        let today = CalendarDate(req.openvum.now())
        guard let o = try await CitizenSelfStore.overview(citizenID: citizenID, principal: p, today: today, audit: audit, on: req.readDB),
              let choice = try await CitizenSelfStore.citizens(principal: p, on: req.readDB).first(where: { $0.id == citizenID }) else {
            throw DomainError.notFound("Borgeren")
        }
        return CitizenSelfDTO(o, choice: choice, today: today)
    }
}

struct ConsentRequest: StrictBody {
    var action: String?
    var collectFrom: [String]?
    var discloseTo: [String]?
    static let fields: Set<String> = ["action", "collectFrom", "discloseTo"]
}

struct GoalViewRequest: StrictBody {
    var colour: String?
    var sentence: String?
    static let fields: Set<String> = ["colour", "sentence"]
}

/// A citizen's own page as data (schema `CitizenSelf`).
struct CitizenSelfDTO: Encodable, Sendable {
    struct Consent: Encodable, Sendable {
        @Nullable var status: ConsentStatus?
        @Nullable var form: ConsentForm?
        var collectFrom: [InformationParty]
        var discloseTo: [InformationParty]
        /// Whether consent may be given or withdrawn on the case now (not closed).
        var canChange: Bool
    }
    struct Case: Encodable, Sendable {
        var id: UUID
        var caseNumber: String
        var phase: CasePhase
        var openedOn: CalendarDate
        var status: String
        var statusDetail: String
        var consent: Consent
    }
    struct Grant: Encodable, Sendable {
        var caseNumber: String
        var services: [String]
        var offers: [String]
        @Nullable var paragraph: String?
        @Nullable var from: CalendarDate?
        @Nullable var to: CalendarDate?
        var ended: Bool
        @Nullable var provider: String?
        @Nullable var nextFollowUp: CalendarDate?
    }
    struct GoalView: Encodable, Sendable {
        var colour: GoalColour
        @Nullable var sentence: String?
        var givenOn: CalendarDate
    }
    struct Goal: Encodable, Sendable {
        var caseId: UUID
        var goalId: UUID
        @Nullable var text: String?
        @Nullable var theme: String?
        @Nullable var followUpDate: CalendarDate?
        @Nullable var view: GoalView?
    }
    struct Document: Encodable, Sendable {
        var caseId: UUID
        var id: UUID
        var title: String
        var kind: DocumentKind
        var documentDate: CalendarDate
        var url: String
    }
    struct Letter: Encodable, Sendable {
        var caseId: UUID
        var caseNumber: String
        @Nullable var decidedOn: CalendarDate?
        var url: String
    }
    struct ConsentEntry: Encodable, Sendable {
        var caseId: UUID
        var action: ElectronicConsent.Action
        var collectFrom: [InformationParty]
        var discloseTo: [InformationParty]
        var givenOn: CalendarDate
        /// `citizen`, `guardian` or `partyRepresentative`.
        var by: String
    }
    struct Lookup: Encodable, Sendable {
        var at: Date
        @Nullable var unit: String?
        var purpose: String
    }

    var citizenId: UUID
    var name: String
    var own: Bool
    var cases: [Case]
    var grants: [Grant]
    var goals: [Goal]
    var documents: [Document]
    var letters: [Letter]
    var consents: [ConsentEntry]
    var lookups: [Lookup]

    init(_ o: CitizenSelfStore.Overview, choice: CitizenSelfStore.Choice, today: CalendarDate) {
        citizenId = o.citizenID
        name = choice.name
        own = choice.own
        cases = o.cases.map { c in
            let s = CitizenPortal.status(phase: c.phase, document: c.document, today: today)
            let op = c.document.opening
            return Case(id: c.id, caseNumber: c.caseNumber, phase: c.phase, openedOn: c.openedOn, status: s.title, statusDetail: s.detail,
                        consent: Consent(status: op.consent, form: op.consentForm, collectFrom: op.consentCollectFrom ?? [], discloseTo: op.consentDiscloseTo ?? [],
                                         canChange: ElectronicConsent.isOpen(phase: c.phase)))
        }
        grants = o.grants.map { g in
            Grant(caseNumber: g.caseNumber, services: g.services, offers: g.offers, paragraph: g.paragraph, from: g.from, to: g.to, ended: g.ended,
                  provider: g.provider, nextFollowUp: g.nextFollowUp)
        }
        goals = o.cases.flatMap { c in
            c.document.goals.compactMap { g in
                g.id.map { id in
                    Goal(caseId: c.id, goalId: id, text: g.text, theme: g.primaryTheme, followUpDate: g.followUpDate,
                         view: o.goalViews.first { $0.goalID == id }.map { GoalView(colour: $0.colour, sentence: $0.sentence, givenOn: $0.givenOn) })
                }
            }
        }
        documents = o.documents.map { d in
            Document(caseId: d.caseID, id: d.id, title: d.title, kind: d.kind, documentDate: d.documentDate, url: SiteURL.caseDocument(d.caseID, document: d.id).path)
        }
        letters = o.letters.map { Letter(caseId: $0.caseID, caseNumber: $0.caseNumber, decidedOn: $0.decidedOn, url: SiteURL.citizenLetterPDF($0.caseID).path) }
        consents = o.consents.map { e in
            ConsentEntry(caseId: e.caseID, action: e.action, collectFrom: e.collectFrom, discloseTo: e.discloseTo, givenOn: e.givenOn,
                         by: e.representative?.rawValue ?? "citizen")
        }
        lookups = o.lookups.map { Lookup(at: $0.at, unit: $0.unit, purpose: $0.purpose) }
    }
}
