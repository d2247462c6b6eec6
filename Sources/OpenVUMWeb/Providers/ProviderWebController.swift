import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The provider register in the browser (issue 13 item 1): authority users read every provider and offer, a
/// provider user their own; on an offer's page the provider leader keeps the description and the places, the
/// economy role adds rates, the administrator keeps the register entry. Each form saves through the same
/// function as the API.
enum ProviderWebController {
    static func register(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let providers = try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: p.role.isProvider ? p.unitIDs : nil, on: req.readDB)
        let terminology = try await req.openvum.terminology.current(on: req.db)
        return req.render(Pages.providers(Pages.ProvidersModel(providers: providers, terminology: terminology, ownOnly: p.role.isProvider), req.pageContext))
    }

    static func offer(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter("offerID", what: "Tilbuddet")
        var m = try await model(id, on: req)
        m.saved = req.query[String.self, at: "gemt"] == "1"
        return req.render(Pages.offer(m, req.pageContext))
    }

    /// The offer's page model, after the check that the caller may see the offer.
    static func model(_ offerID: UUID, on req: Request) async throws -> Pages.OfferModel {
        let p = try req.principal()
        try await ProvidersAPI.checkOwnOffer(offerID, p, on: req)
        guard let provider = try await ProviderStore.register(municipalityID: p.municipalityID, onlyUnits: [offerID], on: req.db).first,
              let offer = provider.offers.first else { throw DomainError.notFound("Tilbuddet") }
        return Pages.OfferModel(provider: provider, offer: offer, terminology: try await req.openvum.terminology.current(on: req.db), role: p.role)
    }

    /// The register entry (the administrator) or the description (the provider leader).
    static func saveOffer(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("offerID", what: "Tilbuddet")
        let form = try FormData.parse(req)
        let fields = p.role == .providerLeader ? OfferRegisterBody.providerFields : OfferRegisterBody.fields
        var patch: [String: Any] = [:]
        for field in fields {
            patch[field] = field == "targetGroups" ? form.all(field) as Any : (form[field] as Any?) ?? NSNull()
        }
        return try await saving(id, form: form, on: req) {
            _ = try await ProvidersAPI.changeOffer(id, patch: patch, principal: p, on: req)
        }
    }

    static func saveCapacity(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("offerID", what: "Tilbuddet")
        let form = try FormData.parse(req)
        return try await saving(id, form: form, on: req) {
            var e = FieldErrorCollector()
            func whole(_ name: String) -> Int? {
                guard let text = form[name] else { return nil }
                if let n = Int(text) { return n }
                e.add(name, "Skriv et helt tal (fx 12).")
                return nil
            }
            let capacity = OfferCapacity(places: whole("places"), vacant: whole("vacant"))
            try e.throwIfAny()
            try await ProvidersAPI.saveCapacity(capacity, offerID: id, principal: p, on: req)
        }
    }

    static func addRate(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("offerID", what: "Tilbuddet")
        let form = try FormData.parse(req)
        return try await saving(id, form: form, on: req) {
            let price = form["unitPrice"].flatMap { Kroner.øre(typed: $0) }
            if form["unitPrice"] != nil && price == nil {
                throw DomainError.validation([FieldError(field: "unitPrice", message: "Skriv taksten i kroner, fx 450,00.")])
            }
            do {
                _ = try await ProvidersAPI.saveRate(RateRequest(validFrom: form["validFrom"], validTo: form["validTo"], unit: form["unit"],
                                                                frequency: form["frequency"], unitPrice: price),
                                                    offerID: id, principal: p, on: req)
            } catch let error as DomainError where error.kind == .validation {
                // The API counts in øre; the form in kroner.
                throw DomainError.validation(error.fieldErrors.map {
                    $0.field == "unitPrice" && form["unitPrice"] == nil ? FieldError(field: "unitPrice", message: "Angiv taksten i kroner, fx 450,00.") : $0
                })
            }
        }
    }

    /// Runs a form's save: on success back to the offer's page with a notice; refused, the page again with every
    /// error at its field and everything as typed (nothing was saved).
    static func saving(_ offerID: UUID, form: FormData, on req: Request, _ save: () async throws -> Void) async throws -> Response {
        do {
            try await save()
            return req.redirect(to: SiteURL.offer(offerID, saved: true).path, redirectType: .normal)
        } catch let error as DomainError where error.kind == .validation {
            var m = try await model(offerID, on: req)
            m.errors = error.fieldErrors.map { FieldError(field: $0.field.split(separator: "/").first.map(String.init) ?? $0.field, message: $0.message) }
            m.typed = form
            return req.render(Pages.offer(m, req.pageContext, status: .unprocessableEntity))
        }
    }
}
