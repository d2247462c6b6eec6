import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

struct CitizenDTO: Encodable, Sendable {
    var id: UUID
    var cpr: String
    var givenName: String
    var familyName: String
    var birthDate: String
    var responsibleUnitId: UUID
    @Nullable var createdAt: Date?
    @Nullable var updatedAt: Date?
    var version: Int

    init(_ c: CitizenRecord) {
        id = c.id
        cpr = (try? CPRNumber(c.cpr).formatted) ?? c.cpr
        givenName = c.givenName
        familyName = c.familyName
        let b = (try? CPRNumber(c.cpr))?.birthDate
        birthDate = b.map { String(format: "%04d-%02d-%02d", $0.year ?? 0, $0.month ?? 0, $0.day ?? 0) } ?? ""
        responsibleUnitId = c.responsibleUnitID
        createdAt = c.createdAt
        updatedAt = c.updatedAt
        version = c.version
    }
}

struct CitizenCreateRequest: StrictBody {
    var cpr: String?
    var givenName: String?
    var familyName: String?
    var responsibleUnitId: UUID?
    static let fields: Set<String> = ["cpr", "givenName", "familyName", "responsibleUnitId"]
}

struct CitizenPatchRequest: StrictBody {
    var givenName: String?
    var familyName: String?
    var responsibleUnitId: UUID?
    static let fields: Set<String> = ["givenName", "familyName", "responsibleUnitId"]
}

struct CitizenSearchRequest: StrictBody {
    var cpr: String?
    static let fields: Set<String> = ["cpr"]
}
