import Foundation

/// The API's OpenAPI 3.1 document, kept as one file per capability under `Resources/openapi/` (`openvum.json`
/// holds what they share: info, security, parameters, responses, problem schemas) and served joined at
/// `/openapi.json`. A new capability adds its file here and to `capabilities`.
enum OpenAPIDocument {
    static let capabilities = ["organisation", "citizens", "cases", "audit", "providers", "orders", "economy", "national"]

    struct Conflict: Error, CustomStringConvertible {
        var description: String
    }

    /// The joined document: every capability's `paths` and `components` added to the shared file's. A path or
    /// component defined twice is an error (each belongs to one capability).
    static func joined() throws -> Data {
        func load(_ name: String) throws -> [String: Any] {
            let data = Operations.resource(name, "json", in: "Resources/openapi")
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        var document = try load("openvum")
        var paths = document["paths"] as? [String: Any] ?? [:]
        var components = document["components"] as? [String: Any] ?? [:]
        for capability in capabilities {
            let part = try load(capability)
            for (path, item) in part["paths"] as? [String: Any] ?? [:] {
                guard paths[path] == nil else { throw Conflict(description: "\(capability): path \(path) is defined twice") }
                paths[path] = item
            }
            for (section, entries) in part["components"] as? [String: Any] ?? [:] {
                var merged = components[section] as? [String: Any] ?? [:]
                for (name, value) in entries as? [String: Any] ?? [:] {
                    guard merged[name] == nil else { throw Conflict(description: "\(capability): components.\(section).\(name) is defined twice") }
                    merged[name] = value
                }
                components[section] = merged
            }
        }
        document["paths"] = paths
        document["components"] = components
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
