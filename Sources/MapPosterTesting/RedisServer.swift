package import Foundation
import Synchronization

/// A real `redis-server` on a free loopback port, private to one test; get one with ``withRedisServer(appendOnly:_:)``.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
public final class RedisServer: Sendable {
    package let port: Int
    package let directory: URL
    /// How the server runs; see ``start(_:)``.
    package let options: Options
    private let state: ProcessBox

    /// How a test server runs.
    package struct Options: Sendable {
        /// Persist every write to an append-only file (fsync always), so that a restart keeps the data.
        package var appendOnly = false
        /// Serve TLS only (no plain port), with these certificates.
        package var tls: TestCertificates?
        /// With ``tls``: refuse clients without a certificate the authority signed.
        package var requireClientCertificates = false
        /// Replicate the server on this loopback port.
        package var replicaOf: Int?

        package init(
            appendOnly: Bool = false, tls: TestCertificates? = nil, requireClientCertificates: Bool = false,
            replicaOf: Int? = nil
        ) {
            self.appendOnly = appendOnly
            self.tls = tls
            self.requireClientCertificates = requireClientCertificates
            self.replicaOf = replicaOf
        }
    }

    /// The URL clients connect with: `redis://127.0.0.1:<port>/<database>`, or for a TLS server
    /// `rediss://…?ssl_cert_reqs=required&ssl_ca_certs=…` (with the client certificate when it is required),
    /// the form kombu, redis-py and the Swift client all accept.
    public func url(database: Int = 0) -> String {
        guard let tls = options.tls else { return "redis://127.0.0.1:\(port)/\(database)" }
        var url = "rediss://127.0.0.1:\(port)/\(database)?ssl_cert_reqs=required&ssl_ca_certs=\(tls.authorityPath)"
        if options.requireClientCertificates {
            url += "&ssl_certfile=\(tls.clientCertificatePath)&ssl_keyfile=\(tls.clientKeyPath)"
        }
        return url
    }

    private init(port: Int, directory: URL, options: Options) {
        self.port = port
        self.directory = directory
        self.options = options
        self.state = ProcessBox()
    }

    /// Starts a server; it persists nothing to disk unless `appendOnly` is set.
    package static func start(appendOnly: Bool = false) async throws -> RedisServer {
        try await start(Options(appendOnly: appendOnly))
    }

    /// Starts a server as `options` say.
    ///
    /// A free port can be taken by another test's server between choosing it and binding it (parallel tests each
    /// ask for one); the server then exits, and the start is tried again on another port.
    package static func start(_ options: Options) async throws -> RedisServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var attempt = 1
        while true {
            let server = RedisServer(port: try freeLoopbackPort(), directory: directory, options: options)
            do {
                try await server.launch()
                return server
            } catch is RedisServerExited where attempt < 5 {
                attempt += 1
            }
        }
    }

    private func launch() async throws {
        var arguments = [
            "--bind", "127.0.0.1", "--dir", directory.path, "--save", "", "--protected-mode", "no",
            "--daemonize", "no", "--enable-debug-command", "local",
        ]
        if let tls = options.tls {
            arguments += [
                "--port", "0", "--tls-port", String(port), "--tls-cert-file", tls.serverCertificatePath,
                "--tls-key-file", tls.serverKeyPath, "--tls-ca-cert-file", tls.authorityPath,
                "--tls-auth-clients", options.requireClientCertificates ? "yes" : "no",
            ]
        } else {
            arguments += ["--port", String(port)]
        }
        if options.appendOnly { arguments += ["--appendonly", "yes", "--appendfsync", "always"] }
        if let master = options.replicaOf { arguments += ["--replicaof", "127.0.0.1", String(master)] }
        let process = try ChildProcess("redis-server", arguments)
        state.process = process
        try await waitUntilReady(process)
    }

    /// Waits until the server says it is listening ("Server initialized", logged once its ports are bound and
    /// before it loads its data, which it answers `-LOADING` during): a port that answers may be another test's
    /// server.
    ///
    /// - Throws: ``RedisServerExited`` when it exited first (its port was taken), ``TestServerError`` when it is not
    ///   ready within a minute.
    private func waitUntilReady(_ process: ChildProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !process.output.contains("Server initialized") {
            guard process.isRunning else {
                state.process = nil
                throw RedisServerExited(port: port, output: String(process.output.suffix(400)))
            }
            guard ContinuousClock.now < deadline else {
                throw TestServerError("redis-server on port \(port) was not ready within a minute")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Stops the server (SIGTERM, so an append-only file is flushed), or kills it with `signal`.
    package func stop(signal: Int32 = SIGTERM) async {
        await state.process?.stop(signal: signal)
        state.process = nil
    }

    /// Stops and starts the server on the same port, as an operator restarting Redis would.
    package func restart(downtime: Duration = .milliseconds(500)) async throws {
        await stop()
        try await Task.sleep(for: downtime)
        try await launch()
    }
}

/// Runs `body` with a fresh redis-server and always stops it afterwards.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
/// - Parameters:
///   - appendOnly: persist every write to an append-only file, so that a restart keeps the data.
///   - body: the test, given the running server.
/// - Returns: what `body` returns.
/// - Throws: ``TestServerError`` when the server does not start, or what `body` throws.
public func withRedisServer<Result>(
    appendOnly: Bool = false,
    _ body: (RedisServer) async throws -> Result
) async throws -> Result {
    try await withTearDown(try await RedisServer.start(RedisServer.Options(appendOnly: appendOnly)), body)
}

/// Mutable process state of a test server.
final class ProcessBox: Sendable {
    private let current = Mutex<ChildProcess?>(nil)
    var process: ChildProcess? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

/// A test's redis-server exited before it was ready: its port was taken, or its options were refused.
struct RedisServerExited: Error, CustomStringConvertible {
    var port: Int
    var output: String
    var description: String { "redis-server on port \(port) exited before it was ready: \(output)" }
}
