/// A deflate encoder built for PNG rows of flat-coloured posters: fixed Huffman codes, and runs of zero bytes
/// (what the "Up" filter leaves wherever a row repeats the one above) sent as distance-1 matches.
///
/// It never searches for other matches, so it runs at memory speed (the idea of Google's `fpnge`); the price is
/// a larger file than zlib's on textured images, about 1.5× on a map poster. It also keeps the Adler-32 of the
/// input, updating it in O(1) per zero run.
///
/// One encoder writes one stripe: ``finish(isLast:)`` ends it with the final block, or with an empty stored
/// block (a sync flush) so that the next stripe's bytes can simply follow.
struct FastDeflate: ~Copyable {
    private let output: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// The code tables, copied out of the statics so the hot loop does not check their lazy initialisation.
    private let literals: UnsafeMutablePointer<Code>
    private let matches: UnsafeMutablePointer<Code>
    private var count = 0
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var adlerA: UInt64 = 1
    private var adlerB: UInt64 = 0
    /// Zero bytes seen but not yet sent, so that a run is sent as one match.
    private var pendingZeros = 0

    /// An encoder for at most `maximumInput` bytes of input.
    init(maximumInput: Int, isLast: Bool) {
        capacity = maximumInput + maximumInput / 8 + 64
        output = .allocate(capacity: capacity)
        literals = .allocate(capacity: 256)
        literals.initialize(from: Self.literalCodes, count: 256)
        matches = .allocate(capacity: 259)
        matches.initialize(from: Self.matchCodes, count: 259)
        // Block header: BFINAL, then BTYPE = 01 (fixed Huffman codes).
        put(isLast ? 0b011 : 0b010, 3)
    }

    deinit {
        output.deallocate()
        literals.deallocate()
        matches.deallocate()
    }

    /// Encodes one PNG row of a Cairo RGB24 image (native-endian `0x00RRGGBB` words) straight from the image,
    /// with the PNG filter that leaves more zeros: Up (pixels repeat the row above: map areas, vertical
    /// lines) or Sub (pixels repeat their left neighbour: the fades' flat rows). The first row uses Sub.
    ///
    /// Repeated pixels become zero runs without being converted byte by byte.
    mutating func encodeRow(_ row: UnsafeRawPointer, above: UnsafeRawPointer?, width: Int) {
        guard width > 0 else {
            putByte(0)
            finishRow()
            return
        }
        let useUp = above.map { Self.repeatsAboveMoreThanLeft(row, above: $0, width: width) } ?? false
        putByte(useUp ? 2 : 1)
        var x = 0
        if !useUp {
            // Sub: the first pixel has nothing on its left, so it goes as it is.
            let word = row.loadUnaligned(as: UInt32.self)
            putByte(UInt8(truncatingIfNeeded: word >> 16))
            putByte(UInt8(truncatingIfNeeded: word >> 8))
            putByte(UInt8(truncatingIfNeeded: word))
            x = 1
        }
        // The pixel each one is predicted from: the one above, or the one on the left.
        let reference = useUp ? above! : row - 4
        while x < width {
            // Eight, then two pixels at a time while they repeat their reference (the unused top byte compares
            // too, which can only cost compression, never correctness).
            var same = 0
            while x + 8 <= width,
                row.loadUnaligned(fromByteOffset: 4 * x, as: SIMD8<UInt32>.self)
                    == reference.loadUnaligned(fromByteOffset: 4 * x, as: SIMD8<UInt32>.self)
            {
                same += 24
                x += 8
            }
            while x + 2 <= width,
                row.loadUnaligned(fromByteOffset: 4 * x, as: UInt64.self)
                    == reference.loadUnaligned(fromByteOffset: 4 * x, as: UInt64.self)
            {
                same += 6
                x += 2
            }
            pendingZeros += same
            guard x < width else { break }
            let word = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
            let predicted = reference.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
            if word == predicted {
                pendingZeros += 3
            } else {
                putByte(UInt8(truncatingIfNeeded: word >> 16) &- UInt8(truncatingIfNeeded: predicted >> 16))
                putByte(UInt8(truncatingIfNeeded: word >> 8) &- UInt8(truncatingIfNeeded: predicted >> 8))
                putByte(UInt8(truncatingIfNeeded: word) &- UInt8(truncatingIfNeeded: predicted))
            }
            x += 1
        }
        finishRow()
    }

    /// Whether more pixels of the row equal the pixel above them than the pixel on their left, judged on
    /// every fourth block of eight pixels (a quarter of the row is plenty to choose a filter).
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

    /// Queues a zero, or sends the queued zeros and then the byte as a literal; keeps the Adler-32 sums.
    @inline(__always)
    private mutating func putByte(_ value: UInt8) {
        if value == 0 {
            pendingZeros += 1
            return
        }
        flushZeros()
        adlerA &+= UInt64(value)
        adlerB &+= adlerA
        putLiteral(value)
    }

