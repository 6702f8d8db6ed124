import Foundation
import JSON
import NIOCore
import NIOPosix
import Synchronization

/// One message on the pipes between the worker and a pool process: a JSON header and a payload of raw bytes, each
/// after its 4-byte big-endian length. The payload is empty but for a job, whose kombu message travels as the broker
/// held it, never re-encoded or escaped into the header.
struct PoolFrame: Sendable {
    /// Frames larger than this are refused: 1 GiB, far above any task message a broker holds.
    static let maximumLength = 1 << 30

    var header: JSONValue
    var payload: [UInt8] = []
}

/// The writing end of a pipe between the worker and a pool process. Writes block the calling thread (a frame is
/// small and the other side reads at once); they are serialized by a lock, so frames written from several threads
/// never interleave.
final class PoolPipeWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex<Void>(())

    /// Takes ownership of `descriptor`; it is closed by ``close()``.
    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Writes one frame; throws when the other side has gone.
    func write(_ header: JSONValue, payload: [UInt8] = []) throws(PoolPipeError) {
        var bytes: [UInt8] = [0, 0, 0, 0]  // the header's length, known once it is written
        bytes.reserveCapacity(128 + payload.count)
        header.write(to: &bytes, .compact)
        withUnsafeBytes(of: UInt32(bytes.count - 4).bigEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        withUnsafeBytes(of: UInt32(payload.count).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
        let failure: Int32? = lock.withLock { _ in
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

    func close() { Glibc.close(descriptor) }
}

/// The reading end of a pipe between the worker and a pool process, read on an event loop: no thread of its own
/// and no hop from one to the loop, where the frame's work (resuming a task, starting a handler) goes on.
enum PoolPipeReader {
    /// Reads the frames arriving on `descriptor` (taking ownership of it) on a loop of `group`: `received` is called
    /// on that loop for each frame in order, then `ended` once, with `nil` at the end of the stream or the error
    /// that ended it (a malformed frame, a failed read).
    ///
    /// - Throws: when the descriptor cannot be registered with the loop (it is closed then).
    static func start(
        reading descriptor: Int32,
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        received: @escaping @Sendable (PoolFrame) -> Void,
        ended: @escaping @Sendable ((any Error)?) -> Void
    ) async throws {
        do {
            _ = try await NIOPipeBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(PoolFrameDecoder()),
                            PoolFrameHandler(received: received, ended: ended))
                    }
                }
                .takingOwnershipOfDescriptor(input: descriptor).get()
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }
}

/// Cuts the bytes read from a pool pipe into ``PoolFrame``s.
private struct PoolFrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = PoolFrame

    mutating func decode(buffer: inout ByteBuffer) throws -> PoolFrame? {
        let start = buffer.readerIndex
        guard let headerLength = try length(in: buffer, at: start),
            let payloadLength = try length(in: buffer, at: start + 4 + headerLength),
            buffer.readableBytes >= 8 + headerLength + payloadLength
        else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        let header = buffer.readSlice(length: headerLength)!
        buffer.moveReaderIndex(forwardBy: 4)
        let payload = buffer.readBytes(length: payloadLength)!
        do {
            return PoolFrame(
                header: try header.withUnsafeReadableBytes { try JSONValue(parsing: $0) }, payload: payload)
        } catch {
            throw PoolPipeError.malformed("frame is not JSON: \(error)")
        }
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> PoolFrame? {
        if let frame = try decode(buffer: &buffer) { return frame }
        guard buffer.readableBytes == 0 else { throw PoolPipeError.malformed("frame cut short") }
        return nil
    }

    /// The length at `index`; `nil` when its four bytes have not all arrived.
    private func length(in buffer: ByteBuffer, at index: Int) throws(PoolPipeError) -> Int? {
        guard let length = buffer.getInteger(at: index, as: UInt32.self) else { return nil }
        guard length <= PoolFrame.maximumLength else { throw .malformed("frame of \(length) bytes") }
        return Int(length)
    }
}

/// Hands decoded frames to the reader's callbacks and reports the end of the stream once.
private final class PoolFrameHandler: ChannelInboundHandler {
    typealias InboundIn = PoolFrame

    private let received: @Sendable (PoolFrame) -> Void
    private let ended: @Sendable ((any Error)?) -> Void
    private var hasEnded = false

    init(received: @escaping @Sendable (PoolFrame) -> Void, ended: @escaping @Sendable ((any Error)?) -> Void) {
        self.received = received
        self.ended = ended
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !hasEnded else { return }
        received(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        end(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        end(nil)
    }

    private func end(_ error: (any Error)?) {
        guard !hasEnded else { return }
        hasEnded = true
        ended(error)
    }
}

/// Why a pool pipe could not carry a frame.
enum PoolPipeError: Error, CustomStringConvertible {
    case closed(errno: Int32)
    case malformed(String)

    var description: String {
        switch self {
        case .closed(let code): "pool pipe closed: \(String(cString: strerror(code)))"
        case .malformed(let reason): "malformed pool frame: \(reason)"
        }
    }
}
