import ArgumentParser
import Foundation
import MapFeatures
import MapPosterTesting
import Render
import Testing

@testable import MapPosterCLI

@Suite struct RenderCommandTests {
    @Test func paperPresetsOverrideWidthAndHeight() throws {
        let command = try RenderCommand.parse([
            "--features", "x.json", "--lat", "-33.8688", "--lon", "151.2093", "--distance", "3000",
            "--theme", "ocean", "--format", "PDF", "--output", "out.pdf", "--paper", "A3", "--width", "5",
            "--city", "Sydney", "--country", "Australia", "--name-label", "Warrane",
        ])
        let options = try command.posterOptions()
        #expect(options.width == PaperSize.a3.width && options.height == PaperSize.a3.height)
        #expect(options.format == .pdf)
        #expect(options.theme.id == "ocean")
        #expect(options.center == GeoPoint(latitude: -33.8688, longitude: 151.2093))
        #expect(options.labels.title == "Warrane")
    }

    @Test func unknownThemeAndFormatAreReported() throws {
        let base = ["--features", "x.json", "--lat", "0", "--lon", "0", "--output", "o.png"]
        #expect(throws: RenderError.self) { try RenderCommand.parse(base + ["--theme", "nope"]).posterOptions() }
        #expect(throws: RenderError.self) { try RenderCommand.parse(base + ["--format", "gif"]).posterOptions() }
    }

    /// Runs the built `mapposter` binary on the Helsinki features, as a user would.
    @Test func rendersHelsinkiEndToEnd() throws {
        let binary = try #require(Self.productsDirectory?.appendingPathComponent("mapposter"))
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build mapposter first: \(binary.path)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mapposter-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let features = folder.appendingPathComponent("helsinki.json")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/osm-to-features.py")
        try Self.run("/usr/bin/env", ["python3", script.path, try Fixtures.helsinkiPBF.path, features.path])
        let output = folder.appendingPathComponent("poster.png")
        let printed = try Self.run(
            binary.path,
            [
                "render", "--features", features.path, "--lat", "60.1716", "--lon", "24.9443", "--distance", "650",
                "--theme", "noir", "--format", "png", "--output", output.path, "--city", "Helsinki", "--country",
                "Finland", "--paper", "A4", "--dpi", "40",
            ]
        )
        #expect(printed.hasPrefix("wrote \(output.path)"))
        let png = try Data(contentsOf: output)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR width and height, big-endian, at bytes 16..<24: A4 at 40 dpi is 331 × 468.
        let header = [UInt8](png[16..<24])
        let width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 331 && height == 468)

        let themes = try Self.run(binary.path, ["themes"])
        #expect(themes.split(separator: "\n").count == 17)
        #expect(themes.hasPrefix("autumn\tAutumn\t"))
    }

    /// The folder the test bundle and the products were built into.
    private static var productsDirectory: URL? {
        Bundle.main.executableURL?.deletingLastPathComponent()
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(executable) \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }
}
