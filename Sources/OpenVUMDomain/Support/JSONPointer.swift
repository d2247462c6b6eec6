import Foundation

/// RFC 6901 JSON pointers over `JSONSerialization` values.
public enum JSONPointer {
    public static func resolve(_ pointer: String, in value: Any) -> Any? {
        guard pointer.hasPrefix("/") else { return pointer.isEmpty ? value : nil }
        var current: Any = value
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[token] {
                current = next
            } else if let array = current as? [Any], let index = Int(token), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current is NSNull ? nil : current
    }

    /// Whether two `JSONSerialization` values are the same JSON: strings and booleans by value, numbers by
    /// value (1 and 1.0 alike), arrays element by element, objects key by key; nil and `null` alike.
    public static func same(_ a: Any?, _ b: Any?) -> Bool {
        let a = a is NSNull ? nil : a, b = b is NSNull ? nil : b
        switch (a, b) {
        case (nil, nil):
            return true
        case (let x as [String: Any], let y as [String: Any]):
            let keys = Set(x.keys).union(y.keys)
            return keys.allSatisfy { same(x[$0], y[$0]) }
        case (let x as [Any], let y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (let x as String, let y as String):
            return x == y
        case (let x as NSNumber, let y as NSNumber):
            return x.doubleValue == y.doubleValue
        case (let x as Bool, let y as Bool):
            return x == y
        case (let x as Double, let y as Double):
            return x == y
        default:
            return false
        }
    }
}
