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
}
