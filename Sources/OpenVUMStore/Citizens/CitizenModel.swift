import FluentKit
import Foundation
import OpenVUMDomain

/// Borger.
final class CitizenModel: Model, @unchecked Sendable {
    static let schema = "citizens"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "version") var version: Int
    // data fields
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "cpr") var cpr: String
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    // relationships
    @Field(key: "responsible_unit_id") var responsibleUnitID: UUID

    init() {}
}
