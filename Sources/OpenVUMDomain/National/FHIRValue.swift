import Foundation

/// A FHIR resource or element as JSON (issue 16 item 4). The FFB report is built as this tree and checked as this
/// tree: the profile's rules are about which elements are present, so a generic tree says it more plainly than one
/// Swift type per resource. Written with sorted keys, so the same report is the same text.
public indirect enum FHIRValue: Sendable, Hashable, Codable {
    case object([String: FHIRValue])
    case array([FHIRValue])
    case string(String)
    case int(Int)
    case bool(Bool)

    public subscript(key: String) -> FHIRValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var object: [String: FHIRValue]? { if case .object(let o) = self { return o }; return nil }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var int: Int? { if case .int(let i) = self { return i }; return nil }
    /// The elements of an array; a single value as one element; nothing as none (FHIR's 0..* reading).
    public var items: [FHIRValue] {
        switch self {
        case .array(let a): return a
        default: return [self]
        }
    }

    /// The value at a dotted path, through arrays (`"code.coding"` gives every coding of `code`).
    public func all(_ path: String) -> [FHIRValue] {
        var current: [FHIRValue] = items
        for part in path.split(separator: ".") {
            current = current.flatMap { $0[String(part)]?.items ?? [] }
        }
        return current
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([FHIRValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: FHIRValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .object(let o): try c.encode(o)
        case .array(let a): try c.encode(a)
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        }
    }

    /// The value as JSON text, keys sorted.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(self), as: UTF8.self)
    }

    public static func parse(_ text: String) throws -> FHIRValue { try JSONDecoder().decode(FHIRValue.self, from: Data(text.utf8)) }
}

extension FHIRValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
                     ExpressibleByBooleanLiteral {
    public init(dictionaryLiteral elements: (String, FHIRValue)...) { self = .object(Dictionary(uniqueKeysWithValues: elements)) }
    public init(arrayLiteral elements: FHIRValue...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// Name-based ids: the same name gives the same UUID in every report, so a resource reported again is an update
/// (the FFB guide: "the same id in a later report is an update"). The names hold the ids of the municipality's own
/// objects (random UUIDs), so ids of different municipalities never meet. A version-8 UUID (RFC 9562) over the
/// 128-bit FNV-1a hash of the name.
public enum StableID {
    public static func uuid(_ name: String) -> UUID {
        var hash: UInt128 = 0x6c62272e07bb014262b821756295c58d
        let prime: UInt128 = 0x0000000001000000000000000000013B
        for byte in "openvum:\(name)".utf8 {
            hash ^= UInt128(byte)
            hash = hash &* prime
        }
        var bytes = (0..<16).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt128(15 - $0))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x80   // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80   // variant 10
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The lowercase text of `uuid(name)`, as FHIR resource ids are written.
    public static func id(_ name: String) -> String { uuid(name).uuidString.lowercased() }
}
