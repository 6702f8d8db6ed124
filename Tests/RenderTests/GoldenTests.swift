import Foundation
import PosterDesign
import Testing

@testable import Render

/// One small golden PNG per theme (4 × 5.33 in at 50 dpi), compared with a tolerance; ``OptionGoldenTests`` adds one per
/// poster option.
///
/// Set `MAPPOSTER_UPDATE_GOLDENS=1` to rewrite them after an intended change, and look at them before
/// committing.
@Suite struct GoldenTests {
    /// At most this share of pixels may differ by more than ``largeDifference`` in some channel.
    static let allowedShare = 0.01
    static let largeDifference = 24
    /// Mean absolute difference over all channels.
    static let allowedMean = 1.5

    @Test(arguments: Theme.ids)
    func matchesTheGolden(theme: String) throws {
        let png = try PosterRenderer.render(
            try RenderFixtures.helsinki, options: try RenderFixtures.options(theme: theme))
        try Self.compare(png, toGolden: "helsinki-\(theme).png")
    }

    /// Compares a PNG with `Goldens/<name>` within the tolerances (or rewrites the golden when asked to).
    static func compare(_ png: Data, toGolden name: String) throws {
        let file = RenderFixtures.goldens.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["MAPPOSTER_UPDATE_GOLDENS"] == "1" {
            try png.write(to: file)
            return
        }
        let golden = try PixelBuffer(png: try Data(contentsOf: file))
        let image = try PixelBuffer(png: png)
        try #require(image.width == golden.width && image.height == golden.height)
        var total = 0
        var large = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let a = image[x, y]
                let b = golden[x, y]
                let differences = [
                    abs(Int(a.red) - Int(b.red)), abs(Int(a.green) - Int(b.green)), abs(Int(a.blue) - Int(b.blue)),
                ]
                total += differences.reduce(0, +)
                if differences.max()! > Self.largeDifference { large += 1 }
            }
        }
        let pixels = Double(image.width * image.height)
        #expect(Double(total) / (pixels * 3) <= Self.allowedMean, "\(name)")
        #expect(Double(large) / pixels <= Self.allowedShare, "\(name)")
    }

    @Test func goldensStaySmall() throws {
        let files = try FileManager.default.contentsOfDirectory(
            at: RenderFixtures.goldens, includingPropertiesForKeys: [.fileSizeKey])
        #expect(files.filter { $0.lastPathComponent.hasPrefix("helsinki-") }.count == Theme.ids.count)
        #expect(files.filter { $0.lastPathComponent.hasPrefix("option-") }.count == OptionGoldenTests.goldenCount)
        let bytes = try files.map { try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 }.reduce(0, +)
        #expect(bytes < 2_500_000)
    }

    /// The comparison is strict enough to notice a different theme.
    @Test func aDifferentThemeDoesNotPass() throws {
        let noir = try PixelBuffer(
            png: try Data(contentsOf: RenderFixtures.goldens.appendingPathComponent("helsinki-noir.png")))
        let png = try PosterRenderer.render(
            try RenderFixtures.helsinki, options: try RenderFixtures.options(theme: "midnight_blue"))
        let image = try PixelBuffer(png: png)
        var large = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let a = image[x, y]
                let b = noir[x, y]
                let worst = max(
                    abs(Int(a.red) - Int(b.red)), abs(Int(a.green) - Int(b.green)), abs(Int(a.blue) - Int(b.blue)))
                if worst > Self.largeDifference { large += 1 }
            }
        }
        #expect(Double(large) / Double(image.width * image.height) > Self.allowedShare)
    }
}
