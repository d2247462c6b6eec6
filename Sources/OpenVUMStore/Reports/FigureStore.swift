import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The cases as the management figures of themes 1 and 3 read them (`FigureCase`): each case opened on or before R in
/// the viewer's economy scope, with its dated histories — holders (`case_assignments`), inquiries (`case_inquiries`),
/// phases (`case_transitions`), target groups and action plans (`case_fact_history`), functional levels
/// (`functional_level_history`), orders and uses of force. One query per table, whatever the number of cases.
public enum FigureStore {
    /// The input of `ManagementFigures` for `principal` on R; nil when the principal sees no figures at all.
    public static func input(principal: Principal, referenceDate r: CalendarDate, terminology: any TerminologyLookup,
                             on db: any Database) async throws -> ManagementInput? {
        guard let scope = AccessScope.condition(principal.economyScope, municipalityID: principal.municipalityID, over: .cases()) else { return nil }
        let sql = db.sql
        let day = r.description
        let inScope: SQLQueryString = "\(scope) AND c.opened_on <= \(bind: day)"
        let decoder = JSONDecoder()

        var cases: [UUID: FigureCase] = [:]
        var order: [UUID] = []
        for row in try await sql.raw("""
            SELECT c.id, c.citizen_id, c.opened_on, c.document, ci.cpr FROM cases c JOIN citizens ci ON ci.id = c.citizen_id
            WHERE \(inScope) ORDER BY c.opened_on, c.id
            """).all() {
            let id = try row.decode(column: "id", as: UUID.self)
            guard let opened = CalendarDate(try row.decode(column: "opened_on", as: String.self)) else { continue }
            let document = try decoder.decode(CaseDocument.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
            cases[id] = FigureCase(id: id, citizenID: try row.decode(column: "citizen_id", as: UUID.self), cpr: try row.decode(column: "cpr", as: String.self),
                                   openedOn: opened, document: document)
            order.append(id)
        }

        for row in try await sql.raw("""
            SELECT a.case_id, a.valid_from, a.caseworker_id, a.unit_id FROM case_assignments a JOIN cases c ON c.id = a.case_id
            WHERE \(inScope) ORDER BY a.case_id, a.seq
            """).all() {
            guard let from = CalendarDate(try row.decode(column: "valid_from", as: String.self)) else { continue }
            cases[try row.decode(column: "case_id", as: UUID.self)]?.holders.append(
                .init(from: from, caseworker: try row.decode(column: "caseworker_id", as: UUID?.self), team: try row.decode(column: "unit_id", as: UUID.self)))
        }

        for row in try await sql.raw("""
            SELECT q.case_id, q.received_on, q.origin, q.inquirer FROM case_inquiries q JOIN cases c ON c.id = q.case_id
            WHERE \(inScope) ORDER BY q.case_id, q.received_on, q.created_at, q.id
            """).all() {
            guard let on = CalendarDate(try row.decode(column: "received_on", as: String.self)) else { continue }
            let origin = try row.decode(column: "origin", as: String?.self).flatMap(CaseOrigin.init(rawValue:))
            let inquirer = try row.decode(column: "inquirer", as: String?.self).flatMap(Inquirer.init(rawValue:))
            cases[try row.decode(column: "case_id", as: UUID.self)]?.inquiries.append(
                .init(on: on, origin: slug(origin ?? .inquiry, HistorySlugs.origin), inquirer: inquirer.map { slug($0, HistorySlugs.inquirer) }))
        }

        for row in try await sql.raw("""
            SELECT t.case_id, t.to_phase, t.at, t.effective_on FROM case_transitions t JOIN cases c ON c.id = t.case_id
            WHERE \(inScope) ORDER BY t.case_id, t.seq
            """).all() {
            guard let phase = CasePhase(rawValue: try row.decode(column: "to_phase", as: String.self)) else { continue }
            let on = try row.decode(column: "effective_on", as: String?.self).flatMap(CalendarDate.init) ?? CalendarDate(try row.decode(column: "at", as: Date.self))
            cases[try row.decode(column: "case_id", as: UUID.self)]?.phases.append(.init(on: on, phase: phase))
        }

        for row in try await sql.raw("""
            SELECT h.case_id, h.fact, h.value, h.valid_from FROM case_fact_history h JOIN cases c ON c.id = h.case_id
            WHERE \(inScope) AND h.fact IN ('targetGroups', 'actionPlan', 'supportNeed') ORDER BY h.case_id, h.valid_from, h.recorded_at, h.id
            """).all() {
            guard let on = CalendarDate(try row.decode(column: "valid_from", as: String.self)) else { continue }
            let id = try row.decode(column: "case_id", as: UUID.self)
            let fact = try row.decode(column: "fact", as: String.self)
            if fact == "supportNeed" {
                cases[id]?.supportNeeds.append((on, try row.decode(column: "value", as: String?.self)))
                continue
            }
            let value = Data((try row.decode(column: "value", as: String?.self) ?? "{}").utf8)
            if fact == "targetGroups" {
                let v = try decoder.decode(TargetGroupsVersion.self, from: value)
                cases[id]?.targetGroups.append(.init(on: on, codes: v.codes, primary: v.primary))
            } else {
                cases[id]?.actionPlans.append((on, try decoder.decode(FigureCase.ActionPlan.self, from: value)))
            }
        }

        for row in try await sql.raw("""
            SELECT l.case_id, l.subtheme, l.level, l.assessed_on FROM functional_level_history l JOIN cases c ON c.id = l.case_id
            WHERE \(inScope) ORDER BY l.case_id, l.assessed_on, l.recorded_at, l.id
            """).all() {
            guard let on = CalendarDate(try row.decode(column: "assessed_on", as: String.self)) else { continue }
            cases[try row.decode(column: "case_id", as: UUID.self)]?.levels.append(
                .init(on: on, subtheme: try row.decode(column: "subtheme", as: String.self), level: LevelColumn.decimal(try row.decode(column: "level", as: Double.self))))
        }

        struct Coordination: Decodable { var coordinationNeeded: Bool? }
        var providers: [UUID: UUID] = [:]
        for row in try await sql.raw("""
            SELECT o.id, o.case_id, o.intervention_id, o.provider_unit_id, o.ordered_on, o.body FROM orders o JOIN cases c ON c.id = o.case_id
            WHERE \(inScope) AND o.ordered_on IS NOT NULL ORDER BY o.case_id, o.ordered_on, o.created_at
            """).all() {
            guard let on = CalendarDate(try row.decode(column: "ordered_on", as: String.self)) else { continue }
            let provider = try row.decode(column: "provider_unit_id", as: UUID.self)
            providers[try row.decode(column: "id", as: UUID.self)] = provider
            let body = try decoder.decode(Coordination.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
            cases[try row.decode(column: "case_id", as: UUID.self)]?.orders.append(
                .init(interventionID: try row.decode(column: "intervention_id", as: UUID.self), on: on, providerID: provider,
                      coordinationNeeded: body.coordinationNeeded == true))
        }

        for row in try await sql.raw("""
            SELECT o.case_id, i.order_id, i.occurred_on FROM order_incidents i JOIN orders o ON o.id = i.order_id JOIN cases c ON c.id = o.case_id
            WHERE \(inScope) AND i.type = \(bind: IncidentType.useOfForce.rawValue) ORDER BY o.case_id, i.occurred_on, i.reported_at, i.id
            """).all() {
            guard let on = CalendarDate(try row.decode(column: "occurred_on", as: String.self)) else { continue }
            cases[try row.decode(column: "case_id", as: UUID.self)]?.forces.append(.init(on: on, providerID: providers[try row.decode(column: "order_id", as: UUID.self)]))
        }

        // A case from before the action plans' history: its current plan, from its first recommendation (or opening).
        for id in order where cases[id]!.actionPlans.isEmpty {
            let c = cases[id]!
            let plan = FigureCase.ActionPlan(c.document.assessment)
            if !plan.isEmpty { cases[id]!.actionPlans = [(c.firstRecommendation ?? c.openedOn, plan)] }
        }
        // Likewise for target groups recorded before their history was kept.
        for id in order where cases[id]!.targetGroups.isEmpty {
            let c = cases[id]!
            if let codes = c.document.assessment.targetGroups, !codes.isEmpty {
                cases[id]!.targetGroups = [.init(on: c.firstRecommendation ?? c.openedOn, codes: codes, primary: c.document.assessment.primaryTargetGroup)]
            }
        }

        let list = order.map { cases[$0]! }
        let (caseworkers, teams) = try await holders(principal: principal, on: db)
        return ManagementInput(referenceDate: r, periods: FigurePeriods(first: ManagementInput.firstMonth(list, referenceDate: r), referenceDate: r),
                               cases: list, caseworkers: caseworkers, teams: teams,
                               settings: try await CaseStore.settings(municipalityID: principal.municipalityID, on: db),
                               supportNeedRank: supportNeedRank(list, terminology: terminology),
                               otherEventCounts: try await otherEventCounts(inScope, referenceDate: r, on: db))
    }

    /// The format's slug of an OpenVUM value.
    static func slug<E: Equatable>(_ value: E, _ table: [String: E]) -> String {
        table.filter { $0.value == value }.keys.min() ?? "none"
    }

    /// The caseworkers (with their team) and the teams whose figures the principal sees: every authority team of the
    /// municipality, or a team leader's own teams.
    static func holders(principal: Principal, on db: any Database) async throws -> ([UUID: UUID], [UUID]) {
        let teams: [UUID]
        switch principal.economyScope {
        case .units(let ids): teams = Array(ids)
        default: teams = try await OrganisationStore.units(municipalityID: principal.municipalityID, on: db).filter { $0.kind == .authorityTeam }.map(\.id)
        }
        let wanted = Set(teams)
        var caseworkers: [UUID: UUID] = [:]
        for h in try await UserStore.caseHolders(municipalityID: principal.municipalityID, on: db) where wanted.contains(h.unitID) {
            if caseworkers[h.userID] == nil { caseworkers[h.userID] = h.unitID }
        }
        return (caseworkers, teams)
    }

    /// Payments, status reports and months of delivered hours on or before R (meta.counts), by the format's type.
    static func otherEventCounts(_ inScope: SQLQueryString, referenceDate r: CalendarDate, on db: any Database) async throws -> [String: Int] {
        let sql = db.sql
        var counts: [String: Int] = [:]
        counts["payment"] = try await sql.raw("""
            SELECT COUNT(*) AS n FROM payments p JOIN cases c ON c.id = p.case_id WHERE \(inScope) AND p.booked_on <= \(bind: r.description)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        for (type, table, column) in [("status_report", "order_status_reports", "reported_at"), ("hours_delivered", "delivered_hours", "recorded_at")] {
            var n = 0
            for row in try await sql.raw("""
                SELECT x.\(ident: column) AS at FROM \(ident: table) x JOIN orders o ON o.id = x.order_id JOIN cases c ON c.id = o.case_id WHERE \(inScope)
                """).all() where CalendarDate(try row.decode(column: "at", as: Date.self)) <= r { n += 1 }
            counts[type] = n
        }
        return counts.filter { $0.value > 0 }
    }

    /// T3.5's order of the FFB support-need levels seen in the cases' follow-ups, from their display texts.
    static func supportNeedRank(_ cases: [FigureCase], terminology: any TerminologyLookup) -> [String: Int] {
        var ranks: [String: Int] = [:]
        for c in cases {
            for f in c.document.followUps {
                for code in [f.supportNeedAtStart, f.supportNeedAfter].compactMap({ $0 }) where ranks[code] == nil {
                    if let rank = terminology.display(.ffb, code: code).flatMap(ManagementFigures.supportNeedRank(display:)) { ranks[code] = rank }
                }
            }
        }
        return ranks
    }
}

extension FigureStore {
    /// The keys that the OpenVUM ids among `ids` had in an imported case history (figures.md: "every imported object
    /// shows the key it had"), by the id as the figures write it (lower case). An event's key and the intervention
    /// keys kept for orders are not objects the figures name.
    public static func importedKeys(_ ids: Set<UUID>, municipalityID: UUID, on db: any Database) async throws -> [String: String] {
        let preference = ["intervention", "goal", "case", "citizen", "caseworker", "authorityTeam", "provider", "offer", "followUp", "order-row"]
        var found: [UUID: (rank: Int, key: String)] = [:]
        let sorted = ids.sorted { $0.uuidString < $1.uuidString }
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let chunk = Array(sorted[start..<min(start + 500, sorted.count)])
            for row in try await db.sql.raw("""
                SELECT internal_id, kind, key FROM import_keys WHERE municipality_id = \(bind: municipalityID) AND internal_id IN (\(binds: chunk))
                """).all() {
                let kind = try row.decode(column: "kind", as: String.self)
                let rank = preference.firstIndex(of: kind) ?? (kind == "event" || kind == "order" || kind == "recommendation" ? nil : preference.count)
                guard let rank else { continue }
                let id = try row.decode(column: "internal_id", as: UUID.self)
                let key = String(try row.decode(column: "key", as: String.self).split(separator: "/").last ?? "")
                if let have = found[id], have.rank <= rank { continue }
                found[id] = (rank, key)
            }
        }
        return Dictionary(uniqueKeysWithValues: found.map { (EconomyFigures.key($0.key), $0.value.key) })
    }
}

/// A case behind a report's number, as the list of them shows it.
public struct ReportCaseRow: Sendable, Equatable {
    public var id: UUID
    public var caseNumber: String?
    public var openedOn: String
    public var phase: CasePhase?
    public var caseworkerID: UUID?
    public var unitID: UUID
    /// Whether the viewer may open the case itself (else only its economy, `Principal.economyScope`).
    public var inScope: Bool
}

extension FigureStore {
    /// The cases `ids` as the list of cases behind a number shows them: case number, opening, phase, holder, and whether
    /// the principal's own access reaches the case.
    public static func caseRows(_ ids: [UUID], principal: Principal, on db: any Database) async throws -> [ReportCaseRow] {
        guard !ids.isEmpty else { return [] }
        var inScope = Set<UUID>()
        var rows: [UUID: ReportCaseRow] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await db.sql.raw("""
                SELECT c.id, c.case_number, c.opened_on, c.phase, c.caseworker_id, c.responsible_unit_id FROM cases c
                WHERE c.municipality_id = \(bind: principal.municipalityID) AND c.id IN (\(binds: chunk))
                """).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                rows[id] = ReportCaseRow(id: id, caseNumber: try row.decode(column: "case_number", as: String?.self),
                                         openedOn: try row.decode(column: "opened_on", as: String.self),
                                         phase: CasePhase(rawValue: try row.decode(column: "phase", as: String.self)),
                                         caseworkerID: try row.decode(column: "caseworker_id", as: UUID?.self),
                                         unitID: try row.decode(column: "responsible_unit_id", as: UUID.self), inScope: false)
            }
            if let scope = AccessScope.condition(principal, over: .cases()) {
                for row in try await db.sql.raw("SELECT c.id FROM cases c WHERE \(scope) AND c.id IN (\(binds: chunk))").all() {
                    inScope.insert(try row.decode(column: "id", as: UUID.self))
                }
            }
        }
        return ids.compactMap { id in rows[id].map { var r = $0; r.inScope = inScope.contains(id); return r } }
    }
}
