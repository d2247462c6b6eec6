import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

struct AuditEntryDTO: Encodable, Sendable {
    var id: UUID
    var occurredAt: Date
    var userId: UUID?
    var unitId: UUID?
    var action: String
    var objectType: String?
    var objectId: String?
    var citizenId: UUID?
    var criteria: String?
    var requestId: String?
    var channel: String?
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

// MARK: - Controllers
