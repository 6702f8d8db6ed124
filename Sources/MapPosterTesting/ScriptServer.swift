package import Foundation

/// A helper server written in Python (in `Tests/Servers/`), started on a free loopback port for one test.
///
/// The script binds `127.0.0.1:0` and prints its port as the first line of standard output.
/// ``run(_:arguments:_:)`` starts it, waits for the port, runs the body, and always stops it.
package enum ScriptServer {
    /// `Tests/Servers/<name>` in this package.
    package static func script(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Servers/\(name)")
    }

    /// Runs `script` with `python3`, passes its base URL (`http://127.0.0.1:PORT`) to `body`, then stops it.
    ///
    /// - Throws: ``TestServerError`` when no port is printed within 180 seconds (scripts may load fixtures first), or what `body` throws.
    package static func run<T>(
        _ script: URL,
        arguments: [String] = [],
        _ body: (String) async throws -> T
    ) async throws -> T {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mapposter-\(script.lastPathComponent)-\(UUID().uuidString).err")
        let process = try ChildProcess(PythonScript.interpreter, [script.path] + arguments, errorFile: errorFile)
        defer {
            try? FileManager.default.removeItem(at: process.logFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        let port: Int
        do {
            port = try await firstLinePort(of: process, timeout: .seconds(180))
        } catch {
            let state = process.isRunning ? "still running" : "exited"
            let output = process.output
            let status = await process.stop()
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw TestServerError(
                "\(script.lastPathComponent) printed no port (\(state), status \(status)); stdout: \(output.debugDescription); "
                    + "stderr: \(stderr)")
        }
        return try await withTearDown(process) { _ in try await body("http://127.0.0.1:\(port)") }
    }

    /// Waits for the first complete line of standard output and reads it as a port number.
    ///
    /// The output is read once more after the deadline: a test process whose cooperative threads were all busy
    /// may resume this task only after the deadline, when the port has long been printed.
    private static func firstLinePort(of process: ChildProcess, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            let output = process.output
            if let newline = output.firstIndex(of: "\n") {
                guard let port = Int(output[..<newline].trimmingCharacters(in: .whitespaces)) else { break }
                return port
            }
            guard process.isRunning, ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestServerError("no port")
    }
}
