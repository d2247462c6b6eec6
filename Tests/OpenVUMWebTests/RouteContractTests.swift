import Foundation
@testable import OpenVUMWeb
import Testing
import VaporTesting

@Suite("Route contracts")
struct RouteContractTests {
    @Test("every registered route declares a policy")
    func everyRouteHasAPolicy() async throws {
        try await withTestApp(.sqlite, seed: false) { app in
            #expect(app.routes.all.count > 10)
            let missing = app.routes.all.filter { $0.policy == nil }.map(\.description)
            #expect(missing.isEmpty, "routes without a declared policy: \(missing)")
        }
    }

    @Test("every /api/v1 route is in openapi.json, and every documented operation exists")
    func openAPICoversTheAPI() async throws {
        try await withTestApp(.sqlite, seed: false) { app in
            let doc = try JSONSerialization.jsonObject(with: Operations.openAPIDocument) as! [String: Any]
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = doc["paths"] as! [String: [String: Any]]
            var documented = Set<String>()
            for (path, ops) in paths {
                for method in ops.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            var registered = Set<String>()
            for route in app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if path.hasPrefix("/api/v1/") { registered.insert("\(route.method.rawValue) \(path)") }
            }
            #expect(registered.subtracting(documented).isEmpty, "undocumented API routes: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
        }
    }

    @Test("role checks: a provider may not list citizens; a caseworker may not administer users")
    func roleChecks() async throws {
        try await withTestApp(.sqlite) { app in
            let provider = try await app.token("udfoerer")
            let res = try await app.send(.GET, "/api/v1/citizens", token: provider)
            #expect(res.status == .forbidden)
            #expect(try res.problem().title == "Ingen adgang")
            let caseworker = try await app.token("sagsbehandler")
            #expect(try await app.send(.GET, "/api/v1/users", token: caseworker).status == .forbidden)
            let admin = try await app.token("admin")
            #expect(try await app.send(.GET, "/api/v1/users", token: admin).status == .ok)
        }
    }
}
