import Foundation
import OpenVUMDomain
import Plot
import Vapor

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
        // DKFDS: the message at its field, with a hidden "Fejl:" for screen readers.
        .unwrap(error) { .p(.attr("id", "\(id)-fejl"), .class("error form-error-message"), .span(.class("sr-only"), .txt("Fejl: ")), .txt($0)) }
    }

    static func describedBy(_ id: String, error: String?, hint: String?) -> String? {
        let ids = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-fejl" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    /// `form`: the id of the form the control belongs to when it stands outside it (HTML's `form` attribute).
    static func select(_ name: String, _ label: String, options: [(String, String)], selected: String?, error: String? = nil, hint: String? = nil, allowEmpty: Bool = true,
                       emptyLabel: String = "– Ikke angivet –", form: String? = nil) -> Node<HTML.BodyContext> {
        let i = id(name)
        return .div(
            .attr("class", error == nil ? "field form-group" : "field has-error form-group form-error"),
            .label(.attr("for", i), .class("form-label"), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(i)-hint"), .class("hint form-hint"), .txt($0)) },
            errorNode(error, i),
            .select(
                .attr("id", i), .attr("name", name), .class("form-select"), .attr("form", form),
                .attr("aria-describedby", describedBy(i, error: error, hint: hint)),
                .if(allowEmpty, Controls.option(value: "", label: emptyLabel, selected: selected == nil)),
                .forEach(options) { Controls.option(value: $0.0, label: $0.1, selected: selected == $0.0) }
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

    static func input(_ name: String, _ label: String, type: String = "text", value: String?, error: String? = nil, hint: String? = nil, step: String? = nil,
                      form: String? = nil) -> Node<HTML.BodyContext> {
        let i = id(name)
        return .div(
            .attr("class", error == nil ? "field form-group" : "field has-error form-group form-error"),
            .label(.attr("for", i), .class("form-label"), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(i)-hint"), .class("hint form-hint"), .txt($0)) },
            errorNode(error, i),
            .element(named: "input", nodes: [
                .attr("id", i), .attr("name", name), .attr("type", type), .attr("class", "form-input"),
                .attr("value", value), .attr("step", step), .attr("form", form),
                .attr("aria-describedby", describedBy(i, error: error, hint: hint)),
                .attr("aria-invalid", error == nil ? nil : "true"),
            ])
        )
    }

    static func textarea(_ name: String, _ label: String, value: String?, error: String? = nil, hint: String? = nil) -> Node<HTML.BodyContext> {
        let i = id(name)
        return .div(
            .attr("class", error == nil ? "field form-group" : "field has-error form-group form-error"),
            .label(.attr("for", i), .class("form-label"), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(i)-hint"), .class("hint form-hint"), .txt($0)) },
            errorNode(error, i),
            .element(named: "textarea", nodes: [
                .attr("id", i), .attr("name", name), .attr("rows", "4"), .attr("class", "form-input"),
                .attr("aria-describedby", describedBy(i, error: error, hint: hint)),
                .txt(value ?? ""),
            ])
        )
    }

    /// `idPrefix`: the controls' ids when several forms of one page have the same field (else from the name).
    static func checkboxes(_ name: String, _ legend: String, options: [(String, String)], selected: Set<String>, error: String? = nil,
                           idPrefix: String? = nil) -> Node<HTML.BodyContext> {
        let base = idPrefix ?? id(name)
        return .element(named: "fieldset", nodes: [
            .attr("class", error == nil ? "field checkboxes form-group" : "field checkboxes has-error form-group form-error"),
            .element(named: "legend", nodes: [.class("form-label"), .txt(legend)]),
            errorNode(error, base),
            .forEach(Array(options.enumerated())) { (n, option) in
                let i = "\(base)-\(n)"
                return .div(
                    .class("checkbox form-group-checkbox"),
                    .element(named: "input", nodes: [
                        .attr("id", i), .attr("name", name), .attr("type", "checkbox"), .attr("class", "form-checkbox"),
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

    static func csrf(_ ctx: PageContext) -> Node<HTML.BodyContext> { hidden(CSRF.fieldName, ctx.csrfToken()) }

    static func submit(_ label: String) -> Node<HTML.BodyContext> {
        .element(named: "button", nodes: [.attr("type", "submit"), .class("primary button button-primary"), .txt(label)])
    }

    /// A submit button of lesser weight, sending `name=value` (one of a form's several actions).
    static func secondarySubmit(_ label: String, name: String? = nil, value: String? = nil) -> Node<HTML.BodyContext> {
        .element(named: "button", nodes: [.attr("type", "submit"), .class("secondary button button-secondary"),
                                          .unwrap(name) { .attr("name", $0) }, .unwrap(value) { .attr("value", $0) }, .txt(label)])
    }

    /// An amount in øre as Danish kroner: thousands separated by points, two decimals after a comma
    /// (3510000 → "35.100,00"); integer arithmetic, never floating point.
    static func kroner(_ øre: Int?) -> String? {
        øre.map(Kroner.danish)
    }

    static func number(_ v: Decimal?) -> String? {
        v?.danish
    }

    /// A whole form in the body context (Plot's `.form` wants form-context children).
    static func form(action: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [.attr("action", action), .attr("method", "post"), .class("stack wide")] + nodes)
    }

    // MARK: Form parts for pages outside the case forms (login, users, citizens)

    /// A labelled text input with an optional error message tied to it by `aria-describedby`.
    /// `name`: the form field's name when it is not the id (several forms of one page with the same fields).
    static func field(
        id: String, name: String? = nil, label: String, type: HTMLInputType = .text, value: String? = nil, required: Bool = false,
        autocomplete: String? = nil, error: String? = nil, hint: String? = nil
    ) -> Node<HTML.FormContext> {
        let describedBy = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-fejl" }].compactMap { $0 }.joined(separator: " ")
        return .div(
            .attr("class", error == nil ? "field form-group" : "field has-error form-group form-error"),
            .label(.attr("for", id), .class("form-label"), .txt(label)),
            .unwrap(hint) { .p(.attr("id", "\(id)-hint"), .class("hint form-hint"), .txt($0)) },
            // DKFDS: the message at its field, with a hidden "Fejl:" for screen readers.
        .unwrap(error) { .p(.attr("id", "\(id)-fejl"), .class("error form-error-message"), .span(.class("sr-only"), .txt("Fejl: ")), .txt($0)) },
            .input(
                .attr("id", id), .attr("name", name ?? id), .type(type), .class("form-input"),
                value.map { Attribute<HTML.InputContext>.attr("value", $0) } ?? .empty,
                .required(required),
                .attr("autocomplete", autocomplete),
                .attr("aria-describedby", describedBy.isEmpty ? nil : describedBy),
                .attr("aria-invalid", error == nil ? nil : "true")
            )
        )
    }

    /// An `<option>` with visible text (Plot's own `option` is self-closing and shows only a label attribute).
    static func option(value: String, label: String, selected: Bool) -> Node<HTML.SelectContext> {
        // Plot drops empty attributes; an empty option needs value="" or the browser submits its label.
        .element(named: "option", nodes: [
            .attr("value", value, keepEmpty: true),
            selected ? .attr("selected", "selected") : .empty,
            .txt(label),
        ])
    }

    static func csrfField(_ ctx: PageContext) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .attr("name", CSRF.fieldName), .attr("value", ctx.csrfToken()))
    }

    /// A summary of validation errors at the top of a form, focusable for screen readers.
    static func errorSummary(_ errors: [FieldError]) -> Node<HTML.BodyContext> {
        // DKFDS's error summary (fejlopsummering), above the page's heading.
        .if(!errors.isEmpty, .div(
            .class("error-summary alert alert-error"), .attr("role", "alert"),
            .div(.class("alert-body"),
                 .h2(.class("alert-heading"), .txt("Der er problemer med formularen")),
                 .ul(.class("alert-text nobullet-list"), .forEach(errors) { e in .li(.a(.class("function-link"), .attr("href", "#\(e.field)"), .txt(e.message))) }))
        ))
    }

    /// A table's header row: one column header (`scope="col"`) per title.
    static func tableHead(_ titles: String...) -> Node<HTML.TableContext> {
        .thead(.tr(.forEach(titles) { .th(.attr("scope", "col"), .txt($0)) }))
    }
}
