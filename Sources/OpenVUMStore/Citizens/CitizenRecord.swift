import Foundation
import OpenVUMDomain

/// A citizen's basic record.
public struct CitizenRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var municipalityID: UUID
    public var cpr: String
    public var givenName: String
    public var familyName: String
    public var responsibleUnitID: UUID
    public var createdAt: Date?
    public var updatedAt: Date?
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case id, cpr, version
        case municipalityID = "municipality_id", givenName = "given_name", familyName = "family_name"
        case responsibleUnitID = "responsible_unit_id", createdAt = "created_at", updatedAt = "updated_at"
    }
}
