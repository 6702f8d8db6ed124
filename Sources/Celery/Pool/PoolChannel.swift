import Foundation
import JSON
import Synchronization

/// One direction of the pipe between the worker and a pool process, over a file descriptor. A frame is a JSON
/// header and a payload of raw bytes, each after its 4-byte big-endian length; the payload is empty but for a job,
/// whose kombu message travels as the broker held it, never re-encoded or escaped into the header.
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
    func write(_ header: JSONValue, payload: [UInt8] = []) throws(PoolChannelError) {
        let text = header.serialized(.compact).utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + text.count + payload.count)
        withUnsafeBytes(of: UInt32(text.count).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: text)
        withUnsafeBytes(of: UInt32(payload.count).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
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
    func read() throws(PoolChannelError) -> (header: JSONValue, payload: [UInt8])? {
        guard let headerLength = try readLength(atFrameStart: true) else { return nil }
        guard let text = try readExactly(headerLength), let payloadLength = try readLength(atFrameStart: false),
            let payload = try readExactly(payloadLength)
        else { throw .malformed("frame cut short") }
        do {
            return (try JSONValue(parsing: text), payload)
        } catch {
            throw .malformed("frame is not JSON: \(error)")
        }
    }

    func close() { Glibc.close(descriptor) }

    /// Reads a 4-byte length; `nil` at the end of the stream when it is where a frame would start.
    private func readLength(atFrameStart: Bool) throws(PoolChannelError) -> Int? {
        guard let bytes = try readExactly(4) else {
            if atFrameStart { return nil }
            throw .malformed("frame cut short")
        }
        let length = bytes.reduce(0) { $0 << 8 | Int($1) }
        guard length <= Self.maximumFrame else { throw .malformed("frame of \(length) bytes") }
        return length
    }

    /// Reads `count` bytes; `nil` when the stream ends before the first of them.
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
