public import Foundation

/// A helper server written in Python (in `Tests/Servers/`), started on a free loopback port for one test.
///
/// The script binds `127.0.0.1:0` and prints its port as the first line of standard output.
/// ``run(_:arguments:_:)`` starts it, waits for the port, runs the body, and always stops it.
public enum ScriptServer {
    /// `Tests/Servers/<name>` in this package.
    public static func script(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Servers/\(name)")
    }

    /// Runs `script` with `python3`, passes its base URL (`http://127.0.0.1:PORT`) to `body`, then stops it.
    public static func run<T>(
        _ script: URL,
        arguments: [String] = [],
        _ body: (String) async throws -> T
    ) async throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: the child inherits the test runner's blocked-signal mask, so SIGTERM can stay pending.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            throw FixtureError.notFound("a port from \(script.lastPathComponent) (did it fail to start?)")
        }
        return try await body("http://127.0.0.1:\(port)")
    }
}
