import Foundation
import HTTPTypes

/// Finds the real client address of a request: the peer, unless the peer is a trusted proxy, in which
/// case the forwarding headers name the client.
///
/// `X-Forwarded-For` is read right to left, skipping trusted proxies, so a client cannot spoof its
/// address by sending its own header through a proxy that appends; `X-Real-IP` is used when it is absent.
/// Entries that are not IP addresses are ignored.
struct ClientAddressResolver: Sendable {
    var trustedProxies: [IPNetwork]

    /// Whether `address` is one of the trusted proxies.
    func isTrusted(_ address: String) -> Bool {
        guard !trustedProxies.isEmpty, let bytes = IPNetwork.bytes(of: address) else { return false }
        return trustedProxies.contains { $0.contains(address: bytes) }
    }

    /// The client address for a request from `peer` (an IP literal; `nil` when unknown) with `headers`.
    func clientAddress(peer: String?, headers: HTTPFields) -> String {
        let peer = peer ?? "unknown"
        guard isTrusted(peer) else { return peer }
        let forwarded = headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { IPNetwork.bytes(of: $0) != nil }
        if let client = forwarded.last(where: { !isTrusted($0) }) ?? forwarded.first {
            return client
        }
        if let realIP = headers[.xRealIP]?.trimmingCharacters(in: .whitespaces), IPNetwork.bytes(of: realIP) != nil {
            return realIP
        }
        return peer
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xRealIP = HTTPField.Name("X-Real-IP")!
}
