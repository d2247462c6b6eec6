import FluentKit
import Foundation
import OpenVUMDomain

/// Revisionslog: one row per read of citizen data, search and write. Append-only (enforced by triggers).
final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "occurred_us") var occurredMicros: Int64
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "object_type") var objectType: String?
    @OptionalField(key: "object_id") var objectID: String?
    @OptionalField(key: "citizen_id") var citizenID: UUID?
    @OptionalField(key: "criteria") var criteria: String?
    @OptionalField(key: "request_id") var requestID: String?
    @OptionalField(key: "channel") var channel: String?

    init() {}
}
