import Foundation
import OpenVUMDomain

/// One page of a keyset-paginated list. `nextCursor` is nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// An opaque keyset cursor: base64url of the JSON of the last row's sort key.
public enum Cursor {
    /// Keys sorted, so that the same position always gives the same cursor.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    public static func encode<T: Encodable>(_ key: T) -> String {
        let data = (try? encoder.encode(key)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor, or throws a Danish validation error on the `after` parameter.
    public static func decode<T: Decodable>(_ text: String, as type: T.Type) throws(DomainError) -> T {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard text.count <= 1024, let data = Data(base64Encoded: b64), let key = try? JSONDecoder().decode(T.self, from: data) else {
            throw DomainError.validation([FieldError(field: "after", message: "Markøren er ugyldig. Brug værdien nextCursor fra det forrige svar.")])
        }
        return key
    }
}
