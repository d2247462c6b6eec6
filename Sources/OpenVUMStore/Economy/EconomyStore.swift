import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The economy read from the cases themselves (issue 14): every recommended intervention with its prices
/// (`case_interventions`), its grant's latest order with the contract (`orders`) and the payments (`payments`), as
/// they stood on a reference date R — events dated after R are left out (figures.md G1) — within the viewer's
/// economy scope (`Principal.economyScope`).
public enum EconomyStore {
    /// The ledger of `principal`'s economy scope on `referenceDate`; nil when the principal sees no economy at all. With
    /// `caseID`, the ledger of that one case within the principal's own scope (the case page's monthly cost).
    public static func ledger(principal: Principal, referenceDate r: CalendarDate, caseID: UUID? = nil, on db: any Database) async throws -> EconomyLedger? {
        guard var scope = AccessScope.condition(caseID == nil ? principal.economyScope : principal.scope, municipalityID: principal.municipalityID,
                                                over: .cases()) else { return nil }
        if let caseID { scope = "\(scope) AND c.id = \(bind: caseID)" }
        let sql = db.sql
        let day = r.description

        // The latest order of each intervention on R that bound the provider (a rejected one never did).
        var orders: [UUID: (LedgerOrder, OrderEconomyBody)] = [:]
        let decoder = JSONDecoder()
        for row in try await sql.raw("""
            SELECT o.id, o.intervention_id, o.provider_unit_id, o.ordered_on, o.body, u.ownership
            FROM orders o JOIN cases c ON c.id = o.case_id LEFT JOIN org_units u ON u.id = o.provider_unit_id
            WHERE \(scope) AND o.ordered_on IS NOT NULL AND o.ordered_on <= \(bind: day) AND o.state <> 'rejected'
            ORDER BY o.ordered_on, o.created_at
            """).all() {
            let order = try decoder.decode(OrderEconomyBody.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
            guard let on = CalendarDate(try row.decode(column: "ordered_on", as: String.self)) else { continue }
            let kind = try row.decode(column: "ownership", as: String?.self).flatMap(ProviderOwnership.init(rawValue:))
            var ledgerOrder = LedgerOrder(orderID: try row.decode(column: "id", as: UUID.self), providerID: try row.decode(column: "provider_unit_id", as: UUID.self),
                                          providerKind: kind, orderedOn: on, contractPrice: order.contract.price)
            ledgerOrder.coPayment = order.coPayment
            orders[try row.decode(column: "intervention_id", as: UUID.self)] = (ledgerOrder, order)
        }

        // Each case's target groups (ID 60) and other acting or paying municipality (IDs 19–20) as they stood on R:
        // the latest version valid from R or earlier.
        var caseFacts: [UUID: [String: String?]] = [:]
        for row in try await sql.raw("""
            SELECT h.case_id, h.fact, h.value FROM case_fact_history h JOIN cases c ON c.id = h.case_id
            WHERE \(scope) AND h.valid_from <= \(bind: day) AND h.fact IN ('targetGroups', 'actingMunicipality', 'payingMunicipality')
            ORDER BY h.valid_from, h.recorded_at, h.id
            """).all() {
            caseFacts[try row.decode(column: "case_id", as: UUID.self), default: [:]][try row.decode(column: "fact", as: String.self)] =
                .some(try row.decode(column: "value", as: String?.self))
        }
        // Many cases share a version's text: each distinct one decoded once.
        var primaryByText: [String: String?] = [:]
        func targetGroup(_ caseID: UUID) -> String? {
            guard let json = caseFacts[caseID]?["targetGroups"] ?? nil else { return nil }
            if let known = primaryByText[json] { return known }
            let version = try? decoder.decode(TargetGroupsVersion.self, from: Data(json.utf8))
            let primary = version.flatMap { $0.primary ?? $0.codes.first }
            primaryByText[json] = .some(primary)
            return primary
        }

        var interventions: [LedgerIntervention] = []
        var firstMonth = YearMonth(r)
        for row in try await sql.raw("""
            SELECT i.id, i.case_id, i.citizen_id, i.recommended_on, i.status, i.decided_on, i.ended_on, i.expected_start_on, i.expected_end_on,
                   i.no_end_date, i.units_hundredths, i.frequency, i.repetitions, i.base_price, i.expected_price, i.account_number, i.alternatives, c.closed_on, c.responsible_unit_id, c.caseworker_id, i.paragraph, i.follow_up_on,
                   (SELECT f.next_on FROM case_follow_ups f WHERE f.case_id = i.case_id AND f.held_on <= \(bind: day) ORDER BY f.seq DESC LIMIT 1) AS next_on
            FROM case_interventions i JOIN cases c ON c.id = i.case_id
            WHERE \(scope) AND (i.recommended_on IS NULL OR i.recommended_on <= \(bind: day))
            ORDER BY i.case_id, i.seq
            """).all() {
            func date(_ column: String) throws -> CalendarDate? { try row.decode(column: column, as: String?.self).flatMap(CalendarDate.init) }
            func onOrBefore(_ column: String) throws -> Bool { try date(column).map { $0 <= r } ?? false }
            let id = try row.decode(column: "id", as: UUID.self), caseID = try row.decode(column: "case_id", as: UUID.self)
            let status = try row.decode(column: "status", as: String.self)
            // Each cell read once: reading cells is most of the ledger's time.
            let decidedOn = try row.decode(column: "decided_on", as: String?.self)
            let decided = decidedOn.map { CalendarDate($0).map { $0 <= r } ?? false } ?? true
            let outcome: DecisionOutcome? = !decided ? nil : status == "granted" ? .granted : status == "refused" ? .refused : nil
            let repetitions = try row.decode(column: "repetitions", as: Int?.self), expectedPrice = try row.decode(column: "expected_price", as: Int?.self)
            var expected: PricedPeriod?
            if let start = try date("expected_start_on"), let f = try row.decode(column: "frequency", as: String?.self).flatMap(ServiceFrequency.init(rawValue:)),
               let reps = repetitions, let price = expectedPrice {
                let open = try row.decode(column: "no_end_date", as: Bool.self)
                expected = PricedPeriod(start: start, end: open ? nil : try date("expected_end_on"), frequency: f, repetitions: reps, price: price)
            }
            let order = orders[id]
            let contract = order.map { o in
                PricedPeriod(start: o.1.contract.startDate, end: o.1.contract.endDate, frequency: o.1.contract.frequency, repetitions: o.1.contract.repetitions,
                             price: o.1.contract.price)
            }
            let started = order.flatMap { o in (o.1.startDocumentedOn ?? o.1.startDate).map { $0 <= r } == true ? o.1.startDate : nil }
            let facts = GrantFacts(interventionID: id, outcome: outcome, caseClosed: try onOrBefore("closed_on"), ended: try onOrBefore("ended_on"),
                                   expected: expected, contract: contract, deliveryStart: started)
            let recommendedOn = try date("recommended_on")
            if let on = recommendedOn { firstMonth = min(firstMonth, YearMonth(on)) }
            var x = LedgerIntervention(
                facts: facts, caseID: caseID, citizenID: try row.decode(column: "citizen_id", as: UUID.self),
                recommendation: "\(caseID.uuidString.lowercased())/\(recommendedOn?.description ?? "none")",
                accountNumber: try row.decode(column: "account_number", as: String?.self), unitsHundredths: try row.decode(column: "units_hundredths", as: Int?.self),
                repetitions: repetitions, basePrice: try row.decode(column: "base_price", as: Int?.self),
                expectedPrice: expectedPrice, order: order?.0,
                unitID: try row.decode(column: "responsible_unit_id", as: UUID?.self), caseworkerID: try row.decode(column: "caseworker_id", as: UUID?.self),
                paragraph: try row.decode(column: "paragraph", as: String?.self),
                nextFollowUp: try date("next_on") ?? date("follow_up_on"))
            x.targetGroup = targetGroup(caseID)
            if let json = try row.decode(column: "alternatives", as: String?.self) {
                x.alternatives = (try? decoder.decode([AlternativeIntervention].self, from: Data(json.utf8))) ?? []
            }
            x.actingMunicipality = caseFacts[caseID]?["actingMunicipality"] ?? nil
            x.payingMunicipality = caseFacts[caseID]?["payingMunicipality"] ?? nil
            interventions.append(x)
        }

        // The payments booked on R or earlier, one row per intervention and account with its months and amounts as text
        // ("2026-01:123400,2026-02:…"): a municipality's hundreds of thousands of payments as tens of thousands of rows
        // (reading a row's cells, not the database, was most of the ledger's time).
        let items: SQLQueryString = switch db.engine {
        case .postgres: "string_agg(p.service_month || ':' || CAST(p.amount_ore AS TEXT), ',')"
        case .sqlite: "group_concat(p.service_month || ':' || CAST(p.amount_ore AS TEXT), ',')"
        }
        var payments: [LedgerPayment] = []
        for row in try await sql.raw("""
            SELECT p.intervention_id, p.account, c.citizen_id, \(items) AS items
            FROM payments p JOIN cases c ON c.id = p.case_id
            WHERE \(scope) AND p.booked_on <= \(bind: day)
            GROUP BY p.intervention_id, p.account, c.citizen_id
            """).all() {
            let citizenID = try row.decode(column: "citizen_id", as: UUID.self), interventionID = try row.decode(column: "intervention_id", as: UUID.self)
            let account = try row.decode(column: "account", as: String.self)
            for (month, amount) in monthAmounts(try row.decode(column: "items", as: String.self)) {
                firstMonth = min(firstMonth, month)
                payments.append(LedgerPayment(citizenID: citizenID, interventionID: interventionID, account: account, month: month, amount: amount))
            }
        }
        if let opened = try await sql.raw("SELECT MIN(c.opened_on) AS first FROM cases c WHERE \(scope) AND c.opened_on <= \(bind: day)").first()?
            .decode(column: "first", as: String?.self).flatMap(CalendarDate.init) {
            firstMonth = min(firstMonth, YearMonth(opened))
        }

        let citizens = Set(interventions.map(\.citizenID))
        var cpr: [UUID: String] = [:]
        for row in try await sql.raw("SELECT DISTINCT z.id, z.cpr FROM citizens z JOIN cases c ON c.citizen_id = z.id WHERE \(scope)").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            if citizens.contains(id) { cpr[id] = try row.decode(column: "cpr", as: String.self) }
        }
        return EconomyLedger(referenceDate: r, firstMonth: firstMonth, interventions: interventions, payments: payments, cpr: cpr)
    }

