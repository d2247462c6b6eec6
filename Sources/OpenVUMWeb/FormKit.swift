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
        if let v = Double(raw.replacingOccurrences(of: ",", with: ".")) { object[key] = v } else {
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
        let cleaned = raw.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")
        if let v = Double(raw.contains(",") ? cleaned : raw), v.isFinite { object[key] = Int((v * 100).rounded()) } else {
            errors.append(FieldError(field: pointer, message: "Skriv et beløb i kroner, fx 450,00."))
        }
    }
}

/// Form controls for the case pages. Every control has a label; errors are tied to it by
/// `aria-describedby`. Field names are JSON pointers with dots (`opening.citizenAgrees`), ids the same
/// with dashes, so a problem's pointer finds its field.
enum Controls {
    static func id(_ name: String) -> String { name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "/", with: "-") }

    /// The form field name for a JSON pointer (`/opening/origin` → `opening.origin`).
    static func name(forPointer pointer: String) -> String {
        pointer.split(separator: "/").joined(separator: ".")
    }

    static func errorNode(_ error: String?, _ id: String) -> Node<HTML.BodyContext> {
        .unwrap(error) { .p(.attr("id", "\(id)-fejl"), .class("error"), .txt($0)) }
    }

    static func describedBy(_ id: String, error: String?, hint: String?) -> String? {
        let ids = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-fejl" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    static func select(_ name: String, _ label: String, options: [(String, String)], selected: String?, error: String? = nil, hint: String? = nil, allowEmpty: Bool = true) -> Node<HTML.BodyContext> {
        let i = id(name)
        return .div(
            .attr("class", error == nil ? "field" : "field has-error"),
            .label(.attr("for", i), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(i)-hint"), .class("hint"), .txt($0)) },
            errorNode(error, i),
            .select(
                .attr("id", i), .attr("name", name),
                .attr("aria-describedby", describedBy(i, error: error, hint: hint)),
                .if(allowEmpty, Layout.option(value: "", label: "– Ikke angivet –", selected: selected == nil)),
                .forEach(options) { Layout.option(value: $0.0, label: $0.1, selected: selected == $0.0) }
            )
        )
    }

    static func enumSelect<E: DanishLabelled>(_ name: String, _ label: String, _ type: E.Type, selected: E?, error: String? = nil, hint: String? = nil) -> Node<HTML.BodyContext> {
        select(name, label, options: E.allCases.map { ($0.rawValue, $0.danishName) }, selected: selected?.rawValue, error: error, hint: hint)
    }

    static func triState(_ name: String, _ label: String, selected: TriState?, error: String? = nil) -> Node<HTML.BodyContext> {
        enumSelect(name, label, TriState.self, selected: selected, error: error)
    }

    static func yesNo(_ name: String, _ label: String, selected: Bool?, error: String? = nil) -> Node<HTML.BodyContext> {
        select(name, label, options: [("true", "Ja"), ("false", "Nej")], selected: selected.map { $0 ? "true" : "false" }, error: error)
    }

    static func input(_ name: String, _ label: String, type: String = "text", value: String?, error: String? = nil, hint: String? = nil, step: String? = nil) -> Node<HTML.BodyContext> {
        let i = id(name)
        return .div(
            .attr("class", error == nil ? "field" : "field has-error"),
            .label(.attr("for", i), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(i)-hint"), .class("hint"), .txt($0)) },
            errorNode(error, i),
            .element(named: "input", nodes: [
                .attr("id", i), .attr("name", name), .attr("type", type),
                .attr("value", value), .attr("step", step),
                .attr("aria-describedby", describedBy(i, error: error, hint: hint)),
                .attr("aria-invalid", error == nil ? nil : "true"),
            ])
        )
    }

    static func textarea(_ name: String, _ label: String, value: String?, error: String? = nil, hint: String? = nil) -> Node<HTML.BodyContext> {
        let i = id(name)
        return .div(
            .attr("class", error == nil ? "field" : "field has-error"),
            .label(.attr("for", i), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(i)-hint"), .class("hint"), .txt($0)) },
            errorNode(error, i),
            .element(named: "textarea", nodes: [
                .attr("id", i), .attr("name", name), .attr("rows", "4"),
                .attr("aria-describedby", describedBy(i, error: error, hint: hint)),
                .txt(value ?? ""),
            ])
        )
    }

    static func checkboxes(_ name: String, _ legend: String, options: [(String, String)], selected: Set<String>, error: String? = nil) -> Node<HTML.BodyContext> {
        .element(named: "fieldset", nodes: [
            .attr("class", error == nil ? "field checkboxes" : "field checkboxes has-error"),
            .element(named: "legend", txt: legend),
            errorNode(error, id(name)),
            .forEach(Array(options.enumerated())) { (n, option) in
                let i = "\(id(name))-\(n)"
                return .div(
                    .class("checkbox"),
                    .element(named: "input", nodes: [
                        .attr("id", i), .attr("name", name), .attr("type", "checkbox"),
                        .attr("value", option.0),
                        selected.contains(option.0) ? .attr("checked", "checked") : .empty,
                    ]),
                    .label(.attr("for", i), .txt(option.1))
                )
            },
        ])
    }

    static func hidden(_ name: String, _ value: String) -> Node<HTML.BodyContext> {
        .element(named: "input", nodes: [.attr("type", "hidden"), .attr("name", name), .attr("value", value)])
    }

    static func csrf(_ req: Request) -> Node<HTML.BodyContext> { hidden(CSRF.fieldName, CSRF.token(for: req)) }

    static func submit(_ label: String) -> Node<HTML.BodyContext> {
        .element(named: "button", nodes: [.attr("type", "submit"), .class("primary"), .txt(label)])
    }

    static func kroner(_ øre: Int?) -> String? {
        guard let øre else { return nil }
        return String(format: "%.2f", Double(øre) / 100).replacingOccurrences(of: ".", with: ",")
    }

    static func number(_ v: Double?) -> String? {
        guard let v else { return nil }
        return v == v.rounded() ? String(Int(v)) : String(v).replacingOccurrences(of: ".", with: ",")
    }

    /// A whole form in the body context (Plot's `.form` wants form-context children).
    static func form(action: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [.attr("action", action), .attr("method", "post"), .class("stack wide")] + nodes)
    }
}
