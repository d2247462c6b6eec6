import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    struct AuditModel {
        var page: Page<AuditEntry>
        var users: [UUID: String]
    }

    static func auditLog(_ m: AuditModel, _ ctx: PageContext) -> WebPage {
        WebPage(title: "Revisionslog", current: .auditLog(),
            .p(.txt("Hvert opslag i borgeroplysninger, hver søgning og hver ændring. Nyeste først.")),
            .table(
                .caption(.txt("Revisionslog")),
                Controls.tableHead("Tidspunkt", "Bruger", "Handling", "Objekt", "Kriterier", "Kanal"),
                .tbody(.forEach(m.page.items) { e in
                    .tr(
                        .td(.txt(DanishDate.string(e.occurredAt))),
                        .td(.txt(e.userID.flatMap { m.users[$0] } ?? "–")),
                        .td(.txt(e.action)),
                        .td(.txt([e.objectType, e.objectID].compactMap { $0 }.joined(separator: " "))),
                        .td(.txt(e.criteria ?? "")),
                        .td(.txt(e.channel ?? ""))
                    )
                })
            ),
            .unwrap(m.page.nextCursor) { c in .p(.a(.attr("href", SiteURL.auditLog(after: c).path), .txt("Ældre rækker"))) }
        )
    }
}