    /// The payments of one intervention and account as the ledger's query aggregates them: "YYYY-MM:øre" joined by
    /// ",", an amount negative for a correction ("2026-01:123400,2026-02:-5000"). An item of any other shape is
    /// skipped (the columns cannot hold one). Read byte by byte: a municipality has hundreds of thousands.
    static func monthAmounts(_ text: String) -> [(YearMonth, Int)] {
        var found: [(YearMonth, Int)] = []
        var year = 0, month = 0, amount = 0, negative = false, part = 0, digits = 0, valid = true
        func end() {
            if valid, part == 2, digits > 0, let m = YearMonth(year: year, month: month) { found.append((m, negative ? -amount : amount)) }
            (year, month, amount, negative, part, digits, valid) = (0, 0, 0, false, 0, 0, true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                switch part {
                case 0: year = year * 10 + digit
                case 1: month = month * 10 + digit
                default: amount = amount &* 10 &+ digit
                }
                digits += 1
            case UInt8(ascii: "-") where part == 0 && digits == 4: (part, digits) = (1, 0)
            case UInt8(ascii: "-") where part == 2 && digits == 0 && !negative: negative = true
            case UInt8(ascii: ":") where part == 1 && digits == 2: (part, digits) = (2, 0)
            case UInt8(ascii: ","): end()
            default: valid = false
            }
        }
        end()
        return found
    }

