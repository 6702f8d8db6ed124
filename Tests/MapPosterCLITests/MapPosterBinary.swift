import Foundation
import Testing

/// The built `mapposter` executable, run as a user runs it.
struct MapPosterBinary {
    /// What one run printed and how it ended.
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    let url: URL

    /// The binary next to the test bundle (`swift build --build-tests` builds both).
    init() throws {
        let folder = try #require(Bundle.main.executableURL?.deletingLastPathComponent())
        url = folder.appendingPathComponent("mapposter")
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "build mapposter first: \(url.path)")
    }

    /// Runs the binary with `arguments` and no environment but `PATH` (so no `NOMINATIM_URL` or `GEOCODER`
    /// leaks in), and waits for it. Standard error goes through a file, so neither stream can block the child.
    func run(_ arguments: [String]) throws -> Outcome {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("mapposter-\(UUID()).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: try String(contentsOf: errorFile, encoding: .utf8)
        )
    }

    /// Runs the binary and requires it to succeed; returns its standard output.
    @discardableResult
    func succeed(_ arguments: [String]) throws -> String {
        let outcome = try run(arguments)
        try #require(outcome.status == 0, "mapposter \(arguments) exited \(outcome.status): \(outcome.errors)")
        return outcome.output
    }
}
