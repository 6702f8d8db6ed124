import Foundation

/// Reads the `BlobHeader`/`Blob` framing of a PBF file, one blob at a time.
struct BlobReader: ~Copyable {
    /// One blob as stored: its type, where it starts and its still-compressed bytes.
    struct Blob: Sendable {
        var type: String
        var offset: UInt64
        var payload: Data
        /// The file, for error messages.
        var url: URL
    }

    private let url: URL
    private let handle: FileHandle
    private var position: UInt64 = 0

    init(url: URL) throws {
        self.url = url
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw OSMError(code: .fileUnreadable, message: "Could not open the OSM extract.", detail: url.path)
        }
    }

    deinit { try? handle.close() }

    mutating func seek(to offset: UInt64) throws {
        do { try handle.seek(toOffset: offset) } catch { throw unreadable("seek failed") }
        position = offset
    }

    /// Reads the next blob header and the blob's raw bytes; `nil` at the end of the file.
    mutating func next() throws -> Blob? {
        let start = position
        let lengthBytes = try read(4)
        if lengthBytes.isEmpty { return nil }
        guard lengthBytes.count == 4 else { throw invalid("truncated blob header length at \(start)") }
        let headerLength = lengthBytes.withUnsafeBytes { Int(UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self))) }
        guard headerLength < 64 * 1024 else { throw invalid("blob header too large (\(headerLength)) at \(start)") }
        let headerBytes = try read(headerLength)
        guard headerBytes.count == headerLength else { throw invalid("truncated blob header at \(start)") }
        var type = ""
        var dataSize = -1
        do {
            try headerBytes.withUnsafeBytes { bytes throws in
                var reader = ProtobufReader(bytes)
                while let field = try reader.nextField() {
                    switch (field.number, field.wireType) {
                    case (1, 2): type = String(decoding: try reader.bytes(), as: UTF8.self)
                    case (3, 0): dataSize = Int(clamping: try reader.varint())
                    default: try reader.skip(wireType: field.wireType)
                    }
                }
            }
        } catch { throw invalid("\(error) at \(start)") }
        guard dataSize >= 0, dataSize <= 32 * 1024 * 1024 else {
            throw invalid("bad blob size \(dataSize) at \(start)")
        }
        let payload = try read(dataSize)
        guard payload.count == dataSize else { throw invalid("truncated blob at \(start)") }
        return Blob(type: type, offset: start, payload: payload, url: url)
    }

    private mutating func read(_ count: Int) throws -> Data {
        guard count > 0 else { return Data() }
        do {
            let data = try handle.read(upToCount: count) ?? Data()
            position += UInt64(data.count)
            return data
        } catch {
            throw unreadable("read failed at \(position)")
        }
    }

    private func invalid(_ detail: String) -> OSMError {
        OSMError(code: .invalidData, message: "Invalid OSM extract.", detail: "\(url.path): \(detail)")
    }

    private func unreadable(_ detail: String) -> OSMError {
        OSMError(code: .fileUnreadable, message: "Could not read the OSM extract.", detail: "\(url.path): \(detail)")
    }
}

extension BlobReader.Blob {
    /// Decodes the blob (raw or zlib) and passes its content to `body`.
    ///
    /// - Parameter scratch: a buffer for the inflated bytes, reused between calls on one thread.
    func withContent<T>(scratch inflated: inout [UInt8], _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        do {
            return try payload.withUnsafeBytes { bytes -> T in
                var raw: UnsafeRawBufferPointer?
                var zlib: UnsafeRawBufferPointer?
                var rawSize = 0
                var unsupported: Int?
                var reader = ProtobufReader(bytes)
                while let field = try reader.nextField() {
                    switch (field.number, field.wireType) {
                    case (1, 2): raw = try reader.bytes()
                    case (2, 0): rawSize = Int(clamping: try reader.varint())
                    case (3, 2): zlib = try reader.bytes()
                    case (4, 2), (5, 2), (6, 2), (7, 2):
                        unsupported = field.number
                        try reader.skip(wireType: 2)
                    default: try reader.skip(wireType: field.wireType)
                    }
                }
                if let raw { return try body(raw) }
                if let zlib {
                    guard rawSize > 0, rawSize <= 64 * 1024 * 1024 else {
                        throw PBFFormatError("bad raw_size \(rawSize)")
                    }
                    do {
                        try Inflate.inflate(zlib, expectedSize: rawSize, into: &inflated)
                    } catch {
                        throw PBFFormatError("\(error)")
                    }
                    return try inflated.withUnsafeBytes { try body($0) }
                }
                if let unsupported { throw UnsupportedBlob(field: unsupported) }
                throw PBFFormatError("empty blob")
            }
        } catch let error as UnsupportedBlob {
            throw OSMError(
                code: .unsupportedFeature,
                message: "Unsupported OSM extract.",
                detail: "\(url.path) at \(offset): blob compression field \(error.field) (only raw and zlib)"
            )
        } catch let error as OSMError {
            throw error
        } catch {
            throw OSMError(
                code: .invalidData, message: "Invalid OSM extract.",
                detail: "\(url.path): \(error) in blob at \(offset)")
        }
    }

    private struct UnsupportedBlob: Error {
        var field: Int
    }
}
