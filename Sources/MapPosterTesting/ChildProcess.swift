package import CSpawn
public import Foundation
import Synchronization

/// A process started by a test, with its output captured to a log file, that is always stopped.
///
/// Spawned with `posix_spawn` and an empty signal mask: Foundation's `Process` lets the child inherit
/// the spawning thread's blocked signals, so a server started from a test thread could ignore SIGTERM.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
public final class ChildProcess: Sendable {
    /// The exit status once the process has been reaped.
    private let exitStatus = Mutex<Int32?>(nil)
    package let processIdentifier: pid_t
    /// Where stdout and stderr go; read it to diagnose a failure.
    package let logFile: URL

    /// Starts `executable` (a path, or a name looked up on `PATH`) with `arguments`.
    ///
    /// Standard output goes to a new log file in the temporary folder, which ``output`` reads.
    ///
    /// - Parameters:
    ///   - executable: a path, or a name looked up on `PATH`.
    ///   - arguments: the arguments after the executable's name.
    ///   - environment: added to this process's environment.
    ///   - standardInput: a file to read standard input from. Defaults to `/dev/null`.
    ///   - errorFile: where standard error goes. Defaults to the log file, together with standard output.
    /// - Throws: ``TestServerError`` when the process cannot be started.
    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: URL? = nil,
        errorFile: URL? = nil
    ) throws {
        let path = Self.resolve(executable)
        logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "mapposter-\(URL(fileURLWithPath: path).lastPathComponent)-\(UUID().uuidString).log")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, standardInput?.path ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let errorFile {
            posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // The test's own Redis connections (SwiftNIO sockets are not close-on-exec) stay with the test.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        var pid: pid_t = 0
        let status = withCStrings([path] + arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, path, &actions, &attributes, argv, envp) }
        }
        guard status == 0 else { throw TestServerError("cannot start \(path): \(String(cString: strerror(status)))") }
        processIdentifier = pid
    }

    /// Whether the process has not exited yet (reaps it if it has).
    package var isRunning: Bool {
        exitStatus.withLock { exitStatus in
            guard exitStatus == nil else { return false }
            var status: Int32 = 0
            guard waitpid(processIdentifier, &status, WNOHANG) == processIdentifier else { return true }
            exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return false
        }
    }

    /// Sends `signal` (default SIGTERM) and waits up to `timeout` for the process to exit, then SIGKILLs it.
    /// - Returns: the exit status (128 + signal number when killed by a signal).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) async -> Int32 {
        if isRunning { kill(processIdentifier, signal) }
        if let status = await waitForExit(timeout: timeout) { return status }
        kill(processIdentifier, SIGKILL)
        return await waitForExit(timeout: .seconds(10)) ?? -1
    }

    /// Sends `signal` without waiting.
    package func send(signal: Int32) { kill(processIdentifier, signal) }

    /// Waits for the process to exit by itself, up to `timeout`.
    /// - Returns: the exit status, or `nil` if it is still running.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return exitStatus.withLock { $0 }
    }

    /// Everything the process printed so far.
    public var output: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    deinit {
        if isRunning {
            kill(processIdentifier, SIGKILL)
            var status: Int32 = 0
            waitpid(processIdentifier, &status, 0)
        }
    }

    /// Finds `name` on `PATH` unless it is already a path.
    package static func resolve(_ name: String) -> String {
        guard !name.contains("/") else { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`.
private func withCStrings<Result>(
    _ strings: [String],
    _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
