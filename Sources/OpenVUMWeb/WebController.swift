import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Handlers of the web UI: decode the form, call the store, render a page from a model.
enum WebController {
    struct LoginForm: Content {
        var username: String?
        var password: String?
    }

    static func home(_ req: Request) async throws -> Response {
        req.redirect(to: req.auth.has(Principal.self) ? SiteURL.start.path : SiteURL.login(next: nil, expired: false).path)
    }

    static func loginPage(_ req: Request) async throws -> Response {
        if req.auth.has(Principal.self) { return req.redirect(to: SiteURL.start.path) }
        let next = safeNext(req.query[String.self, at: "next"], on: req)
        let expired = req.query[String.self, at: "udloebet"] == "1"
        let message = req.query[String.self, at: "fejl"].flatMap(OIDCController.message(for:))
        return Pages.login(.init(next: next, message: message, expired: expired), on: req)
    }

    /// Where to go after login: a known local page (`SafeRedirect`, matched against the web routes), else nil.
    static func safeNext(_ raw: String?, on req: Request) -> String? {
        let pages = req.application.routes.all
            .filter { $0.method == .GET && $0.path.first?.description != "api" && $0.path.first?.description != "login" }
            .map { $0.path.map { component -> String in
                if case .parameter(let name) = component { return ":\(name)" }
                return component.description
            } }
        return SafeRedirect.localPath(raw, pages: pages).flatMap { $0 == "/" ? nil : $0 }
    }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.form(LoginForm.self)
        let username = form.username?.trimmingCharacters(in: .whitespaces) ?? ""
        let next = safeNext(req.query[String.self, at: "next"], on: req)
        guard !username.isEmpty, let password = form.password, !password.isEmpty else {
            return Pages.login(.init(username: username, next: next, message: "Udfyld både brugernavn og adgangskode."), on: req, status: .unprocessableEntity)
        }
        let principal: Principal?
        do {
            principal = try await Passwords.login(username: username, password: password, on: req)
        } catch let error as DomainError where error.kind == .tooManyRequests || error.kind == .forbidden {
            let page = Pages.login(.init(username: username, next: next, message: error.detail), on: req,
                                   status: error.kind == .tooManyRequests ? .tooManyRequests : .forbidden)
            if let seconds = error.retryAfter { page.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            return page
        }
        guard let principal else {
            return Pages.login(.init(username: username, next: next, message: "Forkert brugernavn eller adgangskode."), on: req, status: .unauthorized)
        }
        return try await startSession(principal, next: next, criteria: "method=password", on: req)
    }

