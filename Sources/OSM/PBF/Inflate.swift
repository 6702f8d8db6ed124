import CZlib

/// One-shot zlib decompression of a PBF blob whose decompressed size is known (`raw_size`).
enum Inflate {
    /// Inflates `compressed` into `output`, which is resized to exactly `expectedSize` bytes.
    static func inflate(
        _ compressed: UnsafeRawBufferPointer,
        expectedSize: Int,
        into output: inout [UInt8]
    ) throws {
        if output.count != expectedSize { output = [UInt8](repeating: 0, count: expectedSize) }
        var stream = z_stream()
        guard CZlib_inflateInit(&stream) == Z_OK else { throw PBFFormatError("zlib inflateInit failed") }
        defer { inflateEnd(&stream) }
        let status = output.withUnsafeMutableBytes { outputBytes -> Int32 in
            stream.next_in = UnsafeMutablePointer(
                mutating: compressed.baseAddress?.assumingMemoryBound(to: Bytef.self)
            )
            stream.avail_in = uInt(compressed.count)
            stream.next_out = outputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(outputBytes.count)
            return CZlib.inflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expectedSize else {
            throw PBFFormatError("zlib inflate failed (status \(status), \(stream.total_out) of \(expectedSize) bytes)")
        }
    }
}
