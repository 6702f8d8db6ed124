import CBzip2
import CLzma
import CZlib
import Foundation

/// Undoes the body compression a Python producer applies with `compression=` or `task_compression`: the codecs kombu
/// registers by default, named in the message's `compression` header by content type.
///
/// | header | kombu names | format |
/// |---|---|---|
/// | `application/x-gzip` | `gzip`, `zlib` | zlib stream (`zlib.compress`) |
/// | `application/x-bz2` | `bzip2`, `bzip` | bzip2 stream |
/// | `application/x-lzma` | `lzma`, `xz` | xz container (`lzma.compress`) |
///
/// Output beyond ``maximumSize`` is refused, so a small hostile message cannot fill the worker's memory.
enum KombuCompression {
    /// The largest body accepted after decompression.
    static let maximumSize = 64 << 20

    /// The decompressed bytes.
    ///
    /// - Throws: ``MessageDecodingError`` for another codec, corrupt or truncated data, or output over
    ///   ``maximumSize``.
    static func decompress(_ data: Data, codec: String) throws(MessageDecodingError) -> Data {
        switch codec {
        case "application/x-gzip": try inflateZlib(data)
        case "application/x-bz2": try decompressBzip2(data)
        case "application/x-lzma": try decompressXZ(data)
        default:
            throw MessageDecodingError(
                "body compression '\(codec)' is not supported (only kombu's zlib, bzip2 and lzma)")
        }
    }

    /// Runs `step` over `data` into growing output until it reports the end of the stream. `step` gets the unread
    /// input and free output space, and returns how much of each it used and whether the stream ended.
    private static func drain(
        _ data: Data,
        codec: String,
        step: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) throws(MessageDecodingError) -> (
            read: Int, written: Int, ended: Bool
        )
    ) throws(MessageDecodingError) -> Data {
        var output = [UInt8](repeating: 0, count: max(4096, data.count * 4))
        var read = 0
        var written = 0
        let input = [UInt8](data)
        while true {
            if written == output.count {
                guard output.count < maximumSize else {
                    throw MessageDecodingError(
                        "\(codec) body is larger than \(maximumSize >> 20) MiB once decompressed")
                }
                output += [UInt8](repeating: 0, count: min(output.count, maximumSize - output.count))
            }
            let (used, produced, ended) = try input.withUnsafeBufferPointer { inBuffer throws(MessageDecodingError) in
                try output.withUnsafeMutableBufferPointer { outBuffer throws(MessageDecodingError) in
                    try step(
                        UnsafeBufferPointer(rebasing: inBuffer[read...]),
                        UnsafeMutableBufferPointer(rebasing: outBuffer[written...]))
                }
            }
            read += used
            written += produced
            if ended { return Data(output[..<written]) }
            if used == 0 && produced == 0 && read == input.count {
                throw MessageDecodingError("\(codec) body is truncated")
            }
        }
    }

    private static func inflateZlib(_ data: Data) throws(MessageDecodingError) -> Data {
        // zlib keeps a pointer back to its stream, so the stream must not move: it lives on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard CZlib_inflateInit(stream) == Z_OK else { throw MessageDecodingError("zlib could not start") }
        defer { inflateEnd(stream) }
        return try drain(data, codec: "zlib") { input, output throws(MessageDecodingError) in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = uInt(output.count)
            let status = inflate(stream, Z_NO_FLUSH)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw MessageDecodingError("zlib body is corrupt (zlib status \(status))")
            }
            return (
                input.count - Int(stream.pointee.avail_in), output.count - Int(stream.pointee.avail_out),
                status == Z_STREAM_END
            )
        }
    }

    private static func decompressBzip2(_ data: Data) throws(MessageDecodingError) -> Data {
        let stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        defer { stream.deallocate() }
        guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else { throw MessageDecodingError("bzip2 could not start") }
        defer { BZ2_bzDecompressEnd(stream) }
        return try drain(data, codec: "bzip2") { input, output throws(MessageDecodingError) in
            stream.pointee.next_in = UnsafeMutableRawPointer(mutating: input.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = UnsafeMutableRawPointer(output.baseAddress)?.assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_out = UInt32(output.count)
            let status = BZ2_bzDecompress(stream)
            guard status == BZ_OK || status == BZ_STREAM_END else {
                throw MessageDecodingError("bzip2 body is corrupt (bzip2 status \(status))")
            }
            return (
                input.count - Int(stream.pointee.avail_in), output.count - Int(stream.pointee.avail_out),
                status == BZ_STREAM_END
            )
        }
    }

    private static func decompressXZ(_ data: Data) throws(MessageDecodingError) -> Data {
        let stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
        stream.initialize(to: lzma_stream())
        defer { stream.deallocate() }
        guard lzma_stream_decoder(stream, UInt64.max, 0) == LZMA_OK else {
            throw MessageDecodingError("lzma could not start")
        }
        defer { lzma_end(stream) }
        return try drain(data, codec: "lzma") { input, output throws(MessageDecodingError) in
            stream.pointee.next_in = input.baseAddress
            stream.pointee.avail_in = input.count
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = output.count
            let status = lzma_code(stream, LZMA_FINISH)
            guard status == LZMA_OK || status == LZMA_STREAM_END || status == LZMA_BUF_ERROR else {
                throw MessageDecodingError("lzma body is corrupt (lzma status \(status.rawValue))")
            }
            return (
                input.count - stream.pointee.avail_in, output.count - stream.pointee.avail_out,
                status == LZMA_STREAM_END
            )
        }
    }
}
