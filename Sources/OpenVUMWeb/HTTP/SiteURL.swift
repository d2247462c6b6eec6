import Foundation

/// Every web page address. Views and redirects print links from here; nothing concatenates paths.
/// (CPR numbers never appear in a URL: searches by CPR are POSTed.)
enum SiteURL: Equatable {
    case home
    case login(next: String?, expired: Bool)
    case oidcLogin(next: String?)
    case logout
    case start
    case citizens
    case citizenSearch
    case citizen(UUID)
    case adminUsers
    case userActive(UUID)
    case cases
    case catalogue
    case auditLog
    case stylesheet

    var path: String {
        switch self {
        case .home: return "/"
        case .login(let next, let expired):
            var items: [URLQueryItem] = []
            if let next, next.hasPrefix("/"), !next.hasPrefix("//"), next != "/login" { items.append(URLQueryItem(name: "next", value: next)) }
            if expired { items.append(URLQueryItem(name: "udloebet", value: "1")) }
            var c = URLComponents()
            c.path = "/login"
            c.queryItems = items.isEmpty ? nil : items
            return c.string ?? "/login"
        case .oidcLogin(let next):
            var c = URLComponents()
            c.path = "/login/oidc"
            if let next { c.queryItems = [URLQueryItem(name: "next", value: next)] }
            return c.string ?? "/login/oidc"
        case .logout: return "/logout"
        case .start: return "/start"
        case .citizens: return "/borgere"
        case .citizenSearch: return "/borgere/soeg"
        case .citizen(let id): return "/borgere/\(id.uuidString.lowercased())"
        case .adminUsers: return "/admin/brugere"
        case .userActive(let id): return "/admin/brugere/\(id.uuidString.lowercased())/aktiv"
        case .cases: return "/sager"
        case .catalogue: return "/datakatalog"
        case .auditLog: return "/admin/revisionslog"
        case .stylesheet: return "/static/openvum.css"
        }
    }
}
