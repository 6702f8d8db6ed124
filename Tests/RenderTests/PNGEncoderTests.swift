import Foundation
import MapFeatures
import Testing

@testable import Render

/// The striped PNG encoder round-trips through libpng (which checks every zlib Adler-32) pixel for pixel.
@Suite struct PNGEncoderTests {
    /// An image with flat areas, repeated rows, zero runs of every length around 258, and noise.
    private static func pixels(width: Int, height: Int, seed: UInt64) -> [UInt32] {
        var state = seed
        func random() -> UInt32 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt32(truncatingIfNeeded: state >> 33)
        }
        var words = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let word: UInt32
                switch (y / 7) % 4 {
                case 0: word = 0x00_20_40_60  // flat
                case 1: word = x < (y * 37) % max(width, 1) ? 0x00_FF_FF_FF : random() & 0xFF_FFFF  // runs, then noise
                case 2: word = y > 0 && x % 5 != 0 ? words[(y - 1) * width + x] : random() & 0xFF_FFFF  // repeats above
                default: word = UInt32(x % 256) << 16 | UInt32(y % 256) << 8 | UInt32((x + y) % 256)  // gradient
                }
                words[y * width + x] = word
            }
        }
        return words
    }

    @Test(arguments: [(1, 1), (1, 300), (3, 2), (87, 259), (260, 130), (517, 301), (1031, 64)])
    func roundTrips(size: (width: Int, height: Int)) throws {
        let (width, height) = size
        let words = Self.pixels(width: width, height: height, seed: UInt64(width * 1000 + height))
        for stripes in [1, 3, 8] {
            let png = try words.withUnsafeBytes { raw in
                var encoder = PNGEncoder(
                    width: width,
                    height: height,
                    stride: width * 4,
                    pixels: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    dotsPerInch: 72
                )
                encoder.stripes = stripes
                return try encoder.encode()
            }
            let decoded = try PixelBuffer(png: png)
            #expect(decoded.width == width && decoded.height == height)
            var mismatches = 0
            for y in 0..<height {
                for x in 0..<width {
                    let word = words[y * width + x]
                    let pixel = decoded[x, y]
                    if pixel.red != UInt8(word >> 16 & 0xFF) || pixel.green != UInt8(word >> 8 & 0xFF)
                        || pixel.blue != UInt8(word & 0xFF)
                    {
                        mismatches += 1
                    }
                }
            }
            #expect(mismatches == 0, "\(width)×\(height), \(stripes) stripes")
        }
    }

    @Test func flatImagesCompressWell() throws {
        let words = [UInt32](repeating: 0x00_F5_ED_E4, count: 3600 * 100)
        let png = try words.withUnsafeBytes { raw in
            try PNGEncoder(
                width: 3600, height: 100, stride: 3600 * 4,
                pixels: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                dotsPerInch: 300
            )
            .encode()
        }
        // 1 MB of pixels: the first row (Sub) is one pixel then zeros, each later row (Up) only zeros, so deflate
        // sends little more than distance-1 matches of 258 bytes.
        #expect(png.count < 20_000)
    }

    /// A poster's PNG says its resolution (`pHYs`, pixels per metre) and colour space (`sRGB`) before the pixels, so
    /// a 12 × 16 in poster at 300 dpi opens as 12 × 16 in, not 50 × 66.7 in at 72 dpi.
    @Test(arguments: [300, 150, 72])
    func carriesTheDPIAndSRGB(dpi: Int) throws {
        let png = try PosterRenderer.render(MapData(), options: try RenderFixtures.options(dpi: dpi))
        let chunks = Self.chunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "sRGB", "pHYs", "IDAT", "IEND"])
        let physical = try #require(chunks.first { $0.type == "pHYs" }?.body)
        let perMetre = Int((Double(dpi) / 0.0254).rounded())
        #expect(Self.bigEndian(physical, at: 0) == perMetre && Self.bigEndian(physical, at: 4) == perMetre)
        #expect(physical.last == 1)  // the unit is the metre
        #expect(abs(Double(perMetre) * 0.0254 - Double(dpi)) <= 0.5 * 0.0254)  // the nearest whole count
        #expect(chunks.first { $0.type == "sRGB" }?.body == [0])
        // libpng reads the file with the new chunks.
        #expect(try PixelBuffer(png: png).width == Int((4 * Double(dpi)).rounded()))
    }

    /// The chunks of a PNG, in order.
    private static func chunks(_ png: Data) -> [(type: String, body: [UInt8])] {
        let bytes = [UInt8](png)
        var chunks: [(type: String, body: [UInt8])] = []
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bigEndian(bytes, at: offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            chunks.append((type, Array(bytes[(offset + 8)..<(offset + 8 + length)])))
            offset += 12 + length
        }
        return chunks
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    }
}
