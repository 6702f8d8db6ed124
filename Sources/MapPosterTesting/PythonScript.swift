public import Foundation

/// Runs a Python reference script that tests compare Swift output against.
public enum PythonScript {
    /// The Python interpreter: `MAPPOSTER_PYTHON`, or `python3` from `PATH`.
    public static var interpreter: String { ProcessInfo.processInfo.environment["MAPPOSTER_PYTHON"] ?? "python3" }

    /// Runs `script` with `arguments`, feeds it `input` on stdin and returns its stdout.
    ///
    /// - Throws: ``PythonScriptError`` when the script exits with a non-zero status (its stderr is included).
    public static func run(_ script: URL, arguments: [String] = [], input: String = "") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mapposter-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin")
        let errorFile = folder.appendingPathComponent("stderr")
        try Data(input.utf8).write(to: inputFile)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, script.path] + arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw PythonScriptError(script: script.lastPathComponent, status: process.terminationStatus, stderr: stderr)
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A Python reference script failed.
public struct PythonScriptError: Error, CustomStringConvertible {
    /// The script's file name.
    public var script: String
    /// Its exit status.
    public var status: Int32
    /// What it wrote to stderr.
    public var stderr: String

    public var description: String { "\(script) exited with status \(status): \(stderr)" }
}
