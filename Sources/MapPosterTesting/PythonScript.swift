package import Foundation

/// Runs a Python reference script that tests compare Swift output against.
package enum PythonScript {
    /// The Python interpreter: `MAPPOSTER_PYTHON`, or `python3` from `PATH`.
    package static var interpreter: String { ProcessInfo.processInfo.environment["MAPPOSTER_PYTHON"] ?? "python3" }

    /// Runs `script` with `arguments`, feeds it `input` on stdin and returns its stdout.
    ///
    /// - Parameter timeout: how long the script may run before it is killed. Defaults to 120 seconds.
    /// - Throws: ``PythonScriptError`` when the script exits with a non-zero status (its stderr is included).
    package static func run(
        _ script: URL,
        arguments: [String] = [],
        input: String = "",
        timeout: Duration = .seconds(120)
    ) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mapposter-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin")
        let errorFile = folder.appendingPathComponent("stderr")
        try Data(input.utf8).write(to: inputFile)
        let process = try ChildProcess(
            interpreter, [script.path] + arguments, standardInput: inputFile, errorFile: errorFile)
        defer { try? FileManager.default.removeItem(at: process.logFile) }
        var status = await process.waitForExit(timeout: timeout)
        if status == nil { status = await process.stop(signal: SIGKILL) }
        guard let status, status == 0 else {
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw PythonScriptError(script: script.lastPathComponent, status: status ?? -1, stderr: stderr)
        }
        return process.output
    }
}

/// A Python reference script failed.
package struct PythonScriptError: Error, CustomStringConvertible {
    /// The script's file name.
    package var script: String
    /// Its exit status.
    package var status: Int32
    /// What it wrote to stderr.
    package var stderr: String

    package var description: String { "\(script) exited with status \(status): \(stderr)" }
}
