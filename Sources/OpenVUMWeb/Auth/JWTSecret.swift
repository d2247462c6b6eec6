import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The HMAC secret of API tokens. Never compiled in: `OPENVUM_JWT_SECRET` when set (production requires it);
/// otherwise, in development on the embedded SQLite file, a random secret generated once and kept beside the
/// file (`jwt-secret`, mode 0600) so that restarts keep tokens valid; otherwise a random secret per start.
enum JWTSecret {
    static let fileName = "jwt-secret"

    static func resolve(_ config: AppConfig, logger: Logger) throws -> String {
        if let configured = config.jwtSecret { return configured }
        if config.mode == .development, case .sqlite(let path) = config.database {
            return try file(besideDatabase: path)
        }
        if config.mode == .development {
            logger.warning("OPENVUM_JWT_SECRET is not set: API tokens are signed with a random secret and end when the server stops")
        }
        return Secrets.random(bytes: 48)
    }

    /// The secret kept beside an SQLite file, created (readable by its owner only) when missing.
    static func file(besideDatabase path: String) throws -> String {
        let url = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(fileName)
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            let existing = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if existing.count >= 32 { return existing }
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let secret = Secrets.random(bytes: 48)
        try? FileManager.default.removeItem(at: url)
        guard FileManager.default.createFile(atPath: url.path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AppConfig.Invalid(problems: ["cannot write the development token secret \(url.path); set OPENVUM_JWT_SECRET"])
        }
        return secret
    }
}
