import CZlib
import Foundation
import PosterSchema

/// Writes a ZIP archive in memory, each entry compressed with zlib's raw DEFLATE.
///
/// The container (local headers, central directory, end record; APPNOTE 6.3 §4.3) is written here;
/// compression and CRC-32 are zlib's. Names are stored as UTF-8 (flag bit 11). No ZIP64: an archive
/// or entry over 4 GiB is refused. Not `Sendable`: build it on one thread, then take ``data()``.
struct ZipArchiveBuilder {
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var offset: Int
    }

    private var output = Data()
    private var entries: [Entry] = []
    private let time: UInt16
    private let date: UInt16

    /// Creates an empty archive whose entries carry `modified` (local time, MS-DOS precision).
    init(modified: Date = Date()) {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        date = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// Compresses `data` and appends it as the file `name`.
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/renderFailed`` if zlib fails or
    ///   the archive would exceed 4 GiB.
    mutating func add(_ name: String, data: Data) throws(PosterJobError) {
        let compressed = try Self.deflate(data)
        let entry = Entry(
            name: Array(name.utf8), crc: Self.crc32(data), compressedSize: compressed.count, size: data.count,
            offset: output.count)
        guard output.count + compressed.count + 30 + entry.name.count < Int(UInt32.max) else {
            throw PosterJobError(code: .renderFailed, message: "The ZIP archive would exceed 4 GiB.")
        }
        append32(0x0403_4b50)  // local file header
        append16(20)  // version needed: 2.0 (deflate)
        append16(0x0800)  // UTF-8 names
        append16(8)  // deflate
        append16(time)
        append16(date)
        append32(entry.crc)
        append32(UInt32(entry.compressedSize))
        append32(UInt32(entry.size))
        append16(UInt16(entry.name.count))
        append16(0)  // extra field length
        output.append(contentsOf: entry.name)
        output.append(compressed)
        entries.append(entry)
    }

    /// The finished archive: the entries, the central directory and the end record.
    func data() -> Data {
        var archive = self
        let directoryOffset = output.count
        for entry in entries {
            archive.append32(0x0201_4b50)  // central directory header
            archive.append16(0x0314)  // made by: Unix, 2.0
            archive.append16(20)
            archive.append16(0x0800)
            archive.append16(8)
            archive.append16(time)
            archive.append16(date)
            archive.append32(entry.crc)
            archive.append32(UInt32(entry.compressedSize))
            archive.append32(UInt32(entry.size))
            archive.append16(UInt16(entry.name.count))
            archive.append16(0)  // extra
            archive.append16(0)  // comment
            archive.append16(0)  // disk
            archive.append16(0)  // internal attributes
            archive.append32(0o100644 << 16)  // external attributes: a regular file, rw-r--r--
            archive.append32(UInt32(entry.offset))
            archive.output.append(contentsOf: entry.name)
        }
        let directorySize = archive.output.count - directoryOffset
        archive.append32(0x0605_4b50)  // end of central directory
        archive.append16(0)
        archive.append16(0)
        archive.append16(UInt16(entries.count))
        archive.append16(UInt16(entries.count))
        archive.append32(UInt32(directorySize))
        archive.append32(UInt32(directoryOffset))
        archive.append16(0)  // comment
        return archive.output
    }

    private mutating func append16(_ value: UInt16) {
        output.append(UInt8(value & 0xFF))
        output.append(UInt8(value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        append16(UInt16(value & 0xFFFF))
        append16(UInt16(value >> 16))
    }

    private static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { bytes in
            UInt32(CZlib.crc32(0, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
        }
    }

    /// Raw DEFLATE (no zlib header), level 6, in one call.
    private static func deflate(_ data: Data) throws(PosterJobError) -> Data {
        var stream = z_stream()
        guard CZlib_deflateInit2(&stream, 6, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
            throw PosterJobError(code: .renderFailed, message: "zlib deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        var output = Data(count: bound)
        let status = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { buffer in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(input.count)
                stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw PosterJobError(code: .renderFailed, message: "zlib deflate failed (status \(status))")
        }
        output.count = Int(stream.total_out)
        return output
    }
}
