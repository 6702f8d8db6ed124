import NIOCore
import NIOTLS

/// What a ``RedisConnection`` writes into its channel: one or more encoded commands and the promise of
/// their replies, in order.
struct RedisRequest: Sendable {
    var bytes: ByteBuffer
    /// How many replies the request expects; 0 for commands whose replies are pushes (`SUBSCRIBE`).
    var replyCount: Int
    var promise: EventLoopPromise<[RedisValue]>?
    /// How long after the write the connection fails with a timeout if the replies have not all arrived.
    var timeout: Duration
    /// What a timeout error names: the command, or the size of the pipeline.
    var name: String
}

/// Matches Redis replies to requests in the order they were written (many requests in flight: pipelining),
/// and keeps replies no request waits for (pub/sub messages) until someone reads them. A request whose replies have
/// not all arrived by its deadline fails the connection: one timer per connection, set for the earliest deadline.
///
/// Lives on its channel's event loop; all state is touched only there.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var remaining: Int
        var replies: [RedisValue]
        let promise: EventLoopPromise<[RedisValue]>
        let deadline: NIODeadline
        let timeout: Duration
        let name: String
    }

    private let reader = HiredisReader()
    private var waiting = CircularBuffer<Waiting>()
    private var pushes = CircularBuffer<RedisValue>()
    private var pushReader: EventLoopPromise<RedisValue?>?
    private var context: ChannelHandlerContext?
    /// Set once the connection can no longer be used; every later request fails with it.
    private(set) var failure: RedisError?
    /// Succeeds once the connection can carry commands: at once, or after the TLS handshake below this
    /// handler; fails with the handshake's error.
    private(set) var ready: EventLoopFuture<Void>!
    private var handshake: EventLoopPromise<Void>?
    private let awaitsHandshake: Bool
    /// Whether a flush is already queued on the event loop (see ``flush(context:)``).
    private var flushQueued = false
    /// The timer that checks the deadlines of the requests waiting; `nil` while none is set.
    private var deadlineCheck: Scheduled<Void>?

    /// - Parameter awaitsHandshake: whether a TLS handler below this one has a handshake to finish.
    init(awaitsHandshake: Bool) {
        self.awaitsHandshake = awaitsHandshake
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            handshake?.succeed()
            handshake = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let promise = context.eventLoop.makePromise(of: Void.self)
        ready = promise.futureResult
        if awaitsHandshake { handshake = promise } else { promise.succeed() }
    }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise?.fail(failure)
            promise?.fail(failure)
            return
        }
        if let replies = request.promise {
            if request.replyCount == 0 {
                replies.succeed([])
            } else {
                let deadline = NIODeadline.now() + TimeAmount(request.timeout)
                waiting.append(
                    Waiting(
                        remaining: request.replyCount, replies: [], promise: replies, deadline: deadline,
                        timeout: request.timeout, name: request.name))
                if deadlineCheck == nil { checkDeadlines(at: deadline, context: context) }
            }
        }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    /// Flushes once per turn of the event loop: the requests written by every task that ran in this turn leave
    /// in one `write` system call (and reach Redis in one read), not in one each.
    func flush(context: ChannelHandlerContext) {
        guard !flushQueued else { return }
        flushQueued = true
        context.eventLoop.assumeIsolated().execute {
            self.flushQueued = false
            self.context?.flush()
        }
    }

    /// Sets the timer for `deadline`. When it fires, a request past its deadline fails the connection; otherwise the
    /// timer is set again for the earliest deadline still waiting (none is set while nothing waits).
    private func checkDeadlines(at deadline: NIODeadline, context: ChannelHandlerContext) {
        deadlineCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.deadlineCheck = nil
            let now = NIODeadline.now()
            if let late = self.waiting.first(where: { $0.deadline <= now }) {
                self.fail(
                    with: RedisError(code: .timeout, message: "no reply within \(late.timeout)", command: late.name))
            } else if let earliest = self.waiting.lazy.map(\.deadline).min(), let context = self.context {
                self.checkDeadlines(at: earliest, context: context)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { bytes throws(RedisError) in try reader.feed(bytes) }
            while let reply = try reader.next() { deliver(reply) }
        } catch {
            fail(with: error)
        }
    }

    private func deliver(_ reply: RedisValue) {
        guard var first = waiting.first else {
            pushes.append(reply)
            if let pushReader {
                self.pushReader = nil
                pushReader.succeed(pushes.removeFirst())
            }
            return
        }
        first.replies.append(reply)
        first.remaining -= 1
        if first.remaining == 0 {
            waiting.removeFirst()
            first.promise.succeed(first.replies)
        } else {
            waiting[waiting.startIndex] = first
        }
        // A server demoted by a failover answers READONLY from now on: drop it, so that the next
        // connection finds the new master.
        if case .error(let message) = reply, message.hasPrefix("READONLY") {
            fail(with: RedisError(code: .io, message: "server became a replica: \(message)"))
        }
    }

    /// The next pushed reply, or `nil` if none arrives before `deadline`.
    func readPush(until deadline: NIODeadline, on eventLoop: any EventLoop) -> EventLoopFuture<RedisValue?> {
        if let push = pushes.popFirst() { return eventLoop.makeSucceededFuture(push) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: RedisValue?.self)
        pushReader?.succeed(nil)
        pushReader = promise
        let timer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self, self.pushReader?.futureResult === promise.futureResult else { return }
            self.pushReader = nil
            promise.succeed(nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Fails every request in flight with `error` and closes the channel; later requests fail too.
    func fail(with error: RedisError) {
        if failure == nil { failure = error }
        handshake?.fail(failure ?? error)
        handshake = nil
        deadlineCheck?.cancel()
        deadlineCheck = nil
        while let entry = waiting.popFirst() { entry.promise.fail(error) }
        pushReader?.fail(error)
        pushReader = nil
        context?.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(with: RedisError(code: .io, message: "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(with: error as? RedisError ?? RedisError(code: .io, message: "\(error)"))
    }
}
