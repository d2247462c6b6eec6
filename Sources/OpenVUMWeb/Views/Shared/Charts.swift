import Foundation
import OpenVUMDomain
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
        return frame(id: id, title: title, summary: summary, width: width, height: height, dataTable: dataTable, shapes: shapes)
    }

    /// The label as it fits in `width` pixels (about 7.5 per character), cut with »…«.
    static func label(_ text: String, fits width: Int) -> String {
        let room = max(4, width * 10 / 75)
        return text.count <= room ? text : String(text.prefix(room - 1)) + "…"
    }

    /// A level series of the progression chart.
    struct LevelSeries {
        var name: String
        var points: [(on: CalendarDate, level: Decimal)]
    }

    /// Functional levels over time (issue 15 item 4): a line per series with a marker of its own shape, the expected
    /// levels as dashed lines; level 0 (no reduced function) at the top, so progress goes up.
    static func levels(id: String, title: String, summary: String, series: [LevelSeries], expected: [Decimal], dataTable: String) -> Node<HTML.BodyContext> {
        let width = 640, height = 226, left = 150, right = 620, top = 50, bottom = 206
        let days = series.flatMap { $0.points.map(\.on) }
        let first = days.min() ?? CalendarDate(Date()), last = days.max() ?? first
        let span = max(1, first.days(until: last))
        func x(_ d: CalendarDate) -> Int { days.count < 2 || span == 0 ? (left + right) / 2 : left + first.days(until: d) * (right - left) / span }
        func y(_ level: Decimal) -> Int { top + NSDecimalNumber(decimal: level * Decimal(bottom - top) / 4).intValue }
        var shapes: [Node<HTML.BodyContext>] = []
        for level in 0...4 {
            let yy = y(Decimal(level))
            shapes.append(.element(named: "line", nodes: [.attr("x1", "\(left)"), .attr("x2", "\(right)"), .attr("y1", "\(yy)"), .attr("y2", "\(yy)"),
                                                          .attr("stroke", "#d0d0d0")]))
            shapes.append(.element(named: "text", nodes: [.attr("x", "\(left - 6)"), .attr("y", "\(yy + 4)"), .attr("text-anchor", "end"), .attr("class", "chart-label"),
                                                          .txt(level == 0 ? "0 ingen nedsættelse" : level == 4 ? "4 fuldstændig" : "\(level)")]))
        }
        for e in expected {
            shapes.append(.element(named: "line", nodes: [.attr("x1", "\(left)"), .attr("x2", "\(right)"), .attr("y1", "\(y(e))"), .attr("y2", "\(y(e))"),
                                                          .attr("stroke", "#1a1a1a"), .attr("stroke-dasharray", "6 4"), .attr("stroke-width", "2")]))
        }
        // The legend in two columns of two rows: the series shown, then the expected level.
        var entry = 0
        func legendAt() -> (Int, Int) { defer { entry += 1 }; return (left + (entry % 2) * 240, 12 + (entry / 2) * 18) }
        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let fill = fills[i % fills.count]
            let (lx, ly) = legendAt()
            shapes.append(marker(i, x: lx + 6, y: ly, fill: fill))
            shapes.append(.element(named: "text", nodes: [.attr("x", "\(lx + 16)"), .attr("y", "\(ly + 4)"), .attr("class", "chart-legend"), .txt(s.name)]))
            if s.points.count > 1 {
                shapes.append(.element(named: "polyline", nodes: [.attr("points", s.points.map { "\(x($0.on)),\(y($0.level))" }.joined(separator: " ")),
                                                                  .attr("fill", "none"), .attr("stroke", fill), .attr("stroke-width", "2")]))
            }
            for p in s.points { shapes.append(marker(i, x: x(p.on), y: y(p.level), fill: fill)) }
        }
        if !expected.isEmpty {
            let (lx, ly) = legendAt()
            shapes.append(.element(named: "line", nodes: [.attr("x1", "\(lx)"), .attr("x2", "\(lx + 14)"), .attr("y1", "\(ly)"), .attr("y2", "\(ly)"), .attr("stroke", "#1a1a1a"),
                                                          .attr("stroke-dasharray", "4 2"), .attr("stroke-width", "2")]))
            shapes.append(.element(named: "text", nodes: [.attr("x", "\(lx + 18)"), .attr("y", "\(ly + 4)"), .attr("class", "chart-legend"), .txt("Forventet niveau (mål)")]))
        }
        shapes.append(.element(named: "text", nodes: [.attr("x", "\(left)"), .attr("y", "\(height - 2)"), .attr("class", "chart-label"), .txt(first.danish)]))
        shapes.append(.element(named: "text", nodes: [.attr("x", "\(right)"), .attr("y", "\(height - 2)"), .attr("text-anchor", "end"), .attr("class", "chart-label"),
                                                      .txt(last.danish)]))
        return frame(id: id, title: title, summary: summary, width: width, height: height, dataTable: dataTable, shapes: shapes)
    }

    /// The figure around a chart: the SVG image with its title and description naming the table, and a caption.
    static func frame(id: String, title: String, summary: String, width: Int, height: Int, dataTable: String, shapes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .element(named: "figure", nodes: [
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

    /// A series' marker: a circle, a square or a diamond, so the series differ by more than colour.
    static func marker(_ series: Int, x: Int, y: Int, fill: String) -> Node<HTML.BodyContext> {
        switch series % 3 {
        case 0: .element(named: "circle", nodes: [.attr("cx", "\(x)"), .attr("cy", "\(y)"), .attr("r", "5"), .attr("fill", fill)])
        case 1: .element(named: "rect", nodes: [.attr("x", "\(x - 5)"), .attr("y", "\(y - 5)"), .attr("width", "10"), .attr("height", "10"), .attr("fill", fill)])
        default: .element(named: "polygon", nodes: [.attr("points", "\(x),\(y - 6) \(x + 6),\(y) \(x),\(y + 6) \(x - 6),\(y)"), .attr("fill", fill)])
        }
    }
}
