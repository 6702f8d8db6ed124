import Foundation
import JSON
import Synchronization
import Testing

@testable import Celery

/// The pipes between the worker and its pool processes, over a real pipe: frames written by one side arrive whole and
/// in order on the other however the bytes are cut, and a stream that breaks off or lies about a length ends with an
/// error instead of a frame.
@Suite struct PoolPipeTests {
    /// What a reader saw: its frames and how its stream ended.
    private struct Reading: Sendable {
        var frames: [PoolFrame]
        var error: (any Error)?
    }

    /// Writes `bytes` into a fresh pipe in pieces of at most `piece` bytes, closes it, and reads it to its end.
    private func read(_ bytes: [UInt8], inPiecesOf piece: Int = .max) async throws -> Reading {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let (events, continuation) = AsyncStream.makeStream(of: Reading.self)
        let frames = Frames()
        try await PoolPipeReader.start(reading: ends[0]) { frame in
            frames.append(frame)
        } ended: { error in
            continuation.yield(Reading(frames: frames.all, error: error))
            continuation.finish()
        }
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            let written = bytes[offset..<end].withUnsafeBytes { write(ends[1], $0.baseAddress!, $0.count) }
            try #require(written > 0)
            offset += written
            if piece < .max { try await Task.sleep(for: .milliseconds(1)) }  // Let the reader see a partial frame.
        }
        close(ends[1])
        return try #require(await events.first { _ in true })
    }

    /// The bytes ``PoolPipeWriter`` writes for these frames, read back from a pipe.
    private func bytes(of frames: [PoolFrame]) throws -> [UInt8] {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writer = PoolPipeWriter(descriptor: ends[1])
        // Written beside the read below: a frame larger than the pipe's buffer blocks its writer until it is read.
        Thread {
            for frame in frames { try? writer.write(frame.header, payload: frame.payload) }
            writer.close()
        }.start()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let got = Glibc.read(ends[0], &buffer, buffer.count), got > 0 { bytes += buffer[..<got] }
        return bytes
    }

    private let sample = [
        PoolFrame(header: ["run": 1], payload: Array(#"{"body": "W10=", "headers": {}}"#.utf8)),
        PoolFrame(header: ["state": 1, "status": "PROGRESS", "meta": ["done": 0.5, "name": "Zürich 🗺"]]),
        PoolFrame(header: ["done": 1, "result": .array([1, "two", .null])]),
        PoolFrame(header: ["run": 2], payload: [UInt8](repeating: 0x41, count: 200_000)),
    ]

    @Test func framesArriveWholeAndInOrder() async throws {
        let reading = try await read(try bytes(of: sample))
        #expect(reading.error == nil)
        #expect(reading.frames.map(\.header) == sample.map(\.header))
        #expect(reading.frames.map(\.payload) == sample.map(\.payload))
    }

    @Test func framesCutIntoSmallPiecesArriveWhole() async throws {
        let written = try bytes(of: Array(sample.prefix(3)))
        let reading = try await read(written, inPiecesOf: 3)
        #expect(reading.error == nil)
        #expect(reading.frames.map(\.header) == sample.prefix(3).map(\.header))
    }

    @Test func aStreamThatBreaksOffMidFrameEndsWithAnError() async throws {
        let written = try bytes(of: Array(sample.prefix(2)))
        let reading = try await read(Array(written.dropLast(5)))
        #expect(reading.frames.map(\.header) == [sample[0].header])
        #expect("\(try #require(reading.error))".contains("frame cut short"))
    }

    @Test func anOversizedLengthOrAHeaderThatIsNotJSONEndsWithAnError() async throws {
        let oversized = try await read([0x7f, 0xff, 0xff, 0xff, 0, 0])
        #expect(oversized.frames.isEmpty)
        #expect("\(try #require(oversized.error))".contains("frame of 2147483647 bytes"))

        let garbled = try await read([0, 0, 0, 3] + Array("{x]".utf8) + [0, 0, 0, 0])
        #expect(garbled.frames.isEmpty)
        #expect("\(try #require(garbled.error))".contains("frame is not JSON"))
    }

    @Test func anEmptyStreamEndsCleanly() async throws {
        let reading = try await read([])
        #expect(reading.frames.isEmpty)
        #expect(reading.error == nil)
    }
}

/// Frames collected on the reader's event loop, read once its stream has ended.
private final class Frames: Sendable {
    private let frames = Mutex<[PoolFrame]>([])
    func append(_ frame: PoolFrame) { frames.withLock { $0.append(frame) } }
    var all: [PoolFrame] { frames.withLock { $0 } }
}
