import Plot

/// The one escaping function for everything written into HTML. Plot escapes text only partly (it leaves
/// entity references such as `&amp;` as they are) and attribute values not at all, so every text node and
/// every attribute value goes through `HTMLEscape.escape`: `.txt(…)` for text, `.attr(name, value)` for
/// attributes. A test scans the web sources and fails on Plot's own `.text(…)`, `.attribute(named:…)` or a
/// value-taking attribute modifier (`.href(x)`, `.value(x)`, …) called with anything but a plain string literal.
enum HTMLEscape {
    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in a quoted attribute value.
    static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Node {
    /// Text, escaped.
    static func txt(_ text: String) -> Node { .raw(HTMLEscape.escape(text)) }

    /// An element holding escaped text.
    static func element(named name: String, txt text: String) -> Node { .element(named: name, nodes: [Node.txt(text)]) }

    /// An attribute; its value escaped. Left out when the value is nil or empty, unless `keepEmpty`.
    static func attr(_ name: String, _ value: String?, keepEmpty: Bool = false) -> Node {
        .attribute(Attribute(name: name, value: value.map(HTMLEscape.escape), ignoreIfValueIsEmpty: !keepEmpty))
    }
}

extension Attribute {
    /// An attribute for Plot's attribute-only elements (`input`, `link`, `meta`); its value escaped.
    static func attr(_ name: String, _ value: String?) -> Attribute {
        Attribute(name: name, value: value.map(HTMLEscape.escape))
    }
}
