import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// The case document's lists as relational rows — `case_interventions` (with prices, dates and status,
/// figures.md E4), `case_goals` and `case_follow_ups` — rebuilt in the same transaction as the document (as
/// `case_deadlines` and `case_due_items` are), so economy and management information query them directly on
/// both engines at national scale. Decimals are kept in hundredths (integers); money in øre.
package enum CaseProjection {
    static let interventionColumns = [
        "id", "case_id", "municipality_id", "citizen_id", "seq", "recommended_on", "status", "decided_on", "granted_units_hundredths",
        "paragraph", "refusal_reason", "follow_up_on", "ordered_on", "offer_unit_id", "delivery_start_on", "ended_on", "end_reason",
        "expected_start_on", "expected_end_on", "no_end_date", "unit", "units_hundredths", "frequency", "repetitions", "unit_price",
        "base_price", "expected_price", "account_number", "service_code", "alternatives",
    ]
    static let goalColumns = [
        "id", "case_id", "municipality_id", "seq", "goal_type", "primary_theme", "expected_level_hundredths", "follow_up_on",
        "last_decision", "last_achieved_hundredths", "last_decided_on",
    ]
    static let followUpColumns = [
        "id", "case_id", "municipality_id", "seq", "held_on", "status_on", "follow_up_type", "next_on", "timely", "personal_supervision",
        "wellbeing", "use_of_force", "support_need_before", "support_need_after", "outcome",
    ]

    /// A decimal with at most two places as whole hundredths.
    static func hundredths(_ d: Decimal?) -> Int? {
        d.map { NSDecimalNumber(decimal: $0 * 100).intValue }
    }

    /// ID 38's alternatives as the column keeps them; nil when there are none.
    package static func alternativesJSON(_ alternatives: [AlternativeIntervention]?) -> String? {
        guard let alternatives, !alternatives.isEmpty, let data = try? JSONEncoder().encode(alternatives) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// E4: granted, refused, pending (no decision, case open) or lapsed (no decision, case closed).
    static func status(_ x: Intervention, phase: CasePhase) -> String {
        switch x.decision?.outcome {
        case .granted: "granted"
        case .refused: "refused"
        case nil: phase == .closed ? "lapsed" : "pending"
        }
    }

    /// The rows of the three tables for one case: pure, so the scale generator writes exactly what a save writes.
    package static func rows(caseID: UUID, municipalityID: UUID, citizenID: UUID, phase: CasePhase, document d: CaseDocument)
        -> [(table: String, columns: [String], rows: [[any Encodable & Sendable]])] {
        let interventions: [[any Encodable & Sendable]] = d.interventions.enumerated().map { (i, x) in
            [
                x.id ?? UUID(), caseID, municipalityID, citizenID, i + 1, x.recommendedOn?.description, status(x, phase: phase),
                x.decision?.decidedOn?.description, hundredths(x.decision?.grantedUnitsPerPeriod), x.decision?.paragraph,
                x.decision?.refusalReason?.rawValue, x.decision?.followUpDate?.description, x.order?.orderedOn?.description,
                x.order?.providerUnitId, x.delivery?.startDate?.description, x.end?.endedOn.description, x.end?.reason.rawValue,
                x.expectedStartDate?.description, x.expectedEndDate?.description, x.noEndDate == true, x.unit?.rawValue,
                hundredths(x.unitsPerPeriod), x.frequency?.rawValue, x.periodRepetitions, x.unitPrice, x.basePrice, x.expectedPrice,
                x.accountNumber, x.services?.first?.code, alternativesJSON(x.alternatives),
            ]
        }
        let goals: [[any Encodable & Sendable]] = d.goals.enumerated().map { (i, g) in
            let last = d.followUps.last { f in f.goalDecisions?.contains { $0.goalId == g.id } == true }
            let decision = last?.goalDecisions?.last { $0.goalId == g.id }
            return [
                g.id ?? UUID(), caseID, municipalityID, i + 1, g.goalType, g.primaryTheme, hundredths(g.expectedLevel),
                (g.followUpDate ?? d.assessment.sharedGoalFollowUpDate)?.description, decision?.decision.rawValue,
                hundredths(decision?.achievedLevel), last?.followUpDate?.description,
            ]
        }
        let followUps: [[any Encodable & Sendable]] = d.followUps.enumerated().map { (i, f) in
            [
                f.id ?? UUID(), caseID, municipalityID, i + 1, f.followUpDate?.description, f.statusDate?.description, f.followUpType?.rawValue,
                f.nextFollowUpDate?.description, f.timely, f.personalSupervision?.rawValue, f.wellbeing?.rawValue, f.useOfForce?.rawValue,
                f.supportNeedAtStart, f.supportNeedAfter, f.outcome?.rawValue,
            ]
        }
        return [("case_interventions", interventionColumns, interventions), ("case_goals", goalColumns, goals), ("case_follow_ups", followUpColumns, followUps)]
    }

    static func rebuild(caseID: UUID, municipalityID: UUID, citizenID: UUID, phase: CasePhase, document d: CaseDocument, on db: any Database) async throws {
        let sql = db.sql
        for part in rows(caseID: caseID, municipalityID: municipalityID, citizenID: citizenID, phase: phase, document: d) {
            try await sql.delete(from: part.table).where("case_id", .equal, caseID).run()
            guard !part.rows.isEmpty else { continue }
            var insert = sql.insert(into: part.table).columns(part.columns)
            for row in part.rows { insert = insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
    }
}