    @inline(__always)
    private mutating func flushZeros() {
        guard pendingZeros > 0 else { return }
        // Adler-32 of zeros: A does not change, B grows by A for each byte.
        adlerB &+= UInt64(pendingZeros) &* adlerA
        putZeros(pendingZeros)
        pendingZeros = 0
    }

    /// Ends a row: sends its trailing zeros and reduces the Adler-32 sums (they never overflow within a row).
    @inline(__always)
    private mutating func finishRow() {
        flushZeros()
        adlerA %= 65521
        adlerB %= 65521
    }

    /// Sends `run` zero bytes: a literal zero, then distance-1 matches of 3…258 bytes.
    @inline(__always)
    private mutating func putZeros(_ run: Int) {
        putLiteral(0)
        var remaining = run - 1
        while remaining >= 3 {
            let length = min(remaining, 258)
            // 258 then a tail of 1 or 2 would need literals; shorten to keep every match ≥ 3.
            let chunk = (remaining - length > 0 && remaining - length < 3) ? length - 3 : length
            let code = matches[chunk]
            put(UInt64(code.bits), Int(code.count))
            remaining -= chunk
        }
        while remaining > 0 {
            putLiteral(0)
            remaining -= 1
        }
    }

    /// Ends the stripe and returns its bytes and the Adler-32 of its input.
    consuming func finish(isLast: Bool) -> (bytes: [UInt8], adler: UInt) {
        put(0, 7)  // end of block (symbol 256)
        if !isLast {
            // An empty stored block: BFINAL 0, BTYPE 00, pad to a byte, LEN 0, NLEN 0xFFFF.
            put(0, 3)
            if bitCount % 8 != 0 { put(0, 8 - bitCount % 8) }
            put(0xFFFF_0000, 32)
        }
        while bitCount > 0 {
            output[count] = UInt8(truncatingIfNeeded: bitBuffer)
            count += 1
            bitBuffer >>= 8
            bitCount = max(0, bitCount - 8)
        }
        let bytes = [UInt8](UnsafeBufferPointer(start: output, count: count))
        return (bytes, UInt(adlerB << 16 | adlerA))
    }

    @inline(__always)
    private mutating func putLiteral(_ byte: UInt8) {
        let code = literals[Int(byte)]
        put(UInt64(code.bits), Int(code.count))
    }

    /// Appends `count` bits (≤ 32), least significant first, as deflate packs them.
    @inline(__always)
    private mutating func put(_ bits: UInt64, _ bitLength: Int) {
        bitBuffer |= bits << UInt64(bitCount)
        bitCount += bitLength
        if bitCount >= 32 {
            UnsafeMutableRawPointer(output + count).storeBytes(
                of: UInt32(truncatingIfNeeded: bitBuffer).littleEndian,
                as: UInt32.self
            )
            count += 4
            bitBuffer >>= 32
            bitCount -= 32
        }
    }

    /// A Huffman code already bit-reversed for LSB-first output, with its length.
    private struct Code {
        var bits: UInt32
        var count: UInt8
    }

    /// The fixed literal codes of RFC 1951 §3.2.6: 0–143 are 8 bits from 0x30, 144–255 are 9 bits from 0x190.
    private static let literalCodes: [Code] = (0..<256).map { literal in
        literal < 144
            ? Code(bits: reversed(0x30 + UInt32(literal), 8), count: 8)
            : Code(bits: reversed(0x190 + UInt32(literal - 144), 9), count: 9)
    }

    /// For each match length 3…258: the length symbol's code, its extra bits, then distance code 0
    /// (distance 1, five zero bits).
    private static let matchCodes: [Code] = {
        let bases = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
            227, 258,
        ]
        let extraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        var codes = [Code](repeating: Code(bits: 0, count: 0), count: 259)
        for length in 3...258 {
            let index = bases.lastIndex { $0 <= length }!
            let symbol = 257 + index
            let huffman =
                symbol < 280
                ? Code(bits: reversed(UInt32(symbol - 256), 7), count: 7)
                : Code(bits: reversed(0xC0 + UInt32(symbol - 280), 8), count: 8)
            let extra = UInt32(length - bases[index]) << UInt32(huffman.count)
            codes[length] = Code(bits: huffman.bits | extra, count: huffman.count + UInt8(extraBits[index]) + 5)
        }
        return codes
    }()

    private static func reversed(_ code: UInt32, _ length: Int) -> UInt32 {
        var result: UInt32 = 0
        for bit in 0..<length where code & (1 << UInt32(bit)) != 0 { result |= 1 << UInt32(length - 1 - bit) }
        return result
    }
}
