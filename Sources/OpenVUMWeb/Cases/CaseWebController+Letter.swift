import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension CaseWebController {
    // MARK: Decision letter

    static func letter(_ req: Request) async throws -> Response {
        let m = try await load(req)
        let municipality = try await OrganisationStore.municipalityName(id: m.record.municipalityID, on: req.db) ?? ""
        let decided = m.list("/interventions").indices.filter { m.value("/interventions/\($0)/decision/outcome") != nil }
        let decidedOn = decided.compactMap { m.value("/interventions/\($0)/decision/decidedOn") }.max().flatMap(CalendarDate.init)
        func line(_ i: Int) -> Node<HTML.BodyContext> {
            let p = "/interventions/\(i)"
            let name = CaseViews.interventionName(m, i)
            if m.value("\(p)/decision/outcome") == "granted" {
                let unit = m.value("\(p)/unit").flatMap(ServiceUnit.init(rawValue:))?.danishPlural ?? "enheder"
                let freq = m.value("\(p)/frequency").flatMap(ServiceFrequency.init(rawValue:))?.danishName.lowercased() ?? ""
                let scope = m.value("\(p)/decision/grantedUnitsPerPeriod") ?? m.value("\(p)/unitsPerPeriod")
                return .group(
                    .h3(.txt("Bevilget: \(name)")),
                    .p(.txt("Du får bevilget \(name) efter \(m.value("\(p)/decision/paragraph") ?? "–").\(scope.map { " Omfanget er \($0) \(unit) \(freq)." } ?? "") Indsatsen forventes at starte \(CaseViews.date(m.value("\(p)/expectedStartDate")))\(m.value("\(p)/noEndDate") == "true" ? " og er uden slutdato" : " og slutte \(CaseViews.date(m.value("\(p)/expectedEndDate")))"). Vi følger op senest \(CaseViews.date(m.value("\(p)/decision/followUpDate"))).")),
                    .unwrap(m.value("\(p)/decision/reason")) { .p(.txt("Begrundelse: \($0)")) }
                )
            }
            return .group(
                .h3(.txt("Afslag: \(name)")),
                .p(.txt("Du får afslag på \(name).")),
                .unwrap(m.value("\(p)/decision/reason")) { .p(.txt("Begrundelse: \($0)")) }
            )
        }
        return Layout.page(
            title: "Afgørelse", req: req, current: .cases,
            .element(named: "article", nodes: [
                .class("letter"),
                .p(.txt(municipality)),
                .p(.txt("Til \(m.citizen.givenName) \(m.citizen.familyName)")),
                .p(.txt("Dato: \(decidedOn?.danish ?? "Der er endnu ikke truffet afgørelse")")),
                .h2(.txt("Afgørelse om hjælp efter serviceloven")),
                .p(.txt("Du har søgt om hjælp\((JSONPointer.resolve("/opening/paragraphsAppliedFor", in: m.json) as? [String]).map { " efter \($0.joined(separator: ", "))" } ?? ""). Vi har vurderet din ansøgning ud fra de oplysninger, vi har fået, og din funktionsevne, som vi har beskrevet sammen med dig.")),
                decided.isEmpty ? .p(.txt("Der er endnu ikke truffet afgørelse i sagen.")) : .group(.forEach(decided) { line($0) }),
                .if(!m.list("/goals").isEmpty, .group(
                    .h3(.txt("Mål for indsatsen")),
                    .ul(.forEach(m.list("/goals")) { g in .li(.txt("\(g["text"] as? String ?? "Mål") (\(m.display(g["goalType"] as? String)))")) })
                )),
                .h3(.txt("Klagevejledning")),
                .p(.txt("Du kan klage over afgørelsen inden 4 uger efter, at du har modtaget den. Klagen sendes til kommunen, som vurderer sagen igen. Fastholder vi afgørelsen, sender vi klagen videre til Ankestyrelsen.")),
            ]),
            .p(.class("no-print"), .a(.attr("href", CaseViews.url(m)), .txt("Tilbage til sagen")))
        )
    }
}
