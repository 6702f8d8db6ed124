import CIsal
import Foundation
import PosterDesign

/// One raw deflate stream (no zlib header or trailer), compressed by Intel's ISA-L (`igzip`) at level 1, that keeps
/// the Adler-32 of its input.
///
/// ISA-L's level 1 is a hash-chain-free match finder written in SIMD assembly with Huffman codes fitted to each
/// block: on PNG-filtered rows of a flat-coloured poster it is about 4.5 times as fast as zlib's fastest strategy
/// (`Z_RLE` at level 1) and writes a slightly smaller stream.
///
/// ``finish(isLast:)`` ends the stream either with the final block or with a sync flush (an empty stored block on a
/// byte boundary), so that the bytes of another stream can follow and the two decode as one (the technique of
/// `pigz`). The caller joins the checksums (ISA-L's `isal_adler32`) with zlib's `adler32_combine`.
///
/// The stream state (about 80 KB) and ISA-L's level buffer live on the heap and are freed in `deinit`.
struct DeflateStream: ~Copyable {
    private let stream: UnsafeMutablePointer<isal_zstream>
    private let levelBuffer: UnsafeMutablePointer<UInt8>
    private let chunk: UnsafeMutablePointer<UInt8>
    private let chunkSize = 1 << 18
    private var output = Data()
    /// Adler-32 starts at 1.
    private var adler: UInt32 = 1
    private var inputLength = 0

    /// A new stream.
    ///
    /// - Parameter expectedOutput: bytes to reserve for the output up front (it grows as needed).
    init(expectedOutput: Int = 0) {
        stream = .allocate(capacity: 1)
        isal_deflate_init(stream)
        levelBuffer = .allocate(capacity: Int(CIsal_level1BufferSize))
        stream.pointee.level = 1
        stream.pointee.level_buf = levelBuffer
        stream.pointee.level_buf_size = CIsal_level1BufferSize
        stream.pointee.gzip_flag = UInt16(IGZIP_DEFLATE)
        chunk = .allocate(capacity: chunkSize)
        output.reserveCapacity(expectedOutput)
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
        chunk.deallocate()
    }

    /// Compresses `count` bytes at `bytes`.
    ///
    /// - Throws: ``RenderError/Code/encoding`` when ISA-L reports an error.
    mutating func write(_ bytes: UnsafePointer<UInt8>, count: Int) throws {
        adler = CIsal_adler32(adler, bytes, UInt64(count))
        inputLength += count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes)
        stream.pointee.avail_in = UInt32(count)
        stream.pointee.flush = UInt16(NO_FLUSH)
        try run()
    }

    /// Ends the stream and returns its bytes, the Adler-32 of its input and the input's length.
    ///
    /// - Parameter isLast: `true` ends with the final block; `false` with a sync flush, so more deflate data may
    ///   follow.
    /// - Throws: ``RenderError/Code/encoding`` when ISA-L reports an error.
    consuming func finish(isLast: Bool) throws -> (bytes: Data, adler: UInt, inputLength: Int) {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        if isLast {
            stream.pointee.end_of_stream = 1
        } else {
            stream.pointee.flush = UInt16(SYNC_FLUSH)
        }
        try run()
        let state = stream.pointee.internal_state.state
        guard state == (isLast ? ZSTATE_END : ZSTATE_NEW_HDR) else {
            throw RenderError(.encoding, "Could not finish the PNG compression (ISA-L state \(state.rawValue)).")
        }
        return (output, UInt(adler), inputLength)
    }

    /// Calls `isal_deflate` until it has taken all input and, for a flush or the end, written everything out: it
    /// has done so once a call leaves room in the output chunk.
    private mutating func run() throws {
        repeat {
            stream.pointee.next_out = chunk
            stream.pointee.avail_out = UInt32(chunkSize)
            let status = CIsal_deflate(stream)
            guard status == COMP_OK else {
                throw RenderError(.encoding, "Could not compress the PNG (ISA-L status \(status)).")
            }
            output.append(chunk, count: chunkSize - Int(stream.pointee.avail_out))
        } while stream.pointee.avail_out == 0 || stream.pointee.avail_in > 0
    }
}
