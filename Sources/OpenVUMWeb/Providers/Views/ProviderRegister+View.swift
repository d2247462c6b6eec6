import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Pages {
    // MARK: The provider register

    struct ProvidersModel {
        var providers: [ProviderStore.ProviderEntry]
        var terminology: TerminologySnapshot
        /// A provider user sees only their own offers.
        var ownOnly: Bool
    }

    /// A rate in words: "450,00 kr. pr. time (pr. uge)".
    static func rateText(_ r: OfferRate) -> String {
        "\(Kroner.danish(r.unitPrice)) kr. pr. \(r.unit.danishName.lowercased()) (\(r.frequency.danishName.lowercased()))"
    }

    static func providers(_ m: ProvidersModel, _ ctx: PageContext) -> WebPage {
        let today = ctx.today
        func groups(_ o: ProviderStore.OfferEntry) -> String {
            o.details.targetGroups.isEmpty ? "–" : o.details.targetGroups.map { m.terminology.display(.ffb, code: $0) ?? $0 }.joined(separator: ", ")
        }
        return WebPage(title: m.ownOnly ? "Mine tilbud" : "Tilbudsregister", current: .providers,
            .p(.txt(m.ownOnly
                ? "Dine tilbud, som myndigheden ser dem. Åbn et tilbud for at holde pladser, ledige pladser og beskrivelse opdateret."
                : "Kommunens leverandører og deres tilbud med lovgrundlag, målgrupper, pladser og gældende takst.")),
            .if(m.providers.isEmpty, .p(.txt("Der er ingen tilbud at vise."))),
            .forEach(m.providers) { provider in
                .section(
                    .h2(.txt(provider.name)),
                    .p(.class("hint"), .txt([provider.kind?.danishName, provider.ownership.map { $0 == .internal ? "Intern" : "Ekstern" }]
                        .compactMap { $0 }.joined(separator: " · "))),
                    .table(
                        .caption(.class("sr-only"), .txt("Tilbud hos \(provider.name)")),
                        Controls.tableHead("Tilbud", "Lovgrundlag", "Målgrupper", "Ledige pladser", "Gældende takst"),
                        .tbody(.forEach(provider.offers) { o in
                            .tr(
                                .td(.a(.attr("href", SiteURL.offer(o.id).path), .txt(o.name))),
                                .td(.txt(o.details.legalBasis ?? "–")),
                                .td(.txt(groups(o))),
                                .td(.txt(capacityText(o.capacity))),
                                .td(.txt(ProviderRegister.rate(on: today, among: o.rates).map(rateText) ?? "Ingen gældende takst"))
                            )
                        })
                    )
                )
            }
        )
    }

    static func capacityText(_ c: OfferCapacity) -> String {
        switch (c.vacant, c.places) {
        case (let v?, let p?): "\(v) af \(p)"
        case (nil, let p?): "? af \(p)"
        case (let v?, nil): "\(v)"
        case (nil, nil): "Ikke oplyst"
        }
    }

    struct OfferModel {
        var provider: ProviderStore.ProviderEntry
        var offer: ProviderStore.OfferEntry
        var terminology: TerminologySnapshot
        var role: Role
        var saved = false
        var errors: [FieldError] = []
        /// A refused form's fields as typed.
        var typed: FormData?

        var mayKeepDescription: Bool { role == .providerLeader || role == .administrator }
        var mayKeepRegister: Bool { role == .administrator }
        var mayAddRates: Bool { role == .economyConsultant || role == .administrator }

        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        /// What a field shows: as typed when its form was refused, otherwise as saved.
        func value(_ field: String, _ saved: String?) -> String? { typed?.values[field].map { $0.first ?? "" } ?? saved }
    }

    static func offer(_ m: OfferModel, _ ctx: PageContext, status: HTTPResponseStatus = .ok) -> WebPage {
        let o = m.offer, d = o.details
        let today = ctx.today
        let offerTypes = m.terminology.valueSet(FFBValueSet.services).map { ($0.code, $0.display) }
        let targetGroups = m.terminology.valueSet(FFBValueSet.targetGroups).map { ($0.code, $0.display) }
        func fact(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
            .group(.dt(.txt(label)), .dd(.txt(value ?? "–")))
        }
        let csrf = Controls.csrf(ctx)
        return WebPage(title: o.name, current: .providers, status: status,
            .if(m.saved, .p(.class("notice"), .attr("role", "status"), .txt("Ændringen er gemt."))),
            .dl(.class("facts"),
                fact("Leverandør", m.provider.name),
                fact("Leverandørtype", m.provider.kind?.danishName),
                fact("Lovgrundlag", d.legalBasis.map { code in LegalBasis.title(of: code).map { "\(code) – \($0)" } ?? code }),
                fact("Tilbudstype", d.offerType.map { m.terminology.display(.ffb, code: $0) ?? $0 }),
                fact("Målgrupper", d.targetGroups.isEmpty ? nil : d.targetGroups.map { m.terminology.display(.ffb, code: $0) ?? $0 }.joined(separator: ", ")),
                fact("Adresse", d.address),
                fact("Beliggenhedskommune", d.municipalityCode),
                fact("P-nummer", o.register.pNumber),
                fact("EAN-nummer", o.register.ean),
                fact("Konto", o.register.account),
                fact("Pladser", o.capacity.places.map(String.init)),
                fact("Ledige pladser", o.capacity.vacant.map(String.init)),
                fact("Gældende takst", ProviderRegister.rate(on: today, among: o.rates).map(rateText))),
            .h2(.txt("Beskrivelse")),
            .p(.txt(d.description ?? "Tilbuddet har ingen beskrivelse endnu.")),
            .h2(.txt("Takster")),
            .if(o.rates.isEmpty, .p(.txt("Tilbuddet har ingen takster endnu."))),
            .if(!o.rates.isEmpty, .table(
                .caption(.class("sr-only"), .txt("Takster for \(o.name)")),
                Controls.tableHead("Gælder fra", "Gælder til", "Takst"),
                .tbody(.forEach(o.rates) { r in
                    .tr(.td(.txt(r.validFrom.danish)), .td(.txt(r.validTo?.danish ?? "Uden slutdato")), .td(.txt(rateText(r))))
                })
            )),
            .if(m.mayAddRates, .group(
                .h3(.txt("Ny takst")),
                Controls.form(action: SiteURL.offerRates(o.id).path, csrf,
                    Controls.input("validFrom", "Gælder fra", type: "date", value: m.value("validFrom", nil), error: m.error("validFrom")),
                    Controls.input("validTo", "Gælder til", type: "date", value: m.value("validTo", nil), error: m.error("validTo"),
                                   hint: "Tom: uden slutdato. Perioden må ikke overlappe en anden takst."),
                    Controls.select("unit", "Enhed", options: ServiceUnit.allCases.map { ($0.rawValue, $0.danishName) }, selected: m.value("unit", nil),
                                    error: m.error("unit")),
                    Controls.select("frequency", "Periode", options: ServiceFrequency.allCases.map { ($0.rawValue, $0.danishName) },
                                    selected: m.value("frequency", nil), error: m.error("frequency")),
                    Controls.input("unitPrice", "Takst i kr. pr. enhed", value: m.value("unitPrice", nil), error: m.error("unitPrice"), hint: "Fx 450,00."),
                    Controls.submit("Tilføj takst"))
            )),
            .if(m.mayKeepDescription, .group(
                .h2(.txt("Pladser")),
                Controls.form(action: SiteURL.offerCapacity(o.id).path, csrf,
                    Controls.input("places", "Antal pladser", type: "number", value: m.value("places", o.capacity.places.map(String.init)), error: m.error("places")),
                    Controls.input("vacant", "Ledige pladser", type: "number", value: m.value("vacant", o.capacity.vacant.map(String.init)), error: m.error("vacant"),
                                   hint: "Højst antal pladser."),
                    Controls.submit("Gem pladser"))
            )),
            .if(m.mayKeepDescription && !m.mayKeepRegister, .group(
                .h2(.txt("Ret beskrivelsen")),
                Controls.form(action: SiteURL.offer(o.id).path, csrf,
                    Controls.textarea("description", "Beskrivelse", value: m.value("description", d.description), error: m.error("description"),
                                      hint: "Det, myndigheden ser om tilbuddet: indhold, målgruppe, åbningstider. Højst \(ProviderRegister.descriptionLimit) tegn."),
                    Controls.submit("Gem beskrivelsen"))
            )),
            .if(m.mayKeepRegister, .group(
                .h2(.txt("Ret registeroplysninger")),
                Controls.form(action: SiteURL.offer(o.id).path, csrf,
                    Controls.select("legalBasis", "Lovgrundlag", options: LegalBasis.all.map { ($0.code, "\($0.code) – \($0.title)") },
                                    selected: m.value("legalBasis", d.legalBasis), error: m.error("legalBasis")),
                    Controls.select("offerType", "Tilbudstype (FFB)", options: offerTypes, selected: m.value("offerType", d.offerType), error: m.error("offerType")),
                    Controls.checkboxes("targetGroups", "Målgrupper (FFB)", options: targetGroups,
                                        selected: Set(m.typed?.values["legalBasis"] != nil ? m.typed!.all("targetGroups") : d.targetGroups), error: m.error("targetGroups")),
                    Controls.input("address", "Adresse", value: m.value("address", d.address), error: m.error("address")),
                    Controls.input("municipalityCode", "Beliggenhedskommune (kommunekode)", value: m.value("municipalityCode", d.municipalityCode),
                                   error: m.error("municipalityCode"), hint: "Tre cifre, fx 751."),
                    Controls.input("pNumber", "P-nummer", value: m.value("pNumber", o.register.pNumber), error: m.error("pNumber"), hint: "10 cifre."),
                    Controls.input("ean", "EAN-nummer", value: m.value("ean", o.register.ean), error: m.error("ean"), hint: "13 cifre med kontrolciffer."),
                    Controls.input("account", "Konto", value: m.value("account", o.register.account), error: m.error("account"), hint: "Fx 5.38.50."),
                    Controls.textarea("description", "Beskrivelse", value: m.value("description", d.description), error: m.error("description")),
                    Controls.submit("Gem registeroplysninger"))
            ))
        ).withErrors(m.errors)
    }
}
