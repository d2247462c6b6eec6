import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The municipality's local rules for cases (administrators write, staff read).
enum SettingsAPI {
    static func read(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let version = try await CaseStore.settingsVersion(municipalityID: p.municipalityID, on: req.db)
        return try APIResponse.json(try await CaseStore.settings(municipalityID: p.municipalityID, on: req.db), version: version)
    }

    static func update(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.object(from: req)
        let unknown = Set(body.keys).subtracting(CaseSettings.fieldNames).sorted()
        if !unknown.isEmpty { throw DomainError.validation(unknown.map { FieldError(field: $0, message: "Ukendt felt.") }) }
        let expected = try ETag.expectedVersion(req)
        let current = try await CaseStore.settings(municipalityID: p.municipalityID, on: req.db)
        let merged = CasePatch.merge(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(current)), body)
        var decoded: CaseSettings
        do {
            decoded = try JSONDecoder().decode(CaseSettings.self, from: try JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            throw DomainError.validation([StrictJSON.fieldError(for: error)])
        }
        try decoded.validate()
        // The phone number written the one way ("70 10 20 30"), blanks as none.
        decoded.contact = try decoded.contact.normalised()
        let settings = decoded
        let keys = body.keys.sorted()
        let version = try await req.writeTransaction { tx in
            let v = try await CaseStore.saveSettings(settings, municipalityID: p.municipalityID, expectedVersion: expected, on: tx)
            try await req.audit(on: tx, objectType: "municipality-settings", objectID: p.municipalityID.uuidString, criteria: "fields=\(keys.joined(separator: ","))")
            return v
        }
        return try APIResponse.json(settings, version: version)
    }
}
