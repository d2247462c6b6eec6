import Fluent
import Foundation
import Metrics
import OpenVUMDomain
import OpenVUMStore
import Prometheus
import SQLKit
import Vapor

/// Health, metrics, the OpenAPI document and static files.
enum Operations {
    static func livez(_ req: Request) async throws -> Response {
        try APIResponse.json(["status": "ok"])
    }

    /// Ready when the database answers within a second (and is not known to be down): 200, else 503 with
    /// `Retry-After`, at once.
    static func readyz(_ req: Request) async throws -> Response {
        let health = req.openvum.databaseHealth
        if !health.isDown, await DatabaseHealth.ping(req.db, timeout: .seconds(1)) {
            return try APIResponse.json(["status": "ok", "database": "ok"])
        }
        if !health.isDown { health.markDown(req.application) }
        req.logger.error("readiness check failed: database unreachable")
        let response = try APIResponse.json(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
        response.headers.replaceOrAdd(name: .retryAfter, value: "5")
        return response
    }

    /// `/metrics` answers only a client at an address in `OPENVUM_METRICS_ALLOW` (by default this machine) or
    /// one that sends `Authorization: Bearer <OPENVUM_METRICS_TOKEN>`; anyone else gets 403.
    static func metrics(_ req: Request) async throws -> Response {
        let config = req.openvum.config
        let fromAllowedAddress = ClientAddress.of(req).map { config.metricsAllowedAddresses.contains($0) } ?? false
        let withToken = config.metricsToken.map { token in
            req.headers.bearerAuthorization.map { Secrets.equal($0.token, token) } ?? false
        } ?? false
        guard fromAllowedAddress || withToken else {
            throw DomainError(.forbidden, code: "metrics.forbidden", title: "Ingen adgang",
                              detail: "Metrikker kan kun hentes fra de adresser, der er sat i OPENVUM_METRICS_ALLOW, eller med OPENVUM_METRICS_TOKEN.")
        }
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.body = .init(string: MetricsRegistry.shared.emitToString())
        return response
    }

    /// A file shipped in the target's `Resources`; its absence is a packaging error, found at first use.
    static func resource(_ name: String, _ ext: String, in directory: String = "Resources") -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: directory),
              let data = try? Data(contentsOf: url) else {
            fatalError("Resources/\(name).\(ext) is missing from the bundle")
        }
        return data
    }

    static let openAPIDocument: Data = {
        do { return try OpenAPIDocument.joined() } catch { fatalError("the OpenAPI document cannot be joined: \(error)") }
    }()

    static func openAPI(_ req: Request) async throws -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = .json
        response.body = .init(data: openAPIDocument)
        return response
    }

    static let stylesheet = resource("openvum", "css")

    static let supplementStylesheet = resource("openvum-dkfds", "css")

    static func css(_ req: Request) async throws -> Response { cssResponse(stylesheet) }

    /// OpenVUM's layouts for use with the official DKFDS stylesheet (`OPENVUM_DKFDS_STYLESHEET`).
    static func dkfdsSupplementCSS(_ req: Request) async throws -> Response { cssResponse(supplementStylesheet) }

    static func cssResponse(_ data: Data) -> Response {
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        response.body = .init(data: data)
        return response
    }
}
