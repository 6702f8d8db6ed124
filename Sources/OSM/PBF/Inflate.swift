import CIsal

/// One-shot decompression of a zlib stream whose decompressed size is known: a PBF blob (its `raw_size`) or a map
/// data store tile (its body size). ISA-L's inflate, several times zlib's speed; the zlib header and the Adler-32
/// checksum are checked.
package enum Inflate {
    /// Why a stream did not inflate to the size it was said to have.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Inflates `compressed` into `output`, which is resized to exactly `expectedSize` bytes.
    ///
    /// - Throws: ``Failure`` for a corrupt stream, a bad checksum, or one that inflates to any other size.
    package static func inflate(
        _ compressed: UnsafeRawBufferPointer,
        expectedSize: Int,
        into output: inout [UInt8]
    ) throws {
        guard compressed.count <= UInt32.max, expectedSize <= UInt32.max else {
            throw Failure(description: "zlib stream of \(compressed.count) bytes into \(expectedSize) is too large")
        }
        if output.count != expectedSize { output = [UInt8](repeating: 0, count: expectedSize) }
        var produced: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer { outputBytes in
            CIsal_inflateZlib(
                compressed.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(compressed.count),
                outputBytes.baseAddress, UInt32(outputBytes.count), &produced)
        }
        guard status == ISAL_DECOMP_OK, Int(produced) == expectedSize else {
            throw Failure(description: "zlib inflate failed (\(reason(status)), \(produced) of \(expectedSize) bytes)")
        }
    }

    private static func reason(_ status: Int32) -> String {
        switch status {
        case ISAL_DECOMP_OK: "ended early"
        case ISAL_END_INPUT: "stream cut short"
        case ISAL_OUT_OVERFLOW: "more data than expected"
        case ISAL_INVALID_WRAPPER, ISAL_UNSUPPORTED_METHOD: "not a zlib stream"
        case ISAL_INCORRECT_CHECKSUM: "checksum mismatch"
        case ISAL_INVALID_BLOCK, ISAL_INVALID_SYMBOL, ISAL_INVALID_LOOKBACK: "corrupt deflate data"
        default: "status \(status)"
        }
    }
}
