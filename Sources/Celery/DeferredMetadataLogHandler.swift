public import Logging

/// A log handler that writes the lines swift-log's `StreamLogHandler` writes, to standard error, but renders a logger's
/// metadata only when a line is written.
///
/// `StreamLogHandler` renders all of a logger's metadata again each time an item of it changes. The worker gives
/// every task a logger with the task's id and name (``Logging/Logger/forTask(_:)``) and Hummingbird gives every
/// request one with the request's id, while most of their lines are below the log level: that rendering was a few
/// percent of the worker's and the API's CPU. Here setting metadata only stores it.
public struct DeferredMetadataLogHandler: LogHandler {
    /// Writes the lines; it holds no metadata of its own.
    private var output: StreamLogHandler
    /// The logger's metadata, kept as set and rendered into each line written.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level
    /// Metadata added to each line written (over the logger's); `LoggingSystem`'s at first.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler labelled `label` that logs at `level` and above.
    public init(label: String, level: Logger.Level) {
        self.init(output: StreamLogHandler.standardError(label: label, metadataProvider: nil), level: level)
    }

    /// A handler that writes its lines with `output` (for tests: a `StreamLogHandler` on a stream of their own).
    init(output: StreamLogHandler, level: Logger.Level) {
        self.output = output
        logLevel = level
        metadataProvider = LoggingSystem.metadataProvider
    }

    /// Makes this the handler of every logger, at `level`.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in DeferredMetadataLogHandler(label: label, level: level) }
    }

    /// One item of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the line with the metadata `StreamLogHandler` would give it: the logger's, then the provider's, then the
    /// line's own, each overriding the one before.
    public func log(event: LogEvent) {
        var event = event
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        event.metadata = merged
        output.log(event: event)
    }
}
