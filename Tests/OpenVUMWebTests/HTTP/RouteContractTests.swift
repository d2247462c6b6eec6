import Foundation
@testable import OpenVUMWeb
import OpenVUMTestSupport
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

    @Test("the user list pages by username, each user with its units, and the pages add up to the whole list",
          arguments: Engine.available)
    func userListPages(_ engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let admin = try await app.token("admin")
            let whole = try await app.send(.GET, "/api/v1/users?limit=100", token: admin).json()
            let all = try #require(whole["items"] as? [[String: Any]])
            #expect(all.count >= 8 && whole["nextCursor"] is NSNull)
            var walked: [[String: Any]] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/users?limit=3" + (cursor.map { "&after=\($0)" } ?? "")
                let page = try await app.send(.GET, path, token: admin).json()
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(items.count <= 3 && !items.isEmpty)
                walked += items
                cursor = page["nextCursor"] as? String
            } while cursor != nil && walked.count <= all.count
            let usernames = walked.map { $0["username"] as! String }
            #expect(usernames == all.map { $0["username"] as! String })
            #expect(usernames == usernames.sorted())
            let units = { (rows: [[String: Any]]) in rows.map { ($0["unitIds"] as! [String]).joined(separator: ",") } }
            #expect(units(walked) == units(all))
            let caseworker = try #require(all.first { $0["username"] as? String == "sagsbehandler" })
            #expect((caseworker["unitIds"] as? [String])?.isEmpty == false, "a caseworker's units are listed")
        }
    }
}
