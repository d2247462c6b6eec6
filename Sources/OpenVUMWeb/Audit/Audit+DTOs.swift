import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

struct AuditEntryDTO: Encodable, Sendable {
    var id: UUID
    var occurredAt: Date
    @Nullable var userId: UUID?
    @Nullable var unitId: UUID?
    var action: String
    @Nullable var objectType: String?
    @Nullable var objectId: String?
    @Nullable var citizenId: UUID?
    @Nullable var criteria: String?
    @Nullable var requestId: String?
    @Nullable var channel: String?
    init(_ e: AuditEntry) {
        id = e.id
        occurredAt = e.occurredAt
        userId = e.userID
        unitId = e.unitID
        action = e.action
        objectType = e.objectType
        objectId = e.objectID
        citizenId = e.citizenID
        criteria = e.criteria
        requestId = e.requestID
        channel = e.channel
    }
}

