import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Orders in the browser (issue 13): the caseworker orders on the case's *Bestilling* page, the provider answers
/// and records the start in the inbox (`/bestillinger`). Every form saves through the same functions as the API
/// (`OrdersAPI.create`, `changeDraft`, `take`); a refused form is shown again with every error at its field and
/// what was typed, nothing saved.
enum OrderWebController {
    // MARK: The authority: the case's *Bestilling* page

    /// A draft order of one granted intervention from the chosen offer.
    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let i = Int(form["index"] ?? "") ?? 0, n = "o\(i)"
        return try await onCasePage(caseID, form: form, index: i, on: req) {
            guard let interventionID = form["interventionId"].flatMap(UUID.init(uuidString:)),
                  let offerID = form["\(n).offerId"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.validation([FieldError(field: "offerId", message: "Vælg tilbuddet, der bestilles hos.")])
            }
            _ = try await OrdersAPI.create(caseID: caseID, interventionID: interventionID, offerID: offerID, change: .init(), principal: p, on: req)
        }
    }

    /// A matching request for one intervention to the chosen offers, with the caseworker's description.
    static func createMatching(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let i = Int(form["index"] ?? "") ?? 0, n = "m\(i)"
        return try await onCasePage(caseID, form: form, index: i, prefix: n, on: req) {
            guard let interventionID = form["interventionId"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.validation([FieldError(field: "offerIds", message: "Vælg de tilbud, der spørges.")])
            }
            _ = try await MatchingAPI.create(caseID: caseID, interventionID: interventionID, offerIDs: form.all("\(n).offerIds").compactMap(UUID.init(uuidString:)),
                                             description: form["\(n).description"], principal: p, on: req)
        }
    }

    /// Saves a draft (`handling=gem`), saves and sends it (`send`), or withdraws the order (`traek`).
    static func change(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let caseID = try req.uuidParameter("caseID", what: "Sagen")
        let form = try FormData.parse(req)
        let i = Int(form["index"] ?? "") ?? 0, n = "o\(i)"
        return try await onCasePage(caseID, form: form, index: i, on: req) {
            let today = CalendarDate(req.openvum.now())
            let o = try await OrdersAPI.find(req, p)
            guard o.caseID == caseID else { throw DomainError.notFound("Bestillingen") }
            let version = Int(form["version"] ?? "") ?? -1
            switch form["handling"] {
            case "traek":
                _ = try await OrdersAPI.take(.withdraw, on: o, expectedVersion: version, action: "withdraw", principal: p, on: req)
            case "send":
                let edited = try await OrdersAPI.edited(o, try draftChange(form, prefix: n, current: o.contract), principal: p, on: req)
                _ = try await OrdersAPI.take(try await OrdersAPI.sendStep(o, principal: p, today: today, on: req), on: edited, expectedVersion: version,
                                             action: "send", principal: p, on: req)
            default:
                _ = try await OrdersAPI.changeDraft(o, expectedVersion: version, try draftChange(form, prefix: n, current: o.contract), principal: p, on: req)
            }
        }
    }

    /// The draft's fields as typed: dates, a decimal scope, whole repetitions, kroner; every unreadable one named.
    /// The form sends the end date and the repetitions together; only the one the user changed (against `current`)
    /// is passed on, so that the other follows by the span rule — both changed, they must agree.
    static func draftChange(_ form: FormData, prefix n: String, current: OrderContract) throws -> OrderRules.DraftChange {
        var e = FieldErrorCollector()
        var c = OrderRules.DraftChange()
        func text(_ name: String) -> String? { form["\(n).\(name)"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        if let raw = text("startDate") {
            if let d = CalendarDate(raw) { c.startDate = d } else { e.add("startDate", "Skriv startdatoen som dd-mm-åååå.") }
        } else { e.add("startDate", "En bestilling skal have en startdato.") }
        if let raw = text("endDate") {
            if let d = CalendarDate(raw) { c.endDate = .some(d) } else { e.add("endDate", "Skriv slutdatoen som dd-mm-åååå, eller lad feltet stå tomt.") }
        } else { c.endDate = .some(nil) }
        if let raw = text("unitsPerPeriod") {
            if let d = Decimal(typed: raw) { c.unitsPerPeriod = d } else { e.add("contract.unitsPerPeriod", "Skriv antal enheder som et tal, fx 10,25.") }
        }
        if let raw = text("repetitions") {
            if let r = Int(raw) { c.repetitions = r } else { e.add("contract.repetitions", "Skriv antal gentagelser som et helt tal.") }
        }
        let endChanged = c.endDate.map { $0 != current.endDate } ?? false, repetitionsChanged = c.repetitions.map { $0 != current.repetitions } ?? false
        if !endChanged && (repetitionsChanged || c.startDate != current.startDate) { c.endDate = current.endDate == nil ? .some(nil) : nil }
        if !repetitionsChanged { c.repetitions = nil }
        if let raw = text("unitPrice") {
            if let øre = Kroner.øre(typed: raw) { c.unitPrice = øre } else { e.add("contract.unitPrice", "Skriv enhedsprisen i kroner, fx 512,50.") }
        }
        if let raw = text("coPayment") {
            if let øre = Kroner.øre(typed: raw) { c.coPayment = .some(øre) } else { e.add("coPayment", "Skriv egenbetalingen i kroner, fx 1.250,00.") }
        } else { c.coPayment = .some(nil) }
        // What travels: the parts, documents and notes ticked (the form always sends its whole choice).
        if form["\(n).sharedShown"] == "1" {
            c.shared = SharedSelection(parts: form.all("\(n).sharedParts").compactMap(SharedPart.init(rawValue:)),
                                       documentIDs: form.all("\(n).sharedDocuments").compactMap(UUID.init(uuidString:)),
                                       noteIDs: form.all("\(n).sharedNotes").compactMap(UUID.init(uuidString:)))
        }
        switch form["\(n).coordinationNeeded"] {
        case "true": c.coordinationNeeded = .some(true)
        case "false": c.coordinationNeeded = .some(false)
        default: c.coordinationNeeded = .some(nil)
        }
        try e.throwIfAny()
        return c
    }

    /// Runs a form of the *Bestilling* page: on success back to the page with a notice; refused, the page again
    /// with each error at its field of the form that was sent (the intervention's, `index`) and what was typed; a step
    /// the order's state does not allow at the intervention's section.
    static func onCasePage(_ caseID: UUID, form: FormData, index i: Int, prefix: String? = nil, on req: Request,
                           _ save: () async throws -> Void) async throws -> Response {
        let n = prefix ?? "o\(i)"
        do {
            try await save()
            return req.redirect(to: SiteURL.casePhase(caseID, .bestilling, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict, .preconditionFailed, .forbidden].contains(error.kind) {
            var m = try await CaseWebController.load(req, withOrders: true)
            m.echo = form
            switch error.kind {
            case .validation:
                m.errors = error.fieldErrors.map { f in
                    let field = f.field.hasPrefix("contract.") ? String(f.field.dropFirst("contract.".count)) : f.field
                    return FieldError(field: "\(n).\(field.split(separator: ".").first.map(String.init) ?? field)", message: f.message)
                }
            case .preconditionFailed:
                m.errors = [FieldError(field: "bestilling-\(i)", message: "Bestillingen er ændret af en anden, siden du åbnede siden. Dine indtastninger er ikke gemt; se bestillingen, som den er nu.")]
            default:
                m.errors = [FieldError(field: "bestilling-\(i)", message: error.detail)]
            }
            return req.render(CaseViews.phasePage(.bestilling, m, req.pageContext, status: error.httpStatus))
        }
    }

    // MARK: The provider: the inbox

    static func inbox(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let orders = try await OrderStore.list(principal: p, graceDays: req.openvum.config.providerGraceDays, today: CalendarDate(req.openvum.now()), on: req.readDB)
        try await req.audit(on: req.db, objectType: "order", criteria: "inbox count=\(orders.count)")
        var m = try await inboxListModel(orders, principal: p, on: req)
        if req.query[String.self, at: "gemt"] == "1" { m.notice = "Svaret er sendt." }
        return req.render(Pages.orderInbox(m, req.pageContext))
    }

    /// The inbox: the orders with their citizens' names, the offers' names, and the matching requests.
    static func inboxListModel(_ orders: [Order], principal p: Principal, on req: Request) async throws -> Pages.OrderInboxModel {
        Pages.OrderInboxModel(orders: orders, citizens: try await OrderStore.citizenNames(orders, on: req.readDB),
                              providers: try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: p.unitIDs, on: req.readDB),
                              matching: try await MatchingStore.list(principal: p, on: req.readDB),
                              terminology: try await req.openvum.terminology.current(on: req.db))
    }

    /// The provider's answer to a matching request for one of their offers: `available` true or false, a comment.
    static func answerMatching(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        let r = try await MatchingAPI.find(req, p)
        let comment = form["commentField"].flatMap { $0.hasPrefix("comment") ? form[$0] : nil }
        do {
            guard let offerID = form["offerId"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.validation([FieldError(field: "offerId", message: "Vælg tilbuddet, der svares for.")])
            }
            _ = try await MatchingAPI.answer(r, offerID: offerID, available: form["available"] == "true", comment: comment, principal: p, on: req)
            return req.redirect(to: SiteURL.orderInbox(saved: true).path, redirectType: .normal)
        } catch let error as DomainError where error.kind == .validation {
            let orders = try await OrderStore.list(principal: p, graceDays: req.openvum.config.providerGraceDays, today: CalendarDate(req.openvum.now()), on: req.db)
            var m = try await inboxListModel(orders, principal: p, on: req)
            m.typed = form
            m.errors = error.fieldErrors.map { FieldError(field: form["commentField"] ?? $0.field, message: $0.message) }
            return req.render(Pages.orderInbox(m, req.pageContext, status: .unprocessableEntity))
        }
    }

    /// The inbox's order in the caller's scope, as its page shows it.
    static func inboxModel(_ req: Request) async throws -> Pages.InboxOrderModel {
        let p = try req.principal()
        let o = try await OrdersAPI.find(req, p)
        var m = Pages.InboxOrderModel(order: o, citizen: try await OrderStore.citizenNames([o], on: req.db)[o.id] ?? "Borger",
                                      providers: try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: p.unitIDs, on: req.db))
        let src = try await OrderSharingAPI.source(o, principal: p, on: req.db)
        m.shared = SharingRules.content(o.shared, order: o, document: src.document, notes: src.noteCategories)
        m.consentAllows = SharingRules.consentAllows(src.document.opening)
        m.documents = src.attachments.filter { m.shared.documentIDs.contains($0.id) }
        m.notes = src.notes.filter { m.shared.noteIDs.contains($0.chainID) }
        m.terminology = try await req.openvum.terminology.current(on: req.db)
        m.citizenID = src.citizenID
        m.hours = try await OrderStore.hours(orderIDs: [o.id], on: req.db)[o.id] ?? []
        let today = CalendarDate(req.openvum.now())
        m.changes = try await OrderStore.changeRequests(orderIDs: [o.id], on: req.db)[o.id] ?? []
        m.incidents = try await OrderStore.incidents(orderIDs: [o.id], on: req.db)[o.id] ?? []
        if o.state == .started { m.status = try await OrderReportsAPI.statusContext(o, principal: p, today: today, on: req.db) }
        m.today = today
        m.month = req.query[String.self, at: "maaned"].flatMap { $0.count == 7 ? CalendarDate($0 + "-01") : nil }
            ?? CalendarDate(year: today.year, month: today.month, day: 1)!
        return m
    }

    /// The provider's month of delivered hours: a field per week (`week.<monday>`), cancellations and a note.
    static func saveHours(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        let o = try await OrdersAPI.find(req, p)
        // The weeks sent to the rule, which names a week by its position; the form names it by its Monday.
        var weeks: [WeekHours] = []
        var month: CalendarDate?
        do {
            var e = FieldErrorCollector()
            guard let raw = form["maaned"], raw.count == 7, let chosen = CalendarDate(raw + "-01") else {
                throw DomainError.validation([FieldError(field: "maaned", message: "Vælg måneden.")])
            }
            month = chosen
            weeks = HoursRules.weeks(of: chosen, until: CalendarDate(req.openvum.now())).compactMap { w -> WeekHours? in
                let text = (form["week.\(w)"] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return nil }
                guard let h = Decimal(typed: text) else { e.add("week.\(w)", "Skriv timerne som et tal, fx 7,5."); return nil }
                return WeekHours(week: w, delivered: h)
            }
            func count(_ name: String) -> Int {
                let text = (form[name] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return 0 }
                guard let n = Int(text) else { e.add(name, "Skriv et helt tal."); return 0 }
                return n
            }
            let byCitizen = count("cancelledByCitizen"), byProvider = count("cancelledByProvider")
            try e.throwIfAny()
            _ = try await DeliveredHoursAPI.save(o, month: chosen, weeks: weeks, cancelledByCitizen: byCitizen, cancelledByProvider: byProvider,
                                                 note: form["hoursNote"], principal: p, on: req)
            return req.redirect(to: SiteURL.inboxOrder(o.id, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict].contains(error.kind) {
            var m = try await inboxModel(req)
            if let month { m.month = month }
            m.typed = form
            m.errors = error.kind == .validation
                ? error.fieldErrors.map { f in
                    let parts = f.field.split(separator: ".")
                    if parts.first == "weeks", parts.count == 3, let i = Int(parts[1]), i < weeks.count {
                        return FieldError(field: "week.\(weeks[i].week)", message: f.message)
                    }
                    return FieldError(field: f.field == "weeks" ? "maaned" : f.field == "note" ? "hoursNote" : f.field, message: f.message)
                }
                : [FieldError(field: "state", message: error.detail)]
            return req.render(Pages.inboxOrder(m, req.pageContext, status: error.httpStatus))
        }
    }

    static func inboxOrder(_ req: Request) async throws -> Response {
        var m = try await inboxModel(req)
        try await req.audit(on: req.db, objectType: "order", objectID: m.order.id.uuidString, citizenID: m.citizenID)
        m.saved = req.query[String.self, at: "gemt"] == "1"
        return req.render(Pages.inboxOrder(m, req.pageContext))
    }

    /// The provider's step: `handling` accepter, afvis (with a reason), start (the dates) or afslut (date and reason).
    static func inboxStep(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try FormData.parse(req)
        let o = try await OrdersAPI.find(req, p)
        let today = CalendarDate(req.openvum.now())
        do {
            var e = FieldErrorCollector()
            func date(_ name: String, required: Bool) -> CalendarDate? {
                guard let raw = form[name], !raw.isEmpty else {
                    if required { e.add(name, "Angiv datoen.") }
                    return nil
                }
                guard let d = CalendarDate(raw) else { e.add(name, "Skriv datoen som dd-mm-åååå."); return nil }
                return d
            }
            let step: OrderRules.Step
            switch form["handling"] {
            case "accepter": step = .accept
            case "afvis": step = .reject(reason: form["reason"] ?? "")
            case "start":
                let start = date("startDate", required: true), service = date("serviceStartDate", required: false)
                try e.throwIfAny()
                step = .start(on: start!, serviceStart: service, documentedOn: today)
            case "afslut":
                let end = date("endedOn", required: true)
                let reason = form["endReason"].flatMap(InterventionEndReason.init(rawValue:))
                if reason == nil { e.add("endReason", "Vælg årsagen.") }
                try e.throwIfAny()
                step = .end(InterventionEnd(endedOn: end!, reason: reason!))
            default: throw DomainError.validation([FieldError(field: "state", message: "Vælg, hvad du vil gøre med bestillingen.")])
            }
            _ = try await OrdersAPI.take(step, on: o, expectedVersion: Int(form["version"] ?? "") ?? -1, action: form["handling"] ?? "-", principal: p, on: req)
            return req.redirect(to: SiteURL.inboxOrder(o.id, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where [.validation, .conflict, .preconditionFailed].contains(error.kind) {
            var again = try await inboxModel(req)
            again.typed = form
            again.errors = error.kind == .validation ? error.fieldErrors
                : [FieldError(field: "state", message: error.kind == .preconditionFailed ? "Bestillingen er ændret, siden du åbnede siden. Se den, som den er nu." : error.detail)]
            return req.render(Pages.inboxOrder(again, req.pageContext, status: error.httpStatus))
        }
    }
}
