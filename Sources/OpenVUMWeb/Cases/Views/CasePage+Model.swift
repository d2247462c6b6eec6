import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

/// The URL slug of each phase page (Danish, as the UI speaks).
enum PhaseSlug: String, CaseIterable {
    case sagsaabning, sagsoplysning, sagsvurdering, afgoerelse, bestilling, levering, opfoelgning

    var phase: CasePhase {
        switch self {
        case .sagsaabning: .opening
        case .sagsoplysning: .investigation
        case .sagsvurdering: .assessment
        case .afgoerelse: .decision
        case .bestilling: .order
        case .levering: .delivery
        case .opfoelgning: .followUp
        }
    }

    init?(phase: CasePhase) {
        guard let s = PhaseSlug.allCases.first(where: { $0.phase == phase }) else { return nil }
        self = s
    }
}

/// Everything a case page shows. `@unchecked Sendable`: the JSON value is built once per request and only read.
struct CasePageModel: @unchecked Sendable {
    var record: CaseRecord
    /// The case resource as JSON — or, after a refused save, the resource with the user's input merged in.
    var json: [String: Any]
    var citizen: CitizenRecord
    var terminology: TerminologySnapshot
    var units: [UnitRecord]
    var history: CaseHistory?
    var deadlines: [CaseDeadline] = []
    var errors: [FieldError] = []
    var notice: String?

    func value(_ pointer: String) -> String? {
        guard let v = JSONPointer.resolve(pointer, in: json) else { return nil }
        switch v {
        case let s as String: return s
        case let n as NSNumber:
            if ["c", "B"].contains(String(cString: n.objCType)) { return n.boolValue ? "true" : "false" }
            return Controls.number(n.doubleValue)
        default: return nil
        }
    }

    func values(_ pointer: String) -> Set<String> { Set((JSONPointer.resolve(pointer, in: json) as? [Any])?.compactMap { $0 as? String } ?? []) }

    func list(_ pointer: String) -> [[String: Any]] { JSONPointer.resolve(pointer, in: json) as? [[String: Any]] ?? [] }

    func error(_ pointer: String) -> String? { errors.first { $0.field == pointer || $0.field.hasPrefix(pointer + "/") }?.message }

    func options(_ valueSet: String) -> [(String, String)] { terminology.valueSet(valueSet).map { ($0.code, $0.display) } }

    func display(_ code: String?) -> String { code.flatMap { terminology.display(.ffb, code: $0) } ?? code ?? "–" }

    var phase: CasePhase { record.phase }
    var id: String { record.id.uuidString.lowercased() }
    var version: String { String(record.version) }
}
