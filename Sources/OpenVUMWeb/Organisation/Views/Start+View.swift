import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    // MARK: Start pages per role

    struct StartModel {
        var principal: Principal
        var municipality: String
        var units: [UnitRecord]
        var citizens: [CitizenRecord]
        /// The caseworker's own open cases, the nearest deadline first (the worklist's top).
        var cases: [CaseSummary] = []
    }

    static func start(_ m: StartModel, _ ctx: PageContext) -> WebPage {
        let p = m.principal
        let unitNames = m.units.filter { p.unitIDs.contains($0.id) }.map(\.name)
        let intro: Node<HTML.BodyContext> = .p(.txt("Du er logget ind som \(p.role.danishName.lowercased()) i \(m.municipality)\(unitNames.isEmpty ? "" : " – " + unitNames.joined(separator: ", "))."))
        let body: Node<HTML.BodyContext>
        switch p.role {
        case .caseworker, .teamLeader:
            body = .group(
                .h2(.txt("Mine sager med nærmeste frist")),
                CaseViews.caseTable(m.cases, today: ctx.today, caption: "Mine åbne sager", caseworker: false),
                .p(.a(.attr("href", SiteURL.cases.path), .txt("Hele arbejdslisten med filtre og sortering"))),
                .h2(.txt(p.role == .teamLeader ? "Teamets borgere" : "Mine borgere")),
                citizenTable(m.citizens, caption: "Borgere i \(unitNames.joined(separator: " og "))"),
                .p(.a(.attr("href", SiteURL.citizens().path), .txt("Find en borger eller sag ud fra navn, CPR-nummer eller sagsnummer")))
            )
        case .administrator:
            body = .group(
                .h2(.txt("Administration")),
                .ul(
                    .li(.a(.attr("href", SiteURL.adminUsers.path), .txt("Brugere og roller"))),
                    .li(.a(.attr("href", SiteURL.auditLog().path), .txt("Revisionslog (opslag og ændringer)"))),
                    .li(.a(.attr("href", SiteURL.citizens().path), .txt("Borgere i kommunen")))
                ),
                .h2(.txt("Organisation")),
                unitTable(m.units)
            )
        case .economyConsultant:
            body = .group(
                .h2(.txt("Økonomi")),
                .p(.txt("Her samles priser, betalinger, budget og fremskrivning for kommunens enheder.")),
                unitTable(m.units)
            )
        case .providerStaff, .providerLeader:
            body = .group(
                .h2(.txt("Bestillinger")),
                .p(.txt("Bestillinger til dine tilbud vises her, når myndigheden har sendt dem.")),
                .h2(.txt("Dine tilbud")),
                .ul(.forEach(m.units.filter { p.unitIDs.contains($0.id) }) { .li(.txt("\($0.name) (\($0.kind.danishName.lowercased()))")) })
            )
        case .citizen:
            // A citizen account linked to no citizen record and representing nobody (the linked ones see their page).
            body = .p(.txt("Din konto er endnu ikke knyttet til dine oplysninger eller til en borger, du er værge eller partsrepræsentant for. Kontakt kommunen."))
        }
        return WebPage(title: "Velkommen, \(p.displayName)", current: .start, intro, body)
    }

    static func citizenTable(_ citizens: [CitizenRecord], caption: String) -> Node<HTML.BodyContext> {
        if citizens.isEmpty { return .p(.txt("Ingen borgere.")) }
        return .table(
            .caption(.txt(caption)),
            Controls.tableHead("Navn", "Fødselsdato"),
            .tbody(.forEach(citizens) { c in
                .tr(
                    .td(.a(.attr("href", SiteURL.citizen(c.id).path), .txt("\(c.familyName), \(c.givenName)"))),
                    .td(.txt(birthDate(c.cpr)))
                )
            })
        )
    }

    static func unitTable(_ units: [UnitRecord]) -> Node<HTML.BodyContext> {
        .table(
            .caption(.txt("Enheder")),
            Controls.tableHead("Enhed", "Type"),
            .tbody(.forEach(units) { u in
                .tr(.td(.txt(u.name)), .td(.txt(u.ownership?.danishName ?? u.kind.danishName)))
            })
        )
    }

    static func birthDate(_ cpr: String) -> String {
        guard let n = try? CPRNumber(cpr), let d = n.birthDate.day, let m = n.birthDate.month, let y = n.birthDate.year else { return "–" }
        return String(format: "%02d-%02d-%04d", d, m, y)
    }
}
