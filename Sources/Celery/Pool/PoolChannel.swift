import Foundation
import JSON
import Synchronization

/// One direction of the pipe between the worker and a pool process: length-prefixed JSON frames
/// (a 4-byte big-endian length, then the JSON text) over a file descriptor.
///
/// Reads and writes block the calling thread; each side reads on a thread of its own. Writes are
/// serialized by a lock, so frames from several threads never interleave.
final class PoolChannel: Sendable {
    /// Frames larger than this are refused: 1 GiB, far above any task message a broker holds.
    static let maximumFrame = 1 << 30
    let descriptor: Int32
    private let writeLock = Mutex<Void>(())

    /// Takes ownership of `descriptor`; it is closed by ``close()``.
    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Writes one frame; throws when the other side has gone.
    func write(_ frame: JSONValue) throws(PoolChannelError) {
        var bytes = Array(frame.serialized(.compact).utf8)
        let count = UInt32(bytes.count).bigEndian
        withUnsafeBytes(of: count) { bytes.insert(contentsOf: $0, at: 0) }
        let failure: Int32? = writeLock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return nil
            }
        }
        if let failure { throw .closed(errno: failure) }
    }

    /// Reads the next frame; `nil` once the other side closed its end.
    func read() throws(PoolChannelError) -> JSONValue? {
        guard let header = try readExactly(4) else { return nil }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length <= Self.maximumFrame else { throw .malformed("frame of \(length) bytes") }
        guard let body = try readExactly(length) else { throw .malformed("frame cut short") }
        do {
            return try JSONValue(parsing: body)
        } catch {
            throw .malformed("frame is not JSON: \(error)")
        }
    }

    func close() { Glibc.close(descriptor) }

    private func readExactly(_ count: Int) throws(PoolChannelError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + offset, count - offset) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .closed(errno: errno)
            }
            if got == 0 {
                if offset == 0 { return nil }
                throw .malformed("frame cut short")
            }
            offset += got
        }
        return bytes
    }
}

/// Why a ``PoolChannel`` could not carry a frame.
enum PoolChannelError: Error, CustomStringConvertible {
    case closed(errno: Int32)
    case malformed(String)

    var description: String {
        switch self {
        case .closed(let code): "pool pipe closed: \(String(cString: strerror(code)))"
        case .malformed(let reason): "malformed pool frame: \(reason)"
        }
    }
}
