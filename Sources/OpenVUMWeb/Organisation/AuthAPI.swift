import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// `POST /api/v1/auth/token` and `GET /api/v1/me`.
enum AuthAPI {
    static func token(_ req: Request) async throws -> Response {
        let body = try StrictJSON.decode(TokenRequest.self, from: req)
        guard let principal = try await Passwords.login(username: body.username, password: body.password, on: req) else {
            throw Passwords.failed
        }
        let now = req.openvum.now()
        let expires = now.addingTimeInterval(req.openvum.config.tokenLifetime)
        let token = try await req.jwt.sign(AccessToken(userID: principal.userID, issuedAt: now, expiresAt: expires))
        try await req.writeTransaction { tx in
            try await req.audit(on: tx, objectType: "user", objectID: principal.userID.uuidString, criteria: "expires=\(Int(expires.timeIntervalSince1970))", principal: principal)
        }
        return try APIResponse.json(TokenResponse(token: token, expiresAt: expires))
    }

    static func me(_ req: Request) async throws -> Response {
        try APIResponse.json(MeDTO(try req.principal()))
    }
}
