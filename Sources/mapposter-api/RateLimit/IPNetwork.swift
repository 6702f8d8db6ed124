import Foundation

/// An IPv4 or IPv6 network in CIDR notation, such as `172.30.57.0/24` or `::1/128`.
///
/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) match IPv4 networks.
struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The network's address bytes (4 or 16).
    var address: [UInt8]
    /// How many leading bits must match.
    var prefixLength: Int

    /// Parses `address/prefix`, or a bare address (a single host).
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = IPNetwork.bytes(of: String(first)) else { return nil }
        let bits = bytes.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        address = bytes
        prefixLength = prefix
    }

    /// The networks of a comma-separated list, or `nil` when an entry is not a CIDR.
    static func list(_ text: String) -> [IPNetwork]? {
        let networks = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { IPNetwork($0) }
        return networks.contains(nil) ? nil : networks.compactMap { $0 }
    }

    /// The loopback networks, `127.0.0.0/8` and `::1/128`.
    static let loopback = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!]

    /// Whether `host` (an address literal) lies in this network.
    func contains(_ host: String) -> Bool {
        IPNetwork.bytes(of: host).map(contains(address:)) ?? false
    }

    /// Whether the address with these bytes (4 or 16, as ``bytes(of:)`` returns them) lies in this network.
    func contains(address hostBytes: [UInt8]) -> Bool {
        var bytes = hostBytes
        if bytes.count == 16, address.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff,
            bytes[11] == 0xff
        {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == address.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - take))
            if bytes[index] & mask != address[index] & mask { return false }
            remaining -= take
        }
        return true
    }

    var description: String {
        let host =
            address.count == 4
            ? address.map(String.init).joined(separator: ".")
            : stride(from: 0, to: 16, by: 2).map {
                String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
            }
            .joined(separator: ":")
        return "\(host)/\(prefixLength)"
    }

    /// The bytes of an IPv4 or IPv6 address literal (brackets and a zone index are ignored).
    static func bytes(of text: String) -> [UInt8]? {
        // Trimmed only when it needs to be: a peer address (every request) never does.
        let isBlank = { (character: Character?) in character == " " || character == "\t" }
        var host = isBlank(text.first) || isBlank(text.last) ? text.trimmingCharacters(in: .whitespaces) : text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
