import Foundation
import OpenVUMDomain
@testable import OpenVUMWeb
import Plot
import OpenVUMTestSupport
import Testing
import VaporTesting

/// Finding 2 (stored HTML injection in attribute values): every control and the layout, rendered with
/// hostile values, produce exactly the escaped markup; and no web source writes text or an attribute
/// value with Plot's own (unescaping) API.
@Suite("HTML escaping")
struct HTMLEscapingTests {
    static let script = #""><script>alert(1)</script>"#
    static let scriptEscaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    static let meta = #"'"><meta http-equiv="refresh" content="0;url=https://evil.example">&amp;"#
    static let metaEscaped = "&#39;&quot;&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://evil.example&quot;&gt;&amp;amp;"

    @Test("the one escaping function")
    func escape() {
        #expect(HTMLEscape.escape(Self.script) == Self.scriptEscaped)
        #expect(HTMLEscape.escape(Self.meta) == Self.metaEscaped)
        #expect(HTMLEscape.escape("Ærø & Søn <3 'x'") == "Ærø &amp; Søn &lt;3 &#39;x&#39;")
        #expect(HTMLEscape.escape("plain text, no markup") == "plain text, no markup")
    }

    @Test("every form control renders hostile labels, values, options and errors as text")
    func controls() {
        let s = Self.script, e = Self.scriptEscaped, m = Self.meta, me = Self.metaEscaped
        let cases: [(Node<HTML.BodyContext>, String)] = [
            (Controls.input("x.y", s, value: m, error: s, hint: m),
             #"<div class="field has-error form-group form-error"><label for="x-y" class="form-label">\#(e)</label><p id="x-y-hint" class="hint form-hint">\#(me)</p><p id="x-y-fejl" class="error form-error-message"><span class="sr-only">Fejl: </span>\#(e)</p><input id="x-y" name="x.y" type="text" class="form-input" value="\#(me)" aria-describedby="x-y-hint x-y-fejl" aria-invalid="true"></input></div>"#),
            (Controls.textarea("t", m, value: s),
             #"<div class="field form-group"><label for="t" class="form-label">\#(me)</label><textarea id="t" name="t" rows="4" class="form-input">\#(e)</textarea></div>"#),
            (Controls.select("s", s, options: [(m, s)], selected: m),
             #"<div class="field form-group"><label for="s" class="form-label">\#(e)</label><select id="s" name="s" class="form-select"><option value>– Ikke angivet –</option><option value="\#(me)" selected="selected">\#(e)</option></select></div>"#),
            (Controls.checkboxes("c", m, options: [(s, m)], selected: [s]),
             #"<fieldset class="field checkboxes form-group"><legend class="form-label">\#(me)</legend><div class="checkbox form-group-checkbox"><input id="c-0" name="c" type="checkbox" class="form-checkbox" value="\#(e)" checked="checked"></input><label for="c-0">\#(me)</label></div></fieldset>"#),
            (Controls.hidden("h", s), #"<input type="hidden" name="h" value="\#(e)"></input>"#),
            (Controls.submit(m), #"<button type="submit" class="primary button button-primary">\#(me)</button>"#),
            (Controls.form(action: "/sager/\(m)", Controls.hidden("v", "1")),
             #"<form action="/sager/\#(me)" method="post" class="stack wide"><input type="hidden" name="v" value="1"></input></form>"#),
            (Controls.errorSummary([FieldError(field: s, message: m)]),
             ##"<div class="error-summary alert alert-error" role="alert"><div class="alert-body"><h2 class="alert-heading">Der er problemer med formularen</h2><ul class="alert-text nobullet-list"><li><a class="function-link" href="#\##(e)">\##(me)</a></li></ul></div></div>"##),
        ]
        for (node, expected) in cases {
            #expect(node.render() == expected)
        }
        let field: Node<HTML.FormContext> = Controls.field(id: "f", label: s, value: m, error: s)
        #expect(field.render() == #"<div class="field has-error form-group form-error"><label for="f" class="form-label">\#(e)</label><p id="f-fejl" class="error form-error-message"><span class="sr-only">Fejl: </span>\#(e)</p><input id="f" name="f" type="text" class="form-input" value="\#(me)" aria-describedby="f-fejl" aria-invalid="true"/></div>"#)
        let option: Node<HTML.SelectContext> = Controls.option(value: s, label: m, selected: false)
        #expect(option.render() == #"<option value="\#(e)">\#(me)</option>"#)
    }

    @Test("the layout: a hostile page title and user name stay text in <title>, <h1> and the header; nothing lands in <meta>")
    func layout() async throws {
        do {
            let principal = Principal(userID: UUID(), municipalityID: UUID(), username: "x", displayName: Self.meta, role: .caseworker, unitIDs: [], citizenID: nil)
            let html = WebPage(title: Self.script, .p(.txt(Self.meta))).html(PageContext(principal: principal, csrfToken: { "token" }, now: Date()))
            #expect(html.contains("<title>\(Self.scriptEscaped) – OpenVUM</title>"))
            #expect(html.contains("<h1>\(Self.scriptEscaped)</h1>"))
            #expect(html.contains("<span class=\"user-name\">\(Self.metaEscaped) (Sagsbehandler)</span>"))
            #expect(html.contains("<p>\(Self.metaEscaped)</p>"))
            #expect(!html.contains("<script"))
            #expect(!html.contains("<meta http-equiv"))
            #expect(!html.contains("og:title") && !html.contains("twitter:title"))
        }
    }

    @Test("no web source writes text or an attribute value with Plot's own API (it does not escape attribute values)")
    func sourcesUseTheEscapingHelpers() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/OpenVUMWeb").standardized
        // Every Swift file under Sources/OpenVUMWeb, in capability folders too.
        let files = try #require(FileManager.default.subpaths(atPath: dir.path)).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count > 40)
        // A leading-dot call, not a method of some value (`m.value(…)`).
        let modifier = try NSRegularExpression(pattern: #"(?<![\w)\]"])\.(href|value|id|class|for|action|name|content|title|src|alt|placeholder|label|attribute)\("#)
        let plainArgument = try Regex(#"^\("[^"\\]*"\)|^\(\.[A-Za-z]+\)|^\(\.[A-Za-z]+\(.*"#)
        var offences: [String] = []
        for file in files where !file.hasSuffix("/HTMLSafety.swift") {
            let lines = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() {
                let code = line.hasPrefix("//") || line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : String(line)
                if code.contains(".text(") && !code.contains("\\.text(") { offences.append("\(file):\(n + 1): Plot's .text(…) — use .txt(…)") }
                if code.contains(", text: ") && code.contains(".element(named:") { offences.append("\(file):\(n + 1): element(named:text:) — use txt:") }
                if code.range(of: #"(^|[\s(,\[])\.raw\("#, options: .regularExpression) != nil { offences.append("\(file):\(n + 1): .raw(…)") }
                for match in modifier.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
                    guard let range = Range(match.range, in: code) else { continue }
                    let name = code[range].dropFirst().dropLast()
                    let rest = code[range.upperBound...]
                    if name == "label" && rest.hasPrefix(".attr(") { continue } // .label(.attr("for", …)) is the element
                    if name == "label" || name == "title" {
                        // The elements <label> and <title> take nodes; Plot's .title(…) also writes <meta> attributes.
                        if name == "title" { offences.append("\(file):\(n + 1): .title(…) — use .element(named: \"title\", txt:)") }
                        continue
                    }
                    let call = "(" + rest
                    if call.firstMatch(of: plainArgument) == nil { offences.append("\(file):\(n + 1): .\(name)(…) with data — use .attr(\"\(name)\", …)") }
                }
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }
}
