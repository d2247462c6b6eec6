import Foundation

/// Applies a JSON merge patch (RFC 7396) from a client to a case document, refusing unknown fields
/// and fields the system fills in, each by its JSON pointer, and reporting type errors per field.
public enum CasePatch {
    /// RFC 7396: objects merge key by key, `null` removes, anything else (arrays included) replaces.
    public static func merge(_ target: Any?, _ patch: Any) -> Any {
        guard let patchObject = patch as? [String: Any] else { return patch }
        var result = (target as? [String: Any]) ?? [:]
        for (key, value) in patchObject {
            if value is NSNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = merge(result[key], value)
            }
        }
        return result
    }

    /// Every JSON pointer in `value` that holds a non-null leaf or container.
    static func paths(_ value: Any, prefix: String = "") -> [String] {
        var out: [String] = []
        if let object = value as? [String: Any] {
            for (k, v) in object where !(v is NSNull) {
                let p = "\(prefix)/\(k)"
                out.append(p)
                out += paths(v, prefix: p)
            }
        } else if let array = value as? [Any] {
            for (i, v) in array.enumerated() where !(v is NSNull) {
                let p = "\(prefix)/\(i)"
                out.append(p)
                out += paths(v, prefix: p)
            }
        }
        return out
    }

    /// `/interventions/3/basePrice` → `/interventions/*/basePrice`.
    static func pattern(_ pointer: String) -> String {
        pointer.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? "*" : String($0) }
            .joined(separator: "/")
    }

    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// The document as a JSON object.
    public static func jsonObject(_ doc: CaseDocument) -> [String: Any] {
        let data = try! encoder.encode(doc)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Applies `patch` (a decoded JSON value) to `current`. Throws a validation error listing unknown
    /// fields, system-generated fields and type errors, each by JSON pointer; nothing is applied then.
    public static func apply(_ patch: Any, to current: CaseDocument) throws(DomainError) -> CaseDocument {
        guard let patchObject = patch as? [String: Any] else {
            throw DomainError(.badRequest, code: "body.not-object", title: "Ugyldigt indhold", detail: "Indholdet skal være et JSON-objekt.")
        }
        var errors = FieldErrorCollector()
        // System-generated fields may not be changed. A client that sends back what it read (the same value
        // at the same place) is not refused, nor is a null (both are recomputed anyway).
        let stored = jsonObject(current)
        for p in paths(patchObject) where CaseRules.autoPaths.contains(pattern(p)) {
            if !JSONPointer.same(JSONPointer.resolve(p, in: patchObject), JSONPointer.resolve(p, in: stored)) {
                errors.add(p, "Feltet udfyldes automatisk af systemet og kan ikke ændres.")
            }
        }
        let merged = merge(stored, patchObject)
        let decoded: CaseDocument
        do {
            let data = try JSONSerialization.data(withJSONObject: merged)
            decoded = try JSONDecoder().decode(CaseDocument.self, from: data)
        } catch let error as DecodingError {
            errors.add(pointer(of: error), message(for: error))
            try errors.throwIfAny()
            throw DomainError.validation(errors.errors)
        } catch {
            throw DomainError(.badRequest, code: "body.invalid", title: "Ugyldigt indhold", detail: "Indholdet kunne ikke læses.")
        }
        // Unknown fields: what the patch names but the decoded document does not hold.
        let known = Set(paths(jsonObject(decoded)).map(pattern))
        for p in paths(patchObject) where !known.contains(pattern(p)) && !CaseRules.autoPaths.contains(pattern(p)) {
            // Report only the outermost unknown field.
            let parent = String(p[..<(p.lastIndex(of: "/") ?? p.startIndex)])
            if parent.isEmpty || known.contains(pattern(parent)) {
                errors.add(p, "Ukendt felt.")
            }
        }
        try errors.throwIfAny()
        return decoded
    }

    public static func pointer(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        @unknown default: path = []
        }
        return "/" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }

    public static func message(for error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, _):
            switch type {
            case is String.Type: return "Forkert type: forventede tekst."
            case is Int.Type: return "Forkert type: forventede et helt tal."
            case is Double.Type: return "Forkert type: forventede et tal."
            case is Bool.Type: return "Forkert type: forventede true eller false."
            default: return "Forkert type."
            }
        case .keyNotFound: return "Feltet skal udfyldes."
        case .valueNotFound: return "Feltet må ikke være tomt."
        case .dataCorrupted(let c):
            if c.debugDescription.hasPrefix("Datoen") { return c.debugDescription }
            if c.debugDescription.contains("Cannot initialize") {
                // "Cannot initialize CaseOrigin from invalid String value …": name the allowed values.
                let words = c.debugDescription.split(separator: " ")
                if let i = words.firstIndex(of: "initialize"), i + 1 < words.count, let allowed = CaseValueSets.allowed[String(words[i + 1])] {
                    return "Ugyldig værdi. Tilladte værdier: \(allowed)."
                }
                return "Ugyldig værdi. Se de tilladte værdier i API-beskrivelsen."
            }
            return "Ugyldig værdi."
        @unknown default: return "Ugyldig værdi."
        }
    }
}

extension CasePatch {
    /// `object` (a part of the case resource at `prefix`) without the fields only the system writes,
    /// so that it can be sent back in a patch.
    public static func removingAutoFields(_ value: Any, prefix: String) -> Any {
        if let object = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, v) in object where !CaseRules.autoPaths.contains(pattern("\(prefix)/\(k)")) {
                out[k] = removingAutoFields(v, prefix: "\(prefix)/\(k)")
            }
            return out
        }
        if let array = value as? [Any] {
            return array.enumerated().map { removingAutoFields($0.element, prefix: "\(prefix)/\($0.offset)") }
        }
        return value
    }
}
