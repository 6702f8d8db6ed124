public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real S3-compatible server for tests: moto's `moto.server` (PyPI `moto[server]`) on a free
/// loopback port, started by ``withMotoServer(_:)`` and stopped when the closure returns.
public enum MotoServer {
    /// Starts `python3 -m moto.server` on 127.0.0.1 and a free port, waits until it accepts
    /// connections, runs `body` with its endpoint (`http://127.0.0.1:PORT`), then stops it.
    ///
    /// Each call gets its own server, so tests can run in parallel without sharing buckets.
    /// - Throws: ``MotoServerError`` when the server does not start within 30 seconds, or what `body` throws.
    public static func withMotoServer<T>(_ body: (URL) async throws -> T) async throws -> T {
        let port = try freeLoopbackPort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(port)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [PythonScript.interpreter, "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: the child inherits the test runner's blocked signal mask, so SIGTERM would stay pending.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try? logHandle.close()
        }
        var ready = false
        for _ in 0..<300 {
            if canConnect(port: port) {
                ready = true
                break
            }
            guard process.isRunning else { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        guard ready else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw MotoServerError(description: "moto server did not start on port \(port): \(output)")
        }
        return try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }

    /// Binds 127.0.0.1:0, reads back the port the kernel chose and closes the socket.
    static func freeLoopbackPort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw MotoServerError(description: "socket() failed: \(errno)") }
        defer { close(socketFD) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw MotoServerError(description: "bind() failed: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else { throw MotoServerError(description: "getsockname() failed: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// The moto server could not be started.
public struct MotoServerError: Error, CustomStringConvertible {
    public var description: String
}
