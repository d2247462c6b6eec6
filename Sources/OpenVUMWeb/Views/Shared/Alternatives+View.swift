import Foundation
import OpenVUMDomain
import Plot

/// The recommendation's alternatives (ID 38) side by side with the recommended intervention's expected price
/// (ID 51): what each would cost, and how much more or less than the recommendation. On the assessment page and in a
/// case's economy.
enum AlternativesView {
    struct Row {
        var name: String
        var expectedPrice: Int?
        /// Priced for its first year (an intervention without end date).
        var perYear: Bool
        var alternatives: [AlternativeIntervention]
    }

    static func kroner(_ øre: Int?, perYear: Bool) -> String {
        øre.map { "\(Kroner.danish($0)) kr.\(perYear ? " pr. år" : "")" } ?? "Ikke prissat"
    }

    /// "… mere" / "… mindre" / "Samme pris" against the recommended price; a dash when either has no price.
    static func difference(_ d: Int?) -> String {
        guard let d else { return "–" }
        if d == 0 { return "Samme pris" }
        return "\(Kroner.danish(abs(d))) kr. \(d > 0 ? "mere" : "mindre")"
    }

    /// Nothing when no intervention has a priced or named alternative.
    static func table(_ rows: [Row], caption: String = "Alternative indsatser og deres pris") -> Node<HTML.BodyContext> {
        let shown = rows.filter { !$0.alternatives.isEmpty }
        guard !shown.isEmpty else { return .empty }
        return .table(
            .class("rows"), .id("alternativer"),
            .caption(.txt(caption)),
            Controls.tableHead("Indstillet indsats", "Forventet pris", "Alternativ", "Alternativets pris", "Forskel"),
            .tbody(.forEach(shown) { r in
                .group(r.alternatives.map { a in
                    .tr(.td(.attr("data-title", "Indstillet indsats"), .txt(r.name)),
                        .td(.class("num"), .attr("data-title", "Forventet pris"), .txt(kroner(r.expectedPrice, perYear: r.perYear))),
                        .td(.attr("data-title", "Alternativ"), .txt(a.description)),
                        .td(.class("num"), .attr("data-title", "Alternativets pris"), .txt(kroner(a.expectedPrice, perYear: r.perYear))),
                        .td(.class("num"), .attr("data-title", "Forskel"), .txt(difference(a.difference(from: r.expectedPrice)))))
                })
            })
        )
    }
}
