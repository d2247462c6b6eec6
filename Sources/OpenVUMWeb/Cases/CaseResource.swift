import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The case resource as JSON: the document (all VUM 2.0 data items) plus the columns around it and
/// the derived decision lists (IDs 63, 64).
enum CaseResource {
    /// The resource encoded in one pass: the document's sections plus the fields around them. (Building a
    /// dictionary and writing it with JSONSerialization cost half the CPU of a read: docs/benchmarks.md.)
    struct Body: Encodable {
        var record: CaseRecord
        var kleTitle: String?

        enum Keys: String, CodingKey {
            case id, caseNumber, paragraphs, citizenId, responsibleUnitId, caseworkerId, phase, openedOn, closedOn, nextDeadlineOn, version, kle, decision, allowedTransitions
        }
        enum KLEKeys: String, CodingKey { case emne, facet, emneTitle }
        enum DecisionKeys: String, CodingKey { case grantedInterventions, refusedInterventions }

        func encode(to encoder: any Encoder) throws {
            let c = record
            try c.document.encode(to: encoder)
            var o = encoder.container(keyedBy: Keys.self)
            try o.encode(c.id, forKey: .id)
            try o.encode(c.caseNumber, forKey: .caseNumber)
            try o.encode(c.paragraphs, forKey: .paragraphs)
            try o.encode(c.citizenID, forKey: .citizenId)
            try o.encode(c.responsibleUnitID, forKey: .responsibleUnitId)
            try o.encode(c.caseworkerID, forKey: .caseworkerId)
            try o.encode(c.phase, forKey: .phase)
            try o.encode(c.openedOn, forKey: .openedOn)
            try o.encode(c.closedOn, forKey: .closedOn)
            try o.encode(c.nextDeadlineOn, forKey: .nextDeadlineOn)
            try o.encode(c.version, forKey: .version)
            var kle = o.nestedContainer(keyedBy: KLEKeys.self, forKey: .kle)
            try kle.encode(c.kleEmne, forKey: .emne)
            try kle.encode(c.kleFacet, forKey: .facet)
            try kle.encode(kleTitle, forKey: .emneTitle)
            var decision = o.nestedContainer(keyedBy: DecisionKeys.self, forKey: .decision)
            try decision.encode(c.document.interventions.filter { $0.decision?.outcome == .granted }.compactMap(\.id), forKey: .grantedInterventions)
            try decision.encode(c.document.interventions.filter { $0.decision?.outcome == .refused }.compactMap(\.id), forKey: .refusedInterventions)
            try o.encode(CaseProcess.successors(of: c.phase), forKey: .allowedTransitions)
        }
    }

    static func body(_ c: CaseRecord, terminology: TerminologySnapshot?) -> Body {
        Body(record: c, kleTitle: c.kleEmne.flatMap { terminology?.display(.kle, code: $0) })
    }

    /// The resource as a JSON object (the data catalogue checks which items a fully specified case fills).
    static func object(_ c: CaseRecord, terminology: TerminologySnapshot?) -> [String: Any] {
        let data = (try? CasePatch.encoder.encode(body(c, terminology: terminology))) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    static func response(_ c: CaseRecord, terminology: TerminologySnapshot?, status: HTTPResponseStatus = .ok) throws -> Response {
        let response = Response(status: status)
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: .eTag, value: ETag.make(c.version))
        response.body = .init(data: try encoder.encode(body(c, terminology: terminology)))
        return response
    }

    /// The API's encoder for the case resource: every field of the document is written, `null` when empty.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        e.userInfo[.explicitNulls] = true
        return e
    }()

    /// `patch` without the read-only fields that equal the resource as stored; a read-only field with another
    /// value is refused with where it is changed instead.
    static func withoutUnchangedReadOnlyFields(_ patch: [String: Any], current: CaseRecord, terminology: TerminologySnapshot?) throws -> [String: Any] {
        let data = try encoder.encode(body(current, terminology: terminology))
        let stored = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var out = patch
        var errors: [FieldError] = []
        for (key, value) in patch {
            guard let message = readOnly[key] else { continue }
            if JSONPointer.same(value, stored[key]) { out.removeValue(forKey: key) } else { errors.append(FieldError(field: "/\(key)", message: message)) }
        }
        if !errors.isEmpty { throw DomainError.validation(errors.sorted { $0.field < $1.field }) }
        return out
    }

    /// Top-level fields that are read-only in a PATCH, with where they are changed instead.
    static let readOnly: [String: String] = [
        "id": "Id'et kan ikke ændres.", "citizenId": "Borgeren kan ikke ændres på en sag.", "phase": "Fasen ændres med POST /api/v1/cases/{id}/transitions.",
        "caseNumber": "Sagsnummeret tildeles, når sagen oprettes, og ændres ikke.", "paragraphs": "Udledes af sagens indsatser og ansøgte paragraffer.",
        "version": "Versionen sendes i If-Match.", "kle": "KLE ændres med PUT /api/v1/cases/{id}/kle.", "decision": "Afgørelsen registreres på hver indsats under interventions/*/decision.",
        "openedOn": "Udfyldes automatisk.", "closedOn": "Udfyldes automatisk.", "nextDeadlineOn": "Udfyldes automatisk.",
        "allowedTransitions": "Udfyldes automatisk.", "responsibleUnitId": "Kan ikke ændres her.", "caseworkerId": "Kan ikke ændres her.",
    ]
}
