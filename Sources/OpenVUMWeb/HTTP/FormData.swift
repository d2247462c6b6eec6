import Foundation
import OpenVUMDomain
import Plot
import Vapor

/// A posted `application/x-www-form-urlencoded` body, with repeated names kept (checkbox groups).
struct FormData {
    var values: [String: [String]] = [:]

    static func parse(_ req: Request) throws -> FormData {
        guard let buffer = req.body.data else { return FormData() }
        if buffer.readableBytes > req.openvum.config.maxBodySize { throw Abort(.payloadTooLarge) }
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        var form = FormData()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            form.values[key, default: []].append(value)
        }
        return form
    }

    /// The trimmed value, nil when empty or absent.
    subscript(_ name: String) -> String? {
        guard let v = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    func all(_ name: String) -> [String] { (values[name] ?? []).filter { !$0.isEmpty } }

    /// The names among those `include` accepts whose field holds more than blanks: what the user typed or chose.
    func filled(_ include: (String) -> Bool) -> Set<String> {
        Set(values.compactMap { key, vs in include(key) && vs.contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ? key : nil })
    }
}

/// Builds a JSON merge patch from form fields: an empty field clears the value (null), so the form
/// always shows and saves the whole section. Numbers and booleans are parsed; a field that cannot be
/// parsed is reported with its own Danish message.
struct PatchBuilder {
    var object: [String: Any] = [:]
    var errors: [FieldError] = []
    let form: FormData

    init(_ form: FormData) { self.form = form }

    mutating func string(_ name: String, _ key: String) { object[key] = form[name] ?? NSNull() }

    mutating func strings(_ name: String, _ key: String) {
        let all = form.all(name)
        object[key] = all.isEmpty ? NSNull() : all
    }

    /// Free-text list, one per line.
    mutating func lines(_ name: String, _ key: String) {
        let lines = (form[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        object[key] = lines.isEmpty ? NSNull() : lines
    }

    mutating func bool(_ name: String, _ key: String) {
        switch form[name] {
        case "true": object[key] = true
        case "false": object[key] = false
        default: object[key] = NSNull()
        }
    }

    mutating func number(_ name: String, _ key: String, pointer: String) {
        guard let raw = form[name] else { object[key] = NSNull(); return }
        if let v = Decimal(typed: raw) { object[key] = v } else {
            errors.append(FieldError(field: pointer, message: "Skriv et tal, fx 2,5."))
        }
    }

    mutating func integer(_ name: String, _ key: String, pointer: String) {
        guard let raw = form[name] else { object[key] = NSNull(); return }
        if let v = Int(raw) { object[key] = v } else { errors.append(FieldError(field: pointer, message: "Skriv et helt tal.")) }
    }

    /// An amount in kroner (decimals with comma or point) stored as øre.
    mutating func kroner(_ name: String, _ key: String, pointer: String) {
        guard let raw = form[name] else { object[key] = NSNull(); return }
        if let v = Kroner.øre(typed: raw) { object[key] = v } else {
            errors.append(FieldError(field: pointer, message: "Skriv et beløb i kroner, fx 450,00."))
        }
    }
}
