import CSpawn
import Foundation
import JSON
import Logging

/// A `prefork` pool process as the worker sees it: the same executable started again with
/// ``PoolChild/environmentKey`` set, fed jobs through one pipe and answering through another.
///
/// Frames from the child arrive on ``events`` (read on an event loop); when the child exits, for whatever reason,
/// the last event is its exit status.
final class PoolProcess: Sendable {
    enum Event: Sendable {
        case frame(JSONValue)
        case exited(PoolExitStatus)
    }

    let pid: pid_t
    let events: AsyncStream<Event>
    private let toChild: PoolPipeWriter

    /// Starts a pool process serving the tasks of this executable for node `hostname`.
    ///
    /// - Throws: ``CeleryError`` when the pipes or the process cannot be made.
    init(hostname: String, logger: Logger) async throws {
        let (pid, parentReads, parentWrites) = try Self.spawn(hostname: hostname)
        self.pid = pid
        toChild = PoolPipeWriter(descriptor: parentWrites)
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        self.events = events
        do {
            try await PoolPipeReader.start(reading: parentReads) { frame in
                continuation.yield(.frame(frame.header))
            } ended: { error in
                if let error {
                    // A process that garbles its answers cannot be trusted with the next task.
                    logger.error(
                        "Pool process sent a malformed frame; killing it",
                        metadata: ["celery.pid": "\(pid)", CeleryLogKey.error: "\(error)"])
                    _ = Glibc.kill(pid, SIGKILL)
                }
                // Its end of the pipe is closed: it has exited or is exiting. Waiting for it blocks, so not on the loop.
                let waiter = Thread {
                    continuation.yield(.exited(PoolExitStatus(waitingFor: pid)))
                    continuation.finish()
                }
                waiter.name = "celery-pool-exit"
                waiter.start()
            }
        } catch {
            _ = Glibc.kill(pid, SIGKILL)
            _ = PoolExitStatus(waitingFor: pid)
            toChild.close()
            throw CeleryError(code: .configuration, message: "cannot read from a pool process: \(error)")
        }
    }

    /// Starts the process with its two pipes; returns its pid and the worker's ends.
    private static func spawn(hostname: String) throws -> (pid: pid_t, reads: Int32, writes: Int32) {
        let (childReads, parentWrites) = try Self.pipe()
        let (parentReads, childWrites) = try Self.pipe()
        defer {
            Glibc.close(childReads)
            Glibc.close(childWrites)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childReads, PoolChild.jobDescriptor)
        posix_spawn_file_actions_adddup2(&actions, childWrites, PoolChild.replyDescriptor)
        // Nothing else crosses over (another pool process's pipe neither): SwiftNIO opens sockets without
        // close-on-exec, and a pool process holding the worker's blocked BLMOVE connection would keep it alive
        // after the worker died, taking a message for no one.
        posix_spawn_file_actions_addclosefrom_np(&actions, max(PoolChild.jobDescriptor, PoolChild.replyDescriptor) + 1)

        var environment = ProcessInfo.processInfo.environment
        environment[PoolChild.environmentKey] = hostname
        // A crash is reported by the worker as WorkerLostError; the backtrace still goes to stderr,
        // but nobody is there to answer an interactive prompt.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "interactive=no" }
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments + variables { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/proc/self/exe", &actions, nil, arguments, variables)
        guard status == 0 else {
            Glibc.close(parentReads)
            Glibc.close(parentWrites)
            throw CeleryError(
                code: .configuration, message: "cannot start a pool process: \(String(cString: strerror(status)))")
        }
        return (pid, parentReads, parentWrites)
    }

    /// Sends a frame (with a job's kombu message as its payload); throws when the process has gone.
    func send(_ frame: JSONValue, payload: [UInt8] = []) throws(PoolPipeError) {
        try toChild.write(frame, payload: payload)
    }

    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Closes the job pipe: the process exits once it has nothing to run.
    func close() { toChild.close() }

    /// A pipe whose two ends are not inherited by other processes (close-on-exec), both above the
    /// descriptors `posix_spawn` duplicates the child's ends onto, so that no dup2 is a no-op.
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else {
            throw CeleryError(code: .configuration, message: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for index in 0..<2 {
            let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, PoolChild.replyDescriptor + 1)
            Glibc.close(ends[index])
            ends[index] = moved
        }
        return (ends[0], ends[1])
    }
}

/// How a pool process ended, in billiard's words (`human_status`).
struct PoolExitStatus: Sendable, CustomStringConvertible {
    /// The signal that killed it, if one did.
    var signal: Int32?
    var exitCode: Int32
}

extension PoolExitStatus {
    /// Waits for process `pid` to end and reads its status.
    init(waitingFor pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let terminating = status & 0x7f
        self.init(signal: terminating == 0 ? nil : terminating, exitCode: (status >> 8) & 0xff)
    }

    /// `signal 11 (SIGSEGV)` or `exitcode 1`, as Celery's `WorkerLostError` says.
    var description: String {
        guard let signal else { return "exitcode \(exitCode)" }
        let names = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
            9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
        ]
        return names[Int(signal)].map { "signal \(signal) (\($0))" } ?? "signal \(signal)"
    }
}
