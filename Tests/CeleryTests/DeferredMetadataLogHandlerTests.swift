import Logging
import Synchronization
import Testing

@testable import Celery

/// The worker's and the API's log handler writes what swift-log's `StreamLogHandler` writes.
@Suite struct DeferredMetadataLogHandlerTests {
    /// Collects what a `StreamLogHandler` writes.
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var all: [Substring] { text.withLock { $0.split(separator: "\n") } }
    }

    /// The part of a line after its timestamp.
    static func withoutTimestamp(_ line: Substring) -> Substring { line.drop { $0 != " " }.dropFirst() }

    @Test func writesTheLinesStreamLogHandlerWrites() throws {
        let deferredLines = Lines()
        let streamLines = Lines()
        let provider = Logger.MetadataProvider { ["provided": "p", "shared": "from-provider"] }
        var deferred = DeferredMetadataLogHandler(
            output: StreamLogHandler(label: "test", stream: deferredLines, metadataProvider: nil), level: .info)
        deferred.metadataProvider = provider
        var stream = StreamLogHandler(label: "test", stream: streamLines, metadataProvider: provider)
        stream.logLevel = .info
        for handler in [deferred as any LogHandler, stream as any LogHandler] {
            var logger = Logger(label: "test", factory: { _ in handler })
            logger.info("bare")
            logger[metadataKey: "task"] = "t1"
            logger[metadataKey: "shared"] = "from-logger"
            logger.debug("below the level")
            logger.info("with metadata")
            logger.warning("explicit wins", metadata: ["task": "t2", "extra": "x"])
            logger.error("an error", error: CancellationError())
        }
        let written = deferredLines.all.map(Self.withoutTimestamp)
        #expect(written.count == 4)
        #expect(written == streamLines.all.map(Self.withoutTimestamp))
        #expect(written[1] == "info test: provided=p shared=from-provider task=t1 [CeleryTests] with metadata")
    }
}
