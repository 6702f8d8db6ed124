/// A cursor over protobuf wire-format bytes: varints, length-delimited fields and packed arrays.
///
/// The `.osm.pbf` schema (fileformat.proto, osmformat.proto) uses only wire types 0 (varint),
/// 2 (length-delimited) and, for unknown fields, 1 and 5 (fixed 64/32-bit), so this is all the
/// protobuf the reader needs. The cursor borrows its bytes: use it inside `withUnsafeBytes`.
struct ProtobufReader {
    private let base: UnsafePointer<UInt8>
    private var offset: Int
    private let end: Int

    init(_ buffer: UnsafeRawBufferPointer) {
        self.base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        self.offset = 0
        self.end = buffer.count
    }

    var isAtEnd: Bool { offset >= end }

    /// Reads the next field key, or `nil` at the end of the message.
    mutating func nextField() throws -> (number: Int, wireType: Int)? {
        guard offset < end else { return nil }
        let key = try varint()
        return (Int(key >> 3), Int(key & 7))
    }

    /// Reads one base-128 varint.
    @inline(__always)
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end {
            let byte = base[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { throw PBFFormatError("varint too long") }
        }
        throw PBFFormatError("truncated varint")
    }

    /// Reads a zigzag-encoded signed varint (`sint32`/`sint64`).
    @inline(__always)
    mutating func signedVarint() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a length-delimited field's bytes.
    mutating func bytes() throws -> UnsafeRawBufferPointer {
        let declared = try varint()
        guard declared <= UInt64(end - offset) else { throw PBFFormatError("truncated length-delimited field") }
        let length = Int(declared)
        let slice = UnsafeRawBufferPointer(start: base + offset, count: length)
        offset += length
        return slice
    }

    /// Skips a field of the given wire type.
    mutating func skip(wireType: Int) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: offset += 8
        case 2: _ = try bytes()
        case 5: offset += 4
        default: throw PBFFormatError("unsupported wire type \(wireType)")
        }
        if offset > end { throw PBFFormatError("truncated fixed-width field") }
    }

    /// Decodes a packed repeated varint field into `array`.
    static func packedVarints(_ buffer: UnsafeRawBufferPointer, into array: inout [UInt64]) throws {
        var reader = ProtobufReader(buffer)
        while !reader.isAtEnd { array.append(try reader.varint()) }
    }

    /// Decodes a packed repeated `sint64` field that is delta-coded, as DenseNodes ids and way refs are.
    static func packedDeltas(_ buffer: UnsafeRawBufferPointer, into array: inout [Int64]) throws {
        var reader = ProtobufReader(buffer)
        var running: Int64 = 0
        while !reader.isAtEnd {
            running &+= try reader.signedVarint()
            array.append(running)
        }
    }
}

/// The bytes are not valid `.osm.pbf` (internal: surfaced as ``OSMError/Code/invalidData``).
struct PBFFormatError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
