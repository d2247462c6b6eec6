import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

extension CaseStore {
    // MARK: History

    /// The history of a case in `principal`'s scope, with `audit` about the case; nil when missing or out of scope.
    public static func history(id: UUID, principal: Principal, audit: AuditEntry?, on db: any Database) async throws -> CaseHistory? {
        guard let c = try await find(id: id, principal: principal, on: db) else { return nil }
        _ = try await audited(c, audit, on: db)
        return try await history(caseID: id, on: db)
    }

    /// The history of a case already read (and audited) by the caller.
    public static func history(caseID: UUID, on db: any Database) async throws -> CaseHistory {
        let sql = db.sql
        let transitions = try await sql.raw("SELECT from_phase, to_phase, at, user_id, reason, reason_code, effective_on FROM case_transitions WHERE case_id = \(bind: caseID) ORDER BY seq").all().map { r in
            CaseHistory.Transition(
                from: try r.decode(column: "from_phase", as: String?.self).flatMap(CasePhase.init(rawValue:)),
                to: CasePhase(rawValue: try r.decode(column: "to_phase", as: String.self)) ?? .opening,
                at: try r.decode(column: "at", as: Date.self), userID: try r.decode(column: "user_id", as: UUID?.self),
                reason: try r.decode(column: "reason", as: String?.self),
                closeReason: try r.decode(column: "reason_code", as: String?.self).flatMap(CloseReason.init(rawValue:)),
                effectiveOn: try r.decode(column: "effective_on", as: String?.self).flatMap(CalendarDate.init))
        }
        let states = try await sql.raw("SELECT state, valid_from, valid_to FROM case_national_states WHERE case_id = \(bind: caseID) ORDER BY seq").all().map { r in
            CaseHistory.NationalState(
                state: NationalCaseState(rawValue: try r.decode(column: "state", as: String.self)) ?? .opstaaet,
                validFrom: try r.decode(column: "valid_from", as: Date.self), validTo: try r.decode(column: "valid_to", as: Date?.self))
        }
        let kle = try await sql.raw("SELECT emne, facet, valid_from, user_id FROM case_kle_history WHERE case_id = \(bind: caseID) ORDER BY valid_from, id").all().map { r in
            CaseHistory.KLEChange(emne: try r.decode(column: "emne", as: String?.self), facet: try r.decode(column: "facet", as: String?.self),
                                  validFrom: try r.decode(column: "valid_from", as: Date.self), userID: try r.decode(column: "user_id", as: UUID?.self))
        }
        let levels = try await sql.raw("SELECT subtheme, level, severity, assessed_on, recorded_at FROM functional_level_history WHERE case_id = \(bind: caseID) ORDER BY assessed_on, recorded_at, id").all().map { r in
            CaseHistory.LevelVersion(
                subtheme: try r.decode(column: "subtheme", as: String.self), level: LevelColumn.decimal(try r.decode(column: "level", as: Double.self)),
                severity: try r.decode(column: "severity", as: String?.self), assessedOn: try r.decode(column: "assessed_on", as: String.self),
                recordedAt: try r.decode(column: "recorded_at", as: Date.self))
        }
        var history = CaseHistory(transitions: transitions, nationalStates: states, kle: kle, functionalLevels: levels,
                                  assignments: try await assignments(caseID: caseID, on: db))
        for r in try await sql.raw("SELECT fact, value, valid_from FROM case_fact_history WHERE case_id = \(bind: caseID) ORDER BY recorded_at, id").all() {
            let on = CalendarDate(try r.decode(column: "valid_from", as: String.self)) ?? CalendarDate(year: 1970, month: 1, day: 1)!
            let value = try r.decode(column: "value", as: String?.self)
            switch CaseHistory.Fact(rawValue: try r.decode(column: "fact", as: String.self)) {
            case .targetGroups:
                var version = try value.map { try JSONDecoder().decode(TargetGroupsVersion.self, from: Data($0.utf8)) } ?? TargetGroupsVersion(codes: [])
                version.validFrom = on
                history.targetGroups.append(version)
            case .supportNeed: history.supportNeeds.append(SupportNeedVersion(code: value, validFrom: on))
            case .actingMunicipality: history.municipalities.append(MunicipalityVersion(role: .acting, code: value, validFrom: on))
            case .payingMunicipality: history.municipalities.append(MunicipalityVersion(role: .paying, code: value, validFrom: on))
            case .actionPlan, nil: break
            }
        }
        return history
    }
}
