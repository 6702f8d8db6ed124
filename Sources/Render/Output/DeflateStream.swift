import CZlib
import Foundation

/// One raw deflate stream (zlib's `deflate`, no zlib header or trailer) that keeps the Adler-32 of its input.
///
/// Compression is level 1 with the `Z_RLE` strategy: only distance-1 matches, which is what PNG-filtered rows of a
/// flat-coloured poster are made of (long runs of zero bytes), with Huffman codes fitted to each block. It never
/// searches a window for other matches, which makes it zlib's fastest strategy.
///
/// ``finish(isLast:)`` ends the stream either with the final block or with a sync flush (an empty stored block on a
/// byte boundary), so that the bytes of another stream can follow and the two decode as one (the technique of
/// `pigz`). The caller joins the checksums with `adler32_combine`.
///
/// The `z_stream` lives on the heap because zlib keeps a pointer back to it; it is freed by `deflateEnd` in `deinit`.
struct DeflateStream: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>
    private let chunk: UnsafeMutablePointer<UInt8>
    private let chunkSize = 1 << 18
    private var output = Data()
    private var adler: UInt = adler32(0, nil, 0)
    private var inputLength = 0

    /// A new stream.
    ///
    /// - Parameter expectedOutput: bytes to reserve for the output up front (it grows as needed).
    /// - Throws: ``RenderError/Code/encoding`` when zlib cannot set up the stream.
    init(expectedOutput: Int = 0) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        chunk = .allocate(capacity: chunkSize)
        // windowBits -15: raw deflate. memLevel 8 (zlib's default) measured ~8 % faster than 9 on a poster, for
        // the same size: its smaller buffers stay in cache.
        let status = CZlib_deflateInit2(stream, 1, -15, 8, Z_RLE)
        guard status == Z_OK else {
            stream.deallocate()
            chunk.deallocate()
            throw RenderError(.encoding, "Could not start the PNG compression (zlib status \(status)).")
        }
        output.reserveCapacity(expectedOutput)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        chunk.deallocate()
    }

    /// Compresses `count` bytes at `bytes`.
    mutating func write(_ bytes: UnsafePointer<UInt8>, count: Int) throws {
        adler = adler32(adler, bytes, uInt(count))
        inputLength += count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes)
        stream.pointee.avail_in = uInt(count)
        try run(flush: Z_NO_FLUSH)
    }

    /// Ends the stream and returns its bytes, the Adler-32 of its input and the input's length.
    ///
    /// - Parameter isLast: `true` ends with the final block (`Z_FINISH`); `false` with a sync flush, so more
    ///   deflate data may follow.
    consuming func finish(isLast: Bool) throws -> (bytes: Data, adler: UInt, inputLength: Int) {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try run(flush: isLast ? Z_FINISH : Z_SYNC_FLUSH)
        return (output, adler, inputLength)
    }

    /// Calls `deflate` until it has taken all input and, for a flush, written everything out.
    private mutating func run(flush: Int32) throws {
        repeat {
            stream.pointee.next_out = chunk
            stream.pointee.avail_out = uInt(chunkSize)
            let status = deflate(stream, flush)
            // Z_BUF_ERROR only says no progress was possible, which the loop condition handles.
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw RenderError(.encoding, "Could not compress the PNG (zlib status \(status)).")
            }
            output.append(chunk, count: chunkSize - Int(stream.pointee.avail_out))
        } while stream.pointee.avail_out == 0
    }
}
