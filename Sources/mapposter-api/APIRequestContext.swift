import Hummingbird
import Logging
import NIOCore

/// The request context of `mapposter-api`: Hummingbird's core storage, the peer's address, and the
/// body size limit.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The TCP peer's IP address; `nil` when unknown (router tests).
    let peerAddress: String?
    /// The largest body a handler collects, in bytes; larger ones are answered 413.
    var maxUploadSize: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        maxUploadSize = 64 * 1024
    }
}