    /// What the economy reads of an order's stored body (`Order`): its contract, the co-payment and when delivery started
    /// — decoding the whole order for each of a municipality's orders was a fifth of the ledger's time.
    struct OrderEconomyBody: Decodable {
        var contract: OrderContract
        var coPayment: Int?
        var startDocumentedOn: CalendarDate?
        var startDate: CalendarDate?
    }

    /// The keys an imported case history gave the ledger's objects — interventions, cases, citizens, providers and
    /// recommendations (kept by their first intervention) — by the OpenVUM id (or recommendation key) the figures use.
    public static func importedKeys(_ ledger: EconomyLedger, municipalityID: UUID, on db: any Database) async throws -> [String: String] {
        var byID: [UUID: [String: String]] = [:]
        for row in try await db.sql.raw("""
            SELECT internal_id, kind, key FROM import_keys
            WHERE municipality_id = \(bind: municipalityID) AND kind IN ('intervention', 'case', 'citizen', 'provider', 'recommendation')
            """).all() {
            let key = try row.decode(column: "key", as: String.self)
            byID[try row.decode(column: "internal_id", as: UUID.self), default: [:]][try row.decode(column: "kind", as: String.self)] = String(key.split(separator: "/").last ?? "")
        }
        guard !byID.isEmpty else { return [:] }
        var keys: [String: String] = [:]
        func put(_ id: UUID, _ kind: String, as name: String? = nil) {
            if let k = byID[id]?[kind] { keys[name ?? id.uuidString.lowercased()] = k }
        }
        var firstOfRecommendation: [String: UUID] = [:]
        for x in ledger.interventions {
            put(x.id, "intervention")
            put(x.caseID, "case")
            put(x.citizenID, "citizen")
            if let p = x.order?.providerID { put(p, "provider") }
            if firstOfRecommendation[x.recommendation] == nil { firstOfRecommendation[x.recommendation] = x.id }
        }
        for (recommendation, first) in firstOfRecommendation { put(first, "recommendation", as: recommendation) }
        return keys
    }

