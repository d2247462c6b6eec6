import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot

/// The citizen's progression on the case page (issue 15 item 4): per *Aktivitet og deltagelse* subtheme a chart of the
/// levels over time against the goals' expected level, and its table.
enum ProgressionViews {
    static func level(_ d: Decimal) -> String { "\(d)".replacingOccurrences(of: ".", with: ",") }

    static func section(_ p: Progression, terminology: TerminologySnapshot, heading: String = "Borgerens udvikling") -> Node<HTML.BodyContext> {
        .group(
            .h2(.attr("id", "udvikling"), .txt(heading)),
            p.isEmpty
                ? .p(.txt("Der er endnu ingen vurdering af funktionsniveau eller mål på sagen."))
                : .p(.txt("Funktionsniveau på undertemaerne under Aktivitet og deltagelse over tid — myndighedens vurderinger, niveauet ved opfølgning og udførerens statusrapporter — mod målenes forventede niveau. 0 er ingen nedsat funktionsevne, 4 fuldstændig; jo højere oppe i diagrammet, jo bedre.")),
            .forEach(Array(p.subthemes.enumerated())) { i, s in
                let name = terminology.display(.ffb, code: s.code) ?? s.code
                let table = "udvikling-\(i + 1)"
                let series = Progression.Source.allCases.map { source in
                    Charts.LevelSeries(name: source.danishName, points: s.points.filter { $0.source == source }.map { ($0.on, $0.level) })
                }
                return .group(
                    .h3(.txt(name)),
                    // A chart where there is a course to see: two levels or more, or a goal to measure against.
                    .if(s.points.count > 1 || (!s.points.isEmpty && !s.expected.isEmpty),
                        Charts.levels(id: "\(table)-diagram", title: "Funktionsniveau: \(name)", summary: "Niveauet over tid for hver kilde, og målets forventede niveau som stiplet linje.",
                                      series: series, expected: s.expected, dataTable: "»Funktionsniveau: \(name)«")),
                    .table(
                        .class("rows"), .attr("id", table),
                        .caption(.txt("Funktionsniveau: \(name)")),
                        Controls.tableHead("Dato", "Kilde", "Niveau"),
                        .tbody(
                            .forEach(s.points) { pt in
                                .tr(.td(.attr("data-title", "Dato"), .txt(pt.on.danish)), .td(.attr("data-title", "Kilde"), .txt(pt.source.danishName)),
                                    .td(.class("num"), .attr("data-title", "Niveau"), .txt(level(pt.level))))
                            },
                            .forEach(s.expected) { e in
                                .tr(.td(.attr("data-title", "Dato"), .txt("–")), .td(.attr("data-title", "Kilde"), .txt("Forventet niveau (mål)")),
                                    .td(.class("num"), .attr("data-title", "Niveau"), .txt(level(e))))
                            }
                        )
                    )
                )
            }
        )
    }
}
