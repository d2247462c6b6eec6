import Foundation
import Plot

/// Simple, accessible SVG charts without JavaScript (issue 14 item 6): a horizontal bar per row, one bar per series
/// side by side, or the series stacked in one bar. The SVG is an image with a title and a description; the numbers are
/// always in the table the page shows beside it (`dataTable` names it), never only in the drawing.
enum Charts {
    /// The series' fills, distinguishable by more than hue (each legend entry names its series) and at least 3:1
    /// against white.
    static let fills = ["#0b4f8a", "#b35900", "#5a5a5a"]

    struct Row {
        var label: String
        var values: [Int]
    }

    /// `labelWidth`: room for the rows' labels; a longer label is cut with »…« (the table has it whole).
    static func bars(id: String, title: String, summary: String, series: [String], rows: [Row], stacked: Bool = false, dataTable: String,
                     labelWidth: Int = 150) -> Node<HTML.BodyContext> {
        let width = 490 + labelWidth, barHeight = stacked ? 18 : 12, gap = 8, legend = 28
        let rowHeight = stacked ? barHeight + gap : barHeight * series.count + gap
        let height = legend + rows.count * rowHeight + 4
        let largest = max(1, rows.map { stacked ? $0.values.filter { $0 > 0 }.reduce(0, +) : ($0.values.max() ?? 0) }.max() ?? 1)
        let plot = width - labelWidth - 10
        func scaled(_ v: Int) -> Int { max(0, v) * plot / largest }
        var shapes: [Node<HTML.BodyContext>] = []
        for (i, name) in series.enumerated() {
            let x = labelWidth + i * 150
            shapes.append(.element(named: "rect", nodes: [.attr("x", "\(x)"), .attr("y", "6"), .attr("width", "12"), .attr("height", "12"), .attr("fill", fills[i % fills.count])]))
            shapes.append(.element(named: "text", nodes: [.attr("x", "\(x + 16)"), .attr("y", "17"), .attr("class", "chart-legend"), .txt(name)]))
        }
        for (r, row) in rows.enumerated() {
            let y = legend + r * rowHeight
            shapes.append(.element(named: "text", nodes: [.attr("x", "\(labelWidth - 6)"), .attr("y", "\(y + (rowHeight - gap) / 2 + 4)"),
                                                          .attr("text-anchor", "end"), .attr("class", "chart-label"), .txt(label(row.label, fits: labelWidth))]))
            var offset = labelWidth
            for (s, v) in row.values.enumerated() {
                let w = scaled(v)
                let (x, by) = stacked ? (offset, y) : (labelWidth, y + s * barHeight)
                if stacked { offset += w }
                guard w > 0 else { continue }
                shapes.append(.element(named: "rect", nodes: [.attr("x", "\(x)"), .attr("y", "\(by)"), .attr("width", "\(w)"),
                                                              .attr("height", "\(barHeight - 1)"), .attr("fill", fills[s % fills.count])]))
            }
        }
        return .element(named: "figure", nodes: [
            .attr("class", "chart"),
            .element(named: "svg", nodes: [
                .attr("role", "img"), .attr("aria-labelledby", "\(id)-title \(id)-desc"), .attr("viewBox", "0 0 \(width) \(height)"),
                .attr("xmlns", "http://www.w3.org/2000/svg"), .attr("class", "chart-svg"),
                .element(named: "title", nodes: [.attr("id", "\(id)-title"), .txt(title)]),
                .element(named: "desc", nodes: [.attr("id", "\(id)-desc"), .txt("\(summary) Tallene står i tabellen \(dataTable).")]),
                .group(shapes),
            ]),
            .element(named: "figcaption", nodes: [.txt("\(title). Tallene står i tabellen \(dataTable).")]),
        ])
    }

    /// The label as it fits in `width` pixels (about 6.5 per character), cut with »…«.
    static func label(_ text: String, fits width: Int) -> String {
        let room = max(4, width / 7 + 2)
        return text.count <= room ? text : String(text.prefix(room - 1)) + "…"
    }
}
