import BlockingWork
import CZlib
import Foundation
import PosterDesign

/// Encodes a Cairo RGB24 image as an 8-bit RGB PNG marked sRGB with its resolution (`pHYs`), fast: the Up or Sub filter on each row (see
/// ``filterRow(_:above:width:into:)``) and ISA-L's deflate at level 1 (see ``DeflateStream``), compressed in
/// horizontal stripes on several threads.
///
/// Each stripe is a raw deflate stream ended by a sync flush on a byte boundary, so their concatenation is one
/// valid zlib stream (the technique of `pigz`); the Adler-32 checksums are joined with `adler32_combine`. A map
/// poster is mostly flat colour, so this is much faster than Cairo's own PNG writer (libpng at zlib's default level,
/// one thread).
///
/// `@unchecked Sendable`: the stripe threads only read `pixels`, which the caller keeps alive and unchanged
/// until ``encode()`` returns.
struct PNGEncoder: @unchecked Sendable {
    let width: Int
    let height: Int
    /// Bytes per row of the source (Cairo's stride).
    let stride: Int
    /// Rows top to bottom, native-endian `0x00RRGGBB` words.
    let pixels: UnsafePointer<UInt8>
    /// The resolution written in the `pHYs` chunk, so that print shops and image editors open the file at its
    /// physical size (as matplotlib's PNGs do).
    let dotsPerInch: Int

    /// How many stripes compress in parallel.
    var stripes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// The PNG file's bytes.
    ///
    /// - Throws: ``RenderError/Code/encoding`` when the compression fails.
    func encode() throws -> Data {
        let rowBytes = 1 + width * 3
        let stripeCount = min(stripes, max(1, height / 64))
        let rowsPerStripe = (height + stripeCount - 1) / stripeCount
        let stripes = try (0..<stripeCount).concurrentMap { index in
            let firstRow = index * rowsPerStripe
            let lastRow = min(height, firstRow + rowsPerStripe)
            return try compressStripe(rows: firstRow..<lastRow, rowBytes: rowBytes, isLast: index == stripeCount - 1)
        }
        var zlibStream = Data([0x78, 0x01])  // deflate, 32 KB window, "fastest" level, no dictionary
        var adler: UInt = adler32(0, nil, 0)
        for stripe in stripes {
            zlibStream.append(stripe.bytes)
            adler = adler32_combine(adler, stripe.adler, stripe.inputLength)
        }
        zlibStream.append(contentsOf: Self.bigEndian(UInt32(adler)))

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(contentsOf: Self.bigEndian(UInt32(width)))
        header.append(contentsOf: Self.bigEndian(UInt32(height)))
        header.append(contentsOf: [8, 2, 0, 0, 0])  // 8-bit, truecolour, deflate, adaptive filtering, no interlace
        Self.appendChunk("IHDR", header, to: &png)
        // Cairo's colours are sRGB: say so (rendering intent 0, perceptual).
        Self.appendChunk("sRGB", Data([0]), to: &png)
        let dotsPerMetre = Self.bigEndian(UInt32(Self.dotsPerMetre(dotsPerInch)))
        Self.appendChunk("pHYs", Data(dotsPerMetre + dotsPerMetre + [1]), to: &png)  // unit 1: the metre
        Self.appendChunk("IDAT", zlibStream, to: &png)
        Self.appendChunk("IEND", Data(), to: &png)
        return png
    }

    /// Filters a stripe's rows a batch at a time and deflates them; nothing image-sized is allocated besides the
    /// output.
    private func compressStripe(rows: Range<Int>, rowBytes: Int, isLast: Bool) throws -> Stripe {
        var stream = DeflateStream(expectedOutput: rows.count * rowBytes / 16)
        let batchRows = max(1, (1 << 16) / rowBytes)
        let batch = UnsafeMutablePointer<UInt8>.allocate(capacity: batchRows * rowBytes)
        defer { batch.deallocate() }
        var y = rows.lowerBound
        while y < rows.upperBound {
            let count = min(batchRows, rows.upperBound - y)
            for index in 0..<count {
                let row = y + index
                Self.filterRow(
                    UnsafeRawPointer(pixels + row * stride),
                    above: row == 0 ? nil : UnsafeRawPointer(pixels + (row - 1) * stride),
                    width: width,
                    into: batch + index * rowBytes
                )
            }
            try stream.write(batch, count: count * rowBytes)
            y += count
        }
        let (bytes, adler, inputLength) = try stream.finish(isLast: isLast)
        return Stripe(bytes: bytes, adler: adler, inputLength: inputLength)
    }

    /// One stripe's deflate bytes, the Adler-32 of its filtered rows and their length.
    struct Stripe: Sendable {
        var bytes: Data
        var adler: UInt
        var inputLength: Int
    }

    /// `pHYs` counts pixels per metre: 300 dpi is 11,811.
    static func dotsPerMetre(_ dotsPerInch: Int) -> Int { Int((Double(dotsPerInch) / 0.0254).rounded()) }

    private static func appendChunk(_ type: String, _ body: Data, to png: inout Data) {
        png.append(contentsOf: bigEndian(UInt32(body.count)))
        let typeBytes = Array(type.utf8)
        png.append(contentsOf: typeBytes)
        png.append(body)
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        crc = body.withUnsafeBytes { crc32(crc, $0.bindMemory(to: UInt8.self).baseAddress, uInt(body.count)) }
        png.append(contentsOf: bigEndian(UInt32(crc)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
