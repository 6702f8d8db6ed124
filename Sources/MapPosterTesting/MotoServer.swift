package import Foundation

/// A real S3-compatible server for tests: moto's `moto.server` (PyPI `moto[server]`) on a free
/// loopback port, started by ``withMotoServer(_:)`` and stopped when the closure returns.
package enum MotoServer {
    /// Starts `python3 -m moto.server` on 127.0.0.1 and a free port, waits until it accepts
    /// connections, runs `body` with its endpoint (`http://127.0.0.1:PORT`), then stops it.
    ///
    /// Each call gets its own server, so tests can run in parallel without sharing buckets.
    /// - Throws: ``TestServerError`` when the server does not start within 30 seconds, or what `body` throws.
    package static func withMotoServer<T>(_ body: (URL) async throws -> T) async throws -> T {
        let port = try freeLoopbackPort()
        let process = try ChildProcess(
            PythonScript.interpreter, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)])
        defer { try? FileManager.default.removeItem(at: process.logFile) }
        do {
            try await waitForLoopbackPort(port, timeout: .seconds(30))
        } catch {
            await process.stop()
            throw TestServerError("moto server did not start on port \(port): \(process.output)")
        }
        return try await withTearDown(process) { _ in try await body(URL(string: "http://127.0.0.1:\(port)")!) }
    }
}
