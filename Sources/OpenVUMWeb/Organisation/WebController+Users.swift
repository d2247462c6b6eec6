import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension WebController {
    static func users(_ req: Request) async throws -> Response {
        let p = try req.principal()
        return req.render(Pages.users(try await usersModel(p, on: req), req.pageContext))
    }

    static func usersModel(_ p: Principal, on req: Request) async throws -> Pages.UsersModel {
        Pages.UsersModel(
            users: try await UserStore.list(municipalityID: p.municipalityID, on: req.db),
            units: try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db))
    }

    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var password: String?
        var role: String?
        var unitId: String?
    }

    static func createUser(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try req.form(UserForm.self)
        let unitIDs = form.unitId.flatMap(UUID.init(uuidString:)).map { [$0] } ?? []
        do {
            let user = try await UserAdministration.create(
                username: form.username?.trimmingCharacters(in: .whitespaces), password: form.password,
                displayName: form.displayName, role: form.role, unitIDs: unitIDs, on: req)
            var model = try await usersModel(p, on: req)
            model.created = user.username
            return req.render(Pages.users(model, req.pageContext, status: .created))
        } catch let error as DomainError where error.kind == .validation || error.kind == .conflict {
            var model = try await usersModel(p, on: req)
            model.errors = error.fieldErrors
            model.form = ["username": form.username ?? "", "displayName": form.displayName ?? "", "role": form.role ?? "", "unitId": form.unitId ?? ""]
            return req.render(Pages.users(model, req.pageContext, status: error.httpStatus))
        }
    }

    /// `POST /admin/brugere/:userID/aktiv`: deactivates or reactivates an account (effective at once).
    static func setActive(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("userID", what: "Brugeren")
        let form = try FormData.parse(req)
        let active = form["active"] == "true"
        let version = Int(form["version"] ?? "") ?? -1
        do {
            let (user, _) = try await UsersAPI.change(
                id: id, displayName: nil, role: nil, unitIDs: nil, active: active, expectedVersion: version, principal: p, on: req)
            var model = try await usersModel(p, on: req)
            model.notice = user.active ? "Brugeren \(user.username) er aktiv igen." : "Brugeren \(user.username) er deaktiveret og kan ikke længere logge ind."
            return req.render(Pages.users(model, req.pageContext))
        } catch let error as DomainError where [.validation, .preconditionFailed].contains(error.kind) {
            var model = try await usersModel(p, on: req)
            model.alert = error.fieldErrors.first?.message ?? error.detail
            return req.render(Pages.users(model, req.pageContext, status: error.httpStatus))
        }
    }
}
