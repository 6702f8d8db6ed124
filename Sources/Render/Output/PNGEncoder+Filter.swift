extension PNGEncoder {
    /// Writes one PNG row of a Cairo RGB24 image (native-endian `0x00RRGGBB` words) into `out` (`1 + 3 × width`
    /// bytes), filtered with whichever of Up and Sub leaves more zero bytes: Up where pixels repeat the row above
    /// (map areas, vertical lines), Sub where they repeat their left neighbour (the fades' flat rows). The first
    /// row uses Sub.
    ///
    /// Runs of repeated pixels are written as zeros eight pixels at a time, without converting each byte.
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
        let raw = UnsafeMutableRawPointer(out)
        while x < width {
            // Eight pixels at a time while they repeat their reference (the unused top byte compares too, which
            // can only cost compression, never correctness).
            if x + 8 <= width,
                row.loadUnaligned(fromByteOffset: 4 * x, as: SIMD8<UInt32>.self)
                    == reference.loadUnaligned(fromByteOffset: 4 * x, as: SIMD8<UInt32>.self)
            {
                raw.storeBytes(of: 0, toByteOffset: o, as: UInt64.self)
                raw.storeBytes(of: 0, toByteOffset: o + 8, as: UInt64.self)
                raw.storeBytes(of: 0, toByteOffset: o + 16, as: UInt64.self)
                x += 8
                o += 24
                continue
            }
            let word = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
            let predicted = reference.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
            out[o] = UInt8(truncatingIfNeeded: word >> 16) &- UInt8(truncatingIfNeeded: predicted >> 16)
            out[o + 1] = UInt8(truncatingIfNeeded: word >> 8) &- UInt8(truncatingIfNeeded: predicted >> 8)
            out[o + 2] = UInt8(truncatingIfNeeded: word) &- UInt8(truncatingIfNeeded: predicted)
            x += 1
            o += 3
        }
    }

    /// Whether more pixels of the row equal the pixel above them than the pixel on their left, judged on every
    /// fourth block of eight pixels (a quarter of the row is plenty to choose a filter).
    private static func repeatsAboveMoreThanLeft(_ row: UnsafeRawPointer, above: UnsafeRawPointer, width: Int) -> Bool {
        var sameAbove = SIMD8<UInt32>()
        var sameLeft = SIMD8<UInt32>()
        let one = SIMD8<UInt32>(repeating: 1)
        var x = 1
        while x + 8 <= width {
            let pixels = row.loadUnaligned(fromByteOffset: 4 * x, as: SIMD8<UInt32>.self)
            let up = above.loadUnaligned(fromByteOffset: 4 * x, as: SIMD8<UInt32>.self)
            let left = row.loadUnaligned(fromByteOffset: 4 * x - 4, as: SIMD8<UInt32>.self)
            sameAbove &+= SIMD8<UInt32>().replacing(with: one, where: pixels .== up)
            sameLeft &+= SIMD8<UInt32>().replacing(with: one, where: pixels .== left)
            x += 32
        }
        return sameAbove.wrappedSum() >= sameLeft.wrappedSum()
    }
}
