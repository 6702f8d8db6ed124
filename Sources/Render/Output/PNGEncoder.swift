import CCairo
import Foundation

/// Encodes a Cairo RGB24 image as an 8-bit RGB PNG, fast: the "Up" or "Sub" filter on each row and ``FastDeflate``
/// (fixed Huffman codes, zero runs), compressed in horizontal stripes on several threads.
///
/// The stripes are raw deflate streams, each ended by a sync flush on a byte boundary, so their concatenation
/// is one valid zlib stream (the technique of `pigz`); the Adler-32 checksums are combined with
/// `adler32_combine`. A map poster is mostly flat colour, so this is ~30× faster than Cairo's libpng writer,
/// for a file about 1.5× larger.
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

    /// How many stripes compress in parallel.
    var stripes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    func encode() throws -> Data {
        let rowBytes = 1 + width * 3
        let stripeCount = min(stripes, max(1, height / 64))
        let rowsPerStripe = (height + stripeCount - 1) / stripeCount
        let results = StripeResults(count: stripeCount)
        DispatchQueue.concurrentPerform(iterations: stripeCount) { index in
            let firstRow = index * rowsPerStripe
            let lastRow = min(height, firstRow + rowsPerStripe)
            results.store(
                index, compressStripe(rows: firstRow..<lastRow, rowBytes: rowBytes, isLast: index == stripeCount - 1))
        }
        var zlibStream = Data([0x78, 0x01])
        var adler: UInt = adler32(0, nil, 0)
        for index in 0..<stripeCount {
            guard let (bytes, checksum, length) = results.value(index) else {
                throw RenderError(.cairo, "Could not compress the PNG.")
            }
            zlibStream.append(bytes)
            adler = adler32_combine(adler, checksum, length)
        }
        zlibStream.append(contentsOf: Self.bigEndian(UInt32(adler)))

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(contentsOf: Self.bigEndian(UInt32(width)))
        header.append(contentsOf: Self.bigEndian(UInt32(height)))
        header.append(contentsOf: [8, 2, 0, 0, 0])  // 8-bit, truecolour, deflate, adaptive filtering, no interlace
        Self.appendChunk("IHDR", header, to: &png)
        Self.appendChunk("IDAT", zlibStream, to: &png)
        Self.appendChunk("IEND", Data(), to: &png)
        return png
    }

    /// Filters and deflates rows one at a time; returns the raw deflate bytes, their Adler-32 and the
    /// filtered length. Nothing image-sized is allocated besides the output.
    private func compressStripe(rows: Range<Int>, rowBytes: Int, isLast: Bool) -> (Data, UInt, Int)? {
        var encoder = FastDeflate(maximumInput: rows.count * rowBytes, isLast: isLast)
        for y in rows {
            encoder.encodeRow(
                UnsafeRawPointer(pixels + y * stride),
                above: y == 0 ? nil : UnsafeRawPointer(pixels + (y - 1) * stride),
                width: width
            )
        }
        let (bytes, adler) = encoder.finish(isLast: isLast)
        return (Data(bytes), adler, rows.count * rowBytes)
    }

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

/// The stripes' outputs, each written once by its own thread.
///
/// `@unchecked Sendable`: every index is stored by exactly one `concurrentPerform` iteration and read only
/// after `concurrentPerform` returns, under the lock.
private final class StripeResults: @unchecked Sendable {
    private var values: [(Data, UInt, Int)?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ value: (Data, UInt, Int)?) {
        lock.withLock { values[index] = value }
    }

    func value(_ index: Int) -> (Data, UInt, Int)? {
        lock.withLock { values[index] }
    }
}
