import Foundation

/// Finds a TCP port on 127.0.0.1 that is free right now, for servers that can't bind port 0
/// themselves and report it back (redis-server treats port 0 as "no TCP").
///
/// Another process may take the port before the server binds it; tests accept that small race.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
/// - Throws: `POSIXError` when no socket can be bound.
public func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Waits until something accepts TCP connections on `127.0.0.1:port`, checking every 50 ms.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
/// - Throws: ``TestServerError`` when nothing listens after `timeout` (default 30 seconds).
public func waitForLoopbackPort(_ port: Int, timeout: Duration = .seconds(30)) async throws {
    let deadline = ContinuousClock.now + timeout
    // Checks once more after the deadline: on a loaded machine this task may not have run for a while.
    while !isListening(port) {
        guard ContinuousClock.now < deadline else {
            if isListening(port) { return }
            throw TestServerError("nothing listens on 127.0.0.1:\(port) after \(timeout)")
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// Whether a TCP connection to `127.0.0.1:port` is accepted right now.
package func isListening(_ port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// A test server could not be started or did not become ready.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
public struct TestServerError: Error, CustomStringConvertible {
    /// What went wrong, with the server's output when there is some.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
