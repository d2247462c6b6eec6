import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// JSON responses for the API: one encoder (ISO 8601 dates), `ETag` for versioned resources.
enum APIResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok, version: Int? = nil) throws -> Response {
        let response = Response(status: status)
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if let version { response.headers.replaceOrAdd(name: .eTag, value: ETag.make(version)) }
        response.body = .init(data: try encoder.encode(value))
        return response
    }

    /// A JSON body built elsewhere (by the database, for lists: `CaseStore.listJSON`).
    static func json(text: String) -> Response { json(body: .init(string: text)) }

    /// A moment as an HTTP date (`Last-Modified`), RFC 9110 section 5.6.7.
    static func httpDate(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) GMT",
                                                locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
    }

    /// A JSON body encoded earlier (kept figures).
    static func json(data: Data) -> Response { json(body: .init(data: data)) }

    private static func json(body: Response.Body) -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.body = body
        return response
    }
}

/// Optimistic concurrency: a resource's ETag is its version number, quoted.
enum ETag {
    static func make(_ version: Int) -> String { "\"\(version)\"" }

    /// The version the client expects, from `If-Match`; 428 if missing, 412 if it names no version.
    static func expectedVersion(_ req: Request) throws -> Int {
        guard let raw = req.headers.first(name: .ifMatch) else { throw DomainError.versionRequired }
        var tag = raw.trimmingCharacters(in: .whitespaces)
        if tag.hasPrefix("W/") { tag.removeFirst(2) }
        tag = tag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(tag) else { throw DomainError.staleVersion }
        return version
    }
}

/// Query parameters of keyset-paginated lists: `limit` (1–500, default 50) and `after` (a cursor).
struct ListQuery {
    var limit: Int
    var after: String?

    static func from(_ req: Request, defaultLimit: Int = 50) throws -> ListQuery {
        var errors = FieldErrorCollector()
        var limit = defaultLimit
        if let raw = req.query[String.self, at: "limit"] {
            if let n = Int(raw), (1...500).contains(n) { limit = n } else { errors.add("limit", "limit skal være et helt tal fra 1 til 500.") }
        }
        try errors.throwIfAny()
        let after = req.query[String.self, at: "after"].flatMap { $0.isEmpty ? nil : $0 }
        return ListQuery(limit: limit, after: after)
    }
}

struct ListResponse<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor) // explicit null on the last page
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }
}

extension Request {
    /// A UUID path parameter; a malformed id is answered like a missing resource (404).
    func uuidParameter(_ name: String, what: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw DomainError.notFound(what) }
        return id
    }

    /// An optional id in the query (`?caseId=…`); not an id: a Danish 422 at the parameter.
    /// A calendar date (`YYYY-MM-DD`) from the query, or a Danish 400-style validation problem.
    func dateQuery(_ name: String, what: String) throws -> CalendarDate? {
        try query.get(String?.self, at: name).map { raw in
            guard let date = CalendarDate(raw) else { throw DomainError.validation([FieldError(field: name, message: "\(what) skal være en dato som ÅÅÅÅ-MM-DD.")]) }
            guard (1900...2200).contains(date.year) else { throw DomainError.validation([FieldError(field: name, message: "\(what) skal ligge mellem år 1900 og 2200.")]) }
            return date
        }
    }

    func uuidQuery(_ name: String, what: String) throws -> UUID? {
        try query.get(String?.self, at: name).map { raw in
            guard let id = UUID(uuidString: raw) else { throw DomainError.validation([FieldError(field: name, message: "\(what) skal være et UUID.")]) }
            return id
        }
    }
}

/// An optional field of an API representation, written as `null` when it has no value: the API's one null
/// policy (every field of an answer is always there). The case document does the same with
/// `CodingUserInfoKey.explicitNulls`; a contract test holds every DTO's keys equal to its schema's properties.
@propertyWrapper
struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}