    /// Display names of units (teams, providers) and users (caseworkers) by id, for the economy's pages.
    public static func names(municipalityID: UUID, on db: any Database) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for row in try await db.sql.raw("SELECT id, name FROM org_units WHERE municipality_id = \(bind: municipalityID)").all() {
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
        }
        for row in try await db.sql.raw("SELECT id, display_name FROM users WHERE municipality_id = \(bind: municipalityID)").all() {
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "display_name", as: String.self)
        }
        return names
    }

    /// The citizens of `ids` the principal's economy scope covers, by citizen: name, and the number of each of their
    /// cases in scope by case id, oldest first.
    public static func citizens(_ ids: [UUID], principal: Principal, on db: any Database) async throws -> [UUID: EconomyCitizen] {
        guard !ids.isEmpty, let scope = AccessScope.condition(principal.economyScope, municipalityID: principal.municipalityID, over: .cases()) else { return [:] }
        var found: [UUID: EconomyCitizen] = [:]
        for chunk in PaymentStore.batches(ids) {
            for row in try await db.sql.raw("""
                SELECT z.id, z.given_name, z.family_name, c.id AS case_id, c.case_number FROM citizens z JOIN cases c ON c.citizen_id = z.id
                WHERE \(scope) AND z.id IN (\(binds: Array(chunk))) ORDER BY c.opened_on
                """).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                let name = "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))"
                var c = found[id] ?? EconomyCitizen(name: name)
                c.cases.append((try row.decode(column: "case_id", as: UUID.self), try row.decode(column: "case_number", as: String?.self) ?? "–"))
                found[id] = c
            }
        }
        return found
    }
}

/// A citizen as the economy pages name them: the name and the numbers of their cases.
public struct EconomyCitizen: Sendable {
    public var name: String
    public var cases: [(id: UUID, number: String)] = []

    public init(name: String) { self.name = name }

    public func caseNumber(_ id: UUID) -> String { cases.first { $0.id == id }?.number ?? "–" }
    public var caseNumbers: String { cases.map(\.number).joined(separator: ", ") }
}
