import OpenVUMDomain
import Vapor

/// The table of contents of every route, each with its declared policy (who may call it, what it audits).
func routes(_ app: Application) throws {
    let staff: Set<Role> = [.caseworker, .teamLeader, .administrator]
    let caseworkers: Set<Role> = [.caseworker, .teamLeader]
    let admins: Set<Role> = [.administrator]
    // A document upload may be the largest document plus the form's other fields.
    let documentBody = ByteCount(integerLiteral: app.openvum.config.documentMaxBytes + 1_048_576)

    do { // operations
        app.endpoint(.GET, "livez", policy: .init(.anyone), use: Operations.livez)
        app.endpoint(.GET, "readyz", policy: .init(.anyone), use: Operations.readyz)
        // Reachable only from OPENVUM_METRICS_ALLOW addresses or with OPENVUM_METRICS_TOKEN (checked in the handler).
        app.endpoint(.GET, "metrics", policy: .init(.anyone), use: Operations.metrics)
        app.endpoint(.GET, "openapi.json", policy: .init(.anyone), use: Operations.openAPI)
        app.endpoint(.GET, SiteURL.stylesheet, policy: .init(.anyone), use: Operations.css)
        app.endpoint(.GET, SiteURL.dkfdsSupplement, policy: .init(.anyone), use: Operations.dkfdsSupplementCSS)
    }

    do { // web: login and start
        app.endpoint(.GET, SiteURL.home, policy: .init(.anyone), use: WebController.home)
        app.endpoint(.GET, SiteURL.login(next: nil, expired: false), policy: .init(.anyone), use: WebController.loginPage)
        app.endpoint(.POST, SiteURL.login(next: nil, expired: false), policy: .init(.anyone, audit: .writes("auth.login", "auth.login.failed"), csrf: .loginForm), use: WebController.login)
        app.endpoint(.GET, SiteURL.oidcLogin(next: nil), policy: .init(.anyone), use: OIDCController.start)
        app.endpoint(.GET, SiteURL.oidcCallback, policy: .init(.anyone, audit: .writes("auth.login", "auth.login.failed")), use: OIDCController.callback)
        app.endpoint(.POST, SiteURL.logout, policy: .init(.anyAuthenticated, audit: .writes("auth.logout")), use: WebController.logout)
        app.endpoint(.GET, SiteURL.start, policy: .init(.anyAuthenticated, audit: .writes("citizen.read")), use: WebController.start)
    }

    do { // web: citizens
        app.endpoint(.GET, SiteURL.citizens(), policy: .init(.roles(staff), audit: .writes("citizen.list")), use: WebController.citizens)
        app.endpoint(.POST, SiteURL.citizenSearch, policy: .init(.roles(staff), audit: .writes("citizen.search")), use: WebController.searchCitizens)
        app.endpoint(.GET, SiteURL.citizen(.placeholder), policy: .init(.roles(staff), audit: .writes("citizen.read")), use: WebController.citizen)
    }

    do { // web: the citizen's own pages (issue 16 items 6 and 7), for the citizen and their guardian or party representative
        let citizen: Set<Role> = [.citizen]
        app.endpoint(.GET, SiteURL.citizenSelf(.placeholder), policy: .init(.roles(citizen), audit: .writes("citizen.read")), use: WebController.citizenSelf)
        app.endpoint(.POST, SiteURL.citizenGoalView(.placeholder, goal: .placeholder), policy: .init(.roles(citizen), audit: .writes("citizen.goal.view")),
                     use: WebController.citizenGoalView)
        app.endpoint(.POST, SiteURL.citizenConsent(.placeholder), policy: .init(.roles(citizen), audit: .writes("citizen.consent")), use: WebController.citizenConsent)
        app.endpoint(.GET, SiteURL.citizenLetterPDF(.placeholder), policy: .init(.roles(citizen), audit: .writes("case.read")), use: WebController.citizenLetterPDF)
    }

    do { // web: VUM 2.0 cases
        app.endpoint(.GET, SiteURL.cases, policy: .init(.roles(staff), audit: .writes("case.list")), use: CaseWebController.home)
        app.endpoint(.POST, SiteURL.caseCreate(citizen: .placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.create")), use: CaseWebController.create)
        app.endpoint(.GET, SiteURL.case(.placeholder), policy: .init(.roles(staff), audit: .writes("case.read")), use: CaseWebController.overview)
        app.endpoint(.POST, SiteURL.caseTransition(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.transition")), use: CaseWebController.transition)
        app.endpoint(.POST, SiteURL.caseNotes(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.note.create")), use: CaseWebController.addNote)
        app.endpoint(.POST, SiteURL.caseNoteCorrection(.placeholder, note: .placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.note.correct")),
                     use: CaseWebController.correctNote)
        app.endpoint(.POST, SiteURL.caseComplaints(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.update")), use: CaseWebController.saveComplaint)
        app.endpoint(.POST, SiteURL.caseDocuments(.placeholder).pattern, policy: .init(.roles(caseworkers), audit: .writes("case.document.create")),
                     maxBody: documentBody, use: CaseWebController.addDocument)
        // The citizen too: their own cases' documents sent to or given by them (issue 16 item 6).
        app.endpoint(.GET, SiteURL.caseDocument(.placeholder, document: .placeholder), policy: .init(.roles(staff.union([.citizen])), audit: .writes("case.document.read")),
                     use: DocumentsAPI.content)
        app.endpoint(.POST, SiteURL.caseAssignment(.placeholder), policy: .init(.roles([.teamLeader]), audit: .writes("case.assign")), use: CaseWebController.assign)
        app.endpoint(.POST, SiteURL.caseKLE(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.update")), use: CaseWebController.setKLE)
        app.endpoint(.GET, SiteURL.caseLetter(.placeholder), policy: .init(.roles(staff), audit: .writes("case.read")), use: CaseWebController.letter)
        app.endpoint(.GET, SiteURL.caseLetterPDF(.placeholder), policy: .init(.roles(staff), audit: .writes("case.read")), use: CaseWebController.letterPDF)
        app.endpoint(.GET, SiteURL.casePhase(.placeholder, .sagsaabning), policy: .init(.roles(staff), audit: .writes("case.read")), use: CaseWebController.phasePage)
        app.endpoint(.POST, SiteURL.casePhase(.placeholder, .sagsaabning), policy: .init(.roles(caseworkers), audit: .writes("case.update", "case.transition")),
                     use: CaseWebController.savePhase)
        // A guardian or party representative given the citizen's own page, and removed (issue 16 item 7).
        app.endpoint(.POST, SiteURL.caseRepresentatives(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.representative.grant")),
                     use: CaseWebController.grantRepresentative)
        app.endpoint(.POST, SiteURL.caseRepresentativeRemove(.placeholder, representative: .placeholder),
                     policy: .init(.roles(caseworkers), audit: .writes("case.representative.remove")), use: CaseWebController.removeRepresentative)
        app.endpoint(.POST, SiteURL.reminderDismiss(.placeholder), policy: .init(.roles(caseworkers)), use: CaseWebController.dismissReminder)
        app.endpoint(.GET, SiteURL.catalogue, policy: .init(.roles([.administrator, .teamLeader, .economyConsultant])), use: CaseWebController.catalogue)
    }

    do { // web: orders — the case's Bestilling page (the authority), the inbox (the provider)
        app.endpoint(.POST, SiteURL.caseOrders(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.read", "order.create")),
                     use: OrderWebController.create)
        app.endpoint(.POST, SiteURL.caseOrder(.placeholder, order: .placeholder),
                     policy: .init(.roles(caseworkers), audit: .writes("case.read", "order.update", "order.transition")), use: OrderWebController.change)
        app.endpoint(.POST, SiteURL.caseMatching(.placeholder), policy: .init(.roles(caseworkers), audit: .writes("case.read", "matching.create")),
                     use: OrderWebController.createMatching)
        let providers: Set<Role> = [.providerStaff, .providerLeader]
        app.endpoint(.GET, SiteURL.orderInbox(), policy: .init(.roles(providers), audit: .writes("order.list")), use: OrderWebController.inbox)
        app.endpoint(.GET, SiteURL.inboxOrder(.placeholder), policy: .init(.roles(providers), audit: .writes("order.read")), use: OrderWebController.inboxOrder)
        app.endpoint(.POST, SiteURL.inboxOrder(.placeholder), policy: .init(.roles(providers), audit: .writes("order.transition")), use: OrderWebController.inboxStep)
        app.endpoint(.GET, SiteURL.inboxOrderDocument(.placeholder, document: .placeholder), policy: .init(.roles(providers), audit: .writes("case.document.read")),
                     use: OrderSharingAPI.document)
        app.endpoint(.POST, SiteURL.inboxOrderHours(.placeholder), policy: .init(.roles(providers), audit: .writes("order.hours")),
                     use: OrderWebController.saveHours)
        app.endpoint(.POST, SiteURL.matchingAnswer(.placeholder), policy: .init(.roles(providers), audit: .writes("matching.answer")),
                     use: OrderWebController.answerMatching)
        app.endpoint(.POST, SiteURL.inboxOrderStatus(.placeholder), policy: .init(.roles(providers), audit: .writes("order.status.report")),
                     use: OrderWebController.saveStatus)
        app.endpoint(.POST, SiteURL.inboxOrderChange(.placeholder), policy: .init(.roles(providers), audit: .writes("order.change.create", "order.change.answer")),
                     use: OrderWebController.requestChange)
        app.endpoint(.POST, SiteURL.inboxOrderIncident(.placeholder), policy: .init(.roles(providers), audit: .writes("order.incident.create")),
                     use: OrderWebController.reportIncident)
        app.endpoint(.POST, SiteURL.caseOrderIncidentSeen(.placeholder, order: .placeholder, incident: .placeholder),
                     policy: .init(.roles(caseworkers), audit: .writes("case.read", "order.incident.seen")), use: OrderWebController.incidentSeen)
        app.endpoint(.POST, SiteURL.caseOrderChangeAnswer(.placeholder, order: .placeholder, change: .placeholder),
                     policy: .init(.roles(caseworkers), audit: .writes("case.read", "order.change.answer")), use: OrderWebController.answerChange)
    }

    do { // web: the provider register
        let everyoneButCitizens = Set(Role.allCases).subtracting([.citizen])
        app.endpoint(.GET, SiteURL.providers, policy: .init(.roles(everyoneButCitizens)), use: ProviderWebController.register)
        app.endpoint(.GET, SiteURL.offer(.placeholder), policy: .init(.roles(everyoneButCitizens)), use: ProviderWebController.offer)
        app.endpoint(.POST, SiteURL.offer(.placeholder), policy: .init(.roles([.providerLeader, .administrator]), audit: .writes("offer.update")),
                     use: ProviderWebController.saveOffer)
        app.endpoint(.POST, SiteURL.offerCapacity(.placeholder), policy: .init(.roles([.providerLeader, .administrator]), audit: .writes("offer.capacity")),
                     use: ProviderWebController.saveCapacity)
        app.endpoint(.POST, SiteURL.offerRates(.placeholder), policy: .init(.roles([.economyConsultant, .administrator]), audit: .writes("offer.rate.create")),
                     use: ProviderWebController.addRate)
    }

    do { // web: the management reports (issue 15) — team leaders over their teams, the economy consultant and the administrator over the municipality
        let readers: Set<Role> = [.economyConsultant, .administrator, .teamLeader]
        app.endpoint(.GET, SiteURL.reports, policy: .init(.roles(readers)), use: ReportsWebController.catalogue)
        app.endpoint(.GET, SiteURL.report(""), policy: .init(.roles(readers), audit: .writes("report.read")), use: ReportsWebController.page)
        app.endpoint(.GET, SiteURL.reportCases("", section: 0, cell: ""), policy: .init(.roles(readers), audit: .writes("report.read")),
                     use: ReportsWebController.cases)
        app.endpoint(.GET, SiteURL.reportExport("", section: 0, format: ""), policy: .init(.roles(readers), audit: .writes("report.read")),
                     use: ReportsWebController.export)
    }

    // The provider leader's view of their citizens' progression against the goals they may see (issue 15 item 4).
    app.endpoint(.GET, SiteURL.providerProgression, policy: .init(.roles([.providerLeader]), audit: .writes("provider.progression")),
                 use: ReportsWebController.providerProgression)

    do { // web: the economy (issue 14) — the economy consultant and the administrator over the municipality, a team leader over their teams
        let readers: Set<Role> = [.economyConsultant, .administrator, .teamLeader]
        app.endpoint(.GET, SiteURL.economy(), policy: .init(.roles(readers), audit: .writes("economy.read")), use: EconomyWebController.page)
        app.endpoint(.GET, SiteURL.economyGrants(), policy: .init(.roles(readers), audit: .writes("economy.read", "economy.grant", "economy.case")), use: EconomyWebController.grants)
        app.endpoint(.POST, SiteURL.economyBudget, policy: .init(.roles([.economyConsultant, .administrator]), audit: .writes("budget.save")),
                     use: EconomyWebController.saveBudget)
        app.endpoint(.GET, SiteURL.economyPayments, policy: .init(.roles([.economyConsultant, .administrator])), use: EconomyWebController.paymentsForm)
        app.endpoint(.POST, SiteURL.economyPayments.pattern, policy: .init(.roles([.economyConsultant, .administrator]), audit: .writes("payment.import")),
                     maxBody: "32mb", use: EconomyWebController.importPayments)
        app.endpoint(.GET, SiteURL.economyExport(table: "", format: ""), policy: .init(.roles(readers), audit: .writes("economy.export")),
                     use: EconomyWebController.export)
    }

    do { // web: administration
        app.endpoint(.GET, SiteURL.adminUsers, policy: .init(.roles(admins)), use: WebController.users)
        app.endpoint(.POST, SiteURL.adminUsers, policy: .init(.roles(admins), audit: .writes("user.create")), use: WebController.createUser)
        app.endpoint(.POST, SiteURL.userActive(.placeholder), policy: .init(.roles(admins), audit: .writes("user.update")), use: WebController.setActive)
        app.endpoint(.GET, SiteURL.auditLog(), policy: .init(.roles(admins), audit: .writes("audit.read")), use: WebController.auditLog)
        // The outbox to the national receivers (issue 16): dead letters sent again, receivers set up.
        app.endpoint(.GET, SiteURL.outbox, policy: .init(.roles(admins)), use: OutboxWebController.page)
        app.endpoint(.POST, SiteURL.outboxResend(.placeholder), policy: .init(.roles(admins), audit: .writes("outbox.resend")), use: OutboxWebController.resend)
        app.endpoint(.POST, SiteURL.outboxReceiver(""), policy: .init(.roles(admins), audit: .writes("receiver.update")), use: OutboxWebController.saveReceiver)
        // Danmarks Statistik's monthly extracts (issue 16 item 5): made, read with their validation report, approved.
        app.endpoint(.GET, SiteURL.statistics, policy: .init(.roles(admins)), use: StatisticsWebController.page)
        app.endpoint(.GET, SiteURL.statisticsMonth(""), policy: .init(.roles(admins)), use: StatisticsWebController.month)
        app.endpoint(.POST, SiteURL.statisticsMonth(""), policy: .init(.roles(admins), audit: .writes("dst.generate")), use: StatisticsWebController.generate)
        app.endpoint(.POST, SiteURL.statisticsApprove(""), policy: .init(.roles(admins), audit: .writes("dst.approve")), use: StatisticsWebController.approve)
    }

    let api = app.grouped("api", "v1")

    do { // api: authentication
        api.endpoint(.POST, "auth", "token", policy: .init(.anyone, audit: .writes("auth.token", "auth.login.failed")), use: AuthAPI.token)
        api.endpoint(.GET, "me", policy: .init(.anyAuthenticated), use: AuthAPI.me)
    }

    do { // api: the citizen's own view (issue 16 items 6 and 7), for the citizen and their guardian or party representative
        let citizen: Set<Role> = [.citizen]
        api.endpoint(.GET, "me", "citizens", ":citizenID", policy: .init(.roles(citizen), audit: .writes("citizen.read")), use: CitizenSelfAPI.read)
        api.endpoint(.POST, "me", "cases", ":caseID", "consent", policy: .init(.roles(citizen), audit: .writes("citizen.consent")), use: CitizenSelfAPI.consent)
        api.endpoint(.POST, "me", "cases", ":caseID", "goals", ":goalID", "view", policy: .init(.roles(citizen), audit: .writes("citizen.goal.view")),
                     use: CitizenSelfAPI.goalView)
    }

    do { // api: citizens
        api.endpoint(.GET, "citizens", policy: .init(.roles(staff), audit: .writes("citizen.list")), use: CitizensAPI.list)
        api.endpoint(.POST, "citizens", policy: .init(.roles(caseworkers.union(admins)), audit: .writes("citizen.create", "citizen.create.refused")), use: CitizensAPI.create)
        api.endpoint(.POST, "citizens", "search", policy: .init(.roles(staff), audit: .writes("citizen.search")), use: CitizensAPI.search)
        api.endpoint(.GET, "citizens", ":citizenID", policy: .init(.roles(staff.union([.citizen])), audit: .writes("citizen.read")), use: CitizensAPI.read)
        api.endpoint(.POST, "citizens", ":citizenID", "inquiries", policy: .init(.roles(caseworkers), audit: .writes("inquiry.create")), use: CasesAPI.addCitizenInquiry)
        api.endpoint(.PATCH, "citizens", ":citizenID", policy: .init(.roles(caseworkers.union(admins)), audit: .writes("citizen.update")), use: CitizensAPI.update)
    }

    do { // api: VUM 2.0 cases
        let readers = staff
        api.endpoint(.GET, "catalogue", policy: .init(.roles(Set(Role.allCases).subtracting([.citizen]))), use: CasesAPI.catalogue)
        api.endpoint(.GET, "cases", policy: .init(.roles(readers), audit: .writes("case.list")), use: CasesAPI.list)
        api.endpoint(.POST, "cases", policy: .init(.roles(caseworkers), audit: .writes("case.create")), use: CasesAPI.create)
        api.endpoint(.GET, "cases", ":caseID", policy: .init(.roles(readers), audit: .writes("case.read")), use: CasesAPI.read)
        api.endpoint(.PATCH, "cases", ":caseID", policy: .init(.roles(caseworkers), audit: .writes("case.update")), use: CasesAPI.update)
        api.endpoint(.POST, "cases", ":caseID", "transitions", policy: .init(.roles(caseworkers), audit: .writes("case.transition")), use: CasesAPI.transition)
        api.endpoint(.POST, "cases", ":caseID", "assignment", policy: .init(.roles([.teamLeader]), audit: .writes("case.assign")), use: CasesAPI.assign)
        api.endpoint(.GET, "cases", ":caseID", "representatives", policy: .init(.roles(caseworkers), audit: .writes("case.read")), use: RepresentativesAPI.list)
        api.endpoint(.POST, "cases", ":caseID", "representatives", policy: .init(.roles(caseworkers), audit: .writes("case.representative.grant")),
                     use: RepresentativesAPI.create)
        api.endpoint(.DELETE, "cases", ":caseID", "representatives", ":representativeID",
                     policy: .init(.roles(caseworkers), audit: .writes("case.representative.remove")), use: RepresentativesAPI.remove)
        api.endpoint(.PUT, "cases", ":caseID", "kle", policy: .init(.roles(caseworkers), audit: .writes("case.update")), use: CasesAPI.setKLE)
        api.endpoint(.POST, "cases", ":caseID", "inquiries", policy: .init(.roles(caseworkers), audit: .writes("case.update")), use: CasesAPI.addInquiry)
        api.endpoint(.GET, "cases", ":caseID", "notes", policy: .init(.roles(readers), audit: .writes("case.notes.read")), use: JournalAPI.list)
        api.endpoint(.POST, "cases", ":caseID", "notes", policy: .init(.roles(caseworkers), audit: .writes("case.note.create")), use: JournalAPI.create)
        api.endpoint(.GET, "cases", ":caseID", "notes", ":noteID", "versions", policy: .init(.roles(readers), audit: .writes("case.notes.read")),
                     use: JournalAPI.versions)
        api.endpoint(.POST, "cases", ":caseID", "notes", ":noteID", "versions", policy: .init(.roles(caseworkers), audit: .writes("case.note.correct")),
                     use: JournalAPI.correct)
        api.endpoint(.GET, "cases", ":caseID", "documents", policy: .init(.roles(readers), audit: .writes("case.documents.read")), use: DocumentsAPI.list)
        api.endpoint(.POST, ["cases", ":caseID", "documents"], policy: .init(.roles(caseworkers), audit: .writes("case.document.create")),
                     maxBody: documentBody, use: DocumentsAPI.create)
        api.endpoint(.GET, "cases", ":caseID", "documents", ":documentID", "content", policy: .init(.roles(readers), audit: .writes("case.document.read")),
                     use: DocumentsAPI.content)
        api.endpoint(.GET, "cases", ":caseID", "history", policy: .init(.roles(readers), audit: .writes("case.read")), use: CasesAPI.history)
        for list in CaseItemsAPI.List.allCases {
            let item: [PathComponent] = ["cases", ":caseID", .constant(list.rawValue), .parameter(list.parameter)]
            api.endpoint(.GET, item, policy: .init(.roles(readers), audit: .writes("case.read")), use: CaseItemsAPI.read(list))
            api.endpoint(.PATCH, item, policy: .init(.roles(caseworkers), audit: .writes("case.update")), use: CaseItemsAPI.update(list))
        }
        api.endpoint(.GET, "worklist", policy: .init(.roles(caseworkers), audit: .writes("case.list")), use: CasesAPI.worklist)
        api.endpoint(.GET, "caseload", policy: .init(.roles([.teamLeader, .administrator])), use: CasesAPI.caseload)
        api.endpoint(.GET, "settings", policy: .init(.roles(staff)), use: SettingsAPI.read)
        api.endpoint(.PATCH, "settings", policy: .init(.roles(admins), audit: .writes("settings.update")), use: SettingsAPI.update)
    }

    do { // api: organisation and administration
        api.endpoint(.GET, "units", policy: .init(.roles(Set(Role.allCases).subtracting([.citizen]))), use: UnitsAPI.list)
        // The provider register (issue 13): read by every staff role (a provider user sees their own); capacity kept
        // by the provider leader, rates by the economy role.
        api.endpoint(.GET, "providers", policy: .init(.roles(Set(Role.allCases).subtracting([.citizen]))), use: ProvidersAPI.list)
        let orderParties: Set<Role> = [.caseworker, .teamLeader, .providerStaff, .providerLeader]
        api.endpoint(.GET, "orders", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.list")), use: OrdersAPI.list)
        api.endpoint(.POST, "orders", policy: .init(.roles([.caseworker, .teamLeader]), audit: .writes("order.create")), use: OrdersAPI.create)
        api.endpoint(.GET, "orders", ":orderID", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.read")), use: OrdersAPI.read)
        api.endpoint(.PATCH, "orders", ":orderID", policy: .init(.roles([.caseworker, .teamLeader]), audit: .writes("order.update")), use: OrdersAPI.update)
        api.endpoint(.GET, "orders", ":orderID", "shared", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.shared.read")),
                     use: OrderSharingAPI.read)
        api.endpoint(.GET, "orders", ":orderID", "documents", ":documentID", policy: .init(.roles(orderParties), audit: .writes("case.document.read")),
                     use: OrderSharingAPI.document)
        api.endpoint(.GET, "orders", ":orderID", "hours", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.read")),
                     use: DeliveredHoursAPI.list)
        api.endpoint(.PUT, "orders", ":orderID", "hours", ":month", policy: .init(.roles([.providerStaff, .providerLeader]), audit: .writes("order.hours")),
                     use: DeliveredHoursAPI.put)
        api.endpoint(.GET, "orders", ":orderID", "change-requests", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.read")),
                     use: OrderReportsAPI.listChanges)
        api.endpoint(.POST, "orders", ":orderID", "change-requests", policy: .init(.roles([.providerStaff, .providerLeader]), audit: .writes("order.change.create")),
                     use: OrderReportsAPI.createChange)
        api.endpoint(.POST, "orders", ":orderID", "change-requests", ":changeID", "answer",
                     policy: .init(.roles(orderParties), audit: .writes("order.change.answer")), use: OrderReportsAPI.answerChange)
        api.endpoint(.GET, "orders", ":orderID", "status-reports", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.read")),
                     use: OrderReportsAPI.listStatus)
        api.endpoint(.POST, "orders", ":orderID", "status-reports", policy: .init(.roles([.providerStaff, .providerLeader]), audit: .writes("order.status.report")),
                     use: OrderReportsAPI.createStatus)
        api.endpoint(.GET, "orders", ":orderID", "incidents", policy: .init(.roles(orderParties.union([.administrator])), audit: .writes("order.read")),
                     use: IncidentsAPI.list)
        api.endpoint(.POST, "orders", ":orderID", "incidents", policy: .init(.roles([.providerStaff, .providerLeader]), audit: .writes("order.incident.create")),
                     use: IncidentsAPI.create)
        api.endpoint(.POST, "orders", ":orderID", "incidents", ":incidentID", "seen",
                     policy: .init(.roles([.caseworker, .teamLeader]), audit: .writes("order.incident.seen")), use: IncidentsAPI.seen)
        api.endpoint(.POST, "orders", ":orderID", "transitions", policy: .init(.roles(orderParties), audit: .writes("order.transition")),
                     use: OrdersAPI.transition)
        api.endpoint(.GET, "matching-requests", policy: .init(.roles(orderParties), audit: .writes("matching.list")), use: MatchingAPI.list)
        api.endpoint(.POST, "matching-requests", policy: .init(.roles([.caseworker, .teamLeader]), audit: .writes("matching.create")), use: MatchingAPI.create)
        api.endpoint(.GET, "matching-requests", ":requestID", policy: .init(.roles(orderParties), audit: .writes("matching.read")), use: MatchingAPI.read)
        api.endpoint(.POST, "matching-requests", ":requestID", "answers", policy: .init(.roles([.providerStaff, .providerLeader]), audit: .writes("matching.answer")),
                     use: MatchingAPI.answer)
        api.endpoint(.PATCH, "providers", ":providerID", policy: .init(.roles([.administrator]), audit: .writes("provider.update")), use: ProvidersAPI.updateProvider)
        api.endpoint(.PATCH, "offers", ":offerID", policy: .init(.roles([.providerLeader, .administrator]), audit: .writes("offer.update")), use: ProvidersAPI.updateOffer)
        api.endpoint(.PUT, "offers", ":offerID", "capacity", policy: .init(.roles([.providerLeader, .administrator]), audit: .writes("offer.capacity")),
                     use: ProvidersAPI.setCapacity)
        api.endpoint(.POST, "offers", ":offerID", "rates", policy: .init(.roles([.economyConsultant, .administrator]), audit: .writes("offer.rate.create")),
                     use: ProvidersAPI.addRate)
        api.endpoint(.GET, "users", policy: .init(.roles(admins)), use: UsersAPI.list)
        api.endpoint(.POST, "users", policy: .init(.roles(admins), audit: .writes("user.create")), use: UsersAPI.create)
        api.endpoint(.GET, "users", ":userID", policy: .init(.roles(admins)), use: UsersAPI.read)
        api.endpoint(.PATCH, "users", ":userID", policy: .init(.roles(admins), audit: .writes("user.update")), use: UsersAPI.update)
        api.endpoint(.GET, "audit", policy: .init(.roles(admins), audit: .writes("audit.read")), use: AuditAPI.list)
        // The outbox to the national receivers and the receivers' settings (issue 16).
        api.endpoint(.GET, "outbox", policy: .init(.roles(admins)), use: OutboxAPI.read)
        api.endpoint(.POST, "outbox", ":messageID", "resend", policy: .init(.roles(admins), audit: .writes("outbox.resend")), use: OutboxAPI.resend)
        api.endpoint(.PUT, "receivers", ":receiver", policy: .init(.roles(admins), audit: .writes("receiver.update")), use: OutboxAPI.saveReceiver)
        api.endpoint(.GET, ["statistics", "dst"], policy: .init(.roles(admins)), use: StatisticsAPI.list)
        api.endpoint(.GET, ["statistics", "dst", ":month"], policy: .init(.roles(admins)), use: StatisticsAPI.read)
        api.endpoint(.POST, ["statistics", "dst", ":month"], policy: .init(.roles(admins), audit: .writes("dst.generate")), use: StatisticsAPI.generate)
        api.endpoint(.POST, ["statistics", "dst", ":month", "approve"], policy: .init(.roles(admins), audit: .writes("dst.approve")), use: StatisticsAPI.approve)
        api.endpoint(.POST, ["imports", "history"], policy: .init(.roles(admins), audit: .writes("import.run", "import.history")), maxBody: "64mb",
                     use: HistoryImport.api)
        // The pseudonymised BI dataset of the administrator's municipality (docs/bi-export.md).
        api.endpoint(.GET, ["exports", "bi"], policy: .init(.roles(admins), audit: .writes("export.bi")), use: BIExportRun.api)
    }

    do { // api: economy (issue 14) — the municipality's economy consultant and administrator
        let economy: Set<Role> = [.economyConsultant, .administrator]
        api.endpoint(.GET, "payments", policy: .init(.roles(economy), audit: .writes("payment.list")), use: PaymentsAPI.list)
        // The figures over the viewer's economy scope: a team leader's units, the whole municipality for the others.
        api.endpoint(.GET, "figures", policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("figures.read")), use: FiguresAPI.read)
        api.endpoint(.GET, "reports", policy: .init(.roles(economy.union([.teamLeader]))), use: ReportsAPI.list)
        api.endpoint(.GET, "reports", ":reportID", policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("report.read")), use: ReportsAPI.read)
        api.endpoint(.GET, ["economy", "projection"], policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("economy.read")), use: EconomyAPI.projection)
        api.endpoint(.GET, ["economy", "watch-lists"], policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("economy.read")), use: EconomyAPI.watchLists)
        api.endpoint(.GET, ["economy", "grants"], policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("economy.read", "economy.case")), use: EconomyAPI.grants)
        api.endpoint(.GET, ["economy", "scenarios", "follow-up"], policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("economy.read")),
                     use: EconomyAPI.followUpScenario)
        api.endpoint(.GET, "budgets", policy: .init(.roles(economy.union([.teamLeader])), audit: .writes("budget.read")), use: BudgetAPI.list)
        api.endpoint(.PUT, "budgets", policy: .init(.roles(economy), audit: .writes("budget.save")), use: BudgetAPI.save)
        api.endpoint(.POST, "payments", policy: .init(.roles(economy), audit: .writes("payment.create")), use: PaymentsAPI.create)
        api.endpoint(.PUT, "payments", ":paymentID", policy: .init(.roles(economy), audit: .writes("payment.correct")), use: PaymentsAPI.correct)
        api.endpoint(.POST, ["payments", "import"], policy: .init(.roles(economy), audit: .writes("payment.import")), maxBody: "32mb",
                     use: PaymentsAPI.importFile)
    }
}