    /// Logs `principal` in on the web: audits the login, rotates the session, sends the browser on.
    static func startSession(_ principal: Principal, next: String?, criteria: String, on req: Request) async throws -> Response {
        let response = req.redirect(to: next ?? SiteURL.start.path, redirectType: .normal)
        try await req.writeTransaction { tx in
            try await req.audit(on: tx, objectType: "user", objectID: principal.userID.uuidString, criteria: criteria, principal: principal)
        }
        try await WebSession.start(userID: principal.userID, on: req, response: response)
        response.cookies[CSRF.loginCookie] = HTTPCookies.Value(string: "", maxAge: 0, path: "/", isSecure: req.openvum.config.cookieSecure, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    static func logout(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let response = req.redirect(to: SiteURL.login(next: nil, expired: false).path, redirectType: .normal)
        try await req.writeTransaction { tx in
            try await req.audit(on: tx, objectType: "user", objectID: p.userID.uuidString)
        }
        try await WebSession.end(on: req, response: response)
        return response
    }

    static func start(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let units = try await OrganisationStore.units(municipalityID: p.municipalityID, on: req.db)
        let municipality = try await OrganisationStore.municipalityName(id: p.municipalityID, on: req.db) ?? ""
        var citizens: [CitizenRecord] = []
        var own: CitizenRecord?
        switch p.role {
        case .caseworker, .teamLeader:
            citizens = try await req.readTransaction { tx in
                let page = try await CitizenStore.list(principal: p, after: nil, limit: 20, on: tx)
                try await req.audit(on: tx, objectType: "citizen-list", criteria: "startside")
                return page.items
            }
        case .citizen:
            if let id = p.citizenID {
                own = try await req.readTransaction { tx in
                    let c = try await CitizenStore.find(id: id, principal: p, on: tx)
                    try await req.audit(on: tx, objectType: "citizen", objectID: id.uuidString, citizenID: id)
                    return c
                }
            }
        default:
            break
        }
        return Pages.start(.init(principal: p, municipality: municipality, units: units, citizens: citizens, ownCitizen: own), on: req)
    }

    static func citizens(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let after = req.query[String.self, at: "efter"]
        let page = try await req.readTransaction { tx in
            let page = try await CitizenStore.list(principal: p, after: after, limit: 50, on: tx)
            try await req.audit(on: tx, objectType: "citizen-list", criteria: "limit=50")
            return page
        }
        return Pages.citizens(.init(page: page), on: req)
    }

    struct SearchForm: Content {
        var cpr: String?
    }

    static func searchCitizens(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let form = try req.form(SearchForm.self)
        let raw = form.cpr ?? ""
        do {
            let cpr = try CitizenRules.parseCPR(raw)
            let (page, found) = try await req.readTransaction { tx in
                let found = try await CitizenStore.search(cpr: cpr, principal: p, on: tx)
                try await req.audit(on: tx, objectType: "citizen", objectID: found.count == 1 ? found[0].id.uuidString : nil,
                                    citizenID: found.count == 1 ? found[0].id : nil, criteria: "cpr=\(cpr.masked)")
                let page = try await CitizenStore.list(principal: p, after: nil, limit: 50, on: tx)
                return (page, found)
            }
            return Pages.citizens(.init(page: page, cpr: cpr.formatted, searchResult: found), on: req)
        } catch let error as DomainError where error.kind == .validation {
            let page = try await req.readTransaction { tx in
                let page = try await CitizenStore.list(principal: p, after: nil, limit: 50, on: tx)
                try await req.audit(on: tx, objectType: "citizen-list", criteria: "limit=50")
                return page
            }
            return Pages.citizens(.init(page: page, cpr: raw, errors: error.fieldErrors), on: req, status: .unprocessableEntity)
        }
    }

    static func citizen(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("citizenID", what: "Borgeren")
        let (citizen, unit, cases) = try await req.readTransaction { tx in
            guard let c = try await CitizenStore.find(id: id, principal: p, on: tx) else { throw DomainError.notFound("Borgeren") }
            try await req.audit(on: tx, objectType: "citizen", objectID: c.id.uuidString, citizenID: c.id)
            let unit = try await OrganisationStore.unit(id: c.responsibleUnitID, on: tx)
            let cases = try await CaseStore.list(principal: p, filter: .init(citizenID: c.id), after: nil, limit: 100, on: tx).items
            return (c, unit, cases)
        }
        return Pages.citizen(.init(citizen: citizen, unitName: unit?.name ?? "–", cases: cases,
                                   canOpenCase: p.role == .caseworker || p.role == .teamLeader), on: req)
    }

    static func users(_ req: Request) async throws -> Response {
        let p = try req.principal()
        return Pages.users(try await usersModel(p, on: req), on: req)
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
            let user = try await UsersAPI.create(
                username: form.username?.trimmingCharacters(in: .whitespaces), password: form.password,
                displayName: form.displayName, role: form.role, unitIDs: unitIDs, principal: p, on: req)
            var model = try await usersModel(p, on: req)
            model.created = user.username
            return Pages.users(model, on: req, status: .created)
        } catch let error as DomainError where error.kind == .validation || error.kind == .conflict {
            var model = try await usersModel(p, on: req)
            model.errors = error.fieldErrors
            model.form = ["username": form.username ?? "", "displayName": form.displayName ?? "", "role": form.role ?? "", "unitId": form.unitId ?? ""]
            return Pages.users(model, on: req, status: error.kind == .conflict ? .conflict : .unprocessableEntity)
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
            return Pages.users(model, on: req)
        } catch let error as DomainError where [.validation, .preconditionFailed].contains(error.kind) {
            var model = try await usersModel(p, on: req)
            model.alert = error.fieldErrors.first?.message ?? error.detail
            return Pages.users(model, on: req, status: error.kind == .preconditionFailed ? .preconditionFailed : .unprocessableEntity)
        }
    }

    static func auditLog(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let after = req.query[String.self, at: "efter"]
        let (page, users) = try await req.readTransaction { tx in
            let page = try await AuditStore.list(municipalityID: p.municipalityID, after: after, limit: 100, on: tx)
            try await req.audit(on: tx, objectType: "audit-log")
            let users = try await UserStore.list(municipalityID: p.municipalityID, on: tx)
            return (page, Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.username) }))
        }
        return Pages.auditLog(.init(page: page, users: users), on: req)
    }
}

extension Request {
    /// Decodes a posted web form; anything unreadable is a Danish 400, never a 500.
    func form<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try content.decode(T.self) } catch {
            throw DomainError(.badRequest, code: "form.invalid", title: "Formularen kunne ikke læses",
                              detail: "Formularens indhold kunne ikke læses. Genindlæs siden og prøv igen.")
        }
    }
}
