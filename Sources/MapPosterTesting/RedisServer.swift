public import Foundation

/// A real `redis-server` on a free loopback port, private to one test.
public final class RedisServer: Sendable {
    public let port: Int
    public let directory: URL
    private let state: ProcessBox

    /// `redis://127.0.0.1:<port>/0`, or with `database`.
    public func url(database: Int = 0) -> String { "redis://127.0.0.1:\(port)/\(database)" }

    private init(port: Int, directory: URL) {
        self.port = port
        self.directory = directory
        self.state = ProcessBox()
    }

    /// Starts a server; it persists nothing to disk unless `appendOnly` is set.
    public static func start(appendOnly: Bool = false) async throws -> RedisServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = RedisServer(port: try freeLoopbackPort(), directory: directory)
        server.appendOnly = appendOnly
        try await server.launch()
        return server
    }

    private var appendOnly: Bool {
        get { state.appendOnly }
        set { state.appendOnly = newValue }
    }

    private func launch() async throws {
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
            "--save", "", "--protected-mode", "no", "--daemonize", "no", "--enable-debug-command", "local",
        ]
        if appendOnly { arguments += ["--appendonly", "yes", "--appendfsync", "always"] }
        let process = try ChildProcess("redis-server", arguments)
        state.process = process
        try await waitForLoopbackPort(port)
    }

    /// Stops the server (SIGTERM, so an append-only file is flushed).
    public func stop() async {
        await state.process?.stop()
        state.process = nil
    }

    /// Stops and starts the server on the same port, as an operator restarting Redis would.
    public func restart(downtime: Duration = .milliseconds(500)) async throws {
        await stop()
        try await Task.sleep(for: downtime)
        try await launch()
    }
}

/// Runs `body` with a fresh redis-server and always stops it afterwards.
public func withRedisServer<Result>(
    appendOnly: Bool = false,
    _ body: (RedisServer) async throws -> Result
) async throws -> Result {
    let server = try await RedisServer.start(appendOnly: appendOnly)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Mutable process state of a test server.
private final class ProcessBox: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var _process: ChildProcess?
    private var _appendOnly = false
    var process: ChildProcess? {
        get { lock.withLock { _process } }
        set { lock.withLock { _process = newValue } }
    }
    var appendOnly: Bool {
        get { lock.withLock { _appendOnly } }
        set { lock.withLock { _appendOnly = newValue } }
    }
}
