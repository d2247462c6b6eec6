import Foundation
import NIOCore
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The client's IP address: the socket's peer, or — when the peer is a configured reverse proxy
/// (`OPENVUM_TRUSTED_PROXIES`) — the last address that proxy wrote into `X-Forwarded-For`.
enum ClientAddress {
    static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }

    /// One spelling per address (IPv6 in its canonical form, IPv4-mapped IPv6 as IPv4).
    static func normalized(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("::ffff:"), isIPAddress(String(t.dropFirst(7))), t.contains(".") { t.removeFirst(7) }
        return (try? SocketAddress(ipAddress: t, port: 0))?.ipAddress ?? t
    }

    static func of(_ req: Request) -> String? {
        guard let peer = req.remoteAddress?.ipAddress.map(normalized) else { return nil }
        let proxies = req.openvum.config.trustedProxies
        if proxies.contains(peer), let forwarded = req.headers.first(name: .xForwardedFor) {
            let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if isIPAddress(last) { return normalized(last) }
        }
        return peer
    }
}
