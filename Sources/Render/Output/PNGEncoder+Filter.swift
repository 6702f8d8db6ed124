import Foundation

extension PNGEncoder {
    /// Writes one PNG row of a Cairo RGB24 image (native-endian `0x00RRGGBB` words) into `out` (`1 + 3 × width`
    /// bytes), filtered with whichever of Up and Sub leaves more zero bytes: Up where pixels repeat the row above
    /// (map areas, vertical lines), Sub where they repeat their left neighbour (the fades' flat rows). The first
    /// row uses Sub.
    ///
    /// Runs of repeated pixels are written as zeros in one go, without converting each byte.
    static func filterRow(
        _ row: UnsafeRawPointer,
        above: UnsafeRawPointer?,
        width: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let useUp = above.map { repeatsAboveMoreThanLeft(row, above: $0, width: width) } ?? false
        out[0] = useUp ? 2 : 1
        guard width > 0 else { return }
        var x = 0
        var o = 1
        if !useUp {
            // Sub: the first pixel has nothing on its left, so it goes as it is.
            let word = row.loadUnaligned(as: UInt32.self)
            out[1] = UInt8(truncatingIfNeeded: word >> 16)
            out[2] = UInt8(truncatingIfNeeded: word >> 8)
            out[3] = UInt8(truncatingIfNeeded: word)
            x = 1
            o = 4
        }
        // The pixel each one is predicted from: the one above, or the one on the left.
        let reference = useUp ? above! : row - 4
        while x < width {
            // A run of pixels equal to their reference becomes zeros in one `memset` (the unused top byte compares
            // too, which can only cost compression, never correctness).
            let runEnd = endOfRepeats(row, reference: reference, from: x, width: width)
            if runEnd > x {
                memset(out + o, 0, 3 * (runEnd - x))
                o += 3 * (runEnd - x)
                x = runEnd
            }
            // Then the pixels that differ from their reference, up to the next repeat.
            while x < width {
                let word = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                let predicted = reference.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                if word == predicted { break }
                out[o] = UInt8(truncatingIfNeeded: word >> 16) &- UInt8(truncatingIfNeeded: predicted >> 16)
                out[o + 1] = UInt8(truncatingIfNeeded: word >> 8) &- UInt8(truncatingIfNeeded: predicted >> 8)
                out[o + 2] = UInt8(truncatingIfNeeded: word) &- UInt8(truncatingIfNeeded: predicted)
                x += 1
                o += 3
            }
        }
    }

    /// The first column at or after `x` whose pixel differs from its reference pixel (or `width`): eight pixels
    /// at a time as four 64-bit words, then one at a time.
    private static func endOfRepeats(
        _ row: UnsafeRawPointer,
        reference: UnsafeRawPointer,
        from start: Int,
        width: Int
    ) -> Int {
        var x = start
        while x + 8 <= width {
            var difference: UInt64 = 0
            for word in 0..<4 {
                let offset = 4 * x + 8 * word
                difference |=
                    row.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    ^ reference.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            }
            if difference != 0 { break }
            x += 8
        }
        while x < width,
            row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                == reference.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
        {
            x += 1
        }
        return x
    }

    /// Whether more pixels of the row equal the pixel above them than the pixel on their left, judged in pairs
    /// of pixels (64-bit words) on every fourth block of eight pixels (a quarter of the row is plenty to choose a
    /// filter).
    private static func repeatsAboveMoreThanLeft(_ row: UnsafeRawPointer, above: UnsafeRawPointer, width: Int) -> Bool {
        var sameAbove = 0
        var sameLeft = 0
        var x = 1
        while x + 8 <= width {
            for word in 0..<4 {
                let offset = 4 * x + 8 * word
                let pixels = row.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                sameAbove &+= pixels == above.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ? 1 : 0
                sameLeft &+= pixels == row.loadUnaligned(fromByteOffset: offset - 4, as: UInt64.self) ? 1 : 0
            }
            x += 32
        }
        return sameAbove >= sameLeft
    }
}
